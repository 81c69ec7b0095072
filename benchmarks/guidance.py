"""Benchmarks of the guidance features, called by benchmarks/run.py on the same generated notices.

  * check: `sppmon check` on every notice (read + rules + recommendations + JSON) against parse-only;
  * urgency: ranking a generated plan without a store, and with a store (past uptake + notice matching);
  * lcc: comparing many offers over 15 years.
Ratios are against baselines measured in the same run; nothing is asserted.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sppmon.guide.checker import check_bytes
from sppmon.guide.knowledge import load_knowledge_base
from sppmon.pipeline import ingest
from sppmon.planning.lcc import compare, parse_lcc
from sppmon.planning.plan import Plan, PlannedPurchase
from sppmon.planning.report import build_report
from sppmon.store import open_store
from timing import best_of

_CPVS = ("30213100", "90911200", "34110000", "55520000", "39130000", "09310000", "45210000", "79810000")
_DEPARTMENTS = ("FOD Financiën", "Regie der Gebouwen", "Stad Gent", "Service public de Wallonie", "Ville de Liège")


def _check_all(files: list[Path]) -> None:
    knowledge = load_knowledge_base()
    for path in files:
        json.dumps(check_bytes(path.read_bytes(), knowledge).as_dict("nl"), ensure_ascii=False)


def _plan(size: int) -> Plan:
    chance = random.Random(size)
    items = tuple(
        PlannedPurchase(
            row=index + 2,
            id=f"P-{index}",
            department=chance.choice(_DEPARTMENTS),
            description="planned purchase",
            cpv=chance.choice(_CPVS),
            estimated_value=Decimal(chance.randint(5_000, 20_000_000)),
            planned_launch=date(2024, 1, 1) + timedelta(days=chance.randint(0, 900)),
            duration_months=chance.choice((None, 12, 36, 48)),
            framework=chance.choice((None, True, False)),
            buyer_id=None,
        )
        for index in range(size)
    )
    return Plan(items, ())


def _offers(count: int) -> dict[str, object]:
    chance = random.Random(count)
    return {
        "period_years": 15,
        "discount_rate": 0.03,
        "co2": {"shadow_price": 100},
        "prices": {"electricity": {"price": 0.25, "escalation": 0.02, "emission_factor": 0.15}},
        "offers": [
            {
                "name": f"offer {index}",
                "purchase": chance.uniform(500, 5000),
                "consumption": [{"resource": "electricity", "quantity": chance.uniform(50, 5000)}],
                "maintenance": {"annual": chance.uniform(0, 300), "escalation": 0.02},
                "end_of_life": {"disposal": 50, "residual_value": chance.uniform(0, 200)},
            }
            for index in range(count)
        ],
    }


def guidance_figures(folder: Path, work: Path, parse_seconds: float, plan_size: int = 500) -> dict[str, float]:
    files = sorted(folder.iterdir())
    checked = best_of(2, lambda: _check_all(files))
    database = work / "guidance.duckdb"
    database.unlink(missing_ok=True)
    with open_store(str(database)) as store:
        ingest([str(folder)], store)
    knowledge = load_knowledge_base()
    plan = _plan(plan_size)
    without_store = best_of(3, lambda: build_report(plan, knowledge, date(2024, 1, 1)))

    def with_store() -> None:
        with open_store(str(database), read_only=True) as store:
            build_report(plan, knowledge, date(2024, 1, 1), store)

    stored = best_of(2, with_store)
    offers = _offers(1000)
    lcc = best_of(3, lambda: compare(parse_lcc(offers)))
    print(
        f"check      {len(files):>7,} notices  {checked:6.2f} s = {checked / parse_seconds:4.2f}× parse-only   "
        f"urgency {plan_size} items {without_store:5.2f} s, with store {stored:5.2f} s = "
        f"{stored / without_store:4.1f}×   lcc 1,000 offers × 15 years {lcc:5.3f} s"
    )
    return {
        "check_seconds": round(checked, 3),
        "check_ratio": round(checked / parse_seconds, 2),
        "urgency_items": plan_size,
        "urgency_seconds": round(without_store, 3),
        "urgency_with_store_seconds": round(stored, 3),
        "urgency_store_ratio": round(stored / without_store, 2),
        "lcc_1000_offers_seconds": round(lcc, 4),
    }
