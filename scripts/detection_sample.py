"""Draw the hand-labelled development set for text detection, reproducibly, and print its texts for labelling.

    .venv/bin/python scripts/detection_sample.py SHARED_CORPUS [--seed 11] [--size N] [--exclude LABELS]...
        [--core-cues] [--split tune|holdout] [--texts]

SHARED_CORPUS is the folder holding ``eforms/``, ``ted-xml/`` and ``ted-pool/ted-xml-3163.tar.gz``. Every
notice is read with sppmon's readers (original-language sections only). Half of the sample is drawn at random
from all notices, half among notices whose texts contain a *cue word*: a short list of word stems in many
languages, written for drawing only and independent of the detector's lexicons. Quotas keep the set useful:
at least 60 notices in Dutch or French (a fifth of the cue half in Dutch, which the pool has little of) and
at least a quarter in languages other than NL/FR/DE/EN. Each notice
gets a split, ``tune`` or ``holdout``, from the same seeded generator.

``--list`` prints the drawn notices (TSV: notice id, source, language, draw, split); ``--texts`` prints, per
notice, the texts a labeller reads — decisive fields in full, titles and descriptions shortened, with the
sentences around cue words. The labels themselves are written by a person into
``tests/fixtures/detection-labels*.tsv`` (see ``docs/commands/evaluate-detection.md``).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sppmon.detect.labelled import parse_labels
from sppmon.errors import CatalogedError
from sppmon.model import LOT_TEXT_FIELDS, NOTICE_TEXT_FIELDS, Notice
from sppmon.readers import read_notice
from sppmon.sources.files import iter_items

SAMPLE_SIZE = 200
MIN_NL_FR = 60
CORE_LANGUAGES = ("NLD", "FRA", "DEU", "ENG")
# Cue-word stems for drawing only (lower case, matched at a word start).
_CUE_STEMS = (
    "milieu duurza circula sociale social return co2 iso 14001 emas ecolog écolog ökolog environnement "
    "environment durable développement durable umwelt nachhalt klima sustainab green energy-effic "
    "energieeffiz efficacité énergétique insertion réservé reserved sheltered beschützend werkplaats "
    "maatwerkbedrij tariftreue frauenförder innovat innovati innovación innovazione środowisk zrównoważ "
    "społeczn medioambient sostenib ambiental ambientale sociale sociales životní prostředí udržiteln "
    "sociální mediu durabil miljö hållbar sosiaal ympärist kestäv környezet fenntarth περιβαλλ βιώσιμ "
    "околна среда устойчив социал miljø bæredygtig ökoloog keskkonn okolje trajnost community benefit"
)
CUES = _CUE_STEMS.split()
_CUE = re.compile(r"\b(" + "|".join(re.escape(cue) for cue in CUES) + ")", re.IGNORECASE)
_DECISIVE = ("strategic_descriptions", "performance_terms", "selection_criteria", "award_criteria_complicated")


@dataclass(frozen=True, slots=True)
class Candidate:
    source: str
    notice: Notice

    @property
    def language(self) -> str:
        return self.notice.language or "?"


def candidates(shared: Path) -> Iterator[Candidate]:
    paths = [shared / "eforms", shared / "ted-xml", shared / "ted-pool" / "ted-xml-3163.tar.gz"]
    for found in iter_items([str(path) for path in paths]):
        item = found.load()
        if item.data is None:
            continue
        try:
            notice = read_notice(item.data)
        except CatalogedError:  # unreadable notices are simply not candidates
            continue
        if notice.notice_id:
            yield Candidate(_short_origin(item.origin, shared), notice)


def _short_origin(origin: str, shared: Path) -> str:
    return origin.replace(str(shared) + "/", "").replace(str(shared.resolve()) + "/", "")


def all_texts(notice: Notice) -> Iterator[tuple[str, str, str, str]]:
    """(lot, field, language, text) of every text the labeller may read."""
    for field in NOTICE_TEXT_FIELDS:
        for text in getattr(notice, field):
            yield "", field, text.lang or "?", text.value
    for lot in notice.lots:
        for field in LOT_TEXT_FIELDS:
            for text in getattr(lot, field):
                yield lot.lot_id, field, text.lang or "?", text.value
        for criterion in lot.award_criteria:
            for text in (*criterion.names, *criterion.descriptions):
                yield lot.lot_id, f"award_criteria[{criterion.type}/{criterion.weight}]", text.lang or "?", text.value


def has_cue(notice: Notice) -> bool:
    return any(_CUE.search(text) for *_, text in all_texts(notice))


def draw(
    pool: list[Candidate],
    seed: int,
    size: int = SAMPLE_SIZE,
    exclude: frozenset[str] = frozenset(),
    core_cues: bool = False,
) -> list[tuple[Candidate, str, str]]:
    """(candidate, draw, split): half at random, half among cue-word notices with language quotas (a fifth each
    Dutch, French, German/English, two fifths other languages; with ``core_cues`` a quarter each Dutch and
    French and half German/English, for a set that must hold many NL/FR/DE/EN notices); notices whose id is
    in ``exclude`` are not drawn (a fresh set beside an existing one)."""
    rng = random.Random(seed)  # noqa: S311 — a reproducible draw, not a secret
    pool = sorted(
        (c for c in pool if c.notice.notice_id not in exclude), key=lambda c: (c.source, c.notice.notice_id or "")
    )
    chosen: dict[str, tuple[Candidate, str]] = {}
    for candidate in rng.sample(pool, size // 2):
        chosen[candidate.source] = (candidate, "random")
    cued = [c for c in pool if c.source not in chosen and has_cue(c.notice)]
    rng.shuffle(cued)
    fifth = size // 2 // 5
    wanted = {"nl": fifth, "fr": fifth, "de-en": fifth, "other": size // 2 - 3 * fifth}
    if core_cues:
        quarter = size // 2 // 4
        wanted = {"nl": quarter, "fr": quarter, "de-en": size // 2 - 2 * quarter, "other": 0}
    for candidate in cued:
        group = _group(candidate.language)
        group = {"NLD": "nl", "FRA": "fr"}.get(candidate.language, group)
        if wanted[group] > 0:
            wanted[group] -= 1
            chosen[candidate.source] = (candidate, "cue")
    drawn = sorted(chosen.values(), key=lambda pair: pair[0].source)
    return [(candidate, how, rng.choice(("tune", "holdout"))) for candidate, how in drawn]


def _group(language: str) -> str:
    if language in ("NLD", "FRA"):
        return "nl-fr"
    return "de-en" if language in CORE_LANGUAGES else "other"


def print_texts(candidate: Candidate) -> None:
    notice = candidate.notice
    lots = notice.lots
    # a legacy RESTRICTED_SHELTERED_PROGRAM is read as reserved_execution "yes": shown by its name, not a bare yes
    execution = {"sheltered-programme" if code == "yes" else code for lot in lots for code in lot.reserved_execution}
    reserved = sorted({code for lot in lots for code in lot.reserved_procurement} | execution)
    print(f"=== {notice.notice_id}\t{candidate.source}\t{notice.language}\tlots={len(lots)}\treserved={reserved}")
    seen: set[str] = set()
    for lot_id, field, lang, raw in all_texts(notice):
        text = " ".join(raw.split())
        if text in seen:
            continue
        seen.add(text)
        limit = 600 if field.startswith("award_criteria") or field in _DECISIVE else 250
        print(f"[{lot_id or '-'} {field} {lang}] {text[:limit]}{' …' if len(text) > limit else ''}")
        for match in _CUE.finditer(text, limit):
            print(f"    … {text[max(0, match.start() - 120) : match.start() + 150]} …")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--texts", action="store_true", help="print the texts of each drawn notice")
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE, help="notices to draw")
    parser.add_argument(
        "--exclude", type=Path, action="append", default=[], help="a labels file whose notices are not drawn"
    )
    parser.add_argument("--core-cues", action="store_true", help="cue half in NL/FR/DE/EN only")
    parser.add_argument("--split", choices=("tune", "holdout"), help="put every drawn notice in this split")
    args = parser.parse_args(argv)
    exclude = frozenset(
        label.notice_id for path in args.exclude for label in parse_labels(path.read_text(encoding="utf-8"))
    )
    sample = draw(list(candidates(args.shared)), args.seed, args.size, exclude, args.core_cues)
    for candidate, how, drawn_split in sample:
        split = args.split or drawn_split
        if args.texts:
            print_texts(candidate)
        else:
            print(f"{candidate.notice.notice_id}\t{candidate.source}\t{candidate.language}\t{how}\t{split}")
    other = sum(1 for c, _, _ in sample if _group(c.language) == "other")
    nl_fr = sum(1 for c, _, _ in sample if _group(c.language) == "nl-fr")
    print(f"# {len(sample)} notices: {nl_fr} NL/FR, {other} other languages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
