"""Text evidence of green, social and innovative procurement in notice texts (see ``docs/detection.md``)."""

from __future__ import annotations

from .detector import default_matcher, detect_notice

__all__ = ["default_matcher", "detect_notice"]
