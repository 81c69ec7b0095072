"""Tables as data: every table a page shows is a :class:`DataTable` built by a registered function, so that
the same table renders as HTML, downloads as CSV or XLSX (formula-safe, numbers as numbers) and is
documented once. Column kinds tell how a value is formatted per language."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from fastapi import Response
from markupsafe import Markup, escape

from .. import labels
from ..enrich.product_groups import product_groups
from ..indicators import BREAKDOWNS, columns
from ..localefmt import EMPTY as MISSING
from ..localnames import country_name
from ..outputs.safe import safe_cell, write_csv

if TYPE_CHECKING:
    from .context import Env
    from .i18n import Formatter

KINDS = (
    *("text", "int", "float", "decimal", "share", "points", "money", "date", "duration"),
    *("code", "result", "status", "product_group", "country", "detected"),
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    code_list: str | None = None  # for kind "code": the eForms code list of the values


@dataclass
class DataTable:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    params: dict[str, str] = field(default_factory=dict)  # what rebuilds the table (for the download links)
    caption: str = ""
    # cell links: row index → column key → URL (drill-down); a row's "_href" links its first cell
    links: dict[int, dict[str, str]] = field(default_factory=dict)
    download: str = ""  # name of the registered table that downloads it (default: ``name``)

    def values(self) -> Iterator[list[Any]]:
        for row in self.rows:
            yield [_plain(row.get(column.key)) for column in self.columns]


Builder = Callable[["Env"], DataTable]
TABLES: dict[str, Builder] = {}


def table(name: str) -> Callable[[Builder], Builder]:
    """Register a table builder under ``name`` (the name of its download)."""

    def register(builder: Builder) -> Builder:
        if name in TABLES:
            raise ValueError(f"table {name!r} registered twice")
        TABLES[name] = builder
        return builder

    return register


def rows_html(env: Env, data: DataTable) -> Markup:
    """The body rows of a table as HTML: each cell as :func:`display` gives it, escaped, the first one a row
    header, linked where the table links it. Built here rather than in the template: a page of several tables has
    hundreds of cells, and a template costs tens of microseconds for each."""
    parts: list[str] = []
    # per column: the cell's opening tag (the first is the row's header) and its closing tag
    tags = [(f'<th scope="row" class="{escape(column.kind)}">', "</th>") for column in data.columns[:1]]
    tags += [(f'<td class="{escape(column.kind)}">', "</td>") for column in data.columns[1:]]
    for index, row in enumerate(data.rows):
        links = data.links.get(index, {})
        parts.append("<tr>")
        for column, (opening, closing) in zip(data.columns, tags, strict=True):
            text = escape(display(env, column, row.get(column.key)))
            link = links.get(column.key)
            parts.append(
                f'{opening}<a href="{escape(link)}">{text}</a>{closing}' if link else f"{opening}{text}{closing}"
            )
        parts.append("</tr>\n")
    return Markup("".join(parts))  # noqa: S704 - every value and link in ``parts`` went through escape()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def display(env: Env, column: Column, value: Any) -> str:
    """A cell as text in the language of ``env``: figures formatted, codes and closed values named."""
    fmt = env.fmt
    kind = column.kind
    if kind == "result" and (value is not None or column.key in BREAKDOWNS):
        # a code, yes/no, a method or a breakdown's value ("(not given)" for a group without one)
        return str(columns.value_label(column.key, value, env.lang, column.code_list))
    if value is None:
        return MISSING
    formatter = _FORMATS.get(kind)
    if formatter is not None:
        return formatter(fmt, value)
    if kind == "status":
        return env.t(f"status.{value}") if value in ("yes", "none", "not-reported") else str(value)
    if kind == "code" and column.code_list:
        return labels.label_or_code(column.code_list, str(value), env.lang, env.sdk_dir)
    if kind == "product_group":
        group = product_groups().get(str(value))
        return group.names.get(env.lang, group.names["en"]) if group else str(value)
    if kind == "detected":  # text detection: evidence found, or examined without a hit (never "none")
        return env.t(f"detected.{bool(value)}")
    if kind == "country":
        return country_name(str(value), env.lang, env.sdk_dir)
    if isinstance(value, bool):
        return env.t(f"bool.{value}")
    return str(value)  # text, years included: 2024 is not 2.024


_FORMATS: dict[str, Callable[[Formatter, Any], str]] = {
    "int": lambda fmt, value: fmt.number(value),
    "float": lambda fmt, value: fmt.decimal(value),
    "decimal": lambda fmt, value: fmt.decimal(value),
    "share": lambda fmt, value: fmt.share(value),
    "points": lambda fmt, value: fmt.points(value),
    "money": lambda fmt, value: fmt.money(value),
    "date": lambda fmt, value: fmt.date(value),
    "duration": lambda fmt, value: fmt.duration(value),
}


def to_csv(data: DataTable) -> str:
    handle = io.StringIO()
    write_csv(handle, [column.key for column in data.columns], data.values())
    return handle.getvalue()


def to_xlsx(data: DataTable) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=data.name[:31])
    sheet.append([safe_cell(column.label) for column in data.columns])
    for values in data.values():
        sheet.append([safe_cell(_xlsx_value(value)) for value in values])
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return ", ".join(str(item) for item in value)
    return value


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(data: DataTable, output: str, extra: dict[str, Any] | None = None) -> Response:
    """A table as JSON (``{"columns": [...], "rows": [...]}`` plus ``extra``), CSV or XLSX."""
    if output == "csv":
        return Response(
            to_csv(data),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="sppmon-{data.name}.csv"'},
        )
    if output == "xlsx":
        return Response(
            to_xlsx(data),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="sppmon-{data.name}.xlsx"'},
        )
    body = {**(extra or {}), "columns": [column.key for column in data.columns], "rows": data.rows}
    return json_response(body)


def json_response(body: Any) -> Response:
    """``body`` as JSON, as FastAPI's ``JSONResponse(jsonable_encoder(body))`` gives it, in one pass of the standard
    library's encoder: the generic encoder walks every value in Python first, which was a quarter of the time of
    an answer with hundreds of rows (an indicator by buyer)."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_json_default)
    return Response(text.encode("utf-8"), media_type="application/json")


def _json_default(value: Any) -> Any:
    """What the standard encoder does not know, encoded as FastAPI's encoder encodes it."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return list(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
