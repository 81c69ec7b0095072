"""What the store shows for a guide product group: uptake per year, the share of peers that declared green
criteria, and good-practice notices. Plain portable SQL over the table ``procedure_lots`` (each procedure lot
once, latest information), so it runs on DuckDB and PostgreSQL alike and needs no indicator engine.

Which lots belong to a fiche: those whose ``lots.product_group`` is the fiche's EU GPP group, plus those
whose main CPV starts with one of the fiche's own CPV prefixes. A lot can count in two fiches (a car counts
under ``vehicles`` and under ``road-transport``), as in the guide itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..enrich.product_groups import cpv_prefix
from ..store import Store
from .fiche import Fiche
from .links import publication_url


def group_condition(fiche: Fiche, alias: str = "p") -> tuple[str, list[object]]:
    """SQL condition (with ``?`` parameters) selecting the procedure lots of a fiche."""
    parts: list[str] = []
    params: list[object] = []
    if fiche.gpp_group:
        parts.append(f"{alias}.product_group = ?")
        params.append(fiche.gpp_group)
    for prefix in sorted({cpv_prefix(code) for code in fiche.cpv}):
        parts.append(f"{alias}.cpv_main LIKE ?")
        params.append(f"{prefix}%")
    if not parts:
        return "1 = 0", []
    return "(" + " OR ".join(parts) + ")", params


def in_group(fiche: Fiche, cpv_main: str | None, product_group: str | None) -> bool:
    """The same selection as :func:`group_condition`, for rows already fetched."""
    if fiche.gpp_group and product_group == fiche.gpp_group:
        return True
    return bool(cpv_main) and any(str(cpv_main).startswith(cpv_prefix(code)) for code in fiche.cpv)


@dataclass(frozen=True, slots=True)
class YearUptake:
    """Declared green procurement and GPP criteria among the procedure lots of one year."""

    year: int | None
    lots: int
    green_yes: int
    green_none: int
    gpp_yes: int
    gpp_none: int

    @property
    def green_uptake(self) -> float | None:
        return self.green_yes / self.lots if self.lots else None

    @property
    def green_coverage(self) -> float | None:
        return (self.green_yes + self.green_none) / self.lots if self.lots else None

    @property
    def gpp_uptake(self) -> float | None:
        return self.gpp_yes / self.lots if self.lots else None


@dataclass(frozen=True, slots=True)
class PeerShare:
    """Buyers with lots in the group, and how many of them declared green procurement on at least one lot."""

    buyers: int
    buyers_green: int
    buyer: str | None = None  # the buyer asked about (name fragment or buyer key)
    buyer_lots: int = 0
    buyer_green_lots: int = 0

    @property
    def share(self) -> float | None:
        return self.buyers_green / self.buyers if self.buyers else None


@dataclass(frozen=True, slots=True)
class GoodPractice:
    notice_key: str
    lot_id: str
    title: str | None
    buyer_name: str | None
    notice_date: str | None
    publication_number: str | None
    environmental_codes: int
    quality_award: bool
    social: bool

    @property
    def link(self) -> str | None:
        """The notice's official page in English with the configured template (``publication_url``)."""
        return publication_url(self.publication_number)


@dataclass(frozen=True, slots=True)
class GroupFigures:
    fiche_id: str
    by_year: tuple[YearUptake, ...]
    peers: PeerShare
    good_practice: tuple[GoodPractice, ...]


def uptake_by_year(store: Store, fiche: Fiche) -> tuple[YearUptake, ...]:
    condition, params = group_condition(fiche)
    rows = store.query(
        "SELECT p.year, COUNT(*), "
        "SUM(CASE WHEN p.green_status = 'yes' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN p.green_status = 'none' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN p.gpp_status = 'yes' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN p.gpp_status = 'none' THEN 1 ELSE 0 END) "
        f"FROM procedure_lots p WHERE {condition} GROUP BY p.year ORDER BY p.year",
        params,
    )
    return tuple(
        YearUptake(None if year is None else int(year), *(int(value or 0) for value in counts))
        for year, *counts in rows
    )


def peer_share(store: Store, fiche: Fiche, buyer: str | None = None, since_year: int | None = None) -> PeerShare:
    """Peers = buyers (by cross-notice buyer key) with procedure lots in the group since ``since_year``."""
    condition, params = group_condition(fiche)
    if since_year is not None:
        condition += " AND p.year >= ?"
        params.append(since_year)
    rows = store.query(
        "SELECT p.buyer_key, MAX(CASE WHEN p.green_status = 'yes' THEN 1 ELSE 0 END) "
        f"FROM procedure_lots p WHERE {condition} AND p.buyer_key IS NOT NULL GROUP BY p.buyer_key",
        params,
    )
    share = PeerShare(len(rows), sum(int(green or 0) for _key, green in rows))
    if not buyer:
        return share
    own = store.query(
        "SELECT COUNT(*), SUM(CASE WHEN p.green_status = 'yes' THEN 1 ELSE 0 END) "
        f"FROM procedure_lots p WHERE {condition} "
        "AND (p.buyer_key = ? OR LOWER(p.buyer_name) LIKE ?)",
        [*params, buyer, f"%{buyer.lower()}%"],
    )
    lots, green = own[0]
    return PeerShare(share.buyers, share.buyers_green, buyer, int(lots or 0), int(green or 0))


def good_practice(store: Store, fiche: Fiche, limit: int = 5) -> tuple[GoodPractice, ...]:
    """Lots that declare green procurement with GPP criteria, richest declarations first, then most recent.

    Richness = number of BT-774 environmental codes + a quality or cost award criterion + social procurement.
    """
    condition, params = group_condition(fiche)
    # The richness sum is computed in a derived table: ordering by an expression over output aliases is not
    # portable (PostgreSQL refuses it, DuckDB refuses it when a subquery is involved).
    rows = store.query(
        "SELECT notice_key, lot_id, title, buyer_name, notice_day, publication_number, env_codes, quality_award, "
        "social FROM ("
        "SELECT p.notice_key, p.lot_id, p.title, p.buyer_name, p.notice_date, "
        "CAST(p.notice_date AS TEXT) AS notice_day, n.publication_number, "
        "(SELECT COUNT(*) FROM lot_codes c WHERE c.notice_key = p.notice_key AND c.lot_id = p.lot_id "
        "AND c.field = 'environmental_impact') AS env_codes, "
        "CASE WHEN p.award_criterion_types LIKE '%quality%' OR p.award_criterion_types LIKE '%cost%' "
        "THEN 1 ELSE 0 END AS quality_award, "
        "CASE WHEN p.social_status = 'yes' THEN 1 ELSE 0 END AS social "
        "FROM procedure_lots p JOIN notices n ON n.notice_key = p.notice_key "
        f"WHERE {condition} AND p.green_status = 'yes' AND p.gpp_status = 'yes'"
        ") g ORDER BY env_codes + quality_award + social DESC, notice_date DESC, notice_key, lot_id LIMIT ?",
        [*params, limit],
    )
    return tuple(
        GoodPractice(str(key), str(lot), title, buyer, day, number, int(env or 0), bool(quality), bool(social))
        for key, lot, title, buyer, day, number, env, quality, social in rows
    )


def group_figures(
    store: Store, fiche: Fiche, buyer: str | None = None, since_year: int | None = None, limit: int = 5
) -> GroupFigures:
    return GroupFigures(
        fiche.id,
        uptake_by_year(store, fiche),
        peer_share(store, fiche, buyer, since_year),
        good_practice(store, fiche, limit),
    )
