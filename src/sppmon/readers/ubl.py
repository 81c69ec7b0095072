"""Namespaces, tag names and small value helpers for reading eForms UBL documents with lxml.

The readers navigate children by tag instead of evaluating the SDK's XPaths: the XPaths drift between SDK
versions (predicates move), whereas the instance structure stays the same. Containers are selected by tag,
and codes are dispatched on their ``@listName``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from lxml import etree

from ..model import Amount, Text, Texts

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
EFEXT = "http://data.europa.eu/p27/eforms-ubl-extensions/1"
EFAC = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
EFBC = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"

ROOT_NAMESPACES = {
    "PriorInformationNotice": "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2",
    "ContractNotice": "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2",
    "ContractAwardNotice": "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2",
    "BusinessRegistrationInformationNotice": "http://data.europa.eu/p27/eforms-business-registration-information-notice/1",
}

Element = etree._Element

# Amounts at or above this are typing errors in notices and do not fit the store's DECIMAL(24,4).
MONEY_LIMIT = Decimal(10) ** 19


def cbc(name: str) -> str:
    return f"{{{CBC}}}{name}"


def cac(name: str) -> str:
    return f"{{{CAC}}}{name}"


def efac(name: str) -> str:
    return f"{{{EFAC}}}{name}"


def efbc(name: str) -> str:
    return f"{{{EFBC}}}{name}"


LIST_NAME = "listName"
SCHEME_NAME = "schemeName"
LANGUAGE_ID = "languageID"
CURRENCY_ID = "currencyID"


def text_of(element: Element | None) -> str | None:
    """Stripped text of an element; ``None`` for a missing element or empty text."""
    if element is None:
        return None
    value = element.text
    if value is None:
        return None
    return value.strip() or None


def child(element: Element, tag: str) -> Element | None:
    """First child with ``tag``.

    A plain loop: UBL elements have few children (most lookups are on elements of one to five), and lxml's
    ``iterchildren(tag)`` builds a tag matcher on every call, which costs more than comparing them;
    ``find`` goes through ElementPath and costs more still. For several fields of one element, see
    :func:`first_children` and :func:`grouped`."""
    for node in element:
        if node.tag == tag:
            return node
    return None


def child_text(element: Element, tag: str) -> str | None:
    """Stripped text of the first child with ``tag`` (see :func:`child`)."""
    for node in element:
        if node.tag == tag:
            value = node.text
            if value is None:
                return None
            return value.strip() or None
    return None


def first_children(element: Element) -> dict[str, Element]:
    """The first child of each tag: ``first_children(e).get(tag)`` is ``child(e, tag)``.

    One walk over the children for an element that is asked for several fields: every lookup of
    :func:`child` walks the children again and makes a new proxy object and tag string for each one it
    passes. Local to the caller (no index shared between lookups), so reads in several threads share nothing."""
    found: dict[str, Element] = {}
    for node in element:
        found.setdefault(node.tag, node)
    return found


def grouped(element: Element) -> dict[str, list[Element]]:
    """Every child by tag, in document order: ``grouped(e).get(tag, [])`` is ``list(e.iterchildren(tag))``,
    and its first member is ``child(e, tag)``; for elements with repeated children (results, tenders)."""
    found: dict[str, list[Element]] = {}
    for node in element:
        tag = node.tag
        group = found.get(tag)
        if group is None:
            found[tag] = [node]
        else:
            group.append(node)
    return found


def first(nodes: list[Element] | None) -> Element | None:
    """The first of ``nodes`` (a :func:`grouped` entry): ``child`` from the index."""
    return nodes[0] if nodes else None


def first_text(nodes: list[Element] | None) -> str | None:
    """Stripped text of the first of ``nodes`` (a :func:`grouped` entry): ``child_text`` from the index."""
    return None if not nodes else text_of(nodes[0])


def collapse(value: str) -> str:
    """Whitespace collapsed to single spaces (names in real notices contain newlines and indentation).

    ``" ".join(value.split())``, without splitting the usual text that is already collapsed (splitting makes an
    object per word, and the legacy readers pass their long paragraphs through here too): a printable string
    holds no whitespace but the space (every other character ``split`` breaks at is unprintable), so it is
    collapsed unless a space leads, ends or is doubled."""
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return " ".join(value.split())


def texts_in(nodes: Iterable[Element], *, squash: bool = False) -> Texts:
    """All language versions of a multilingual text field (one element per ``@languageID``) among ``nodes``."""
    found: list[Text] = []
    for node in nodes:
        value = text_of(node)
        if value is None:
            continue
        found.append(Text(node.get(LANGUAGE_ID), collapse(value) if squash else value))
    return tuple(found)


def to_decimal(value: str | None, warnings: list[str], what: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        warnings.append(f"NOTICE_INVALID_VALUE: {what}: {value[:40]!r} is not a number")
        return None
    if not number.is_finite():
        warnings.append(f"NOTICE_INVALID_VALUE: {what}: {value[:40]!r} is not a finite number")
        return None
    return number


def to_int(value: str | None, warnings: list[str], what: str) -> int | None:
    number = to_decimal(value, warnings, what)
    if number is None:
        return None
    if number != number.to_integral_value():
        warnings.append(f"NOTICE_INVALID_VALUE: {what}: {value!r} is not a whole number")
        return None
    return int(number)


def to_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return None


def amount(element: Element | None, warnings: list[str], what: str) -> Amount | None:
    if element is None:
        return None
    number = to_decimal(text_of(element), warnings, what)
    if number is None:
        return None
    if abs(number) >= MONEY_LIMIT:
        warnings.append(f"NOTICE_INVALID_VALUE: {what}: {number:.3e} is out of range for an amount")
        return None
    currency = element.get(CURRENCY_ID)
    return Amount(number, currency.strip().upper() if currency else None)


def codes(values: list[str]) -> tuple[str, ...]:
    """Sorted distinct codes: the canonical form of every code list in the model."""
    return tuple(sorted(set(values)))
