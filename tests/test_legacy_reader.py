"""Legacy TED XML reader: golden facts of fixtures written here, hand-checked facts, bad input, mutations."""

from __future__ import annotations

import contextlib
import json
import os
import random
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from sppmon.errors import CatalogedError
from sppmon.facts import notice_facts
from sppmon.model import Text
from sppmon.readers import ReaderOptions, read_notice, ted_common
from sppmon.readers.ted_common import child, child_index, country3, doc_id, plain, weight

from .conftest import FIXTURES
from .test_properties import _mutate_bytes, _mutate_tree

TED = FIXTURES / "ted"
TED_FIXTURES = sorted(TED.glob("*.xml"))


def _read(name: str, **options: bool) -> object:
    return read_notice((TED / name).read_bytes(), ReaderOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize("path", TED_FIXTURES, ids=[p.stem for p in TED_FIXTURES])
def test_golden_facts(path: Path) -> None:
    facts = notice_facts(read_notice(path.read_bytes()))
    golden = path.with_suffix(".facts.json")
    text = json.dumps(facts, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("SPPMON_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == json.loads(text)


def test_two_original_sections_give_one_set_of_lots_with_both_languages() -> None:
    notice = read_notice((TED / "f02_be_bilingual.xml").read_bytes())
    assert notice.format == "ted-r2.0.9"
    assert (notice.notice_id, notice.version, notice.key) == ("123456-2019", None, "123456-2019")
    assert (notice.language, notice.additional_languages) == ("FRA", ("NLD",))
    assert [lot.lot_id for lot in notice.lots] == ["LOT-0001", "LOT-0002"]
    first = notice.lots[0]
    assert first.titles == (Text("FRA", "Produits d'entretien"), Text("NLD", "Onderhoudsproducten"))
    assert first.reserved_procurement == ("res-ws",)
    assert [c.type for c in first.award_criteria] == ["quality", "price"]
    assert first.award_criteria[0].weight == Decimal(30)
    assert first.award_criteria[0].weight_kind == "per-exa"
    assert len(first.performance_terms) == 2  # FR and NL, copied from LEFTI to every lot
    assert notice.lots[1].eu_funded == "eu-funds"
    assert notice.buyers[0].legal_type == "ra"
    assert notice.organisations[0].country == "BEL"
    assert (notice.subtype, notice.form_type, notice.notice_type) == ("16", "competition", "cn-standard")
    # The English translation is ignored unless asked for.
    assert all(text.lang != "ENG" for lot in notice.lots for text in lot.descriptions)


def test_translations_are_kept_when_asked() -> None:
    notice = read_notice((TED / "f02_be_bilingual.xml").read_bytes(), ReaderOptions(all_languages=True))
    assert "ENG" in notice.additional_languages
    assert Text("ENG", "Cleaning products with the EU Ecolabel or equivalent.") in notice.lots[0].descriptions
    assert len(notice.lots) == 2


def test_award_notice_of_an_eu_institution() -> None:
    notice = read_notice((TED / "f03_eu_institution.xml").read_bytes())
    assert notice.buyers[0].legal_type == "eu-ins-bod-ag"
    assert notice.legal_basis == "32018R1046"
    assert notice.procedure_id == "222222-2018"  # joins its contract notice
    assert [lot.lot_id for lot in notice.lots] == ["LOT-0001", "LOT-0002"]  # "Lot 1" → LOT-0001
    won, failed = notice.lot_results
    assert (won.lot_id, won.winner_status, won.submissions) == ("LOT-0001", "selec-w", (("tenders", 4), ("t-sme", 1)))
    assert (failed.lot_id, failed.winner_status, failed.not_awarded_reason) == ("LOT-0002", "clos-nw", "all-rej")
    sizes = {notice.organisation(w.org_id).names[0].value: notice.organisation(w.org_id).size for w in notice.winners}  # type: ignore[union-attr]
    assert sizes == {"Alpha Computers SA": "not-sme", "Beta Services Ltd": "sme"}
    assert {notice.organisation(w.org_id).country for w in notice.winners} == {"LUX", "GRC"}  # type: ignore[union-attr]
    assert notice.tenders[0].value is not None and notice.tenders[0].value.value == Decimal("900000.50")


def test_corrigendum_is_a_change_linked_to_its_notice() -> None:
    notice = read_notice((TED / "f14_corrigendum.xml").read_bytes())
    assert (notice.form_type, notice.subtype, notice.changed_notice) == ("change", None, None)
    assert notice.previous_notices == ("123456-2019",)
    assert notice.additional_info[0].value == "Producten met het EU-milieukeurmerk."
    assert len(notice.lots) == 1


def test_r208_contract_award() -> None:
    notice = read_notice((TED / "r208_contract_award.xml").read_bytes())
    assert (notice.format, notice.notice_id, notice.subtype, notice.legal_basis) == (
        "ted-r2.0.8",
        "045678-2015",
        "29",
        "32004L0018",
    )
    assert notice.issue_date == "2015-02-09" and notice.publication_date == "2015-02-12"
    assert [c.names[0].value for c in notice.lots[0].award_criteria] == ["Preis", "Umweltleistung"]
    assert notice.lot_results[0].submissions == (("tenders", 3),)
    assert notice.contracts[0].conclusion_date == "2015-01-15"
    assert notice.tenders[0].value is not None and notice.tenders[0].value.value == Decimal("48000.00")


@pytest.mark.parametrize(
    ("alpha2", "alpha3"), [("BE", "BEL"), ("UK", "GBR"), ("GB", "GBR"), ("EL", "GRC"), ("1A", "XKX"), ("ZZ", None)]
)
def test_country_codes(alpha2: str, alpha3: str | None) -> None:
    assert country3(alpha2) == alpha3


def test_references_and_weights() -> None:
    assert doc_id("2018/S 146-335250") == "335250-2018"
    assert doc_id("45678-2015") == "045678-2015"
    assert doc_id("see above") is None
    assert weight("30 %") == (Decimal(30), "per-exa")
    assert weight("20 points") == (Decimal(20), "poi-exa")
    assert weight("see the documents") == (None, None)


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (b'<TED_EXPORT DOC_ID="1-2019"><FORM_SECTION/></TED_EXPORT>', "NOTICE_UNKNOWN_LEGACY_FORM"),
        (b"<TED_EXPORT><FORM_SECTION><F02_2014/></FORM_SECTION></TED_EXPORT>", "NOTICE_NO_ID"),
        (
            b'<TED_EXPORT DOC_ID="1-2019"><FORM_SECTION><F99_2014/></FORM_SECTION></TED_EXPORT>',
            "NOTICE_UNKNOWN_LEGACY_FORM",
        ),
        (
            b'<TED_EXPORT DOC_ID="1-2019"><FORM_SECTION>'
            b'<MOVE FORM="T9" CATEGORY="ORIGINAL"/></FORM_SECTION></TED_EXPORT>',
            "NOTICE_UNKNOWN_LEGACY_FORM",
        ),
    ],
)
def test_bad_legacy_input_gets_a_catalogued_code(xml: bytes, code: str) -> None:
    with pytest.raises(CatalogedError) as raised:
        read_notice(xml)
    assert raised.value.code == code


LEGACY_CORPUS = [path.read_bytes() for path in TED_FIXTURES]


def _read_or_reject(data: bytes) -> None:
    with contextlib.suppress(CatalogedError):
        read_notice(data)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**31), st.sampled_from(range(len(LEGACY_CORPUS))))
