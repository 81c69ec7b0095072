"""Shared pieces of the legacy TED XML readers (``TED_EXPORT``, R2.0.8 and R2.0.9).

Legacy files put the same form in several namespaces (absolute and relative URIs, NUTS elements in yet another
namespace), so every lookup here matches local names (lxml's ``{*}`` wildcard). The envelope outside the forms
(``CODED_DATA_SECTION``) is the same in both versions and read once by :func:`read_envelope`.

A form appears once per published language in ``FORM_SECTION``; the sections marked ``ORIGINAL`` are the
authentic ones. Belgian notices have two originals (French and Dutch) that describe the *same* lots: the reader
takes structure (lots, codes, results) from one primary section and only texts from the others, aligned by
position (see :class:`Sections`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from lxml import etree

from ..errors import CatalogedError
from ..model import Amount, Text, Texts
from .ubl import MONEY_LIMIT, Element, collapse, to_decimal


def tag(name: str) -> str:
    """A tag pattern matching ``name`` in any namespace (or none)."""
    return f"{{*}}{name}"


def child(element: Element | None, name: str) -> Element | None:
    """The first child called ``name`` in any namespace or none.

    Inside :func:`child_index` (a whole notice's read) each element's children are indexed by local name on the
    first lookup (see :func:`fields`), so the many lookups of one element (a lot is asked for twenty names) cost
    a dict lookup each; outside it, a plain loop over the children: lxml's tag filter builds a matcher on every
    call, which costs more than comparing the few children a form element has."""
    if element is None:
        return None
    index: dict[Element, dict[str, Element]] | None = getattr(_READ, "index", None)
    if index is not None:
        named = index.get(element)
        if named is None:
            named = index[element] = _by_local_name(element)
        return named.get(name)
    return first_child(element, name)


def first_child(element: Element, name: str) -> Element | None:
    """:func:`child` without the index: for an element that is asked for one name only (a ``CPV_ADDITIONAL``
    for its code), where indexing every child would cost more than the lookup it saves."""
    suffix = "}" + name
    for node in element:
        found = node.tag
        if type(found) is str and (found == name or found.endswith(suffix)):
            return node
    return None


def fields(element: Element | None) -> Mapping[str, Element]:
    """The first child of each local name: ``fields(e).get(name)`` is ``child(e, name)``, for readers that take
    many fields from one element without a call per field. Inside :func:`child_index` this is the read's index
    of ``element``, built once; read-only (it is shared by every lookup of the read)."""
    if element is None:
        return _NO_FIELDS
    index: dict[Element, dict[str, Element]] | None = getattr(_READ, "index", None)
    if index is None:
        return _by_local_name(element)
    named = index.get(element)
    if named is None:
        named = index[element] = _by_local_name(element)
    return named


_NO_FIELDS: Mapping[str, Element] = MappingProxyType({})


def _by_local_name(element: Element) -> dict[str, Element]:
    named: dict[str, Element] = {}
    for node in element:
        found = node.tag
        if type(found) is str:
            named.setdefault(found.rpartition("}")[2], node)
    return named


def grouped(element: Element | None) -> dict[str, list[Element]]:
    """Every child by local name, in document order: ``grouped(e).get(name, [])`` is ``children(e, name)``, for
    an element whose repeated children are read by several names (one pass instead of one per name)."""
    named: dict[str, list[Element]] = {}
    for node in element if element is not None else ():
        found = node.tag
        if type(found) is str:
            name = found.rpartition("}")[2]
            if name in named:
                named[name].append(node)
            else:
                named[name] = [node]
    return named


_READ = threading.local()


@contextmanager
def child_index() -> Iterator[None]:
    """Index children by name for the duration of one notice's read (per thread; the index holds the tree's
    element proxies, so it lives no longer than the read)."""
    outer = getattr(_READ, "index", None)
    _READ.index = {}
    try:
        yield
    finally:
        _READ.index = outer


def children(element: Element | None, name: str) -> list[Element]:
    """Every child called ``name`` in any namespace or none. During a read the element's index answers "none"
    (most asked-for repeated children are absent) without lxml building a tag matcher."""
    if element is None or (getattr(_READ, "index", None) is not None and name not in fields(element)):
        return []
    return list(element.iterchildren(tag(name)))


def descendant(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next(element.iterdescendants(tag(name)), None)


def descendants(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else list(element.iterdescendants(tag(name)))


def attr(element: Element | None, name: str) -> str | None:
    if element is None:
        return None
    value = element.get(name)
    return value.strip() or None if value is not None else None


def plain(element: Element | None) -> str | None:
    """The text of an element and its descendants, whitespace collapsed; paragraphs (``P``) on their own lines."""
    if element is None:
        return None
    if not len(element):  # a leaf (most texts): its own text, without serialising anything
        own = element.text
        return collapse(own) or None if own else None
    lines: list[str] | None = None
    for node in element:
        name = node.tag  # a paragraph (``P``) in any namespace or none, inline: most texts are paragraphs
        if type(name) is str and (name == "P" or name.endswith("}P")):
            # a leaf paragraph (most of them) is its own text: no serialisation
            text = _joined(node) if len(node) else node.text
            if lines is None:
                lines = []
            if text and (line := collapse(text)):
                lines.append(line)
    value = "\n".join(lines) if lines is not None else collapse(_joined(element))
    return value or None


def _joined(element: Element) -> str:
    """The text of ``element`` and its descendants (not its tail), without comments or processing
    instructions: lxml's text serialisation does this in C, an order of magnitude faster than ``itertext``."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def local(element: Element) -> str:
    name = element.tag
    return name.rpartition("}")[2] if isinstance(name, str) else ""


