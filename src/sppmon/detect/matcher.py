"""Multi-pattern matching of lexicon terms in notice texts: one Aho–Corasick automaton for all terms.

Texts and terms are folded the same way — lower case, accents removed, hyphens and dashes as spaces, curly
apostrophes straight — by a character-for-character mapping, so positions in the folded text are positions in
the original and every hit reports the exact span it covers (see :mod:`.folding`). One pass over a text with
the automaton of its language finds every occurrence of every term that applies; word boundaries, letter case of
acronyms and guards are then checked per hit. Context terms (requirement cues, negations, boilerplate) are
reported as spans for the detector to weigh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..records import quick_init
from .folding import fold
from .lexicon import SHARED_LANGUAGE, Term

# Scans of recent texts are kept: notices repeat the same texts (award criteria named "Price" or "Quality",
# a buyer's standard clauses, boilerplate), so across a corpus a third to most of the texts scanned were
# scanned before. Only texts up to this length are kept, and at most SCAN_CACHE_SIZE of them: a few MB.
_CACHED_TEXT_CHARS = 4000
SCAN_CACHE_SIZE = 2048


@quick_init
@dataclass(frozen=True, slots=True)
class Hit:
    term: Term
    start: int
    end: int  # exclusive; a term with a trailing "*" extends to the end of the word
    matched: str


@quick_init
@dataclass(frozen=True, slots=True)
class Scan:
    """What one text holds: evidence hits (guards applied) and the spans of its context terms."""

    hits: tuple[Hit, ...]
    cues: tuple[tuple[int, int], ...] = ()  # requirement cues ("must", "moet", "Zuschlagskriterium" …)
    negations: tuple[tuple[int, int], ...] = ()  # "no", "geen", "pas de", "nicht" …
    boilerplate: tuple[tuple[int, int], ...] = ()  # statutory phrases (exclusion grounds, light regime …)


_NOTHING = Scan(())  # what most texts hold: shared rather than built per text


@dataclass(frozen=True, slots=True)
class _Key:
    """The terms one automaton key stands for, with what can be worked out once per automaton: most keys hold
    terms that fit or fail alike at any place (``uniform``), so one check decides for all of them and the
    context categories and evidence terms of a fitting occurrence are known in advance."""

    length: int
    terms: tuple[Term, ...]  # every term of the automaton that folds to the key, in lexicon order
    uniform: bool
    whole_start: bool  # (uniform keys) must not continue a word to the left
    whole_end: bool  # (uniform keys) must not continue a word to the right
    exact: str | None  # (uniform keys) the spelling a match must have: acronyms only match with their case
    contexts: tuple[str, ...]  # (uniform keys) the categories of its context terms, one per term
    chosen: tuple[Term, ...]  # (uniform keys) its evidence terms, one per dimension


class Matcher:
    """The terms of a set of lexicons in Aho–Corasick automata: one per language (its terms and the shared names),
    so that a text meets only its own language's terms, and one over all terms for texts of unknown language.
    Build once, reuse for every text (thread-safe reads)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._every = tuple(terms)
        self._keys = {term.text: fold(term.text) for term in self._every}  # folded once, for every automaton
        self._term_languages = {term.language for term in self._every} - {SHARED_LANGUAGE}
        # Built when a text first asks for them: a run meets a few of the 26 languages' automata (building all
        # of them took 47 ms, paid by every process that detects).
        self._automata: dict[str | None, ahocorasick.Automaton | None] = {}
        self.size = len(set(self._keys.values()))
        # Languages with a lexicon of their own (evidence terms), beside shared names and boilerplate phrases.
        self.languages = frozenset(
            term.language for term in self._every if not term.is_context and term.language != SHARED_LANGUAGE
        )
        self._recent = lru_cache(maxsize=SCAN_CACHE_SIZE)(self._scan)  # Scan is immutable: safe to share

    def _for(self, language: str | None) -> ahocorasick.Automaton | None:
        """The automaton of ``language``: every term it holds applies to a text in that language. ``None``:
        every term; a language without terms of its own: the shared ones."""
        name = language if language is None or language in self._term_languages else SHARED_LANGUAGE
        try:
            return self._automata[name]
        except KeyError:
            # Two threads may build the same automaton at once; either copy serves.
            built = self._automata[name] = self._build(name)
            return built

    def _build(self, name: str | None) -> ahocorasick.Automaton | None:
        every, keys = self._every, self._keys
        if name is None:
            return _automaton(every, keys, None)
        if name == SHARED_LANGUAGE:
            return _automaton((t for t in every if t.language == SHARED_LANGUAGE), keys, None)
        return _automaton((t for t in every if t.language in (name, SHARED_LANGUAGE)), keys, name)

    def find(self, text: str, language: str | None = None) -> list[Hit]:
        """Evidence hits in ``text`` (see :meth:`scan`)."""
        return list(self.scan(text, language).hits)

    def scan(self, text: str, language: str | None = None) -> Scan:
        """Hits of the terms of ``language`` (two-letter; ``None``: every language) and of the shared label
        names, without those inside a guard phrase or inside a longer hit; plus the context spans."""
        if len(text) <= _CACHED_TEXT_CHARS:
            return self._recent(text, language)
        return self._scan(text, language)

    def _scan(self, text: str, language: str | None) -> Scan:
        automaton = self._for(language)
        if not text or automaton is None:
            return _NOTHING
        folded = fold(text)
        size = len(folded)
        hits: list[Hit] = []
        context: dict[str, list[tuple[int, int]]] = {}
        key: _Key
        for last, key in automaton.iter(folded):
            start, end = last - key.length + 1, last + 1
            if key.uniform:  # the checks of _fits, inline: a call per occurrence would cost as much as they do
                if (
                    (key.whole_start and start > 0 and folded[start - 1].isalnum())
                    or (key.whole_end and end < size and folded[end].isalnum())
                    or (key.exact is not None and text[start:end] != key.exact)
                ):
                    continue
                contexts, chosen = key.contexts, key.chosen
            else:
                contexts, chosen = _fitting(key.terms, text, folded, start, end, language)
            for category in contexts:
                context.setdefault(category, []).append((start, end))
            for term in chosen:
                stop = _word_end(folded, end) if term.word_may_continue else end
                hits.append(Hit(term, start, stop, text[start:stop]))
        if not hits and not context:
            return _NOTHING
        return _assemble(hits, context)


