"""Reading a multi-year purchase plan (CSV or XLSX) into checked planned purchases.

One row per planned purchase. Column names are matched case- and accent-insensitively, in English, Dutch or
French (see :data:`COLUMNS`); the template ``sppmon plan template`` writes is the reference. A bad row never
stops the others: each of its problems becomes a :class:`RowProblem` with its row number, column and a
stable error code (a row with a bad duration and a bad framework flag reports both). CPV codes are checked
against the CPV list as far as it is known offline (see :mod:`.cpv`).
Values: euro amounts are read by :func:`sppmon.amounts.read_amount` ("450.000", "1 250 000,50", "€ 32.000,00",
"250,000" are all read as written by a Belgian or an English user); dates are YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY
or DD.MM.YYYY (or spreadsheet dates). A CPV code of seven digits, whose leading zero a spreadsheet dropped
(``9310000``), gets it back with a warning. Rows that repeat an earlier row exactly are ranked once; rows that
look alike are reported (:mod:`.duplicates`). The file is read by :mod:`.plan_files` (CSV in UTF-8, UTF-16 or
Windows-1252, or .xlsx). Problems and warnings carry message keys, so that they are written in English, Dutch
or French.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import messages
from ..amounts import AMOUNT, AmountError, read_amount
from ..errors import CatalogedError
from ..sources.regular import read_regular
from .cpv import CpvList, configured_cpv_list
from .plan_files import csv_rows, read_csv_text, xlsx_rows


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    aliases: tuple[str, ...]
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("id", False, ("ref", "reference", "referentie", "nr"), "Your reference of the planned purchase."),
    Column("department", True, ("afdeling", "dienst", "departement", "service", "buyer"), "Buying department."),
    Column("description", True, ("omschrijving", "beschrijving", "objet", "onderwerp"), "What will be bought."),
    Column(
        "cpv",
        True,
        ("cpv_code", "code_cpv", "cpv-code"),
        "Main CPV code of the CPV list, 8 digits (check digit optional, not verified).",
    ),
    Column(
        "estimated_value",
        True,
        ("value", "geraamde_waarde", "raming", "valeur_estimee", "montant"),
        "Estimated value in euro, excluding VAT, over the whole duration.",
    ),
    Column(
        "planned_launch",
        True,
        ("launch", "launch_date", "geplande_lancering", "lancering", "lancement_prevu", "date_de_lancement"),
        "Planned publication date of the contract notice.",
    ),
    Column(
        "duration_months",
        False,
        ("duration", "looptijd", "looptijd_maanden", "duree", "duree_mois"),
        "Contract duration in months.",
    ),
    Column(
        "framework",
        False,
        ("framework_agreement", "raamovereenkomst", "accord_cadre"),
        "yes when a framework agreement is planned (yes/no, ja/nee, oui/non).",
    ),
    Column(
        "buyer_id",
        False,
        ("ondernemingsnummer", "kbo", "bce", "numero_entreprise", "company_id"),
        "Enterprise number of the buyer (KBO/BCE), used to match later notices.",
    ),
)

_TRUE = {"yes", "y", "ja", "j", "oui", "o", "true", "1", "x"}
_FALSE = {"no", "n", "nee", "non", "false", "0", ""}
_CPV = re.compile(r"^(\d{8})(?:-?\d)?$")
_CPV_SEVEN = re.compile(r"^(\d{7})(?:-\d)?$")  # a spreadsheet dropped the leading zero
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MAX_PLAN_ROWS = 50_000  # a federal multi-year plan has hundreds of rows; far more is a wrong file


@dataclass(frozen=True, slots=True)
class PlannedPurchase:
    row: int  # row number in the file (header = 1)
    id: str
    department: str
    description: str
    cpv: str  # 8 digits
    estimated_value: Decimal  # euro
    planned_launch: date
    duration_months: int | None
    framework: bool | None
    buyer_id: str | None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem of a row (the row is rejected) or a warning about it (the row is kept); ``key`` and ``values``
    give its message in each language (``message`` is the English one)."""

    row: int
    column: str
    code: str
    message: str
    key: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def message_in(self, lang: str = "en") -> str:
        if not self.key:
            return self.message
        return _text(self.key, lang, dict(self.values))

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.code}: {self.message}"


def _text(key: str, lang: str, values: dict[str, object]) -> str:
    error = values.get("amount_error")
    if isinstance(error, AmountError):
        return error.message(lang)
    texts = messages.catalogue()[key]
    return (texts.get(lang) or texts["en"]).format(**values)


