"""Every TED form has a verdict: forms that publish no procurement procedure (OTH_NOT, EEIG) are counted as out
of scope — in the ingest summary and in stats — not rejected, and a TED package holding them exits 0."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.store import Store
from sppmon.store.stats import store_stats

from .conftest import FIXTURES

F03 = (FIXTURES / "ted" / "f03_eu_institution.xml").read_text(encoding="utf-8")


def _as_form(form: str, doc_id: str) -> bytes:
    text = re.sub(r"<(/?)F03_2014([ >])", rf"<\g<1>{form}\g<2>", F03)
    return re.sub(r'DOC_ID="[^"]+"', f'DOC_ID="{doc_id}"', text, count=1).encode()


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "ted"
    folder.mkdir()
    (folder / "other.xml").write_bytes(_as_form("OTH_NOT", "000111-2023"))
    (folder / "eeig.xml").write_bytes(_as_form("EEIG", "000112-2023"))
    for name in ("f03_eu_institution.xml", "f02_be_bilingual.xml"):
        (folder / name).write_bytes((FIXTURES / "ted" / name).read_bytes())
    return folder


def test_out_of_scope_forms_are_counted_apart_on_both_stores(store: Store, package: Path) -> None:
    report = ingest([str(package)], store, PipelineOptions())
    assert report.counts.stored == 2 and report.counts.rejected == 0 and report.counts.out_of_scope == 2
    assert dict(report.counts.rejected_by_code) == {}
    stats = store_stats(store)
    assert stats.out_of_scope == 2 and stats.rejections == 0 and stats.rejections_by_code == []
    again = ingest([str(package)], store, PipelineOptions())
    assert again.counts.out_of_scope == 2 and not again.counts.changed_anything
    assert store_stats(store).out_of_scope == 2


def test_ingest_extract_and_stats_commands(package: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(package), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "rejected 0 · out of scope 2 ·" in result.output
    stats = json.loads(runner.invoke(main, ["stats", "--db", db, "--format", "json"]).stdout)
    assert stats["out_of_scope"] == 2 and stats["rejections"] == 0
    extracted = runner.invoke(main, ["extract", str(package)])
    assert extracted.exit_code == 0
    assert extracted.stderr.count("out of scope: ") == 2 and "NOTICE_OUT_OF_SCOPE" in extracted.stderr


def test_a_real_rejection_still_exits_1(package: Path, tmp_path: Path) -> None:
    (package / "broken.xml").write_bytes(b"<TED_EXPORT")
    result = CliRunner().invoke(main, ["ingest", str(package), "--db", str(tmp_path / "s.duckdb"), "--no-progress"])
    assert result.exit_code == 1 and "rejected 1" in result.output and "out of scope 2" in result.output
