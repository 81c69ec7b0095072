"""Reading a multi-year purchase plan (CSV or XLSX) into checked planned purchases.

One row per planned purchase. Column names are matched case- and accent-insensitively, in English, Dutch or
French (see :data:`COLUMNS`); the template ``sppmon plan template`` writes is the reference. A bad row never
stops the others: each of its problems becomes a :class:`RowProblem` with its row number, column and a
stable error code (a row with a bad duration and a bad framework flag reports both). CPV codes are checked
against the CPV list as far as it is known offline (see :mod:`.cpv`).
Values: euro amounts may use a decimal comma ("1 250 000,50") or point; dates are YYYY-MM-DD, DD/MM/YYYY,
DD-MM-YYYY or DD.MM.YYYY (or spreadsheet dates).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import CatalogedError
from .cpv import CpvList, configured_cpv_list


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
    Column("duration_months", False, ("duration", "looptijd", "duree", "duree_mois"), "Contract duration in months."),
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
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MAX_PLAN_ROWS = 50_000  # a federal multi-year plan has hundreds of rows; far more is a wrong file
MAX_XLSX_UNPACKED = 200 * 1024 * 1024


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
    row: int
    column: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Plan:
    items: tuple[PlannedPurchase, ...]
    problems: tuple[RowProblem, ...]  # every problem of every rejected row, in file order
    cpv_checked_against: str = ""  # what the CPV codes were checked against (see :mod:`.cpv`)

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
    """A euro amount: numbers pass; text may use a decimal comma or point, spaces or points as thousands."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Decimal(str(text))
    raw = str(text).replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "").strip()
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")
    elif raw.count(",") > 1 or raw.count(".") > 1:
        raw = raw.replace(",", "").replace(".", "")
    return Decimal(raw)


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
    """A cell that cannot be read: (column, error code, message)."""


def _cpv_of(raw: Any) -> str:
    found = _CPV.match(str(raw).replace(" ", ""))
    if not found:
        raise _Bad("cpv", "PLAN_INVALID_CPV", f"{raw!r} is not a CPV code like 30213100-6")
    return found.group(1)


def _value_of(raw: Any) -> Decimal:
    try:
        value = parse_value(raw)
    except (InvalidOperation, ValueError):
        raise _Bad("estimated_value", "PLAN_INVALID_VALUE", f"{raw!r} is not an amount") from None
    if not value.is_finite() or value < 0:
        raise _Bad("estimated_value", "PLAN_INVALID_VALUE", f"{raw!r} is negative or not finite")
    return value


def _launch_of(raw: Any) -> date:
    try:
        return parse_date(raw)
    except ValueError:
        raise _Bad("planned_launch", "PLAN_INVALID_DATE", f"{raw!r} is not a date (YYYY-MM-DD)") from None


def _duration_of(raw: Any) -> int:
    try:
        months = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        months = Decimal(-1)
    if not months.is_finite() or months < 0 or months != months.to_integral_value():
        raise _Bad("duration_months", "PLAN_INVALID_DURATION", f"{raw!r} is not whole months ≥ 0")
    return int(months)


def _flag_of(raw: Any) -> bool:
    flag = str(raw).casefold()
    if flag not in _TRUE | _FALSE:
        raise _Bad("framework", "PLAN_INVALID_FLAG", f"{raw!r} is not yes or no")
    return flag in _TRUE


def _known_cpv(cpv_list: CpvList) -> Callable[[Any], str]:
    """The CPV reader: 8 digits (check digit optional) that name a code of ``cpv_list``."""

    def read(raw: Any) -> str:
        code = _cpv_of(raw)
        unknown = cpv_list.problem(code)
        if unknown:  # still PLAN_INVALID_CPV: error codes are public, and an unknown code is as unusable
            raise _Bad("cpv", "PLAN_INVALID_CPV", unknown)
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
                problems.append(RowProblem(number, name, "PLAN_MISSING_VALUE", f"{name} is empty"))
            continue
        try:
            values[name] = reader(raw)
        except _Bad as bad:
            problems.append(RowProblem(number, *bad.args))
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


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogedError("PLAN_UNREADABLE", "the CSV file is not UTF-8 text") from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)  # spreadsheets in BE/FR/NL save CSV with ';'
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _check_workbook_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_XLSX_UNPACKED` (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CatalogedError("PLAN_UNREADABLE", f"not a readable .xlsx workbook ({exc})") from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise CatalogedError(
            "PLAN_UNREADABLE", f"the workbook unpacks to {unpacked:,} bytes, more than {MAX_XLSX_UNPACKED:,}"
        )


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    _check_workbook_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogedError("PLAN_UNREADABLE", f"not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook["plan"] if "plan" in workbook.sheetnames else workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:  # read-only sheets parse lazily
        raise CatalogedError("PLAN_UNREADABLE", f"the workbook's sheet cannot be read ({exc})") from None
    finally:
        workbook.close()


def read_plan(path: Path, cpv_list: CpvList | None = None) -> Plan:
    """All rows of a plan file: the valid planned purchases and the problems of the others. CPV codes are
    checked against ``cpv_list``, by default the configured one (:func:`.cpv.configured_cpv_list`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogedError("SOURCE_NOT_FOUND", f"{path}: {exc.strerror or exc}") from None
    return read_plan_bytes(data, path.name, cpv_list)


def read_plan_bytes(data: bytes, filename: str, cpv_list: CpvList | None = None) -> Plan:
    """A plan file's content; ``filename`` only tells its format by the suffix (.csv, .txt or .xlsx)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(data)
    else:
        raise CatalogedError("PLAN_UNREADABLE", f"{Path(filename).name}: use a .csv or .xlsx file")
    return parse_rows(rows, cpv_list)


def parse_rows(rows: Iterator[list[Any]], cpv_list: CpvList | None = None) -> Plan:
    cpv_list = cpv_list or configured_cpv_list()
    header = next(rows, None)
    if header is None:
        raise CatalogedError("PLAN_UNREADABLE", "the plan is empty (no header row)")
    columns = _header_map(header)
    items: list[PlannedPurchase] = []
    problems: list[RowProblem] = []
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
        else:
            items.append(result)
    return Plan(tuple(items), tuple(problems), cpv_list.source)
