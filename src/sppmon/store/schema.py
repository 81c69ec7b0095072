"""The store schema, declared once: DDL for every backend and the column order of bulk loads come from here.

Types are a small portable set (TEXT, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, BOOLEAN) that
DuckDB and PostgreSQL both accept. Schema changes are forward migrations in :data:`MIGRATIONS`; never edit a
released migration, append a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .lot_frame import batch_filter

MONEY = "DECIMAL(24,4)"
_SERVER_TYPES = {"DOUBLE": "DOUBLE PRECISION"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    not_null: bool = False

    def sql_type(self, embedded: bool) -> str:
        """The type as the backend spells it (PostgreSQL has no bare ``DOUBLE``)."""
        return self.type if embedded else _SERVER_TYPES.get(self.type, self.type)


@dataclass(frozen=True, slots=True)
class Table:
    """A table. ``primary_key`` is always declared on server backends; on DuckDB only where ``enforce_key`` is
    set, because DuckDB's index upkeep dominates bulk loads and the child rows of a notice are unique by
    construction (they are written and deleted together with their notice)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    enforce_key: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def ddl(self, embedded: bool = False) -> str:
        lines = [
            f"    {column.name} {column.sql_type(embedded)}{' NOT NULL' if column.not_null else ''}"
            for column in self.columns
        ]
        if self.primary_key and (self.enforce_key or not embedded):
            lines.append(f"    PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n" + ",\n".join(lines) + "\n)"

    def index_ddl(self, embedded: bool = False) -> list[str]:
        if embedded:
            return []  # DuckDB: zone maps serve the scans; ART indexes would only slow the loads
        return [
            f"CREATE INDEX IF NOT EXISTS ix_{self.name}_{'_'.join(columns)} ON {self.name} ({', '.join(columns)})"
            for columns in self.indexes
        ]


def _cols(spec: str) -> tuple[Column, ...]:
    """Columns from ``name TYPE`` lines; a trailing ``!`` marks NOT NULL."""
    columns = []
    for line in spec.strip().splitlines():
        name, _, column_type = line.strip().partition(" ")
        not_null = column_type.endswith("!")
        columns.append(Column(name, column_type.rstrip("!").strip(), not_null))
    return tuple(columns)


NOTICE_KEY = "notice_key TEXT!"
# The batch that wrote a row, last on every child table of a notice (added by migration 7): rows are appended batch
# by batch, so a filter on constant batch ids lets a scan skip every row group of the batches it does not name,
# where a semi-join on random notice keys reads the whole table (see lot_frame.Scope).
BATCH_ID = "batch_id BIGINT"

NOTICES = Table(
    "notices",
    _cols(f"""
        {NOTICE_KEY}
        notice_id TEXT!
        version TEXT
        version_num INTEGER
        procedure_key TEXT!
        procedure_id TEXT
        format TEXT!
        root TEXT
        subtype TEXT
        notice_type TEXT
        form_type TEXT
        stage TEXT
        legal_basis TEXT
        sdk_version TEXT
        issue_date DATE
        issue_date_raw TEXT
        publication_number TEXT
        publication_date DATE
        year INTEGER
        language TEXT
        languages TEXT
        changed_notice TEXT
        previous_notices TEXT
        procedure_type TEXT
        nature TEXT
        title TEXT
        cpv_main TEXT
        estimated_value {MONEY}
        estimated_currency TEXT
        notice_value {MONEY}
        notice_value_currency TEXT
        buyer_org_id TEXT
        buyer_key TEXT
        buyer_name TEXT
        buyer_country TEXT
        buyer_nuts TEXT
        buyer_legal_type TEXT
        buyer_activity TEXT
        is_eu_institution BOOLEAN
        lot_count INTEGER
        warnings TEXT
        content_sha256 TEXT!
        source TEXT
        batch_id BIGINT
        ingested_at TIMESTAMP
        is_latest BOOLEAN
        superseded_by TEXT
        content_digest BIGINT
    """),
    ("notice_key",),
    (("notice_id",), ("procedure_key",), ("publication_number",), ("changed_notice",), ("content_digest",)),
    enforce_key=True,
)

LOTS = Table(
    "lots",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        kind TEXT!
        title TEXT
        nature TEXT
        cpv_main TEXT
        cpv_division TEXT
        estimated_value {MONEY}
        estimated_currency TEXT
        framework_maximum {MONEY}
        framework_maximum_currency TEXT
        framework_agreement TEXT
        dps TEXT
        sme_suitable BOOLEAN
        eu_funded TEXT
        duration TEXT
        strategic_status TEXT
        green_status TEXT
        gpp_status TEXT
        social_status TEXT
        innovative_status TEXT
        reserved_status TEXT
        accessibility_status TEXT
        cvd_applicable TEXT
        eed_applicable TEXT
        award_criterion_types TEXT
        product_group TEXT
        green_detected BOOLEAN
        social_detected BOOLEAN
        innovative_detected BOOLEAN
        green_method TEXT
        social_method TEXT
        innovative_method TEXT
        {BATCH_ID}
    """),
    ("notice_key", "lot_id"),
)

LOT_CODES = Table(
    "lot_codes",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        field TEXT!
        code TEXT!
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "field", "code"),
    (("field", "code"),),
)

TEXTS = Table(
    "texts",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        field TEXT!
        seq INTEGER!
        lang TEXT
        text TEXT!
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "field", "seq"),
)

# Text evidence found by the detector (empty until detection runs); lot_id '' = notice-level texts. ``role`` says
# why the hit counts (the deciding field, or "specific-term" / "requirement-cue" / "purpose" in a describing field);
# added by migration 5, last so that a new store and a migrated one have the same column order.
EVIDENCE = Table(
    "evidence",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        seq INTEGER!
        category TEXT!
        term TEXT!
        language TEXT
        field TEXT
        matched TEXT
        span_start INTEGER
        span_end INTEGER
        dimension TEXT
        role TEXT
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "seq"),
)

AWARD_CRITERIA = Table(
    "award_criteria",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        seq INTEGER!
        type TEXT
        name TEXT
        description TEXT
        weight DOUBLE
        weight_kind TEXT
        fixed DOUBLE
        threshold DOUBLE
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "seq"),
)

EED_ITEMS = Table(
    "eed_items",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        result_id TEXT!
        seq INTEGER!
        item TEXT
        basis TEXT
        label TEXT
        consumption_kwh DOUBLE
        savings_kwh DOUBLE
        quantity DOUBLE
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "result_id", "seq"),
)

LOT_RESULTS = Table(
    "lot_results",
    _cols(f"""
        {NOTICE_KEY}
        result_id TEXT!
        lot_id TEXT
        winner_status TEXT
        not_awarded_reason TEXT
        framework_maximum {MONEY}
        framework_maximum_currency TEXT
        framework_reestimated {MONEY}
        framework_reestimated_currency TEXT
        lowest_tender {MONEY}
        highest_tender {MONEY}
        tender_range_currency TEXT
        tenders_received INTEGER
        awarded_value {MONEY}
        awarded_currency TEXT
        {BATCH_ID}
    """),
    ("notice_key", "result_id"),
)

SUBMISSIONS = Table(
    "received_submissions",
    _cols(f"""
        {NOTICE_KEY}
        result_id TEXT!
        seq INTEGER!
        lot_id TEXT
        type TEXT
        count INTEGER
        {BATCH_ID}
    """),
    ("notice_key", "result_id", "seq"),
)

VEHICLES = Table(
    "vehicle_counts",
    _cols(f"""
        {NOTICE_KEY}
        result_id TEXT!
        seq INTEGER!
        lot_id TEXT
        contract_type TEXT
        vehicle_category TEXT
        vehicle_type TEXT
        count INTEGER
        {BATCH_ID}
    """),
    ("notice_key", "result_id", "seq"),
)

TENDERS = Table(
    "tenders",
    _cols(f"""
        {NOTICE_KEY}
        tender_id TEXT!
        lot_id TEXT
        party_id TEXT
        contract_id TEXT
        value {MONEY}
        currency TEXT
        rank INTEGER
        variant BOOLEAN
        subcontracting TEXT
        {BATCH_ID}
    """),
    ("notice_key", "tender_id"),
)

CONTRACTS = Table(
    "contracts",
    _cols(f"""
        {NOTICE_KEY}
        contract_id TEXT!
        reference TEXT
        conclusion_date DATE
        award_date DATE
        title TEXT
        framework BOOLEAN
        {BATCH_ID}
    """),
    ("notice_key", "contract_id"),
)

# OPT-315: the contracts (OPT-316) each lot result (OPT-322) lists. A contract may serve several lot results (one
# contract for several lots), so this is a link table rather than a column of ``contracts``. Added in version 2.
RESULT_CONTRACTS = Table(
    "result_contracts",
    _cols(f"""
        {NOTICE_KEY}
        result_id TEXT!
        contract_id TEXT!
        {BATCH_ID}
    """),
    ("notice_key", "result_id", "contract_id"),
)

ORGANISATIONS = Table(
    "organisations",
    _cols(f"""
        {NOTICE_KEY}
        org_id TEXT!
        org_key TEXT
        name TEXT
        company_id TEXT
        country TEXT
        nuts TEXT
        city TEXT
        size TEXT
        group_lead BOOLEAN
        natural_person BOOLEAN
        awarding_cpb BOOLEAN
        acquiring_cpb BOOLEAN
        {BATCH_ID}
    """),
    ("notice_key", "org_id"),
    (("org_key",),),
)

BUYERS = Table(
    "buyers",
    _cols(f"""
        {NOTICE_KEY}
        seq INTEGER!
        org_id TEXT
        legal_type TEXT
        activity TEXT
        activity_list TEXT
        contracting_type TEXT
        {BATCH_ID}
    """),
    ("notice_key", "seq"),
)

PARTIES = Table(
    "tendering_parties",
    _cols(f"""
        {NOTICE_KEY}
        party_id TEXT!
        org_id TEXT!
        role TEXT!
        is_lead BOOLEAN
        {BATCH_ID}
    """),
    ("notice_key", "party_id", "org_id", "role"),
)

WINNERS = Table(
    "winners",
    _cols(f"""
        {NOTICE_KEY}
        lot_id TEXT!
        org_id TEXT!
        result_id TEXT
        tender_id TEXT
        is_lead BOOLEAN
        org_key TEXT
        name TEXT
        country TEXT
        size TEXT
        {BATCH_ID}
    """),
    ("notice_key", "lot_id", "org_id"),
)

REJECTIONS = Table(
    "rejections",
    _cols("""
        rejection_key TEXT!
        batch_id BIGINT
        source TEXT!
        code TEXT!
        message TEXT
        content_sha256 TEXT
        rejected_at TIMESTAMP
    """),
    ("rejection_key",),
    (("code",),),
    enforce_key=True,
)

PACKAGES = Table(
    "packages",
    _cols("""
        content_sha256 TEXT!
        origin TEXT
        notices BIGINT
        ingested_at TIMESTAMP
    """),
    ("content_sha256",),
    enforce_key=True,
)

BATCHES = Table(
    "batches",
    _cols("""
        batch_id BIGINT!
        started_at TIMESTAMP
        finished_at TIMESTAMP
        label TEXT
        notices_read INTEGER
        stored INTEGER
        updated INTEGER
        unchanged INTEGER
        superseded INTEGER
        rejected INTEGER
    """),
    ("batch_id",),
    enforce_key=True,
)

# Usage statistics of the web app (no raw IP address is ever stored): one row per recorded page view, with the
# visitor hashed under the salt of its period (see docs/usage.md). ``source`` is 'app' or 'log:<file hash>'.
PAGE_VIEWS = Table(
    "page_views",
    _cols("""
        viewed_at TIMESTAMP!
        visitor TEXT!
        path TEXT!
        lang TEXT
        source TEXT!
    """),
    (),
    (("viewed_at",),),
)

# The salt of the visitor hash, as versions 1 to 5 kept it beside the hashes. The salt now lives apart (usage/salt.py)
# and migration 6 drops this table with the salts old stores still hold; only migration 1 still creates it.
USAGE_SALTS = Table(
    "usage_salts",
    _cols("""
        period TEXT!
        salt TEXT!
        created_at TIMESTAMP
    """),
    ("period",),
    enforce_key=True,
)

SCHEMA_VERSION_TABLE = Table(
    "schema_version",
    _cols("""
        version INTEGER!
        applied_at TIMESTAMP
    """),
    ("version",),
    enforce_key=True,
)

# Remote sources: one row per sync run, and one per item fetched (a notice of the Search API, a package).
SYNC_RUNS = Table(
    "sync_runs",
    _cols("""
        run_id BIGINT!
        source TEXT!
        query TEXT
        started_at TIMESTAMP
        finished_at TIMESTAMP
        status TEXT!
        total BIGINT
        fetched BIGINT
        skipped BIGINT
        message TEXT
    """),
    ("run_id",),
    enforce_key=True,
)

SYNC_ITEMS = Table(
    "sync_items",
    _cols("""
        source TEXT!
        item TEXT!
        url TEXT
        period TEXT
        status TEXT!
        content_sha256 TEXT
        bytes BIGINT
        notices BIGINT
        expected BIGINT
        message TEXT
        run_id BIGINT
        synced_at TIMESTAMP
    """),
    ("source", "item"),
    (("source", "period"),),
    enforce_key=True,
)

# Tables that hold the rows of one notice; deleting a notice deletes from all of them.
NOTICE_TABLES: tuple[Table, ...] = (
    NOTICES,
    LOTS,
    LOT_CODES,
    TEXTS,
    EVIDENCE,
    AWARD_CRITERIA,
    EED_ITEMS,
    LOT_RESULTS,
    SUBMISSIONS,
    VEHICLES,
    TENDERS,
    CONTRACTS,
    RESULT_CONTRACTS,
    ORGANISATIONS,
    BUYERS,
    PARTIES,
    WINNERS,
)
# Each procedure lot once: from the latest version of its competition notice when there is one, else from its
# latest result notice (procedure = BT-04; a notice without BT-04 is its own procedure). Superseded notice
# versions (is_latest false) never count. Planning, modification and completion notices are not lots in scope.
# Kept as a table, refreshed per batch for the procedures the batch touches, so that indicators scan one table
# instead of ranking every lot of the store on every query.
_PROCEDURE_FIELDS = {
    "procedure_key": "n.procedure_key",
    "stage": "n.stage",
    "subtype": "n.subtype",
    "form_type": "n.form_type",
    "year": "n.year",
    "notice_date": "COALESCE(n.publication_date, n.issue_date)",
    "buyer_key": "n.buyer_key",
    "buyer_name": "n.buyer_name",
    "buyer_country": "n.buyer_country",
    "buyer_legal_type": "n.buyer_legal_type",
    "is_eu_institution": "n.is_eu_institution",
    "procedure_type": "n.procedure_type",
    "format": "n.format",
    "procedure_nature": "n.nature",
    "notice_type": "n.notice_type",
    "batch_id": "n.batch_id",  # the batch of the notice the row comes from (added by migration 7)
}
LOT_COLUMNS = tuple(column for column in LOTS.columns if column.name != "batch_id")
PROCEDURE_LOTS = Table(
    "procedure_lots",
    LOT_COLUMNS
    + _cols("""
        procedure_key TEXT!
        stage TEXT
        subtype TEXT
        form_type TEXT
        year INTEGER
        notice_date DATE
        buyer_key TEXT
        buyer_name TEXT
        buyer_country TEXT
        buyer_legal_type TEXT
        is_eu_institution BOOLEAN
        procedure_type TEXT
        format TEXT
        procedure_nature TEXT
        notice_type TEXT
        batch_id BIGINT
    """),
    ("procedure_key", "lot_id"),
    (("notice_key",), ("year",), ("buyer_key",), ("product_group",)),
)
assert tuple(column.name for column in PROCEDURE_LOTS.columns[len(LOT_COLUMNS) :]) == tuple(_PROCEDURE_FIELDS)


def procedure_lots_refresh(scope: str, batches: tuple[int, ...] | None = None) -> str:
    """INSERT … SELECT that picks each procedure lot's row among the procedures selected by ``scope`` (an SQL
    condition on ``n.procedure_key``, e.g. ``n.procedure_key IN (SELECT value FROM touched_procedures)``).
    ``batches``, when known, are the batches that wrote those procedures' notices: the scans of ``lots`` and
    ``notices`` then skip the row groups of the others."""
    lot_columns = ", ".join(f"l.{column.name}" for column in LOT_COLUMNS)
    procedure_columns = ", ".join(f"{sql} AS {name}" for name, sql in _PROCEDURE_FIELDS.items())
    names = ", ".join(PROCEDURE_LOTS.column_names)
    restricted = batch_filter(batches, "l.batch_id") + batch_filter(batches, "n.batch_id")
    return f"""
INSERT INTO procedure_lots ({names})
SELECT {names} FROM (
    SELECT {lot_columns}, {procedure_columns},
        ROW_NUMBER() OVER (
            PARTITION BY n.procedure_key, l.lot_id
            ORDER BY CASE n.stage WHEN 'competition' THEN 0 ELSE 1 END,
                     COALESCE(n.publication_date, n.issue_date) DESC,
                     n.version_num DESC,
                     n.notice_key DESC
        ) AS pick
    FROM lots l
    JOIN notices n ON n.notice_key = l.notice_key
    WHERE n.is_latest AND l.kind = 'Lot' AND n.stage IN ('competition', 'result') AND {restricted}{scope}
) ranked
WHERE pick = 1
ORDER BY batch_id
"""


ALL_TABLES: tuple[Table, ...] = (
    *NOTICE_TABLES,
    REJECTIONS,
    PACKAGES,
    BATCHES,
    SCHEMA_VERSION_TABLE,
    SYNC_RUNS,
    SYNC_ITEMS,
    PROCEDURE_LOTS,
    PAGE_VIEWS,
)
DROPPED_TABLES: tuple[Table, ...] = (USAGE_SALTS,)  # released with version 1, dropped by a later migration
TABLES_BY_NAME = {table.name: table for table in ALL_TABLES}


# Tables created by a migration after version 1; version 1 keeps creating exactly the tables it released with, so
# that a new store and a version-1 store reach the final schema along the same path.
_ADDED_TABLES: dict[int, tuple[Table, ...]] = {2: (RESULT_CONTRACTS,), 4: (PACKAGES,)}


def _create(tables: Iterable[Table], embedded: bool) -> list[str]:
    statements: list[str] = []
    for table in tables:
        statements.append(table.ddl(embedded))
        statements.extend(table.index_ddl(embedded))
    return statements


def _version_1(embedded: bool) -> list[str]:
    later = {table.name for tables in _ADDED_TABLES.values() for table in tables}
    return _create((table for table in (*ALL_TABLES, *DROPPED_TABLES) if table.name not in later), embedded)


def _version_2(embedded: bool) -> list[str]:
    """The OPT-315 links of lot results to contracts (notices stored before have none: exports then guess)."""
    return _create(_ADDED_TABLES[2], embedded)


def _version_3(embedded: bool) -> list[str]:
    """The summary tables (see store/summary.py); the store counts them from the lots right after migrating."""
    from .summary import SUMMARY_TABLES  # the summary module builds on this one

    return _create(SUMMARY_TABLES, embedded)


def _version_4(embedded: bool) -> list[str]:
    """``packages``: the SHA-256 of each package ingested whole without a rejection, so that the same package is
    recognised before it is opened. ``notices.content_digest``: the first 64 bits of ``content_sha256`` as a
    signed integer (big-endian, two's complement), so that an ingest can ask which input bytes are stored already
    before parsing them (an integer column scans and joins far cheaper than the hex text). Added last, where a new
    store's table has it too."""
    sha = "content_sha256"
    if embedded:
        digest = (
            f"CAST(CAST(CAST('0x' || substr({sha}, 1, 16) AS UBIGINT) AS HUGEINT) "
            f"- CASE WHEN substr({sha}, 1, 1) >= '8' THEN CAST(1 AS HUGEINT) << 64 ELSE 0 END AS BIGINT)"
        )
    else:
        digest = f"CAST(CAST('x' || substr({sha}, 1, 16) AS BIT(64)) AS BIGINT)"
    statements = [
        "ALTER TABLE notices ADD COLUMN IF NOT EXISTS content_digest BIGINT",
        f"UPDATE notices SET content_digest = {digest} WHERE content_digest IS NULL",
    ]
    return _create(_ADDED_TABLES[4], embedded) + statements + NOTICES.index_ddl(embedded)


def _version_5(embedded: bool) -> list[str]:
    """``evidence.role``: why each evidence record counts (its field's role, or the reason a describing field's
    hit counts). Evidence stored before stays without a role (NULL) until its notices are detected again."""
    return ["ALTER TABLE evidence ADD COLUMN IF NOT EXISTS role TEXT"]


def _version_6(embedded: bool) -> list[str]:
    """``usage_salts`` goes, with the salts stores written before version 6 still hold: whoever has a copy of
    the store must not be able to recompute a visitor hash from an address (the salt is kept apart now)."""
    return [f"DROP TABLE IF EXISTS {USAGE_SALTS.name}"]


def _version_7(embedded: bool) -> list[str]:
    """``batch_id`` on every child table of a notice and on ``procedure_lots``, copied from the notice of the row.
    DuckDB rebuilds each table with its rows in batch order, so that the scans of a batch's procedures skip the
    row groups of the other batches from the start; PostgreSQL adds the column in place (its primary-key indexes
    already serve the scoped reads)."""
    statements: list[str] = []
    for table in (*NOTICE_TABLES[1:], PROCEDURE_LOTS):
        names = ", ".join(f"t.{name}" for name in table.column_names if name != "batch_id")
        if not embedded:
            statements += [
                f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS batch_id BIGINT",
                f"UPDATE {table.name} t SET batch_id = n.batch_id FROM notices n "
                "WHERE n.notice_key = t.notice_key AND t.batch_id IS NULL",
            ]
            continue
        rebuilt = f"{table.name}_v7"
        statements += [
            f"DROP TABLE IF EXISTS {rebuilt}",
            replace(table, name=rebuilt).ddl(embedded),
            f"INSERT INTO {rebuilt} SELECT {names}, n.batch_id FROM {table.name} t "
            "LEFT JOIN notices n ON n.notice_key = t.notice_key ORDER BY n.batch_id",
            f"DROP TABLE {table.name}",
            f"ALTER TABLE {rebuilt} RENAME TO {table.name}",
        ]
    return statements


def _version_8(embedded: bool) -> list[str]:
    """``grain_check`` on the summary tables: a second hash of each row's grain, so that a batch's merge finds the
    rows it adds to by the two hashes and reads only their measures (store/summary.py). Computed here for the
    rows already counted; the summary stays valid."""
    from .summary import GRAIN, LEVEL_TABLES  # the summary module builds on this one
    from .summary_grain import grain_check

    check = grain_check("duckdb" if embedded else "postgresql", GRAIN)
    statements: list[str] = []
    for table in dict.fromkeys(LEVEL_TABLES.values()):
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS grain_check BIGINT",
            f"UPDATE {table} SET grain_check = {check} WHERE grain_check IS NULL",
        ]
    return statements


# Forward migrations: version → function of "embedded backend?" giving the statements. The store applies every
# version above its recorded one. Never edit a released migration: append one.
MIGRATIONS: dict[int, Callable[[bool], list[str]]] = {
    1: _version_1,
    2: _version_2,
    3: _version_3,
    4: _version_4,
    5: _version_5,
    6: _version_6,
    7: _version_7,
    8: _version_8,
}
CONTENT_DIGEST_VERSION = 4  # the migration that adds notices.content_digest
EVIDENCE_ROLE_VERSION = 5  # the migration that adds evidence.role
SALTS_DROPPED_VERSION = 6  # the migration that drops usage_salts
CHILD_BATCH_VERSION = 7  # the migration that adds batch_id to the child tables of a notice
GRAIN_CHECK_VERSION = 8  # the migration that adds grain_check to the summary tables
SCHEMA_VERSION = max(MIGRATIONS)
