"""Vocabulary of the sample generator: buyers, purchases (real CPV codes), suppliers and sustainability
wording in Dutch, French, German and English. Buyer names are real public bodies; their registration
numbers, the suppliers and all amounts are fictitious."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BuyerSpec:
    names: dict[str, str]  # language (eForms code) → name
    country: str
    nuts: str
    city: str
    legal_type: str
    activity: str
    company_id: str
    legal_basis: str = "32014L0024"
    weight: int = 1


@dataclass(frozen=True, slots=True)
class PurchaseSpec:
    cpv: str
    nature: str
    titles: dict[str, str]
    value_range: tuple[int, int]
    green_affinity: float = 1.0  # multiplies the chance that a lot declares green procurement
    vehicles: str | None = None  # CVD vehicle category code for purchases of vehicles or transport services
    cvd_contract: str | None = None
    eed_item: str | None = None
    weight: int = 1


BUYERS: tuple[BuyerSpec, ...] = (
    BuyerSpec(
        {"NLD": "FOD Beleid en Ondersteuning", "FRA": "SPF Stratégie et Appui"},
        "BEL",
        "BE100",
        "Brussel",
        "cga",
        "gen-pub",
        "0671.516.647",
        weight=6,
    ),
    BuyerSpec(
        {"NLD": "FOD Financiën", "FRA": "SPF Finances"},
        "BEL",
        "BE100",
        "Brussel",
        "cga",
        "econ-aff",
        "0308.357.159",
        weight=4,
    ),
    BuyerSpec(
        {"NLD": "Regie der Gebouwen", "FRA": "Régie des Bâtiments"},
        "BEL",
        "BE100",
        "Brussel",
        "body-pl-cga",
        "hc-am",
        "0208.192.727",
        weight=4,
    ),
    BuyerSpec(
        {"NLD": "Ministerie van Defensie", "FRA": "Ministère de la Défense"},
        "BEL",
        "BE100",
        "Evere",
        "cga",
        "defence",
        "0208.220.336",
        "32014L0024",
        weight=4,
    ),
    BuyerSpec(
        {"NLD": "FOD Justitie", "FRA": "SPF Justice"},
        "BEL",
        "BE100",
        "Brussel",
        "cga",
        "pub-os",
        "0308.357.753",
        weight=3,
    ),
    BuyerSpec(
        {"NLD": "Federale Politie", "FRA": "Police fédérale"},
        "BEL",
        "BE100",
        "Brussel",
        "cga",
        "pub-os",
        "0364.807.337",
        weight=3,
    ),
    BuyerSpec(
        {"NLD": "FOD Volksgezondheid", "FRA": "SPF Santé publique"},
        "BEL",
        "BE100",
        "Brussel",
        "cga",
        "health",
        "0367.303.762",
        weight=2,
    ),
    BuyerSpec(
        {"NLD": "Fedasil", "FRA": "Fedasil"},
        "BEL",
        "BE100",
        "Brussel",
        "body-pl-cga",
        "soc-pro",
        "0875.508.011",
        weight=2,
    ),
    BuyerSpec(
        {"NLD": "Infrabel", "FRA": "Infrabel"},
        "BEL",
        "BE100",
        "Brussel",
        "pub-undert-cga",
        "rail",
        "0869.763.267",
        "32014L0025",
        weight=2,
    ),
    BuyerSpec(
        {"NLD": "Vlaamse overheid - Departement Omgeving"},
        "BEL",
        "BE211",
        "Antwerpen",
        "ra",
        "env-pro",
        "0316.380.940",
        weight=3,
    ),
    BuyerSpec(
        {"FRA": "Service public de Wallonie"}, "BEL", "BE352", "Namur", "ra", "gen-pub", "0316.381.039", weight=3
    ),
    BuyerSpec({"NLD": "Stad Gent"}, "BEL", "BE234", "Gent", "la", "gen-pub", "0207.451.227", weight=3),
    BuyerSpec({"NLD": "Stad Antwerpen"}, "BEL", "BE211", "Antwerpen", "la", "gen-pub", "0207.500.123", weight=3),
    BuyerSpec({"FRA": "Ville de Liège"}, "BEL", "BE332", "Liège", "la", "gen-pub", "0207.329.186", weight=2),
    BuyerSpec({"NLD": "Universiteit Gent"}, "BEL", "BE234", "Gent", "body-pl", "education", "0248.015.142"),
    BuyerSpec({"FRA": "CHU de Liège"}, "BEL", "BE332", "Liège", "body-pl", "health", "0267.131.423"),
    BuyerSpec(
        {"ENG": "European Commission, OIB"},
        "BEL",
        "BE100",
        "Brussels",
        "eu-ins-bod-ag",
        "gen-pub",
        "EU-COM-OIB",
        "32018R1046",
        weight=2,
    ),
    BuyerSpec({"NLD": "Gemeente Amsterdam"}, "NLD", "NL329", "Amsterdam", "la", "gen-pub", "34366966"),
    BuyerSpec({"NLD": "Rijkswaterstaat"}, "NLD", "NL333", "Utrecht", "cga", "env-pro", "27375524"),
    BuyerSpec({"FRA": "Ville de Paris"}, "FRA", "FR101", "Paris", "la", "gen-pub", "21750001600019"),
    BuyerSpec({"DEU": "Landeshauptstadt München"}, "DEU", "DE212", "München", "la", "gen-pub", "DE811335517"),
    BuyerSpec({"FRA": "Ville de Luxembourg"}, "LUX", "LU000", "Luxembourg", "la", "gen-pub", "LU18800180"),
    BuyerSpec({"ENG": "City of Stockholm"}, "SWE", "SE110", "Stockholm", "la", "gen-pub", "2120001217"),
)

PURCHASES: tuple[PurchaseSpec, ...] = (
    PurchaseSpec(
        "72000000",
        "services",
        {"NLD": "IT-diensten", "FRA": "Services informatiques", "DEU": "IT-Dienste", "ENG": "IT services"},
        (80_000, 4_000_000),
        0.4,
        weight=6,
    ),
    PurchaseSpec(
        "30213100",
        "supplies",
        {
            "NLD": "Draagbare computers",
            "FRA": "Ordinateurs portables",
            "DEU": "Tragbare Computer",
            "ENG": "Portable computers",
        },
        (60_000, 2_500_000),
        1.6,
        eed_item="computer",
        weight=3,
    ),
    PurchaseSpec(
        "30232110",
        "supplies",
        {"NLD": "Laserprinters", "FRA": "Imprimantes laser", "DEU": "Laserdrucker", "ENG": "Laser printers"},
        (40_000, 600_000),
        1.5,
        weight=1,
    ),
    PurchaseSpec(
        "45213150",
        "works",
        {
            "NLD": "Bouwwerkzaamheden voor kantoorgebouwen",
            "FRA": "Travaux de construction d'immeubles de bureaux",
            "DEU": "Bauarbeiten für Bürogebäude",
            "ENG": "Office block construction work",
        },
        (500_000, 25_000_000),
        1.3,
        eed_item="building",
        weight=5,
    ),
    PurchaseSpec(
        "45453000",
        "works",
        {
            "NLD": "Renovatiewerken",
            "FRA": "Travaux de remise en état",
            "DEU": "Renovierungsarbeiten",
            "ENG": "Overhaul and refurbishment work",
        },
        (150_000, 6_000_000),
        1.4,
        weight=3,
    ),
    PurchaseSpec(
        "45233120",
        "works",
        {
            "NLD": "Wegenbouwwerken",
            "FRA": "Travaux de construction de routes",
            "DEU": "Straßenbauarbeiten",
            "ENG": "Road construction works",
        },
        (300_000, 12_000_000),
        1.0,
        weight=3,
    ),
    PurchaseSpec(
        "90910000",
        "services",
        {
            "NLD": "Reinigingsdiensten",
            "FRA": "Services de nettoyage",
            "DEU": "Reinigungsdienste",
            "ENG": "Cleaning services",
        },
        (100_000, 3_000_000),
        1.8,
        weight=4,
    ),
    PurchaseSpec(
        "55520000",
        "services",
        {
            "NLD": "Cateringdiensten",
            "FRA": "Services de traiteur",
            "DEU": "Verpflegungsdienste",
            "ENG": "Catering services",
        },
        (80_000, 2_000_000),
        1.7,
        weight=3,
    ),
    PurchaseSpec(
        "15800000",
        "supplies",
        {
            "NLD": "Diverse voedingsmiddelen",
            "FRA": "Produits alimentaires divers",
            "DEU": "Verschiedene Lebensmittel",
            "ENG": "Miscellaneous food products",
        },
        (50_000, 900_000),
        1.6,
        weight=1,
    ),
    PurchaseSpec(
        "34110000",
        "supplies",
        {
            "NLD": "Personenauto's",
            "FRA": "Voitures particulières",
            "DEU": "Personenkraftwagen",
            "ENG": "Passenger cars",
        },
        (150_000, 5_000_000),
        2.0,
        vehicles="m1",
        cvd_contract="veh-acq",
        eed_item="tyres",
        weight=3,
    ),
    PurchaseSpec(
        "34136000",
        "supplies",
        {"NLD": "Bestelwagens", "FRA": "Camionnettes", "DEU": "Kleintransporter", "ENG": "Vans"},
        (120_000, 3_000_000),
        1.8,
        vehicles="n1",
        cvd_contract="veh-acq",
        weight=2,
    ),
    PurchaseSpec(
        "34144510",
        "supplies",
        {
            "NLD": "Vuilniswagens",
            "FRA": "Véhicules de collecte des déchets",
            "DEU": "Müllfahrzeuge",
            "ENG": "Vehicles for refuse",
        },
        (400_000, 6_000_000),
        1.6,
        vehicles="n3",
        cvd_contract="veh-acq",
        weight=1,
    ),
    PurchaseSpec(
        "34121100",
        "supplies",
        {
            "NLD": "Autobussen voor openbaar vervoer",
            "FRA": "Autobus de transport public",
            "DEU": "Linienbusse",
            "ENG": "Public-service buses",
        },
        (1_000_000, 30_000_000),
        2.2,
        vehicles="m3",
        cvd_contract="veh-acq",
        weight=1,
    ),
    PurchaseSpec(
        "90511000",
        "services",
        {
            "NLD": "Ophalen van huisvuil",
            "FRA": "Services de collecte des ordures",
            "DEU": "Abfuhr von Hausmüll",
            "ENG": "Refuse collection services",
        },
        (500_000, 10_000_000),
        1.3,
        vehicles="n2-n3",
        cvd_contract="oth-serv-contr",
        weight=2,
    ),
    PurchaseSpec(
        "60112000",
        "services",
        {
            "NLD": "Openbaar vervoer over de weg",
            "FRA": "Services de transport routier public",
            "DEU": "Öffentlicher Straßenverkehr",
            "ENG": "Public road transport services",
        },
        (1_000_000, 40_000_000),
        1.4,
        vehicles="m3",
        cvd_contract="pass-tran-serv",
        weight=1,
    ),
    PurchaseSpec(
        "09310000",
        "supplies",
        {"NLD": "Elektriciteit", "FRA": "Électricité", "DEU": "Elektrizität", "ENG": "Electricity"},
        (300_000, 20_000_000),
        1.7,
        weight=2,
    ),
    PurchaseSpec(
        "39130000",
        "supplies",
        {"NLD": "Kantoormeubilair", "FRA": "Mobilier de bureau", "DEU": "Büromöbel", "ENG": "Office furniture"},
        (50_000, 1_500_000),
        1.5,
        weight=2,
    ),
    PurchaseSpec(
        "18110000",
        "supplies",
        {
            "NLD": "Werkkleding",
            "FRA": "Vêtements de travail",
            "DEU": "Berufskleidung",
            "ENG": "Occupational clothing",
        },
        (60_000, 1_200_000),
        1.4,
        weight=2,
    ),
    PurchaseSpec(
        "30197643",
        "supplies",
        {
            "NLD": "Kopieerpapier",
            "FRA": "Papier pour photocopie",
            "DEU": "Kopierpapier",
            "ENG": "Photocopier paper",
        },
        (20_000, 400_000),
        1.6,
        weight=1,
    ),
    PurchaseSpec(
        "71000000",
        "services",
        {
            "NLD": "Architectuur- en ingenieursdiensten",
            "FRA": "Services d'architecture et d'ingénierie",
            "DEU": "Architektur- und Ingenieurleistungen",
            "ENG": "Architectural and engineering services",
        },
        (60_000, 2_500_000),
        0.9,
        weight=3,
    ),
    PurchaseSpec(
        "79000000",
        "services",
        {
            "NLD": "Zakelijke dienstverlening",
            "FRA": "Services aux entreprises",
            "DEU": "Dienstleistungen für Unternehmen",
            "ENG": "Business services",
        },
        (40_000, 1_500_000),
        0.4,
        weight=4,
    ),
    PurchaseSpec(
        "33600000",
        "supplies",
        {
            "NLD": "Farmaceutische producten",
            "FRA": "Produits pharmaceutiques",
            "DEU": "Arzneimittel",
            "ENG": "Pharmaceutical products",
        },
        (100_000, 8_000_000),
        0.3,
        weight=2,
    ),
    PurchaseSpec(
        "77310000",
        "services",
        {
            "NLD": "Aanleg en onderhoud van groene zones",
            "FRA": "Services de plantation et d'entretien des espaces verts",
            "DEU": "Pflanz- und Pflegearbeiten für Grünanlagen",
            "ENG": "Maintenance of green areas",
        },
        (50_000, 1_200_000),
        1.7,
        weight=2,
    ),
    PurchaseSpec(
        "50232000",
        "services",
        {
            "NLD": "Onderhoud van openbare verlichting",
            "FRA": "Entretien de l'éclairage public",
            "DEU": "Wartung öffentlicher Beleuchtung",
            "ENG": "Maintenance of public lighting",
        },
        (100_000, 3_000_000),
        1.6,
        eed_item="ligh-gea",
        weight=1,
    ),
    PurchaseSpec(
        "39715100",
        "supplies",
        {
            "NLD": "Waterverwarmingstoestellen",
            "FRA": "Chauffe-eau",
            "DEU": "Wassererwärmer",
            "ENG": "Water heaters",
        },
        (40_000, 900_000),
        1.4,
        eed_item="wa-hea-tan",
        weight=1,
    ),
    PurchaseSpec(
        "85310000",
        "services",
        {
            "NLD": "Maatschappelijk werk",
            "FRA": "Services d'action sociale",
            "DEU": "Sozialdienste",
            "ENG": "Social work services",
        },
        (80_000, 2_000_000),
        0.3,
        weight=2,
    ),
    PurchaseSpec(
        "79710000",
        "services",
        {
            "NLD": "Beveiligingsdiensten",
            "FRA": "Services de sécurité",
            "DEU": "Sicherheitsdienste",
            "ENG": "Security services",
        },
        (100_000, 3_000_000),
        0.4,
        weight=2,
    ),
)

SUPPLIER_STEMS = (
    "Belgo",
    "Eco",
    "Nova",
    "Delta",
    "Lys",
    "Mosa",
    "Scaldis",
    "Ardenne",
    "Polder",
    "Kempen",
    "Brabant",
    "Horizon",
    "Atlas",
    "Vita",
    "Orion",
    "Sirius",
    "Flandria",
    "Meuse",
    "Zenne",
    "Dyle",
)
SUPPLIER_TRADES = {
    "services": ("Services", "Facility", "Consult", "Solutions", "Care"),
    "supplies": ("Supply", "Trading", "Distribution", "Equipment", "Products"),
    "works": ("Construct", "Bouw", "Bâtiment", "Infra", "Works"),
}
LEGAL_FORMS = {
    "BEL": ("NV", "BV", "SA", "SRL", "CV"),
    "NLD": ("B.V.", "N.V."),
    "FRA": ("SAS", "SA", "SARL"),
    "DEU": ("GmbH", "AG"),
    "LUX": ("S.A.", "S.à r.l."),
}
SUPPLIER_NUTS = {
    "BEL": ("BE100", "BE211", "BE234", "BE241", "BE332", "BE352", "BE251"),
    "NLD": ("NL329", "NL333"),
    "FRA": ("FR101", "FRE11"),
    "DEU": ("DE212", "DEA23"),
    "LUX": ("LU000",),
}

# Sustainability wording by language, used in descriptions, award criteria and performance terms.
GREEN_PHRASES: dict[str, tuple[str, ...]] = {
    "NLD": (
        "De producten dragen het EU-milieukeurmerk (EU Ecolabel) of gelijkwaardig.",
        "Gunningscriterium: CO2-uitstoot over de levenscyclus en energie-efficiëntie.",
        "Minstens 30 % gerecycleerd materiaal en een circulaire terugnameregeling.",
        "Levering met emissievrije voertuigen in de stadskern.",
    ),
    "FRA": (
        "Les produits portent le label écologique de l'UE (EU Ecolabel) ou équivalent.",
        "Critère d'attribution : émissions de CO2 sur le cycle de vie et efficacité énergétique.",
        "Au moins 30 % de matières recyclées et une reprise en vue du réemploi.",
        "Livraison par des véhicules à émissions nulles en centre-ville.",
    ),
    "DEU": (
        "Die Produkte tragen das EU-Umweltzeichen oder den Blauen Engel.",
        "Zuschlagskriterium: CO2-Emissionen über den Lebenszyklus und Energieeffizienz.",
        "Mindestens 30 % Recyclingmaterial und Rücknahme zur Wiederverwendung.",
        "Lieferung mit emissionsfreien Fahrzeugen in der Innenstadt.",
    ),
    "ENG": (
        "The products carry the EU Ecolabel or equivalent.",
        "Award criterion: life-cycle CO2 emissions and energy efficiency.",
        "At least 30% recycled content and a take-back scheme for reuse.",
        "Deliveries with zero-emission vehicles in the city centre.",
    ),
}
SOCIAL_PHRASES: dict[str, tuple[str, ...]] = {
    "NLD": (
        "Sociale clausule: inschakeling van langdurig werkzoekenden en personen met een handicap.",
        "Naleving van de fundamentele IAO-conventies in de toeleveringsketen (Fairtrade).",
    ),
    "FRA": (
        "Clause sociale : insertion de demandeurs d'emploi de longue durée et de personnes handicapées.",
        "Respect des conventions fondamentales de l'OIT dans la chaîne d'approvisionnement (Fairtrade).",
    ),
    "DEU": (
        "Soziale Klausel: Beschäftigung von Langzeitarbeitslosen und Menschen mit Behinderung.",
        "Einhaltung der ILO-Kernarbeitsnormen in der Lieferkette (Fairtrade).",
    ),
    "ENG": (
        "Social clause: employment of long-term unemployed people and persons with disabilities.",
        "Compliance with the ILO core conventions in the supply chain (Fairtrade).",
    ),
}
INNOVATION_PHRASES: dict[str, tuple[str, ...]] = {
    "NLD": ("Innovatiepartnerschap voor de ontwikkeling van een nieuwe oplossing.",),
    "FRA": ("Partenariat d'innovation pour le développement d'une solution nouvelle.",),
    "DEU": ("Innovationspartnerschaft zur Entwicklung einer neuen Lösung.",),
    "ENG": ("Innovation partnership for the development of a new solution.",),
}
NEUTRAL_PHRASES: dict[str, tuple[str, ...]] = {
    "NLD": (
        "Raamovereenkomst met één deelnemer voor een periode van vier jaar.",
        "De opdracht omvat levering, installatie en onderhoud.",
        "De opdrachtnemer staat in voor de coördinatie met de diensten van de aanbestedende overheid en "
        "rapporteert maandelijks over de uitvoering.",
        "De prestaties worden uitgevoerd op de verschillende sites die in het bestek worden opgesomd; "
        "bijkomende sites kunnen tijdens de looptijd worden toegevoegd.",
        "Het bestek en de bijlagen zijn kosteloos beschikbaar op het e-procurementplatform.",
        "Varianten zijn niet toegelaten. De inschrijvers dienen een volledige offerte in voor elk perceel "
        "waarvoor zij inschrijven.",
        "De opdracht wordt gegund aan de economisch meest voordelige offerte op basis van de in de "
        "opdrachtdocumenten vermelde gunningscriteria.",
    ),
    "FRA": (
        "Accord-cadre avec un seul participant pour une durée de quatre ans.",
        "Le marché comprend la livraison, l'installation et la maintenance.",
        "L'adjudicataire assure la coordination avec les services du pouvoir adjudicateur et fait rapport "
        "mensuellement sur l'exécution.",
        "Les prestations sont exécutées sur les différents sites énumérés dans le cahier des charges ; des "
        "sites supplémentaires peuvent être ajoutés en cours d'exécution.",
        "Le cahier des charges et ses annexes sont disponibles gratuitement sur la plateforme e-procurement.",
        "Les variantes ne sont pas autorisées. Les soumissionnaires remettent une offre complète pour chaque "
        "lot auquel ils soumissionnent.",
        "Le marché est attribué à l'offre économiquement la plus avantageuse sur la base des critères "
        "d'attribution mentionnés dans les documents du marché.",
    ),
    "DEU": (
        "Rahmenvereinbarung mit einem Teilnehmer für vier Jahre.",
        "Der Auftrag umfasst Lieferung, Installation und Wartung.",
        "Der Auftragnehmer koordiniert die Arbeiten mit den Dienststellen des Auftraggebers und berichtet "
        "monatlich über die Ausführung.",
        "Die Leistungen werden an den im Leistungsverzeichnis genannten Standorten erbracht; weitere "
        "Standorte können während der Laufzeit hinzukommen.",
        "Die Vergabeunterlagen stehen kostenlos auf der E-Vergabe-Plattform zur Verfügung.",
        "Nebenangebote sind nicht zugelassen. Die Bieter reichen für jedes Los ein vollständiges Angebot ein.",
        "Der Zuschlag wird auf das wirtschaftlichste Angebot auf der Grundlage der in den Vergabeunterlagen "
        "genannten Zuschlagskriterien erteilt.",
    ),
    "ENG": (
        "Framework agreement with one participant for four years.",
        "The contract covers delivery, installation and maintenance.",
        "The contractor coordinates with the contracting authority's services and reports monthly on the "
        "performance of the contract.",
        "The services are performed at the sites listed in the specifications; further sites may be added "
        "during the term.",
        "The specifications and their annexes are available free of charge on the e-procurement platform.",
        "Variants are not allowed. Tenderers submit a complete tender for each lot they tender for.",
        "The contract is awarded to the most economically advantageous tender on the basis of the award "
        "criteria stated in the procurement documents.",
    ),
}
QUALITY_CRITERIA: dict[str, tuple[str, ...]] = {
    "NLD": ("Kwaliteit van de dienstverlening", "Milieuprestaties", "Sociale meerwaarde", "Technische waarde"),
    "FRA": ("Qualité du service", "Performance environnementale", "Plus-value sociale", "Valeur technique"),
    "DEU": ("Qualität der Leistung", "Umweltleistung", "Sozialer Mehrwert", "Technischer Wert"),
    "ENG": ("Quality of service", "Environmental performance", "Social added value", "Technical merit"),
}
PRICE_NAMES = {"NLD": "Prijs", "FRA": "Prix", "DEU": "Preis", "ENG": "Price"}

# Longer boilerplate that real notices carry (exclusion grounds, review procedures, payment terms): it costs
# parsing time like in real notices, and the readers must skip it.
EXCLUSION_TEXT = {
    "NLD": "Zie de uitsluitingsgronden van de artikelen 67 tot 70 van de wet van 17 juni 2016 inzake "
    "overheidsopdrachten; de inschrijver verklaart op erewoord dat hij zich niet in een van die gevallen bevindt "
    "en de aanbestedende overheid gaat dit na via de beschikbare databanken.",
    "FRA": "Voir les motifs d'exclusion des articles 67 à 70 de la loi du 17 juin 2016 relative aux marchés "
    "publics ; le soumissionnaire déclare sur l'honneur ne pas se trouver dans un de ces cas et le pouvoir "
    "adjudicateur le vérifie au moyen des bases de données disponibles.",
    "DEU": "Siehe die Ausschlussgründe der Artikel 67 bis 70 des Gesetzes vom 17. Juni 2016 über öffentliche "
    "Aufträge; der Bieter erklärt ehrenwörtlich, dass keiner dieser Fälle vorliegt, und der Auftraggeber prüft "
    "dies anhand der verfügbaren Datenbanken.",
    "ENG": "See the exclusion grounds of Articles 67 to 70 of the Law of 17 June 2016 on public procurement; the "
    "tenderer declares on honour that none of these cases applies and the contracting authority checks this in "
    "the available databases.",
}
REVIEW_TEXT = {
    "NLD": "Een verzoek tot schorsing bij uiterst dringende noodzakelijkheid kan worden ingediend binnen vijftien "
    "dagen na de kennisgeving van de gunningsbeslissing; een beroep tot nietigverklaring binnen zestig dagen.",
    "FRA": "Une demande de suspension en extrême urgence peut être introduite dans les quinze jours de la "
    "notification de la décision d'attribution ; un recours en annulation dans les soixante jours.",
    "DEU": "Ein Antrag auf Aussetzung im äußersten Dringlichkeitsverfahren kann binnen fünfzehn Tagen nach der "
    "Mitteilung der Zuschlagsentscheidung gestellt werden, eine Nichtigkeitsklage binnen sechzig Tagen.",
    "ENG": "A request for suspension in extreme urgency may be lodged within fifteen days of notification of the "
    "award decision; an action for annulment within sixty days.",
}
PAYMENT_TEXT = {
    "NLD": "Betaling binnen dertig dagen na goedkeuring van de maandelijkse facturen via het e-invoicingplatform.",
    "FRA": "Paiement dans les trente jours suivant l'approbation des factures mensuelles via la plateforme "
    "e-invoicing.",
    "DEU": "Zahlung binnen dreißig Tagen nach Genehmigung der monatlichen Rechnungen über die E-Rechnungsplattform.",
    "ENG": "Payment within thirty days of approval of the monthly invoices through the e-invoicing platform.",
}
