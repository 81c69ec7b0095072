"""Folding texts and terms alike for matching: lower case, accents removed, hyphens and dashes as spaces, curly
apostrophes straight.

The folding maps character for character, so positions in the folded text are positions in the original. It is
defined by a per-character table (:data:`_TABLE_LIST`); the fast paths below give exactly what that table gives,
only quicker: a text that fits into a single-byte code page (Latin-1, the Windows pages of Central and Eastern
Europe, Greek, Cyrillic …) is encoded, mapped by a byte table and decoded — all in C, about ten times faster than
a table lookup per character.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = "-‐‑‒–—_\u00a0\u2009\u202f\t\n\r"
_APOSTROPHES = "’‘`´"
# The code pages tried, most frequent texts first: Western Europe (Latin-1, then Windows-1252 for its "€", "œ",
# "…" and curly quotes), Central Europe, Romanian (comma-below ș ț), Cyrillic, Greek, the Baltic, Maltese.
CODE_PAGES = ("latin-1", "cp1252", "cp1250", "iso8859_16", "cp1251", "cp1253", "cp1257", "iso8859_3")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2200):
        char = chr(code)
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(part for part in decomposed if not unicodedata.combining(part)).lower()
        if len(base) == 1 and base != char:
            table[code] = base
    for char in _SPACES:
        table[ord(char)] = " "
    for char in _APOSTROPHES:
        table[ord(char)] = "'"
    return table


_TABLE = _fold_table()
# The same mapping as a list indexed by code point: str.translate looks a list up about twice as fast as a dict;
# code points beyond it raise IndexError, which translate reads as "unchanged".
_TABLE_LIST: list[int | str] = [_TABLE.get(code, code) for code in range(max(_TABLE) + 1)]


def fold_per_character(text: str) -> str:
    """The folding by definition, one table lookup per character (the slow path)."""
    folded = text.translate(_TABLE_LIST).lower()
    if len(folded) != len(text):  # a few characters (e.g. "İ") lower-case into two
        folded = "".join(low if len(low := char.lower()) == 1 else char for char in text.translate(_TABLE_LIST))
    return folded


def _byte_table(code_page: str) -> tuple[bytes, str]:
    """The folding of one code page as a byte table, and the characters of the page whose folded form lies outside
    it (Latin-1's micro sign folds to a Greek mu): a text holding one of those takes another path."""
    table = bytearray(range(256))
    beyond = ""
    for code in range(256):
        try:
            char = bytes([code]).decode(code_page)
        except UnicodeDecodeError:  # a byte the page leaves undefined never comes out of encoding a text
            continue
        folded = fold_per_character(char)
        try:
            encoded = folded.encode(code_page)
        except UnicodeEncodeError:
            encoded = b""
        if len(encoded) == 1 and char.encode(code_page) == bytes([code]):
            table[code] = encoded[0]
        else:
            beyond += char
    return bytes(table), beyond


def _page(code_page: str) -> tuple[str, bytes, re.Pattern[str] | None]:
    """A code page's name, byte table and a pattern finding the characters the table cannot fold (if any)."""
    table, beyond = _byte_table(code_page)
    return code_page, table, re.compile(f"[{re.escape(beyond)}]") if beyond else None


_PAGES = tuple(_page(code_page) for code_page in CODE_PAGES)
# Dashes, thin spaces and curly apostrophes lie beyond most code pages but are common in French and Dutch texts;
# replaced by what they fold to (one character each) first, such texts take a byte table too.
_WIDE_PUNCTUATION = tuple((char, _TABLE[ord(char)]) for char in _SPACES + _APOSTROPHES if ord(char) > 0xFF)


def fold(text: str) -> str:
    """``text`` lower-cased without accents, dashes as spaces; always the same length as ``text``."""
    narrowed = text
    if not text.isascii():
        for char, plain in _WIDE_PUNCTUATION:
            if char in narrowed:
                narrowed = narrowed.replace(char, plain)
    for page, table, beyond in _PAGES:
        try:
            encoded = narrowed.encode(page)
        except UnicodeEncodeError:
            continue
        if beyond is None or not beyond.search(narrowed):
            return encoded.translate(table).decode(page)
    return fold_per_character(text)
