"""CPV → EU GPP product group crosswalk (data file ``data/cpv_product_groups.tsv``).

Matching rule: each listed code is cut to its CPV hierarchy level by stripping trailing zeros (``30213000`` →
``30213``, ``15000000`` → ``15``) and prefix-matched against a lot's CPV codes. The longest prefix wins, so a
specific group beats a broad one; a row of the group ``-`` is an exception (its codes belong to no group
although a shorter prefix claims them). A lot falls in a group through its main CPV (BT-262) or, failing that,
any additional CPV (BT-263). This gives the denominator of GPP uptake among relevant lots; it is not evidence
that GPP criteria were applied.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class ProductGroup:
    group: str
    criteria_year: int
    status: str  # "current" or "outdated"
    needs_check: bool  # criteria year not yet verified against the Commission's pages
    names: dict[str, str]  # en / nl / fr


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("sppmon.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"))


@functools.cache
def product_groups() -> dict[str, ProductGroup]:
    return {
        row["group"]: ProductGroup(
            row["group"],
            int(row["criteria_year"]),
            row["status"],
            row["check"] == "verify",
            {"en": row["en"], "nl": row["nl"], "fr": row["fr"]},
        )
        for row in _rows("gpp_product_groups.tsv")
    }


def cpv_prefix(code: str) -> str:
    stripped = code.rstrip("0")
    return stripped if len(stripped) >= 2 else code[:2]


@functools.cache
def _prefixes() -> tuple[tuple[int, ...], dict[str, str]]:
    """Prefix lengths, longest first, and prefix → group (the first listed group wins a shared prefix)."""
    groups: dict[str, str] = {}
    for row in _rows("cpv_product_groups.tsv"):
        groups.setdefault(cpv_prefix(row["cpv"]), row["group"])
    return tuple(sorted({len(prefix) for prefix in groups}, reverse=True)), groups


NO_GROUP = "-"  # the group of an exception row


@functools.lru_cache(maxsize=65536)
def group_of_cpv(cpv: str | None) -> str | None:
    if not cpv:
        return None
    code = cpv.strip()[:8]
    lengths, groups = _prefixes()
    for length in lengths:
        group = groups.get(code[:length])
        if group is not None:
            return None if group == NO_GROUP else group
    return None


@functools.cache
def crosswalk_exceptions() -> tuple[str, ...]:
    """The prefixes of the exception rows (group ``-``), longest first."""
    found = {cpv_prefix(row["cpv"]) for row in _rows("cpv_product_groups.tsv") if row["group"] == NO_GROUP}
    return tuple(sorted(found, key=len, reverse=True))


def product_group(cpv_main: str | None, cpv_additional: Iterable[str] = ()) -> str | None:
    """The product group of a lot: by its main CPV, else by the first additional CPV that matches."""
    found = group_of_cpv(cpv_main)
    if found:
        return found
    for code in cpv_additional:
        found = group_of_cpv(code)
        if found:
            return found
    return None


@functools.cache
def crosswalk_codes() -> dict[str, tuple[str, ...]]:
    """The listed CPV codes of each group, as in the data file (8 digits, before prefix cutting)."""
    codes: dict[str, list[str]] = {}
    for row in _rows("cpv_product_groups.tsv"):
        if row["group"] != NO_GROUP:
            codes.setdefault(row["group"], []).append(row["cpv"])
    return {group: tuple(listed) for group, listed in codes.items()}
