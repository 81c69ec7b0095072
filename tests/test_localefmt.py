"""Belgian number, share, money and date formats (Babel nl_BE, fr_BE; en_GB for English)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sppmon import localefmt as fmt

NBSP, NNBSP = "\u00a0", "\u202f"


def test_numbers_and_shares_follow_the_locale() -> None:
    assert fmt.number(1234567, "nl") == "1.234.567"
    assert fmt.number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert fmt.number(1234567, "en") == "1,234,567"
    assert fmt.number(1234.5, "nl", 2) == "1.234,50"
    assert fmt.decimal(4.345631, "fr") == "4,35" and fmt.decimal(2.0, "nl") == "2"
    assert fmt.share(0.255474, "nl") == "25,5%"
    assert fmt.share(0.255474, "fr") == f"25,5{NBSP}%"
    assert fmt.share(0.255474, "en") == "25.5%"
    assert fmt.share(0.016844, "nl", 2) == "1,68%"
    assert fmt.year(2025) == "2025"
    assert fmt.number(None, "nl") == fmt.share(None, "fr") == fmt.money(None, "en") == "–"
    assert fmt.number(True, "nl") == "True"  # a flag is not a number
    assert fmt.number(Decimal("12.5"), "nl", 1) == "12,5"


def test_money_puts_the_euro_sign_where_the_locale_does_and_never_alone() -> None:
    assert fmt.money(4355110239.37, "nl") == f"€{NBSP}4.355.110.239"
    assert fmt.money(4355110239.37, "fr") == f"4{NNBSP}355{NNBSP}110{NNBSP}239{NBSP}€"
    assert fmt.money(1234.5, "en", digits=2) == "€1,234.50"
    assert fmt.money(32000, "nl", None) == "32.000"
    for lang in fmt.LANGUAGES:
        assert " " not in fmt.money(1234567, lang)  # only no-break spaces: € never wraps


def test_dates_in_words() -> None:
    assert fmt.day(date(2026, 12, 3), "nl") == "3 december 2026"
    assert fmt.day("2026-12-03", "fr") == "3 décembre 2026"
    assert fmt.day(datetime(2026, 12, 3, 10, 0), "en") == "3 December 2026"
    assert fmt.day("not a date", "nl") == "not a date" and fmt.day(None, "nl") == "–"


def test_chart_locale_matches_the_tables() -> None:
    dutch, french = fmt.d3_format_locale("nl"), fmt.d3_format_locale("fr")
    assert (dutch["decimal"], dutch["thousands"], dutch["currency"], dutch["percent"]) == (
        ",",
        ".",
        [f"€{NBSP}", ""],
        "%",
    )
    assert (french["decimal"], french["thousands"], french["currency"]) == (",", NNBSP, ["", f"{NBSP}€"])
    assert french["percent"] == f"{NBSP}%"
    assert fmt.d3_format_locale("en")["decimal"] == "."
