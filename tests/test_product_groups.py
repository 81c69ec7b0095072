"""CPV → GPP product group crosswalk: prefix rule, longest prefix first, additional CPVs as fallback."""

from __future__ import annotations

from sppmon.enrich.product_groups import cpv_prefix, group_of_cpv, product_group, product_groups


def test_prefix_rule() -> None:
    assert cpv_prefix("30213000") == "30213"
    assert cpv_prefix("15000000") == "15"
    assert cpv_prefix("03100000") == "031"


def test_groups_of_typical_codes() -> None:
    assert group_of_cpv("30213100") == "computers"
    assert group_of_cpv("15800000") == "food-catering"  # a whole division
    assert group_of_cpv("34144900") == "road-transport"
    assert group_of_cpv("72000000") is None
    assert group_of_cpv(None) is None


def test_main_cpv_first_then_additional() -> None:
    assert product_group("72000000", ["30213100"]) == "computers"
    assert product_group("90911200", ["30213100"]) == "cleaning"
    assert product_group("72000000", ["79000000"]) is None


def test_group_metadata() -> None:
    groups = product_groups()
    assert len([g for g in groups.values() if g.status == "current"]) == 14
    assert groups["computers"].criteria_year == 2021
    assert groups["electricity"].needs_check
    assert groups["furniture"].names["nl"] == "Meubilair"
