"""The outcome estimates per category, computed on whole columns: the dashboard's path.

``sppmon outcomes`` and ``/api/outcomes`` estimate row by row (:mod:`.estimate`) and list every lot a figure rests
on. The dashboard shows, per category, the same figures with the number of lots and the first few of them; row by
row that costs about a second per new filter on a store of a million lots. Here the rows of the whole store are
read once per store version into two Arrow tables (:func:`load_frames`), and a filter is a column mask, a few
group-bys, and the factors applied once per group (item category, country and year for energy; vehicle category
for vehicles). The estimates are linear in the summed quantities, so this is the same arithmetic in another
order; ``tests/test_outcome_columns.py`` holds both paths equal on generated and on real notices.

A lot is numbered by its first appearance in the rows ordered as the row-by-row path orders them, so "the first
lots" of a figure or a note are the same lots on both paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..store.base import Store
from .estimate import NOTE_ORDER, SUMS, Used, co2_factor, service_life, shown_sums, vehicle_savings
from .factors import ELECTRICITY, OutcomeFactors
from .report import factors_record, method_texts, text
from .rows import Filters

if TYPE_CHECKING:
    import pyarrow as pa

SAMPLE = 5  # lots listed per figure and note; the others are counted
_LOT = "COALESCE(NULLIF(t.lot_id, ''), t.result_id, '')"  # a result without a lot stands for its lot
_LATEST_RESULTS = "JOIN notices n ON n.notice_key = t.notice_key WHERE n.is_latest AND n.stage = 'result'"
ENERGY_SQL = (
    f"SELECT t.notice_key, {_LOT} AS lot, t.item, CAST(t.savings_kwh AS DOUBLE PRECISION) AS savings, "
    "CAST(t.quantity AS DOUBLE PRECISION) AS quantity, n.year, n.buyer_country AS country, n.buyer_key AS buyer "
    f"FROM eed_items t {_LATEST_RESULTS} AND t.result_id <> '' ORDER BY t.notice_key, t.lot_id, t.result_id, t.seq"
)
VEHICLES_SQL = (
    f"SELECT t.notice_key, {_LOT} AS lot, t.vehicle_category AS category, "
    "SUM(CASE WHEN t.vehicle_type = 'vehicles' THEN t.count END) AS total, "
    "SUM(CASE WHEN t.vehicle_type = 'vehicles-clean' THEN t.count END) AS clean, "
    "SUM(CASE WHEN t.vehicle_type = 'vehicles-zero-emission' THEN t.count END) AS zero, "
    "SUM(CASE WHEN t.count IS NULL THEN 1 ELSE 0 END) AS missing, "
    "n.year, n.buyer_country AS country, n.buyer_key AS buyer "
    f"FROM vehicle_counts t {_LATEST_RESULTS} "
    "GROUP BY t.notice_key, t.lot_id, t.result_id, t.vehicle_category, n.year, n.buyer_country, n.buyer_key "
    "ORDER BY t.notice_key, t.lot_id, t.result_id, t.vehicle_category"
)


def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    notice = [("notice_key", pa.string()), ("lot", pa.string())]
    where = [("year", pa.int64()), ("country", pa.string()), ("buyer", pa.string())]
    energy = [("item", pa.string()), ("savings", pa.float64()), ("quantity", pa.float64())]
    counts = [(name, pa.int64()) for name in ("total", "clean", "zero", "missing")]
    return {
        "energy": pa.schema([*notice, *energy, *where]),
        "vehicles": pa.schema([*notice, ("category", pa.string()), *counts, *where]),
    }


@dataclass(frozen=True, slots=True)
class Frame:
    """The rows of one area with each lot's number (``lot_no``) and the lots' (notice key, lot) by number."""

    rows: pa.Table
    lots: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, table: pa.Table) -> Frame:
        import pyarrow.compute as pc

        keys = pc.binary_join_element_wise(table["notice_key"], table["lot"], "\x1f")
        unique = pc.unique(keys)  # in order of first appearance
        numbered = table.drop_columns(["notice_key", "lot"]).append_column("lot_no", pc.index_in(keys, unique))
        lots = tuple((notice, lot) for notice, lot in (key.split("\x1f", 1) for key in unique.to_pylist()))
        return cls(numbered, lots)

    def refs(self, numbers: Iterable[int]) -> list[dict[str, str]]:
        return [{"notice": self.lots[number][0], "lot": self.lots[number][1]} for number in numbers]


@dataclass(frozen=True, slots=True)
class Frames:
    energy: Frame
    vehicles: Frame


def load_frames(store: Store) -> Frames:
    """Every energy item and vehicle count of the latest result notices, read once (per store version)."""
    schemas = _schemas()
    return Frames(
        Frame.of(store.arrow(ENERGY_SQL, schemas["energy"])),
        Frame.of(store.arrow(VEHICLES_SQL, schemas["vehicles"])),
    )


class _Estimate:
    """The figures per category of one area, their total and the area's notes. A figure's or a note's lots are
    the distinct lot numbers of its rows in row order: their first appearance orders them as the row path does."""

    def __init__(self, area: str, frame: Frame) -> None:
        self.area, self.frame = area, frame
        self.sums: dict[str | None, dict[str, float]] = {}
        self.total = dict.fromkeys(SUMS[area], 0.0)
        self.notes: dict[str, dict[str, Any]] = {}
        self.counted: pa.Table | None = None  # the rows the figures count, with their ``category``

    def count(self, category: str | None, values: dict[str, float]) -> None:
        sums = self.sums.setdefault(category, dict.fromkeys(SUMS[self.area], 0.0))
        for name, value in values.items():
            sums[name] += value
            self.total[name] += value

    def note(self, code: str, rows: pa.Table) -> None:
        if rows.num_rows:
            lots, count = self.lots(rows)
            self.notes[code] = {"rows": rows.num_rows, "lots": lots, "lot_count": count}

    def lots(self, rows: pa.Table) -> tuple[list[dict[str, str]], int]:
        import pyarrow.compute as pc

        unique = pc.unique(rows["lot_no"])
        return self.frame.refs(unique[:SAMPLE].to_pylist()), len(unique)

    def record(self) -> dict[str, Any]:
        import pyarrow.compute as pc

        assert self.counted is not None
        column = self.counted["category"]
        figures = []
        for category in sorted(self.sums, key=str):
            rows = self.counted.filter(pc.is_null(column) if category is None else pc.equal(column, _text(category)))
            lots, count = self.lots(rows)
            figures.append({"category": category, **shown_sums(self.sums[category]), "lots": lots, "lot_count": count})
        lots, count = self.lots(self.counted)
        return {"rows": figures, "total": {**shown_sums(self.total), "lots": lots, "lot_count": count}}


# Every value compared with a column is an Arrow scalar of the column's type. Given a Python value, Arrow infers
# its type, and its inference imports dateutil each time when dateutil is not installed (a failed import is not
# remembered): about 0.1 ms per comparison, 60 comparisons and 6 ms of an estimate.
def _text(value: str) -> pa.Scalar:
    import pyarrow as pa

    return pa.scalar(value, pa.string())


def _int_zero() -> pa.Scalar:
    import pyarrow as pa

    return pa.scalar(0, pa.int64())


def _float_zero() -> pa.Scalar:
    import pyarrow as pa

    return pa.scalar(0.0, pa.float64())


def _mask(table: pa.Table, filters: Filters) -> pa.Table:
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = None
    for column, values in (("year", filters.years), ("country", filters.countries), ("buyer", filters.buyers)):
        if values:
            kept = pc.is_in(table[column], value_set=pa.array(values, table.schema.field(column).type))
            mask = kept if mask is None else pc.and_(mask, kept)
    return table if mask is None else table.filter(mask)


def _where(table: pa.Table, condition: Any) -> pa.Table:
    import pyarrow.compute as pc

    return table.filter(pc.fill_null(condition, False))


def _energy(frame: Frame, factors: OutcomeFactors, filters: Filters, used: Used) -> _Estimate:
    import pyarrow.compute as pc

    estimate = _Estimate("energy", frame)
    rows = _mask(frame.rows, filters)
    savings, quantity = rows["savings"], rows["quantity"]
    no_savings, no_quantity = pc.is_null(savings), pc.is_null(quantity)
    inconsistent = pc.or_(pc.less(savings, _float_zero()), pc.less_equal(quantity, _float_zero()))  # null: missing
    for code, condition in (
        ("nothing_declared", pc.and_(no_savings, no_quantity)),
        ("savings_without_quantity", pc.and_(pc.invert(no_savings), no_quantity)),
        ("quantity_without_savings", pc.and_(no_savings, pc.invert(no_quantity))),
        ("inconsistent", inconsistent),
    ):
        estimate.note(code, _where(rows, condition))
    valid = _where(rows, pc.invert(pc.fill_null(inconsistent, True)))
    valid = valid.append_column("yearly", pc.multiply(valid["savings"], valid["quantity"]))
    groups = valid.group_by(["item", "country", "year"], use_threads=False).aggregate(
        [("yearly", "sum"), ("yearly", "count")]
    )
    late: dict[str, set[int | None]] = {}  # country → the years whose electricity factor is another year's
    for group in groups.to_pylist():
        item, yearly, count = group["item"], group["yearly_sum"], float(group["yearly_count"])
        values = {"items": count, "savings_kwh_per_year": yearly}
        years, _ = service_life(item, factors, used)
        if years is not None:
            values["items_with_life"], values["lifetime_savings_kwh"] = count, yearly * years
        factor, codes = co2_factor(item, group["country"], group["year"], factors, used)
        if "factor_year" in codes:
            late.setdefault(group["country"], set()).add(group["year"])
        if factor is not None:
            values["items_with_co2"] = count
            values["co2_kg_per_year_low"] = yearly * factor[0] / 1000
            values["co2_kg_per_year_high"] = yearly * factor[1] / 1000
            if years is not None:
                values["co2_kg_lifetime_low"] = values["co2_kg_per_year_low"] * years
                values["co2_kg_lifetime_high"] = values["co2_kg_per_year_high"] * years
        estimate.count(item, values)
    for code, condition in _factor_notes(valid, factors, late):
        estimate.note(code, _where(valid, condition))
    estimate.counted = valid.rename_columns(["category" if name == "item" else name for name in valid.column_names])
    return estimate


def _factor_notes(valid: pa.Table, factors: OutcomeFactors, late: dict[str, set[int | None]]) -> list[tuple[str, Any]]:
    """The rows of the notes the factors call for, as conditions on the counted energy rows (the same cases as
    :func:`~.estimate.service_life` and :func:`~.estimate.co2_factor` decide per group)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    item, country, year = valid["item"], valid["country"], valid["year"]
    no_item = pc.or_kleene(pc.is_null(item), pc.equal(item, _text("")))
    with_life = pc.is_in(item, value_set=pa.array(sorted(factors.service_life), pa.string()))
    fuel_only = [name for name, carriers in factors.carriers.items() if ELECTRICITY not in carriers]
    electric = pc.invert(pc.is_in(item, value_set=pa.array(sorted(fuel_only), pa.string())))
    listed = pc.is_in(country, value_set=pa.array(sorted(factors.electricity), pa.string()))
    other_year: Any = pa.repeat(pa.scalar(False, pa.bool_()), valid.num_rows)
    for name, years in late.items():
        in_years = pc.is_in(year, value_set=pa.array(sorted(years, key=str), year.type), skip_nulls=False)
        other_year = pc.or_(other_year, pc.and_(pc.equal(country, _text(name)), in_years))
    return [
        ("no_category", no_item),
        ("no_service_life", pc.and_(pc.invert(pc.fill_null(no_item, True)), pc.invert(with_life))),
        ("no_country_factor", pc.and_(electric, pc.invert(listed))),
        ("factor_year", pc.and_(electric, other_year)),
    ]


