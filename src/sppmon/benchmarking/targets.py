"""Each member state's minimum shares of clean vehicles per vehicle group and reference period (Directive (EU)
2019/1161, Annex Tables 3 and 4), read from ``data/cvd-targets.yaml`` with the source and the figures still to be
checked against the Official Journal."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..indicators.catalogue.cvd import BUSES, LIGHT_DUTY, TRUCKS

GROUPS = (LIGHT_DUTY, TRUCKS, BUSES)  # the order of the shares of a period in the data file
BUS_ZERO_EMISSION_PART = 0.5  # half of each bus target is met with zero-emission buses


@dataclass(frozen=True, slots=True)
class Target:
    clean: float
    zero_emission: float | None
    verify: bool


@dataclass(frozen=True, slots=True)
class Targets:
    source: str
    by_key: dict[tuple[str, str, str], Target]  # (country, vehicle group, period) → target
    translated_sources: tuple[tuple[str, str], ...] = ()  # (language, the source as cited in that language)

    def source_in(self, lang: str) -> str:
        return dict(self.translated_sources).get(lang, self.source)

    def get(self, country: str, group: str, period: str) -> Target | None:
        return self.by_key.get((country, group, period))


@functools.cache
def cvd_targets() -> Targets:
    import yaml

    text = resources.files("sppmon.data").joinpath("cvd-targets.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    periods = data["periods"]
    by_key: dict[tuple[str, str, str], Target] = {}
    for country, entry in data["countries"].items():
        for period, field in zip(periods, ("first", "second"), strict=True):
            for group, clean in zip(GROUPS, entry.get(field) or (), strict=False):
                zero = round(clean * BUS_ZERO_EMISSION_PART, 6) if group == BUSES else None
                by_key[(country, group, period)] = Target(float(clean), zero, bool(entry.get("verify", True)))
    translated = tuple((lang, str(data[f"source_{lang}"])) for lang in ("nl", "fr") if data.get(f"source_{lang}"))
    return Targets(str(data["source"]), by_key, translated)
