"""Text evidence per lot: which sustainability dimensions a notice's texts show, and where.

Texts scanned per lot: titles, descriptions, BT-777 strategic descriptions, BT-755 accessibility
justifications, BT-70 performance terms, selection criteria, award criteria (names and descriptions, BT-734 /
BT-540), BT-543 / BT-733 award texts and additional information; per notice: the procedure title, description
and additional information. Notice-level evidence is recorded once (``lot_id`` ``""``) and counts for every
lot of the notice. A dimension is detected when at least one *strong* term or two different *weak* terms of it
occur. Detection is a separate fact: it never changes what the notice declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..model import LOT_TEXT_FIELDS, NOTICE_TEXT_FIELDS, Detection, Evidence, Lot, Notice, Texts
from .lexicon import LANGUAGES, Term, load_lexicons
from .matcher import Matcher

AWARD_CRITERIA_FIELD = "award_criteria"
NOTICE_LEVEL = ""
# Text languages (eForms ISO 639-2 codes) → lexicon language, to prefer a text's own lexicon among equal terms.
_LANGUAGE_CODES = {"NLD": "nl", "FRA": "fr", "DEU": "de", "ENG": "en"}


@lru_cache(maxsize=4)
def default_matcher(languages: tuple[str, ...] = LANGUAGES) -> Matcher:
    """The matcher over the packaged lexicons; built once per process."""
    return Matcher(load_lexicons(languages))


def detect_notice(notice: Notice, matcher: Matcher | None = None) -> tuple[Detection, ...]:
    """One detection per lot (and per part), plus one with ``lot_id`` ``""`` holding notice-level evidence
    when there is any.

    Texts are scanned in the notice's own language and in the lexicon languages; translations into other
    languages (some EU notices carry all 24) add no evidence the lexicons could find and are skipped.
    """
    matcher = matcher or default_matcher()
    wanted = frozenset({None, notice.language, *_LANGUAGE_CODES})
    notice_texts = {field: _only(getattr(notice, field), wanted) for field in NOTICE_TEXT_FIELDS}
    shared = _evidence(matcher, NOTICE_LEVEL, notice_texts.items())
    seen = {text.value for texts in notice_texts.values() for text in texts} | {""}
    detections = [_decide(NOTICE_LEVEL, shared, ())] if shared else []
    for lot in notice.lots:
        own = _evidence(matcher, lot.lot_id, _lot_texts(lot, seen, wanted))
        detections.append(_decide(lot.lot_id, own, shared))
    return tuple(detections)


def _only(texts: Texts, wanted: frozenset[str | None]) -> Texts:
    return tuple(text for text in texts if text.lang in wanted)


def _lot_texts(lot: Lot, skip: set[str], wanted: frozenset[str | None]) -> Iterator[tuple[str, Texts]]:
    """The texts of a lot by field; texts equal to a notice-level text are scanned once, at notice level."""
    for field in LOT_TEXT_FIELDS:
        texts: Texts = getattr(lot, field)
        yield field, tuple(text for text in texts if text.value not in skip and text.lang in wanted)
    criteria = tuple(text for c in lot.award_criteria for text in (*c.names, *c.descriptions) if text.lang in wanted)
    yield AWARD_CRITERIA_FIELD, criteria


def _evidence(matcher: Matcher, lot_id: str, fields: Iterable[tuple[str, Texts]]) -> tuple[Evidence, ...]:
    """Evidence of each text; each term once per field (the first occurrence), so repeated boilerplate does not
    multiply rows."""
    found: list[Evidence] = []
    for field, texts in fields:
        seen: set[tuple[str, str]] = set()
        for text in texts:
            for hit in matcher.find(text.value, _LANGUAGE_CODES.get(text.lang or "")):
                key = (hit.term.language, hit.term.text)
                if key in seen:
                    continue
                seen.add(key)
                found.append(_record(lot_id, field, hit.term, hit.matched, hit.start, hit.end))
    return tuple(found)


def _record(lot_id: str, field: str, term: Term, matched: str, start: int, end: int) -> Evidence:
    return Evidence(
        lot_id=lot_id,
        category=term.category,
        term=term.pattern or term.text,
        language=term.language,
        field=field,
        matched=matched,
        start=start,
        end=end,
        dimension=term.dimension,
    )


def shows(dimension: str, evidence: Iterable[Evidence], strong_terms: frozenset[tuple[str, str]]) -> bool:
    """A strong term, or two different weak terms, of ``dimension``."""
    weak: set[str] = set()
    for item in evidence:
        if item.dimension != dimension:
            continue
        if (item.language, item.term) in strong_terms:
            return True
        weak.add(item.term.casefold())
        if len(weak) >= 2:
            return True
    return False


@lru_cache(maxsize=4)
def strong_terms(languages: tuple[str, ...] = LANGUAGES) -> frozenset[tuple[str, str]]:
    return frozenset((t.language, t.pattern or t.text) for t in load_lexicons(languages) if t.strength == "strong")


def _decide(lot_id: str, own: tuple[Evidence, ...], shared: tuple[Evidence, ...]) -> Detection:
    strong = strong_terms()
    everything = (*own, *shared)
    return Detection(
        lot_id=lot_id,
        green=shows("green", everything, strong),
        social=shows("social", everything, strong),
        innovative=shows("innovative", everything, strong),
        evidence=own,
    )
