"""The web app's part of the hostile-input catalogue (filled in with the server hardening)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebCase:
    name: str


WEB_CASES: tuple[WebCase, ...] = ()
