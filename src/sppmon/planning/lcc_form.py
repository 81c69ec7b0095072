"""The life-cycle cost web form: flat form fields to the input mapping of :func:`~sppmon.planning.lcc_input.parse_lcc`
and back, and the place of a problem as the label of its field.

The form has a fixed number of resource slots (energy carriers or other consumables with a shared price) and
offer slots; empty slots are left out. Values are passed on as typed: the input reader reads them with
:func:`sppmon.amounts.read_amount` (``32.000``, ``1 250,50``), and rates typed in percent are passed as
``"3 %"``. A resource says how offers give its consumption (a quantity a year, a power in watts used the
offer's hours a year, an amount per 100 km or MJ per km driven the offer's km a year).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

RESOURCE_SLOTS = 3
OFFER_SLOTS = 4
BASES = ("quantity", "power_w", "per_100km", "mj_per_km")  # how a resource's consumption is given
CO2_MODES = ("none", "default", "own")  # plus the presets of the factors file
VEHICLE_FIELDS = ("co2_g_per_km", "nox_g_per_km", "nmhc_g_per_km", "pm_g_per_km")

RESOURCE_FIELDS = ("name", "basis", "unit", "price", "escalation_pct", "emission_factor")
OFFER_FIELDS = (
    "name",
    "units",
    "purchase",
    "installation",
    "service_life",
    "hours",
    "km",
    "vehicle_category",
    *VEHICLE_FIELDS,
    "maintenance",
    "maintenance_escalation_pct",
    "oneoff_year",
    "oneoff_amount",
    "oneoff_label",
    "disposal",
    "residual_value",
)
GENERAL_FIELDS = (
    "currency",
    "period_years",
    "discount_rate_pct",
    "base_year",
    "co2_mode",
    "co2_price",
    "co2_escalation_pct",
)

# input key → form field of an offer (the label key is lcc.f.<field>)
_OFFER_KEYS: dict[tuple[str, ...], str] = {
    ("name",): "name",
    ("units",): "units",
    ("purchase",): "purchase",
    ("installation",): "installation",
    ("service_life_years",): "service_life",
    ("maintenance", "annual"): "maintenance",
    ("maintenance", "escalation"): "maintenance_escalation_pct",
    ("end_of_life", "disposal"): "disposal",
    ("end_of_life", "residual_value"): "residual_value",
    ("vehicle", "category"): "vehicle_category",
    ("vehicle", "km_per_year"): "km",
    **{("vehicle", key): key for key in VEHICLE_FIELDS},
}
_ONE_OFF_KEYS = {"year": "oneoff_year", "amount": "oneoff_amount", "label": "oneoff_label"}
_GENERAL_KEYS = {
    ("period_years",): "lcc.period",
    ("discount_rate",): "lcc.discount",
    ("base_year",): "lcc.base_year",
    ("currency",): "lcc.currency",
    ("co2", "shadow_price"): "lcc.co2_price",
    ("co2", "escalation"): "lcc.co2_change",
    ("co2", "preset"): "lcc.co2_mode",
}
_RESOURCE_KEYS = {"price": "lcc.price", "escalation": "lcc.price_change", "emission_factor": "lcc.emission_factor"}


@dataclass(frozen=True, slots=True)
class FormSlots:
    """Which form slot each offer and resource of the generated input came from (to name a field at fault)."""

    offers: tuple[int, ...]
    resources: tuple[tuple[int, str, str], ...]  # (slot, name, basis)
    consumption: tuple[tuple[int, ...], ...] = ()  # per offer, the resource slot of each consumption line


def _value(form: Mapping[str, str], key: str) -> str:
    return str(form.get(key, "") or "").strip()


def _percent(form: Mapping[str, str], key: str) -> str | None:
    text = _value(form, key).rstrip("%").strip()
    return f"{text} %" if text else None


def _put(target: dict[str, Any], key: str, value: object) -> None:
    if value not in (None, ""):
        target[key] = value


def _resources(form: Mapping[str, str]) -> list[tuple[int, str, str, dict[str, Any]]]:
    """(slot, name, basis, shared price) of each filled resource slot."""
    found = []
    for slot in range(1, RESOURCE_SLOTS + 1):
        name = _value(form, f"r{slot}_name")
        if not name:
            continue
        basis = _value(form, f"r{slot}_basis") or "quantity"
        price: dict[str, Any] = {}
        _put(price, "unit", _value(form, f"r{slot}_unit"))
        _put(price, "price", _value(form, f"r{slot}_price"))
        _put(price, "escalation", _percent(form, f"r{slot}_escalation_pct"))
        _put(price, "emission_factor", _value(form, f"r{slot}_emission_factor"))
        found.append((slot, name, basis if basis in BASES else "quantity", price))
    return found


def _offer(form: Mapping[str, str], slot: int, resources: list[tuple[int, str, str, dict[str, Any]]]) -> dict[str, Any]:
    prefix = f"o{slot}_"
    offer: dict[str, Any] = {"name": _value(form, prefix + "name")}
    for key, field in (("units", "units"), ("purchase", "purchase"), ("installation", "installation")):
        _put(offer, key, _value(form, prefix + field))
    _put(offer, "service_life_years", _value(form, prefix + "service_life"))
    maintenance: dict[str, Any] = {}
    _put(maintenance, "annual", _value(form, prefix + "maintenance"))
    _put(maintenance, "escalation", _percent(form, prefix + "maintenance_escalation_pct"))
    end_of_life: dict[str, Any] = {}
    _put(end_of_life, "disposal", _value(form, prefix + "disposal"))
    _put(end_of_life, "residual_value", _value(form, prefix + "residual_value"))
    vehicle: dict[str, Any] = {}
    _put(vehicle, "category", _value(form, prefix + "vehicle_category"))
    _put(vehicle, "km_per_year", _value(form, prefix + "km"))
    for key in VEHICLE_FIELDS:
        _put(vehicle, key, _value(form, prefix + key))
    consumption = []
    for resource_slot, name, basis, _price in resources:
        amount = _value(form, f"{prefix}q{resource_slot}")
        if not amount:
            continue
        item: dict[str, Any] = {"resource": name, basis: amount}
        if basis == "power_w":
            item["hours_per_year"] = _value(form, prefix + "hours") or None
        consumption.append({key: value for key, value in item.items() if value is not None})
    one_off = {key: _value(form, prefix + field) for key, field in _ONE_OFF_KEYS.items()}
    for key, value in (("maintenance", maintenance), ("end_of_life", end_of_life), ("vehicle", vehicle)):
        if value:
            offer[key] = value
    if consumption:
        offer["consumption"] = consumption
    if one_off["amount"] or one_off["year"]:
        offer["one_off"] = [{key: value for key, value in one_off.items() if value}]
    return offer


def form_to_input(form: Mapping[str, str]) -> tuple[dict[str, Any], FormSlots]:
    """The input mapping for ``parse_lcc`` and the form slots it came from (for naming problems)."""
    data: dict[str, Any] = {"currency": _value(form, "currency") or "EUR"}
    _put(data, "period_years", _value(form, "period_years"))
    data["discount_rate"] = _percent(form, "discount_rate_pct")
    _put(data, "base_year", _value(form, "base_year"))
    mode = _value(form, "co2_mode") or ("own" if _value(form, "co2_price") else "none")
    if mode == "own":
        data["co2"] = {"shadow_price": _value(form, "co2_price") or None}
        _put(data["co2"], "escalation", _percent(form, "co2_escalation_pct"))
    elif mode != "none":
        data["co2"] = {"preset": mode}
    resources = _resources(form)
    if resources:
        data["prices"] = {name: price for _, name, _, price in resources}
    slots = tuple(slot for slot in range(1, OFFER_SLOTS + 1) if _value(form, f"o{slot}_name"))
    data["offers"] = [_offer(form, slot, resources) for slot in slots]
    used = tuple(tuple(slot for slot, *_ in resources if _value(form, f"o{offer}_q{slot}")) for offer in slots)
    return data, FormSlots(slots, tuple((slot, name, basis) for slot, name, basis, _ in resources), used)


def form_place(place: Sequence[str | int], slots: FormSlots, t: Callable[..., str]) -> str | None:
    """The label of the form field a problem's input ``place`` points to (``t`` translates message keys), or
    None when the place is not a field of the form."""
    place = tuple(place)
    if place in _GENERAL_KEYS:
        return t(_GENERAL_KEYS[place])
    if len(place) >= 2 and place[0] == "co2":
        return t("lcc.co2_mode")
    if len(place) == 3 and place[0] == "prices":
        found = next(((slot, name) for slot, name, _ in slots.resources if name == place[1]), None)
        if found and str(place[2]) in _RESOURCE_KEYS:
            return f"{t('lcc.resource_n', n=found[0], name=found[1])} — {t(_RESOURCE_KEYS[str(place[2])])}"
    if len(place) >= 2 and place[0] == "offers" and isinstance(place[1], int) and place[1] < len(slots.offers):
        offer = t("lcc.offer_n", n=slots.offers[place[1]])
        field = _offer_field(place[2:], slots.consumption[place[1]], t)
        return f"{offer} — {field}" if field else offer
    return None


def _offer_field(rest: tuple[str | int, ...], resources: tuple[int, ...], t: Callable[..., str]) -> str | None:
    if rest[:1] == ("one_off",) and len(rest) >= 3 and str(rest[2]) in _ONE_OFF_KEYS:
        return t(f"lcc.f.{_ONE_OFF_KEYS[str(rest[2])]}")
    if rest[:1] == ("consumption",) and len(rest) >= 2 and isinstance(rest[1], int) and rest[1] < len(resources):
        if len(rest) >= 3 and rest[2] == "hours_per_year":
            return t("lcc.f.hours")
        if len(rest) >= 3 and rest[2] == "km_per_year":
            return t("lcc.f.km")
        return t("lcc.f.quantity", n=resources[rest[1]])
    field = _OFFER_KEYS.get(tuple(str(part) for part in rest[:2])) or _OFFER_KEYS.get((str(rest[0]),) if rest else ())
    return t(f"lcc.f.{field}") if field else None


def input_to_form(data: Mapping[str, Any]) -> dict[str, str]:
    """Form fields prefilled from an input mapping (as read from a YAML or JSON file); what the form has no slot
    for (more resources, offers or one-off costs than slots) is left out."""
    form: dict[str, str] = {
        "currency": str(data.get("currency", "EUR")),
        "period_years": _text(data.get("period_years")),
        "discount_rate_pct": _text(_times_100(data.get("discount_rate"))),
        "base_year": _text(data.get("base_year")),
    }
    co2 = data.get("co2")
    if isinstance(co2, str):
        form["co2_mode"] = co2
    elif isinstance(co2, Mapping) and co2.get("preset"):
        form["co2_mode"] = str(co2["preset"])
    elif isinstance(co2, Mapping):
        form["co2_mode"] = "own"
        form["co2_price"] = _text(co2.get("shadow_price"))
        form["co2_escalation_pct"] = _text(_times_100(co2.get("escalation")))
    else:
        form["co2_mode"] = "none"
    slots = {}
    for slot, (name, price) in enumerate(list((data.get("prices") or {}).items())[:RESOURCE_SLOTS], start=1):
        slots[name] = slot
        form[f"r{slot}_name"] = str(name)
        form[f"r{slot}_unit"] = str(price.get("unit", ""))
        form[f"r{slot}_price"] = _text(price.get("price"))
        form[f"r{slot}_escalation_pct"] = _text(_times_100(price.get("escalation")))
        form[f"r{slot}_emission_factor"] = _text(price.get("emission_factor"))
    for slot, offer in enumerate(list(data.get("offers") or [])[:OFFER_SLOTS], start=1):
        form.update(_offer_fields(slot, offer, slots, form))
    return {key: value for key, value in form.items() if value != ""}


def _offer_fields(
    slot: int, offer: Mapping[str, Any], resource_slots: Mapping[str, int], form: dict[str, str]
) -> dict[str, str]:
    prefix = f"o{slot}_"
    maintenance = offer.get("maintenance") or {}
    end_of_life = offer.get("end_of_life") or {}
    vehicle = offer.get("vehicle") or {}
    fields = {
        prefix + "name": str(offer.get("name", "")),
        prefix + "units": _text(offer.get("units")),
        prefix + "purchase": _text(offer.get("purchase")),
        prefix + "installation": _text(offer.get("installation")),
        prefix + "service_life": _text(offer.get("service_life_years")),
        prefix + "maintenance": _text(maintenance.get("annual")),
        prefix + "maintenance_escalation_pct": _text(_times_100(maintenance.get("escalation"))),
        prefix + "disposal": _text(end_of_life.get("disposal")),
        prefix + "residual_value": _text(end_of_life.get("residual_value")),
        prefix + "vehicle_category": _text(vehicle.get("category")),
        prefix + "km": _text(vehicle.get("km_per_year")),
        **{prefix + key: _text(vehicle.get(key)) for key in VEHICLE_FIELDS},
    }
    for item in offer.get("consumption") or []:
        resource = item.get("resource")
        if resource not in resource_slots:
            continue
        slot_of = resource_slots[resource]
        basis = next((key for key in BASES if item.get(key) is not None), "quantity")
        form[f"r{slot_of}_basis"] = basis
        fields[f"{prefix}q{slot_of}"] = _text(item.get(basis))
        if item.get("hours_per_year") is not None:
            fields[prefix + "hours"] = _text(item["hours_per_year"])
        if item.get("km_per_year") is not None:
            fields[prefix + "km"] = _text(item["km_per_year"])
    for item in list(offer.get("one_off") or [])[:1]:
        fields[prefix + "oneoff_year"] = _text(item.get("year"))
        fields[prefix + "oneoff_amount"] = _text(item.get("amount"))
        fields[prefix + "oneoff_label"] = str(item.get("label", ""))
    return fields


def _times_100(value: Any) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(float(value) * 100, 6)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
