"""Reading numbers as people type them (sppmon.amounts): Belgian, French, Dutch and English writing, money
versus other numbers, and ambiguous values refused with both readings in every language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sppmon.amounts import AMOUNT, NUMBER, AmountError, read_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("32.000", "32000"),
        ("32 000", "32000"),
        ("32\u202f000", "32000"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 32.000,00", "32000.00"),
        ("32.000 €", "32000"),
        ("EUR 1 250 000,50", "1250000.50"),
        ("450.000", "450000"),
        ("250,000", "250000"),
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("0,253", "0.253"),
        ("1234.5", "1234.5"),
        ("-3", "-3"),
        ("- € 5", "-5"),
        ("1e9", "1000000000"),
        ("2,5E-3", "0.0025"),
        ("1'250", "1250"),
    ],
)
def test_amounts_as_belgians_and_others_type_them(text: str, value: str) -> None:
    assert read_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["32.000", "250,000", "1,753", "20.000"])
def test_a_mark_before_three_digits_in_another_number_is_refused_with_both_readings(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        read_amount(text, NUMBER)
    decimal, thousands = caught.value.readings  # type: ignore[misc]
    assert thousands == decimal * 1000
    dutch = caught.value.message("nl")
    assert "decimaalteken" in dutch and "duizendtallen" in dutch
    assert "séparateur des milliers" in caught.value.message("fr")


@pytest.mark.parametrize("text", ["", "abc", "1.23.456", "12 34", "1,2,3.4.5", "3 %", "--5", "1.5.000,3"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        read_amount(text, AMOUNT)
    assert caught.value.readings is None and "is geen getal" in caught.value.message("nl")


def test_numbers_from_spreadsheets_and_parsers_pass() -> None:
    assert (
        read_amount(32000) == 32000
        and read_amount(0.1) == Decimal("0.1")
        and read_amount(Decimal("2.50")) == Decimal("2.50")
    )
    with pytest.raises(AmountError):
        read_amount(True)
    with pytest.raises(AmountError):
        read_amount("9" * 500)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_belgian_writing_reads_back(value: Decimal) -> None:
    whole, fraction = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    assert read_amount(f"{grouped},{fraction}") == value
    assert read_amount(f"€ {grouped.replace('.', ' ')},{fraction}") == value
