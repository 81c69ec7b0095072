"""The catalogue of indicators, in the order of the catalogue: code → indicator. Adding an indicator = one
module in ``catalogue/`` + one line here + a golden test + its docs page (generated)."""

from __future__ import annotations

from .base import Indicator
from .catalogue import (
    accessibility,
    award_criteria,
    competition,
    coverage,
    cvd,
    declared_vs_detected,
    eed,
    eed_labels,
    environmental_impact,
    gpp_criteria,
    gpp_relevant,
    green,
    innovation_types,
    innovative,
    reserved,
    sme,
    social,
    social_objectives,
    strategic,
)

_CATALOGUE: tuple[Indicator, ...] = (
    strategic.INDICATOR,
    green.INDICATOR,
    gpp_criteria.INDICATOR,
    environmental_impact.INDICATOR,
    social.INDICATOR,
    social_objectives.INDICATOR,
    innovative.INDICATOR,
    innovation_types.INDICATOR,
    reserved.INDICATOR,
    accessibility.INDICATOR,
    award_criteria.INDICATOR,
    sme.INDICATOR,
    competition.INDICATOR,
    cvd.INDICATOR,
    eed.INDICATOR,
    eed_labels.INDICATOR,
    coverage.INDICATOR,
    gpp_relevant.INDICATOR,
    declared_vs_detected.INDICATOR,
)

REGISTRY: dict[str, Indicator] = {indicator.code: indicator for indicator in _CATALOGUE}
