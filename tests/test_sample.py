"""The sample generator: valid against the eForms XSD, deterministic, realistic in shape."""

from __future__ import annotations

import tarfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator, write_sample
from sppmon.semantics import green_status

from .conftest import SHARED


@pytest.mark.shared
def test_generated_notices_are_valid_against_the_eforms_xsd() -> None:
    folder = SHARED / "eforms-sdk" / "schemas" / "maindoc"
    schemas = {
        "ContractNotice": etree.XMLSchema(etree.parse(str(folder / "UBL-ContractNotice-2.3.xsd"))),
        "ContractAwardNotice": etree.XMLSchema(etree.parse(str(folder / "UBL-ContractAwardNotice-2.3.xsd"))),
    }
    kinds: Counter[str] = Counter()
    for name, data in SampleGenerator(11).notices(600):
        document = etree.fromstring(data)
        root = etree.QName(document).localname
        schema = schemas[root]
        assert schema.validate(document), f"{name}: {schema.error_log.last_error}"
        kinds[root] += 1
    assert kinds["ContractNotice"] and kinds["ContractAwardNotice"]


def test_same_seed_same_notices() -> None:
    first = list(SampleGenerator(5).notices(50))
    assert first == list(SampleGenerator(5).notices(50))
    assert first != list(SampleGenerator(6).notices(50))


def test_shares_are_plausible() -> None:
    notices = [read_notice(data) for _, data in SampleGenerator(3).notices(1500)]
    lots = [lot for notice in notices if notice.form_type == "competition" for lot in notice.lots]
    statuses = Counter(green_status(lot) for lot in lots)
    assert 0.08 < statuses["yes"] / len(lots) < 0.35
    assert statuses["none"] and statuses["not-reported"]
    assert any(n.changed_notice for n in notices)
    assert any(v for n in notices for r in n.lot_results for v in r.vehicles)
    assert any(
        n.organisation(b.org_id) and n.organisation(b.org_id).country == "BEL"  # type: ignore[union-attr]
        for n in notices
        for b in n.buyers
    )
    assert Counter(n.form_type for n in notices)["result"] > 300


def test_nested_layout_holds_daily_packages_in_monthly_packages(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "sample.tar", 200, seed=1, layout="nested")
    with tarfile.open(path) as archive:
        names = archive.getnames()
    assert names and all(name.endswith("_monthly.tar.gz") for name in names)


def test_nested_layout_holds_every_notice_once_and_is_deterministic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sppmon.sample.package import _DaySpool
    from sppmon.sources.files import iter_items

    # several flushes, so that records appended to a day's spool file are read back too
    monkeypatch.setattr(_DaySpool, "FLUSH_BYTES", 100_000)
    first = write_sample(tmp_path / "a" / "sample.tar", 300, seed=4, layout="nested")
    second = write_sample(tmp_path / "b" / "sample.tar", 300, seed=4, layout="nested")
    assert first.read_bytes() == second.read_bytes()
    nested = sorted(item.load().data or b"" for item in iter_items([str(first)]))
    flat = sorted(data for _, data in SampleGenerator(4).notices(300))
    assert nested == flat
