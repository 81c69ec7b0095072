"""The ``sppmon`` command: a thin shell over the library. Commands are registered in :data:`COMMANDS`."""

from __future__ import annotations

import click

from .check import check_command
from .demo import demo_command
from .evaluate import evaluate_command
from .export import export_group
from .extract import extract_command
from .generate import generate_command
from .guide import guide_group
from .indicators import indicators_command
from .ingest import ingest_command
from .lcc import lcc_command
from .plan import plan_group
from .plausibility import plausibility_command
from .rates import rates_group
from .reference import codes_command, errors_command, sdk_group, settings_command
from .report import report_group
from .serve import serve_command
from .stats import stats_command
from .sync import sync_group
from .usage import usage_group

COMMANDS: tuple[click.Command, ...] = (
    ingest_command,
    extract_command,
    stats_command,
    demo_command,
    generate_command,
    sdk_group,
    codes_command,
    errors_command,
    settings_command,
    indicators_command,
    rates_group,
    evaluate_command,
    plausibility_command,
    sync_group,
    export_group,
    report_group,
    guide_group,
    check_command,
    plan_group,
    lcc_command,
    serve_command,
    usage_group,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="sppmon")
def main() -> None:
    """sppmon: monitoring and guidance for sustainable public procurement, from eForms and TED notices."""


for _command in COMMANDS:
    main.add_command(_command)
