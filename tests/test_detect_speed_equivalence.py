"""The fast paths of detection give exactly what the straightforward algorithm gives.

The reference below is detection as first written: per occurrence, every term of the key is checked for language,
word boundaries and case, one term kept per dimension; every text is folded one character at a time, looked up in
the language table, scanned and given a sentence context, hits or not. The detector's fast paths (keys whose terms
fit alike, code-page folding, texts without hits skipped, per-notice reuse of scans) must not change one
detection: compared here on crafted texts and on every notice of the shared corpus.
"""

from __future__ import annotations

import tarfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import ahocorasick
import pytest

from sppmon.detect import default_matcher, detect_notice
from sppmon.detect.context import Context
from sppmon.detect.detector import (
    AWARD_CRITERIA_FIELD,
    UNREAD_FIELDS,
    _decide,
    _record,
    _reservation,
    _role,
    _scanned_languages,
)
from sppmon.detect.folding import fold_per_character
from sppmon.detect.languages import lexicon_language
from sppmon.detect.lexicon import LANGUAGES, SHARED_LANGUAGE, Term, load_lexicons, parse_lexicon
from sppmon.detect.matcher import _NOTHING, Hit, Matcher, Scan, _fits, _one_per_dimension, _outermost, _word_end
from sppmon.model import LOT_TEXT_FIELDS, NOTICE_TEXT_FIELDS, AwardCriterion, Detection, Evidence, Lot, Notice, Text
from sppmon.readers import read_notice

from .conftest import SHARED

# ---- the reference: detection as first written ------------------------------------------------------------------


class _ReferenceMatcher:
    """One automaton per language whose values are ``(length, terms)``; every term checked at every occurrence."""

    def __init__(self, terms: Iterable[Term]) -> None:
        every = tuple(terms)
        self._all = _automaton(every)
        languages = {term.language for term in every} - {SHARED_LANGUAGE}
        self._by_language = {
            language: _automaton(t for t in every if t.language in (language, SHARED_LANGUAGE))
            for language in languages
        }
        self._shared = _automaton(t for t in every if t.language == SHARED_LANGUAGE)
        self.languages = frozenset(t.language for t in every if not t.is_context and t.language != SHARED_LANGUAGE)

    def scan(self, text: str, language: str | None) -> Scan:
        automaton = self._all if language is None else self._by_language.get(language, self._shared)
        if not text or automaton is None:
            return Scan(())
        folded = fold_per_character(text)
        hits: list[Hit] = []
        context: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for last, (length, terms) in automaton.iter(folded):
            start, end = last - length + 1, last + 1
            fitting = [t for t in terms if _speaks(t, language) and _fits(t, text, folded, start, end)]
            for term in fitting:
                if term.is_context:
                    context[term.category].append((start, end))
            for term in _one_per_dimension(fitting, language):
                stop = _word_end(folded, end) if term.word_may_continue else end
                hits.append(Hit(term, start, stop, text[start:stop]))
        guards = context.get("guard", [])
        if guards:
            hits = [hit for hit in hits if not any(g0 < hit.end and hit.start < g1 for g0, g1 in guards)]
        return Scan(
            tuple(_outermost(hits)),
            tuple(context.get("cue", ())),
            tuple(context.get("negation", ())),
            tuple(context.get("boilerplate", ())),
        )


def _automaton(terms: Iterable[Term]) -> ahocorasick.Automaton | None:
    by_key: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_key[fold_per_character(term.text)].append(term)
    if not by_key:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, key_terms in by_key.items():
        automaton.add_word(key, (len(key), tuple(key_terms)))
    automaton.make_automaton()
    return automaton


def _speaks(term: Term, language: str | None) -> bool:
    return language is None or term.language in (language, SHARED_LANGUAGE)


class _ReferenceContext(Context):
    """Boilerplate looked for among all statutory phrases at every hit."""

    def in_boilerplate(self, hit: Hit) -> bool:
        own = self.sentence(hit.start)
        return any(self.sentence(start) == own for start, _ in self.scan.boilerplate)


