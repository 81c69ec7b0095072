"""Organisation identifiers made comparable, so that a purchase plan's buyer finds its published notices.

Buyers write their registration number in many forms, and notices carry what the publishing platform wrote:
Belgium's e-Notification appends a suffix to the enterprise number of federal buyers (``0308356862_4661``),
others write ``BE 0308.356.862``, ``BE0308356862`` or drop the leading zero (``308356862``). The forms known
here:

- **Belgium** (KBO/BCE enterprise number): ten digits, the first 0 or 1, the last two a check on the first
  eight (97 − number mod 97); with or without ``BE``, dots, spaces, a missing leading zero, and an
  e-Notification suffix ``_NNN`` (or, once a store has removed the underscore, extra digits after ten whose
  first ten pass the check).
- **France**: the SIREN (nine digits) of a SIRET (SIREN + five digits of the establishment) or of a VAT number
  (``FR`` + two check characters + SIREN).
- Any other scheme: letters and digits only, upper case.

:func:`comparable_id` gives the form used for matching; it never invents a number.
"""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^0-9A-Za-z_]+")
_BELGIAN = re.compile(r"^(?:BE)?([01]?\d{9})(?:_(\d+))?$")
_FRENCH_VAT = re.compile(r"^FR[0-9A-Z]{2}(\d{9})$")


def belgian_check_ok(number: str) -> bool:
    """Whether a ten-digit Belgian enterprise number passes its check (97 − first eight digits mod 97)."""
    return len(number) == 10 and number.isdigit() and 97 - int(number[:8]) % 97 == int(number[8:])


def belgian_enterprise_number(text: str | None) -> str | None:
    """The ten-digit KBO/BCE number in ``text`` (``BE 0308.356.862``, ``308356862``, ``0308356862_4661``), or
    None when ``text`` does not have that form."""
    if not text:
        return None
    compact = _NON_ALNUM.sub("", text.strip()).upper()
    found = _BELGIAN.match(compact)
    if found:
        return found.group(1).zfill(10)
    digits = compact.removeprefix("BE")
    if digits.isdigit() and len(digits) > 10 and belgian_check_ok(digits[:10]):
        return digits[:10]  # a suffix whose underscore was removed: the first ten digits pass the check
    return None


def french_siren(text: str | None) -> str | None:
    """The nine-digit SIREN of a SIREN, SIRET or French VAT number."""
    if not text:
        return None
    compact = _NON_ALNUM.sub("", text).upper().replace("_", "")
    vat = _FRENCH_VAT.match(compact)
    if vat:
        return vat.group(1)
    if compact.isdigit() and len(compact) in (9, 14):
        return compact[:9]
    return None


def comparable_id(text: str | None, country: str | None = None) -> str | None:
    """The form of an identifier used to compare it across notices and plans, prefixed by its scheme
    (``BE:0308356862``, ``FR:443928874``). ``country`` is alpha-2 or alpha-3; without it, a Belgian form is
    tried first (purchase plans are Belgian), then a French VAT number."""
    if not text or not text.strip():
        return None
    country = (country or "").upper()
    if country in ("BE", "BEL", ""):
        number = belgian_enterprise_number(text)
        if number:
            return f"BE:{number}"
    if country in ("FR", "FRA") or (not country and text.strip().upper().startswith("FR")):
        siren = french_siren(text)
        if siren:
            return f"FR:{siren}"
    compact = _NON_ALNUM.sub("", text).upper().replace("_", "")
    return f"{country or '?'}:{compact}" if compact else None


def comparable_key(buyer_key: str | None) -> str | None:
    """The comparable form of a store's buyer key (``BEL:id:03083568624661``), from its country and number."""
    if not buyer_key or ":id:" not in buyer_key:
        return None
    country, number = buyer_key.split(":id:", 1)
    return comparable_id(number, country)
