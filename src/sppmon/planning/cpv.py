"""Is a CPV code of a plan a real CPV code? What can be checked offline, and against what.

- With an eForms SDK folder configured (setting ``sdk_dir``), the code must be one of the SDK's CPV codes
  (its translation files name all 9,454 codes of CPV 2008).
- Always: the division (first two digits) must be one of the 45 CPV 2008 divisions, and the code must have
  the shape of the CPV tree: every level adds one non-zero digit to its parent and pads with zeros, so after
  the division a 0 is never followed by another digit than 0 (``30213100`` yes, ``30203100`` no). Both
  rules hold for every code of the SDK list (a test checks it).
- The check digit (``-6`` in ``30213100-6``) is accepted as given and not verified: the check digits
  published with CPV 2008 follow no single algorithm (the Publications Office confirmed errors made in the
  2008 revision, OP-TED/ePO discussion 589), so any formula would refuse real codes. The SDK lists codes
  without check digits, so no list here can confirm one either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import labels, settings

# fmt: off
CPV_DIVISIONS = frozenset((
    "03", "09", "14", "15", "16", "18", "19", "22", "24", "30", "31", "32", "33", "34", "35", "37", "38", "39",
    "41", "42", "43", "44", "45", "48", "50", "51", "55", "60", "63", "64", "65", "66", "70", "71", "72", "73",
    "75", "76", "77", "79", "80", "85", "90", "92", "98",
))
# fmt: on
_TREE_SHAPE = re.compile(r"^\d{2}[1-9]*0*$")


@dataclass(frozen=True, slots=True)
class CpvList:
    """The CPV codes a plan's codes are checked against: the full list, or only divisions and tree shape."""

    codes: frozenset[str] | None  # every 8-digit code, when an eForms SDK is configured
    source: str  # said in the problem message, so that a buyer knows what the code was checked against

    def problem(self, code: str) -> str | None:
        """Why the 8-digit ``code`` is not a CPV code, or ``None`` when it is (as far as can be told)."""
        if code[:2] not in CPV_DIVISIONS:
            return f"{code} is not a CPV code: {code[:2]} is not a CPV division"
        if not _TREE_SHAPE.match(code):
            return f"{code} is not a CPV code: after the division a 0 is followed by another digit"
        if self.codes is not None and code not in self.codes:
            return f"{code} is not in the CPV list ({self.source})"
        return None


STRUCTURE_ONLY = CpvList(None, "CPV divisions and code structure only")


def configured_cpv_list(sdk_folder: str | None = None) -> CpvList:
    """The full list from the configured eForms SDK folder, else the division and structure check."""
    folder = str(settings.get("sdk_dir", sdk_folder))
    if not labels.sdk_available(folder):
        return STRUCTURE_ONLY
    codes = frozenset(labels.codes_of("cpv", folder))
    # an SDK without CPV labels (a trimmed copy) would refuse every code: fall back to the structure check
    return CpvList(codes, f"eForms SDK {folder}") if codes else STRUCTURE_ONLY
