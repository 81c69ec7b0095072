"""Life-cycle cost: worked examples computed by hand, properties (hypothesis), input checks and the command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sppmon.cli import main
from sppmon.errors import CatalogedError
from sppmon.planning.lcc import compare, parse_lcc, read_lcc_file
from sppmon.planning.lcc_form import form_place, form_to_input, input_to_form
from sppmon.planning.lcc_input import MAX_ENTRIES, MAX_OFFERS
from sppmon.planning.lcc_problems import LccProblem

ROOT = Path(__file__).resolve().parent.parent


def _input(offers: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    return {"period_years": 2, "discount_rate": 0.05, "offers": offers, **top}


def test_worked_example_escalation_maintenance_one_off_and_end_of_life() -> None:
    # 3 years at 10 %; maintenance 100 a year rising 10 % → 100/1.1 + 110/1.21 + 121/1.331 = 3 × 90.9091 = 272.7273
    # one-off 500 in year 2 → 500 / 1.21 = 413.2231; disposal 50, residual 250 at year 3 → -200 / 1.331 = -150.2630
    # installation 200 undiscounted; total = 2,000 + 200 + 272.7273 + 413.2231 - 150.2630 = 2,735.6874
    data = parse_lcc(
        {
            "period_years": 3,
            "discount_rate": 0.10,
            "offers": [
                {
                    "name": "B",
                    "purchase": 2000,
                    "installation": 200,
                    "maintenance": {"annual": 100, "escalation": 0.10},
                    "one_off": [{"year": 2, "amount": 500}],
                    "end_of_life": {"disposal": 50, "residual_value": 250},
                }
            ],
        }
    )
    (result,) = compare(data)
    assert result.maintenance == pytest.approx(272.7273, abs=1e-4)
    assert result.one_off == pytest.approx(413.2231, abs=1e-4)
    assert result.end_of_life == pytest.approx(-150.2630, abs=1e-4)
    assert result.total == pytest.approx(2735.6874, abs=1e-4)


def test_shared_prices_and_ranking_with_ties() -> None:
    data = parse_lcc(
        _input(
            [
                {"name": "cheap to buy", "purchase": 100, "consumption": [{"resource": "power", "quantity": 1000}]},
                {"name": "efficient", "purchase": 300, "consumption": [{"resource": "power", "quantity": 100}]},
                {"name": "efficient twin", "purchase": 300, "consumption": [{"resource": "power", "quantity": 100}]},
            ],
            prices={"power": {"price": 0.3, "unit": "kWh"}},
        )
    )
    ranked = compare(data)
    assert [r.offer for r in ranked] == ["efficient", "efficient twin", "cheap to buy"]
    assert [r.rank for r in ranked] == [1, 1, 3]


money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0, max_value=0.2, allow_nan=False, allow_infinity=False)


@st.composite
def offers(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": "offer",
        "purchase": draw(money),
        "installation": draw(money),
        "consumption": [
            {
                "resource": "energy",
                "quantity": draw(st.floats(min_value=0, max_value=1e5)),
                "price": draw(st.floats(min_value=0, max_value=10)),
                "escalation": draw(rates),
                "emission_factor": draw(st.floats(min_value=0, max_value=2)),
            }
        ],
        "maintenance": {"annual": draw(money), "escalation": draw(rates)},
        "end_of_life": {"disposal": draw(money), "residual_value": draw(money)},
    }


@settings(max_examples=200, deadline=None)
@given(offer=offers(), years=st.integers(min_value=1, max_value=30))
def test_zero_discount_and_no_escalation_is_the_plain_sum(offer: dict[str, Any], years: int) -> None:
    offer["consumption"][0]["escalation"] = 0.0
    offer["maintenance"]["escalation"] = 0.0
    (result,) = compare(parse_lcc({"period_years": years, "discount_rate": 0.0, "offers": [offer]}))
    use = offer["consumption"][0]
    plain = (
        offer["purchase"]
        + offer["installation"]
        + years * (use["quantity"] * use["price"] + offer["maintenance"]["annual"])
        + offer["end_of_life"]["disposal"]
        - offer["end_of_life"]["residual_value"]
    )
    assert result.total == pytest.approx(plain, rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(offer=offers(), rate=rates, years=st.integers(min_value=1, max_value=30), rise=st.floats(0.001, 5))
def test_lcc_grows_with_the_energy_price(offer: dict[str, Any], rate: float, years: int, rise: float) -> None:
    base = {"period_years": years, "discount_rate": rate, "offers": [offer]}
    (before,) = compare(parse_lcc(base))
    offer["consumption"][0]["price"] += rise
    (after,) = compare(parse_lcc(base))
    assert after.total >= before.total
    if offer["consumption"][0]["quantity"] > 0:
        assert after.total > before.total or after.total == pytest.approx(before.total)


@settings(max_examples=100, deadline=None)
@given(offer=offers(), rate=st.floats(0.001, 0.2), years=st.integers(min_value=1, max_value=30))
def test_discounting_never_raises_future_costs(offer: dict[str, Any], rate: float, years: int) -> None:
    offer["end_of_life"]["residual_value"] = 0.0
    (undiscounted,) = compare(parse_lcc({"period_years": years, "discount_rate": 0.0, "offers": [offer]}))
    (discounted,) = compare(parse_lcc({"period_years": years, "discount_rate": rate, "offers": [offer]}))
    assert discounted.total <= undiscounted.total + 1e-6


@pytest.mark.parametrize(
    ("data", "place"),
    [
        ({"discount_rate": 0.04, "offers": [{"name": "a", "purchase": 1}]}, "period_years"),
        ({"period_years": 2.5, "discount_rate": 0.04, "offers": [{"name": "a", "purchase": 1}]}, "period_years"),
        ({"period_years": 5, "discount_rate": 0.04, "offers": []}, "offers"),
        ({"period_years": 5, "discount_rate": 0.04, "offers": [{"name": "a", "purchase": -1}]}, "offers[0].purchase"),
        (
            {
                "period_years": 5,
                "discount_rate": 0.04,
                "offers": [{"name": "a", "purchase": 1, "consumption": [{"resource": "x", "quantity": 1}]}],
            },
            "offers[0].consumption[0].price",
        ),
        (
            {
                "period_years": 5,
                "discount_rate": 0.04,
                "offers": [{"name": "a", "purchase": 1, "one_off": [{"year": 9, "amount": 1}]}],
            },
            "offers[0].one_off[0].year",
        ),
        ({"period_years": 5, "discount_rate": "four", "offers": [{"name": "a", "purchase": 1}]}, "discount_rate"),
        ({"period_years": 5, "discount_rate": 0.04, "offers": [{"name": "a", "purchase": 1}] * 2}, "offers[1].name"),
    ],
)
def test_invalid_inputs_name_their_place(data: dict[str, Any], place: str) -> None:
    with pytest.raises(CatalogedError) as caught:
        parse_lcc(data)
    assert caught.value.code == "LCC_INVALID_INPUT"
    assert caught.value.message.startswith(f"{place}:")


def test_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "offers.yaml"
    broken.write_text("offers: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogedError) as caught:
        read_lcc_file(broken)
    assert caught.value.code == "LCC_UNREADABLE" and "offers.yaml:" in caught.value.message
    bad_json = tmp_path / "offers.json"
    bad_json.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogedError):
        read_lcc_file(bad_json)


def test_lcc_command_on_the_documented_example(tmp_path: Path) -> None:
    example = ROOT / "docs" / "examples" / "lcc-laptops.yaml"
    runner = CliRunner()
    text = runner.invoke(main, ["lcc", str(example)])
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[1].startswith("1. Durable laptop")
    data = json.loads(runner.invoke(main, ["lcc", str(example), "--format", "json"]).output)
    assert data["offers"][0]["rank"] == 1 and data["offers"][0]["co2_cost"] > 0
    as_json = tmp_path / "same.json"
    import yaml

    as_json.write_text(json.dumps(yaml.safe_load(example.read_text(encoding="utf-8"))), encoding="utf-8")
    again = json.loads(runner.invoke(main, ["lcc", str(as_json), "--format", "json"]).output)
    assert again == data
    csv_out = runner.invoke(main, ["lcc", str(example), "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("rank,offer,total")
    bad = tmp_path / "bad.yaml"
    bad.write_text("period_years: 0\ndiscount_rate: 0\noffers: []\n", encoding="utf-8")
    failed = runner.invoke(main, ["lcc", str(bad)])
    assert failed.exit_code == 3 and "LCC_INVALID_INPUT" in failed.output


def test_form_round_trip_keeps_the_result_of_the_input_file() -> None:
    import yaml

    data = yaml.safe_load((ROOT / "docs" / "examples" / "lcc-laptops.yaml").read_text())
    form = input_to_form(data)
    rebuilt, slots = form_to_input(form)
    assert slots.offers == (1, 2)
    assert compare(parse_lcc(rebuilt)) == compare(parse_lcc(data))


def test_form_problems_name_the_form_field_in_the_page_language() -> None:
    from sppmon.guide import texts

    form = {"period_years": "5", "discount_rate_pct": "3", "o2_name": "B", "o2_purchase": "1", "o2_oneoff_amount": "50"}
    data, slots = form_to_input(form)
    with pytest.raises(LccProblem) as caught:
        parse_lcc(data)
    assert caught.value.place == ("offers", 0, "one_off", 0, "year")

    def dutch(key: str, **values: object) -> str:
        return texts.text(key, "nl", **values)

    place = form_place(caught.value.place, slots, dutch)
    assert place == "Offerte 2 — Eenmalige kost: jaar"
    assert caught.value.message_in("nl", place) == "Offerte 2 — Eenmalige kost: jaar: ontbreekt"


def test_long_lists_are_refused_before_any_work() -> None:
    offers = [{"name": f"o{index}", "purchase": 1} for index in range(MAX_OFFERS + 1)]
    with pytest.raises(CatalogedError, match="offers"):
        parse_lcc(_input(offers))
    shared = [{"resource": "gas", "quantity": 1, "price": 1}] * 1000  # as YAML aliases would repeat them
    repeated = [{"name": f"o{index}", "purchase": 1, "consumption": shared} for index in range(MAX_ENTRIES // 1000 + 1)]
    with pytest.raises(CatalogedError, match="list entries in the whole input"):
        parse_lcc(_input(repeated))