def _problem(row: int, column: str, code: str, key: str, /, **values: object) -> RowProblem:
    return RowProblem(row, column, code, _text(key, "en", values), key, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Plan:
    items: tuple[PlannedPurchase, ...]
    problems: tuple[RowProblem, ...]  # every problem of every rejected row, in file order
    cpv_checked_against: str = ""  # what the CPV codes were checked against (see :mod:`.cpv`)
    warnings: tuple[RowProblem, ...] = ()  # rows kept, but to check: padded CPV codes, duplicates
    encoding: str = ""  # of a CSV file: UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252

    @property
    def rejected_rows(self) -> int:
        return len({problem.row for problem in self.problems})


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", "_", plain).strip("_")


def _header_map(header: list[Any]) -> dict[str, int]:
    lookup = {_key(alias): column.name for column in COLUMNS for alias in (column.name, *column.aliases)}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = lookup.get(_key(str(cell or "")))
        if name and name not in found:
            found[name] = index
    missing = [column.name for column in COLUMNS if column.required and column.name not in found]
    if missing:
        raise CatalogedError(
            "PLAN_MISSING_COLUMN",
            f"required column(s) {', '.join(missing)} not found in the header ({', '.join(map(str, header))})",
        )
    return found


def parse_value(text: Any) -> Decimal:
    """A euro amount as :func:`sppmon.amounts.read_amount` reads it (raises its :class:`AmountError`)."""
    return read_amount(text, AMOUNT)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for layout in _DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cell(row: list[Any], columns: dict[str, int], name: str) -> Any:
    index = columns.get(name)
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


class _Bad(Exception):
    """A cell that cannot be read: (column, error code, message key, values)."""

    def __init__(self, column: str, code: str, key: str, /, **values: object) -> None:
        super().__init__(column, code, key)
        self.column, self.code, self.key, self.values = column, code, key, values


def _cell_text(raw: Any) -> str:
    """A cell as text; a whole number from a spreadsheet without its ".0"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).replace(" ", "")


def _cpv_of(raw: Any) -> str:
    text = _cell_text(raw)
    found = _CPV.match(text) or _CPV_SEVEN.match(text)
    if not found:
        raise _Bad("cpv", "PLAN_INVALID_CPV", "plan.row.cpv_shape", value=repr(raw))
    return found.group(1).zfill(8)


def _value_of(raw: Any) -> Decimal:
    try:
        value = parse_value(raw)
    except AmountError as exc:
        raise _Bad("estimated_value", "PLAN_INVALID_VALUE", "plan.row.value", amount_error=exc) from None
    if value < 0:
        raise _Bad("estimated_value", "PLAN_INVALID_VALUE", "plan.row.value_negative", value=repr(raw))
    return value


def _launch_of(raw: Any) -> date:
    try:
        return parse_date(raw)
    except ValueError:
        raise _Bad("planned_launch", "PLAN_INVALID_DATE", "plan.row.date", value=repr(raw)) from None


def _duration_of(raw: Any) -> int:
    try:
        months = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        months = Decimal(-1)
    if not months.is_finite() or months < 0 or months != months.to_integral_value():
        raise _Bad("duration_months", "PLAN_INVALID_DURATION", "plan.row.duration", value=repr(raw))
    return int(months)


def _flag_of(raw: Any) -> bool:
    flag = str(raw).casefold()
    if flag not in _TRUE | _FALSE:
        raise _Bad("framework", "PLAN_INVALID_FLAG", "plan.row.flag", value=repr(raw))
    return flag in _TRUE


def _known_cpv(cpv_list: CpvList) -> Callable[[Any], str]:
    """The CPV reader: 8 digits (check digit optional) that name a code of ``cpv_list``."""

    def read(raw: Any) -> str:
        code = _cpv_of(raw)
        unknown = cpv_list.problem(code)
        if unknown:  # still PLAN_INVALID_CPV: error codes are public, and an unknown code is as unusable
            raise _Bad("cpv", "PLAN_INVALID_CPV", "plan.row.cpv_unknown", reason=unknown)
        return code

    return read


def _readers(cpv_list: CpvList) -> tuple[tuple[str, bool, Callable[[Any], Any]], ...]:
    """(column, required, reader) in column order."""
    return (
        ("department", True, str),
        ("description", True, str),
        ("cpv", True, _known_cpv(cpv_list)),
        ("estimated_value", True, _value_of),
        ("planned_launch", True, _launch_of),
        ("duration_months", False, _duration_of),
        ("framework", False, _flag_of),
    )


def _cells(
    number: int, row: list[Any], columns: dict[str, int], cpv_list: CpvList
) -> tuple[dict[str, Any], list[RowProblem]]:
    """The values of a row's checked columns and the problems of those that cannot be read. Every cell is
    read, so that a row reports all its problems at once and the buyer fixes it in one go; an empty optional
    cell is None."""
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for name, required, reader in _readers(cpv_list):
        raw = _cell(row, columns, name)
        if raw in (None, ""):
            values[name] = None
            if required:
                problems.append(_problem(number, name, "PLAN_MISSING_VALUE", "plan.row.missing", column=name))
            continue
        try:
            values[name] = reader(raw)
        except _Bad as bad:
            problems.append(_problem(number, bad.column, bad.code, bad.key, **bad.values))
    return values, problems


def _row(number: int, row: list[Any], columns: dict[str, int], cpv_list: CpvList) -> PlannedPurchase | list[RowProblem]:
    """One planned purchase, or every problem of the row (in column order)."""
    values, problems = _cells(number, row, columns, cpv_list)
    if problems:
        return problems
    reference = _cell(row, columns, "id")
    buyer_id = _cell(row, columns, "buyer_id")
    return PlannedPurchase(
        row=number,
        id=str(reference) if reference not in (None, "") else f"row-{number}",
        department=values["department"],
        description=values["description"],
        cpv=values["cpv"],
        estimated_value=values["estimated_value"],
        planned_launch=values["planned_launch"],
        duration_months=values["duration_months"],
        framework=values["framework"],
        buyer_id=str(buyer_id) if buyer_id not in (None, "") else None,
    )


def read_plan(path: Path, cpv_list: CpvList | None = None) -> Plan:
    """All rows of a plan file: the valid planned purchases and the problems of the others. CPV codes are
    checked against ``cpv_list``, by default the configured one (:func:`.cpv.configured_cpv_list`)."""
    try:
        data = read_regular(path)  # a FIFO or device is refused (SOURCE_NOT_REGULAR), never opened to wait
    except OSError as exc:
        raise CatalogedError("SOURCE_NOT_FOUND", f"{path}: {exc.strerror or exc}") from None
    return read_plan_bytes(data, path.name, cpv_list)


def read_plan_bytes(data: bytes, filename: str, cpv_list: CpvList | None = None) -> Plan:
    """A plan file's content; ``filename`` only tells its format by the suffix (.csv, .txt or .xlsx)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return parse_rows(xlsx_rows(data), cpv_list)
    if suffix in (".csv", ".txt"):
        decoded = read_csv_text(data)
        return parse_rows(csv_rows(decoded), cpv_list, decoded.encoding)
    raise CatalogedError("PLAN_UNREADABLE", f"{Path(filename).name}: use a .csv or .xlsx file")


def parse_rows(rows: Iterator[list[Any]], cpv_list: CpvList | None = None, encoding: str = "") -> Plan:
    from .duplicates import exact_key, similar_rows

    cpv_list = cpv_list or configured_cpv_list()
    header = next(rows, None)
    if header is None:
        raise CatalogedError("PLAN_UNREADABLE", "the plan is empty (no header row)")
    columns = _header_map(header)
    items: list[PlannedPurchase] = []
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    seen: dict[tuple[str, ...], int] = {}  # a valid row's cells → its row number
    rejected = 0
    for number, row in enumerate(rows, start=2):
        if all(cell in (None, "") or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue  # blank lines between blocks of a plan are common
        if len(items) + rejected >= MAX_PLAN_ROWS:
            raise CatalogedError(
                "PLAN_UNREADABLE", f"the plan has more than {MAX_PLAN_ROWS:,} rows; split it by department"
            )
        result = _row(number, row, columns, cpv_list)
        if isinstance(result, list):
            problems.extend(result)
            rejected += 1
            continue
        key = exact_key(row)
        if key in seen:
            warnings.append(_problem(number, "", "PLAN_DUPLICATE_ROW", "plan.row.duplicate", earlier=seen[key]))
            continue
        seen[key] = number
        raw_cpv = _cell_text(_cell(row, columns, "cpv"))
        if _CPV_SEVEN.match(raw_cpv):
            warnings.append(
                _problem(number, "cpv", "PLAN_CPV_LEADING_ZERO", "plan.row.cpv_padded", value=raw_cpv, code=result.cpv)
            )
        items.append(result)
    for note in similar_rows(items):
        warnings.append(_problem(note.row, "", note.code, "plan.row.similar", earlier=note.earlier_row))
    warnings.sort(key=lambda warning: warning.row)
    return Plan(tuple(items), tuple(problems), cpv_list.source, tuple(warnings), encoding)
