"""Sane lengths for what the store indexes: a notice whose identifier or code is absurdly long is rejected here,
with a code, before it reaches the store.

PostgreSQL refuses index entries over about 2,700 bytes, and one such notice would fail its whole batch; DuckDB
would keep a 100 MB "identifier" in memory several times over. Real identifiers are UUIDs or TED numbers (under
40 characters) and codes are short, so the limits below leave ample room. Free text (descriptions, titles, names
of organisations) is not limited here: the notice's size limit bounds it.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
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
def _plan(cls: type) -> tuple[tuple[str, int], ...] | None:
    """The checked fields of a record type with each one's limit, worked out once per type (None: not a record).

    The check runs on every notice read, so the per-field decisions (free text or not, identifier or code) are
    made here once rather than for every value."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(
        (field.name, IDENTIFIER_LIMIT if _is_identifier(field.name) else CODE_LIMIT)
        for field in dataclasses.fields(cls)
        if field.name not in _FREE_TEXT
    )


def _is_identifier(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or name in _IDENTIFIERS


def _too_long(value: Any, name: str, limit: int) -> str | None:
    """The name of the first over-long value under ``value`` (a field called ``name``), or None.

    Plain strings, the bulk of a notice's values, are measured inline instead of by a call each."""
    if isinstance(value, str):
        return name if len(value) > limit else None
    if value is None or isinstance(value, Text | int | float | Decimal):
        return None
    if isinstance(value, tuple | list):
        for item in value:
            kind = type(item)
            if kind is str:
                if len(item) > limit:
                    return name
            elif kind is not Text and item is not None and (found := _too_long(item, name, limit)):
                return found
        return None
    record_type: type = type(value)
    plan = _plan(record_type)
    if plan is None:
        return None
    for field, child_limit in plan:
        child = getattr(value, field)
        if type(child) is str:
            if len(child) > child_limit:
                return field
        elif child and (found := _too_long(child, field, child_limit)):  # empty values are never too long
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
