"""Every real legacy TED notice of the shared corpus reads; facts checked by hand on a few of them."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from sppmon.detect import detect_notice
from sppmon.model import Notice
from sppmon.readers import read_notice

from .conftest import SHARED

pytestmark = pytest.mark.shared

TED_XML = SHARED / "corpus" / "ted-xml"


def _corpus() -> list[Path]:
    return sorted(TED_XML.glob("*.xml")) if TED_XML.is_dir() else []


def _notice(name: str) -> Notice:
    return read_notice((TED_XML / name).read_bytes())


def test_every_file_reads_into_lots() -> None:
    paths = _corpus()
    assert len(paths) == 134
    formats: Counter[str] = Counter()
    for path in paths:
        notice = read_notice(path.read_bytes())
        formats[notice.format] += 1
        assert notice.notice_id and notice.lots, path.name
        assert notice.form_type in ("planning", "competition", "result", "dir-awa-pre", "cont-modif", "change")
        assert len({lot.lot_id for lot in notice.lots}) == len(notice.lots), path.name
        detect_notice(notice)
    assert formats == {"ted-r2.0.9": 127, "ted-r2.0.8": 7}


def test_reserved_flags_match_the_corpus_counts() -> None:
    """The manifest counts files per tag with grep: 5 workshops, 6 programmes, 2 public-service missions."""
    workshops = programmes = missions = 0
    for path in _corpus():
        lot = read_notice(path.read_bytes()).lots[0]
        workshops += "res-ws" in lot.reserved_procurement
        missions += "res-pub-ser" in lot.reserved_procurement
        programmes += "yes" in lot.reserved_execution
    assert (workshops, programmes, missions) == (5, 6, 2)


def test_belgian_award_notice_with_two_originals() -> None:
    """Checked by hand in tedrdfmap_051420-2019.xml (STIB works, FR + NL originals)."""
    notice = _notice("tedrdfmap_051420-2019.xml")
    assert (notice.subtype, notice.form_type, notice.legal_basis) == ("30", "result", "32014L0025")
    assert (notice.language, notice.additional_languages) == ("FRA", ("NLD",))
    assert notice.procedure_id == "335250-2018" and notice.previous_notices == ("335250-2018",)
    (lot,) = notice.lots
    assert len(lot.award_criteria) == 13 and {c.type for c in lot.award_criteria} == {"cost"}
    assert lot.award_criteria[0].names[1] == lot.award_criteria[0].names[1].__class__(
        "NLD", "Financiële kwaliteit van de offerte"
    )
    assert notice.lot_results[0].submissions == (("tenders", 5),)
    assert notice.lot_results[0].lowest_tender is not None
    assert notice.lot_results[0].lowest_tender.value == Decimal("8797959.13")
    winner = notice.organisation(notice.winners[0].org_id)
    assert winner is not None and winner.size == "not-sme" and winner.country == "BEL"
    assert notice.buyers[0].activity == "urttb"
    detection = {d.lot_id: d for d in detect_notice(notice)}
    assert detection["LOT-0001"].green and detection["LOT-0001"].social  # recyclability; social clauses


def test_r208_defence_award_notice() -> None:
    """Checked by hand in tedrdfmap_358117-2021.xml (UK MOD, form 18)."""
    notice = _notice("tedrdfmap_358117-2021.xml")
    assert (notice.format, notice.subtype, notice.legal_basis) == ("ted-r2.0.8", "31", "32009L0081")
    assert notice.organisations[0].country == "GBR"
    assert (notice.buyers[0].legal_type, notice.buyers[0].activity) == ("cga", "defence")
    assert notice.procedure_type == "comp-dial"
    assert notice.notice_value is not None and notice.notice_value.value == Decimal(1443479)
    assert notice.notice_value.currency == "GBP"
    assert notice.lot_results[0].submissions == (("tenders", 1),)


def test_move_notice() -> None:
    notice = _notice("tedrdfmap_628673-2021.xml")
    assert (notice.subtype, notice.form_type, notice.legal_basis) == ("T02", "result", "32007R1370")
    assert notice.buyers[0].legal_type == "ra"


def test_eu_institutions_in_belgium_are_flagged() -> None:
    from sppmon.enrich.identity import is_eu_institution

    flagged = []
    for path in _corpus():
        notice = read_notice(path.read_bytes())
        org = notice.organisations[0] if notice.organisations else None
        if org is not None and org.country == "BEL":
            flagged.append(is_eu_institution(notice, notice.buyers[0].legal_type))
    assert len(flagged) >= 50 and 0 < sum(flagged) < len(flagged)


def test_a_design_contest_keeps_its_jury_criteria() -> None:
    """F12 states the jury's criteria as paragraphs of PROCEDURE/CRITERIA_EVALUATION, not as AC_* criteria."""
    import tarfile

    package = SHARED / "corpus" / "ted-pool" / "ted-xml-3163.tar.gz"
    with tarfile.open(package) as archive:
        member = archive.extractfile("notices/160345-2016.xml")
        assert member is not None
        notice = read_notice(member.read())
    (lot,) = notice.lots
    (criteria,) = lot.contest_criteria
    assert criteria.lang == "SLV"
    assert criteria.value.startswith("1. Urbanistična merila")
    assert "6. Merila s področja trajnostne gradnje in energetske učinkovitosti." in criteria.value
    assert lot.award_criteria == ()
    (detection,) = detect_notice(notice)
    assert detection.green and {e.role for e in detection.evidence} == {"contest-criterion"}
