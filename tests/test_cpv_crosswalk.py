"""The CPV → product group crosswalk checked against the whole CPV 2008 list (the eForms SDK's translations in
../shared): the group and the guide fiches of every code are listed in tests/fixtures/cpv_crosswalk.tsv, so that
any change to the crosswalk shows as a reviewable diff (SPPMON_UPDATE_GOLDEN=1 rewrites it), and the traps of
broad claims — flowers under agricultural products, medals and jewellery in the clothing division, valves among
sanitary taps — are pinned down."""

from __future__ import annotations

import os

import pytest

from sppmon import labels
from sppmon.enrich.product_groups import crosswalk_exceptions, group_of_cpv
from sppmon.guide.knowledge import load_knowledge_base

from .conftest import FIXTURES, SHARED, needs_shared

LISTING = FIXTURES / "cpv_crosswalk.tsv"
SDK = str(SHARED / "eforms-sdk")


def _listing() -> list[str]:
    knowledge = load_knowledge_base()
    lines = []
    for code in sorted(labels.codes_of("cpv", SDK)):
        group = group_of_cpv(code)
        fiches = [match.fiche.id for match in knowledge.matches(code)]
        if group or fiches:
            lines.append(f"{code}\t{group or '-'}\t{','.join(fiches) or '-'}")
    return lines


@needs_shared
def test_every_cpv_code_has_the_group_of_the_reviewed_listing() -> None:
    lines = _listing()
    header = "# cpv\tgroup\tfiches (primary first) — every CPV 2008 code with a group or a fiche; the others have none"
    if os.environ.get("SPPMON_UPDATE_GOLDEN") or not LISTING.exists():
        LISTING.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    expected = [line for line in LISTING.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == expected, "the crosswalk changed: review the diff of SPPMON_UPDATE_GOLDEN=1"
    assert len(labels.codes_of("cpv", SDK)) == 9454


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("03121000", None),  # horticultural products: flowers and plants are not food
        ("03121200", None),  # cut flowers
        ("03142500", "food-catering"),  # eggs
        ("03221000", "food-catering"),  # vegetables
        ("15700000", None),  # animal feedstuffs: an exception under food
        ("15990000", None),  # tobacco
        ("15810000", "food-catering"),  # bread
        ("18512000", None),  # coins and medals: not textiles
        ("18520000", None),  # watches
        ("18220000", "textiles"),  # weatherproof clothing
        ("33141000", None),  # medical consumables: not electrical equipment
        ("33192000", None),  # medical furniture
        ("33195000", "health-eee"),  # patient monitoring
        ("42131100", None),  # industrial valves: not sanitary tapware
        ("42131400", "sanitary-tapware"),
        ("09310000", "electricity"),
        ("09300000", None),  # the parent spans groups: offered by search, not assigned
    ],
)
def test_broad_claims_do_not_mix_product_groups(code: str, group: str | None) -> None:
    assert group_of_cpv(code) == group
    knowledge = load_knowledge_base()
    fiches = [match.fiche.id for match in knowledge.matches(code)]
    expected = group if group and knowledge.get(group) else None  # groups without a fiche match no fiche
    assert (fiches[0] if fiches else None) == expected


def test_exceptions_are_written_out() -> None:
    found = set(crosswalk_exceptions())
    assert {"157", "1599", "03332", "429331", "9065", "71222", "3919", "33183", "33184"} <= found
    assert all(group_of_cpv(prefix.ljust(8, "0")) is None for prefix in found)


def test_a_parent_code_offers_the_groups_it_spans() -> None:
    knowledge = load_knowledge_base()
    hits = knowledge.search("09300000")
    assert [hit.fiche.id for hit in hits] == ["electricity"]
    assert hits[0].matched == ("narrower cpv 09310000",)
    assert {match.fiche.id for match in knowledge.spanned("30200000")} >= {"computers", "data-centres", "imaging"}
    assert knowledge.spanned("30213100") == []


@pytest.mark.parametrize(
    ("query", "fiche"),
    [
        ("dienstwagens", "vehicles"),
        ("bureaustoelen", "furniture"),
        ("autobus", "vehicles"),
        ("brandstof", "vehicles"),
        ("Bürostühle", "furniture"),
        ("Dienstfahrzeuge", "vehicles"),
        ("kantoorstoelen", "furniture"),
    ],
)
def test_dutch_and_german_compounds_are_found(query: str, fiche: str) -> None:
    found = [hit.fiche.id for hit in load_knowledge_base().search(query)]
    assert fiche in found[:2], (query, found)


@pytest.mark.parametrize(
    ("query", "fiche"),
    [
        ("reinigingsmiddelen", "cleaning"),  # a keyword inflected (plural): known whole
        ("Reinigungsmittel", "cleaning"),  # reinigung ~ reiniging (trigrams): the Dutch keyword's first part
        ("Reinigungsdienste", "cleaning"),  # ... and not the groups that know "diensten", a word of many
        ("Gebäudereinigung", "cleaning"),
        ("Kopierpapier", "paper"),
        ("Recyclingpapier", "paper"),
        ("Ökostrom", "electricity"),  # strom ~ stroom
        ("groenestroom", "electricity"),
        ("Multifunktionsdrucker", "imaging"),  # multifunktion ~ multifunctioneel
        ("Schulmöbel", "furniture"),
        ("werkkleding", "textiles"),
        ("schoolmaaltijden", "food-catering"),
        ("Laptopcomputer", "computers"),
        ("muurverf", "paints"),
        # German words of the fiches' German keywords, and compounds built on them
        ("Drucker", "imaging"),
        ("Laserdrucker", "imaging"),
        ("Wandfarbe", "paints"),
        ("Arbeitskleidung", "textiles"),
        ("Straßenbeleuchtung", "road-lighting"),
        ("Rechenzentrum", "data-centres"),
        ("Bürogebäude", "office-buildings"),
        ("Lebensmittel", "food-catering"),
        ("Schulverpflegung", "food-catering"),
        ("Ökostromlieferung", "electricity"),
        ("Müllabfuhr", "road-transport"),
        # the head names the thing: street-cleaning vehicles are vehicles before they are street cleaning
        ("Straßenreinigungsfahrzeuge", "vehicles"),
    ],
)
def test_compounds_of_the_product_groups_find_their_fiche_first(query: str, fiche: str) -> None:
    """Found by the compound's parts, known or like a known word: the fiche ranks first."""
    found = [hit.fiche.id for hit in load_knowledge_base().search(query)]
    assert found[:1] == [fiche], (query, found)


@pytest.mark.parametrize("query", ["Haushaltsplan", "Versicherung", "verzekering", "consultancy", "Beratung"])
def test_words_of_no_product_group_find_nothing_by_resemblance(query: str) -> None:
    """Trigram resemblance is limited to long parts and whole known words or their start, not their endings
    (-ering, -dienst), so that an unrelated compound does not find a group by a shared ending."""
    assert load_knowledge_base().search(query) == []


def test_a_word_known_whole_is_not_split() -> None:
    found = load_knowledge_base().search("schoonmaakdiensten")
    assert [hit.fiche.id for hit in found] == ["cleaning"]