def _vehicles(frame: Frame, factors: OutcomeFactors, filters: Filters, used: Used) -> _Estimate:
    import pyarrow as pa
    import pyarrow.compute as pc

    estimate = _Estimate("vehicles", frame)
    rows = _mask(frame.rows, filters)
    estimate.note("counts_missing", _where(rows, pc.greater(rows["missing"], _int_zero())))
    category = rows["category"]
    no_category = pc.or_kleene(pc.is_null(category), pc.equal(category, _text("")))
    estimate.note("no_category", _where(rows, no_category))
    known = pc.is_in(category, value_set=pa.array(sorted(factors.vehicles), pa.string()))
    estimate.note(
        "unknown_category", _where(rows, pc.and_(pc.invert(pc.fill_null(no_category, True)), pc.invert(known)))
    )
    rows = _where(rows, known)
    clean, zero = pc.fill_null(rows["clean"], 0), pc.fill_null(rows["zero"], 0)
    below = pc.less(clean, zero)
    for code, condition in (
        ("no_clean", pc.and_(pc.equal(clean, _int_zero()), pc.equal(zero, _int_zero()))),
        ("above_total", pc.greater(pc.max_element_wise(clean, zero), rows["total"])),
        ("clean_below_zero", below),
    ):
        estimate.note(code, _where(rows, condition))
    counted = pa.table(
        {
            "category": rows["category"],
            "total": pc.fill_null(rows["total"], 0),
            "clean": clean,
            "zero": zero,
            # low end: "clean" includes the zero-emission vehicles; high end: they are apart
            "clean_low": pc.if_else(below, clean, pc.subtract(clean, zero)),
            "lot_no": rows["lot_no"],
        }
    )
    aggregates = [(name, "sum") for name in ("total", "clean", "zero", "clean_low")]
    groups = counted.group_by(["category"], use_threads=False).aggregate([*aggregates, ("lot_no", "count")])
    for group in groups.to_pylist():
        name = group["category"]
        saving = vehicle_savings(name, factors.vehicles[name], used)
        zero_sum, clean_sum, clean_low_sum = group["zero_sum"], group["clean_sum"], group["clean_low_sum"]
        low = saving.km_low * (zero_sum * saving.zero_low + clean_low_sum * saving.clean_low)
        high = saving.km_high * (zero_sum * saving.zero_high + clean_sum * saving.clean_high)
        values = {
            "results": float(group["lot_no_count"]),
            "vehicles": float(group["total_sum"]),
            "clean": float(clean_sum),
            "zero_emission": float(zero_sum),
            "co2_kg_lifetime_low": low / 1000,
            "co2_kg_lifetime_high": high / 1000,
        }
        estimate.count(name, values)
    estimate.counted = counted
    return estimate


def category_outcomes(frames: Frames, factors: OutcomeFactors, filters: Filters, lang: str) -> dict[str, Any]:
    """The outcome record per category of the notices kept by ``filters``: the record of
    ``outcomes(store, factors, filters, ("category",)).as_dict(lang)``, except that each figure and note lists its
    first :data:`SAMPLE` lots and counts them all (``lot_count``)."""
    used = Used()
    energy = _energy(frames.energy, factors, filters, used)
    vehicles = _vehicles(frames.vehicles, factors, filters, used)
    notes = []
    for area, code in NOTE_ORDER:
        found = (energy if area == "energy" else vehicles).notes.get(code)
        if found is not None:
            notes.append({"area": area, "code": code, **found, "text": text(f"outcomes.note.{area}.{code}", lang)})
    return {
        "filters": filters.as_dict(),
        "by": ["category"],
        "method": method_texts(lang),
        "energy": energy.record(),
        "vehicles": vehicles.record(),
        "notes": notes,
        "factors": factors_record(factors, used),
    }
