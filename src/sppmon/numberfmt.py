"""Fast number formatting with Babel's results: one number pattern, read once per locale, applied many times.

Babel's ``format_decimal``, ``format_percent`` and ``format_currency`` parse their pattern and look up the
locale's symbols on every call (about 13 µs), which dominates a table of 20,000 offers. :func:`formatter` reads
the pattern and the symbols once (cached per pattern, locale and currency) and returns a function that does the
same decimal arithmetic as Babel — the value as ``Decimal(str(value))``, scaled (percent), its sign taken before
rounding, rounded half to even to the pattern's decimals, grouped by three — so that the text is the same,
character for character (``tests/test_numberfmt.py`` compares the two on many values). A float whose shortest
form already has no more decimals than the pattern (an amount rounded to the cent) skips the decimal arithmetic:
its digits are grouped and padded as they are.

Only plain patterns take the fast path: a prefix and suffix, ``#,##0`` with groups of three, and fixed or
optional decimals (``0.00``, ``0.##``). Anything else (significant digits, exponents, other groupings), and any
value the fast path does not handle (infinite, NaN, beyond Decimal's precision) is formatted by Babel itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_decimal, get_currency_symbol, parse_pattern

Formatter = Callable[[int | float | Decimal], str]


def _literal(text: str, currency: str | None, locale: Locale) -> str:
    """A prefix or suffix as Babel writes it: the currency sign in place of ``¤``, quotes removed."""
    if currency is not None and "¤" in text:
        if "¤¤¤" in text:
            raise ValueError("currency names need the value: not on the fast path")
        text = text.replace("¤¤", currency.upper()).replace("¤", get_currency_symbol(currency, locale))
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text)


class _Pattern:
    __slots__ = (
        "decimal",
        "fixed",
        "group",
        "marks",
        "maximum",
        "minimum",
        "prefix",
        "quantum",
        "scale",
        "slow",
        "suffix",
    )

    def __init__(self, pattern: str, locale: Locale, currency: str | None, slow: Formatter) -> None:
        parsed = parse_pattern(pattern)
        if parsed.exp_prec or "@" in parsed.pattern or parsed.grouping != (3, 3) or parsed.int_prec[0] != 1:
            raise ValueError("not a plain pattern")
        symbols = locale.number_symbols["latn"]
        self.group, self.decimal = str(symbols["group"]), str(symbols["decimal"])
        self.prefix = tuple(_literal(text, currency, locale) for text in parsed.prefix)
        self.suffix = tuple(_literal(text, currency, locale) for text in parsed.suffix)
        self.scale = int(parsed.scale)
        self.minimum, self.maximum = parsed.frac_prec
        self.quantum = Decimal(1).scaleb(-self.maximum)
        self.fixed = self.minimum == self.maximum  # exactly this many decimals: Python's grouping, marks swapped
        self.marks = str.maketrans({",": self.group, ".": self.decimal})
        self.slow = slow

    def __call__(self, value: int | float | Decimal) -> str:
        if value.__class__ is float and not self.scale:
            shown = self._short_float(repr(value))
            if shown is not None:
                return shown
        if value.__class__ is float:
            number = Decimal(repr(value))  # at most 17 digits: normalising first would change nothing
            exact = False
        else:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            exact = True
        if not number.is_finite():
            return self.slow(value)
        if self.scale:
            number = number.scaleb(self.scale)
        negative = int(number.is_signed())
        try:
            rounded = (abs(number).normalize() if exact else abs(number)).quantize(self.quantum)
        except InvalidOperation:
            return self.slow(value)
        if self.fixed:
            body = format(rounded, ",f").translate(self.marks)
        else:
            whole, _, fraction = f"{rounded:f}".partition(".")
            body = f"{int(whole):,}".replace(",", self.group) + self._fraction(fraction)
        return self.prefix[negative] + body + self.suffix[negative]

    def _short_float(self, text: str) -> str | None:
        """A float whose shortest form (``repr``, what Babel reads) has no more decimals than the pattern keeps:
        nothing to round, so the digits are only grouped and padded. None for any other float."""
        if "e" in text or "n" in text:  # exponent, inf, nan
            return None
        negative = int(text[0] == "-")
        whole, _, fraction = text[negative:].partition(".")
        fraction = fraction.rstrip("0")
        if len(fraction) > self.maximum:
            return None
        fraction = fraction.ljust(self.minimum, "0")
        grouped = f"{int(whole):,}".replace(",", self.group)
        return self.prefix[negative] + grouped + (self.decimal + fraction if fraction else "") + self.suffix[negative]

    def _fraction(self, digits: str) -> str:
        if not self.maximum:
            return ""
        digits = digits.ljust(self.minimum, "0")
        if self.minimum == 0 and not digits.strip("0"):
            return ""
        while len(digits) > self.minimum and digits[-1] == "0":
            digits = digits[:-1]
        return self.decimal + digits


@functools.cache
def formatter(pattern: str, locale: str, currency: str | None = None) -> Formatter:
    """A function giving what Babel gives for ``pattern`` in ``locale`` (``currency``: the sign put for ``¤``,
    with the pattern's decimals), fast for plain patterns."""
    parsed_locale = Locale.parse(locale)

    def slow(value: int | float | Decimal) -> str:
        if currency is None:
            return format_decimal(value, format=pattern, locale=parsed_locale)
        return str(parse_pattern(pattern).apply(value, parsed_locale, currency=currency, currency_digits=False))

    try:
        return _Pattern(pattern, parsed_locale, currency, slow)
    except ValueError:
        return slow
