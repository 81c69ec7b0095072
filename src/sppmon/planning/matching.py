"""Planned purchases meet the store: past uptake per product group and department for the urgency score, and
the later notices that published a planned purchase (buyer + CPV + time window, with a confidence).

confidence = 0.45 × buyer + 0.35 × CPV + 0.20 × time, each in [0, 1]:

- buyer: 1 when the plan's registration number equals the notice buyer's, both made comparable by
  :mod:`.identifiers` (a Belgian enterprise number with or without ``BE``, dots, spaces or the
  e-Notification suffix ``_4661``); else by name — 1 identical after normalisation, 0.8 when one name contains
  the other, 0.8 × word overlap (Jaccard) when that is ≥ 0.5;
- CPV: by the length of the common prefix of the two codes — 8 digits 1, 5 to 7 digits 0.8, 4 digits 0.6,
  3 digits 0.4, 2 digits 0.2; at least 0.7 when both fall in the same guide product group;
- time: 1 − |notice date − planned launch| / 365 days, within a window from 6 months before to 12 months after
  the planned launch.

Only candidates with a buyer and a CPV score above zero, inside the window and with a confidence of at least
0.5 are kept, grouped per notice (the lots of one notice are one match, its best lot first); the three best
notices per planned purchase. Portable SQL (``procedure_lots``, ``organisations``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..enrich.identity import normalise_name
from ..guide.fiche import Fiche
from ..guide.knowledge import KnowledgeBase
from ..guide.links import publication_url
from ..guide.uptake import group_condition, in_group
from ..store import Store
from .identifiers import comparable_id, comparable_key
from .plan import PlannedPurchase
from .urgency import MIN_DEPARTMENT_LOTS, PastUptake

WINDOW_BEFORE = timedelta(days=183)
WINDOW_AFTER = timedelta(days=365)
MIN_CONFIDENCE = 0.5
MAX_MATCHES = 3


@dataclass(frozen=True, slots=True)
class NoticeMatch:
    notice_key: str
    lot_id: str
    title: str | None
    buyer_name: str | None
    notice_date: date | None
    cpv_main: str | None
    publication_number: str | None
    green_status: str
    gpp_status: str
    confidence: float
    buyer_score: float
    cpv_score: float
    time_score: float
    lot_ids: tuple[str, ...] = ()  # every lot of the notice that matched, the best (lot_id) first

    @property
    def link(self) -> str | None:
        """The notice's official page in English with the configured template (``publication_url``)."""
        return publication_url(self.publication_number)


def name_score(planned: str, published: str | None) -> float:
    left, right = normalise_name(planned), normalise_name(published)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    if min(len(left), len(right)) >= 4 and (left in right or right in left):
        return 0.8
    words_left, words_right = set(left.split()), set(right.split())
    overlap = len(words_left & words_right) / len(words_left | words_right)
    return round(0.8 * overlap, 4) if overlap >= 0.5 else 0.0


def cpv_score(planned: str, published: str | None, same_group: bool = False) -> float:
    if not published:
        return 0.0
    common = 0
    for left, right in zip(planned[:8], published[:8], strict=False):
        if left != right:
            break
        common += 1
    by_prefix = {8: 1.0, 7: 0.8, 6: 0.8, 5: 0.8, 4: 0.6, 3: 0.4, 2: 0.2}.get(common, 0.0)
    return max(by_prefix, 0.7) if same_group else by_prefix


def time_score(planned: date, published: date | None) -> float:
    if published is None:
        return 0.0
    return max(0.0, 1.0 - abs((published - planned).days) / 365)


@dataclass(frozen=True, slots=True)
class _Lot:
    notice_key: str
    lot_id: str
    title: str | None
    buyer_key: str
    buyer_name: str | None
    notice_date: date | None
    cpv_main: str | None
    product_group: str | None
    publication_number: str | None
    green_status: str
    gpp_status: str


