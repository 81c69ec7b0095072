"""What each column of an indicator result holds, declared once: its kind (a count, a share, an amount in
euro, ...) and the catalogue key of its heading, so that pages, downloads and reports show ``Lots with the
code`` formatted as a count, never ``lots with code`` derived from the column's name or ``0`` for a share.

Columns that are breakdowns (``year``, ``buyer``, ...) are titled by their breakdown; the others are listed
here (a test checks that every column an indicator can give is). Text columns with a closed set of values
(vehicle category groups, reference periods, yes/no) name their values through the catalogue too:
``value.<column>.<value>``; row keys that are eForms codes name them with the code list's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import messages
from .breakdowns import BREAKDOWNS

# kinds: count (whole number) · share (a fraction shown as a percentage) · money (euro) · decimal (a measure
# with decimals) · text · code (a code of ``code_list``) · values (a closed set named in the catalogue, yes /
# no included) · key (an identifier that is never shown: the buyer key beside the buyer's name)
KINDS = ("count", "share", "money", "decimal", "text", "code", "values", "key")


@dataclass(frozen=True, slots=True)
class ResultColumn:
    name: str
    kind: str
    code_list: str | None = None  # for kind "code"

    def key(self, indicator: str = "") -> str:
        """The catalogue key of the column's heading: the indicator's own (``column.cvd.lots``) where the
        catalogue has one, else the column's."""
        own = f"column.{indicator}.{self.name}"
        return own if indicator and own in messages.catalogue() else f"column.{self.name}"


def _columns(kind: str, *names: str) -> list[ResultColumn]:
    return [ResultColumn(name, kind) for name in names]


_DECLARED: tuple[ResultColumn, ...] = (
    *_columns(
        "count",
        "lots_in_scope",
        "lots_yes",
        "lots_none",
        "lots_not_reported",
        "lots_without_value",
        "lots_unknown_currency",
        "lots_text_examined",
        "lots_parent_yes",
        "lots_with_code",
        "lots_sheltered_workshops",
        "lots_public_service_mission",
        "lots_reserved_execution",
        "lots_with_criteria",
        "lots_price_only",
        "lots_weighted",
        "lots_winner_size_known",
        "lots_won_by_sme",
        "lots_with_tender_count",
        "lots_single_tender",
        "lots_with_items",
        "lots_declared_and_detected",
        "lots_declared_only",
        "lots_detected_only",
        "lots_neither",
        "lots_with_evidence",
        "lots",
        "vehicles",
        "clean",
        "zero_emission",
        "clean_counted",
        "items",
        "items_with_quantity",
        "strategic_reported",
        "green_reported",
        "gpp_reported",
        "social_reported",
        "innovative_reported",
        "accessibility_reported",
        "reserved_reported",
    ),
    *_columns(
        "share",
        "uptake_share",
        "coverage_share",
        "not_reported_share",
        "value_uptake_share",
        "share_of_lots",
        "share_of_parent_yes",
        "price_only_share",
        "avg_quality_weight",
        "sme_win_share",
        "single_tender_share",
        "clean_share",
        "zero_emission_share",
        "target_clean_share",
        "target_zero_emission_share",
        "agreement_share",
        "strategic_coverage",
        "green_coverage",
        "gpp_coverage",
        "social_coverage",
        "innovative_coverage",
        "accessibility_coverage",
        "reserved_coverage",
    ),
    *_columns("money", "value_eur_in_scope", "value_eur_yes"),
    *_columns("decimal", "avg_tenders", "quantity", "consumption_kwh", "savings_kwh"),
    *_columns("text", "buyer_name"),
    *_columns("values", "vehicle_category_group", "reference_period", "dimension", "meets_target"),
    ResultColumn("label", "code", "energy-efficiency-label"),
    ResultColumn("code", "code"),  # the code list is the indicator's own (see CODE_LISTS)
)
COLUMNS: dict[str, ResultColumn] = {column.name: column for column in _DECLARED}

# The code list of the ``code`` column of the indicators whose rows are codes.
CODE_LISTS = {
    "environmental-impact": "environmental-impact",
    "social-objectives": "social-objective",
    "innovation-types": "innovative-acquisition",
}


def result_column(name: str, indicator: str = "") -> ResultColumn:
    """The declaration of column ``name`` of an indicator's result. Breakdown columns are of their breakdown's
    kind (a buyer key is a key; its name is in ``buyer_name``); an undeclared column raises ``KeyError``."""
    if name in BREAKDOWNS:  # named by Breakdown.value_label before they are shown
        return ResultColumn(name, "key" if name == "buyer" else "text")
    column = COLUMNS[name]
    if name == "code" and indicator in CODE_LISTS:
        return ResultColumn(name, "code", CODE_LISTS[indicator])
    return column


def value_key(column: str, value: object) -> str:
    """The catalogue key naming ``value`` of a ``values`` column (``value.meets_target.yes``)."""
    return f"value.{column}.{value}"
