"""Sustainability lexicons: reviewable TSV files, one per language, loaded into immutable :class:`Term` records.

File format (``src/sppmon/data/lexicons/<language>.tsv``; ``labels.tsv`` holds names shared by all languages,
``boilerplate.tsv`` statutory phrases of every EU language): tab-separated ``category``, ``dimension``,
``strength``, ``term`` after a header line; ``#`` starts a comment line. Besides evidence terms a lexicon holds
its *context* terms — guards, requirement cues, negations and boilerplate markers — whose category is also their
strength. The matching rules a term's spelling implies are documented in ``docs/detection.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError

# Context categories: their strength is their category and they have no dimension.
CONTEXT = ("guard", "cue", "negation", "boilerplate")
EVIDENCE_CATEGORIES = ("environmental", "social", "innovation", "label", "subject")
CATEGORIES = (*EVIDENCE_CATEGORIES, *CONTEXT)
DIMENSIONS = ("green", "green_subject", "social", "innovative")
# specific: counts wherever it stands; strong: counts in a deciding field or next to a requirement cue;
# weak: counts in award criteria, performance terms and BT-777, or next to a requirement cue.
STRENGTHS = ("specific", "strong", "weak", *CONTEXT)
# Languages with a lexicon file (the 24 official EU languages); a text in any other language is not assessable.
LANGUAGES = (
    *("nl", "fr", "de", "en"),
    *("es", "it", "pt", "pl", "cs", "sk", "sl", "hr", "ro", "bg", "el", "hu", "fi", "sv", "da"),
    *("et", "lv", "lt", "ga", "mt"),
)
SHARED_LANGUAGE = "mul"  # labels.tsv: names that are the same in every language
BOILERPLATE_FILE = "boilerplate.tsv"  # statutory phrases of every language, language code in the file

_ACRONYM = re.compile(r"^[A-Z0-9]{2,5}$")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the lexicon, without wildcards
    category: str
    dimension: str  # "" for guards
    strength: str
    language: str
    word_may_continue: bool  # trailing "*"
    word_may_start_earlier: bool  # leading "*"
    pattern: str = ""  # as written in the lexicon, with wildcards (what evidence records name)

    @property
    def exact_case(self) -> bool:
        """Acronyms (2–5 capitals or digits, e.g. ``ILO``, ``FSC``) only match with their case."""
        return bool(_ACRONYM.match(self.text)) and any(char.isalpha() for char in self.text)

    @property
    def is_guard(self) -> bool:
        return self.strength == "guard"

    @property
    def is_context(self) -> bool:
        return self.category in CONTEXT


def parse_lexicon(text: str, language: str, source: str = "<lexicon>") -> tuple[Term, ...]:
    """Terms of one lexicon file; a malformed line is a configuration error naming file and line."""
    terms: list[Term] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields[:4] == ["category", "dimension", "strength", "term"]:
                continue
        terms.append(_term(fields, language, f"{source}:{number}"))
    return tuple(terms)


def _term(fields: list[str], language: str, where: str) -> Term:
    if len(fields) != 4:
        raise ConfigError(f"{where}: expected 4 tab-separated fields, found {len(fields)}")
    category, dimension, strength, raw = (field.strip() for field in fields)
    if category not in CATEGORIES:
        raise ConfigError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    if strength not in STRENGTHS or ((strength in CONTEXT or category in CONTEXT) and strength != category):
        raise ConfigError(f"{where}: strength {strength!r} does not fit category {category!r}")
    if category in CONTEXT and dimension not in ("-", ""):
        raise ConfigError(f"{where}: a {category} term has no dimension (write -), not {dimension!r}")
    if category not in CONTEXT and dimension not in DIMENSIONS:
        raise ConfigError(f"{where}: unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
    text = raw.strip("*").strip()
    if len(text) < 2:
        raise ConfigError(f"{where}: term {raw!r} is too short")
    return Term(
        text=text,
        category=category,
        dimension="" if category in CONTEXT else dimension,
        strength=strength,
        language=language,
        word_may_continue=raw.endswith("*"),
        word_may_start_earlier=raw.startswith("*"),
        pattern=raw,
    )


def load_lexicons(languages: Iterable[str] = LANGUAGES) -> tuple[Term, ...]:
    """The packaged lexicons of ``languages`` plus the shared label names and the statutory boilerplate."""
    folder = resources.files("sppmon.data").joinpath("lexicons")
    terms: list[Term] = []
    for language in (*languages, SHARED_LANGUAGE):
        name = "labels.tsv" if language == SHARED_LANGUAGE else f"{language}.tsv"
        resource = folder.joinpath(name)
        if not resource.is_file():
            raise ConfigError(f"no lexicon for language {language!r} ({name})")
        terms.extend(parse_lexicon(resource.read_text(encoding="utf-8"), language, name))
    boilerplate = folder.joinpath(BOILERPLATE_FILE)
    if boilerplate.is_file():
        terms.extend(parse_boilerplate(boilerplate.read_text(encoding="utf-8"), BOILERPLATE_FILE))
    return tuple(terms)


def parse_boilerplate(text: str, source: str = "<boilerplate>") -> tuple[Term, ...]:
    """``language`` TAB ``phrase`` lines (after a header): statutory phrases; a sentence holding one is not
    evidence."""
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith(("#", "language\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or len(fields[0]) != 2 or len(fields[1].strip()) < 3:
            raise ConfigError(f"{source}:{number}: expected a two-letter language and a phrase")
        phrase = fields[1].strip()
        terms.append(Term(phrase, "boilerplate", "", "boilerplate", fields[0], False, False, phrase))
    return tuple(terms)
