"""Text language codes (eForms ISO 639-2 ``@languageID``, legacy TED as read) → the lexicon's two-letter code."""

from __future__ import annotations

# The 24 official EU languages and the EEA ones TED publishes in; both ISO 639-2 variants where they differ.
_TWO_LETTER = {
    "BUL": "bg", "CES": "cs", "CZE": "cs", "DAN": "da", "DEU": "de", "GER": "de", "ELL": "el", "GRE": "el",
    "ENG": "en", "SPA": "es", "EST": "et", "FIN": "fi", "FRA": "fr", "FRE": "fr", "GLE": "ga", "HRV": "hr",
    "HUN": "hu", "ITA": "it", "LIT": "lt", "LAV": "lv", "MLT": "mt", "NLD": "nl", "DUT": "nl", "POL": "pl",
    "POR": "pt", "RON": "ro", "RUM": "ro", "SLK": "sk", "SLO": "sk", "SLV": "sl", "SWE": "sv", "NOR": "no",
    "ISL": "is", "ICE": "is",
}  # fmt: skip


def lexicon_language(code: str | None) -> str | None:
    """``NLD`` → ``nl``; two-letter codes pass through lower-cased; ``None`` or unknown codes give ``None``."""
    if not code:
        return None
    code = code.strip()
    if len(code) == 2:
        return code.lower()
    return _TWO_LETTER.get(code.upper())
