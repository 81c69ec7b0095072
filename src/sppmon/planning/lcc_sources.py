"""The sentences that name where the reference values an LCC input used come from — the Clean Vehicles
Directive's lifetime mileages and pollutant costs, the fuels' energy contents — as the result names the source
of its CO2 price; in English, Dutch or French, for the command line and the page alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import localefmt
from ..guide import texts
from .factors import localized

POLLUTANT_NAMES = {"nox": "NOx", "nmhc": "NMHC", "pm": "PM"}


def _value(entry: Mapping[str, Any], lang: str) -> str:
    kind, name, value = entry["kind"], entry["id"], entry["value"]
    if kind == "mileage":
        return texts.text("lcc.factor.mileage", lang, id=name, value=localefmt.number(value, lang))
    if kind == "pollutant":
        shown = localefmt.decimal(value, lang, 6)
        return texts.text("lcc.factor.pollutant", lang, id=POLLUTANT_NAMES.get(name, name), value=shown)
    shown = localefmt.decimal(value, lang, 3)
    return texts.text(f"lcc.factor.{kind}", lang, id=name, value=shown, unit=entry["unit"])


def factor_sentences(sources: Iterable[Mapping[str, Any]], lang: str) -> list[tuple[str, str]]:
    """(sentence, link to the source) for each source of ``results_as_dict(...)["factor_sources"]``."""
    found = []
    for entry in sources:
        source = entry["source"]
        sentence = texts.text(
            "lcc.factor_sources",
            lang,
            values="; ".join(_value(value, lang) for value in entry["values"]),
            source=localized(source, "title", lang),
            publisher=localized(source, "publisher", lang),
            source_year=source["year"],
            reference=localized(source, "reference", lang),
        )
        if entry["verify"]:
            sentence += f" ({texts.text('lcc.verify', lang)})"
        found.append((sentence, str(source["url"])))
    return found
