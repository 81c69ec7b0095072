"""A small sample store for the web tests (built once per test process) and the URLs of every page."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from sppmon.indicators import REGISTRY
from sppmon.pipeline import ingest
from sppmon.sample import write_sample
from sppmon.store import open_store

SAMPLE_NOTICES = 400
_BUILT: dict[str, Path] = {}


def sample_store(folder: Path) -> Path:
    """A copy of the sample store (ingested once per process) at ``folder/web.duckdb``."""
    if "path" not in _BUILT:
        base = folder.parent / "web-sample-base"
        base.mkdir(exist_ok=True)
        source = write_sample(base / "sample", SAMPLE_NOTICES, seed=7, layout="dir")
        target = base / "base.duckdb"
        with open_store(str(target)) as store:
            ingest([str(source)], store)
        _BUILT["path"] = target
    copy = folder / "web.duckdb"
    shutil.copy(_BUILT["path"], copy)
    return copy


def some_keys(path: Path) -> dict[str, str]:
    """A notice with a superseded version, a buyer, a product group with lots, from the sample store."""
    with open_store(str(path), read_only=True) as store:
        notice = store.query("SELECT notice_key FROM notices WHERE NOT is_latest ORDER BY notice_key LIMIT 1")
        latest = store.query("SELECT notice_key FROM procedure_lots ORDER BY notice_key LIMIT 1")[0][0]
        buyer = store.query("SELECT buyer_key FROM procedure_lots GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")[0][0]
        group = store.query(
            "SELECT product_group FROM procedure_lots WHERE product_group IS NOT NULL "
            "GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
        )[0][0]
    return {
        "superseded": notice[0][0] if notice else latest,
        "notice": latest,
        "buyer": buyer,
        "group": group,
    }


def page_urls(keys: dict[str, str]) -> list[str]:
    buyer = quote(keys["buyer"], safe="")
    return [
        "/",
        "/?year=2024&indicator=social",
        f"/?buyer={buyer}&product_group={keys['group']}",
        "/indicators",
        *[f"/indicators/{code}" for code in REGISTRY],
        "/indicators/green?by=buyer",
        "/indicators/green?by=year&variant=detected",
        "/buyers",
        f"/buyers/{buyer}",
        "/product-groups",
        f"/product-groups/{keys['group']}",
        "/lots",
        "/lots?fact=green&status=not-reported&year=2024&offset=50",
        f"/notices/{keys['notice']}",
        f"/notices/{keys['superseded']}",
        "/quality",
        "/eu-benchmark",
        "/eu-benchmark?year=2024",
        "/usage",
        "/usage?period=month&source=app",
        "/admin",
        "/reports",
        "/guide",
        "/guide?q=30213100-6",
        "/guide?q=schoonmaak",
        "/guide/computers?since=2024",
        "/check",
        "/plan",
        "/lcc",
        "/lcc?example=vans",
        "/api",
    ]
