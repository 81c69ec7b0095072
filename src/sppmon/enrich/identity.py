"""Cross-notice identities and classifications derived from one notice: organisation keys, EU institutions,
notice stage, CPV division. Pure functions, shared by the store and the outputs."""

from __future__ import annotations

import re
import unicodedata

from ..model import Notice, Organisation, pick_text

# Legal types and legal bases of EU institutions and international organisations: buyers located in a
# member state (Brussels, Luxembourg, Geel ...) that are not authorities of that state.
EU_INSTITUTION_LEGAL_TYPES = frozenset({"eu-ins-bod-ag", "int-org", "eu-int-org"})
EU_INSTITUTION_LEGAL_BASES = frozenset({"32018R1046", "32024R2509"})

# eForms form type (BT-03) → analytic stage; legacy readers produce the same stage names.
STAGES = {
    "planning": "planning",
    "competition": "competition",
    "result": "result",
    "dir-awa-pre": "result",
    "cont-modif": "modification",
    "completion": "completion",
    "consultation": "consultation",
    "bri": "registration",
    "change": "change",
}

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_NAME_NOISE = re.compile(r"[^\w]+")


def notice_stage(notice: Notice) -> str | None:
    return STAGES.get(notice.form_type or "")


def is_eu_institution(notice: Notice, legal_type: str | None) -> bool:
    return legal_type in EU_INSTITUTION_LEGAL_TYPES or notice.legal_basis in EU_INSTITUTION_LEGAL_BASES


def normalise_company_id(company_id: str | None, country: str | None) -> str | None:
    """Registration numbers compared across notices: Belgian enterprise numbers (KBO/BCE) in 10 digits."""
    if not company_id:
        return None
    compact = _NON_ALNUM.sub("", company_id).upper()
    if country in ("BEL", "BE"):
        compact = compact.removeprefix("BE")
        if compact.isdigit() and len(compact) in (9, 10):
            return compact.zfill(10)
    return compact or None


def normalise_name(name: str | None) -> str | None:
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NAME_NOISE.sub(" ", stripped).split()) or None


def organisation_key(org: Organisation | None, languages: tuple[str | None, ...] = ()) -> str | None:
    """Stable key of an organisation across notices: country + registration number, else country + name."""
    if org is None:
        return None
    country = org.country or "?"
    company = normalise_company_id(org.company_id, org.country)
    if company:
        return f"{country}:id:{company}"
    name = normalise_name(pick_text(org.names, languages))
    return f"{country}:name:{name}" if name else None


def cpv_division(cpv: str | None) -> str | None:
    return cpv[:2] if cpv and len(cpv) >= 2 and cpv[:2].isdigit() else None
