"""Write src/sppmon/data/lexicons/boilerplate.tsv from the eForms SDK's exclusion-ground codelist.

    .venv/bin/python scripts/boilerplate_from_sdk.py ../shared/eforms-sdk > src/sppmon/data/lexicons/boilerplate.tsv

The labels of the exclusion grounds (criminal convictions, child labour, breaching environmental, social or
labour law …) in every language the codelist carries are the phrases of statutory boilerplate: a sentence of
a notice that holds one lists exclusion grounds and is never evidence. Each phrase is written once per
language, lower-cased as the matcher folds it anyway.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from sppmon.detect.languages import lexicon_language

CODELISTS = ("exclusion-ground.gc",)
_MIN_LENGTH = 6  # shorter labels ("Fraud", "Svig") are common words, not boilerplate


def phrases(sdk: Path) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for name in CODELISTS:
        root = ET.parse(sdk / "codelists" / name).getroot()  # noqa: S314 — a trusted local SDK file
        for row in root.iter("Row"):
            for value in row.iter("Value"):
                column = value.get("ColumnRef") or ""
                text = " ".join((value.findtext("SimpleValue") or "").split())
                code = column.removesuffix("_label").upper()
                language = lexicon_language(code) if column.endswith("_label") else None
                if language and len(text) >= _MIN_LENGTH:
                    found.add((language, text.lower()))
    return sorted(found)


def main(argv: list[str]) -> int:
    sdk = Path(argv[0]) if argv else Path("../shared/eforms-sdk")
    print("# Statutory boilerplate: the eForms exclusion-ground labels (written by scripts/boilerplate_from_sdk.py).")
    print("language\tphrase")
    for language, phrase in phrases(sdk):
        print(f"{language}\t{phrase}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
