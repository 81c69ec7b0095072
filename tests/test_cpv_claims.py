"""Each CPV prefix the crosswalk claims for a product group (``data/cpv_product_groups.tsv``), checked against its
descendants in the whole CPV 2008 list (the eForms SDK's translations in ../shared).

What the checks catch:

1. **Nested claims.** A code under a claimed prefix that the crosswalk itself gives to another group (a
   narrower row of another group: road-surface painting under road works is paints). Allowed only where the
   reviewed allow-list names that code for that prefix.
2. **Another group's words.** A code that the claim gives to its group although its English label holds a
   *marker* of another group: a word (four letters or more, plural ``s`` dropped) of that group's English name
   or of its fiche's English keywords that no other group uses and that at least half of the CPV codes whose
   label has it belong to that group ("printers" of imaging in "Font cartridges for printers" under a computers
   claim). Allowed only where the allow-list names the code.
3. **Unreviewed breadth.** A claimed prefix with descendants that is not in the allow-list, or whose number of
   descendants differs from the one reviewed (a new CPV version): a person must read its descendants' labels
   in the listing (tests/fixtures/cpv_crosswalk.tsv) and record the review.

What they cannot catch: a descendant that belongs to no group but is not of the claiming group either — plumbing
under water heaters, offset presses under imaging, hospitals under office buildings held no other group's words
— is only caught by the review of check 3, as these three were; a leaf code claimed for the wrong group (it has
no descendants); a mismatch that shows only in another language's label, or in a word that is not a marker
(markers are the few words of a group's name and keywords, not meanings: "paving" is not known to belong to
roads). The allow-list records what a person accepted; it is not proof.
"""

from __future__ import annotations

import csv
import functools
import re

import pytest

from sppmon import labels
from sppmon.enrich.product_groups import NO_GROUP, _rows, cpv_prefix, group_of_cpv, product_groups
from sppmon.guide.knowledge import load_knowledge_base

from .conftest import FIXTURES, SHARED, needs_shared

REVIEWED = FIXTURES / "cpv_claims_reviewed.tsv"
SDK = str(SHARED / "eforms-sdk")
_WORD = re.compile(r"[a-z]+")
MARKER_SHARE = 0.5  # a marker word: at least this share of the codes whose label has it are its group's
# words of many groups' labels that say nothing of a product group
GENERIC = frozenset(
    [
        "accessories",
        "apparatus",
        "associated",
        "building",
        "buildings",
        "construction",
        "consultancy",
        "equipment",
        "installation",
        "installations",
        "machinery",
        "machines",
        "maintenance",
        "management",
        "other",
        "parts",
        "products",
        "related",
        "repair",
        "services",
        "supplies",
        "systems",
        "works",
        "various",
    ]
)


def _words(text: str) -> set[str]:
    words = {word.removesuffix("s") for word in _WORD.findall(text.lower()) if len(word) >= 4}
    return words - {word.removesuffix("s") for word in GENERIC}


def _claims() -> list[tuple[str, str]]:
    return [(row["group"], row["cpv"]) for row in _rows("cpv_product_groups.tsv") if row["group"] != NO_GROUP]


def _label(code: str) -> str:
    return labels.label("cpv", code, "en", SDK) or ""


@functools.cache
def _code_words(code: str) -> frozenset[str]:
    return frozenset(_words(_label(code)))


@functools.cache
def _codes_with() -> dict[str, list[str]]:
    """Word → the CPV codes whose English label has it."""
    found: dict[str, list[str]] = {}
    for code in labels.codes_of("cpv", SDK):
        for word in _code_words(code):
            found.setdefault(word, []).append(code)
    return found


@functools.cache
def _markers() -> dict[str, set[str]]:
    """Group → the words of its English name and its fiche's English keywords that no other group uses."""
    knowledge = load_knowledge_base()
    own: dict[str, set[str]] = {}
    for group, entry in product_groups().items():
        fiche = knowledge.for_gpp_group(group)
        keywords = " ".join(fiche.keywords.get("en", ())) if fiche is not None else ""
        own[group] = _words(f"{entry.names['en']} {keywords}")
    shared = {
        group: words - set().union(*(other for name, other in own.items() if name != group))
        for group, words in own.items()
    }
    return {group: {word for word in words if _telling(word, group)} for group, words in shared.items()}


