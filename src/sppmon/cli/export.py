"""``sppmon export``: the store as Parquet or CSV tables, or as an OCDS release package."""

from __future__ import annotations

from pathlib import Path

import click

from .. import settings
from .common import db_option, handle_errors


@click.group("export")
def export_group() -> None:
    """Write the store out for other tools: Parquet/CSV tables partitioned by year, or OCDS."""


def _tables(kind: str, directory: str, db: str | None) -> None:
    from ..exports.tables import export_tables
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        report = export_tables(store, Path(directory), kind)
    rows = sum(report.rows.values())
    click.echo(f"{len(report.rows)} tables · {rows:,} rows · {report.files:,} files → {report.directory}")


@export_group.command("parquet")
@click.argument("directory")
@db_option
@handle_errors
def export_parquet_command(directory: str, db: str | None) -> None:
    """Every table as Parquet under DIRECTORY/<table>/notice_year=<year>/ (replaced as a whole)."""
    _tables("parquet", directory, db)


@export_group.command("csv")
@click.argument("directory")
@db_option
@handle_errors
def export_csv_command(directory: str, db: str | None) -> None:
    """Every table as formula-safe CSV under DIRECTORY/<table>/notice_year=<year>/ (replaced as a whole)."""
    _tables("csv", directory, db)


@export_group.command("ocds")
@click.argument("file")
@db_option
@click.option("--latest", is_flag=True, help="Only the latest version of each notice (default: every version).")
@click.option("--prefix", metavar="OCDS-PREFIX", help="ocid prefix (default: SPPMON_OCDS_PREFIX).")
@click.option("--uri", metavar="URI", help="The package's uri (default: a urn naming the file).")
@click.option("--publisher", default="sppmon", show_default=True, help="Publisher name in the package.")
@handle_errors
def export_ocds_command(
    file: str, db: str | None, latest: bool, prefix: str | None, uri: str | None, publisher: str
) -> None:
    """One OCDS 1.1 release package (JSON) with the lots and sustainability extensions: a release per notice."""
    from ..exports.ocds import OcdsOptions, write_package

    path = Path(file)
    options = OcdsOptions(
        prefix=prefix or str(settings.get("ocds_prefix")),
        uri=uri or f"urn:sppmon:export:{path.name}",
        publisher=publisher,
        latest_only=latest,
    )
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        count = write_package(store, path, options)
    click.echo(f"{count:,} releases → {path}")
