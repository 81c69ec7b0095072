"""Lexicons of every EU language: localised eco-label names, requirement cues, and the guards and boilerplate that
keep service-mission names ("social care", "Sozialamt") and statutory duties out of the evidence. One positive and
one negative sentence at least per addition; negatives sit in an award criterion or next to a cue, where a
generic word would otherwise count, so that each can fail."""

from __future__ import annotations

import pytest

from sppmon.detect import detect_notice
from sppmon.model import Lot, Notice, Text

from .test_detect import _LANGUAGE_CODES, _notice

CASES = [
    # requirement cues of emphasis: a strong term in a description counts next to them
    ("en", "description", "Particular attention is paid to recycled packaging.", {"green"}),
    ("fr", "description", "L'acheteur accorde une importance à l'efficacité énergétique des appareils.", {"green"}),
    ("nl", "description", "De aanbesteder hecht belang aan energie-efficiënte toestellen.", {"green"}),
    ("de", "description", "Der Auftraggeber legt Wert auf Energieeffizienz der Geräte.", {"green"}),
    ("cs", "description", "Zadavatel klade důraz na energeticky úsporné řešení haly.", {"green"}),
    ("sv", "description", "Beställaren lägger vikt vid energieffektiva lösningar.", {"green"}),
    ("da", "description", "Ordregiver lægger vægt på energieffektive løsninger.", {"green"}),
    ("en", "description", "The site offers a pleasant view of recycled brick walls.", set()),
    # compound law names and the "innovative partnership" wording (misses of a blind labelled set)
    ("de", "performance", "Es gelten die Vorgaben des Landestariftreuegesetzes (LTTG).", {"social"}),
    ("de", "performance", "Es gilt das Tariftreue- und Vergabegesetz Nordrhein-Westfalen.", {"social"}),
    ("de", "award", "Erfahrung mit dem Landesgesetz über die Vergabe.", set()),
    ("en", "description", "The buyer runs an Innovative Partnership Process for energy storage.", {"innovative"}),
    # misses and false positives of the pooled holdout sets, mended in the lexicons
    ("pl", "award", "Zastosowane rozwiązania proekologiczne i energooszczędne.", {"green"}),
    ("pl", "performance", "Wymóg zatrudnienia na podstawie umów o pracę osób wykonujących ochronę.", {"social"}),
    ("pl", "performance", "Sporządzenie raportu oddziaływania na środowisko (o ile będzie wymagane).", set()),
    ("cs", "award", "Maximální spotřeba pohonných hmot pro kombinovaný provoz.", {"green"}),
    ("hu", "award", "Az üzemeltetés energia- és erőforrás-hatékony megoldásai.", {"green"}),
    ("fr", "award", "RSE", {"green"}),
    ("fr", "award", "Emploi et formation", {"social"}),
    ("fr", "award", "Nature de l’accompagnement social", set()),
    ("fr", "description", "Le candidat doit démontrer son savoir-faire environnemental.", {"green"}),
    ("fr", "description", "Les travaux doivent satisfaire aux exigences environnementales du permis.", {"green"}),
    ("fr", "description", "Un site qui répond aux exigences environnementales et de travail.", set()),
    ("de", "description", "Qualifizierung in Sicherheits-, Gesundheits-, Umweltschutzarbeit ist zu erbringen.", set()),
    ("es", "performance", "Consideraciones de tipo medioambiental. Descripción: Cumplimiento de las obligaciones "
     "aplicables en materia medioambiental establecidas en el derecho de la Unión.", set()),
    ("es", "performance", "Consideraciones de tipo medioambiental. Descripción: reducción de las emisiones de CO2 "
     "de los vehículos.", {"green"}),
    # general misses and false positives of the third blind holdout, mended after it was measured
    ("en", "description", "Learners with ASC will be supported by qualified staff.", set()),
    ("en", "award", "Fish from ASC-certified or MSC sources.", {"green"}),
    ("de", "performance", "Die Kantine soll umweltverträglich und abfallarm geführt werden.", {"green"}),
    ("en", "description", "The supplier must provide renewable heat to the buildings.", {"green"}),
    ("fr", "award", "Contrôles des opérations au titre des certificats d'économies d'énergie.", set()),
    # mends after the ninth blind holdout (fresh8): biodiversity in every language, a scored question with its
    # weighting, the MEAT criteria named in a description, ISO 14001 after 9001 without a space
    ("da", "award", "Forslagene vurderes på landskabsarkitektur, biodiversitet og økonomi.", {"green"}),
    ("sv", "award", "Åtgärder för biologisk mångfald.", {"green"}),
    ("pl", "award", "Ochrona bioróżnorodności na placu budowy.", {"green"}),
    ("el", "award", "Μέτρα για τη βιοποικιλότητα.", {"green"}),
    ("hu", "award", "A biológiai sokféleség megőrzése.", {"green"}),
    ("lt", "award", "Priemonės biologinės įvairovės apsaugai.", {"green"}),
    ("da", "description", "Parken rummer legepladser, og området har en rig biodiversitet.", set()),
    ("en", "selection", "Scored questions: Experience — weighting 40; Environmental and sustainability — weighting 10.",
     {"green"}),
    ("en", "selection", "Scored questions: Experience — weighting 40; Technical capacity — weighting 20.", set()),
    ("en", "description", "Awarded on MEAT criteria in terms of price, quality and social value.", {"social"}),
    ("en", "description", "The social value of the park for the district is described in the brief.", set()),
    ("hu", "description", "Tanúsítvány: ISO 9001,14001,22000.", {"green"}),
    ("hu", "description", "Tanúsítvány: ISO 9001,22000.", set()),
    ("ro", "performance", "Operatorul va furniza servicii de transport pentru grupuri sociale de călători.", set()),
    ("ro", "performance", "Operatorul va angaja persoane din grupuri sociale defavorizate.", {"social"}),
    # localised eco-label names
    ("es", "description", "Los productos llevarán la Etiqueta Ecológica Europea.", {"green"}),
    ("it", "description", "Carta riciclata con il marchio Angelo Blu.", {"green"}),
    ("pt", "description", "Papel com o Rótulo Ecológico da UE.", {"green"}),
    ("pl", "description", "Papier oznaczony znakiem Błękitny Anioł.", {"green"}),
    ("cs", "description", "Výrobky s označením Ekologicky šetrný výrobek.", {"green"}),
    ("sk", "description", "Výrobky musia niesť značku Environmentálne vhodný produkt.", {"green"}),
    ("el", "description", "Χαρτί με το σήμα Γαλάζιος Άγγελος.", {"green"}),
    ("hu", "description", "A termékeknek Környezetbarát Termék védjeggyel kell rendelkezniük.", {"green"}),
    ("ro", "description", "Produsele poartă eticheta ecologică a UE.", {"green"}),
    ("sl", "description", "Papir z znakom Modri angel.", {"green"}),
    ("hr", "description", "Proizvodi nose znak Prijatelj okoliša.", {"green"}),
    ("da", "description", "Rengøringsmidlerne skal bære Blomsten eller Svanen.", {"green"}),
    # service-mission, housing and authority names: not a social requirement
    ("en", "award", "Experience in social care and social work with adults.", set()),
    ("fr", "award", "Connaissance de l'action sociale et des logements sociaux.", set()),
    ("fr", "award", "Expérience des établissements médico-sociaux et de la mixité sociale.", set()),
    ("nl", "award", "Ervaring met sociale huisvesting en het Sociaal Huis.", set()),
    ("de", "award", "Erfahrung mit dem Sozialamt und der Sozialstation.", set()),
    ("es", "award", "Experiencia en asistencia social y viviendas sociales.", set()),
    ("it", "award", "Esperienza con soggetti del privato sociale e assistenti sociali.", set()),
    ("pt", "award", "Experiência em ação social e habitação social.", set()),
    ("pl", "award", "Doświadczenie w ośrodkach polityki społecznej.", set()),
    ("cs", "award", "Zkušenost s oblastí sociálních věcí a sociální péče.", set()),
    ("fi", "award", "Kokemus sosiaalityöstä ja sosiaalihuollosta.", set()),
    ("sv", "award", "Erfarenhet av socialtjänsten.", set()),
    ("fi", "award", "Kaupungin sosiaali-, terveys- ja pelastustoimi.", set()),
    ("en", "performance", "CCTV cameras to prevent anti-social behaviour.", set()),
    ("da", "award", "Erfaring med socialforvaltningen.", set()),
    ("hr", "award", "Iskustvo u sustavu socijalne skrbi.", set()),
    ("sl", "award", "Izkušnje na področju socialnega varstva.", set()),
    ("ro", "award", "Experiență în asistență socială.", set()),
    ("el", "award", "Συγκρότημα Κοινωνικής Κατοικίας.", set()),
    ("bg", "performance", "Информация от Министерство на труда и социалната политика.", set()),
    # company accounts, payroll declarations, "environment" as a setting, "nachhaltig" meaning "lastingly"
    ("fr", "award", "Les bilans et comptes sociaux des trois derniers exercices.", set()),
    ("fr", "performance", "Être à jour de ses déclarations sociales auprès du régime social obligatoire.", set()),
    ("fr", "award", "Capacité à travailler dans un environnement très fréquenté.", set()),
    ("de", "award", "Die Wohnbedingungen nachhaltig zu verbessern.", set()),
    ("de", "award", "Nachhaltigkeit der Baustoffe.", {"green"}),
    # insurance against environmental damage is not an environmental requirement
    ("de", "award", "Haftpflichtversicherung für Umweltschäden.", set()),
    ("en", "award", "Insurance for environmental liability.", set()),
    ("hu", "performance", "Felelősségbiztosítás környezetvédelmi kár esetén.", set()),
    # statutory duties and "none" statements in the language's own words
    ("en", "performance", "The contractor shall comply with environmental, social and labour law.", set()),
    ("fr", "performance", "Le candidat est en règle sur les plans légaux, sociaux et fiscaux.", set()),
    ("es", "performance", "Cumplir las obligaciones aplicables en materia medioambiental, social o laboral.", set()),
    ("it", "performance", "Rispetto degli obblighi in materia ambientale, sociale e del lavoro.", set()),
    ("sk", "performance", "Závažného porušenia povinností v oblasti ochrany životného prostredia, sociálneho práva "
     "alebo pracovného práva.", set()),
    ("da", "performance", "Leverandøren skal overholde nationale og internationale love og regler vedrørende "
     "menneskerettigheder, arbejdstagerrettigheder, miljø og antikorruption.", set()),
    ("da", "performance", "Leverandøren skal bruge miljømærkede rengøringsmidler.", {"green"}),
    ("sk", "description", "Toto verejné obstarávanie nepatrí medzi zelené verejné obstarávanie.", set()),
    ("bg", "performance", "Правила и изисквания, свързани с опазване на околната среда, социалното и трудовото право.",
     set()),
    ("el", "performance", "Ο ανάδοχος τηρεί τις υποχρεώσεις στους τομείς του περιβαλλοντικού, "
     "κοινωνικοασφαλιστικού και εργατικού δικαίου.", set()),
    ("hu", "description", "Az eljárás során nem került figyelembe vételre környezetvédelmi vagy szociális szempont.",
     set()),
    # energy and fuel consumption as an award criterion is an energy-efficiency criterion; in a description it
    # needs a cue
    ("de", "award", "Kraftstoffverbrauch", {"green"}),
    ("en", "award", "Fuel consumption of the vehicles (20 %).", {"green"}),
    ("fr", "award", "Consommation énergétique des équipements.", {"green"}),
    ("it", "award", "Miglioramento della prestazione energetica.", {"green"}),
    ("pl", "award", "Zużycie energii przez urządzenia.", {"green"}),
    ("sv", "award", "Energiförbrukning.", {"green"}),
    ("fi", "award", "Energiankulutus.", {"green"}),
    ("fr", "award", "Politique d'alimentation durable : 20 %.", {"green"}),
    ("de", "description", "Lieferung von Fahrzeugen; der Kraftstoffverbrauch steht im Datenblatt.", set()),
    ("es", "description", "Informe anual sobre el consumo energético del edificio.", set()),
    # recycling and exhaust emissions in award criteria and execution conditions
    ("es", "performance", "El adjudicatario deberá promocionar el reciclado de productos.", {"green"}),
    ("pt", "performance", "O adjudicatário assegura a reciclagem dos resíduos.", {"green"}),
    ("pl", "award", "Kryterium emisji spalin (norma EURO 6).", {"green"}),
    ("ro", "award", "Standardul de performanță privind emisiile.", {"green"}),
    ("lt", "award", "Elektros energijos nuostolių sąnaudos (MWh).", {"green"}),
    ("es", "description", "Mantenimiento de contenedores; informe de emisiones del parque.", set()),
    # French masculine plural and the usual wording of an insertion clause
    ("fr", "award", "Qualité des engagements environnementaux.", {"green"}),
    ("fr", "description", "Des engagements environnementaux de la ville.", set()),
    ("fr", "performance", "Le marché fait l'objet d'une clause de promotion de l'emploi des personnes rencontrant des "
     "difficultés particulières d'insertion.", {"social"}),
    # apprenticeship contracts offered during execution
    ("fr", "performance", "Le titulaire accueille des jeunes en contrat d'apprentissage.", {"social"}),
    ("fr", "description", "Formation des agents; contrats d'apprentissage de la ville.", set()),
    # the same words where they do ask something of the supplier still count
    ("fr", "award", "Clause sociale : heures d'insertion.", {"social"}),
    ("de", "award", "Soziale Kriterien: Beschäftigung von Langzeitarbeitslosen.", {"social"}),
    ("sk", "description", "Ide o zelené verejné obstarávanie s environmentálnymi požiadavkami.", {"green"}),
    # ISO 14001 named after ISO 9001 without repeating "ISO"
    ("de", "description", "Gültiges QM-System nach ISO 9001, 14001, 18001.", {"green"}),
    ("en", "description", "Certified to ISO 9001 and 14001.", {"green"}),
    ("de", "description", "Gültiges QM-System nach ISO 9001, 45001.", set()),
    # inflected German forms and low environmental impact as a property of what is bought
    ("de", "performance", "Nutzung erneuerbarer Energien im Betrieb.", {"green"}),
    ("de", "performance", "Die Baustoffe sind mit den Klimaschutzzielen vereinbar.", {"green"}),
    ("de", "description", "Das Amt für erneuerbare Energien und seine Klimaschutzziele.", set()),
    ("de", "description", "Planungswettbewerb für einen Ortskern mit geringer Umweltbelastung.", {"green"}),
    ("it", "description", "Progetto di fattibilità a basso impatto ambientale.", {"green"}),
    ("en", "description", "A town-centre design with low environmental impact.", {"green"}),
    ("nl", "description", "Een ontwerp met een lage milieubelasting.", {"green"}),
    ("fr", "description", "Un aménagement à faible impact environnemental.", {"green"}),
    ("en", "description", "A study of the environmental impact of the road.", set()),
    ("en", "description", "Production and delivery of green hydrogen for the buses.", {"green"}),
    ("en", "description", "Hydrogen buses and their depot.", set()),
    # an "innovative supplier" is a manner of speaking; innovative solutions sought are not
    ("en", "description", "SPT seeks to appoint a forward looking and innovative supplier.", set()),
    ("en", "description", "SPT seeks innovative solutions for ticketing.", {"innovative"}),
    # misses and a false positive of the eighth blind holdout (fresh7), mended after it was measured
    ("el", "description", "Σύστημα προμηθευτών φορτιστών ηλεκτρικών οχημάτων.", {"green_subject"}),
    ("en", "description", "Dynamic purchasing system for asset decarbonisation works.", {"green_subject"}),
    ("en", "description", "Administration of the wind farm community funds.", set()),
    ("en", "description", "Maintenance of the wind farms.", {"green_subject"}),
    # a policy of green or sustainable procurement named in a description is a topic; asked for, it counts
    ("es", "description", "El proyecto incluye medidas de contratación pública sostenible.", set()),
    ("es", "award", "Criterios de contratación pública sostenible.", {"green"}),
    ("en", "description", "The authority has a sustainable procurement strategy.", set()),
    ("en", "performance", "The contractor follows the green public procurement criteria.", {"green"}),
    ("de", "description", "Die Stadt verfolgt eine Strategie der nachhaltigen Beschaffung.", set()),
    ("de", "description", "Die Leistung muss den Regeln der nachhaltigen Beschaffung entsprechen.", {"green"}),
    # glass and waste sorting as the purpose
    ("fr", "description", "Dispositif de valorisation du geste de tri du verre.", {"green_subject"}),
    ("fr", "description", "Tri des factures et du courrier.", set()),
    # Tariftreue spelled out beside the minimum-wage law counts; the law as an exclusion ground does not
    ("de", "performance", "Der Konzessionsnehmer muss sich zur Tariftreue und Zahlung von Mindestentgelten nach dem "
     "Mindestlohngesetz verpflichten.", {"social"}),
    ("de", "performance", "Eigenerklärung zu § 19 Abs. 3 MiLoG zum Mindestlohn.", set()),
    ("de", "performance", "Eigenerklärung zu § 19 Mindestlohngesetz zum Mindestlohn.", set()),
    # accessibility for disabled people is not a social requirement under the labelling rules, nor are the social
    # partners (unions and employers); employing disabled people still is
    ("de", "performance", "Die Fahrgastinformation ist barrierefrei; Barrierefreiheit der Fahrzeuge.", set()),
    ("fr", "performance", "Les locaux devront répondre aux exigences d'accessibilité.", set()),
    ("en", "performance", "Accessibility of the website for all users.", set()),
    ("nl", "performance", "De toegankelijkheid van het gebouw moet gegarandeerd zijn.", set()),
    ("fr", "description", "Le site devra répondre aux missions confiées par les partenaires sociaux.", set()),
    ("de", "performance", "Abstimmung mit den Sozialpartnern.", set()),
    ("en", "performance", "Consultation with the social partners.", set()),
    ("nl", "performance", "Overleg met de sociale partners.", set()),
    ("de", "performance", "Beschäftigung von Menschen mit Behinderungen im Auftrag.", {"social"}),
    # "sind zu" with an adverb between counts as a requirement cue
    ("de", "description", "Innovative Konstruktionen und Baulösungen sind dabei zu entwickeln.", {"innovative"}),
    ("de", "description", "Die Schule hat innovative Konstruktionen und Baulösungen.", set()),
    # an online platform in Estonian ("Peatus.ee keskkonnas")
    ("et", "performance", "Sõiduplaanid on avaldatud Peatus.ee keskkonnas.", set()),
    ("et", "performance", "Vedaja tagab keskkonna kaitse.", {"green"}),
    # the fifth blind holdout (detection-labels-fresh4.tsv): its general mistakes, mended after it was measured
    ("en", "description", "Relocation of sewage pipes and drainage along the new tram line.", set()),
    ("en", "description", "Operation and maintenance of the sewage treatment plant.", {"green_subject"}),
    ("fr", "description", "Déviation des réseaux d'assainissement et d'eau potable.", set()),
    ("fr", "description", "Concession du service public d'assainissement collectif.", {"green_subject"}),
    ("de", "description", "Verlegung von Abwasserleitungen im Museumsbau.", set()),
    ("fr", "description", "La CARA souhaite confier à des structures d'insertion des prestations d'appui.", {"social"}),
    ("fr", "description", "Prestations d'un atelier et chantier d'insertion (article L. 5132-15 du code du travail).",
     {"social"}),
    ("fr", "performance", "Le candidat s'engage à respecter la réglementation sociale et le code du travail.", set()),
    ("bg", "performance",
     "Участникът посочва сертификата в част IV, буква Г „Схеми за осигуряване на качеството и стандарти за "
     "екологично управление“ от ЕЕДОП.", set()),
    ("bg", "performance",
     "Възложителят приема и други доказателства за еквивалентни мерки за осигуряване на качеството или за "
     "опазване на околната среда.", set()),
    ("bg", "performance", "Изпълнителят прилага система за екологично управление по ISO 14001.", {"green"}),
    ("sl", "award", "Merila s področja trajnostne gradnje in energetske učinkovitosti.", {"green"}),
    # misses of the pooled held-out sets: a management system inside a list, a German buyer "seeking" innovation
    ("en", "performance",
     "Implementation of quality management, environmental management and safety management systems.", {"green"}),
    ("fr", "performance", "Être en ordre par rapport aux normes de gestion environnementale.", {"green"}),
    ("nl", "description", "De inschrijver beschikt over een milieubeheersysteem.", {"green"}),
    ("de", "description", "Wir suchen innovative, skalierbare Geschäftsmodelle.", {"innovative"}),
    ("de", "description", "Innovative Projekte der Stadt werden im Jahresbericht vorgestellt.", set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "field", "sentence", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_sentences_beyond_the_core_lexicons(language: str, field: str, sentence: str, expected: set[str]) -> None:
    (detection,) = detect_notice(_notice(sentence, field, _LANGUAGE_CODES[language]))
    found = {name for name in ("green", "green_subject", "social", "innovative") if getattr(detection, name)}
    assert found == expected, [(e.term, e.matched, e.role) for e in detection.evidence]


def test_the_accessibility_justification_is_not_evidence() -> None:
    """BT-755 says why accessibility criteria are left out; the words it names are absent, not required."""
    text = (Text("POL", "Zamawiający nie ma możliwości określenia wymagań dla osób niepełnosprawnych."),)
    for field in ("accessibility_justifications", "performance_terms"):
        lot = Lot("LOT-0001", **{field: text})
        (detection,) = detect_notice(Notice("eforms", "ContractNotice", "n", "01", language="POL", lots=(lot,)))
        assert detection.social is (field == "performance_terms")
