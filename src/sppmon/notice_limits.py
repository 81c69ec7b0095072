"""Sane lengths for what the store indexes: a notice whose identifier or code is absurdly long is rejected here,
with a code, before it reaches the store.

PostgreSQL refuses index entries over about 2,700 bytes, and one such notice would fail its whole batch; DuckDB
would keep a 100 MB "identifier" in memory several times over. Real identifiers are UUIDs or TED numbers (under
40 characters) and codes are short, so the limits below leave ample room. Free text (descriptions, titles, names
of organisations) is not limited here: the notice's size limit bounds it.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any

from .errors import CatalogedError
from .model import Notice, Text

IDENTIFIER_LIMIT = 200  # characters of an identifier (notice, procedure, lot, organisation, tender, ...)
CODE_LIMIT = 600  # characters of any other single value that is not free text (600 × 4 bytes < 2,700)
ORIGIN_LIMIT = 1024  # characters of a source name (file path, archive member) kept with a notice or rejection

_FREE_TEXT = frozenset({"name", "city", "warnings", "matched"})
_IDENTIFIERS = frozenset({"version", "changed_notice", "publication_number", "previous_notices", "tenderers"})
_UNCHECKED = (NoneType, Text, int, float, Decimal)  # values never measured (bool is an int)

# The check of a value: the name of its first over-long value, given the field ``name`` it sits in and the limit
# of that field, or None.
Check = Callable[[Any, str, int], "str | None"]


class _Checks(dict[type, Check]):
    """The check of each runtime type, worked out on first sight of the type: the check runs on every notice
    read, so the per-type and per-field decisions are made once, not for every value."""

    def __missing__(self, kind: type) -> Check:
        check = self[kind] = _check_for(kind)
        return check


_CHECKS = _Checks()


def _is_identifier(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or name in _IDENTIFIERS


def _check_for(kind: type) -> Check:
    # In the order of isinstance tests on a value: a str subclass is measured, a Text or a number never is.
    if issubclass(kind, str):
        return _string
    if issubclass(kind, _UNCHECKED):
        return _unchecked
    if issubclass(kind, tuple | list):
        return _items
    if dataclasses.is_dataclass(kind):
        return _compile(kind)
    return _unchecked


def _string(value: str, name: str, limit: int) -> str | None:
    return name if len(value) > limit else None


def _unchecked(value: object, name: str, limit: int) -> None:
    return None


def _items(values: tuple[Any, ...] | list[Any], name: str, limit: int) -> str | None:
    """Items take the name and limit of their field; plain strings, the bulk of them, are measured inline."""
    for item in values:
        kind = type(item)
        if kind is str:
            if len(item) > limit:
                return name
        elif kind is not Text and item is not None and (found := _CHECKS[kind](item, name, limit)):
            return found
    return None


def _compile(record_type: type) -> Check:
    """A check made for one record type: one ``if`` per checked field, reading it by name, with the field's limit
    as a constant (generated code: several times cheaper than a loop over a list of fields with ``getattr``).

    A field whose declared type holds nothing measured (numbers, flags, ``Texts``) is not read at all: the readers
    fill fields as declared (mypy strict). Any other value that is not a plain string goes through
    :data:`_CHECKS`, so a field declared loosely (``Any``, a union, nested tuples) is checked by what it holds."""
    try:
        hints = typing.get_type_hints(record_type)
    except (NameError, TypeError):  # an annotation that does not resolve here: every field is checked by value
        hints = {}
    lines = ["def check(record, name, limit):"]
    for field in dataclasses.fields(record_type):
        if field.name in _FREE_TEXT or _never_checked(hints.get(field.name, Any)):
            continue
        name, limit = field.name, IDENTIFIER_LIMIT if _is_identifier(field.name) else CODE_LIMIT
        lines += [
            f"    value = record.{name}",
            "    if type(value) is str:",
            f"        if len(value) > {limit}:",
            f"            return {name!r}",
            # Empty values are never too long. A value measured under this field's name (a tuple's items) is named
            # by it alone, a nested record's field after it ("lots.lot_id").
            f"    elif value and (found := checks[type(value)](value, {name!r}, {limit})):",
            f"        return found if found == {name!r} else {name + '.'!r} + found",
        ]
    lines.append("    return None")
    namespace: dict[str, Any] = {"checks": _CHECKS}
    # The source is made only from field names (identifiers) and the integer limits above.
    exec(compile("\n".join(lines), f"<length check of {record_type.__qualname__}>", "exec"), namespace)  # noqa: S102
    check: Check = namespace["check"]
    return check


def _never_checked(hint: object) -> bool:
    """Whether a value of the declared type ``hint`` can hold nothing that is measured (``Texts``, ``int | None``)."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is UnionType or origin is tuple:
        return all(arg is Ellipsis or _never_checked(arg) for arg in typing.get_args(hint))
    return isinstance(hint, type) and issubclass(hint, _UNCHECKED)


def check_notice_lengths(notice: Notice) -> None:
    """Raise ``NOTICE_VALUE_TOO_LONG`` naming the first identifier or code over its limit."""
    found = _CHECKS[type(notice)](notice, "notice", CODE_LIMIT)
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