def _telling(word: str, group: str) -> bool:
    """Whether most CPV codes whose label has ``word`` are the crosswalk's ``group`` ("printer" is; "table" —
    furniture, but also table wine, table linen, X-ray tables — is not)."""
    having = _codes_with().get(word, [])
    return bool(having) and sum(group_of_cpv(code) == group for code in having) >= MARKER_SHARE * len(having)


def _reviewed() -> dict[str, dict[str, str]]:
    with REVIEWED.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["cpv"]: row for row in rows}


@functools.cache
def findings() -> dict[str, tuple[str, int, set[str]]]:
    """Claimed code → (group, number of descendants, the descendants flagged by checks 1 and 2)."""
    codes = labels.codes_of("cpv", SDK)
    markers = _markers()
    found: dict[str, tuple[str, int, set[str]]] = {}
    for group, claimed in _claims():
        prefix = cpv_prefix(claimed)
        descendants = [code for code in codes if code.startswith(prefix) and code != claimed]
        flagged = set()
        for code in descendants:
            actual = group_of_cpv(code)
            if actual is not None and actual != group:
                flagged.add(code)  # check 1: a nested claim of another group
            elif actual == group:
                words = _code_words(code)
                if any(words & marked for other, marked in markers.items() if other != group):
                    flagged.add(code)  # check 2: another group's words
        found[claimed] = (group, len(descendants), flagged)
    return found


@needs_shared
def test_every_claimed_prefix_with_descendants_was_reviewed_and_its_flags_accepted() -> None:
    reviewed = _reviewed()
    problems = []
    for claimed, (group, count, flagged) in findings().items():
        if not count:
            continue
        row = reviewed.get(claimed)
        if row is None or row["group"] != group or int(row["descendants"]) != count:
            problems.append(f"{claimed} ({group}, {count} descendants): not reviewed as such — read its descendants")
            continue
        accepted = {code for code in row["accepted"].split(",") if code}
        problems += [f"{claimed} ({group}): {code} {_label(code)!r} is flagged" for code in sorted(flagged - accepted)]
        problems += [f"{claimed}: {code} is accepted but no longer flagged" for code in sorted(accepted - flagged)]
    assert not problems, "\n".join(problems)


@needs_shared
def test_the_allow_list_names_only_claimed_codes_and_says_why() -> None:
    claimed = {code for _, code in _claims()}
    for code, row in _reviewed().items():
        assert code in claimed, f"{code} is reviewed but no longer claimed"
        if row["accepted"]:
            assert len(row["note"]) >= 20, f"{code}: say why its flagged descendants are accepted"


@needs_shared
@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("39715300", None),  # plumbing equipment: not under water heaters any more
        ("39715210", "water-heaters"),  # central-heating equipment
        ("30122000", None),  # office-type offset printing machinery: not imaging
        ("30123200", None),  # automatic cash dispensers
        ("30121100", "imaging"),  # photocopiers
        ("30124300", "imaging"),  # drums for office machine (printers, copiers)
        ("45215140", None),  # hospital construction: not office buildings
        ("45216113", None),  # prison building
        ("45213150", "office-buildings"),  # office block construction
    ],
)
def test_the_mixed_claims_found_in_review_are_split(code: str, group: str | None) -> None:
    assert group_of_cpv(code) == group


@needs_shared
def test_the_checks_catch_a_mixed_claim() -> None:
    """Not vacuous: the label check flags a code with another group's words, the nested check a narrower row."""
    markers = _markers()
    assert "printer" in markers["imaging"] and "printer" not in markers["computers"]
    assert "30237310" in findings()["30237000"][2]  # font cartridges for printers, under computer supplies
    assert "45233221" in findings()["45233000"][2]  # road-surface painting (paints) under road works
