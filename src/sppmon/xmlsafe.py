"""Hardened XML parsing: no DTD, no entity expansion, no network, bounded size; errors mapped to codes."""

from __future__ import annotations

import re

from lxml import etree

from .errors import CatalogedError

Element = etree._Element

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# One parser per process: lxml parsers are not thread-safe, but sppmon parallelises with processes.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
)

# A DOCTYPE can only stand in the prolog, before the root element; scanning the first bytes catches it
# before libxml2 spends any work on an internal subset. The post-parse check covers other encodings.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PROLOG_SCAN = 4096
_TRUNCATION_HINTS = ("Premature end of data", "EndTag: '</' not found", "Couldn't find end of Start Tag")


def parse_xml(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse ``data`` into an element tree or raise :class:`CatalogedError` with a precise code."""
    if len(data) > max_bytes:
        raise CatalogedError("XML_TOO_LARGE", f"{len(data):,} bytes, limit {max_bytes:,}")
    if not data or data.isspace():
        raise CatalogedError("XML_EMPTY", "no content")
    if _DOCTYPE.search(data, 0, _PROLOG_SCAN):
        raise CatalogedError("XML_DOCTYPE_FORBIDDEN", "a DOCTYPE declaration was found in the prolog")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _classify(exc, data) from None
    except ValueError as exc:  # e.g. unicode strings with an encoding declaration
        raise CatalogedError("XML_ENCODING", str(exc)) from None
    if root is None:
        raise CatalogedError("XML_EMPTY", "no root element")
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]
        raise CatalogedError("XML_DOCTYPE_FORBIDDEN", "a DOCTYPE declaration was found")
    return root


def _at_end(exc: etree.XMLSyntaxError, data: bytes) -> bool:
    """Whether the parser stopped at the very end of the data: the signature of a cut-off file."""
    lines = data.rstrip().count(b"\n") + 1
    last_line = data.rstrip().rsplit(b"\n", 1)[-1]
    return exc.lineno == lines and (exc.offset or 0) >= len(last_line.decode("utf-8", "replace")) - 1


def _classify(exc: etree.XMLSyntaxError, data: bytes) -> CatalogedError:
    message = str(exc.msg or exc)
    where = f"line {exc.lineno}, column {exc.offset}" if exc.lineno else "position unknown"
    if "Document is empty" in message or ("Start tag expected" in message and exc.lineno == 1):
        return CatalogedError("XML_EMPTY" if "empty" in message else "XML_MALFORMED", f"{message} ({where})")
    mismatch = "mismatch" in message
    if any(hint in message for hint in _TRUNCATION_HINTS) or (_at_end(exc, data) and not mismatch):
        return CatalogedError("XML_TRUNCATED", f"{message} ({where})")
    if "encoding" in message.lower() or "not proper UTF-8" in message or "Char 0x" in message:
        return CatalogedError("XML_ENCODING", f"{message} ({where})")
    if ("Entity" in message or "entity" in message or "DOCTYPE" in message) and _declares_doctype(data):
        return CatalogedError("XML_DOCTYPE_FORBIDDEN", f"{message} ({where})")
    return CatalogedError("XML_MALFORMED", f"{message} ({where})")


def _declares_doctype(data: bytes) -> bool:
    """Whether ``data`` holds a DOCTYPE anywhere, in UTF-8 (or an ASCII-compatible encoding) or UTF-16: an
    undefined entity in a file without one is merely malformed, not an entity attack."""
    return any(marker in data for marker in _DOCTYPE_MARKERS)


_DOCTYPE_MARKERS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def local_name(tag: object) -> str:
    """Local part of a Clark-notation tag; comments and processing instructions give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: object) -> str:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]
