"""The uptake shape: per group, lots in scope split into yes / explicit none / not reported, with uptake and
coverage shares and the same by value in EUR.

Statuses come from the lot columns ``*_status`` (declared) and ``*_detected`` (text detection). Variants:

* ``declared``: the buyer's eForms declaration (see docs/semantics.md);
* ``detected``: yes = the lot's texts show evidence (*detected*), none = texts examined without evidence
  (*examined, nothing found* — not an explicit none), not reported = the lot is not assessable (no text, or no
  lexicon for its texts' language) or detection has not run on it;
* ``either``: yes when declared or detected; none when neither says yes and one says none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..store import Store
from .base import DECLARED, DETECTED, EITHER, Note, Query, QueryError, Table, Texts, in_lang, note_in, share
from .engine import Count, Group, Key, Money, euros, grouped, lots, lots_where
from .frames import VALUE_NOTE
from .sources import fact_source

UPTAKE_COLUMNS = [
    "lots_in_scope",
    "lots_yes",
    "lots_none",
    "lots_not_reported",
    "uptake_share",
    "coverage_share",
    "not_reported_share",
    "value_eur_in_scope",
    "value_eur_yes",
    "value_uptake_share",
    "lots_without_value",
    "lots_unknown_currency",
]

VALUE_COLUMNS = frozenset({"value_eur_in_scope", "value_eur_yes", "value_uptake_share", "lots_unknown_currency"})

_METHOD: Texts = {
    "en": "Each procedure lot is counted once (table procedure_lots, or the summary tables that count it). Per "
    "group: lots in scope, lots whose status "
    "is yes, explicit none, or not reported; uptake = yes ÷ in scope, coverage = (yes + none) ÷ in scope, not "
    "reported = the rest ÷ in scope. By value: the same lots' values in EUR ({value}) ",
    "nl": "Elk perceel van een procedure telt één keer (tabel procedure_lots). Per groep: percelen binnen de "
    "afbakening, percelen met status ja, uitdrukkelijk geen of niet gerapporteerd; toepassing = ja ÷ binnen de "
    "afbakening, dekking = (ja + geen) ÷ binnen de afbakening, niet gerapporteerd = de rest ÷ binnen de "
    "afbakening. Naar waarde: de waarden van dezelfde percelen in EUR ({value}) ",
    "fr": "Chaque lot d'une procédure est compté une fois (table procedure_lots). Par groupe : lots du champ, lots "
    "dont le statut est oui, explicitement aucun ou non renseigné ; adoption = oui ÷ lots du champ, couverture = "
    "(oui + aucun) ÷ lots du champ, non renseigné = le reste ÷ lots du champ. En valeur : les valeurs des mêmes "
    "lots en EUR ({value}) ",
}

# The shared paragraph for the detected variant: text detection has no explicit none (see docs/detection.md).
_METHOD_DETECTED: Texts = {
    "en": "Each procedure lot is counted once (table procedure_lots, or the summary tables that count it). Per "
    "group: lots in scope, lots whose texts show evidence (detected), lots whose texts were examined without a "
    "hit (examined, nothing found) and the rest (not assessable: no text, no lexicon for the language of its "
    "texts, or not examined); uptake = detected ÷ in scope, examined = (detected + examined, nothing found) ÷ in "
    "scope, not assessable = the rest ÷ in scope. By value: the same lots' values in EUR ({value}) ",
    "nl": "Elk perceel van een procedure telt één keer (tabel procedure_lots). Per groep: percelen binnen de "
    "afbakening, percelen waarvan de teksten aanwijzingen bevatten (gedetecteerd), percelen waarvan de teksten "
    "zonder resultaat onderzocht werden (onderzocht, niets gevonden) en de rest (niet beoordeelbaar: geen tekst, "
    "geen lexicon voor de taal van de teksten, of niet onderzocht); toepassing = gedetecteerd ÷ binnen de "
    "afbakening, onderzocht = (gedetecteerd + onderzocht, niets gevonden) ÷ binnen de afbakening, niet "
    "beoordeelbaar = de rest ÷ binnen de afbakening. Naar waarde: de waarden van dezelfde percelen in EUR "
    "({value}) ",
    "fr": "Chaque lot d'une procédure est compté une fois (table procedure_lots). Par groupe : lots du champ, lots "
    "dont les textes contiennent des indices (détecté), lots dont les textes ont été examinés sans résultat "
    "(examiné, rien trouvé) et le reste (non évaluable : pas de texte, pas de lexique pour la langue des textes, "
    "ou non examiné) ; adoption = détecté ÷ lots du champ, examinés = (détecté + examiné, rien trouvé) ÷ lots du "
    "champ, non évaluable = le reste ÷ lots du champ. En valeur : les valeurs des mêmes lots en EUR ({value}) ",
}

VARIANT_TEXT: Texts = {
    "en": " Variants: declared = the eForms declaration; detected = yes when the lot's texts show evidence "
    "(detected); in the none column the lots whose texts were examined and nothing was found (examined, nothing "
    "found: not an explicit none); not reported when the lot is not assessable (no text, or no lexicon for the "
    "language of its texts) or text detection has not run on it; either = yes when declared or detected, none "
    "when neither says yes and the declaration says none or the texts were examined without result.",
    "nl": " Varianten: declared (aangegeven) = de eForms-aangifte; detected (gedetecteerd) = ja wanneer de "
    "teksten van het perceel aanwijzingen bevatten (gedetecteerd); in de kolom geen de percelen waarvan de "
    "teksten onderzocht werden zonder iets te vinden (onderzocht, niets gevonden: geen uitdrukkelijk geen); niet "
    "gerapporteerd wanneer het perceel niet beoordeelbaar is (geen tekst, of geen lexicon voor de taal van zijn "
    "teksten) of de tekstdetectie er niet op is uitgevoerd; either (aangegeven of gedetecteerd) = ja wanneer "
    "aangegeven of gedetecteerd, geen wanneer geen van beide ja zegt en de aangifte geen zegt of de teksten "
    "zonder resultaat onderzocht werden.",
    "fr": " Variantes : declared (déclaré) = la déclaration eForms ; detected (détecté) = oui lorsque les textes "
    "du lot contiennent des indices (détecté) ; dans la colonne aucun, les lots dont les textes ont été examinés "
    "sans rien trouver (examiné, rien trouvé : pas un aucun explicite) ; non renseigné lorsque le lot n'est pas "
    "évaluable (pas de texte, ou pas de lexique pour la langue de ses textes) ou que la détection textuelle ne lui "
    "a pas été appliquée ; either (déclaré ou détecté) = oui lorsque le lot est déclaré ou détecté, aucun "
    "lorsqu'aucun des deux ne dit oui et que la déclaration dit aucun ou que les textes ont été examinés sans "
    "résultat.",
}

NO_DETECTION_NOTE = Note(
    {
        "en": "no detection data: text detection has not run on the lots in scope (lots.*_detected is empty), so "
        "the detected figures count every lot as not reported",
        "nl": "geen detectiegegevens: de tekstdetectie is niet uitgevoerd op de percelen binnen de afbakening "
        "(lots.*_detected is leeg), dus de gedetecteerde cijfers tellen elk perceel als niet gerapporteerd",
        "fr": "aucune donnée de détection : la détection textuelle n'a pas été appliquée aux lots du champ "
        "(lots.*_detected est vide), de sorte que les chiffres détectés comptent chaque lot comme non renseigné",
    }
)

_UNKNOWN_CURRENCY: Texts = {
    "en": "MONEY_UNKNOWN_CURRENCY: {lots} lots with amounts in {currencies} have no exchange rate; their values "
    "are excluded from value_eur_* and counted in lots_unknown_currency",
    "nl": "MONEY_UNKNOWN_CURRENCY: {lots} percelen met bedragen in {currencies} hebben geen wisselkoers; hun "
    "waarden zijn uitgesloten van value_eur_* en geteld in lots_unknown_currency",
    "fr": "MONEY_UNKNOWN_CURRENCY : {lots} lots dont les montants sont en {currencies} n'ont pas de taux de "
    "change ; leurs valeurs sont exclues de value_eur_* et comptées dans lots_unknown_currency",
}


@dataclass(frozen=True, slots=True)
class Status:
    """How a lot's three-valued status is computed. ``detected`` is a boolean column, or None when no text
    detection exists for this fact. A declared status computed from conditions (not read from a status column)
    is made with :meth:`three_way`, which keeps its conditions for :meth:`where`."""

    declared: str
    detected: str | None = None
    detected_any: tuple[str, ...] = ()  # several detection columns: yes when any is true
    declared_when: tuple[str, str] | None = None  # the conditions of a declared yes and none (three_way)

    @classmethod
    def three_way(cls, yes: str, none: str) -> Status:
        """A declared status that is yes where condition ``yes`` holds, else none where ``none`` holds, else not
        reported."""
        declared = f"(CASE WHEN {yes} THEN 'yes' WHEN {none} THEN 'none' ELSE 'not-reported' END)"
        return cls(declared, declared_when=(yes, none))

    @property
    def detection_columns(self) -> tuple[str, ...]:
        return self.detected_any or ((self.detected,) if self.detected else ())

    def sql(self, variant: str) -> str:
        if variant == DECLARED:
            return self.declared
        columns = self._detection(variant)
        any_true = " OR ".join(f"{column}" for column in columns)
        detected = (
            f"(CASE WHEN {any_true} THEN 'yes' WHEN {columns[0]} IS NOT NULL THEN 'none' ELSE 'not-reported' END)"
        )
        if variant == DETECTED:
            return detected
        if variant == EITHER:
            return (
                f"(CASE WHEN {self.declared} = 'yes' OR {detected} = 'yes' THEN 'yes' "
                f"WHEN {self.declared} = 'none' OR {detected} = 'none' THEN 'none' ELSE 'not-reported' END)"
            )
        raise QueryError(f"unknown variant {variant!r}")

    def where(self, variant: str, value: str) -> str:
        """A condition that holds where the status in ``variant`` is ``value`` (``yes`` or ``none``), as
        ``sql(variant) = value`` would, but without building the status text first: a summary query evaluates
        these conditions on every row it counts, and the text and its comparison cost a sixth of a dashboard's
        statement. Where a condition is NULL the status is not ``value``, as in ``CASE WHEN``."""
        if value not in ("yes", "none"):
            raise QueryError(f"unknown status {value!r}")
        if variant == DECLARED:
            if self.declared_when is None:
                return f"{self.declared} = '{value}'"
            yes, none = self.declared_when
            return f"({yes})" if value == "yes" else f"(({yes}) IS NOT TRUE AND ({none}))"
        if variant != DETECTED:
            return f"{self.sql(variant)} = '{value}'"
        columns = self._detection(variant)
        if value == "yes":
            return "(" + " OR ".join(columns) + ")"
        if len(columns) == 1:
            return f"(NOT {columns[0]})"
        return "((" + " OR ".join(columns) + f") IS NOT TRUE AND {columns[0]} IS NOT NULL)"

    def _detection(self, variant: str) -> tuple[str, ...]:
        columns = self.detection_columns
        if not columns:
            raise QueryError(f"variant {variant!r} needs text detection, which this indicator does not have")
        return columns


Derive = Callable[[Group], dict[str, object]]


@dataclass(frozen=True, slots=True)
class Uptake:
    """Uptake of a status among the lots of ``scope`` (a SQL condition over the fact frame, None = all). ``fact``
    names the summary fact whose columns the status and the extra counts use (store/summary_facts.py)."""

    status: Status
    fact: str
    scope: str | None = None
    extra_counts: tuple[Count, ...] = ()  # weighted counts (engine.lots_where, engine.total)
    extra_columns: tuple[str, ...] = ()
    derive: Derive | None = None  # extra columns from a group's counts
    description: Texts = field(default_factory=dict)  # what is specific to the indicator, per language
    extra_keys: tuple[Key, ...] = field(default_factory=tuple)

    @property
    def method(self) -> str:
        return self.method_in("en")

    def method_in(self, lang: str) -> str:
        return self.method_for(lang, DECLARED)

    def method_for(self, lang: str, variant: str) -> str:
        """The method in ``lang`` for a result of ``variant``: the detected one counts detected, examined
        without a hit and not assessable lots, never an explicit none."""
        variants = in_lang(VARIANT_TEXT, lang) if self.status.detection_columns else ""
        shared = in_lang(_METHOD_DETECTED if variant == DETECTED else _METHOD, lang)
        return (shared.format(value=note_in(VALUE_NOTE, lang)) + in_lang(self.description, lang) + variants).strip()

    def columns(self, query: Query) -> list[str]:
        detection = ["lots_text_examined"] if query.variant != DECLARED else []
        shown = UPTAKE_COLUMNS if query.values else [name for name in UPTAKE_COLUMNS if name not in VALUE_COLUMNS]
        return [*shown, *detection, *self.extra_columns]

    def run(self, store: Store, query: Query) -> Table:
        yes = self.status.where(query.variant, "yes")
        counts = [
            lots("lots_in_scope"),
            lots_where("lots_yes", yes),
            lots_where("lots_none", self.status.where(query.variant, "none")),
            Count("lots_without_value", "SUM(p.lots - p.lots_valued)"),
            *self.extra_counts,
        ]
        if query.variant != DECLARED:
            first = self.status.detection_columns[0]
            counts.append(lots_where("lots_text_examined", f"{first} IS NOT NULL"))
        money = [Money("in_scope"), Money("yes", yes)] if query.values else []
        sql = [count.sql for count in counts] + [item.condition for item in money] + [self.scope or ""]
        source = fact_source(store, self.fact, query, sql + [key.sql for key in self.extra_keys])
        grouping = grouped(store, source.frame, query, counts, money, self.extra_keys, self.scope)
        rows = [self._row(group, query.values) for group in grouping.groups]
        notes = [VALUE_NOTE, *currency_notes(grouping.groups)] if query.values else []
        if query.variant != DECLARED and not any(row.get("lots_text_examined") for row in rows):
            notes.insert(0, NO_DETECTION_NOTE)
        return Table([*grouping.key_columns, *self.columns(query)], rows, notes, source.origin)

    def _row(self, group: Group, values: bool = True) -> dict[str, object]:
        counts = group.counts
        in_scope, yes, none = (int(counts[name]) for name in ("lots_in_scope", "lots_yes", "lots_none"))
        row: dict[str, object] = dict(group.keys)
        row.update(
            lots_in_scope=in_scope,
            lots_yes=yes,
            lots_none=none,
            lots_not_reported=in_scope - yes - none,
            uptake_share=share(yes, in_scope),
            coverage_share=share(yes + none, in_scope),
            not_reported_share=share(in_scope - yes - none, in_scope),
        )
        if values:
            row.update(
                value_eur_in_scope=euros(group.money["in_scope"]),
                value_eur_yes=euros(group.money["yes"]),
                value_uptake_share=share(group.money["yes"], group.money["in_scope"]),
            )
        row["lots_without_value"] = int(counts["lots_without_value"])
        if values:
            row["lots_unknown_currency"] = group.unconverted["in_scope"]
        if "lots_text_examined" in counts:
            row["lots_text_examined"] = int(counts["lots_text_examined"])
        for count in self.extra_counts:
            if count.name in self.extra_columns:
                row[count.name] = int(counts[count.name])
        if self.derive:
            row.update(self.derive(group))
        return row


def currency_notes(groups: Sequence[Group]) -> list[str]:
    unknown = sorted({currency for group in groups for currency in group.currencies})
    lots = sum(group.unconverted.get("in_scope", 0) for group in groups)
    if not unknown:
        return []
    listed = ", ".join(unknown)
    return [Note({lang: text.format(lots=lots, currencies=listed) for lang, text in _UNKNOWN_CURRENCY.items()})]
