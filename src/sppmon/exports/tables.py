"""Every store table as Parquet or CSV files, partitioned by the year of the notice, for Spark/Trino/DuckDB.

Layout (Hive-style partitions, one folder per table)::

    DIR/manifest.json
    DIR/notices/notice_year=2024/part-0.parquet
    DIR/lots/notice_year=2024/part-0.parquet
    DIR/lots/notice_year=__HIVE_DEFAULT_PARTITION__/part-0.parquet     (notices without a year)
    DIR/rejections/part-0.parquet                                      (tables that are not notice rows)

The partition column is ``notice_year`` (not ``year``, which the notices table already has). Rows are streamed
from the store table by table and year; the export is built beside DIR and swapped into place at the end, so
DIR holds a complete export or the previous one, never a mixture. CSV cells are formula-safe. DIR is replaced
only when it is new, empty or a previous export (``exports.target``): never a folder of other files, never the
store's own folder.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..outputs.atomic import atomic_text_file, honour_umask, make_folders
from ..outputs.safe import write_csv
from ..store import Store
from ..store.columnar import arrow_schema, arrow_table
from ..store.schema import ALL_TABLES, NOTICE_TABLES, NOTICES, PAGE_VIEWS, SCHEMA_VERSION, Table
from .target import MANIFEST, check_export_target, write_marker

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Hive's (and Spark's) name for a NULL partition value
PARTITION_COLUMN = "notice_year"
FORMATS = ("parquet", "csv")

# The web app's usage tables stay out: visitor hashes with the current salt could be linked back to an address
# and browser by whoever holds the export (docs/usage.md); `sppmon usage` reports on them instead.
EXPORTED_TABLES: tuple[Table, ...] = tuple(table for table in ALL_TABLES if table is not PAGE_VIEWS)


@dataclass
class ExportReport:
    directory: Path
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _partitions(store: Store, table: Table) -> Iterator[tuple[str | None, str, tuple[Any, ...]]]:
    """(partition folder, SQL, parameters) for each part of ``table``."""
    columns = ", ".join(f"t.{name}" for name in table.column_names)
    if table not in NOTICE_TABLES:
        yield None, f"SELECT {columns} FROM {table.name} t", ()
        return
    source = (
        f"FROM {table.name} t"
        if table is NOTICES
        else f"FROM {table.name} t JOIN notices n ON n.notice_key = t.notice_key"
    )
    year = "t.year" if table is NOTICES else "n.year"
    for (value,) in store.query("SELECT DISTINCT year FROM notices ORDER BY year"):
        if value is None:
            yield f"{PARTITION_COLUMN}={NULL_PARTITION}", f"SELECT {columns} {source} WHERE {year} IS NULL", ()
        else:
            folder = f"{PARTITION_COLUMN}={int(value)}"
            yield folder, f"SELECT {columns} {source} WHERE {year} = ? ORDER BY t.notice_key", (int(value),)


def _write_parquet(store: Store, table: Table, sql: str, params: tuple[Any, ...], path: Path) -> int:
    written = 0
    writer: Any = None
    try:
        for rows in store.iter_rows(sql, params):
            if writer is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(str(path), arrow_schema(table), compression="zstd")
            writer.write_table(arrow_table(table, rows))
            written += len(rows)
    finally:
        if writer is not None:
            writer.close()
    return written


def _write_csv(store: Store, table: Table, sql: str, params: tuple[Any, ...], path: Path) -> int:
    chunks = store.iter_rows(sql, params)
    first = next(chunks, None)
    if first is None:
        return 0

    def rows() -> Iterator[tuple[Any, ...]]:
        yield from first
        for chunk in chunks:
            yield from chunk

    with atomic_text_file(path) as handle:
        return write_csv(handle, table.column_names, rows())


def export_tables(store: Store, directory: Path, kind: str) -> ExportReport:
    """Write every exported table of ``store`` under ``directory`` as ``kind`` (parquet or csv)."""
    if kind not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    directory = Path(os.path.abspath(directory))
    check_export_target(directory, getattr(store, "path", None))
    make_folders(directory.parent)
    building = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    honour_umask(building, folder=True)
    report = ExportReport(directory)
    manifest: dict[str, Any] = {
        "format": kind,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "partition_column": PARTITION_COLUMN,
        "tables": {},
    }
    write = _write_parquet if kind == "parquet" else _write_csv
    try:
        for table in EXPORTED_TABLES:
            files, total = [], 0
            for folder, sql, params in _partitions(store, table):
                relative = Path(table.name, *(p for p in (folder,) if p), f"part-0.{kind}")
                count = write(store, table, sql, params, building / relative)
                if count:
                    files.append(relative.as_posix())
                    total += count
            manifest["tables"][table.name] = {
                "rows": total,
                "files": files,
                "columns": [[c.name, c.type] for c in table.columns],
                "partitioned": table in NOTICE_TABLES,
            }
            report.rows[table.name] = total
            report.files += len(files)
        with atomic_text_file(building / MANIFEST) as handle:
            json.dump(manifest, handle, indent=2)
            handle.write("\n")
        write_marker(building, kind)
        _swap_into_place(building, directory)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return report


def _swap_into_place(building: Path, directory: Path) -> None:
    """Replace ``directory`` by ``building`` with renames only (the old export is removed afterwards)."""
    if not directory.exists():
        os.replace(building, directory)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
    os.replace(directory, retired / directory.name)
    os.replace(building, directory)
    shutil.rmtree(retired, ignore_errors=True)