def test_mutated_legacy_notices_never_crash_the_reader(seed: int, which: int) -> None:
    rng = random.Random(seed)
    _read_or_reject(_mutate_bytes(LEGACY_CORPUS[which], rng))
    _read_or_reject(_mutate_tree(LEGACY_CORPUS[which], rng))


_MOVE_T02 = """<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" VERSION="R2.0.9.S05.E01"
    DOC_ID="140000-2022">
  <CODED_DATA_SECTION>
    <REF_OJS><COLL_OJ>S</COLL_OJ><NO_OJ>10</NO_OJ><DATE_PUB>20220114</DATE_PUB></REF_OJS>
    <NOTICE_DATA><NO_DOC_OJS>2022/S 010-140000</NO_DOC_OJS><LG_ORIG>DE</LG_ORIG><ISO_COUNTRY VALUE="DE"/></NOTICE_DATA>
    <CODIF_DATA><DS_DATE_DISPATCH>20220110</DS_DATE_DISPATCH></CODIF_DATA>
  </CODED_DATA_SECTION>
  <FORM_SECTION>
    <MOVE CATEGORY="ORIGINAL" FORM="T02" LG="DE">
      <LEGAL_BASIS VALUE="32007R1370"/>
      <CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Zweckverband Nahverkehr</OFFICIALNAME>
        <COUNTRY VALUE="DE"/></ADDRESS_CONTRACTING_BODY></CONTRACTING_BODY>
      <OBJECT_CONTRACT><TITLE><P>Schienenpersonennahverkehr</P></TITLE><CPV_MAIN><CPV_CODE CODE="60210000"/></CPV_MAIN>
        <OBJECT_DESCR><SHORT_DESCR><P>Erbringung von Eisenbahnverkehrsleistungen.</P></SHORT_DESCR></OBJECT_DESCR>
      </OBJECT_CONTRACT>
      <LEFTI>
        <SOCIAL_STANDARDS><P>Das Verkehrsunternehmen muss die Tariftreue gegenüber seinen Beschäftigten einhalten
          und das Personal des bisherigen Betreibers übernehmen.</P></SOCIAL_STANDARDS>
        <PUBLIC_SERVICE_OBLIGATIONS><P>Bedienung nach Fahrplan.</P></PUBLIC_SERVICE_OBLIGATIONS>
        <OTHER_PARTICULAR_CONDITIONS><P>Fahrzeuge mit Batterieantrieb.</P></OTHER_PARTICULAR_CONDITIONS>
        <OTHER_QUALITY_TARGET><P>Barrierefreie Fahrgastinformation.</P></OTHER_QUALITY_TARGET>
      </LEFTI>
    </MOVE>
  </FORM_SECTION>
</TED_EXPORT>
"""


