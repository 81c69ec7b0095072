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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import pycountry
from lxml import etree

from ..errors import CatalogedError
from ..model import Amount, Text, Texts
from .ubl import MONEY_LIMIT, Element, to_decimal


def tag(name: str) -> str:
    """A tag pattern matching ``name`` in any namespace (or none)."""
    return f"{{*}}{name}"


def child(element: Element | None, name: str) -> Element | None:
    """The first child called ``name`` in any namespace or none.

    Inside :func:`child_index` (a whole notice's read) each element's children are indexed by local name on the
    first lookup, so the many lookups of one element (a lot is asked for twenty names) cost a dict lookup each;
    outside it, a plain loop over the children: lxml's tag filter builds a matcher on every call, which costs
    more than comparing the few children a form element has."""
    if element is None:
        return None
    index: dict[Element, dict[str, Element]] | None = getattr(_READ, "index", None)
    if index is not None:
        named = index.get(element)
        if named is None:
            named = index[element] = _by_local_name(element)
        return named.get(name)
    suffix = "}" + name
    for node in element:
        found = node.tag
        if type(found) is str and (found == name or found.endswith(suffix)):
            return node
    return None


def _by_local_name(element: Element) -> dict[str, Element]:
    named: dict[str, Element] = {}
    for node in element:
        found = node.tag
        if type(found) is str:
            named.setdefault(found.rpartition("}")[2], node)
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
    return [] if element is None else list(element.iterchildren(tag(name)))


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
        return " ".join(own.split()) or None if own else None
    lines: list[str] | None = None
    for node in element:
        if _named(node, "P"):
            # a leaf paragraph (most of them) is its own text: no serialisation
            text = _joined(node) if len(node) else node.text
            if lines is None:
                lines = []
            if text and (line := " ".join(text.split())):
                lines.append(line)
    value = "\n".join(lines) if lines is not None else " ".join(_joined(element).split())
    return value or None


def _named(node: Element, name: str) -> bool:
    """``node`` is an element called ``name`` in any namespace or none (what the ``{*}name`` pattern matches)."""
    found = node.tag
    return type(found) is str and (found == name or found.endswith("}" + name))


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


def country3(code: str | None) -> str | None:
    """ISO alpha-2 as used by TED (``UK``, ``EL``, ``1A``) → the alpha-3 code eForms uses; unknown → ``None``."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _COUNTRY_EXCEPTIONS:
        return _COUNTRY_EXCEPTIONS[code]
    if len(code) == 3 and code.isalpha():
        return code
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
    match = _OJ_NUMBER.search(reference)
    if match:
        return f"{int(match.group(2)):06d}-{match.group(1)}"
    match = _DOC_ID.match(reference)
    return f"{int(match.group(1)):06d}-{match.group(2)}" if match else None


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
    coded = child(root, "CODED_DATA_SECTION")
    notice_data = child(coded, "NOTICE_DATA")
    codif = child(coded, "CODIF_DATA")
    form_section = child(root, "FORM_SECTION")
    forms = tuple(node for node in (form_section if form_section is not None else ()) if local(node))
    if not forms:
        raise CatalogedError("NOTICE_UNKNOWN_LEGACY_FORM", "FORM_SECTION holds no form")
    return Envelope(
        doc_id=identifier,
        schema=schema_of(root),
        publication_number=plain(child(notice_data, "NO_DOC_OJS")),
        publication_date=iso_date(plain(descendant(child(coded, "REF_OJS"), "DATE_PUB"))),
        dispatch_date=iso_date(plain(child(codif, "DS_DATE_DISPATCH"))),
        original_languages=tuple(value.upper() for node in children(notice_data, "LG_ORIG") if (value := plain(node))),
        country=attr(child(notice_data, "ISO_COUNTRY"), "VALUE"),
        cpv_codes=tuple(code for node in children(notice_data, "ORIGINAL_CPV") if (code := attr(node, "CODE"))),
        document_type=attr(child(codif, "TD_DOCUMENT_TYPE"), "CODE"),
        authority_type=attr(child(codif, "AA_AUTHORITY_TYPE"), "CODE"),
        directive=attr(child(codif, "DIRECTIVE"), "VALUE"),
        references=tuple(
            ref
            for holder in children(notice_data, "REF_NOTICE")
            for node in children(holder, "NO_DOC_OJS")
            if (ref := doc_id(plain(node)))
        ),
        forms=forms,
    )


# --- language sections ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sections:
    """The same place in several language sections of one form, primary section first.

    Navigation keeps the sections aligned by position: the i-th ``OBJECT_DESCR`` of the French original is the
    i-th of the Dutch one. Codes and numbers are read from :attr:`primary`; texts from every section.
    """

    nodes: tuple[tuple[str | None, Element], ...]

    @property
    def primary(self) -> Element:
        return self.nodes[0][1]

    def child(self, name: str) -> Sections | None:
        first = child(self.primary, name)
        if first is None:
            return None
        others = tuple((lang, node) for lang, el in self.nodes[1:] if (node := child(el, name)) is not None)
        return Sections(((self.nodes[0][0], first), *others))

    def children(self, name: str) -> list[Sections]:
        return self._aligned([children(el, name) for _, el in self.nodes])

    def descendants(self, name: str) -> list[Sections]:
        return self._aligned([descendants(el, name) for _, el in self.nodes])

    def _aligned(self, found: list[list[Element]]) -> list[Sections]:
        langs = [lang for lang, _ in self.nodes]
        return [
            Sections(tuple((langs[k], nodes[i]) for k, nodes in enumerate(found) if i < len(nodes)))
            for i in range(len(found[0]))
        ]

    def texts(self, name: str | None = None) -> Texts:
        """The text of child ``name`` (or of these nodes) in every section; repeated identical values once."""
        found: list[Text] = []
        seen: set[str] = set()
        for lang, element in self.nodes:
            value = plain(element if name is None else child(element, name))
            if value and value not in seen:
                seen.add(value)
                found.append(Text(lang, value))
        return tuple(found)

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
