"""The dashboard's column path of the outcome estimates gives the figures of the row-by-row path: on fixture
notices with many generated items and vehicle counts (every note's case) on both stores, and on generated notices
through the pipeline (the real eForms corpus declares no energy items or vehicle counts); each figure and note
lists the same first lots and counts them all."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest

from sppmon.outcomes.columns import SAMPLE, category_outcomes, load_frames
from sppmon.outcomes.factors import load_outcome_factors
from sppmon.outcomes.report import outcomes
from sppmon.outcomes.rows import Filters
from sppmon.pipeline import ingest
from sppmon.sample import write_sample
from sppmon.store import open_store
from sppmon.store.base import Store

from .conftest import FIXTURES

OUTCOMES = FIXTURES / "outcomes" / "can_outcomes.xml"
CAN = FIXTURES / "eforms" / "can_cvd_eed.xml"
ITEMS = (None, "", "computer", "services", "lighting", "not-a-code")
VEHICLE_CATEGORIES = (None, "", "m1", "m3", "n3", "x9")
AMOUNTS = (None, None, -5.0, 0.0, 1.5, 120.0, 4000.0)
COUNTS = (None, 0, 1, 2, 5, 12)


def assert_same(fast: Any, full: Any, path: str = "") -> None:
    if isinstance(fast, float) or isinstance(full, float):
        assert fast is not None and full is not None, path
        assert math.isclose(fast, full, rel_tol=1e-9, abs_tol=2e-3), (path, fast, full)
    elif isinstance(fast, dict):
        assert fast.keys() == full.keys(), (path, fast.keys() ^ full.keys())
        for key in fast:
            assert_same(fast[key], full[key], f"{path}.{key}")
    elif isinstance(fast, list):
        assert len(fast) == len(full), (path, fast, full)
        for index, (one, other) in enumerate(zip(fast, full, strict=True)):
            assert_same(one, other, f"{path}[{index}]")
    else:
        assert fast == full, (path, fast, full)


def row_path(store: Store, filters: Filters, lang: str) -> dict[str, Any]:
    """The row-by-row record, its lot lists cut to the sample and counted."""
    record = outcomes(store, load_outcome_factors(), filters, ("category",)).as_dict(lang)
    for area in ("energy", "vehicles"):
        for figure in [*record[area]["rows"], record[area]["total"]]:
            figure["lot_count"], figure["lots"] = len(figure["lots"]), figure["lots"][:SAMPLE]
    for note in record["notes"]:
        note["lot_count"], note["lots"] = len(note["lots"]), note["lots"][:SAMPLE]
    return record


def _variants(tmp_path: Path) -> list[str]:
    """The fixture result notices, and copies of one in other countries and years."""
    paths = [str(OUTCOMES), str(CAN)]
    source = OUTCOMES.read_bytes()
    for index, (country, year) in enumerate((("NLD", "2021"), ("LIE", "2023"), ("BEL", "2022"), ("FRA", "2024"))):
        copy = (
            source.replace(
                b"4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d38", f"4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d{index}0".encode()
            )
            .replace(b">BEL<", f">{country}<".encode())
            .replace(b"2023-11-16", f"{year}-11-16".encode())
        )
        path = tmp_path / f"copy{index}.xml"
        path.write_bytes(copy)
        paths.append(str(path))
    return paths


def _generated_rows(store: Store, seed: int) -> None:
    """Items and vehicle counts of every kind on the stored result notices, lots with and without a lot id."""
    rng = random.Random(seed)
    keys = [key for (key,) in store.query("SELECT notice_key FROM notices ORDER BY notice_key")]
    for seq, (kind, count) in enumerate((("vehicles", 2), ("vehicles-clean", 5), ("vehicles-zero-emission", 1))):
        store.execute(  # more clean vehicles than vehicles
            "INSERT INTO vehicle_counts (notice_key, result_id, seq, lot_id, vehicle_category, vehicle_type, count) "
            "VALUES (?, 'RES-F', ?, 'LOT-0009', 'm1', ?, ?)",
            (keys[0], 90 + seq, kind, count),
        )
    for key in keys:
        for seq in range(rng.randint(3, 12)):
            lot = rng.choice(("LOT-0001", "LOT-0002", "LOT-0003", ""))
            store.execute(
                "INSERT INTO eed_items (notice_key, lot_id, result_id, seq, item, savings_kwh, quantity) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, lot, f"RES-G{rng.randint(1, 4)}", 100 + seq, rng.choice(ITEMS), rng.choice(AMOUNTS),
                 rng.choice(AMOUNTS)),
            )  # fmt: skip
        for seq in range(rng.randint(3, 12)):
            lot = rng.choice(("LOT-0001", "LOT-0004", "", None))
            kind = rng.choice(("vehicles", "vehicles-clean", "vehicles-zero-emission"))
            store.execute(
                "INSERT INTO vehicle_counts (notice_key, result_id, seq, lot_id, vehicle_category, vehicle_type, "
                "count) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, f"RES-V{rng.randint(1, 3)}", 100 + seq, lot, rng.choice(VEHICLE_CATEGORIES), kind,
                 rng.choice(COUNTS)),
            )  # fmt: skip


def _filters(store: Store) -> list[Filters]:
    buyers = [key for (key,) in store.query("SELECT DISTINCT buyer_key FROM notices WHERE buyer_key IS NOT NULL")]
    return [
        Filters(),
        Filters(years=(2023,)),
        Filters(years=(2021, 2024)),
        Filters(countries=("BEL",)),
        Filters(countries=("LIE", "NLD")),
        Filters(years=(2023,), countries=("BEL",)),
        Filters(buyers=tuple(sorted(buyers)[:1])),
        Filters(years=(1999,)),  # nothing kept
    ]


def test_the_column_path_gives_the_row_path_figures_on_every_backend(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ingest(_variants(tmp_path), store)
    _generated_rows(store, seed=5)
    frames = load_frames(store)
    assert frames.energy.rows.num_rows > 50 and frames.vehicles.rows.num_rows > 20
    for filters in _filters(store):
        for lang in ("nl", "fr"):
            fast = category_outcomes(frames, load_outcome_factors(), filters, lang)
            assert_same(fast, row_path(store, filters, lang), str(filters))
    unfiltered = category_outcomes(frames, load_outcome_factors(), Filters(), "en")
    assert {note["code"] for note in unfiltered["notes"]} >= {
        "inconsistent", "nothing_declared", "no_category", "no_service_life", "no_country_factor",
        "counts_missing", "unknown_category", "no_clean", "above_total", "clean_below_zero",
    }  # fmt: skip
    assert any(row["lot_count"] > SAMPLE for row in unfiltered["vehicles"]["rows"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_column_path_holds_for_other_generated_rows(tmp_path: Path, seed: int) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store:
        ingest(_variants(tmp_path), store)
        _generated_rows(store, seed)
        frames = load_frames(store)
        for filters in _filters(store):
            assert_same(
                category_outcomes(frames, load_outcome_factors(), filters, "en"), row_path(store, filters, "en")
            )


def test_an_empty_store_has_no_figures(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store:
        fast = category_outcomes(load_frames(store), load_outcome_factors(), Filters(), "nl")
        assert_same(fast, row_path(store, Filters(), "nl"))
        assert fast["energy"]["rows"] == [] and fast["notes"] == []


def test_the_column_path_gives_the_row_path_figures_on_generated_notices(tmp_path: Path) -> None:
    """The generated sample's result notices (real XML through the real pipeline) declare items and vehicles."""
    source = write_sample(tmp_path / "sample", 600, seed=3, layout="dir")
    with open_store(str(tmp_path / "s.duckdb")) as store:
        ingest([str(source)], store)
        frames = load_frames(store)
        assert frames.vehicles.rows.num_rows > 10 and frames.energy.rows.num_rows > 10
        years = [year for (year,) in store.query("SELECT DISTINCT year FROM notices WHERE year IS NOT NULL")]
        countries = [c for (c,) in store.query("SELECT DISTINCT buyer_country FROM notices WHERE buyer_country > ''")]
        filters = [Filters(), *(Filters(years=(year,)) for year in years), Filters(countries=tuple(countries[:2]))]
        for kept in filters:
            assert_same(category_outcomes(frames, load_outcome_factors(), kept, "fr"), row_path(store, kept, "fr"))


def test_the_column_path_compares_columns_with_arrow_scalars_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python value compared with a column makes Arrow infer its type, and the inference imports dateutil
    each time when it is not installed (a failed import is not remembered): 0.1 ms a comparison. The estimates
    compare with typed scalars, so no import is looked for while they are computed."""
    import sys

    looked_for: list[str] = []

    class Spy:
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            looked_for.append(name)

    with open_store(str(tmp_path / "s.duckdb")) as store:
        ingest(_variants(tmp_path), store)
        _generated_rows(store, seed=4)
        frames = load_frames(store)
        category_outcomes(frames, load_outcome_factors(), Filters(), "en")  # every module it needs imported
        monkeypatch.setattr(sys, "meta_path", [Spy(), *sys.meta_path])
        for filters in _filters(store):
            category_outcomes(frames, load_outcome_factors(), filters, "nl")
    assert looked_for == []