def test_move_social_standards_and_conditions_are_performance_terms() -> None:
    """The social standards of a passenger-transport notice (staff take-over, Tariftreue) reach the detector as
    performance terms, with the other particular conditions and quality targets."""
    from sppmon.detect.detector import detect_notice

    notice = read_notice(_MOVE_T02.encode())
    terms = [" ".join(text.value.split()) for text in notice.lots[0].performance_terms]
    assert terms[0].startswith("Das Verkehrsunternehmen muss die Tariftreue")
    assert "Fahrzeuge mit Batterieantrieb." in terms
    assert "Barrierefreie Fahrgastinformation." in terms
    evidence = [item for detection in detect_notice(notice) for item in detection.evidence]
    assert any(item.term == "Tariftreue" and item.field == "performance_terms" for item in evidence)


PARAGRAPHS = (
    b'<T xmlns="urn:a" xmlns:n="urn:n"><A>one</A><n:A>two</n:A><B><P> first  line </P><P/><P>x<I>y</I>z</P></B>'
    b"<C>plain <I>mixed</I> text</C><D><P>only</P>tail-less</D></T>"
)


def test_lookups_and_texts_are_the_same_with_and_without_the_child_index() -> None:
    root = etree.fromstring(PARAGRAPHS)
    names = ("A", "B", "C", "D", "P", "I", "missing")
    plain_lookups = [(name, child(root, name)) for name in names]
    texts = [plain(child(root, name)) for name in names]
    with child_index():
        assert [(name, child(root, name)) for name in names] == plain_lookups
        assert [plain(child(root, name)) for name in names] == texts
        assert child(child(root, "B"), "P") is not None and child(None, "A") is None
    assert texts[:4] == ["one", "first line\nxyz", "plain mixed text", "only"]
    assert plain_lookups[0][1] is not None and plain_lookups[0][1].tag == "{urn:a}A"  # the first, in any namespace


def test_the_child_index_belongs_to_one_thread_and_one_read() -> None:
    root = etree.fromstring(PARAGRAPHS)
    seen: list[object] = []
    with child_index():
        child(root, "A")
        worker = threading.Thread(target=lambda: seen.append(getattr(ted_common._READ, "index", None)))
        worker.start()
        worker.join()
        assert ted_common._READ.index  # filled by the lookup in this thread
    assert seen == [None]  # another thread never sees it
    assert getattr(ted_common._READ, "index", None) is None  # and it ends with the read
