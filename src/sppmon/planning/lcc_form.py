"""The life-cycle cost web form: flat form fields to the input mapping of :func:`~sppmon.planning.lcc.parse_lcc`
and back.

The form has a fixed number of resource slots (energy carriers or other consumables with a shared price) and
offer slots; empty slots are left out. Rates are entered in percent; numbers may use a decimal comma and
spaces between thousands, as Belgian users type them. Problems name the form field in words ("offer 2,
purchase"), never a path of the input file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import CatalogedError

RESOURCE_SLOTS = 3
OFFER_SLOTS = 4

RESOURCE_FIELDS = ("name", "unit", "price", "escalation_pct", "emission_factor")
OFFER_FIELDS = (
    "name",
    "purchase",
    "installation",
    "maintenance",
    "maintenance_escalation_pct",
    "oneoff_year",
    "oneoff_amount",
    "oneoff_label",
    "disposal",
    "residual_value",
)
GENERAL_FIELDS = ("currency", "period_years", "discount_rate_pct", "co2_price", "co2_escalation_pct")

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_OFFER_PLACE = re.compile(r"offers\[(\d+)\](\.?)")


def _fail(place: str, message: str) -> CatalogedError:
    return CatalogedError("LCC_INVALID_INPUT", f"{place}: {message}")


def parse_number(text: str, place: str) -> float:
    """'1 250,50', '1.250,50', '1,250.50' and '1250.5' are all 1250.5; the last separator is the decimal one."""
    cleaned = _SPACES.sub("", text)
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rindex(",") > cleaned.rindex(".") else "."
        thousands = "." if decimal == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise _fail(place, f"{text!r} is not a number") from None


def _value(form: Mapping[str, str], key: str) -> str:
    return str(form.get(key, "") or "").strip()


def _number(form: Mapping[str, str], key: str, place: str, default: float | None = None) -> float | None:
    text = _value(form, key)
    return parse_number(text, place) if text else default


def _percent(form: Mapping[str, str], key: str, place: str) -> float:
    value = _number(form, key, place, 0.0)
    assert value is not None
    return value / 100.0


def _resources(form: Mapping[str, str]) -> list[tuple[int, str, dict[str, Any]]]:
    """(slot, name, shared price) of each filled resource slot."""
    found: list[tuple[int, str, dict[str, Any]]] = []
    for slot in range(1, RESOURCE_SLOTS + 1):
        name = _value(form, f"r{slot}_name")
        if not name:
            continue
        place = f"resource {slot} ({name})"
        if any(name == other for _, other, _ in found):
            raise _fail(place, "another resource has the same name")
        price = {
            "unit": _value(form, f"r{slot}_unit") or "unit",
            "price": _number(form, f"r{slot}_price", f"{place}, price"),
            "escalation": _percent(form, f"r{slot}_escalation_pct", f"{place}, price change"),
            "emission_factor": _number(form, f"r{slot}_emission_factor", f"{place}, emission factor", 0.0),
        }
        found.append((slot, name, price))
    return found


def _offer(form: Mapping[str, str], slot: int, resources: list[tuple[int, str, dict[str, Any]]]) -> dict[str, Any]:
    prefix, place = f"o{slot}_", f"offer {slot}"
    offer: dict[str, Any] = {
        "name": _value(form, prefix + "name"),
        "purchase": _number(form, prefix + "purchase", f"{place}, purchase"),
        "installation": _number(form, prefix + "installation", f"{place}, installation", 0.0),
        "maintenance": {
            "annual": _number(form, prefix + "maintenance", f"{place}, maintenance", 0.0),
            "escalation": _percent(form, prefix + "maintenance_escalation_pct", f"{place}, maintenance change"),
        },
        "end_of_life": {
            "disposal": _number(form, prefix + "disposal", f"{place}, disposal", 0.0),
            "residual_value": _number(form, prefix + "residual_value", f"{place}, residual value", 0.0),
        },
        "consumption": [],
        "one_off": [],
    }
    for resource_slot, name, _ in resources:
        quantity = _number(form, f"{prefix}q{resource_slot}", f"{place}, {name} per year")
        if quantity is not None:
            offer["consumption"].append({"resource": name, "quantity": quantity})
    amount = _number(form, prefix + "oneoff_amount", f"{place}, one-off amount")
    if amount is not None:
        year = _number(form, prefix + "oneoff_year", f"{place}, one-off year")
        if year is None:
            raise _fail(f"{place}, one-off year", "missing (the year in which the one-off cost falls)")
        offer["one_off"].append({"year": year, "amount": amount, "label": _value(form, prefix + "oneoff_label")})
    return offer


def form_to_input(form: Mapping[str, str]) -> tuple[dict[str, Any], list[int]]:
    """The input mapping for ``parse_lcc`` and the form slot of each offer in it (for naming problems)."""
    data: dict[str, Any] = {
        "currency": _value(form, "currency") or "EUR",
        "period_years": _number(form, "period_years", "analysis period"),
        "discount_rate": _percent(form, "discount_rate_pct", "discount rate"),
    }
    co2_price = _number(form, "co2_price", "CO2 price")
    if co2_price is not None:
        data["co2"] = {"shadow_price": co2_price, "escalation": _percent(form, "co2_escalation_pct", "CO2 change")}
    resources = _resources(form)
    data["prices"] = {name: price for _, name, price in resources}
    slots = [slot for slot in range(1, OFFER_SLOTS + 1) if _value(form, f"o{slot}_name")]
    data["offers"] = [_offer(form, slot, resources) for slot in slots]
    return data, slots


def name_offer_places(message: str, slots: list[int]) -> str:
    """Rewrite ``offers[0].purchase`` in a message of ``parse_lcc`` as ``offer 2, purchase`` (the form's slot)."""

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(slots):
            return match.group(0)
        return f"offer {slots[index]}" + (", " if match.group(2) else "")

    return _OFFER_PLACE.sub(replace, message)


def input_to_form(data: Mapping[str, Any]) -> dict[str, str]:
    """Form fields prefilled from an input mapping (as read from a YAML or JSON file); what the form has no slot
    for (more resources, offers or one-off costs than slots) is left out."""
    form: dict[str, str] = {
        "currency": str(data.get("currency", "EUR")),
        "period_years": _text(data.get("period_years")),
        "discount_rate_pct": _text(_times_100(data.get("discount_rate"))),
    }
    co2 = data.get("co2") or {}
    if co2:
        form["co2_price"] = _text(co2.get("shadow_price"))
        form["co2_escalation_pct"] = _text(_times_100(co2.get("escalation")))
    slots = {}
    for slot, (name, price) in enumerate(list((data.get("prices") or {}).items())[:RESOURCE_SLOTS], start=1):
        slots[name] = slot
        form[f"r{slot}_name"] = str(name)
        form[f"r{slot}_unit"] = str(price.get("unit", ""))
        form[f"r{slot}_price"] = _text(price.get("price"))
        form[f"r{slot}_escalation_pct"] = _text(_times_100(price.get("escalation")))
        form[f"r{slot}_emission_factor"] = _text(price.get("emission_factor"))
    for slot, offer in enumerate(list(data.get("offers") or [])[:OFFER_SLOTS], start=1):
        form.update(_offer_fields(slot, offer, slots))
    return {key: value for key, value in form.items() if value != ""}


def _offer_fields(slot: int, offer: Mapping[str, Any], resource_slots: Mapping[str, int]) -> dict[str, str]:
    prefix = f"o{slot}_"
    maintenance = offer.get("maintenance") or {}
    end_of_life = offer.get("end_of_life") or {}
    fields = {
        prefix + "name": str(offer.get("name", "")),
        prefix + "purchase": _text(offer.get("purchase")),
        prefix + "installation": _text(offer.get("installation")),
        prefix + "maintenance": _text(maintenance.get("annual")),
        prefix + "maintenance_escalation_pct": _text(_times_100(maintenance.get("escalation"))),
        prefix + "disposal": _text(end_of_life.get("disposal")),
        prefix + "residual_value": _text(end_of_life.get("residual_value")),
    }
    for item in offer.get("consumption") or []:
        if item.get("resource") in resource_slots:
            fields[f"{prefix}q{resource_slots[item['resource']]}"] = _text(item.get("quantity"))
    one_off = list(offer.get("one_off") or [])[:1]
    for item in one_off:
        fields[prefix + "oneoff_year"] = _text(item.get("year"))
        fields[prefix + "oneoff_amount"] = _text(item.get("amount"))
        fields[prefix + "oneoff_label"] = str(item.get("label", ""))
    return fields


def _times_100(value: Any) -> float | None:
    return None if value is None else round(float(value) * 100, 6)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
