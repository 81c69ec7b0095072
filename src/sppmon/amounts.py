"""Numbers as people type them: ``32.000``, ``32 000``, ``1.234,56``, ``€ 32.000,00`` or ``1,250.50``.

One function, :func:`read_amount`, reads a number written with a decimal comma or point and with dots, commas,
spaces or apostrophes between the thousands, as Belgian, French, Dutch and English users write them; it is
used by the life-cycle cost form and input files and by the purchase plans, and meant for any other place
where people type numbers. The rules, in order:

1. A currency sign or code (``€``, ``EUR``) before or after the number and spaces around it are ignored; a
   leading ``-`` (or ``−``) makes the number negative; ``1e9`` and ``2,5E-3`` are read as scientific notation.
2. Spaces (also no-break and narrow no-break spaces) and apostrophes only ever separate thousands.
3. When both ``.`` and ``,`` appear, the last one is the decimal mark and the other separates thousands
   (``1.234,56`` and ``1,234.56`` are both 1234.56).
4. A mark that appears more than once separates thousands (``1.234.567``).
5. A single mark followed by anything else than exactly three digits is the decimal mark (``12,5``,
   ``0,253``, ``1234.5``).
6. A single mark followed by exactly three digits, after one to three digits that do not start with 0
   (``32.000``, ``250,000``, ``1,753``), can be read two ways. For an **amount** of money (``kind="amount"``)
   it separates thousands, because money has at most two decimals: ``32.000`` and ``250,000`` are thirty-two
   and two hundred and fifty thousand in every language. For any other **number** (``kind="number"``: prices
   per unit, quantities, factors) both readings are plausible (a diesel price of ``1,753`` per litre, or
   ``20.000`` km a year): the value is refused with a message that shows both readings and how to write
   either, never guessed.

Thousands groups are checked: ``1.23.456`` or ``12 34`` are not numbers. The result is a :class:`Decimal`,
exact as typed. Problems raise :class:`AmountError`, whose :meth:`AmountError.message` says what is wrong in
English, Dutch or French (message keys ``amounts.*``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from . import messages
from .numberfmt import formatter

AMOUNT = "amount"  # money: a mark before exactly three digits separates thousands
NUMBER = "number"  # anything else: such a mark is ambiguous and refused
KINDS = (AMOUNT, NUMBER)

_LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}
_GROUP_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]+")
_CURRENCY = re.compile(r"^(?:€|eur(?:os?)?\b)\s*|\s*(?:€|eur(?:os?)?)$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^(\d+(?:[.,]\d+)?)[eE]([+-]?\d{1,4})$")
_PLAIN = re.compile(r"^[\d.,\s\u00a0\u202f\u2009'’]+$")
_FIRST_GROUP = re.compile(r"^[1-9]\d{0,2}$")
MAX_CHARACTERS = 100  # a typed number is short; longer text is refused before any work


class AmountError(ValueError):
    """A text that is not a number, or that can be read as two different numbers (``readings``)."""

    def __init__(self, text: str, readings: tuple[Decimal, Decimal] | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.readings = readings

    @property
    def ambiguous(self) -> bool:
        return self.readings is not None

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (en, nl or fr)."""
        catalogue = messages.catalogue()
        lang = lang if lang in _LOCALES else "en"
        if self.readings is None:
            return catalogue["amounts.not_a_number"][lang].format(text=self.text)
        decimal, thousands = self.readings
        return catalogue["amounts.ambiguous"][lang].format(
            text=self.text,
            decimal=_shown(decimal, lang),
            thousands=_shown(thousands, lang),
            decimal_hint=_decimal_hint(decimal, lang),
            thousands_hint=f"{thousands:f}",
        )

    def __str__(self) -> str:
        return self.message("en")


