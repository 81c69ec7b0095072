"""The rows of a purchase-plan file: CSV in the encodings spreadsheets save it in, or an .xlsx workbook.

Each step is one function, so that limits (bytes, rows, cells, characters) can be added where they belong:

- :func:`decode_csv` — the text of a CSV file and the encoding it was read in: UTF-8 (with or without
  byte-order mark), UTF-16 (what Excel's "Unicode text" writes: a byte-order mark, or NUL bytes between ASCII
  characters), else Windows-1252 (what Excel writes for "CSV" on Belgian, French and Dutch Windows).
- :func:`csv_rows` — the cells of the decoded text; the delimiter is the most frequent of ``;``, ``,`` and tab
  in the header line.
- :func:`xlsx_rows` — the cells of the sheet named "plan", else the first sheet, after checking that the
  workbook does not unpack to more than :data:`MAX_XLSX_UNPACKED` bytes and that its shared-string table (which
  the spreadsheet library holds in memory whole) is neither larger than :data:`MAX_SHARED_STRINGS_BYTES` nor
  holds more than :data:`MAX_SHARED_STRINGS` strings: a few hundred kilobytes can otherwise unpack to millions.

Caps (a real plan has hundreds of rows of a dozen cells): :data:`MAX_CSV_BYTES` of CSV, :data:`MAX_CELLS`
cells in a row, :data:`MAX_CELL_CHARS` characters in a cell; rows are capped by the plan reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import CatalogedError

MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_SHARED_STRINGS = 1_000_000  # 50,000 rows × 20 distinct texts
MAX_CSV_BYTES = 32 * 1024 * 1024
MAX_CELLS = 200
MAX_LINES = 100_000  # lines read, blank ones included (the plan reader caps the purchases at 50,000)
MAX_CELL_CHARS = 32_768  # what a spreadsheet cell holds at most
DELIMITERS = (";", ",", "\t")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


@dataclass(frozen=True, slots=True)
class CsvText:
    text: str
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"
    delimiter: str


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, name of the encoding it was read in)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16"), "UTF-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:  # UTF-16 without a byte-order mark
        return _utf16(data, "utf-16-le" if sample[1] == 0 else "utf-16-be"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:  # five byte values are unassigned in Windows-1252
        raise CatalogedError(
            "PLAN_UNREADABLE",
            f"the CSV file is neither UTF-8, UTF-16 nor Windows-1252 text (byte {exc.start}); save it as UTF-8 CSV",
        ) from None


def _utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise CatalogedError("PLAN_UNREADABLE", f"the file is not valid UTF-16 text (byte {exc.start})") from None


def read_csv_text(data: bytes) -> CsvText:
    if len(data) > MAX_CSV_BYTES:
        raise CatalogedError("PLAN_TOO_LARGE", f"the CSV file has {len(data):,} bytes, more than {MAX_CSV_BYTES:,}")
    text, encoding = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)  # spreadsheets in BE/FR/NL save CSV with ';'
    return CsvText(text, encoding, delimiter)


def csv_rows(decoded: CsvText) -> Iterator[list[Any]]:
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter)
    try:
        for row in reader:
            yield capped_row(row, reader.line_num)
    except csv.Error as exc:  # a cell longer than the csv module's own field limit
        raise CatalogedError("PLAN_TOO_LARGE", f"line {reader.line_num}: {exc}") from None


def capped_row(row: list[Any], number: int) -> list[Any]:
    """``row`` unchanged, or ``PLAN_TOO_LARGE`` for too many cells or a cell longer than a spreadsheet's."""
    if number > MAX_LINES:
        raise CatalogedError("PLAN_TOO_LARGE", f"the plan has more than {MAX_LINES:,} lines")
    if len(row) > MAX_CELLS:
        raise CatalogedError("PLAN_TOO_LARGE", f"row {number} has {len(row):,} cells, more than {MAX_CELLS}")
    for cell in row:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise CatalogedError("PLAN_TOO_LARGE", f"row {number} has a cell of {len(cell):,} characters")
    return row


def check_workbook_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_XLSX_UNPACKED` (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_XLSX_UNPACKED:
                raise CatalogedError(
                    "PLAN_TOO_LARGE", f"the workbook unpacks to {unpacked:,} bytes, more than {MAX_XLSX_UNPACKED:,}"
                )
            _check_shared_strings(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CatalogedError("PLAN_UNREADABLE", f"not a readable .xlsx workbook ({exc})") from None


def _check_shared_strings(archive: zipfile.ZipFile) -> None:
    """Count the shared strings in one streaming pass (C regex over chunks) before any parser builds them."""
    for member in archive.infolist():
        if not member.filename.lower().endswith("sharedstrings.xml"):
            continue
        if member.file_size > MAX_SHARED_STRINGS_BYTES:
            raise CatalogedError("PLAN_TOO_LARGE", f"the shared strings unpack to {member.file_size:,} bytes")
        count, tail = 0, b""
        with archive.open(member) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                count += len(_SHARED_STRING.findall(window)) - len(_SHARED_STRING.findall(tail))
                tail = window[-32:]
                if count > MAX_SHARED_STRINGS:
                    raise CatalogedError(
                        "PLAN_TOO_LARGE", f"the workbook holds more than {MAX_SHARED_STRINGS:,} shared strings"
                    )


def xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    check_workbook_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogedError("PLAN_UNREADABLE", f"not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook["plan"] if "plan" in workbook.sheetnames else workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield capped_row(list(values), number)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:  # read-only sheets parse lazily
        raise CatalogedError("PLAN_UNREADABLE", f"the workbook's sheet cannot be read ({exc})") from None
    finally:
        workbook.close()
