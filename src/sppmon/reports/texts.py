"""Texts of the reports in English, Dutch and French: titles, section headings, short explanations and
column headings. ``t(key, lang, **values)`` formats one; a missing language falls back to English."""

from __future__ import annotations

LANGS = ("en", "nl", "fr")

_T: dict[str, tuple[str, str, str]] = {
    # Report titles
    "annual.title": (
        "Sustainable public procurement — monitoring report {year}",
        "Duurzame overheidsopdrachten — monitoringrapport {year}",
        "Marchés publics durables — rapport de suivi {year}",
    ),
    "eu.title": (
        "Strategic procurement — chapter of the national monitoring report, {first}–{last}",
        "Strategische overheidsopdrachten — hoofdstuk van het nationale toezichtsverslag, {first}–{last}",
        "Marchés publics stratégiques — chapitre du rapport national de contrôle, {first}–{last}",
    ),
    "cvd.title": (
        "Clean Vehicles Directive — report on public procurement of road vehicles",
        "Richtlijn schone voertuigen — verslag over overheidsopdrachten voor wegvoertuigen",
        "Directive véhicules propres — rapport sur les marchés publics de véhicules routiers",
    ),
    "buyer.title": (
        "Feedback sheet — {buyer}",
        "Feedbackfiche — {buyer}",
        "Fiche de retour — {buyer}",
    ),
    "subtitle": (
        "Figures from procurement notices in the sppmon store{filters}. Each procedure lot counts once.",
        "Cijfers uit aankondigingen van overheidsopdrachten in de sppmon-databank{filters}. Elk perceel van een "
        "procedure telt één keer.",
        "Chiffres tirés des avis de marchés de la base sppmon{filters}. Chaque lot d'une procédure compte une fois.",
    ),
    "filters": (" (filters: {filters})", " (filters: {filters})", " (filtres : {filters})"),
    # Sections
    "sec.headline": ("Headline figures", "Kerncijfers", "Chiffres clés"),
    "sec.trends": ("Trends over the years", "Evolutie over de jaren", "Évolution au fil des années"),
    "sec.buyers": ("By buyer", "Per aankoper", "Par acheteur"),
    "sec.departments.federal": ("By federal department", "Per federale overheidsdienst", "Par service public fédéral"),
    "sec.departments": (
        "By central government authority",
        "Per centrale overheidsinstantie",
        "Par autorité publique centrale",
    ),
    "sec.groups": ("By product group", "Per productgroep", "Par groupe de produits"),
    "sec.social": (
        "Social and innovative procurement",
        "Sociale en innovatieve overheidsopdrachten",
        "Achats sociaux et innovants",
    ),
    "sec.reserved": ("Reserved contracts", "Voorbehouden opdrachten", "Marchés réservés"),
    "sec.cvd": ("Clean Vehicles Directive", "Richtlijn schone voertuigen", "Directive véhicules propres"),
    "sec.eed": ("Energy Efficiency Directive", "Richtlijn energie-efficiëntie", "Directive efficacité énergétique"),
    "sec.coverage": ("Data coverage", "Datadekking", "Couverture des données"),
    "sec.notable": ("Notable notices", "Opmerkelijke aankondigingen", "Avis remarquables"),
    "sec.methods": ("Methods and definitions", "Methode en definities", "Méthode et définitions"),
    "sec.reproduce": (
        "How to reproduce every number",
        "Hoe elk cijfer te reproduceren",
        "Comment reproduire chaque chiffre",
    ),
    "sec.green": ("Green public procurement", "Groene overheidsopdrachten", "Marchés publics écologiques"),
    "sec.totals": ("Total", "Totaal", "Total"),
    "sec.authorities": (
        "Per contracting authority",
        "Per aanbestedende overheid",
        "Par pouvoir adjudicateur",
    ),
    "sec.disagree": (
        "Where declaration and text evidence disagree",
        "Waar aangifte en aanwijzingen in de tekst verschillen",
        "Là où déclaration et indices textuels divergent",
    ),
    "sec.buyer.uptake": ("Your uptake", "Uw aandeel", "Votre taux d'adoption"),
    "sec.buyer.coverage": ("How completely you report", "Hoe volledig u rapporteert", "Exhaustivité de vos avis"),
    # Paragraphs
    "p.headline": (
        "Share of procedure lots published in {year} that declare each kind of strategic procurement. Coverage is "
        "the share of lots for which the buyer said anything at all (yes or explicitly none); the rest is not "
        "reported and is never counted as 'no'.",
        "Aandeel van de in {year} gepubliceerde percelen dat elke vorm van strategische aankoop aangeeft. De "
        "invulgraad is het aandeel percelen waarvoor de aankoper iets heeft ingevuld (ja of uitdrukkelijk geen); "
        "de rest is niet ingevuld en telt nooit als 'neen'.",
        "Part des lots publiés en {year} qui déclarent chaque type d'achat stratégique. Le taux de remplissage est "
        "la part des lots pour lesquels l'acheteur a indiqué quelque chose (oui ou explicitement aucun) ; le reste "
        "n'est pas renseigné et n'est jamais compté comme « non ».",
    ),
    "p.trends": (
        "Uptake and coverage of strategic, green, social and innovative procurement per year. Before eForms, "
        "notices carry no sustainability fields: such years rest on text detection (method 'detected'), later "
        "years on declarations (method 'declared'). The method is decided per year, the same for every indicator.",
        "Aandeel en invulgraad van strategische, groene, sociale en innovatieve aankoop per jaar. Vóór eForms "
        "bevatten aankondigingen geen duurzaamheidsvelden: die jaren steunen op tekstdetectie (methode "
        "'gedetecteerd'), latere jaren op aangiften (methode 'aangegeven'). De methode wordt per jaar gekozen, "
        "dezelfde voor elke indicator.",
        "Adoption et taux de remplissage des achats stratégiques, verts, sociaux et innovants par année. Avant "
        "eForms, les avis ne comportent pas de champs de durabilité : ces années reposent sur la détection dans "
        "les textes (méthode « détecté »), les suivantes sur les déclarations (méthode « déclaré »). La méthode est "
        "choisie par année, la même pour chaque indicateur.",
    ),
    "p.buyers": (
        "The {n} buyers with the most lots in {year}.",
        "De {n} aankopers met de meeste percelen in {year}.",
        "Les {n} acheteurs ayant le plus de lots en {year}.",
    ),
    "p.departments": (
        "Buyers whose legal type (BT-11, of the notice's first buyer) is central government authority (cga) — in "
        "Belgium the federal public services and other federal authorities — with their lots published in {year}, "
        "most lots first ({n} of {total}). Bodies and undertakings controlled by central government "
        "(body-pl-cga, pub-undert-cga) are not included.",
        "Aankopers met als juridische vorm (BT-11, van de eerste aankoper van de aankondiging) centrale "
        "overheidsinstantie (cga) — in België de federale overheidsdiensten en andere federale overheden — met "
        "hun percelen gepubliceerd in {year}, de meeste percelen eerst ({n} van {total}). Instellingen en "
        "ondernemingen onder zeggenschap van de centrale overheid (body-pl-cga, pub-undert-cga) zijn niet "
        "meegeteld.",
        "Acheteurs dont la forme juridique (BT-11, du premier acheteur de l'avis) est autorité publique centrale "
        "(cga) — en Belgique les services publics fédéraux et autres autorités fédérales — avec leurs lots publiés "
        "en {year}, les plus nombreux d'abord ({n} sur {total}). Les organismes et entreprises contrôlés par "
        "l'autorité centrale (body-pl-cga, pub-undert-cga) ne sont pas inclus.",
    ),
    "p.departments.none": (
        "No buyer of legal type central government authority (cga) has lots published in {year} in this selection.",
        "Geen enkele aankoper met juridische vorm centrale overheidsinstantie (cga) heeft percelen gepubliceerd "
        "in {year} in deze selectie.",
        "Aucun acheteur de forme juridique autorité publique centrale (cga) n'a de lots publiés en {year} dans "
        "cette sélection.",
    ),
    "p.groups": (
        "Green procurement per EU GPP product group (CPV → product group crosswalk, a heuristic starter mapping), "
        "and among all lots for which EU GPP criteria exist.",
        "Groene aankoop per EU-GPP-productgroep (koppeling CPV → productgroep, een heuristische startversie), en "
        "onder alle percelen waarvoor EU-GPP-criteria bestaan.",
        "Achats verts par groupe de produits MPE de l'UE (correspondance CPV → groupe, une première version "
        "heuristique), et parmi tous les lots pour lesquels des critères MPE de l'UE existent.",
    ),
    "p.cvd": (
        "Vehicles reported in award notices, by category and reference period, against the Belgian minimum "
        "shares of clean vehicles. Figures marked † rest on facts still to be verified (see the notes).",
        "Voertuigen vermeld in gunningsberichten, per categorie en referentieperiode, tegenover de Belgische "
        "minimumaandelen schone voertuigen. Cijfers met † steunen op nog te verifiëren gegevens (zie de noten).",
        "Véhicules déclarés dans les avis d'attribution, par catégorie et période de référence, face aux parts "
        "minimales belges de véhicules propres. Les chiffres marqués † reposent sur des faits encore à vérifier "
        "(voir les notes).",
    ),
    "p.eed": (
        "Lots declared in scope of the Energy Efficiency Directive and the energy labels of the items procured.",
        "Percelen binnen het toepassingsgebied van de richtlijn energie-efficiëntie en de energielabels van de "
        "aangekochte items.",
        "Lots relevant de la directive efficacité énergétique et étiquettes énergétiques des éléments achetés.",
    ),
    "p.coverage": (
        "How often buyers fill in the voluntary sustainability fields: the buyers with the lowest coverage first.",
        "Hoe vaak aankopers de vrijwillige duurzaamheidsvelden invullen: de aankopers met de laagste invulgraad eerst.",
        "À quelle fréquence les acheteurs remplissent les champs de durabilité facultatifs : les acheteurs au "
        "plus faible taux d'abord.",
    ),
    "p.notable": (
        "Lots published in {year} that combine several strategic aims (green, social, innovative, GPP criteria), "
        "largest first: examples of good practice to look at.",
        "Percelen gepubliceerd in {year} die meerdere strategische doelen combineren (groen, sociaal, innovatief, "
        "GPP-criteria), de grootste eerst: voorbeelden van goede praktijk.",
        "Lots publiés en {year} combinant plusieurs objectifs stratégiques (vert, social, innovant, critères MPE), "
        "les plus importants d'abord : exemples de bonnes pratiques.",
    ),
    "p.methods": (
        "Unit: the lot; each procedure lot counts once, from the latest version of its competition notice, else "
        "its latest result notice. Values: estimated value for lots from competition notices, awarded value for "
        "lots from result notices, in EUR at the reference rate of the publication date ({rates}).",
        "Eenheid: het perceel; elk perceel van een procedure telt één keer, uit de laatste versie van de "
        "aankondiging van opdracht, anders uit het laatste gunningsbericht. Waarden: geraamde waarde voor "
        "percelen uit aankondigingen, gegunde waarde voor percelen uit gunningsberichten, in EUR tegen de "
        "referentiekoers van de publicatiedatum ({rates}).",
        "Unité : le lot ; chaque lot d'une procédure compte une fois, d'après la dernière version de l'avis de "
        "marché, sinon du dernier avis d'attribution. Valeurs : valeur estimée pour les lots issus d'avis de "
        "marché, valeur attribuée pour les lots issus d'avis d'attribution, en EUR au taux de référence de la "
        "date de publication ({rates}).",
    ),
    "p.reproduce": (
        "Every table and chart comes from one of these commands (replace STORE with the store used):",
        "Elke tabel en grafiek komt uit een van deze opdrachten (vervang STORE door de gebruikte databank):",
        "Chaque tableau et graphique provient d'une de ces commandes (remplacez STORE par la base utilisée) :",
    ),
    "p.eu": (
        "Green, social and innovative procurement per year of the reporting period, by number and by value of "
        "lots, with the share of lots for which the buyer reported at all.",
        "Groene, sociale en innovatieve aankoop per jaar van de verslagperiode, in aantal en in waarde van de "
        "percelen, met het aandeel percelen waarvoor de aankoper iets heeft ingevuld.",
        "Achats verts, sociaux et innovants par année de la période, en nombre et en valeur de lots, avec la part "
        "des lots pour lesquels l'acheteur a renseigné quelque chose.",
    ),
    "p.cvd.structure": (
        "Per reference period and vehicle category: vehicles procured, clean vehicles, zero-emission vehicles and "
        "the share achieved against the Belgian minimum, in total and per contracting authority (the Belgian "
        "transposition applies the minimum to each authority).",
        "Per referentieperiode en voertuigcategorie: aangekochte voertuigen, schone voertuigen, emissievrije "
        "voertuigen en het bereikte aandeel tegenover het Belgische minimum, in totaal en per aanbestedende "
        "overheid (de Belgische omzetting past het minimum op elke overheid toe).",
        "Par période de référence et catégorie de véhicules : véhicules achetés, propres, à émissions nulles et "
        "part atteinte face au minimum belge, au total et par pouvoir adjudicateur (la transposition belge "
        "applique le minimum à chaque pouvoir).",
    ),
    "p.buyer": (
        "What your notices in the sppmon store show: how often you fill in the sustainability fields, how often "
        "you use them, and where your texts and your declarations tell different stories.",
        "Wat uw aankondigingen in de sppmon-databank tonen: hoe vaak u de duurzaamheidsvelden invult, hoe vaak u "
        "ze gebruikt, en waar uw teksten en uw aangiften elkaar tegenspreken.",
        "Ce que montrent vos avis dans la base sppmon : à quelle fréquence vous remplissez les champs de "
        "durabilité, à quelle fréquence vous les utilisez, et où vos textes et vos déclarations divergent.",
    ),
    "p.no_detection": (
        "No text detection data yet: this comparison becomes available once the notices' texts have been examined.",
        "Nog geen gegevens van tekstdetectie: deze vergelijking wordt beschikbaar zodra de teksten van de "
        "aankondigingen zijn onderzocht.",
        "Pas encore de données de détection : cette comparaison sera disponible une fois les textes des avis examinés.",
    ),
    "p.no_disagreement": (
        "Declarations and text evidence agree on every examined lot.",
        "Aangiften en aanwijzingen in de tekst komen voor elk onderzocht perceel overeen.",
        "Déclarations et indices textuels concordent pour chaque lot examiné.",
    ),
    "verify": (
        "† rests on a fact still to be verified: {note}",
        "† steunt op een nog te verifiëren gegeven: {note}",
        "† repose sur un fait encore à vérifier : {note}",
    ),
    "generated": (
        "Generated by sppmon on {day}.",
        "Aangemaakt door sppmon op {day}.",
        "Généré par sppmon le {day}.",
    ),
    "indicator": ("Indicator", "Indicator", "Indicateur"),
    "m.declared": ("declared", "aangegeven", "déclaré"),
    "m.detected": ("detected", "gedetecteerd", "détecté"),
    "notice": ("Notice", "Aankondiging", "Avis"),
    "lot": ("Lot", "Perceel", "Lot"),
    "title": ("Title", "Titel", "Titre"),
    "buyer": ("Buyer", "Aankoper", "Acheteur"),
    "aims": ("Strategic aims", "Strategische doelen", "Objectifs stratégiques"),
    "link": ("Publication", "Publicatie", "Publication"),
    "disagreement": ("Disagreement", "Verschil", "Divergence"),
    "evidence": ("Text evidence", "Aanwijzingen in de tekst", "Indices textuels"),
    "declared_only": (
        "declared, no evidence in the texts",
        "aangegeven, geen aanwijzing in de teksten",
        "déclaré, aucun indice dans les textes",
    ),
    "detected_only": (
        "evidence in the texts, not declared",
        "aanwijzing in de teksten, niet aangegeven",
        "indice dans les textes, non déclaré",
    ),
}

