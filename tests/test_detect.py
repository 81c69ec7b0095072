"""Text evidence: per language, positive and negative sentences, false-positive guards, spans, lexicon files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sppmon.detect import default_matcher, detect_notice
from sppmon.detect.folding import _TABLE_LIST, fold
from sppmon.detect.lexicon import LANGUAGES, load_lexicons, parse_lexicon
from sppmon.detect.matcher import Matcher
from sppmon.errors import ConfigError
from sppmon.model import AwardCriterion, Detection, Lot, Notice, Text

# (language, field, sentence, expected dimensions detected). "award" puts the sentence in an award criterion
# (a deciding field), "description" in the lot description (a describing field: generic words need a cue).
CASES = [
    ("en", "description", "Products shall carry the EU Ecolabel or equivalent.", {"green"}),
    ("en", "award", "CO2 emissions over the life cycle.", {"green"}),
    ("en", "award", "Social clause: employment of long-term unemployed persons.", {"social"}),
    ("en", "description", "An innovation partnership will be set up.", {"innovative"}),
    ("en", "description", "Migration of the IT environment to the new data centre.", set()),
    ("en", "description", "Campaign on social media about social security.", set()),
    ("en", "description", "Maintenance of the test environment and the production environment.", set()),
    ("en", "description", "Supply of office chairs.", set()),
    ("en", "description", "The project supports the circular economy and a sustainable city.", set()),
    ("en", "description", "Recycled content of at least 30 % is required.", {"green"}),
    ("en", "description", "No environmental criteria apply to this contract.", set()),
    ("en", "description", "Collection of household waste and recycling services.", {"green_subject"}),
    ("nl", "description", "De producten dragen het Europees Ecolabel.", {"green"}),
    ("nl", "description", "Minstens 30 % gerecycleerd materiaal is vereist.", {"green"}),
    ("nl", "award", "Sociale clausule: inschakeling van personen met een handicap.", {"social"}),
    ("nl", "description", "Innovatiepartnerschap voor een nieuwe oplossing.", {"innovative"}),
    ("nl", "description", "Geen schulden inzake sociale zekerheid; zie de maatschappelijke zetel.", set()),
    ("nl", "description", "Duurzame inzetbaarheid van het personeel.", set()),
    ("nl", "description", "Levering van kantoormeubilair.", set()),
    ("nl", "award", "De toestellen zijn repareerbaar; herstelbaarheid wordt beoordeeld.", {"green"}),
    ("nl", "award", "Maaltijden met biologische voeding.", {"green"}),
    ("nl", "description", "Levering van reserveonderdelen voor voertuigen.", set()),
    ("nl", "award", "CO2-prestatieladder niveau 3.", {"green"}),
    ("nl", "award", "Social Return: 5 % van de opdrachtwaarde.", {"social"}),
    ("nl", "description", "Funderingen worden hergebruikt en het gebouw wordt gesloopt.", set()),
    ("nl", "description", "Uitsluitingsgronden: kinderarbeid en andere vormen van mensenhandel.", set()),
    ("nl", "description", "Inzameling van grof huishoudelijk afval.", {"green_subject"}),
    ("fr", "description", "Les produits portent le label écologique européen.", {"green"}),
    ("fr", "award", "Efficacité énergétique.", {"green"}),
    ("fr", "award", "Clause sociale : insertion de demandeurs d'emploi.", {"social"}),
    ("fr", "description", "Partenariat d'innovation pour une solution nouvelle.", {"innovative"}),
    ("fr", "description", "Un environnement de travail agréable dans un environnement informatique sécurisé.", set()),
    ("fr", "description", "Le siège social et la raison sociale; cotisations sociales payées.", set()),
    ("fr", "description", "Circulaire ministérielle relative aux marchés.", set()),
    ("fr", "award", "Indice de réparabilité des appareils.", {"green"}),
    ("fr", "award", "Repas composés d'aliments biologiques.", {"green"}),
    ("fr", "description", "Fourniture de pièces de rechange pour véhicules.", set()),
    ("fr", "description", "Le bâtiment est situé au milieu du campus.", set()),
    ("fr", "description", "Le marché comporte une clause d'insertion de 5 % des heures travaillées.", {"social"}),
    ("fr", "award", "Production saine et durable (10 %).", {"green"}),
    ("fr", "description", "Direction des affaires sociales de la ville.", set()),
    ("fr", "description", "Aucun critère environnemental n'est prévu.", set()),
    ("de", "description", "Kopierpapier mit dem Blauen Engel.", {"green"}),
    ("de", "award", "Energieeffizienz und Kreislaufwirtschaft.", {"green"}),
    ("de", "award", "Einhaltung der ILO-Kernarbeitsnormen (Tariftreue).", {"social"}),
    ("de", "description", "Innovationspartnerschaft zur Entwicklung.", {"innovative"}),
    ("de", "description", "Nachweis der Zahlung der Sozialversicherungsbeiträge.", set()),
    ("de", "description", "Lieferung von Büromöbeln.", set()),
    ("de", "description", "Die Geräte müssen reparaturfähig sein.", {"green"}),
    ("de", "description", "Lieferung von Ersatzteilen für Fahrzeuge.", set()),
    ("de", "award", "Nachhaltigkeit", {"green"}),
    ("de", "description", "Der Bieter muss den Frauenförderbogen ausfüllen.", {"social"}),
    ("de", "description", "Eigenerklärung über das Nichtvorliegen von Ausschlussgründen (Kinderarbeit).", set()),
    ("de", "description", "Errichtung von Ladesäulen für Elektrofahrzeuge.", {"green_subject"}),
    ("de", "description", "Erklärung zur sozialen Nachhaltigkeit bei IT-Aufträgen (Formular).", {"social"}),
    ("de", "description", "Studie zur Wiedervernässung des Moores.", {"green_subject"}),
    ("de", "award", "Energetisches Konzept", {"green"}),
    ("de", "selection", "Nachweis der Bescheinigung nach Art. 29 der EG-ÖKO-Basisverordnung.", {"green"}),
    ("fr", "description", "Appel à projets d'innovation sur l'éco-conception.", {"innovative"}),
    ("de", "description", "Dabei ist zu berücksichtigen, dass im Stadtteil soziale Benachteiligungen bestehen.", set()),
    ("de", "selection", "Der Bieter muss die Ersatzteilverfügbarkeit für 5 Jahre garantieren.", set()),
    ("en", "description", "Bidders must set out the community benefits they will bring.", {"social"}),
    ("en", "description", "Clients may add community benefit requirements at call off stage.", set()),
    ("en", "description", "The authority is seeking an innovation partner to develop the service.", {"innovative"}),
    # Languages beyond NL/FR/DE/EN: a positive and a negative sentence each
    ("es", "description", "El contrato se reserva a Centros Especiales de Empleo.", {"social"}),
    ("es", "description", "Certificado de estar al corriente con la Seguridad Social.", set()),
    ("es", "award", "Criterios ambientales: vehículos eléctricos.", {"green"}),
    ("it", "award", "Clausola sociale: riassorbimento del personale.", {"social"}),
    ("it", "description", "Iscrizione alla sede sociale; motivi di esclusione di cui all'art. 80.", set()),
    ("it", "description", "Servizio di ristorazione a ridotto impatto ambientale.", {"green"}),
    ("pt", "award", "Critérios ambientais: eficiência energética.", {"green"}),
    ("pt", "description", "Declaração de situação regularizada perante a segurança social.", set()),
    ("pt", "award", "Qualidade do objeto e sustentabilidade: 30 %.", {"green"}),
    ("pl", "description", "Wykonawca musi posiadać system zarządzania środowiskowego ISO 14001.", {"green"}),
    ("pl", "description", "Zaświadczenie z Zakładu Ubezpieczeń Społecznych; brak podstaw wykluczenia.", set()),
    ("pl", "description", "Zamawiający wymaga zatrudnienia ochroniarzy na umowę o pracę.", {"social"}),
    ("pl", "selection", "Wykonawca dysponuje 102 osobami zatrudnionymi na podstawie umowy o pracę.", set()),
    ("cs", "award", "Energetická účinnost budovy.", {"green"}),
    ("cs", "description", "Potvrzení o sociálním zabezpečení; základní způsobilost dodavatele.", set()),
    ("sk", "description", "Zákazka je vyhradená zákazka pre chránené dielne.", {"social"}),
    ("sk", "description", "Doklad o sociálnom poistení.", set()),
    ("sl", "description", "Ponudnik mora imeti sistem ravnanja z okoljem.", {"green"}),
    ("sl", "description", "Razlogi za izključitev iz postopka.", set()),
    ("hr", "description", "Ponuditelj mora imati sustav upravljanja okolišem.", {"green"}),
    ("hr", "description", "Potvrda o plaćenom socijalnom osiguranju.", set()),
    ("ro", "description", "Contract rezervat unităților protejate autorizate.", {"social"}),
    ("ro", "description", "Nu se află în situațiile prevăzute la art. 164 privind motivele de excludere.", set()),
    ("bg", "description", "Участникът трябва да прилага система за управление на околната среда.", {"green"}),
    ("bg", "description", "Основания за отстраняване по чл. 54 от ЗОП.", set()),
    ("el", "award", "Περιβαλλοντικά κριτήρια: ενεργειακή απόδοση.", {"green"}),
    ("el", "description", "Πιστοποιητικό κοινωνικής ασφάλισης.", set()),
    ("hu", "performance", "Elvárás a környezetirányítási rendszerek alkalmazása.", {"green"}),
    ("hu", "description", "Környezetvédelmi vagy szociális szempontok nem kerültek figyelembe vételre.", set()),
    ("fi", "award", "Ympäristökriteerit: luomutuotteet.", {"green"}),
    ("fi", "description", "Sosiaali- ja terveyspalvelujen kuntayhtymä.", set()),
    ("sv", "description", "Leverantören ska uppfylla miljökrav och sociala krav.", {"green", "social"}),
    ("sv", "description", "Inga uteslutningsgrunder föreligger; sociala medier.", set()),
    ("da", "description", "Kontrakten indeholder sociale klausuler om praktikanter.", {"social"}),
    ("da", "description", "Udbuddet følger light-procedure for sociale og andre specifikke tjenesteydelser.", set()),
    ("et", "description", "Pakkuja peab omama keskkonnajuhtimissüsteemi.", {"green"}),
    ("et", "description", "Sotsiaalmaksu võlg puudub.", set()),
    ("lv", "award", "Vides kritēriji: energoefektivitāte.", {"green"}),
    ("lv", "description", "Valsts sociālās apdrošināšanas obligātās iemaksas.", set()),
    ("lt", "description", "Pirkimas rezervuotas socialinės įmonės dalyviams.", {"social"}),
    ("lt", "description", "Pažyma apie socialinio draudimo įmokas.", set()),
    ("ga", "award", "Critéir chomhshaoil: éifeachtúlacht fuinnimh.", {"green"}),
    ("ga", "description", "Ranníocaíochtaí árachas sóisialach.", set()),
    ("mt", "description", "Il-kuntratt huwa kuntratt riżervat.", {"social"}),
    ("mt", "description", "Ħlas tal-kontribuzzjonijiet tas-sigurtà soċjali.", set()),
]
_LANGUAGE_CODES = {
    "en": "ENG", "nl": "NLD", "fr": "FRA", "de": "DEU", "es": "SPA", "it": "ITA", "pt": "POR", "pl": "POL",
    "cs": "CES", "sk": "SLK", "sl": "SLV", "hr": "HRV", "ro": "RON", "bg": "BUL", "el": "ELL", "hu": "HUN",
    "fi": "FIN", "sv": "SWE", "da": "DAN", "et": "EST", "lv": "LAV", "lt": "LIT", "ga": "GLE", "mt": "MLT",
}  # fmt: skip


def _notice(text: str, field: str = "description", lang: str | None = None) -> Notice:
    texts = (Text(lang, text),)
    if field == "award":
        lot = Lot("LOT-0001", award_criteria=(AwardCriterion("quality", names=texts),))
    elif field == "performance":
        lot = Lot("LOT-0001", performance_terms=texts)
    elif field == "selection":
        lot = Lot("LOT-0001", selection_criteria=texts)
    else:
        lot = Lot("LOT-0001", descriptions=texts)
    return Notice("eforms", "ContractNotice", "n", "01", language=lang, lots=(lot,))


@pytest.mark.parametrize(
    ("language", "field", "sentence", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_sentences(language: str, field: str, sentence: str, expected: set[str]) -> None:
    (detection,) = detect_notice(_notice(sentence, field, _LANGUAGE_CODES.get(language, language.upper())))
    found = {name for name in ("green", "green_subject", "social", "innovative") if getattr(detection, name)}
    assert found == expected, [(e.term, e.matched, e.role) for e in detection.evidence]


def test_each_lexicon_applies_to_its_own_language_only() -> None:
    dutch_word_in_french = _notice("Travaux au milieu du campus; milieuvriendelijke verf is vereist.", lang="FRA")
    (detection,) = detect_notice(dutch_word_in_french)
    assert not detection.green
    (detection,) = detect_notice(_notice("Milieuvriendelijke verf is vereist.", lang="NLD"))
    assert detection.green and detection.evidence[0].language == "nl"


def test_a_text_without_language_takes_the_notice_language() -> None:
    notice = Notice(
        "ted-r2.0.9",
        "ContractNotice",
        "n",
        None,
        language="FRA",
        lots=(Lot("LOT-0001", performance_terms=(Text(None, "Clause environnementale obligatoire."),)),),
    )
    (detection,) = detect_notice(notice)
    assert detection.green and detection.evidence[0].language == "fr"


def test_field_roles_decide_what_counts() -> None:
    sentence = "Recycled materials."
    (described,) = detect_notice(_notice(sentence, "description", "ENG"))
    (awarded,) = detect_notice(_notice(sentence, "award", "ENG"))
    assert not described.green and awarded.green
    assert awarded.evidence[0].role == "award-criterion"
    (cued,) = detect_notice(_notice("Recycled materials must be used.", "description", "ENG"))
    assert cued.green and cued.evidence[0].role == "requirement-cue"


def test_legacy_reservation_flags_are_social_evidence() -> None:
    lot = Lot("LOT-0001", reserved_procurement=("res-ws",))
    legacy = Notice("ted-r2.0.9", "ContractNotice", "1-2020", None, language="FRA", lots=(lot,))
    (detection,) = detect_notice(legacy)
    assert detection.social and detection.evidence[0].role == "reservation"
    eforms = Notice("eforms", "ContractNotice", "n", "01", language="FRA", lots=(lot,))
    (detection,) = detect_notice(eforms)
    assert not detection.social  # BT-71 is a declaration, not text evidence


def test_the_legacy_sheltered_programme_flag_is_social_evidence() -> None:
    lot = Lot("LOT-0001", reserved_execution=("yes",))  # RESTRICTED_SHELTERED_PROGRAM of a legacy form
    (detection,) = detect_notice(Notice("ted-r2.0.9", "ContractNotice", "1-2021", None, language="SWE", lots=(lot,)))
    assert detection.social
    assert [(e.term, e.role) for e in detection.evidence] == [("sheltered-programme", "reservation")]
    (detection,) = detect_notice(Notice("eforms", "ContractNotice", "n", "01", language="SWE", lots=(lot,)))
    assert not detection.social  # BT-736 is a declaration, not text evidence


def test_a_contest_criterion_counts_a_generic_green_term_but_not_a_generic_social_or_innovation_one() -> None:
    def contest(sentence: str, lang: str = "ENG") -> Detection:
        lot = Lot("LOT-0001", contest_criteria=(Text(lang, sentence),))
        (detection,) = detect_notice(Notice("ted-r2.0.9", "ContractNotice", "1-2016", None, language=lang, lots=(lot,)))
        return detection

    strong = contest("Energy efficiency of the buildings.")
    assert strong.green and strong.evidence[0].role == "contest-criterion"
    assert contest("Sustainability of the urban design.").green  # a jury criterion rewards it, like an award one
    assert contest("— Gestaltungsqualität — Ökologie", "DEU").green
    assert contest("Qualität der Freiraumplanung unter Berücksichtigung der klimaökologischen Aspekte", "DEU").green
    assert not contest("Integration into the urban environment.").green  # the surroundings
    assert not contest("Social aspects of the public space; innovative design.").social  # themes of a design
    assert not contest("Social aspects of the public space; innovative design.").innovative


def test_each_language_has_its_lexicon() -> None:
    languages = {term.language for term in load_lexicons()}
    assert {"nl", "fr", "de", "en", "mul"} <= languages
    for language in LANGUAGES:
        terms = [t for t in load_lexicons((language,)) if t.language == language]
        assert {t.dimension for t in terms if not t.is_context} == {"green", "green_subject", "social", "innovative"}
        assert {t.category for t in terms if t.is_context} == {"guard", "cue", "negation", "boilerplate"}


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
        language="ENG",
        descriptions=(Text("ENG", "All supplies must be FSC or PEFC certified."),),
        lots=(Lot("LOT-0001"), Lot("LOT-0002")),
    )
    detections = {d.lot_id: d for d in detect_notice(notice)}
    assert set(detections) == {"", "LOT-0001", "LOT-0002"}
    assert detections["LOT-0001"].green and detections["LOT-0002"].green
    assert detections["LOT-0001"].evidence == () and len(detections[""].evidence) == 2


def test_weak_terms_in_descriptions_need_a_requirement_cue() -> None:
    (alone,) = detect_notice(_notice("A sustainable city with low pollution.", lang="ENG"))
    (cued,) = detect_notice(_notice("The supplier must limit pollution.", lang="ENG"))
    assert not alone.green and cued.green


def test_acronyms_match_with_their_case_only() -> None:
    matcher = default_matcher()
    assert [hit.term.text for hit in matcher.find("MSC certified fish")] == ["MSC"]
    assert matcher.find("staff with an MSc degree") == []


def test_fold_keeps_positions() -> None:
    text = "Énergie-efficiënte CO₂‑uitstoot — İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("Énergie-Efficiënte") == "energie efficiente"


def _fold_per_character(text: str) -> str:
    """The folding as first written, one lookup per character: the byte-table path must give the same."""
    folded = text.translate(_TABLE_LIST).lower()
    if len(folded) != len(text):
        folded = "".join(low if len(low := char.lower()) == 1 else char for char in text.translate(_TABLE_LIST))
    return folded


@given(st.text(alphabet=st.characters(max_codepoint=0x2400) | st.sampled_from("’‘–—‐‑\u202fµİΣßÿ"), max_size=40))
def test_the_byte_table_folds_as_the_character_table_does(text: str) -> None:
    assert fold(text) == _fold_per_character(text)


def test_every_character_folds_alike_alone_and_beside_wide_punctuation() -> None:
    for code in range(0x2400):
        for text in (chr(code), f"Ab{chr(code)}É", f"l’{chr(code)}–x"):
            assert fold(text) == _fold_per_character(text), hex(code)
    assert fold("L’efficacité énergétique – µ") == "l'efficacite energetique   μ"


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
        "cue\tgreen\tcue\tmust",
        "environmental\tgreen\tstrong\t*",
    ],
)
def test_malformed_lexicon_lines_are_rejected_with_their_place(line: str) -> None:
    with pytest.raises(ConfigError, match=r"test\.tsv:2"):
        parse_lexicon("category\tdimension\tstrength\tterm\n" + line + "\n", "en", "test.tsv")


def _lot_notice(*texts: Text) -> Notice:
    lot = Lot("LOT-0001", descriptions=texts)
    return Notice("ted-r2.0.9", "ContractNotice", "1-2020", None, language="NOR", lots=(lot,))


def test_detected_facts_have_three_values() -> None:
    (found,) = detect_notice(_lot_notice(Text("ENG", "Products must carry the EU Ecolabel.")))
    (nothing,) = detect_notice(_lot_notice(Text("ENG", "Supply of office chairs.")))
    (no_text,) = detect_notice(_lot_notice())
    (no_lexicon,) = detect_notice(_lot_notice(Text("NOR", "Levering av kontorstoler.")))
    assert found.status("green") == "detected"
    assert nothing.status("green") == "examined-nothing-found"
    assert no_text.status("green") == no_lexicon.status("social") == "not-assessable"


def test_stored_detection_of_a_lot_that_is_not_assessable_is_empty_not_none() -> None:
    from sppmon.store.rows import StoredNotice, notice_rows
    from sppmon.store.schema import LOTS

    names = [column.name for column in LOTS.columns]
    for text, expected in ((Text("NOR", "Levering av kontorstoler."), None), (Text("ENG", "Chairs."), False)):
        notice = _lot_notice(text)
        (lot_row,) = notice_rows(StoredNotice(notice, "x.xml", "0" * 64, detect_notice(notice)))["lots"]
        assert lot_row[names.index("green_detected")] is expected
        assert lot_row[names.index("social_detected")] is expected