def _fitting(
    terms: tuple[Term, ...], text: str, folded: str, start: int, end: int, language: str | None
) -> tuple[tuple[str, ...], tuple[Term, ...]]:
    """The context categories and the evidence terms (one per dimension) of the terms that fit at this place:
    the general path, for keys whose terms differ in how they fit."""
    fitting = [term for term in terms if _fits(term, text, folded, start, end)]
    return tuple(term.category for term in fitting if term.is_context), _one_per_dimension(fitting, language)


def _assemble(hits: list[Hit], context: dict[str, list[tuple[int, int]]]) -> Scan:
    """The scan of a text from its fitting hits and context spans: guards and longer hits win."""
    guards = context.get("guard", [])
    if guards and hits:
        hits = [hit for hit in hits if not any(g0 < hit.end and hit.start < g1 for g0, g1 in guards)]
    return Scan(
        tuple(_outermost(hits)),
        tuple(context.get("cue", ())),
        tuple(context.get("negation", ())),
        tuple(context.get("boilerplate", ())),
    )


def _automaton(terms: Iterable[Term], keys: Mapping[str, str], language: str | None) -> ahocorasick.Automaton | None:
    """One automaton over ``terms``, keyed by their folded spelling ``keys[term.text]`` (several terms may share a
    key); ``None`` without terms. ``language`` is the language of the texts it reads (``None``: unknown or one
    without a lexicon), whose own terms win over shared names of the same dimension at the same place."""
    by_key: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_key[keys[term.text]].append(term)
    if not by_key:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, key_terms in by_key.items():
        automaton.add_word(key, _key(len(key), tuple(key_terms), language))
    automaton.make_automaton()
    return automaton


def _key(length: int, terms: tuple[Term, ...], language: str | None) -> _Key:
    """What to check for an occurrence of the terms: whether they fit is decided by their word boundaries and
    case; when those are the same for all, so is the outcome, and what a fitting occurrence yields is fixed.
    The language preferred among them is the automaton's: a text read with it is in that language or, for the
    automata of every term and of shared names only, in none whose terms are among them."""
    first = terms[0]
    exact = first.text if first.exact_case else None
    uniform = len(terms) == 1 or all(
        (term.word_may_start_earlier, term.word_may_continue, term.text if term.exact_case else None)
        == (first.word_may_start_earlier, first.word_may_continue, exact)
        for term in terms[1:]
    )
    return _Key(
        length=length,
        terms=terms,
        uniform=uniform,
        whole_start=not first.word_may_start_earlier,
        whole_end=not first.word_may_continue,
        exact=exact,
        contexts=tuple(term.category for term in terms if term.is_context),
        chosen=_one_per_dimension(terms, language),
    )


def _one_per_dimension(terms: Iterable[Term], language: str | None) -> tuple[Term, ...]:
    """The first term of each dimension, or the first in ``language`` if any (over a shared name)."""
    chosen: dict[str, Term] = {}
    for term in terms:
        if term.is_context:
            continue
        current = chosen.get(term.dimension)
        if current is None or (term.language == language and current.language != language):
            chosen[term.dimension] = term
    return tuple(chosen.values())


def _fits(term: Term, text: str, folded: str, start: int, end: int) -> bool:
    if not term.word_may_start_earlier and start > 0 and folded[start - 1].isalnum():
        return False
    if not term.word_may_continue and end < len(folded) and folded[end].isalnum():
        return False
    return not term.exact_case or text[start:end] == term.text


def _word_end(folded: str, end: int) -> int:
    while end < len(folded) and folded[end].isalnum():
        end += 1
    return end


def _outermost(hits: list[Hit]) -> list[Hit]:
    """One hit per span and dimension (the longest term), and none inside a longer hit of the same dimension
    ("environmental" in "environmental criteria")."""
    if len(hits) < 2:
        return hits
    best: dict[tuple[str, int, int], Hit] = {}
    for hit in hits:
        key = (hit.term.dimension, hit.start, hit.end)
        if key not in best or len(hit.term.text) > len(best[key].term.text):
            best[key] = hit
    unique = list(best.values())
    return [
        hit
        for hit in unique
        if not any(
            other.term.dimension == hit.term.dimension
            and other.start <= hit.start
            and hit.end <= other.end
            and (other.end - other.start) > (hit.end - hit.start)
            for other in unique
        )
    ]
