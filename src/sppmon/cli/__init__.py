"""The ``sppmon`` command: a thin shell over the library. Commands are registered in :data:`COMMANDS`.

A command's module is imported only when that command runs or shows its own help, and command modules import
the library's heavy parts (parser, store, reports, web) inside the command functions: those take most of a
second and tens of megabytes to import, which `--help`, every short command and every worker process would pay.
"""

from __future__ import annotations

import importlib
import os

import click

# command name -> ("module:attribute" in this package, the one-line help that `sppmon --help` lists). The help
# line is kept here so that listing the commands imports none of them; it also becomes the command's own
# short help, so the list reads the same whichever way a command was loaded.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("ingest:ingest_command", "Store the notices of files, folders and packages."),
    "extract": ("extract:extract_command", "Print the facts of every notice (JSON lines or CSV)."),
    "stats": ("stats:stats_command", "Show what is in the store."),
    "demo": ("demo:demo_command", "Generate a sample, ingest it and write a report."),
    "generate": ("generate:generate_command", "Generate sample eForms notices."),
    "sdk": ("reference:sdk_group", "The eForms SDK folder that provides code and CPV labels."),
    "codes": ("reference:codes_command", "List the codes of an eForms code list with their labels."),
    "errors": ("reference:errors_command", "List the error codes given to rejected inputs."),
    "settings": ("reference:settings_command", "List the settings and their current values."),
    "indicators": ("indicators:indicators_command", "List the indicators, or compute one."),
    "rates": ("rates:rates_group", "Euro reference exchange rates."),
    "evaluate-detection": ("evaluate:evaluate_command", "Compare text detection with what notices declare."),
    "plausibility": ("plausibility:plausibility_command", "Per buyer: declared against detected lots."),
    "sync": ("sync:sync_group", "Fetch notices from TED and store them."),
    "export": ("export:export_group", "Write the store out for other tools."),
    "report": ("report:report_group", "Write a report as HTML, PDF or XLSX."),
    "guide": ("guide:guide_group", "The guide for sustainable procurement."),
    "check": ("check:check_command", "Check one eForms notice against the guide."),
    "plan": ("plan:plan_group", "Rank planned purchases by urgency."),
    "lcc": ("lcc:lcc_command", "Compare offers by life-cycle cost."),
    "outcomes": ("outcomes:outcomes_command", "Estimate the energy and CO2 that procurement saves."),
    "serve": ("serve:serve_command", "Serve the web app."),
    "usage": ("usage:usage_group", "Usage statistics of the web app."),
}


class _RegistryGroup(click.Group):
    """A group whose commands come from :data:`COMMANDS`, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        target, short_help = entry
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(f".{module_name}", __name__), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise RuntimeError(f"the registry names {target} for {cmd_name!r}, which is not that command")
        command.short_help = short_help
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the registry's help lines, without importing any command."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in self.list_commands(ctx)])


@click.group(
    cls=_RegistryGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.version_option(package_name="sppmon")
def main() -> None:
    """sppmon: monitoring and guidance for sustainable public procurement, from eForms and TED notices."""
    # Arrow's default allocator keeps what it frees for reuse: an ingest of 20,000 notices into a million-lot
    # store peaked 35-45 MB higher with it (docs/performance.md, "Tenth round"). Set before Arrow is imported;
    # a value given in the environment wins.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
