"""Sane lengths for what the store indexes: a notice whose identifier or code is absurdly long is rejected here,
with a code, before it reaches the store.

PostgreSQL refuses index entries over about 2,700 bytes, and one such notice would fail its whole batch; DuckDB
would keep a 100 MB "identifier" in memory several times over. Real identifiers are UUIDs or TED numbers (under
40 characters) and codes are short, so the limits below leave ample room. Free text (descriptions, titles, names
of organisations) is not limited here: the notice's size limit bounds it.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from .errors import CatalogedError
from .model import Notice, Text

IDENTIFIER_LIMIT = 200  # characters of an identifier (notice, procedure, lot, organisation, tender, ...)
CODE_LIMIT = 600  # characters of any other single value that is not free text (600 × 4 bytes < 2,700)
ORIGIN_LIMIT = 1024  # characters of a source name (file path, archive member) kept with a notice or rejection

_FREE_TEXT = frozenset({"name", "city", "warnings", "matched"})
_IDENTIFIERS = frozenset({"version", "changed_notice", "publication_number", "previous_notices", "tenderers"})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls) if field.name not in _FREE_TEXT)


def _is_identifier(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or name in _IDENTIFIERS


def _too_long(value: Any, name: str, limit: int) -> str | None:
    """The name of the first over-long value under ``value`` (a field called ``name``), or None."""
    if isinstance(value, str):
        return name if len(value) > limit else None
    if isinstance(value, Text) or value is None or isinstance(value, int | float):
        return None
    if isinstance(value, tuple | list):
        return next((found for item in value if (found := _too_long(item, name, limit))), None)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in _field_names(type(value)):
            child_limit = IDENTIFIER_LIMIT if _is_identifier(field) else CODE_LIMIT
            found = _too_long(getattr(value, field), field, child_limit)
            if found:
                return found if found == field else f"{field}.{found}"
    return None


def check_notice_lengths(notice: Notice) -> None:
    """Raise ``NOTICE_VALUE_TOO_LONG`` naming the first identifier or code over its limit."""
    found = _too_long(notice, "notice", CODE_LIMIT)
    if found:
        raise CatalogedError(
            "NOTICE_VALUE_TOO_LONG",
            f"{found} is longer than {IDENTIFIER_LIMIT if _is_identifier(found.rsplit('.', 1)[-1]) else CODE_LIMIT}"
            " characters",
        )


def short_origin(origin: str) -> str:
    """``origin`` cut to :data:`ORIGIN_LIMIT` characters, keeping both ends (the folder and the member)."""
    if len(origin) <= ORIGIN_LIMIT:
        return origin
    half = ORIGIN_LIMIT // 2 - 1
    return f"{origin[:half]}…{origin[-half:]}"
