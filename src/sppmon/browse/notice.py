"""Everything the store knows of one notice: its facts, lots with declared codes, texts, detected evidence
with the matched text located, award criteria, results, winners, its versions and the other notices of its
procedure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..store import Store

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Evidence:
    category: str
    term: str
    language: str | None
    field: str | None
    matched: str | None
    segments: tuple[tuple[str, bool], ...]  # the text around the match: (piece, is_match)
    role: str | None = None  # why it counts (evidence.role); None for evidence stored before schema version 5


@dataclass
class LotDetail:
    lot: Record
    codes: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, list[Record]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    award_criteria: list[Record] = field(default_factory=list)
    results: list[Record] = field(default_factory=list)
    winners: list[Record] = field(default_factory=list)


@dataclass
class NoticeDetail:
    notice: Record
    lots: list[LotDetail]
    texts: dict[str, list[Record]]
    versions: list[Record]
    procedure_notices: list[Record]
    vehicles: list[Record]

    @property
    def key(self) -> str:
        return str(self.notice["notice_key"])


def _records(store: Store, sql: str, params: Sequence[object]) -> list[Record]:
    names, rows = store.columns(sql, params)
    return [dict(zip(names, row, strict=True)) for row in rows]


def notice_detail(store: Store, notice_key: str) -> NoticeDetail | None:
    found = _records(store, "SELECT * FROM notices WHERE notice_key = ?", [notice_key])
    if not found:
        return None
    notice = found[0]
    key = [notice_key]
    lots = {
        str(row["lot_id"]): LotDetail(row)
        for row in _records(store, "SELECT * FROM lots WHERE notice_key = ? ORDER BY lot_id", key)
    }
    for lot_id, name, code in store.query(
        "SELECT lot_id, field, code FROM lot_codes WHERE notice_key = ? ORDER BY field, code", key
    ):
        if lot_id in lots:
            lots[lot_id].codes.setdefault(str(name), []).append(str(code))
    texts: dict[str, dict[str, list[Record]]] = {}
    for row in _records(
        store, "SELECT lot_id, field, seq, lang, text FROM texts WHERE notice_key = ? ORDER BY field, seq", key
    ):
        texts.setdefault(str(row["lot_id"]), {}).setdefault(str(row["field"]), []).append(row)
    for lot_id, detail in lots.items():
        detail.texts = texts.get(lot_id, {})
    _attach_evidence(store, notice_key, lots, texts)
    _attach(store, lots, "award_criteria", "SELECT * FROM award_criteria WHERE notice_key = ? ORDER BY seq", key)
    _attach(store, lots, "results", "SELECT * FROM lot_results WHERE notice_key = ? ORDER BY result_id", key)
    _attach_winners(store, notice, lots)
    return NoticeDetail(
        notice=notice,
        lots=list(lots.values()),
        texts=texts.get("", {}),
        versions=_records(
            store,
            "SELECT notice_key, version, publication_number, publication_date, is_latest, superseded_by "
            "FROM notices WHERE notice_id = ? ORDER BY version_num, notice_key",
            [notice["notice_id"]],
        ),
        procedure_notices=_records(
            store,
            "SELECT notice_key, notice_id, version, subtype, stage, publication_number, publication_date, "
            "is_latest FROM notices WHERE procedure_key = ? AND notice_id <> ? "
            "ORDER BY publication_date, notice_key",
            [notice["procedure_key"], notice["notice_id"]],
        ),
        vehicles=_records(store, "SELECT * FROM vehicle_counts WHERE notice_key = ? ORDER BY result_id, seq", key),
    )


def _attach(store: Store, lots: dict[str, LotDetail], name: str, sql: str, params: Sequence[object]) -> None:
    for row in _records(store, sql, params):
        lot = lots.get(str(row.get("lot_id")))
        if lot is not None:
            getattr(lot, name).append(row)


def _attach_winners(store: Store, notice: Record, lots: dict[str, LotDetail]) -> None:
    """Winners of the notice's lots: from this notice, or from the latest result notices of its procedure."""
    rows = _records(
        store,
        "SELECT w.lot_id, w.name, w.country, w.size, w.org_key, n.notice_key, n.publication_number "
        "FROM winners w JOIN notices n ON n.notice_key = w.notice_key "
        "WHERE (n.notice_key = ? OR (n.procedure_key = ? AND n.stage = 'result' AND n.is_latest)) "
        "ORDER BY w.lot_id, w.name",
        [notice["notice_key"], notice["procedure_key"]],
    )
    for row in rows:
        lot = lots.get(str(row["lot_id"]))
        if lot is not None:
            lot.winners.append(row)


def _attach_evidence(
    store: Store, notice_key: str, lots: dict[str, LotDetail], texts: dict[str, dict[str, list[Record]]]
) -> None:
    rows = _records(store, "SELECT * FROM evidence WHERE notice_key = ? ORDER BY lot_id, seq", [notice_key])
    for row in rows:
        lot_id = str(row["lot_id"])
        candidates = [
            text
            for text in texts.get(lot_id, {}).get(str(row.get("field")), [])
            if _same_language(row.get("language"), text.get("lang"))
        ]
        item = Evidence(
            category=str(row["category"]),
            term=str(row["term"]),
            language=row.get("language"),
            field=row.get("field"),
            matched=row.get("matched"),
            segments=locate(candidates, row.get("matched"), row.get("span_start"), row.get("span_end")),
            role=row.get("role"),
        )
        if lot_id in lots:
            lots[lot_id].evidence.append(item)


def _same_language(evidence: str | None, text: str | None) -> bool:
    """Evidence names ISO 639-1 codes (``nl``), texts eForms' ISO 639-2 codes (``NLD``); either may be absent."""
    if not evidence or not text:
        return True
    return evidence.lower()[:2] == text.lower()[:2] or evidence.lower() == text.lower()


CONTEXT = 160


def locate(
    texts: list[Record], matched: str | None, start: int | None, end: int | None
) -> tuple[tuple[str, bool], ...]:
    """The matched span inside its text with some context around it, as (piece, is_match) segments. The span
    positions are trusted when they point at the matched words; otherwise the words are searched for."""
    for text in texts:
        body = str(text["text"])
        span = _span(body, matched, start, end)
        if span is None:
            continue
        left, right = max(span[0] - CONTEXT, 0), min(span[1] + CONTEXT, len(body))
        return (
            (
                ("…" if left else "") + body[left : span[0]],
                False,
            ),
            (body[span[0] : span[1]], True),
            (body[span[1] : right] + ("…" if right < len(body) else ""), False),
        )
    return ((matched, True),) if matched else ()


def _span(body: str, matched: str | None, start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is not None and end is not None and 0 <= start < end <= len(body):
        exact = not matched or body[start:end].casefold() == matched.casefold()
        if exact:
            return start, end
    if matched:
        found = body.casefold().find(matched.casefold())
        if found >= 0:
            return found, found + len(matched)
    return None
