"""The guide's knowledge base: every fiche, found by CPV code (prefix rules) or by words in NL, FR or EN.

CPV rule: a fiche covers the CPV codes of its EU GPP group in the crosswalk (``enrich/product_groups.py``,
inherited) plus the codes it lists itself (explicit). Each code is cut to its CPV level by stripping trailing
zeros and prefix-matched. When several fiches match a CPV code, the longest prefix comes first and, for equal
prefixes, an explicit claim beats an inherited one; so ``vehicles`` (which lists ``34100000``) is the primary
fiche of a car, while ``road-transport`` still covers it as a second match.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from ..enrich.product_groups import cpv_prefix, crosswalk_codes, crosswalk_exceptions, product_groups
from ..errors import CatalogedError
from .fiche import Fiche, FicheInvalid, Obligation, Problem, parse_fiche, parse_obligations

OBLIGATIONS_FILE = "_obligations.yaml"  # legal obligations shared by the fiches

_CPV_QUERY = re.compile(r"^\s*(\d{8})(?:-\d)?\s*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CpvMatch:
    fiche: Fiche
    prefix: str  # the matching prefix (CPV code cut at its level)
    explicit: bool  # listed by the fiche itself, not inherited from the crosswalk


@dataclass(frozen=True, slots=True)
class SearchHit:
    fiche: Fiche
    score: float
    matched: tuple[str, ...]  # what matched: "cpv 34100000", "name", "keyword: wagen" ...


@dataclass(frozen=True)  # no slots: the CPV rules are a cached property
class KnowledgeBase:
    fiches: tuple[Fiche, ...]

    @functools.cached_property
    def scoped_obligations(self) -> tuple[Obligation, ...]:
        """The shared legal obligations with a CPV scope (CVD, EED), as the fiches name them."""
        found = {o.id: o for fiche in self.fiches for o in fiche.obligations if o.cpv_scope}
        return tuple(found[key] for key in sorted(found))

    @functools.cached_property
    def spread(self) -> dict[str, int]:
        """How many fiches know each word of their names and keywords (the compound search weighs by it)."""
        counts: dict[str, int] = {}
        for fiche in self.fiches:
            for word in set().union(*(vocabulary for _, _, vocabulary in _vocabularies(fiche)[1:3])):
                counts[word] = counts.get(word, 0) + 1
        return counts

    def get(self, fiche_id: str) -> Fiche | None:
        return next((fiche for fiche in self.fiches if fiche.id == fiche_id), None)

    def for_gpp_group(self, group: str | None) -> Fiche | None:
        return next((fiche for fiche in self.fiches if group and fiche.gpp_group == group), None)

    def covered_codes(self, fiche: Fiche) -> tuple[str, ...]:
        """The CPV codes a fiche covers: its own and those of its EU GPP group in the crosswalk."""
        inherited = crosswalk_codes().get(fiche.gpp_group or "", ())
        return tuple(sorted({*fiche.cpv, *inherited}))

    @functools.cached_property
    def _rules(self) -> tuple[tuple[str, bool, Fiche], ...]:
        inherited = crosswalk_codes()
        rules: dict[tuple[str, str], bool] = {}
        for fiche in self.fiches:
            for code in inherited.get(fiche.gpp_group or "", ()):
                rules.setdefault((cpv_prefix(code), fiche.id), False)
            for code in fiche.cpv:
                rules[(cpv_prefix(code), fiche.id)] = True
        by_id = {fiche.id: fiche for fiche in self.fiches}
        ordered = sorted(rules.items(), key=lambda item: (-len(item[0][0]), not item[1], item[0][1]))
        return tuple((prefix, explicit, by_id[fiche_id]) for (prefix, fiche_id), explicit in ordered)

    def matches(self, cpv: str | None) -> list[CpvMatch]:
        """Every fiche covering ``cpv``, the most specific first (one match per fiche)."""
        if not cpv:
            return []
        code = cpv.strip()[:8]
        # an exception of the crosswalk (animal feed under food …) cuts the inherited claims of shorter prefixes
        cut = next((len(prefix) for prefix in crosswalk_exceptions() if code.startswith(prefix)), 0)
        found: dict[str, CpvMatch] = {}
        for prefix, explicit, fiche in self._rules:
            if code.startswith(prefix) and fiche.id not in found and (explicit or len(prefix) >= cut):
                found[fiche.id] = CpvMatch(fiche, prefix, explicit)
        return list(found.values())

    def matches_of_lot(self, cpv_main: str | None, cpv_additional: Iterable[str] = ()) -> list[CpvMatch]:
        """Fiches touched by a lot: those of its main CPV first, then those only its additional CPVs reach."""
        found: dict[str, CpvMatch] = {}
        for code in (cpv_main, *cpv_additional):
            for match in self.matches(code):
                found.setdefault(match.fiche.id, match)
        return list(found.values())

    def spanned(self, cpv: str | None) -> list[CpvMatch]:
        """The fiches of narrower codes under a parent code that no group claims whole (``09300000``, electricity,
        heating, solar and nuclear energy, spans electricity): offered, not assigned."""
        if not cpv:
            return []
        level = cpv_prefix(cpv.strip()[:8])
        direct = {match.fiche.id for match in self.matches(cpv)}
        found: dict[str, CpvMatch] = {}
        for prefix, explicit, fiche in self._rules:
            if len(prefix) > len(level) and prefix.startswith(level) and fiche.id not in direct:
                found.setdefault(fiche.id, CpvMatch(fiche, prefix, explicit))
        return sorted(found.values(), key=lambda match: (match.prefix, match.fiche.id))

    def primary(self, cpv: str | None) -> Fiche | None:
        found = self.matches(cpv)
        return found[0].fiche if found else None

    def search(self, query: str) -> list[SearchHit]:
        """Fiches for a CPV code (``34100000`` or ``34100000-8``) or for words in NL, FR or EN, best first."""
        cpv = _CPV_QUERY.match(query)
        if cpv:
            hits = [
                SearchHit(match.fiche, float(len(match.prefix)), (f"cpv {match.prefix}",))
                for match in self.matches(cpv.group(1))
            ]
            hits += [
                SearchHit(match.fiche, 0.5, (f"narrower cpv {match.prefix.ljust(8, '0')}",))
                for match in self.spanned(cpv.group(1))
            ]
            return hits
        words = _words(query)
        if not words:
            return []
        # a word is read as a compound only where no fiche knows it whole: "schoonmaakdiensten" is cleaning,
        # not every fiche that mentions "diensten"
        known = {word for word in words for fiche in self.fiches if _direct(word, _vocabularies(fiche))}
        compounds, spread = set(words) - known, self.spread
        hits = [hit for fiche in self.fiches if (hit := _score(fiche, words, compounds, spread)) is not None]
        return sorted(hits, key=lambda hit: (-hit.score, hit.fiche.id))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(_fold(text)) if len(word) >= 2]


# Dutch and German compounds put the head last and may join their parts with -s-, -en-, -e-, -n- or -er-:
# "dienstwagens" is dienst + wagen + s, "bureaustoelen" bureau + stoel + en, "autobus" auto + bus.
_INFLECTIONS = ("", "s", "en", "n", "e", "es", "er", "ern")
MIN_PART = 3  # neither the known part nor the rest of the compound may be shorter
HEAD_SHARE, FIRST_PART_SHARE = 0.5, 0.4  # of the field's weight, for a compound's known head or first part


def _compound_part(word: str, vocabulary: set[str]) -> tuple[str, bool] | None:
    """The known word a compound query word is built on, and whether it is the head: its head (the end, with an
    inflection) or, failing that, its first part (``brandstofkosten`` → ``brandstof``); the rest must be at
    least MIN_PART letters."""
    heads = [
        known
        for known in vocabulary
        if len(known) >= MIN_PART
        and any(
            word.endswith(known + ending) and len(word) - len(known) - len(ending) >= MIN_PART
            for ending in _INFLECTIONS
        )
    ]
    if heads:
        return max(heads, key=len), True
    firsts = [
        known
        for known in vocabulary
        if len(known) >= 4 and word.startswith(known) and len(word) - len(known) >= MIN_PART
    ]
    return (max(firsts, key=len), False) if firsts else None


def _vocabularies(fiche: Fiche) -> list[tuple[str, float, set[str]]]:
    return [
        ("id", 3.0, set(_words(fiche.id.replace("-", " ")))),
        ("name", 3.0, {word for name in fiche.names.values() for word in _words(name)}),
        ("keyword", 2.0, {word for kws in fiche.keywords.values() for kw in kws for word in _words(kw)}),
        ("summary", 1.0, {word for text in fiche.summary.values() for word in _words(text)}),
    ]


def _direct(word: str, fields: list[tuple[str, float, set[str]]]) -> tuple[str, float, str] | None:
    """A known word that ``word`` starts (``voertuig`` → ``voertuigen``) or inflects (``reinigingsmiddelen`` →
    ``reinigingsmiddel``, ``stoelen`` → ``stoel``)."""
    for field, weight, vocabulary in fields:
        hit = next((known for known in sorted(vocabulary) if known.startswith(word)), None)
        hit = hit or next((known for known in sorted(vocabulary) if _inflects(word, known)), None)
        if hit:
            return field, weight, hit
    return None


def _inflects(word: str, known: str) -> bool:
    return len(known) >= MIN_PART and word.startswith(known) and word[len(known) :] in _INFLECTIONS


# Parts of a compound that no known word starts or ends are compared by their letter trigrams, so that a
# German part finds its Dutch cognate (reinigung ~ reiniging, zentrum ~ centrum, strom ~ stroom) and an
# inflected part its base form; a part or known word shorter than FUZZY_MIN letters has too few trigrams.
FUZZY = 0.65
FUZZY_MIN = 5
FUZZY_START = 7


@functools.lru_cache(maxsize=65536)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"<{word}>"
    return frozenset(padded[index : index + 3] for index in range(len(padded) - 2))


def _similarity(part: str, known: str) -> float:
    """Dice coefficient of the trigrams of ``part`` and of ``known``, or of its start as long as ``part`` when
    that is at least FUZZY_START letters (a part may be the first word of a known compound: reinigung ~
    reinigingsmiddel). Not its end: known words share endings (-ering, -dienst) that say nothing of the group."""
    best = 0.0
    for other in {known, known[: len(part)] if len(part) >= FUZZY_START else known}:
        grams, known_grams = _trigrams(part), _trigrams(other)
        best = max(best, 2 * len(grams & known_grams) / (len(grams) + len(known_grams)))
    return best


def _parts(word: str) -> list[str]:
    """The words a compound may be built of: every end (its head) and every start of at least FUZZY_MIN letters,
    a start also without a joining -s-, -en-, -e- or -n-; the longest first."""
    heads = [word[index:] for index in range(MIN_PART, len(word) - FUZZY_MIN + 1)]
    starts = []
    for index in range(len(word) - MIN_PART, FUZZY_MIN - 1, -1):
        start = word[:index]
        starts.append(start)
        starts += [start[: -len(joint)] for joint in ("s", "en", "e", "n") if start.endswith(joint)]
    return [part for part in dict.fromkeys(heads + starts) if len(part) >= FUZZY_MIN]


def _similar_part(word: str, vocabulary: set[str]) -> tuple[float, str] | None:
    """The known word most like a part of ``word`` (at least FUZZY), with its similarity times the share of
    the word that part covers (a long part says more than a short one), or None."""
    best: tuple[float, str] | None = None
    for part in _parts(word):
        for known in vocabulary:
            score = _similarity(part, known) if len(known) >= FUZZY_MIN else 0.0
            if score >= FUZZY and (best is None or (score * len(part) / len(word), known) > best):
                best = (score * len(part) / len(word), known)
    return best


def _compound(
    word: str, fields: list[tuple[str, float, set[str]]], spread: Mapping[str, int]
) -> tuple[str, float, str] | None:
    """The field, score and known word a compound is built on: a known head counts half the field's weight and
    a known first part 0.4 of it (the head names the thing: "Straßenreinigungsfahrzeuge" are vehicles before
    they are street cleaning); else a part like a known word (trigrams) counts a quarter, times the similarity and the
    share of the word the part covers, divided by the number of fiches that know the word — "dienste" like
    "diensten", known to many fiches, says little; "reinigung" like "reinigingsmiddel", known to one, says
    much."""
    for field, weight, vocabulary in fields:
        found = _compound_part(word, vocabulary)
        if found:
            part, head = found
            return field, weight * (HEAD_SHARE if head else FIRST_PART_SHARE), part
    best: tuple[str, float, str] | None = None
    for field, weight, vocabulary in fields:
        similar = _similar_part(word, vocabulary)
        if similar:
            value = weight / 4 * similar[0] / max(1, spread.get(similar[1], 1))
            if best is None or value > best[1]:
                best = (field, value, similar[1])
    return best


def _score(
    fiche: Fiche, words: list[str], compounds: set[str] | None = None, spread: Mapping[str, int] | None = None
) -> SearchHit | None:
    """Each query word counts once, where it matches best: id or name 3, keyword 2, summary 1. Words match a
    whole word or the start of one, so "voertuig" finds "voertuigen" and "vehic" finds "vehicles". A word that
    matches nothing so is read as a compound (Dutch, German) and counts half where its head or first part
    matches: "dienstwagens" finds "wagen", "bureaustoelen" "stoel", "autobus" "bus"."""
    fields = _vocabularies(fiche)
    score = 0.0
    matched: list[str] = []
    for word in words:
        direct = _direct(word, fields)
        if direct:
            field, weight, hit = direct
            score += weight
            matched.append(f"{field}: {hit}")
            continue
        if (compounds is None or word in compounds) and len(word) >= 2 * MIN_PART:
            found = _compound(word, fields[1:3], spread or {})  # compounds are matched on names and keywords
            if found:
                field, value, part = found
                score += value
                matched.append(f"{field}: {part} (in {word})")
    if score == 0.0:
        return None
    coverage = len(matched) / len(words)  # all query words found ranks above some of them
    return SearchHit(fiche, round(score * coverage, 3), tuple(matched))


def read_fiches(files: Iterable[Traversable | Path]) -> tuple[list[Fiche], list[Problem]]:
    """Parse fiche files; returns the valid fiches and every problem of the others (none are skipped silently)."""
    known = {group: entry.criteria_year for group, entry in product_groups().items()}
    fiches: list[Fiche] = []
    problems: list[Problem] = []
    files = sorted(files, key=lambda item: item.name)
    obligations: dict[str, Obligation] = {}
    shared = [file for file in files if file.name == OBLIGATIONS_FILE]
    if not shared:
        problems.append(Problem(OBLIGATIONS_FILE, "obligations_missing"))
    for file in shared:
        try:
            obligations = parse_obligations(_yaml(file), file.name)
        except FicheInvalid as exc:
            problems.extend(exc.problems)
    for file in files:
        if file.name.startswith("_"):
            continue
        try:
            fiches.append(parse_fiche(_yaml(file), file.name, known, obligations))
        except FicheInvalid as exc:
            problems.extend(exc.problems)
    ids = [fiche.id for fiche in fiches]
    for duplicate in sorted({fiche_id for fiche_id in ids if ids.count(fiche_id) > 1}):
        problems.append(Problem(duplicate, "duplicate_fiche"))
    return fiches, problems


def _yaml(file: Traversable | Path) -> Any:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file.name}:{mark.line + 1}:{mark.column + 1}" if mark else file.name
        reason = str(getattr(exc, "problem", None) or exc)
        raise FicheInvalid([Problem(where, "not_yaml", (("reason", reason),))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FicheInvalid([Problem(file.name, "unreadable", (("reason", str(exc)),))]) from None


def fiche_files(folder: Path | None = None) -> list[Traversable | Path]:
    """The YAML files of a fiche folder, or of the packaged knowledge base."""
    found: list[Traversable | Path] = []
    if folder is not None:
        if not folder.is_dir():
            raise CatalogedError("SOURCE_NOT_FOUND", f"{folder} is not a folder")
        found.extend(sorted(folder.glob("*.yaml")))
        return found
    packaged = resources.files("sppmon.data").joinpath("guide")
    found.extend(entry for entry in packaged.iterdir() if entry.name.endswith(".yaml"))
    return found


def load_knowledge_base(folder: Path | None = None) -> KnowledgeBase:
    """All fiches (the packaged ones, or those of ``folder``); any invalid fiche makes this fail with every
    problem listed, so that a broken file is never served half-read."""
    if folder is None:
        return _packaged()
    return _load(fiche_files(folder))


@functools.cache
def _packaged() -> KnowledgeBase:
    return _load(fiche_files())


def _load(files: list[Traversable | Path]) -> KnowledgeBase:
    fiches, problems = read_fiches(files)
    if problems:
        listed = "; ".join(str(problem) for problem in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise CatalogedError("GUIDE_FICHE_INVALID", f"{len(problems)} problem(s): {listed}{more}")
    return KnowledgeBase(tuple(sorted(fiches, key=lambda fiche: fiche.id)))