# --- languages and countries ------------------------------------------------------------------------------

# Legacy language codes (ISO 639-1, upper case) → the ISO 639-2 codes eForms uses.
LANGUAGES = {
    "BG": "BUL", "CS": "CES", "DA": "DAN", "DE": "DEU", "EL": "ELL", "EN": "ENG", "ES": "SPA", "ET": "EST",
    "FI": "FIN", "FR": "FRA", "GA": "GLE", "HR": "HRV", "HU": "HUN", "IT": "ITA", "LT": "LIT", "LV": "LAV",
    "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "POR", "RO": "RON", "SK": "SLK", "SL": "SLV", "SV": "SWE",
    "NO": "NOR", "IS": "ISL", "MK": "MKD", "SQ": "SQI", "SR": "SRP", "TR": "TUR", "UK": "UKR", "RU": "RUS",
}  # fmt: skip

# Codes where TED departs from ISO 3166-1: the EU's own conventions and TED-only codes.
_COUNTRY_EXCEPTIONS = {"UK": "GBR", "EL": "GRC", "1A": "XKX", "XK": "XKX"}


def language3(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    return LANGUAGES.get(code, code if len(code) == 3 else None)


@lru_cache(maxsize=1024)  # a few dozen codes recur in every notice (pycountry's lookup is not free)
def country3(code: str | None) -> str | None:
    """ISO alpha-2 as used by TED (``UK``, ``EL``, ``1A``) → the alpha-3 code eForms uses; unknown → ``None``."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _COUNTRY_EXCEPTIONS:
        return _COUNTRY_EXCEPTIONS[code]
    if len(code) == 3 and code.isalpha():
        return code
    import pycountry  # here: its import (28 ms) is not needed to read eForms notices

    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return country.alpha_3 if country is not None else None


# --- dates, numbers, references ---------------------------------------------------------------------------

_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_OJ_NUMBER = re.compile(r"(\d{4})\s*/\s*S\s*\d+\s*-\s*(\d+)", re.IGNORECASE)
_DOC_ID = re.compile(r"^\s*(\d{1,8})-(\d{4})\s*$")


def iso_date(value: str | None) -> str | None:
    """``20190201`` or ``2019-02-01`` → ``2019-02-01``; anything else → ``None``."""
    if not value:
        return None
    value = value.strip()
    match = _COMPACT_DATE.match(value) or _ISO_DATE.match(value)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def parts_date(element: Element | None) -> str | None:
    """An R2.0.8 date given as ``DAY``/``MONTH``/``YEAR`` children."""
    if element is None:
        return None
    day, month, year = (plain(child(element, name)) for name in ("DAY", "MONTH", "YEAR"))
    if not (day and month and year and day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def doc_id(reference: str | None) -> str | None:
    """An OJ S reference (``2018/S 146-335250``) or a document id (``335250-2018``) → ``335250-2018``."""
    if not reference:
        return None
    # the two forms exclude each other (an OJ reference has a slash), so the usual one, DOC_ID, is tried first
    match = _DOC_ID.match(reference)
    if match:
        return f"{int(match.group(1)):06d}-{match.group(2)}"
    match = _OJ_NUMBER.search(reference)
    return f"{int(match.group(2)):06d}-{match.group(1)}" if match else None


def money(element: Element | None, warnings: list[str], what: str, currency: str | None = None) -> Amount | None:
    """An amount from a value element; ``FMTVAL`` (R2.0.8) wins over the formatted text (``1 443 479``)."""
    if element is None:
        return None
    raw = attr(element, "FMTVAL") or plain(element)
    if raw is None:
        return None
    number = to_decimal(raw.replace(" ", "").replace("\u00a0", ""), warnings, what)
    if number is None:
        return None
    if abs(number) >= MONEY_LIMIT:
        warnings.append(f"NOTICE_INVALID_VALUE: {what}: {number:.3e} is out of range for an amount")
        return None
    code = attr(element, "CURRENCY") or currency
    return Amount(number, code.upper() if code else None)


_WEIGHT = re.compile(r"^\s*(\d{1,6}(?:[.,]\d{1,4})?)\s*(%|pct|procent|pour ?cent|prozent|percent)?\s*\.?\s*$", re.I)
_POINTS = re.compile(r"^\s*(\d{1,6}(?:[.,]\d{1,4})?)\s*(points?|punten|punkte|pts?\.?)\s*$", re.I)


def weight(text: str | None) -> tuple[Decimal | None, str | None]:
    """A free-text ``AC_WEIGHTING`` as (number, eForms number-weight code); prose gives ``(None, None)``.

    ``%`` → ``per-exa``; a bare number or points → ``poi-exa`` (the form does not say which it is).
    """
    if not text:
        return None, None
    match = _WEIGHT.match(text)
    if match:
        number = Decimal(match.group(1).replace(",", "."))
        return number, "per-exa" if match.group(2) else "poi-exa"
    match = _POINTS.match(text)
    if match:
        return Decimal(match.group(1).replace(",", ".")), "poi-exa"
    return None, None


# --- the envelope -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Envelope:
    """What ``TED_EXPORT`` says outside the forms."""

    doc_id: str
    schema: str  # "R2.0.9" or "R2.0.8"
    publication_number: str | None = None  # NO_DOC_OJS ("2019/S 023-051420")
    publication_date: str | None = None  # REF_OJS/DATE_PUB
    dispatch_date: str | None = None  # CODIF_DATA/DS_DATE_DISPATCH
    original_languages: tuple[str, ...] = ()  # LG_ORIG, legacy two-letter codes
    country: str | None = None  # ISO_COUNTRY, two-letter
    cpv_codes: tuple[str, ...] = ()  # ORIGINAL_CPV
    document_type: str | None = None  # TD_DOCUMENT_TYPE/@CODE
    authority_type: str | None = None  # AA_AUTHORITY_TYPE/@CODE
    directive: str | None = None  # CODIF_DATA/DIRECTIVE/@VALUE ("2009/81/EC")
    references: tuple[str, ...] = ()  # REF_NOTICE/NO_DOC_OJS, as document ids
    forms: tuple[Element, ...] = field(default=())


def schema_of(root: Element) -> str:
    """``R2.0.8`` or ``R2.0.9`` from the ``VERSION`` attribute, else from the namespace URI."""
    version = root.get("VERSION") or ""
    name = root.tag if isinstance(root.tag, str) else ""
    for candidate in ("R2.0.9", "R2.0.8", "R2.0.7"):
        if version.startswith(candidate) or candidate in name:
            return candidate
    return "R2.0.9"


def read_envelope(root: Element) -> Envelope:
    identifier = doc_id(root.get("DOC_ID"))
    if identifier is None:
        raise CatalogedError("NOTICE_NO_ID", f"TED_EXPORT has no valid DOC_ID ({root.get('DOC_ID')!r})")
    parts = fields(root)
    coded = fields(parts.get("CODED_DATA_SECTION"))
    data = grouped(coded.get("NOTICE_DATA"))  # several of its children repeat: one pass for all of them
    codif = fields(coded.get("CODIF_DATA"))
    form_section = parts.get("FORM_SECTION")
    forms = tuple(node for node in (form_section if form_section is not None else ()) if local(node))
    if not forms:
        raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", "FORM_SECTION holds no form")
    return Envelope(
        doc_id=identifier,
        schema=schema_of(root),
        publication_number=plain(_first(data, "NO_DOC_OJS")),
        publication_date=iso_date(plain(descendant(coded.get("REF_OJS"), "DATE_PUB"))),
        dispatch_date=iso_date(plain(codif.get("DS_DATE_DISPATCH"))),
        original_languages=tuple(value.upper() for node in data.get("LG_ORIG", ()) if (value := plain(node))),
        country=attr(_first(data, "ISO_COUNTRY"), "VALUE"),
        cpv_codes=tuple(code for node in data.get("ORIGINAL_CPV", ()) if (code := attr(node, "CODE"))),
        document_type=attr(codif.get("TD_DOCUMENT_TYPE"), "CODE"),
        authority_type=attr(codif.get("AA_AUTHORITY_TYPE"), "CODE"),
        directive=attr(codif.get("DIRECTIVE"), "VALUE"),
        references=tuple(
            ref
            for holder in data.get("REF_NOTICE", ())
            for node in children(holder, "NO_DOC_OJS")
            if (ref := doc_id(plain(node)))
        ),
        forms=forms,
    )


def _first(named: dict[str, list[Element]], name: str) -> Element | None:
    found = named.get(name)
    return found[0] if found else None


# --- language sections ------------------------------------------------------------------------------------


class Sections:
    """The same place in several language sections of one form, primary section first.

    Navigation keeps the sections aligned by position: the i-th ``OBJECT_DESCR`` of the French original is the
    i-th of the Dutch one. Codes and numbers are read from :attr:`primary`; texts from every section.

    Most notices have one original section: each step then has a shorter path that gives what the general one
    gives for one section (a plain class rather than a frozen dataclass, too: a read makes tens of these).
    """

    __slots__ = ("nodes", "primary")

    def __init__(self, nodes: tuple[tuple[str | None, Element], ...]) -> None:
        self.nodes = nodes
        self.primary: Element = nodes[0][1]

    def child(self, name: str) -> Sections | None:
        first = child(self.primary, name)
        if first is None:
            return None
        if len(self.nodes) == 1:
            return Sections(((self.nodes[0][0], first),))
        others = tuple((lang, node) for lang, el in self.nodes[1:] if (node := child(el, name)) is not None)
        return Sections(((self.nodes[0][0], first), *others))

    def children(self, name: str) -> list[Sections]:
        if len(self.nodes) == 1:
            return self._single(children(self.primary, name))
        return self._aligned([children(el, name) for _, el in self.nodes])

    def descendants(self, name: str) -> list[Sections]:
        if len(self.nodes) == 1:
            return self._single(descendants(self.primary, name))
        return self._aligned([descendants(el, name) for _, el in self.nodes])

    def descendants_by_name(self, names: tuple[str, ...]) -> dict[str, list[Sections]]:
        """``self.descendants(name)`` of each of ``names`` found in the primary section (an absent name has no
        key), from one walk of each section instead of one per name."""
        patterns = [tag(name) for name in names]
        if len(self.nodes) == 1:
            lang = self.nodes[0][0]
            single: dict[str, list[Sections]] = {}
            for node in self.primary.iterdescendants(*patterns):
                single.setdefault(local(node), []).append(Sections(((lang, node),)))
            return single
        found: list[dict[str, list[Element]]] = []
        for _, element in self.nodes:
            named: dict[str, list[Element]] = {}
            for node in element.iterdescendants(*patterns):
                named.setdefault(local(node), []).append(node)
            found.append(named)
        return {name: self._aligned([named.get(name, []) for named in found]) for name in found[0]}

    def _single(self, nodes: list[Element]) -> list[Sections]:
        lang = self.nodes[0][0]
        return [Sections(((lang, node),)) for node in nodes]

    def _aligned(self, found: list[list[Element]]) -> list[Sections]:
        langs = [lang for lang, _ in self.nodes]
        return [
            Sections(tuple((langs[k], nodes[i]) for k, nodes in enumerate(found) if i < len(nodes)))
            for i in range(len(found[0]))
        ]

    def texts(self, name: str | None = None) -> Texts:
        """The text of child ``name`` (or of these nodes) in every section; repeated identical values once."""
        if len(self.nodes) == 1:
            lang, element = self.nodes[0]
            value = plain(element if name is None else child(element, name))
            return (Text(lang, value),) if value else ()
        found: list[Text] = []
        seen: set[str] = set()
        for lang, element in self.nodes:
            value = plain(element if name is None else child(element, name))
            if value and value not in seen:
                seen.add(value)
                found.append(Text(lang, value))
        return tuple(found)

    def texts_of(self, names: tuple[str, ...]) -> Texts:
        """``texts(name)`` of each of ``names`` in turn, one after the other; one section takes them from one
        look at its children's index."""
        if len(self.nodes) > 1:
            return tuple(text for name in names for text in self.texts(name))
        lang = self.nodes[0][0]
        found = fields(self.primary)
        return tuple(
            Text(lang, value) for name in names if (node := found.get(name)) is not None and (value := plain(node))
        )

    def __iter__(self) -> Iterator[tuple[str | None, Element]]:
        return iter(self.nodes)


def pick_sections(envelope: Envelope, all_languages: bool) -> tuple[Sections, tuple[str, ...]]:
    """The original section(s) — primary first — plus translations when asked; and their languages (alpha-3).

    The primary section is the original in the first ``LG_ORIG`` language; files without ``CATEGORY`` marks
    fall back to the section in ``LG_ORIG``, then to the first section.
    """
    forms = list(envelope.forms)
    originals = [form for form in forms if (form.get("CATEGORY") or "").upper() == "ORIGINAL"]
    if not originals:
        originals = [form for form in forms if (form.get("LG") or "").upper() in envelope.original_languages]
    if not originals:
        originals = forms[:1]
    first_language = envelope.original_languages[0] if envelope.original_languages else None
    originals.sort(key=lambda form: (form.get("LG") or "").upper() != first_language)
    chosen = originals + ([form for form in forms if form not in originals] if all_languages else [])
    names = {local(form) for form in originals}
    if len(names) > 1:
        raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", f"original sections hold different forms: {sorted(names)}")
    nodes = tuple((language3(form.get("LG")), form) for form in chosen if local(form) == local(originals[0]))
    languages = tuple(dict.fromkeys(lang for lang, _ in nodes if lang))
    return Sections(nodes), languages
