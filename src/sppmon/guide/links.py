"""Links to the official publication of a notice, shared by the command line, the output files and the web
app, so that every link follows the one setting ``publication_url`` (``SPPMON_PUBLICATION_URL``)."""

from __future__ import annotations

import re

from .. import settings
from ..errors import ConfigError

# OJ S publication numbers are stored as published (``00123456-2024``); TED's pages want them without the
# leading zeros (``123456-2024``).
_OJS_NUMBER = re.compile(r"^0*(\d{1,8})-(\d{4})$")


def official_url(template: str, publication_number: str | None, lang: str) -> str | None:
    """The URL of a notice published in the OJ S (TED), from its publication number (``00123456-2024`` or
    ``123456-2024``) and a template with ``{lang}`` and ``{number}``; ``None`` for notices without one (e.g.
    published only on a national platform)."""
    if not publication_number:
        return None
    match = _OJS_NUMBER.match(publication_number.strip())
    if not match:
        return None
    try:
        return template.format(lang=lang, number=f"{int(match[1])}-{match[2]}")
    except (KeyError, IndexError, ValueError):
        # a template naming other fields would fail on every notice: say which setting to fix
        raise ConfigError(f"SPPMON_PUBLICATION_URL={template!r}: use only {{lang}} and {{number}}") from None


def publication_url(publication_number: str | None, lang: str = "en", template: str | None = None) -> str | None:
    """:func:`official_url` with the configured template unless ``template`` is given."""
    return official_url(str(settings.get("publication_url", template)), publication_number, lang)
