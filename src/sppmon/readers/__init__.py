"""Notice readers: one module per format, chosen by the root element in one explicit registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import CatalogedError
from ..model import Notice
from ..xmlsafe import DEFAULT_MAX_BYTES, Element, parse_xml
from .eforms import DEFAULT_MAX_SDK_MINOR, is_eforms_root, read_eforms
from .ted import is_ted_root, read_ted


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_sdk_minor: int = DEFAULT_MAX_SDK_MINOR
    all_languages: bool = False  # legacy TED: keep translated form sections too


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    name: str
    accepts: Callable[[Element], bool]
    read: Callable[[Element, ReaderOptions], Notice]


def _read_eforms(root: Element, options: ReaderOptions) -> Notice:
    return read_eforms(root, max_sdk_minor=options.max_sdk_minor)


def _read_ted(root: Element, options: ReaderOptions) -> Notice:
    return read_ted(root, all_languages=options.all_languages)


READERS: list[ReaderSpec] = [
    ReaderSpec("eforms", lambda root: is_eforms_root(root.tag), _read_eforms),
    ReaderSpec("ted", is_ted_root, _read_ted),
]


def register(spec: ReaderSpec) -> None:
    """Add a reader; formats are tried in registration order."""
    READERS.append(spec)


def read_notice(data: bytes, options: ReaderOptions | None = None) -> Notice:
    """The pure function bytes → notice; raises :class:`CatalogedError` for anything unreadable."""
    options = options or ReaderOptions()
    root = parse_xml(data, options.max_bytes)
    for spec in READERS:
        if spec.accepts(root):
            return spec.read(root, options)
    tag = root.tag if isinstance(root.tag, str) else "?"
    raise CatalogedError("NOTICE_UNKNOWN_ROOT", f"root element {tag!r} is not a known notice format")
