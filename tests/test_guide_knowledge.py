"""The guide's knowledge base: every packaged fiche passes the schema check, covers what the guide must cover,
and the lookup by CPV code and by words works in NL, FR and EN."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from sppmon.enrich.product_groups import product_groups
from sppmon.errors import CatalogedError
from sppmon.guide.fiche import AMBITION_SCHEMES, FicheInvalid, parse_fiche
from sppmon.guide.knowledge import fiche_files, load_knowledge_base, read_fiches

from .conftest import SHARED, needs_shared

GUIDE = Path(__file__).resolve().parent.parent / "src" / "sppmon" / "data" / "guide"


def _computers() -> dict[str, Any]:
    return yaml.safe_load((GUIDE / "computers.yaml").read_text(encoding="utf-8"))


def test_every_packaged_fiche_is_valid() -> None:
    fiches, problems = read_fiches(fiche_files())
    assert problems == []
    assert len(fiches) >= 17


def test_the_guide_covers_the_current_eu_gpp_groups_and_the_extra_themes() -> None:
    knowledge = load_knowledge_base()
    covered = {fiche.gpp_group for fiche in knowledge.fiches}
    current = {group for group, entry in product_groups().items() if entry.status == "current"}
    assert len(current) == 14
    assert current <= covered
    for extra in ("vehicles", "ict-circular-fair", "paper", "food-catering", "cleaning", "textiles", "furniture"):
        assert knowledge.get(extra) is not None, extra


def test_fiches_are_complete_in_three_languages_and_cite_sources() -> None:
    for fiche in load_knowledge_base().fiches:
        assert all(fiche.names[lang] and fiche.summary[lang] for lang in ("en", "nl", "fr"))
        assert fiche.sources
        assert all(source.url.startswith("https://") for source in fiche.sources)
        assert set(AMBITION_SCHEMES[fiche.ambition_scheme]) == {c.level for c in fiche.criteria}
        assert "BT-06" in {declaration.field for declaration in fiche.declare}


def test_criteria_years_marked_verify_agree_with_the_crosswalk() -> None:
    crosswalk = product_groups()
    for fiche in load_knowledge_base().fiches:
        if fiche.gpp_group:
            assert fiche.gpp.year == crosswalk[fiche.gpp_group].criteria_year
            assert fiche.gpp.verify == crosswalk[fiche.gpp_group].needs_check, fiche.id


def test_cvd_and_eed_obligations_are_named_where_they_apply() -> None:
    knowledge = load_knowledge_base()
    assert {o.id for o in knowledge.get("vehicles").obligations} == {"cvd"}  # type: ignore[union-attr]
    assert "eed" in {o.id for o in knowledge.get("computers").obligations}  # type: ignore[union-attr]
    for fiche in knowledge.fiches:
        if fiche.energy_related:
            assert "eed" in {o.id for o in fiche.obligations}, fiche.id


@pytest.mark.parametrize(
    ("cpv", "primary", "also"),
    [
        ("30213100", "computers", "ict-circular-fair"),
        ("34110000", "vehicles", "road-transport"),
        ("60112000", "road-transport", None),
        ("90911200", "cleaning", None),
        ("30197643", "paper", None),
        ("55523100", "food-catering", None),
    ],
)
def test_cpv_lookup_most_specific_first(cpv: str, primary: str, also: str | None) -> None:
    ids = [match.fiche.id for match in load_knowledge_base().matches(cpv)]
    assert ids[0] == primary
    if also:
        assert also in ids


def test_search_by_words_in_each_language_and_by_cpv_with_check_digit() -> None:
    knowledge = load_knowledge_base()
    assert knowledge.search("schoonmaak")[0].fiche.id == "cleaning"
    assert knowledge.search("nettoyage des bureaux")[0].fiche.id == "cleaning"
    assert knowledge.search("voertuigen")[0].fiche.id == "vehicles"
    assert knowledge.search("Mobilier")[0].fiche.id == "furniture"
    assert knowledge.search("street lighting")[0].fiche.id == "road-lighting"
    assert knowledge.search("30213100-6")[0].fiche.id == "computers"
    assert knowledge.search("99999999") == []
    assert knowledge.search("zzzqqq") == []


def test_schema_check_reports_every_problem_with_its_place() -> None:
    data = _computers()
    broken = copy.deepcopy(data)
    del broken["names"]["fr"]
    broken["criteria"][0]["level"] = "expert"
    broken["criteria"][1]["proof"] = ["unknown-label"]
    broken["declare"][1]["codes"] = ["not-a-code"]
    broken["eu_gpp"]["year"] = 2019
    broken["cpv"] = ["3021310"]
    with pytest.raises(FicheInvalid) as caught:
        parse_fiche(broken, "computers.yaml", {"computers": 2021})
    places = {problem.where for problem in caught.value.problems}
    assert {
        "computers.yaml:names.fr",
        "computers.yaml:criteria[0].level",
        "computers.yaml:criteria[1].proof[0]",
        "computers.yaml:declare[1].codes[0]",
        "computers.yaml:eu_gpp.year",
        "computers.yaml:cpv[0]",
    } <= places


def test_a_broken_fiche_folder_fails_loading_with_a_stable_code(tmp_path: Path) -> None:
    for file in GUIDE.glob("*.yaml"):
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "furniture.yaml").write_text("id: furniture\nnames: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogedError) as caught:
        load_knowledge_base(tmp_path)
    assert caught.value.code == "GUIDE_FICHE_INVALID"
    assert "furniture.yaml:" in caught.value.message


def test_reviewed_fiche_needs_reviewer_and_date() -> None:
    data = _computers()
    data["review"] = {"status": "reviewed"}
    with pytest.raises(FicheInvalid) as caught:
        parse_fiche(data, "computers.yaml", {"computers": 2021})
    assert {p.where for p in caught.value.problems} >= {"computers.yaml:review.reviewed_by"}


@needs_shared
def test_every_cpv_code_in_the_fiches_exists_in_cpv_2008() -> None:
    from sppmon.labels import label

    sdk = str(SHARED / "eforms-sdk")
    for fiche in load_knowledge_base().fiches:
        for code in fiche.cpv:
            assert label("cpv", code, "en", sdk), (fiche.id, code)


def test_the_plan_template_lists_every_documented_column() -> None:
    from sppmon.planning.plan import COLUMNS
    from sppmon.planning.template import template_text

    text = template_text()
    header = next(csv.reader([text.splitlines()[0]], delimiter=";"))
    assert header == [column.name for column in COLUMNS]


def test_a_cited_criterion_shows_its_number_reference_link_and_check_in_each_language() -> None:
    from sppmon.cli.guide import render_fiche
    from sppmon.guide import texts
    from sppmon.guide.present import fiche_as_dict

    data = _computers()
    source = next(s for s in data["sources"] if s["id"] == "eu-gpp")
    source.update(reference="SWD(2099) 1 final", url="https://example.org/criteria.pdf", verify=False)
    data["criteria"][0]["source"] = {"document": "eu-gpp", "criterion": "TS1", "verify": False, "checked": "p. 7"}
    packaged = load_knowledge_base().get("computers")
    assert packaged is not None
    fiche = parse_fiche(data, "computers.yaml", obligations={o.id: o for o in packaged.obligations})
    cited = fiche_as_dict(fiche, "en")["criteria"]["core"][0]["source"]
    assert (cited["criterion"], cited["reference"], cited["checked"], cited["verify"]) == (
        "TS1",
        "SWD(2099) 1 final",
        "p. 7",
        False,
    )
    for lang, number in {"en": "criterion TS1", "nl": "criterium TS1", "fr": "critère TS1"}.items():
        text = "\n".join(render_fiche(fiche_as_dict(fiche, lang), lang))
        first = text.split("https://example.org/criteria.pdf")[0]
        assert number in first and "SWD(2099) 1 final" in first, lang
        # reviewers' notes are written in English: shown in English output only, never on a Dutch or French page
        assert ("p. 7" in text) == (lang == "en"), lang
    assert f"checked{texts.colon('en')} p. 7" in "\n".join(render_fiche(fiche_as_dict(fiche, "en"), "en"))
    unknown = "\n".join(render_fiche(fiche_as_dict(fiche, "nl"), "nl"))
    assert "nummer van het criterium nog niet nagekeken" in unknown


def test_sources_link_to_documents_not_to_general_pages() -> None:
    general = {
        "https://environment.ec.europa.eu/topics/circular-economy/eu-ecolabel_en",
        "https://www.oecd.org/",
        "https://tcocertified.com/",
        "https://cfit-pact.org/",
    }
    for fiche in load_knowledge_base().fiches:
        for source in fiche.sources:
            assert source.url not in general, (fiche.id, source.id)
            if source.id == "eu-ecolabel":
                assert source.url.startswith("https://eur-lex.europa.eu/eli/dec/"), fiche.id
                assert source.reference.startswith("Commission Decision"), fiche.id
            if source.verify is False:
                assert source.url.startswith("https://"), fiche.id


def test_cited_works_publishers_and_labels_have_dutch_and_french_names() -> None:
    """Every document a fiche cites has its title in Dutch and French (data/cited-names.tsv), as have the
    publishers and labels with a Dutch or French name; and the table names nothing the guide does not cite."""
    from sppmon.localnames import _cited_names, cited_name

    fiches = load_knowledge_base().fiches
    titles = {source.title for fiche in fiches for source in fiche.sources}
    missing = sorted(title for title in titles if cited_name(title, "nl") == title or cited_name(title, "fr") == title)
    assert missing == []
    cited = titles | {
        name for fiche in fiches for source in fiche.sources for name in (source.publisher, source.reference)
    }
    cited |= {name for fiche in fiches for label in fiche.labels for name in (label.name, label.owner)}
    obligations = yaml.safe_load((GUIDE / "_obligations.yaml").read_text(encoding="utf-8"))
    cited |= {str(source.get("publisher")) for entry in obligations.values() for source in _sources_of(entry)}
    assert sorted(set(_cited_names()) - cited) == []
    assert cited_name("European Commission", "fr") == "Commission européenne"
    assert cited_name("TCO Development", "nl") == "TCO Development"  # a proper name stays as it is


def _sources_of(entry: Any) -> list[dict[str, Any]]:
    return (
        [source for source in entry.get("sources", []) if isinstance(source, dict)] if isinstance(entry, dict) else []
    )
