"""Breakdowns and filters, shared: ``--by year,buyer`` groups by the same expressions that
``--filter year=2025 buyer=...`` compares with. Expressions are over a lot frame aliased ``p`` (see
:mod:`.frames`); every filter value is a SQL parameter, never part of the SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .. import labels
from ..enrich.product_groups import product_groups
from .base import QueryError


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A grouping of lots. ``sql`` is a portable expression over the frame ``p``; ``label_sql`` (an aggregate)
    names the group where the key is not readable (buyer keys); ``code_list`` labels codes in reports."""

    name: str
    sql: str
    titles: Mapping[str, str]
    kind: str = "text"  # text | int | flag (yes/no)
    label_column: str | None = None
    label_sql: str | None = None
    code_list: str | None = None

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles["en"]

    def value_label(self, value: object, lang: str = "en") -> str:
        """Readable label of a group value for reports (the code when no label is known)."""
        if value is None:
            return {"en": "(not given)", "nl": "(niet opgegeven)", "fr": "(non indiqué)"}.get(lang, "(not given)")
        text = str(value)
        if self.name == "product_group":
            group = product_groups().get(text)
            return group.names.get(lang, group.names["en"]) if group else text
        if self.code_list:
            return labels.label_or_code(self.code_list, text, lang)
        if self.name == "cpv_division" and text.isdigit() and len(text) == 2:
            found = labels.label("cpv", text.ljust(8, "0"), lang)
            return f"{text} {found}" if found else text
        return text


def _quarter(column: str) -> str:
    month = f"EXTRACT(MONTH FROM {column})"
    return (
        f"CAST(p.year AS TEXT) || '-Q' || CASE WHEN {month} <= 3 THEN '1' WHEN {month} <= 6 THEN '2' "
        f"WHEN {month} <= 9 THEN '3' ELSE '4' END"
    )


_BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("year", "p.year", {"en": "Year", "nl": "Jaar", "fr": "Année"}, kind="int"),
    Breakdown("quarter", _quarter("p.notice_date"), {"en": "Quarter", "nl": "Kwartaal", "fr": "Trimestre"}),
    Breakdown("country", "p.buyer_country", {"en": "Buyer country", "nl": "Land koper", "fr": "Pays de l'acheteur"}),
    Breakdown(
        "buyer",
        "p.buyer_key",
        {"en": "Buyer", "nl": "Aankoper", "fr": "Acheteur"},
        label_column="buyer_name",
        label_sql="MIN(p.buyer_name)",
    ),
    Breakdown(
        "buyer_legal_type",
        "p.buyer_legal_type",
        {"en": "Buyer legal type", "nl": "Juridische vorm koper", "fr": "Forme juridique de l'acheteur"},
        code_list="buyer-legal-type",
    ),
    Breakdown(
        "eu_institution",
        "CASE WHEN p.is_eu_institution THEN 'yes' ELSE 'no' END",
        {"en": "EU institution", "nl": "EU-instelling", "fr": "Institution de l'UE"},
        kind="flag",
    ),
    Breakdown("cpv_division", "p.cpv_division", {"en": "CPV division", "nl": "CPV-afdeling", "fr": "Division CPV"}),
    Breakdown(
        "product_group",
        "p.product_group",
        {"en": "GPP product group", "nl": "GPP-productgroep", "fr": "Groupe de produits MPE"},
    ),
    Breakdown(
        "procedure_type",
        "p.procedure_type",
        {"en": "Procedure type", "nl": "Soort procedure", "fr": "Type de procédure"},
        code_list="procurement-procedure-type",
    ),
    Breakdown(
        "nature",
        "COALESCE(p.nature, p.procedure_nature)",
        {"en": "Contract nature", "nl": "Aard van de opdracht", "fr": "Nature du marché"},
        code_list="contract-nature",
    ),
    Breakdown(
        "form_type",
        "p.form_type",
        {"en": "Notice form type", "nl": "Soort formulier", "fr": "Type de formulaire"},
        code_list="form-type",
    ),
    Breakdown("format", "p.format", {"en": "Notice format", "nl": "Formaat bericht", "fr": "Format de l'avis"}),
)

BREAKDOWNS: dict[str, Breakdown] = {breakdown.name: breakdown for breakdown in _BREAKDOWNS}
ALL_BREAKDOWNS: tuple[str, ...] = tuple(BREAKDOWNS)


_NEXT_FILTER = re.compile(r"\s+(?=[A-Za-z_-]+=)")


def parse_filters(items: Iterable[str]) -> dict[str, str]:
    """``["country=BEL", "year=2025"]`` → ``{"country": "BEL", "year": "2025"}``; values may list
    alternatives separated by commas (``country=BEL,NLD``). Unknown keys and bad values raise QueryError."""
    filters: dict[str, str] = {}
    for item in items:
        # "country=BEL year=2025" in one argument is two filters; a value may itself contain spaces.
        for part in _NEXT_FILTER.split(item.strip()):
            key, sep, value = part.partition("=")
            key = key.strip().replace("-", "_")
            if not sep or not key:
                raise QueryError(f"filter {part!r} is not NAME=VALUE (for example country=BEL)")
            if key not in BREAKDOWNS:
                raise QueryError(f"unknown filter {key!r}; known: {', '.join(BREAKDOWNS)}")
            filter_values(key, value.strip())
            filters[key] = value.strip()
    return filters


def parse_by(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"year,buyer"`` (or a sequence of names) → ``("year", "buyer")``; unknown names raise QueryError."""
    if not text:
        return ()
    names = text.split(",") if isinstance(text, str) else list(text)
    by = tuple(name.strip().replace("-", "_") for name in names if name.strip())
    for name in by:
        if name not in BREAKDOWNS:
            raise QueryError(f"unknown breakdown {name!r}; known: {', '.join(BREAKDOWNS)}")
    if len(set(by)) != len(by):
        raise QueryError(f"breakdown named twice in {','.join(by)}")
    return by


def filter_values(name: str, value: str) -> list[object]:
    """The parameter values of one filter, typed for its expression."""
    breakdown = BREAKDOWNS[name]
    values = [part.strip() for part in value.split(",")]
    if not value or any(not part for part in values):
        raise QueryError(f"filter {name} needs a value (for example {name}={_example(breakdown)})")
    if breakdown.kind == "int":
        if not all(part.isascii() and part.isdigit() and len(part) <= 9 for part in values):
            raise QueryError(f"filter {name}={value}: expected whole numbers, e.g. {name}={_example(breakdown)}")
        return [int(part) for part in values]
    if breakdown.kind == "flag":
        flags = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
        if not all(part.lower() in flags for part in values):
            raise QueryError(f"filter {name}={value}: expected yes or no")
        return [flags[part.lower()] for part in values]
    return list(values)


def _example(breakdown: Breakdown) -> str:
    return {"int": "2025", "flag": "no"}.get(breakdown.kind, "BEL" if breakdown.name == "country" else "…")


def where_sql(filters: Mapping[str, str]) -> tuple[list[str], list[object]]:
    """SQL conditions (to be joined with AND) and their parameters, in order."""
    conditions: list[str] = []
    params: list[object] = []
    for name, value in filters.items():
        if name not in BREAKDOWNS:
            raise QueryError(f"unknown filter {name!r}; known: {', '.join(BREAKDOWNS)}")
        values = filter_values(name, value)
        expression = BREAKDOWNS[name].sql
        if len(values) == 1:
            conditions.append(f"({expression}) = ?")
        else:
            conditions.append(f"({expression}) IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    return conditions, params
