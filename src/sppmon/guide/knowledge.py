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
from collections.abc import Iterable
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
        hits = [hit for fiche in self.fiches if (hit := _score(fiche, words, set(words) - known)) is not None]
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


def _compound_part(word: str, vocabulary: set[str]) -> str | None:
    """The known word a compound query word is built on: its head (the end, with an inflection) or, failing
    that, its first part (``brandstofkosten`` → ``brandstof``); the rest must be at least MIN_PART letters."""
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
        return max(heads, key=len)
    firsts = [
        known
        for known in vocabulary
        if len(known) >= 4 and word.startswith(known) and len(word) - len(known) >= MIN_PART
    ]
    return max(firsts, key=len) if firsts else None


def _vocabularies(fiche: Fiche) -> list[tuple[str, float, set[str]]]:
    return [
        ("id", 3.0, set(_words(fiche.id.replace("-", " ")))),
        ("name", 3.0, {word for name in fiche.names.values() for word in _words(name)}),
        ("keyword", 2.0, {word for kws in fiche.keywords.values() for kw in kws for word in _words(kw)}),
        ("summary", 1.0, {word for text in fiche.summary.values() for word in _words(text)}),
    ]


def _direct(word: str, fields: list[tuple[str, float, set[str]]]) -> tuple[str, float, str] | None:
    for field, weight, vocabulary in fields:
        hit = next((known for known in sorted(vocabulary) if known.startswith(word)), None)
        if hit:
            return field, weight, hit
    return None


def _score(fiche: Fiche, words: list[str], compounds: set[str] | None = None) -> SearchHit | None:
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
            for field, weight, vocabulary in fields[1:3]:  # compounds are matched on names and keywords
                part = _compound_part(word, vocabulary)
                if part:
                    score += weight / 2
                    matched.append(f"{field}: {part} (in {word})")
                    break
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
