"""Guide figures from the store: uptake per year, peers, good practice; checked against the fixture notice and
against an independent count over generated notices."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.guide.knowledge import load_knowledge_base
from sppmon.guide.uptake import good_practice, group_condition, group_figures, peer_share, uptake_by_year
from sppmon.pipeline import ingest
from sppmon.sample import write_sample
from sppmon.store import Store

from .conftest import FIXTURES


@pytest.fixture
def sample_store(store: Store, tmp_path: Path) -> Store:
    ingest([str(write_sample(tmp_path / "sample.tar.gz", 600, seed=7))], store)
    return store


def test_fixture_cleaning_lots(store: Store) -> None:
    ingest([str(FIXTURES / "eforms" / "cn_sdk10_strategic.xml")], store)
    cleaning = load_knowledge_base().get("cleaning")
    assert cleaning is not None
    (year,) = uptake_by_year(store, cleaning)
    assert (year.year, year.lots, year.green_yes, year.green_none, year.gpp_yes, year.gpp_none) == (2023, 2, 1, 1, 1, 1)
    assert year.green_uptake == 0.5 and year.green_coverage == 1.0
    peers = peer_share(store, cleaning, buyer="beleid")
    assert (peers.buyers, peers.buyers_green, peers.buyer_lots, peers.buyer_green_lots) == (1, 1, 2, 1)
    (best,) = good_practice(store, cleaning)
    assert best.lot_id == "LOT-0001" and best.environmental_codes == 1 and best.quality_award and best.social
    assert best.link is None  # the fixture has no publication number


def test_uptake_matches_an_independent_count(sample_store: Store) -> None:
    knowledge = load_knowledge_base()
    rows = sample_store.query("SELECT cpv_main, product_group, green_status, year FROM procedure_lots")
    for fiche_id in ("cleaning", "vehicles", "computers", "ict-circular-fair"):
        fiche = knowledge.get(fiche_id)
        assert fiche is not None
        prefixes = tuple(code.rstrip("0") for code in fiche.cpv)
        expected: Counter[tuple[int, str]] = Counter()
        for cpv, group, green, year in rows:
            if (fiche.gpp_group and group == fiche.gpp_group) or (prefixes and (cpv or "").startswith(prefixes)):
                expected[(year, "lots")] += 1
                expected[(year, "green")] += green == "yes"
        found = uptake_by_year(sample_store, fiche)
        assert found, fiche_id
        for year in found:
            assert year.lots == expected[(year.year, "lots")]
            assert year.green_yes == expected[(year.year, "green")]


def test_good_practice_is_green_with_gpp_and_richest_first(sample_store: Store) -> None:
    fiche = load_knowledge_base().get("vehicles")
    assert fiche is not None
    found = good_practice(sample_store, fiche, limit=10)
    assert found
    richness = [g.environmental_codes + g.quality_award + g.social for g in found]
    assert richness == sorted(richness, reverse=True)
    condition, params = group_condition(fiche)
    keys = {(g.notice_key, g.lot_id) for g in found}
    statuses = sample_store.query(
        f"SELECT p.notice_key, p.lot_id, p.green_status, p.gpp_status FROM procedure_lots p WHERE {condition}", params
    )
    assert all(green == gpp == "yes" for key, lot, green, gpp in statuses if (key, lot) in keys)
    for g in found:  # TED's pages want the publication number without its leading zeros
        assert g.publication_number and g.link
        assert g.link.endswith("/" + g.publication_number.lstrip("0"))


def test_guide_search_command_with_store(sample_store: Store, tmp_path: Path) -> None:
    db = sample_store.url
    sample_store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["guide", "search", "schoonmaak", "--db", db, "--format", "json", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    entry = data["results"][0]
    assert entry["fiche"]["id"] == "cleaning"
    assert entry["figures"]["by_year"] and entry["figures"]["peers"]["buyers"] > 0
    text = runner.invoke(main, ["guide", "search", "34110000", "--all", "--db", db])
    assert text.exit_code == 0 and "Vehicles" in text.output and "Uptake per year" in text.output
    assert runner.invoke(main, ["guide", "search", "zzzqqq"]).exit_code == 1


def test_guide_show_list_validate_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["guide", "show", "paper", "--lang", "fr"])
    assert shown.exit_code == 0 and "Papier à copier" in shown.output
    assert runner.invoke(main, ["guide", "show", "nope"]).exit_code == 1
    listed = runner.invoke(main, ["guide", "list"])
    assert listed.output.count("\n") >= 17
    valid = runner.invoke(main, ["guide", "validate"])
    assert valid.exit_code == 0 and "0 problem(s)" in valid.output
    (tmp_path / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    invalid = runner.invoke(main, ["guide", "validate", str(tmp_path)])
    assert invalid.exit_code == 1 and "GUIDE_FICHE_INVALID" in invalid.output


def test_group_figures_for_every_fiche_run_on_an_empty_store(store: Store) -> None:
    for fiche in load_knowledge_base().fiches:
        figures = group_figures(store, fiche, buyer="x", since_year=2020)
        assert figures.by_year == () and figures.peers.buyers == 0 and figures.good_practice == ()


def test_python_group_selection_agrees_with_the_sql_condition(sample_store: Store) -> None:
    from sppmon.guide.uptake import in_group

    rows = sample_store.query("SELECT notice_key, lot_id, cpv_main, product_group FROM procedure_lots")
    for fiche in load_knowledge_base().fiches:
        condition, params = group_condition(fiche)
        by_sql = set(sample_store.query(f"SELECT notice_key, lot_id FROM procedure_lots p WHERE {condition}", params))
        by_python = {(key, lot) for key, lot, cpv, group in rows if in_group(fiche, cpv, group)}
        assert by_sql == by_python, fiche.id


def test_good_practice_links_follow_the_publication_url_setting(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sppmon.guide.links import official_url
    from sppmon.guide.present import figures_as_dict
    from sppmon.web import links as web_links

    assert web_links.official_url is official_url  # one link builder for the web app, the CLI and the files
    monkeypatch.setenv("SPPMON_PUBLICATION_URL", "https://notices.example/{lang}/{number}")
    fiche = load_knowledge_base().get("vehicles")
    assert fiche is not None
    figures = figures_as_dict(group_figures(sample_store, fiche), "fr")
    assert figures["good_practice"]
    for item in figures["good_practice"]:
        number = item["publication_number"]
        assert number.startswith("0")  # stored as published, with leading zeros
        assert item["link"] == f"https://notices.example/fr/{number.lstrip('0')}"
    assert official_url("https://t/{lang}/{number}", "00012345-2024", "nl") == "https://t/nl/12345-2024"
    assert official_url("https://t/{number}", "national-42", "en") is None


def test_guide_search_speaks_the_chosen_language(sample_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    db = sample_store.url
    sample_store.close()
    monkeypatch.setenv("SPPMON_PUBLICATION_URL", "https://notices.example/{lang}/{number}")
    runner = CliRunner()
    french = runner.invoke(main, ["guide", "search", "34110000", "--db", db, "--lang", "fr"])
    assert french.exit_code == 0, french.output
    for heading in ("Adoption par année", "À déclarer dans l’avis", "Spécification technique", "Bonnes pratiques"):
        assert heading in french.output, heading
    assert "https://notices.example/fr/" in french.output and "ted.europa.eu" not in french.output
    dutch = runner.invoke(main, ["guide", "show", "vehicles", "--lang", "nl"])
    assert "Aangeven in de aankondiging" in dutch.output and "Technische specificatie" in dutch.output
    for english in ("uptake per year", "declare in the notice", "technical-specification", "Declare in the notice"):
        assert english not in french.output + dutch.output, english