def read_amount(value: object, kind: str = AMOUNT) -> Decimal:
    """The number ``value`` (text as typed, or a number from a spreadsheet or a parser) as a Decimal; raises
    :class:`AmountError`. ``kind`` is :data:`AMOUNT` for money and :data:`NUMBER` for other numbers (see the
    module's rule 6)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if isinstance(value, bool):
        raise AmountError(str(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value)
    if len(text) > MAX_CHARACTERS:
        raise AmountError(text[:MAX_CHARACTERS] + "…")
    return _read_text(text.strip(), kind)


def _read_text(text: str, kind: str) -> Decimal:
    body = _CURRENCY.sub("", text).strip()
    sign = ""
    if body[:1] in ("-", "−", "+"):
        sign = "-" if body[0] != "+" else ""
        body = _CURRENCY.sub("", body[1:].strip()).strip()
    if not body:
        raise AmountError(text)
    scientific = _SCIENTIFIC.match(body)
    if scientific:
        return _decimal(f"{sign}{scientific[1].replace(',', '.')}E{scientific[2]}", text)
    if not _PLAIN.match(body) or (not body[0].isdigit() and body[0] not in ".,"):
        raise AmountError(text)
    spaced = bool(_GROUP_SPACES.search(body))
    compact = _GROUP_SPACES.sub(" ", body)
    whole, fraction = _split(compact, spaced, kind, text)
    digits = _grouped_digits(whole, text)
    return _decimal(f"{sign}{digits or '0'}{'.' + fraction if fraction else ''}", text)


def _split(compact: str, spaced: bool, kind: str, text: str) -> tuple[str, str]:
    """(integer part with its group separators, decimal digits) by rules 3 to 6."""
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        mark = "." if compact.rindex(".") > compact.rindex(",") else ","
        if compact.count(mark) > 1:
            raise AmountError(text)
        whole, fraction = compact.rsplit(mark, 1)
        return whole.replace("," if mark == "." else ".", " "), _fraction(fraction, text)
    mark = "." if dots else "," if commas else ""
    if not mark:
        return compact, ""
    if compact.count(mark) > 1:
        return compact.replace(mark, " "), ""
    whole, fraction = compact.split(mark)
    if len(fraction) == 3 and fraction.isdigit() and not spaced and _FIRST_GROUP.match(whole):
        if kind == AMOUNT:
            return f"{whole} {fraction}", ""
        raise AmountError(text, (Decimal(f"{whole}.{fraction}"), Decimal(whole + fraction)))
    return whole, _fraction(fraction, text)


def _fraction(fraction: str, text: str) -> str:
    if not fraction.isdigit():
        raise AmountError(text)
    return fraction


def _grouped_digits(whole: str, text: str) -> str:
    """The digits of an integer part whose groups (split by spaces) are 1–3 digits, then exactly 3."""
    groups = whole.split()
    if not groups:
        return ""
    if len(groups) > 1 and (
        not re.fullmatch(r"\d{1,3}", groups[0]) or any(not re.fullmatch(r"\d{3}", group) for group in groups[1:])
    ):
        raise AmountError(text)
    joined = "".join(groups)
    if not joined.isdigit():
        raise AmountError(text)
    return joined


def _decimal(literal: str, text: str) -> Decimal:
    try:
        value = Decimal(literal)
    except InvalidOperation:
        raise AmountError(text) from None
    if not value.is_finite():
        raise AmountError(text)
    return value


def _shown(value: Decimal, lang: str) -> str:
    """A reading written unambiguously in ``lang``: thousands with a (narrow) space, decimals with its mark."""
    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    shown = formatter(pattern, _LOCALES[lang])(value)
    return shown.replace(".", "\u202f") if lang == "nl" else shown.replace(",", "\u202f") if lang == "en" else shown


def _decimal_hint(value: Decimal, lang: str) -> str:
    """How to type the decimal reading so that it is no longer ambiguous: with a fourth decimal."""
    if value == value.to_integral_value():
        return f"{value:.0f}"
    mark = "." if lang == "en" else ","
    return f"{value:f}0".replace(".", mark)
