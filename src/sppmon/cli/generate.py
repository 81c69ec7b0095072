"""``sppmon generate``: write realistic sample notices (fictitious, XSD-valid eForms)."""

from __future__ import annotations

from pathlib import Path

import click

from ..sample.package import LAYOUTS, write_sample
from .common import handle_errors


@click.command("generate")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--count", "-n", default=1000, show_default=True, type=click.IntRange(1, 10_000_000))
@click.option("--seed", default=2024, show_default=True, type=int, help="Same seed, same notices.")
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="package",
    show_default=True,
    help="dir: XML files; package: one .tar.gz; nested: monthly packages of daily packages.",
)
@handle_errors
def generate_command(target: Path, count: int, seed: int, layout: str) -> None:
    """Generate COUNT sample eForms notices into TARGET: contract notices, change notices and award notices
    of Belgian and other buyers, with sustainability fields in plausible shares. The data are fictitious."""
    path = write_sample(target, count, seed, layout)
    click.echo(f"wrote {count:,} notices to {path}")