class StoreContext:
    """What the planning needs from one store, read once per run: the buyers, the lots of the buyers the plan
    names (one query per distinct set of buyers) and the group-wide counts (one query per product group), so
    that a plan of hundreds of rows costs a handful of queries."""

    def __init__(self, store: Store, knowledge: KnowledgeBase) -> None:
        self.store = store
        self.knowledge = knowledge
        rows = store.query("SELECT DISTINCT buyer_key, buyer_name FROM procedure_lots WHERE buyer_key IS NOT NULL")
        self._buyers = [(str(key), name) for key, name in rows]
        self._buyer_ids = self._registration_numbers()
        self._buyer_scores: dict[tuple[str, str | None], dict[str, float]] = {}
        self._lots: dict[frozenset[str], tuple[_Lot, ...]] = {}
        self._group_counts: dict[str, tuple[int, int]] = {}

    def _registration_numbers(self) -> dict[str, set[str]]:
        """Buyer key → the comparable forms of its registration numbers, from the numbers as published (the
        organisations of the notices) and from the key itself."""
        rows = self.store.query(
            "SELECT DISTINCT o.org_key, o.company_id, o.country FROM organisations o "
            "WHERE o.org_key IN (SELECT DISTINCT buyer_key FROM procedure_lots WHERE buyer_key IS NOT NULL)"
        )
        found: dict[str, set[str]] = {}
        for key, company_id, country in rows:
            number = comparable_id(company_id, country)
            if number:
                found.setdefault(str(key), set()).add(number)
        for key, _name in self._buyers:
            from_key = comparable_key(key)
            if from_key:
                found.setdefault(key, set()).add(from_key)
        return found

    def buyer_scores(self, department: str, buyer_id: str | None) -> dict[str, float]:
        cached = self._buyer_scores.get((department, buyer_id))
        if cached is not None:
            return cached
        scores: dict[str, float] = {}
        company = comparable_id(buyer_id) if buyer_id else None
        for key, name in self._buyers:
            if company and company in self._buyer_ids.get(key, ()):
                scores[key] = 1.0
                continue
            score = name_score(department, name)
            if score > scores.get(key, 0.0):
                scores[key] = score
        found = {key: score for key, score in scores.items() if score > 0}
        self._buyer_scores[(department, buyer_id)] = found
        return found

    def _lots_of(self, buyers: frozenset[str]) -> tuple[_Lot, ...]:
        if buyers not in self._lots:
            marks = ", ".join("?" for _ in buyers)
            rows = self.store.query(
                "SELECT p.notice_key, p.lot_id, p.title, p.buyer_key, p.buyer_name, p.notice_date, p.cpv_main, "
                "p.product_group, n.publication_number, p.green_status, p.gpp_status "
                "FROM procedure_lots p JOIN notices n ON n.notice_key = p.notice_key "
                f"WHERE p.buyer_key IN ({marks})",
                sorted(buyers),
            )
            self._lots[buyers] = tuple(_Lot(*row) for row in rows)
        return self._lots[buyers]

    def past_uptake(self, fiche: Fiche, item: PlannedPurchase) -> PastUptake:
        buyers = frozenset(k for k, score in self.buyer_scores(item.department, item.buyer_id).items() if score >= 0.8)
        if buyers:
            own = [lot for lot in self._lots_of(buyers) if in_group(fiche, lot.cpv_main, lot.product_group)]
            if len(own) >= MIN_DEPARTMENT_LOTS:
                return PastUptake("department", len(own), sum(lot.green_status == "yes" for lot in own))
        if fiche.id not in self._group_counts:
            condition, params = group_condition(fiche)
            rows = self.store.query(
                "SELECT COUNT(*), SUM(CASE WHEN p.green_status = 'yes' THEN 1 ELSE 0 END) "
                f"FROM procedure_lots p WHERE {condition}",
                params,
            )
            self._group_counts[fiche.id] = (int(rows[0][0] or 0), int(rows[0][1] or 0))
        lots, green = self._group_counts[fiche.id]
        return PastUptake("all buyers", lots, green)

    def matches(self, item: PlannedPurchase) -> tuple[NoticeMatch, ...]:
        buyers = self.buyer_scores(item.department, item.buyer_id)
        if not buyers:
            return ()
        start, end = item.planned_launch - WINDOW_BEFORE, item.planned_launch + WINDOW_AFTER
        planned_group = self.knowledge.primary(item.cpv)
        found = []
        for lot in self._lots_of(frozenset(buyers)):
            day = lot.notice_date
            if day is None or not start <= day <= end or not (lot.cpv_main or "").startswith(item.cpv[:2]):
                continue
            same_group = planned_group is not None and self.knowledge.primary(lot.cpv_main) is planned_group
            scores = (
                buyers[lot.buyer_key],
                cpv_score(item.cpv, lot.cpv_main, same_group),
                time_score(item.planned_launch, day),
            )
            confidence = round(0.45 * scores[0] + 0.35 * scores[1] + 0.20 * scores[2], 3)
            if scores[1] > 0 and confidence >= MIN_CONFIDENCE:
                found.append(
                    NoticeMatch(
                        lot.notice_key,
                        lot.lot_id,
                        lot.title,
                        lot.buyer_name,
                        day,
                        lot.cpv_main,
                        lot.publication_number,
                        lot.green_status,
                        lot.gpp_status,
                        confidence,
                        *scores,
                    )
                )
        return tuple(_per_notice(found)[:MAX_MATCHES])


def _per_notice(found: list[NoticeMatch]) -> list[NoticeMatch]:
    """One match per notice: its best lot, with the ids of all its matching lots; best notices first."""
    found.sort(key=lambda match: (-match.confidence, match.notice_key, match.lot_id))
    best: dict[str, NoticeMatch] = {}
    lots: dict[str, list[str]] = {}
    for match in found:
        best.setdefault(match.notice_key, match)
        lots.setdefault(match.notice_key, []).append(match.lot_id)
    return [replace(match, lot_ids=tuple(lots[key])) for key, match in best.items()]
