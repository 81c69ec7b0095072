"""Links to the official publication of a notice: the library's shared builder (:mod:`sppmon.guide.links`),
so that the web pages, the command line and the output files link alike."""

from __future__ import annotations

from ..guide.links import official_url

__all__ = ["official_url"]
