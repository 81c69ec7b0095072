"""What the outcome estimates read from the store: the energy-efficiency items and the vehicle counts of lot
results, in the latest version of result notices (superseded versions are left out, like the CVD and EED
indicators do), with the notice's year, buyer and country. Portable SQL: DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..store.base import Store


@dataclass(frozen=True, slots=True)
class Filters:
    """Notices kept: any of the years, countries (ISO 3166-1 alpha-3) and buyers (buyer keys) given."""

    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    buyers: tuple[str, ...] = ()

    def sql(self) -> tuple[str, list[Any]]:
        conditions, params = ["n.is_latest", "n.stage = 'result'"], []
        for column, values in (
            ("n.year", self.years),
            ("n.buyer_country", self.countries),
            ("n.buyer_key", self.buyers),
        ):
            if values:
                conditions.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += list(values)
        return " AND ".join(conditions), params

    def as_dict(self) -> dict[str, list[Any]]:
        return {"year": list(self.years), "country": list(self.countries), "buyer": list(self.buyers)}


@dataclass(frozen=True, slots=True)
class Where:
    """The notice and lot a figure rests on (the notice key opens the notice page, the lot its lot)."""

    notice_key: str
    lot_id: str
    year: int | None
    country: str | None
    buyer_key: str | None
    buyer_name: str | None

    def ref(self) -> dict[str, str]:
        return {"notice": self.notice_key, "lot": self.lot_id}


@dataclass(frozen=True, slots=True)
class EedRow:
    where: Where
    result_id: str
    item: str | None
    savings_kwh: float | None
    quantity: float | None


@dataclass(frozen=True, slots=True)
class VehicleRow:
    """The counts of one vehicle category in one lot result (OPT-156 summed per OPT-155 type)."""

    where: Where
    result_id: str
    category: str | None
    vehicles: int | None
    clean: int | None
    zero_emission: int | None
    counts_missing: bool  # a type was given without its number


_NOTICE = "n.year, n.buyer_country, n.buyer_key, n.buyer_name"


def _where(notice_key: str, lot_id: str | None, result_id: str, rest: Sequence[Any]) -> Where:
    year, country, buyer_key, buyer_name = rest
    return Where(notice_key, lot_id or result_id, year, country, buyer_key, buyer_name)


def eed_rows(store: Store, filters: Filters) -> list[EedRow]:
    where, params = filters.sql()
    sql = (
        f"SELECT t.notice_key, t.lot_id, t.result_id, t.item, t.savings_kwh, t.quantity, {_NOTICE} "
        "FROM eed_items t JOIN notices n ON n.notice_key = t.notice_key "
        f"WHERE t.result_id <> '' AND {where} ORDER BY t.notice_key, t.lot_id, t.result_id, t.seq"
    )
    return [
        EedRow(_where(key, lot, result, rest), result, item, _float(savings), _float(quantity))
        for key, lot, result, item, savings, quantity, *rest in store.query(sql, params)
    ]


def vehicle_rows(store: Store, filters: Filters) -> list[VehicleRow]:
    where, params = filters.sql()
    sums = ", ".join(
        f"SUM(CASE WHEN t.vehicle_type = '{kind}' THEN t.count END)"
        for kind in ("vehicles", "vehicles-clean", "vehicles-zero-emission")
    )
    sql = (
        f"SELECT t.notice_key, t.lot_id, t.result_id, t.vehicle_category, {sums}, "
        f"SUM(CASE WHEN t.count IS NULL THEN 1 ELSE 0 END), {_NOTICE} "
        "FROM vehicle_counts t JOIN notices n ON n.notice_key = t.notice_key "
        f"WHERE {where} GROUP BY t.notice_key, t.lot_id, t.result_id, t.vehicle_category, {_NOTICE} "
        "ORDER BY t.notice_key, t.lot_id, t.result_id, t.vehicle_category"
    )
    return [
        VehicleRow(
            _where(key, lot, result, rest), result, category, _int(total), _int(clean), _int(zero), bool(missing)
        )
        for key, lot, result, category, total, clean, zero, missing, *rest in store.query(sql, params)
    ]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
