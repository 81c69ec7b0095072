"""Reading the text of a life-cycle cost input file (YAML or JSON) into plain data, safely and fast.

- The size is checked before anything is parsed: at most :data:`MAX_INPUT_BYTES` (an input of
  :data:`~sppmon.planning.lcc_input.MAX_OFFERS` offers fits well within it).
- YAML is read as YAML 1.2 by a compiled parser (``yaml-rs``): ``1e9`` is a number, ``yes`` and ``no`` are
  text, a key given twice is refused, and aliases are bounded (an "alias bomb" is refused, not expanded).
  Block nesting deeper than :data:`MAX_COMPACT_NESTING` on one line is refused before parsing, because the
  parser recurses on it.
- JSON is read by the standard library; a key given twice is refused and ``NaN`` or ``Infinity`` are not
  numbers.
- In both, an amount written like ``32.000`` (one to three digits, a point, exactly three digits) is refused
  with both readings: YAML and JSON read it as 32, a Belgian writer means thirty-two thousand
  (:data:`AMOUNT_KEYS` are the keys holding amounts of money). Numbers in quotes are read by
  :func:`sppmon.amounts.read_amount` later, so ``"32.000"`` is thirty-two thousand.

Every problem raises :class:`~sppmon.planning.lcc_problems.LccProblem` with ``LCC_UNREADABLE``,
``LCC_TOO_LARGE`` or ``LCC_INVALID_INPUT`` and the line where it is known.
"""

from __future__ import annotations

import functools
import json
import os
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml_rs

from ..sources.regular import open_regular
from .lcc_problems import LccProblem

MAX_INPUT_BYTES = 8 * 1024 * 1024
MAX_COMPACT_NESTING = 64
AMOUNT_KEYS = ("purchase", "installation", "annual", "amount", "disposal", "residual_value")
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=200_000, max_replay_stack_depth=32)
_COMPACT = re.compile(rb"^[ \t]*(?:[-?:][ \t]+){%d,}" % MAX_COMPACT_NESTING, re.MULTILINE)
_JSON_AMOUNT = re.compile(r'"(' + "|".join(AMOUNT_KEYS) + r')"\s*:\s*([+-]?[1-9]\d{0,2}\.\d{3})(?=\s*[,}\]])')
_YAML_AMOUNT = re.compile(
    r"(?:^|[\s{{,])({})[ \t]*:[ \t]+([+-]?[1-9]\d{{0,2}}\.\d{{3}})[ \t]*(?=$|[,}}#\s])".format("|".join(AMOUNT_KEYS)),
    re.MULTILINE,
)


def check_size(size: int, name: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise LccProblem("LCC_TOO_LARGE", (name,), "lcc.err.too_large", size=f"{size:,}", limit=f"{MAX_INPUT_BYTES:,}")


def read_input_file(path: Path) -> Any:
    """The data of a YAML (.yaml, .yml) or JSON (.json) file; the size is checked before the file is read."""
    try:
        with open_regular(path) as handle:  # a FIFO or device is refused (SOURCE_NOT_REGULAR)
            check_size(os.fstat(handle.fileno()).st_size, path.name)
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise LccProblem("LCC_UNREADABLE", (path.name,), "lcc.err.os", error=exc.strerror or str(exc)) from None
    return load_input_bytes(data, path.name)


def load_input_bytes(data: bytes, filename: str) -> Any:
    """The data of a file's bytes (UTF-8, with or without byte-order mark): JSON when ``filename`` ends in
    .json, YAML otherwise."""
    name = Path(filename).name or "input"
    check_size(len(data), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LccProblem("LCC_UNREADABLE", (name,), "lcc.err.not_utf8", position=exc.start) from None
    return load_input_text(text, name)


@functools.cache
def packaged_mapping(filename: str) -> dict[str, Any]:
    """A YAML file shipped in ``sppmon.data``, read by the same strict reader as a user's file (read once)."""
    data = load_input_text(resources.files("sppmon.data").joinpath(filename).read_text(encoding="utf-8"), filename)
    if not isinstance(data, dict):
        raise TypeError(f"{filename}: the packaged file is not a mapping")
    return data


def load_input_text(text: str, filename: str) -> Any:
    name = Path(filename).name or "input"
    check_size(len(text.encode("utf-8")), name)
    if name.lower().endswith(".json"):
        return _json(text, name)
    return _yaml(text, name)


def _json(text: str, name: str) -> Any:
    suspect = _JSON_AMOUNT.search(text)
    if suspect:
        line = text.count("\n", 0, suspect.start(2)) + 1
        raise _ambiguous(suspect.group(1), suspect.group(2), f"{name}:{line}")
    try:
        return json.loads(text, parse_constant=_json_constant, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise LccProblem(
            "LCC_UNREADABLE", (f"{name}:{exc.lineno}:{exc.colno}",), "lcc.err.syntax", problem=exc.msg
        ) from None
    except RecursionError:
        raise LccProblem("LCC_UNREADABLE", (name,), "lcc.err.too_deep") from None


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):  # a key given twice: name the first one
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise LccProblem("LCC_INVALID_INPUT", (key,), "lcc.err.duplicate_key")
            seen.add(key)
    return found


def _json_constant(text: str) -> float:
    raise LccProblem("LCC_INVALID_INPUT", (text,), "lcc.err.not_finite")


def _yaml(text: str, name: str) -> Any:
    nested = _COMPACT.search(text.encode("utf-8"))
    if nested:
        line = text.count("\n", 0, nested.start()) + 1
        raise LccProblem("LCC_UNREADABLE", (f"{name}:{line}",), "lcc.err.too_deep")
    suspect = _YAML_AMOUNT.search(text)
    if suspect:
        line = text.count("\n", 0, suspect.start(2)) + 1
        raise _ambiguous(suspect.group(1), suspect.group(2), f"{name}:{line}")
    try:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=_ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except yaml_rs.YAMLDecodeError as exc:
        raise LccProblem("LCC_UNREADABLE", (name,), "lcc.err.syntax", problem=_first_lines(str(exc))) from None
    except (ValueError, OverflowError, RecursionError) as exc:
        raise LccProblem("LCC_UNREADABLE", (name,), "lcc.err.syntax", problem=str(exc)) from None


def _first_lines(message: str) -> str:
    """The parser's message without its drawing of the line (``|``, ``^``), in one line."""
    lines = [line.strip() for line in message.splitlines()]
    kept = [line for line in lines if line and not line.startswith(("|", "^")) and not re.match(r"^\d+ \|", line)]
    return " — ".join(kept)


def _ambiguous(key: str, written: str, where: str | None) -> LccProblem:
    place = (where, key) if where else (key,)
    decimal = format(Decimal(written).normalize(), "f")
    thousands = written.replace(".", "").lstrip("+")
    return LccProblem(
        "LCC_INVALID_INPUT", place, "lcc.err.file_amount", text=written, decimal=decimal, thousands=thousands
    )
