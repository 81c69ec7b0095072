"""Links to the official publication of a notice."""

from __future__ import annotations

import re

_OJS_NUMBER = re.compile(r"^0*(\d{1,8})-(\d{4})$")


def official_url(template: str, publication_number: str | None, lang: str) -> str | None:
    """The URL of a notice published in the OJ S (TED), from its publication number (``00123456-2024`` or
    ``123456-2024``); ``None`` for notices without one (e.g. published only on a national platform)."""
    if not publication_number:
        return None
    match = _OJS_NUMBER.match(publication_number.strip())
    if not match:
        return None
    return template.format(lang=lang, number=f"{int(match[1])}-{match[2]}")