@cache
def _reference_matcher() -> _ReferenceMatcher:
    return _ReferenceMatcher(load_lexicons(LANGUAGES))


def _lexicon(language: str, *lines: str) -> tuple[Term, ...]:
    return parse_lexicon("category\tdimension\tstrength\tterm\n" + "\n".join(lines), language)


def reference_detect(notice: Notice) -> tuple[Detection, ...]:
    matcher = _reference_matcher()
    languages = _scanned_languages(notice)
    notice_language = lexicon_language(notice.language)
    assessed = False

    def keep(texts: tuple[Text, ...]) -> tuple[Text, ...]:
        return tuple(text for text in texts if text.lang is None or text.lang in languages)

    def evidence(lot_id: str, fields: Iterable[tuple[str, tuple[Text, ...]]]) -> tuple[Evidence, ...]:
        nonlocal assessed
        found: list[Evidence] = []
        for field, texts in fields:
            seen: set[tuple[str, str]] = set()
            for text in texts:
                language = lexicon_language(text.lang) or notice_language
                assessed = assessed or language is None or language in matcher.languages
                scan = matcher.scan(text.value, language)
                context = _ReferenceContext.of(text.value, scan)
                for hit in scan.hits:
                    role = _role(field, hit, context)
                    key = (hit.term.language, hit.term.text)
                    if role is None or key in seen:
                        continue
                    seen.add(key)
                    found.append(_record(lot_id, field, hit, role))
        return tuple(found)

    def lot_texts(lot: Lot, skip: set[str]) -> Iterator[tuple[str, tuple[Text, ...]]]:
        for field in (name for name in LOT_TEXT_FIELDS if name not in UNREAD_FIELDS):
            yield field, tuple(text for text in keep(getattr(lot, field)) if text.value not in skip)
        criteria = tuple(text for c in lot.award_criteria for text in (*c.names, *c.descriptions))
        yield AWARD_CRITERIA_FIELD, keep(criteria)

    notice_texts = {field: keep(getattr(notice, field)) for field in NOTICE_TEXT_FIELDS}
    shared = evidence("", notice_texts.items())
    shared_assessed = assessed
    seen = {text.value for texts in notice_texts.values() for text in texts} | {""}
    detections = [_decide("", shared, (), shared_assessed)] if shared else []
    for lot in notice.lots:
        assessed = False
        own = (*evidence(lot.lot_id, lot_texts(lot, seen)), *_reservation(notice, lot))
        detections.append(_decide(lot.lot_id, own, shared, shared_assessed or assessed))
    return tuple(detections)


# ---- crafted texts: each fast path and the general path ---------------------------------------------------------

_LONG = " ".join(["Die Lieferung von Büromaterial erfolgt nach Bedarf."] * 90)  # beyond the scan cache
TEXTS = [
    ("ENG", "Supply of office chairs."),  # no hit at all
    ("ENG", "The tenderer must comply with the requirements; not later than May."),  # context terms only
    ("ENG", "Products shall carry the EU Ecolabel or equivalent."),  # hits
    ("ENG", "Campaign on social media about social security."),  # guards
    ("ENG", "No environmental criteria apply to this contract."),  # negation
    ("ENG", "MSC certified fish; staff with an MSc degree; ISO 14001 or iso 14001."),  # acronyms: exact case
    ("ENG", "Recyclability, recycled content and life-cycle costs must be assessed."),  # word may continue
    ("DEU", "Haftung für Umweltschäden und Umweltschadensversicherung; Umweltmanagement ist gefordert."),
    ("DEU", "Die Umweltzeichen (Blauer Engel) sind nachzuweisen. " + _LONG),
    ("FRA", "L’offre doit respecter des critères environnementaux – clause sociale d’insertion."),
    ("FRA", "Pas de critère environnemental ; µ-mètre – œuvre « écologique » …"),
    ("NLD", "Geen sociale clausule. Het Europees Ecolabel is vereist."),
    ("POL", "Kryteria: rozwiązania proekologiczne, energooszczędne; klauzule społeczne."),
    ("RON", "Stație de epurare; criterii de mediu şi ecologic; stație şi ţară."),  # ș and ş mixed: per character
    ("ELL", "ΠΕΡΙΒΑΛΛΟΝΤΙΚΑ ΚΡΙΤΗΡΙΑ και περιβαλλοντική διαχείριση ΣΑΣ."),
    ("BUL", "Екологични критерии и социални клаузи за възлагане на поръчката."),
    ("HUN", "Környezetvédelmi szempontok nem kerültek meghatározásra; ő és ű."),
    ("LIT", "Aplinkosaugos kriterijai ir žaliasis pirkimas."),
    ("MLT", "Kriterji ambjentali u ħarsien tal-ambjent."),
    (None, "Sustainability criteria and the EU Ecolabel."),  # a text without a language: the notice's
    ("XXX", "EU Ecolabel and FSC certified timber."),  # a language without a lexicon: shared names only
    ("ENG", "İstanbul ǅ Σ — a text the code pages cannot take: environmental criteria are mandatory."),
]


