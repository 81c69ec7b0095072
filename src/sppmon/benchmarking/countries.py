"""The countries compared: the 27 EU member states and the three EEA states of the EEA agreement, by their
three-letter codes (eForms); legacy TED notices give two-letter codes, mapped here to the same country."""

from __future__ import annotations

import functools

EU = (
    *("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL"),
    *("ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"),
)
EEA_ONLY = ("ISL", "LIE", "NOR")
EU_EEA = frozenset((*EU, *EEA_ONLY))
BELGIUM = "BEL"


@functools.cache
def alpha3(code: object) -> str | None:
    """The EU/EEA country of a stored buyer country code (``BEL`` or legacy ``BE``; ``GR``/``EL`` is Greece),
    None for any other country or none."""
    if not isinstance(code, str) or not code.strip():
        return None
    text = code.strip().upper()
    if len(text) == 2:
        import pycountry

        found = pycountry.countries.get(alpha_2="GR" if text == "EL" else text)
        text = str(found.alpha_3) if found else text
    return text if text in EU_EEA else None
