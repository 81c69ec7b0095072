"""Row blocks: the rows of many notices as one Arrow table per store table.

Readers' rows are turned into Arrow where they are produced (in worker processes when ingest runs in
parallel): Arrow tables cross process boundaries far cheaper than Python objects, and every backend loads
them in bulk (DuckDB directly, PostgreSQL through COPY).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from .schema import NOTICE_TABLES, NOTICES, Table

Row = tuple[Any, ...]
Block = dict[str, Any]  # table name → pyarrow.Table

# pyarrow is imported by the functions that build or filter blocks, not with this module: modules that only
# name the store (and the command line's help) would otherwise pay a fifth of a second and 40 MB for it.


@functools.cache
def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {
        "TEXT": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "BOOLEAN": pa.bool_(),
        "DECIMAL(24,4)": pa.decimal128(24, 4),
    }


@functools.cache
def arrow_schema(table: Table) -> Any:
    import pyarrow as pa

    types = _arrow_types()
    return pa.schema([pa.field(column.name, types[column.type]) for column in table.columns])


def arrow_table(table: Table, rows: Sequence[Row]) -> Any:
    import pyarrow as pa

    schema = arrow_schema(table)
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in table.columns]
    return pa.Table.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)], schema=schema
    )


@functools.cache
def as_read(table: Table) -> Table:
    """``table`` as readers fill it: a child table of a notice without its last column, ``batch_id``, which
    :func:`stamp` adds when the batch is written."""
    if table is NOTICES or table not in NOTICE_TABLES:
        return table
    assert table.columns[-1].name == "batch_id", table.name
    return replace(table, columns=table.columns[:-1])


@functools.cache
def _read_row_types() -> dict[str, Any]:
    """Per notice table, the Arrow struct of one row as readers fill it (looked up by name: hashing a
    :class:`Table` for a cache costs more than the lookup)."""
    import pyarrow as pa

    return {table.name: pa.struct(arrow_schema(as_read(table))) for table in NOTICE_TABLES}


def build_block(rows_by_table: dict[str, list[Row]]) -> Block:
    """One Arrow table per table with rows (tuples in column order; tables without rows are left out).

    Arrow converts the row tuples into a struct array and splits it into columns itself: cheaper than
    transposing the rows in Python and converting column by column (:func:`arrow_table`), with the same result.
    """
    import pyarrow as pa

    types = _read_row_types()
    return {
        name: pa.Table.from_struct_array(pa.array(rows, type=types[name]))
        for name, rows in rows_by_table.items()
        if rows
    }


def concat_blocks(blocks: Iterable[Block]) -> Block:
    import pyarrow as pa

    parts: dict[str, list[Any]] = {}
    for block in blocks:
        for name, table in block.items():
            parts.setdefault(name, []).append(table)
    return {name: tables[0] if len(tables) == 1 else pa.concat_tables(tables) for name, tables in parts.items()}


def keep_notices(block: Block, keys: set[str]) -> Block:
    """Only the rows of the notices whose key is in ``keys``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(sorted(keys), type=pa.string())
    kept: Block = {}
    for name, table in block.items():
        filtered = table.filter(pc.is_in(table.column("notice_key"), value_set=value_set))
        if filtered.num_rows:
            kept[name] = filtered
    return kept


def stamp(block: Block, batch_id: int, now: datetime) -> Block:
    """Fill in the batch and time of loading on the notices rows, and add the batch to every child row."""
    import pyarrow as pa

    stamped: Block = {}
    for name, table in block.items():
        batch = pa.array([batch_id] * table.num_rows, type=pa.int64())
        if name != NOTICES.name:
            stamped[name] = table.append_column("batch_id", batch)
            continue
        at = pa.array([now] * table.num_rows, type=pa.timestamp("us"))
        with_batch = table.set_column(table.schema.get_field_index("batch_id"), "batch_id", batch)
        stamped[name] = with_batch.set_column(table.schema.get_field_index("ingested_at"), "ingested_at", at)
    return stamped


def ordered(block: Block) -> list[tuple[str, Any]]:
    """Tables in load order (parents first)."""
    return [(table.name, block[table.name]) for table in NOTICE_TABLES if table.name in block]