def _notice(lang: str | None, value: str, notice_language: str | None = "ENG") -> Notice:
    text = (Text(lang, value),)
    lots = (
        Lot("LOT-0001", descriptions=text, performance_terms=text),
        Lot("LOT-0002", titles=text, award_criteria=(AwardCriterion("quality", names=text),)),
        Lot("LOT-0003", selection_criteria=text, additional_info=(Text(lang, value + " "),)),
    )
    return Notice("ted-r2.0.9", "ContractNotice", "1-2020", None, language=notice_language, lots=lots)


@pytest.mark.parametrize(("lang", "value"), TEXTS)
@pytest.mark.parametrize("notice_language", ["ENG", None])
def test_crafted_texts_scan_and_detect_as_the_reference(lang: str | None, value: str, notice_language: str) -> None:
    language = lexicon_language(lang) or lexicon_language(notice_language)
    assert default_matcher().scan(value, language) == _reference_matcher().scan(value, language)
    notice = _notice(lang, value, notice_language)
    assert detect_notice(notice) == reference_detect(notice)


def test_the_crafted_texts_take_every_path() -> None:
    scans = [_reference_matcher().scan(value, lexicon_language(lang) or "en") for lang, value in TEXTS]
    assert any(scan == _NOTHING for scan in scans)
    assert any(not scan.hits and (scan.cues or scan.negations) for scan in scans)
    assert any(scan.hits and scan.negations for scan in scans)
    guarded = _reference_matcher().scan("social media", "en")
    assert guarded.hits == () and default_matcher().scan("social media", "en") == guarded
    # "Umweltschäden" and "Umweltschaden*" share a key but not their word ending: the general path
    german = default_matcher()._for("de")
    assert german is not None and any(not key.uniform for key in german.values())


def test_a_notice_with_many_texts_in_many_languages_detects_as_the_reference() -> None:
    texts = tuple(Text(lang, value) for lang, value in TEXTS)
    lot = Lot("LOT-0001", descriptions=texts, award_criteria=(AwardCriterion("q", descriptions=texts),))
    notice = Notice("eforms", "ContractNotice", "n", "01", language="FRA", titles=texts[:3], lots=(lot, lot))
    assert detect_notice(notice) == reference_detect(notice)


@pytest.mark.parametrize("language", [None, "xx", SHARED_LANGUAGE, *LANGUAGES])
def test_what_a_key_yields_is_worked_out_for_the_language_of_its_texts(language: str | None) -> None:
    """Every key keeps for a fitting occurrence the evidence terms that the per-occurrence choice would keep for
    a text in any language read with its automaton."""
    automaton = default_matcher()._for(language)
    assert automaton is not None
    for key in automaton.values():
        assert all(term.language in (language, SHARED_LANGUAGE) or language is None for term in key.terms)
        if key.uniform:
            assert key.chosen == _one_per_dimension(key.terms, language)
            assert key.contexts == tuple(term.category for term in key.terms if term.is_context)


