"""Text evidence: per language, positive and negative sentences, false-positive guards, spans, lexicon files."""

from __future__ import annotations

import pytest

from sppmon.detect import default_matcher, detect_notice
from sppmon.detect.lexicon import load_lexicons, parse_lexicon
from sppmon.detect.matcher import Matcher, fold
from sppmon.errors import ConfigError
from sppmon.model import AwardCriterion, Lot, Notice, Text

# (language, sentence, expected dimensions detected)
CASES = [
    ("en", "Products shall carry the EU Ecolabel or equivalent.", {"green"}),
    ("en", "Award criterion: CO2 emissions over the life cycle.", {"green"}),
    ("en", "Social clause: employment of long-term unemployed persons.", {"social"}),
    ("en", "An innovation partnership will be set up.", {"innovative"}),
    ("en", "Migration of the IT environment to the new data centre.", set()),
    ("en", "Campaign on social media about social security.", set()),
    ("en", "Maintenance of the test environment and the production environment.", set()),
    ("en", "Supply of office chairs.", set()),
    ("nl", "De producten dragen het Europees Ecolabel.", {"green"}),
    ("nl", "Minstens 30 % gerecycleerd materiaal en een circulaire economie.", {"green"}),
    ("nl", "Sociale clausule: inschakeling van personen met een handicap.", {"social"}),
    ("nl", "Innovatiepartnerschap voor een nieuwe oplossing.", {"innovative"}),
    ("nl", "De inschrijver heeft geen schulden inzake sociale zekerheid; zie de maatschappelijke zetel.", set()),
    ("nl", "Duurzame inzetbaarheid van het personeel.", set()),
    ("nl", "Levering van kantoormeubilair.", set()),
    ("nl", "De toestellen zijn repareerbaar; herstelbaarheid wordt beoordeeld.", {"green"}),
    ("nl", "Maaltijden met biologische voeding.", {"green"}),
    ("nl", "Levering van reserveonderdelen voor voertuigen.", set()),
    ("fr", "Les produits portent le label écologique européen.", {"green"}),
    ("fr", "Critère d'attribution : efficacité énergétique.", {"green"}),
    ("fr", "Clause sociale : insertion de demandeurs d'emploi.", {"social"}),
    ("fr", "Partenariat d'innovation pour une solution nouvelle.", {"innovative"}),
    ("fr", "Un environnement de travail agréable dans un environnement informatique sécurisé.", set()),
    ("fr", "Le siège social et la raison sociale du soumissionnaire; cotisations sociales payées.", set()),
    ("fr", "Circulaire ministérielle relative aux marchés.", set()),
    ("fr", "Indice de réparabilité des appareils.", {"green"}),
    ("fr", "Repas composés d'aliments biologiques.", {"green"}),
    ("fr", "Fourniture de pièces de rechange pour véhicules.", set()),
    ("de", "Kopierpapier mit dem Blauen Engel.", {"green"}),
    ("de", "Energieeffizienz und Kreislaufwirtschaft.", {"green"}),
    ("de", "Einhaltung der ILO-Kernarbeitsnormen (Tariftreue).", {"social"}),
    ("de", "Innovationspartnerschaft zur Entwicklung.", {"innovative"}),
    ("de", "Nachweis der Zahlung der Sozialversicherungsbeiträge.", set()),
    ("de", "Lieferung von Büromöbeln.", set()),
    ("de", "Die Geräte müssen reparaturfähig sein.", {"green"}),
    ("de", "Lieferung von Ersatzteilen für Fahrzeuge.", set()),
]


def _notice(text: str) -> Notice:
    return Notice("eforms", "ContractNotice", "n", "01", lots=(Lot("LOT-0001", descriptions=(Text(None, text),)),))


@pytest.mark.parametrize(("language", "sentence", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_sentences(language: str, sentence: str, expected: set[str]) -> None:
    (detection,) = detect_notice(_notice(sentence))
    found = {name for name in ("green", "social", "innovative") if getattr(detection, name)}
    assert found == expected, [(e.term, e.matched) for e in detection.evidence]


def test_each_language_has_its_lexicon() -> None:
    languages = {term.language for term in load_lexicons()}
    assert {"nl", "fr", "de", "en", "mul"} <= languages
    for language in ("nl", "fr", "de", "en"):
        terms = [t for t in load_lexicons((language,)) if t.language == language]
        assert {t.dimension for t in terms if not t.is_guard} == {"green", "social", "innovative"}
        assert any(t.is_guard for t in terms)


def test_evidence_records_term_field_language_and_exact_span() -> None:
    text = "Critère : performance environnementale (30 %)."
    notice = Notice(
        "eforms",
        "ContractNotice",
        "n",
        "01",
        language="FRA",
        lots=(Lot("LOT-0001", award_criteria=(AwardCriterion("quality", names=(Text("FRA", text),)),)),),
    )
    (detection,) = detect_notice(notice)
    (evidence,) = detection.evidence
    assert (evidence.term, evidence.category, evidence.dimension) == (
        "performance environnementale",
        "environmental",
        "green",
    )
    assert (evidence.language, evidence.field, evidence.lot_id) == ("fr", "award_criteria", "LOT-0001")
    assert text[evidence.start : evidence.end] == evidence.matched == "performance environnementale"


def test_notice_level_texts_count_for_every_lot_and_are_stored_once() -> None:
    notice = Notice(
        "eforms",
        "ContractNotice",
        "n",
        "01",
        descriptions=(Text("ENG", "All supplies must be FSC or PEFC certified."),),
        lots=(Lot("LOT-0001"), Lot("LOT-0002")),
    )
    detections = {d.lot_id: d for d in detect_notice(notice)}
    assert set(detections) == {"", "LOT-0001", "LOT-0002"}
    assert detections["LOT-0001"].green and detections["LOT-0002"].green
    assert detections["LOT-0001"].evidence == () and len(detections[""].evidence) == 2


def test_weak_terms_need_a_second_different_weak_term() -> None:
    (one,) = detect_notice(_notice("A sustainable approach is expected."))
    (two,) = detect_notice(_notice("A sustainable approach with low pollution is expected."))
    assert not one.green and two.green


def test_acronyms_match_with_their_case_only() -> None:
    matcher = default_matcher()
    assert [hit.term.text for hit in matcher.find("MSC certified fish")] == ["MSC"]
    assert matcher.find("staff with an MSc degree") == []


def test_fold_keeps_positions() -> None:
    text = "Énergie-efficiënte CO₂‑uitstoot — İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("Énergie-Efficiënte") == "energie efficiente"


def test_prefix_terms_extend_to_the_end_of_the_word() -> None:
    matcher = Matcher(
        parse_lexicon("category\tdimension\tstrength\tterm\nenvironmental\tgreen\tstrong\trecyclab*\n", "en")
    )
    (hit,) = matcher.find("Recyclability of parts")
    assert hit.matched == "Recyclability"


@pytest.mark.parametrize(
    "line",
    [
        "environmental\tgreen\tstrong",
        "colour\tgreen\tstrong\tgreen paint",
        "environmental\tblue\tstrong\tpaint",
        "guard\t-\tstrong\tsocial media",
        "environmental\tgreen\tstrong\t*",
    ],
)
def test_malformed_lexicon_lines_are_rejected_with_their_place(line: str) -> None:
    with pytest.raises(ConfigError, match=r"test\.tsv:2"):
        parse_lexicon("category\tdimension\tstrength\tterm\n" + line + "\n", "en", "test.tsv")
