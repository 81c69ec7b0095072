"""Where a hit stands in its text: its sentence, a requirement cue nearby, a negation, statutory boilerplate.

Sentences end at ``.``, ``!`` or ``?`` followed by a space and a letter (not a digit: "art. 67"), and at line
breaks; semicolons
and dashes do not end them, because the statutory lists that must be recognised as one block (exclusion
grounds) are enumerated with them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..records import quick_init
from .matcher import Hit, Scan

_SENTENCE_END = re.compile(r"[.!?](?=\s+[^\W\d_])|\n")
CUE_DISTANCE = 80  # characters between a generic term and its requirement cue
NEGATION_BEFORE = 30  # "geen sociale clausule", "pas de critère environnemental"
NEGATION_AFTER = 30  # "környezetvédelmi szempontok nem kerültek …", "… not applicable"


@quick_init
@dataclass(frozen=True, slots=True)
class Context:
    """One scanned text with the sentence bounds and context spans needed to judge its hits."""

    scan: Scan
    bounds: tuple[int, ...]  # sentence starts, the first is 0
    boilerplate: frozenset[int]  # the sentences holding a statutory phrase, found once per text

    @classmethod
    def of(cls, text: str, scan: Scan) -> Context:
        starts = [0]
        if scan.hits:
            starts.extend(match.end() for match in _SENTENCE_END.finditer(text))
        bounds = tuple(starts)
        statutory = frozenset(bisect_right(bounds, start) - 1 for start, _ in scan.boilerplate)
        return cls(scan, bounds, statutory)

    def sentence(self, position: int) -> int:
        return bisect_right(self.bounds, position) - 1

    def in_boilerplate(self, hit: Hit) -> bool:
        """The hit's sentence holds a statutory phrase (exclusion grounds, light regime, duty to comply …)."""
        return self.sentence(hit.start) in self.boilerplate

    def negated(self, hit: Hit) -> bool:
        own = self.sentence(hit.start)
        return any(
            self.sentence(start) == own
            and (hit.start - NEGATION_BEFORE <= start < hit.start or hit.end <= start <= hit.end + NEGATION_AFTER)
            for start, _ in self.scan.negations
        )

    def cued(self, hit: Hit) -> bool:
        """A requirement cue in the same sentence, at most :data:`CUE_DISTANCE` characters away — not one of the
        term's own words ("exigences" in "exigences environnementales" asks nothing by itself)."""
        own = self.sentence(hit.start)
        return any(
            self.sentence(start) == own
            and start - CUE_DISTANCE <= hit.end
            and hit.start <= end + CUE_DISTANCE
            and not (hit.start <= start and end <= hit.end)
            for start, end in self.scan.cues
        )
