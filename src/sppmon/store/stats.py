"""What is in a store: notices by subtype, year and country, lots, rejections, and the coverage of every
sustainability field. Portable SQL; used by ``sppmon stats`` and the data-quality page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import OUT_OF_SCOPE
from .base import Store

# Lot fields whose presence tells whether the buyer reported at all: (lot_codes field, label, eForms BT).
COVERAGE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("strategic_procurement", "Strategic procurement", "BT-06"),
    ("environmental_impact", "Environmental impact", "BT-774"),
    ("social_objective", "Social objective", "BT-775"),
    ("innovative_acquisition", "Innovative acquisition", "BT-776"),
    ("gpp_criteria", "GPP criteria", "BT-805"),
    ("accessibility", "Accessibility", "BT-754"),
    ("reserved_procurement", "Reserved participation", "BT-71"),
    ("reserved_execution", "Reserved execution", "BT-736"),
    ("cvd_applicable", "Clean Vehicles Directive", "BT-717"),
    ("eed_applicable", "Energy Efficiency Directive", "BT-810"),
)


# Codes that report a field explicitly negative (counted as coverage, not as uptake).
NEGATIVE_CODES = "'none', 'false', 'no', 'n-inc', 'n-inc-just'"


@dataclass
class StoreStats:
    notices: int = 0
    latest_notices: int = 0
    superseded_notices: int = 0
    lots: int = 0
    procedure_lots: int = 0
    rejections: int = 0
    out_of_scope: int = 0  # inputs that are no procurement procedure (NOTICE_OUT_OF_SCOPE): not rejections
    by_subtype: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    by_format: list[tuple[str, int]] = field(default_factory=list)
    rejections_by_code: list[tuple[str, int]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "notices": self.notices,
            "latest_notices": self.latest_notices,
            "superseded_notices": self.superseded_notices,
            "lots": self.lots,
            "procedure_lots": self.procedure_lots,
            "rejections": self.rejections,
            "out_of_scope": self.out_of_scope,
            "by_subtype": dict(self.by_subtype),
            "by_year": dict(self.by_year),
            "by_country": dict(self.by_country),
            "by_format": dict(self.by_format),
            "rejections_by_code": dict(self.rejections_by_code),
            "coverage": self.coverage,
        }


def _scalar(store: Store, sql: str) -> int:
    return int(store.query(sql)[0][0] or 0)


def _grouped(store: Store, column: str) -> list[tuple[str, int]]:
    rows = store.query(
        f"SELECT COALESCE(CAST({column} AS TEXT), '(none)') AS k, COUNT(*) FROM notices "
        f"WHERE is_latest GROUP BY k ORDER BY k"
    )
    return [(str(key), int(count)) for key, count in rows]


def store_stats(store: Store) -> StoreStats:
    stats = StoreStats(
        notices=_scalar(store, "SELECT COUNT(*) FROM notices"),
        latest_notices=_scalar(store, "SELECT COUNT(*) FROM notices WHERE is_latest"),
        lots=_scalar(
            store,
            "SELECT COUNT(*) FROM lots l JOIN notices n ON n.notice_key = l.notice_key "
            "WHERE n.is_latest AND l.kind = 'Lot'",
        ),
        procedure_lots=_scalar(store, "SELECT COUNT(*) FROM procedure_lots"),
        rejections=_scalar(store, f"SELECT COUNT(*) FROM rejections WHERE code <> '{OUT_OF_SCOPE}'"),
        out_of_scope=_scalar(store, f"SELECT COUNT(*) FROM rejections WHERE code = '{OUT_OF_SCOPE}'"),
        by_subtype=_grouped(store, "subtype"),
        by_year=_grouped(store, "year"),
        by_country=_grouped(store, "buyer_country"),
        by_format=_grouped(store, "format"),
    )
    stats.superseded_notices = stats.notices - stats.latest_notices
    stats.rejections_by_code = [
        (str(code), int(count))
        for code, count in store.query(
            f"SELECT code, COUNT(*) FROM rejections WHERE code <> '{OUT_OF_SCOPE}' GROUP BY code ORDER BY code"
        )
    ]
    stats.coverage = field_coverage(store)
    return stats


def field_coverage(store: Store) -> list[dict[str, Any]]:
    """Per field: lots in scope (each procedure lot once), lots where the field is present, and of those the
    lots that say explicitly ``none`` / ``false`` / ``no``."""
    total = _scalar(store, "SELECT COUNT(*) FROM procedure_lots")
    rows = store.query(
        "SELECT c.field, COUNT(DISTINCT p.notice_key || '|' || p.lot_id), "
        f"COUNT(DISTINCT CASE WHEN c.code IN ({NEGATIVE_CODES}) THEN p.notice_key || '|' || p.lot_id END) "
        "FROM procedure_lots p JOIN lot_codes c ON c.notice_key = p.notice_key AND c.lot_id = p.lot_id "
        "GROUP BY c.field"
    )
    present = {str(name): (int(count), int(negative)) for name, count, negative in rows}
    award = _scalar(
        store,
        "SELECT COUNT(*) FROM procedure_lots p WHERE EXISTS (SELECT 1 FROM award_criteria a "
        "WHERE a.notice_key = p.notice_key AND a.lot_id = p.lot_id AND a.type IS NOT NULL)",
    )
    result: list[dict[str, Any]] = []
    for name, title, business_term in COVERAGE_FIELDS:
        count, negative = present.get(name, (0, 0))
        result.append(_coverage_row(name, title, business_term, total, count, negative))
    result.append(_coverage_row("award_criteria", "Award criteria", "BT-539", total, award, 0))
    return result


def _coverage_row(name: str, title: str, term: str, total: int, count: int, negative: int) -> dict[str, Any]:
    return {
        "field": name,
        "title": title,
        "business_term": term,
        "lots": total,
        "present": count,
        "explicit_negative": negative,
        "coverage_share": round(count / total, 4) if total else None,
    }
