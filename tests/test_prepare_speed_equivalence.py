"""Batch preparation builds its Arrow tables through struct arrays (``columnar.build_block``) and computes each
organisation's key once per notice: the tables must stay those of the column-by-column conversion
(``columnar.arrow_table``) of the rows :func:`notice_rows` gives, and the keys those of ``organisation_key``."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict

from sppmon.detect.detector import detect_notice
from sppmon.model import Organisation, Text, Winner
from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator
from sppmon.store import StoredNotice
from sppmon.store.base import prepare
from sppmon.store.columnar import Row, arrow_table, as_read
from sppmon.store.rows import notice_rows
from sppmon.store.schema import NOTICE_TABLES, TABLES_BY_NAME


def _stored(data: bytes, source: str) -> StoredNotice:
    notice = read_notice(data)
    return StoredNotice(notice, source, hashlib.sha256(data).hexdigest(), detect_notice(notice))


def test_prepared_tables_equal_the_column_by_column_conversion_of_the_notice_rows() -> None:
    items = [_stored(xml, name) for name, xml in SampleGenerator(11).notices(80)]
    rows: dict[str, list[Row]] = defaultdict(list)
    for item in items:
        for name, table_rows in notice_rows(item).items():
            rows[name].extend(table_rows)
    (block,) = prepare(items).blocks
    assert list(block) == [name for name, table_rows in rows.items() if table_rows]
    assert len(block) > len(NOTICE_TABLES) // 2  # the sample fills most tables
    for name, table in block.items():
        expected = arrow_table(as_read(TABLES_BY_NAME[name]), rows[name])
        assert table.schema.equals(expected.schema, check_metadata=True), name
        assert table.equals(expected), name


def test_a_repeated_organisation_id_keys_the_buyer_by_its_first_and_the_winner_by_its_last_organisation() -> None:
    name, xml = next(SampleGenerator(12).notices(1))
    item = _stored(xml, name)
    lead = item.notice.buyers[0].org_id
    assert lead is not None
    first = Organisation(lead, (Text(None, "First buyer"),), country="BEL")
    last = Organisation(lead, (Text(None, "Last buyer"),), country="NLD")
    others = tuple(org for org in item.notice.organisations if org.org_id != lead)
    notice = dataclasses.replace(
        item.notice, organisations=(first, *others, last), winners=(Winner("LOT-0001", None, lead, None, None),)
    )
    rows = notice_rows(dataclasses.replace(item, notice=notice))
    (notice_row,) = rows["notices"]
    assert notice_row[TABLES_BY_NAME["notices"].column_names.index("buyer_key")] == "BEL:name:first buyer"
    (winner_row,) = rows["winners"]
    assert winner_row[TABLES_BY_NAME["winners"].column_names.index("org_key")] == "NLD:name:last buyer"
    keys = [row[2] for row in rows["organisations"] if row[1] == lead]
    assert keys == ["BEL:name:first buyer", "NLD:name:last buyer"]