def test_own_language_terms_win_over_shared_names_as_in_the_reference() -> None:
    """Where a shared name and a term of the text's language fold alike, the language's term is kept; which one is
    known per automaton, so it is worked out when the matcher is built."""
    terms = (
        *_lexicon(SHARED_LANGUAGE, "label\tgreen\tspecific\tEcolabel", "label\tsocial\tspecific\tFairtrade*"),
        *_lexicon("en", "environmental\tgreen\tstrong\tecolabel", "guard\t-\tguard\tfairtrade town"),
        *_lexicon("fr", "environmental\tgreen\tstrong\tÉcolabel", "cue\t-\tcue\tecolabel"),
    )
    matcher, reference = Matcher(terms), _ReferenceMatcher(terms)
    for language in ("en", "fr", "de", None):
        for text in ("EU Ecolabel products", "Fairtrade coffee in a Fairtrade town", "ÉCOLABEL européen"):
            assert matcher.scan(text, language) == reference.scan(text, language), (language, text)
    (hit,) = matcher.find("EU Ecolabel products", "en")
    assert hit.term.language == "en"


# ---- the shared corpus ------------------------------------------------------------------------------------------

TED_POOL = SHARED / "corpus" / "ted-pool" / "ted-xml-3163.tar.gz"


def _pool_notices() -> Iterator[tuple[str, Notice]]:
    with tarfile.open(TED_POOL) as archive:
        for member in archive:
            file = archive.extractfile(member) if member.isfile() else None
            if file is not None:
                yield member.name, read_notice(file.read())


@pytest.mark.shared
def test_every_corpus_notice_detects_as_the_reference() -> None:
    paths = sorted((SHARED / "corpus").rglob("*.xml"))
    assert len(paths) >= 200
    for path in paths:
        notice = read_notice(path.read_bytes())
        assert detect_notice(notice) == reference_detect(notice), path.name


@pytest.mark.shared
@pytest.mark.slow
def test_every_ted_pool_notice_detects_as_the_reference() -> None:
    compared = 0
    for name, notice in _pool_notices():
        assert detect_notice(notice) == reference_detect(notice), name
        compared += 1
    assert compared == 3163


PINNED = {
    "eforms/tedsws_00746475-2023.xml": [
        ("LOT-0001", "proekologiczn*", "proekologiczne", 24, "award_criteria", "award-criterion"),
        ("LOT-0001", "energooszczędn*", "energooszczędne", 41, "award_criteria", "award-criterion"),
    ],
    "ted-xml/tedrdfmap_260082-2021.xml": [
        ("", "stație de epurare", "Stație de epurare", 0, "titles", "purpose"),
        ("LOT-0001", "ISO 14001", "ISO 14001", 514, "selection_criteria", "selection-criterion"),
        ("LOT-0001", "ecologic*", "ecologic", 760, "selection_criteria", "selection-criterion"),
    ],
    "ted-xml/tedrdfmap_298344-2018.xml": [
        (f"LOT-000{n}", "spotřeba pohonných hmot", "spotřeba pohonných hmot", 10, "award_criteria", "award-criterion")
        for n in range(1, 5)
    ],
    "ted-xml/tedrdfmap_051420-2019.xml": [
        ("", "clauses sociales", "clauses sociales", 102, "additional_info", "specific-term"),
        ("", "sociale clausule*", "sociale clausules", 115, "additional_info", "specific-term"),
        ("LOT-0001", "recyclab*", "Recyclabilité", 0, "award_criteria", "award-criterion"),
        ("LOT-0001", "recycleerbaar*", "Recycleerbaarheid", 0, "award_criteria", "award-criterion"),
    ],
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_detections_of_real_notices(name: str) -> None:
    detections = detect_notice(read_notice(Path(SHARED / "corpus" / name).read_bytes()))
    found = [(d.lot_id, e.term, e.matched, e.start, e.field, e.role) for d in detections for e in d.evidence]
    assert found == PINNED[name]
