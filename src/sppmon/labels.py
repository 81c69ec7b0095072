"""Labels of eForms codes (CPV included) in English, Dutch, French and German.

Two layers: built-in labels for the codes sppmon reports on (EN/NL/FR, shipped with the package so that the
embedded default works offline), and, when an eForms SDK folder is configured, the SDK's translation files
for every code list and CPV code in all four languages. The SDK wins where both have a label.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

LANGUAGES = ("en", "nl", "fr", "de")
_SDK_LANGUAGE_FILES = {"en": "code_en.xml", "nl": "code_nl.xml", "fr": "code_fr.xml", "de": "code_de.xml"}
_KEY_PREFIX = "code|name|"


@functools.cache
def _properties_parser() -> etree.XMLParser:
    """The SDK translation files are Java properties in XML with a DOCTYPE line; they are read without
    loading the DTD, resolving entities or touching the network. lxml is imported here, not at module level,
    because the command line's help lists language choices from this module."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@functools.cache
def _builtin() -> dict[tuple[str, str, str], str]:
    labels: dict[tuple[str, str, str], str] = {}
    text = resources.files("sppmon.data").joinpath("code_labels.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        for lang in ("en", "nl", "fr"):
            labels[(row["list"], row["code"], lang)] = row[lang]
    return labels


@functools.cache
def _sdk_labels(folder: str, lang: str) -> dict[str, str]:
    path = Path(folder) / "translations" / _SDK_LANGUAGE_FILES[lang]
    if not path.is_file():
        return {}
    labels: dict[str, str] = {}
    from lxml import etree

    tree = etree.parse(str(path), _properties_parser())
    for entry in tree.getroot().iter("entry"):
        key = entry.get("key", "")
        if key.startswith(_KEY_PREFIX) and entry.text:
            labels[key[len(_KEY_PREFIX) :]] = entry.text.strip()
    return labels


_SDK_FOUND: set[str] = set()  # folders seen holding the SDK: their labels are cached once read (_sdk_labels)


def sdk_available(folder: str | None) -> bool:
    """The folder holds the SDK's translations. A folder once found is not looked at again (every labelled cell of
    a page asks); one without them is, so that an SDK installed meanwhile is used."""
    if not folder:
        return False
    key = str(folder)
    if key in _SDK_FOUND:
        return True
    if (Path(key) / "translations" / "code_en.xml").is_file():
        _SDK_FOUND.add(key)
        return True
    return False


def label(list_name: str, code: str, lang: str = "en", sdk_folder: str | None = None) -> str | None:
    """The label of ``code`` in ``list_name`` (``cpv`` for CPV codes), or ``None`` if unknown."""
    lang = lang.lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    if sdk_folder and sdk_available(sdk_folder):
        found = _sdk_labels(str(sdk_folder), lang).get(f"{list_name}.{code}")
        if found:
            return found
    return _builtin().get((list_name, code, lang))


def label_or_code(list_name: str, code: str | None, lang: str = "en", sdk_folder: str | None = None) -> str:
    if code is None:
        return ""
    return label(list_name, code, lang, sdk_folder) or code


def codes_of(list_name: str, sdk_folder: str | None = None) -> list[str]:
    """Codes of a list: from the SDK when available, else the built-in ones."""
    found = {code for (name, code, _lang) in _builtin() if name == list_name}
    if sdk_folder and sdk_available(sdk_folder):
        prefix = f"{list_name}."
        found |= {key[len(prefix) :] for key in _sdk_labels(str(sdk_folder), "en") if key.startswith(prefix)}
    return sorted(found)
