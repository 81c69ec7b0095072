"""The fast number formatter gives exactly Babel's text for the patterns the project uses, on many values."""

from __future__ import annotations

import random
from decimal import Decimal, InvalidOperation

import pytest
from babel.numbers import format_currency, format_decimal, format_percent

from sppmon import localefmt as fmt
from sppmon.guide import texts
from sppmon.numberfmt import formatter

LOCALES = ("en_GB", "nl_BE", "fr_BE")
PLAIN = ["#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000", "#,##0.#", "#,##0.##"]


def _values(seed: int, count: int = 1500) -> list[int | float | Decimal]:
    """Values of every magnitude and sign, halves at each rounding position, ties, and the awkward ones."""
    chance = random.Random(seed)
    values: list[int | float | Decimal] = [0, 0.0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 2.675, 1.005, -0.004]
    values += [999.995, 999_999.5, 1e15, 123456789012.345, -1e-9, 4355110239.37, 10**20, Decimal("12.5")]
    values += [Decimal("-0.000"), Decimal("1E+3"), Decimal("0.00500"), True and 7, 2**53 + 1]
    for _ in range(count):
        magnitude = 10 ** chance.randint(-6, 13)
        values.append(chance.uniform(-1, 1) * magnitude)
        values.append(round(chance.uniform(-1, 1) * magnitude, chance.randint(0, 5)))
        values.append(chance.randint(-(10**12), 10**12))
        whole, places = chance.randint(0, 10**7), chance.randint(1, 4)
        values.append(Decimal(f"{whole}.{'0' * (places - 1)}5") * chance.choice((1, -1)))  # a tie at a position
        values.append(float(f"{whole}.{chance.randint(0, 9999):04d}5"))
    return values


@pytest.mark.parametrize("locale", LOCALES)
def test_plain_and_decimal_patterns_match_babel(locale: str) -> None:
    for pattern in PLAIN:
        fast = formatter(pattern, locale)
        for value in _values(len(pattern)):
            assert fast(value) == format_decimal(value, format=pattern, locale=locale), (pattern, value)


@pytest.mark.parametrize("locale", LOCALES)
def test_percent_and_currency_patterns_match_babel(locale: str) -> None:
    lang = {"en_GB": "en", "nl_BE": "nl", "fr_BE": "fr"}[locale]
    for digits in (0, 1, 2):
        percent = fmt._percent_pattern(lang, digits)
        money = fmt._currency_pattern(lang, digits)
        for value in _values(digits, 400):
            assert fmt.share(value, lang, digits) == format_percent(value, format=percent, locale=locale), value
            expected = format_currency(value, "EUR", format=money, locale=locale, currency_digits=False)
            assert fmt.money(value, lang, "EUR", digits) == expected, value
            assert fmt.money(value, lang, "USD", digits) == format_currency(
                value, "USD", format=money, locale=locale, currency_digits=False
            )


def test_the_public_functions_use_the_same_text_as_before() -> None:
    for lang, locale in (("en", "en_GB"), ("nl", "nl_BE"), ("fr", "fr_BE")):
        for value in _values(99, 200):
            assert fmt.number(value, lang, 2) == format_decimal(value, format="#,##0.00", locale=locale)
            assert fmt.decimal(value, lang) == format_decimal(value, format="#,##0.##", locale=locale)
            assert texts.number(value, lang, 3) == format_decimal(value, format="#,##0.000", locale=locale)


def test_values_off_the_fast_path_are_left_to_babel() -> None:
    for value in (float("inf"), float("-inf"), float("nan")):
        for locale in LOCALES:
            assert formatter("#,##0.00", locale)(value) == format_decimal(value, format="#,##0.00", locale=locale)
    with pytest.raises(InvalidOperation):  # beyond Decimal's 28 digits: Babel refuses it, and so does the fast path
        formatter("#,##0.00", "nl_BE")(Decimal("1E+40"))
    assert formatter("#,##0.00", "nl_BE") is formatter("#,##0.00", "nl_BE")  # read once, then cached
    # a pattern the fast path does not take (significant digits) is Babel's own
    assert formatter("@@@", "fr_BE")(1234.5) == format_decimal(1234.5, format="@@@", locale="fr_BE")