_COLUMNS: dict[str, tuple[str, str, str]] = {
    "lots_in_scope": ("Lots", "Percelen", "Lots"),
    "lots_yes": ("Yes", "Ja", "Oui"),
    "lots_none": ("Explicitly none", "Uitdrukkelijk geen", "Explicitement aucun"),
    "lots_not_reported": ("Not reported", "Niet ingevuld", "Non renseigné"),
    "uptake_share": ("Uptake", "Aandeel ja", "Adoption"),
    "coverage_share": ("Coverage", "Invulgraad", "Taux de remplissage"),
    "not_reported_share": ("Not reported (share)", "Niet ingevuld (aandeel)", "Non renseigné (part)"),
    "value_eur_in_scope": ("Value (EUR)", "Waarde (EUR)", "Valeur (EUR)"),
    "value_eur_yes": ("Value yes (EUR)", "Waarde ja (EUR)", "Valeur oui (EUR)"),
    "value_uptake_share": ("Uptake by value", "Aandeel ja in waarde", "Adoption en valeur"),
    "lots_unknown_currency": ("Lots in unknown currency", "Percelen in onbekende munt", "Lots en devise inconnue"),
    "code": ("Code", "Code", "Code"),
    "label": ("Label", "Label", "Étiquette"),
    "lots_with_code": ("Lots with code", "Percelen met code", "Lots avec le code"),
    "share_of_lots": ("Share of lots", "Aandeel percelen", "Part des lots"),
    "share_of_parent_yes": ("Share of yes-lots", "Aandeel van ja-percelen", "Part des lots oui"),
    "lots_sheltered_workshops": ("Sheltered workshops", "Beschutte werkplaatsen", "Ateliers protégés"),
    "lots_public_service_mission": (
        "Public-service mission",
        "Openbaredienstverleningstaak",
        "Mission de service public",
    ),
    "lots_reserved_execution": ("Sheltered employment", "Beschermde arbeid", "Emplois protégés"),
    "vehicle_category_group": ("Vehicle category", "Voertuigcategorie", "Catégorie de véhicules"),
    "reference_period": ("Reference period", "Referentieperiode", "Période de référence"),
    "vehicles": ("Vehicles", "Voertuigen", "Véhicules"),
    "clean": ("Clean", "Schoon", "Propres"),
    "zero_emission": ("Zero-emission", "Emissievrij", "À émissions nulles"),
    "clean_share": ("Clean share †", "Aandeel schoon †", "Part propres †"),
    "zero_emission_share": ("Zero-emission share", "Aandeel emissievrij", "Part émissions nulles"),
    "target_clean_share": ("Minimum (BE)", "Minimum (BE)", "Minimum (BE)"),
    "target_zero_emission_share": ("Zero-emission minimum", "Minimum emissievrij", "Minimum émissions nulles"),
    "meets_target": ("Minimum met †", "Minimum gehaald †", "Minimum atteint †"),
    "lots_with_items": ("Lots listing items", "Percelen met items", "Lots avec éléments"),
    "items": ("Items", "Items", "Éléments"),
    "quantity": ("Quantity", "Hoeveelheid", "Quantité"),
    "strategic_coverage": ("Strategic", "Strategisch", "Stratégique"),
    "green_coverage": ("Green", "Groen", "Vert"),
    "gpp_coverage": ("GPP criteria", "GPP-criteria", "Critères MPE"),
    "social_coverage": ("Social", "Sociaal", "Social"),
    "innovative_coverage": ("Innovative", "Innovatief", "Innovant"),
    "accessibility_coverage": ("Accessibility", "Toegankelijkheid", "Accessibilité"),
    "method": ("Method", "Methode", "Méthode"),
    "green_uptake_share": ("Green: uptake", "Groen: aandeel ja", "Vert : adoption"),
    "green_coverage_share": ("Green: coverage", "Groen: invulgraad", "Vert : taux de remplissage"),
    "social_uptake_share": ("Social: uptake", "Sociaal: aandeel ja", "Social : adoption"),
    "social_coverage_share": ("Social: coverage", "Sociaal: invulgraad", "Social : taux de remplissage"),
    "innovative_uptake_share": ("Innovative: uptake", "Innovatief: aandeel ja", "Innovant : adoption"),
    "innovative_coverage_share": ("Innovative: coverage", "Innovatief: invulgraad", "Innovant : taux de remplissage"),
    "lots_text_examined": ("Lots examined", "Onderzochte percelen", "Lots examinés"),
    "lots_declared_only": ("Declared only", "Enkel aangegeven", "Déclaré seulement"),
    "lots_detected_only": ("Detected only", "Enkel gedetecteerd", "Détecté seulement"),
    "agreement_share": ("Agreement", "Overeenstemming", "Concordance"),
    "dimension": ("Dimension", "Dimensie", "Dimension"),
}


def t(key: str, lang: str, **values: object) -> str:
    entry = _T[key]
    text = entry[LANGS.index(lang)] if lang in LANGS else entry[0]
    return text.format(**values) if values else text


def column_title(column: str, lang: str) -> str:
    entry = _COLUMNS.get(column)
    if entry is None:
        return column
    return entry[LANGS.index(lang)] if lang in LANGS else entry[0]
