"""Multi-pattern matching of lexicon terms in notice texts: one Aho–Corasick automaton for all terms.

Texts and terms are folded the same way — lower case, accents removed, hyphens and dashes as spaces, curly
apostrophes straight — by a character-for-character mapping, so positions in the folded text are positions in
the original and every hit reports the exact span it covers. One pass over a text finds every occurrence of
every term; word boundaries, letter case of acronyms, the text's language and guards are then checked per hit.
Context terms (requirement cues, negations, boilerplate) are reported as spans for the detector to weigh.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .lexicon import SHARED_LANGUAGE, Term

_SPACES = "-‐‑‒–—_\u00a0\u2009\u202f\t\n\r"
_APOSTROPHES = "’‘`´"
# Scans of recent texts are kept: notices repeat the same texts (award criteria named "Price" or "Quality",
# a buyer's standard clauses, boilerplate), so across a corpus a third to most of the texts scanned were
# scanned before. Only texts up to this length are kept, and at most SCAN_CACHE_SIZE of them: a few MB.
_CACHED_TEXT_CHARS = 4000
SCAN_CACHE_SIZE = 2048


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2200):
        char = chr(code)
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(part for part in decomposed if not unicodedata.combining(part)).lower()
        if len(base) == 1 and base != char:
            table[code] = base
    for char in _SPACES:
        table[ord(char)] = " "
    for char in _APOSTROPHES:
        table[ord(char)] = "'"
    return table


_TABLE = _fold_table()
# The same mapping as a list indexed by code point: str.translate looks a list up about twice as fast as a dict;
# code points beyond it raise IndexError, which translate reads as "unchanged".
_TABLE_LIST: list[int | str] = [_TABLE.get(code, code) for code in range(max(_TABLE) + 1)]


def _latin1_table() -> tuple[bytes, str]:
    """The mapping for the first 256 code points as a byte table, and the characters among them whose folded form
    lies beyond (only the micro sign, which folds to a Greek mu): texts of Western European languages are mostly
    within, and a byte table maps them about ten times faster than a lookup per character."""
    table = bytearray(range(256))
    beyond = ""
    for code in range(256):
        folded = chr(code).translate(_TABLE_LIST).lower()
        if len(folded) == 1 and ord(folded) < 256:
            table[code] = ord(folded)
        else:
            beyond += chr(code)
    return bytes(table), beyond


_LATIN1_TABLE, _BEYOND_LATIN1 = _latin1_table()
# Dashes, thin spaces and curly apostrophes lie beyond the first 256 code points but are common in French and
# Dutch texts; replaced by what they fold to (one character each) first, such texts take the byte table too.
_WIDE_PUNCTUATION = tuple((char, _TABLE[ord(char)]) for char in _SPACES + _APOSTROPHES if ord(char) > 0xFF)


def fold(text: str) -> str:
    """``text`` lower-cased without accents, dashes as spaces; always the same length as ``text``."""
    narrowed = text
    if not text.isascii():
        for char, plain in _WIDE_PUNCTUATION:
            if char in narrowed:
                narrowed = narrowed.replace(char, plain)
    try:
        latin1 = narrowed.encode("latin-1")
    except UnicodeEncodeError:
        latin1 = None
    if latin1 is not None and not any(char in narrowed for char in _BEYOND_LATIN1):
        return latin1.translate(_LATIN1_TABLE).decode("latin-1")
    folded = text.translate(_TABLE_LIST).lower()
    if len(folded) != len(text):  # a few characters (e.g. "İ") lower-case into two
        folded = "".join(low if len(low := char.lower()) == 1 else char for char in text.translate(_TABLE_LIST))
    return folded


@dataclass(frozen=True, slots=True)
class Hit:
    term: Term
    start: int
    end: int  # exclusive; a term with a trailing "*" extends to the end of the word
    matched: str


@dataclass(frozen=True, slots=True)
class Scan:
    """What one text holds: evidence hits (guards applied) and the spans of its context terms."""

    hits: tuple[Hit, ...]
    cues: tuple[tuple[int, int], ...] = ()  # requirement cues ("must", "moet", "Zuschlagskriterium" …)
    negations: tuple[tuple[int, int], ...] = ()  # "no", "geen", "pas de", "nicht" …
    boilerplate: tuple[tuple[int, int], ...] = ()  # statutory phrases (exclusion grounds, light regime …)


class Matcher:
    """The terms of a set of lexicons in Aho–Corasick automata: one per language (its terms and the shared names),
    so that a text meets only its own language's terms, and one over all terms for texts of unknown language.
    Build once, reuse for every text (thread-safe reads)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        every = tuple(terms)
        self._all = _automaton(every)
        languages = {term.language for term in every} - {SHARED_LANGUAGE}
        self._by_language = {
            language: _automaton(t for t in every if t.language in (language, SHARED_LANGUAGE))
            for language in languages
        }
        self._shared = _automaton(t for t in every if t.language == SHARED_LANGUAGE)
        self.size = len({fold(term.text) for term in every})
        # Languages with a lexicon of their own (evidence terms), beside shared names and boilerplate phrases.
        self.languages = frozenset(
            term.language for term in every if not term.is_context and term.language != SHARED_LANGUAGE
        )
        self._recent = lru_cache(maxsize=SCAN_CACHE_SIZE)(self._scan)  # Scan is immutable: safe to share

    def _for(self, language: str | None) -> ahocorasick.Automaton | None:
        if language is None:
            return self._all
        return self._by_language.get(language, self._shared)

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
            return Scan(())
        folded = fold(text)
        hits: list[Hit] = []
        context: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for last, (length, terms) in automaton.iter(folded):
            start, end = last - length + 1, last + 1
            fitting = [term for term in terms if _speaks(term, language) and _fits(term, text, folded, start, end)]
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
    """One automaton over ``terms``, keyed by their folded spelling (several terms may share a key); ``None``
    without terms."""
    by_key: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_key[fold(term.text)].append(term)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, key_terms in by_key.items():
        automaton.add_word(key, (len(key), tuple(key_terms)))
    if not by_key:
        return None
    automaton.make_automaton()
    return automaton


def _speaks(term: Term, language: str | None) -> bool:
    """Language scoping: a lexicon applies only to texts in its language; shared names apply to all."""
    return language is None or term.language in (language, SHARED_LANGUAGE)


def _one_per_dimension(terms: list[Term], language: str | None) -> list[Term]:
    chosen: dict[str, Term] = {}
    for term in terms:
        if term.is_context:
            continue
        current = chosen.get(term.dimension)
        if current is None or (term.language == language and current.language != language):
            chosen[term.dimension] = term
    return list(chosen.values())


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
