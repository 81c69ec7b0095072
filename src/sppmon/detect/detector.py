"""Text evidence per lot: which sustainability dimensions a notice's texts show, where, and why they count.

Each text is matched only against the lexicon of its own language (eForms ``@languageID``, the ``LG`` of a
legacy form section; a text without a language tag takes the notice language) plus the shared label names.
Fields have roles (``FIELD_ROLES``): award criteria, performance terms, BT-777, selection criteria and the
reservation *decide*; titles, descriptions and additional information only *describe*, so there a term counts
when it is specific (a named instrument or label) or stands next to a requirement cue. Hits in statutory
boilerplate (exclusion grounds, the light regime for social services …) or under a negation never count.
``green_subject`` — the purchase's purpose is environmental — is read from titles and descriptions.
Notice-level evidence is recorded once (``lot_id`` ``""``) and counts for every lot. Detection is a separate
fact: it never changes what the notice declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..model import LOT_TEXT_FIELDS, NOTICE_TEXT_FIELDS, Detection, Evidence, Lot, Notice, Text, Texts
from .context import Context
from .languages import lexicon_language
from .lexicon import LANGUAGES, load_lexicons
from .matcher import Hit, Matcher, Scan

AWARD_CRITERIA_FIELD = "award_criteria"
RESERVATION_FIELD = "reserved_procurement"
NOTICE_LEVEL = ""
# Field → role of its evidence. A deciding field counts strong terms as they stand; the rest only describe.
FIELD_ROLES = {
    AWARD_CRITERIA_FIELD: "award-criterion",
    "award_criteria_complicated": "award-criterion",
    "performance_terms": "execution-condition",
    "strategic_descriptions": "strategic-procurement",
    "selection_criteria": "selection-criterion",
    # a jury's criteria decide; "Ökologie" among them rewards environmental quality, but a generic social or
    # innovation word names a theme of the design (its users, its originality) more than a demand
    "contest_criteria": "contest-criterion",
}
# BT-755 is the justification for *not* including accessibility criteria: whatever it names is absent.
UNREAD_FIELDS = frozenset({"accessibility_justifications"})
_READ_LOT_FIELDS = tuple(name for name in LOT_TEXT_FIELDS if name not in UNREAD_FIELDS)
# Deciding fields where even a generic (weak) term counts, for the dimensions named: an award criterion named
# "Nachhaltigkeit" is one; a jury's "Ökologie" is, its "soziale Aspekte" are not (see FIELD_ROLES).
_EVERY_DIMENSION = frozenset({"green", "social", "innovative"})
WEAK_DECIDES = {
    AWARD_CRITERIA_FIELD: _EVERY_DIMENSION,
    "award_criteria_complicated": _EVERY_DIMENSION,
    "performance_terms": _EVERY_DIMENSION,
    "strategic_descriptions": _EVERY_DIMENSION,
    "contest_criteria": frozenset({"green"}),
}
PURPOSE_FIELDS = frozenset({"titles", "descriptions", "additional_info"})
# Legacy reservation flags (the form's only way to say "reserved"); eForms BT-71 is a declaration, not text.
RESERVATION_CODES = frozenset({"res-ws", "res-pub-ser"})
# The legacy flag that execution is restricted to sheltered employment programmes (BT-736's ancestor)
SHELTERED_PROGRAMME = "sheltered-programme"
_MANY_LANGUAGES = 3  # a notice with texts in more languages than this carries translations: read its own only


@lru_cache(maxsize=4)
def default_matcher(languages: tuple[str, ...] = LANGUAGES) -> Matcher:
    """The matcher over the packaged lexicons; built once per process."""
    return Matcher(load_lexicons(languages))


def detect_notice(notice: Notice, matcher: Matcher | None = None) -> tuple[Detection, ...]:
    """One detection per lot (and per part), plus one with ``lot_id`` ``""`` holding notice-level evidence
    when there is any."""
    matcher = matcher or default_matcher()
    reader = _Reader(matcher, notice)
    notice_texts = {field: reader.keep(getattr(notice, field)) for field in NOTICE_TEXT_FIELDS}
    shared = reader.evidence(NOTICE_LEVEL, notice_texts.items())
    shared_assessed = reader.assessed
    seen = {text.value for texts in notice_texts.values() for text in texts} | {""}
    detections = [_decide(NOTICE_LEVEL, shared, (), shared_assessed)] if shared else []
    for lot in notice.lots:
        reader.assessed = False
        own = (*reader.evidence(lot.lot_id, _lot_texts(lot, seen, reader)), *_reservation(notice, lot))
        detections.append(_decide(lot.lot_id, own, shared, shared_assessed or reader.assessed))
    return tuple(detections)


class _Reader:
    """Scans the texts of one notice in their languages and keeps the hits that count."""

    def __init__(self, matcher: Matcher, notice: Notice) -> None:
        self.matcher = matcher
        self.notice_language = lexicon_language(notice.language)
        self.languages = _scanned_languages(notice)
        self.assessed = False  # a text in a language with a lexicon was read since the last reset
        # per text language code: the lexicon language it is read in, and whether that makes the lot assessable
        self._read_as: dict[str | None, tuple[str | None, bool]] = {}
        # scans of this notice's texts: lots repeat long descriptions the matcher's cache does not keep
        self._scans: dict[tuple[str, str | None], Scan] = {}

    def keep(self, texts: Texts) -> Texts:
        return tuple(text for text in texts if text.lang in self.languages)  # None is always among them

    def evidence(self, lot_id: str, fields: Iterable[tuple[str, Texts]]) -> tuple[Evidence, ...]:
        """Counting evidence of each text; each term once per field (its first counting occurrence)."""
        found: list[Evidence] = []
        for field, texts in fields:
            seen: set[tuple[str, str]] = set()
            for text in texts:
                scan = self.scan(text)
                if not scan.hits:  # most texts: nothing to weigh, so no sentences to find
                    continue
                context = Context.of(text.value, scan)
                for hit in scan.hits:
                    role = _role(field, hit, context)
                    key = (hit.term.language, hit.term.text)
                    if role is None or key in seen:
                        continue
                    seen.add(key)
                    found.append(_record(lot_id, field, hit, role))
        return tuple(found)

    def scan(self, text: Text) -> Scan:
        """The scan of a text in its language (the notice's when it has none of its own), noting whether a
        lexicon read it."""
        language, assessable = self._read_as.get(text.lang) or self._language(text.lang)
        if assessable:
            self.assessed = True
        key = (text.value, language)
        scan = self._scans.get(key)
        if scan is None:
            scan = self._scans[key] = self.matcher.scan(text.value, language)
        return scan

    def _language(self, code: str | None) -> tuple[str | None, bool]:
        language = lexicon_language(code) or self.notice_language
        read_as = self._read_as[code] = (language, language is None or language in self.matcher.languages)
        return read_as


def _scanned_languages(notice: Notice) -> frozenset[str | None]:
    """The text languages read: all of them, unless the notice carries translations into many languages."""
    present = {text.lang for field in NOTICE_TEXT_FIELDS for text in getattr(notice, field)}
    for lot in notice.lots:
        present.update(text.lang for text in (*lot.titles, *lot.descriptions))
    if len(present - {None}) > _MANY_LANGUAGES:
        return frozenset({None, notice.language})
    return frozenset(present | {None, notice.language})


def _lot_texts(lot: Lot, skip: set[str], reader: _Reader) -> Iterator[tuple[str, Texts]]:
    """The texts of a lot by field; texts equal to a notice-level text are scanned once, at notice level. Empty
    fields (most of them) are left out: they hold no evidence."""
    languages = reader.languages  # what reader.keep tests, here in the same pass as ``skip``
    for field in _READ_LOT_FIELDS:
        texts: Texts = getattr(lot, field)
        if texts:
            yield field, tuple(text for text in texts if text.lang in languages and text.value not in skip)
    if lot.award_criteria:
        criteria = tuple(text for c in lot.award_criteria for text in (*c.names, *c.descriptions))
        yield AWARD_CRITERIA_FIELD, reader.keep(criteria)


def _role(field: str, hit: Hit, context: Context) -> str | None:
    """Why the hit counts, or ``None`` when it does not (boilerplate, negation, or a generic word in a text that
    only describes the purchase)."""
    if context.in_boilerplate(hit) or context.negated(hit):
        return None
    term = hit.term
    if term.dimension == "green_subject":
        return "purpose" if field in PURPOSE_FIELDS else None
    specific = term.strength == "specific" or term.category == "label"
    deciding = FIELD_ROLES.get(field)
    if deciding is not None:
        if specific or term.strength == "strong" or term.dimension in WEAK_DECIDES.get(field, ()):
            return deciding
        return deciding if context.cued(hit) else None
    if specific:
        return "specific-term"
    return "requirement-cue" if context.cued(hit) else None


def _reservation(notice: Notice, lot: Lot) -> tuple[Evidence, ...]:
    if not notice.format.startswith("ted"):
        return ()
    codes = [code for code in lot.reserved_procurement if code in RESERVATION_CODES]
    codes += [SHELTERED_PROGRAMME] if "yes" in lot.reserved_execution else []
    return tuple(
        Evidence(lot.lot_id, "social", code, "", RESERVATION_FIELD, code, 0, 0, "social", "reservation")
        for code in codes
    )


def _record(lot_id: str, field: str, hit: Hit, role: str) -> Evidence:
    term = hit.term
    return Evidence(
        lot_id=lot_id,
        category=term.category,
        term=term.pattern or term.text,
        language=term.language,
        field=field,
        matched=hit.matched,
        start=hit.start,
        end=hit.end,
        dimension=term.dimension,
        role=role,
    )


def _decide(lot_id: str, own: tuple[Evidence, ...], shared: tuple[Evidence, ...], assessed: bool) -> Detection:
    """Evidence decides; a lot without evidence is assessable only if a text of it was read with a lexicon."""
    shown = {item.dimension for item in (*own, *shared)}
    return Detection(
        lot_id=lot_id,
        green="green" in shown,
        social="social" in shown,
        innovative="innovative" in shown,
        evidence=own,
        green_subject="green_subject" in shown,
        assessable=assessed or bool(shown),
    )
