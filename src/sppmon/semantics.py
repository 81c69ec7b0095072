"""Three-valued sustainability facts of a lot: *yes*, *explicit none*, or *not reported*.

Absence of a field is never read as "no". These definitions are the ones the indicators use; they are
documented in ``docs/semantics.md``.
"""

from __future__ import annotations

from .model import Lot

YES = "yes"
NONE = "none"
NOT_REPORTED = "not-reported"

GPP_YES_CODES = frozenset({"eu", "national", "other"})


def green_status(lot: Lot) -> str:
    """Green: BT-06 ``env-imp``, or any BT-774 code, or BT-805 ``eu``/``national``/``other``.

    Explicit none: not green and BT-06 or BT-805 says ``none``.
    """
    if (
        "env-imp" in lot.strategic_procurement
        or lot.environmental_impact
        or GPP_YES_CODES.intersection(lot.gpp_criteria)
    ):
        return YES
    if "none" in lot.strategic_procurement or "none" in lot.gpp_criteria:
        return NONE
    return NOT_REPORTED


def social_status(lot: Lot) -> str:
    """Social: BT-06 ``soc-obj`` or any BT-775 code; explicit none via BT-06 ``none``."""
    if "soc-obj" in lot.strategic_procurement or lot.social_objective:
        return YES
    return NONE if "none" in lot.strategic_procurement else NOT_REPORTED


def innovative_status(lot: Lot) -> str:
    """Innovative: BT-06 ``inn-pur`` or any BT-776 code; explicit none via BT-06 ``none``."""
    if "inn-pur" in lot.strategic_procurement or lot.innovative_acquisition:
        return YES
    return NONE if "none" in lot.strategic_procurement else NOT_REPORTED


def strategic_status(lot: Lot) -> str:
    """Strategic: green, social or innovative; explicit none via BT-06 ``none``."""
    if YES in (green_status(lot), social_status(lot), innovative_status(lot)):
        return YES
    return NONE if "none" in lot.strategic_procurement else NOT_REPORTED


def gpp_criteria_status(lot: Lot) -> str:
    """GPP criteria used: BT-805 ``eu``/``national``/``other``; explicit none: BT-805 ``none``."""
    if GPP_YES_CODES.intersection(lot.gpp_criteria):
        return YES
    return NONE if "none" in lot.gpp_criteria else NOT_REPORTED


def reserved_status(lot: Lot) -> str:
    """Reserved: BT-71 ``res-ws``/``res-pub-ser`` or BT-736 ``yes``; none: BT-71 ``none`` / BT-736 ``no``."""
    if {"res-ws", "res-pub-ser"}.intersection(lot.reserved_procurement) or "yes" in lot.reserved_execution:
        return YES
    if "none" in lot.reserved_procurement or "no" in lot.reserved_execution:
        return NONE
    return NOT_REPORTED


def accessibility_status(lot: Lot) -> str:
    """Accessibility criteria: BT-754 ``inc``; none: ``n-inc`` or ``n-inc-just``."""
    if "inc" in lot.accessibility:
        return YES
    if {"n-inc", "n-inc-just"}.intersection(lot.accessibility):
        return NONE
    return NOT_REPORTED


STATUS_FUNCTIONS = {
    "strategic": strategic_status,
    "green": green_status,
    "gpp": gpp_criteria_status,
    "social": social_status,
    "innovative": innovative_status,
    "reserved": reserved_status,
    "accessibility": accessibility_status,
}


def lot_statuses(lot: Lot) -> dict[str, str]:
    green, social, innovative = green_status(lot), social_status(lot), innovative_status(lot)
    if YES in (green, social, innovative):
        strategic = YES
    else:
        strategic = NONE if "none" in lot.strategic_procurement else NOT_REPORTED
    return {
        "strategic": strategic,
        "green": green,
        "gpp": gpp_criteria_status(lot),
        "social": social,
        "innovative": innovative,
        "reserved": reserved_status(lot),
        "accessibility": accessibility_status(lot),
    }


DECLARED = "declared"
DETECTED = "detected"


def fact_method(status: str, detection_ran: bool) -> str | None:
    """Which method a lot's green / social / innovative fact rests on: ``declared`` when the notice says yes
    or explicitly none, else ``detected`` when text detection ran, else ``None``. Time series across the 2023
    switch from legacy TED to eForms report the mix of methods per year with this."""
    if status in (YES, NONE):
        return DECLARED
    return DETECTED if detection_ran else None
