"""The ``sppmon`` command: a thin shell over the library. Commands are registered in :data:`COMMANDS`.

A command's module is imported only when that command runs (or help lists it): the reports, charts and web
modules take most of a second to import, which every short command and every worker process would pay.
"""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute" in this package
COMMANDS: dict[str, str] = {
    "ingest": "ingest:ingest_command",
    "extract": "extract:extract_command",
    "stats": "stats:stats_command",
    "demo": "demo:demo_command",
    "generate": "generate:generate_command",
    "sdk": "reference:sdk_group",
    "codes": "reference:codes_command",
    "errors": "reference:errors_command",
    "settings": "reference:settings_command",
    "indicators": "indicators:indicators_command",
    "rates": "rates:rates_group",
    "evaluate-detection": "evaluate:evaluate_command",
    "plausibility": "plausibility:plausibility_command",
    "sync": "sync:sync_group",
    "export": "export:export_group",
    "report": "report:report_group",
    "guide": "guide:guide_group",
    "check": "check:check_command",
    "plan": "plan:plan_group",
    "lcc": "lcc:lcc_command",
    "serve": "serve:serve_command",
    "usage": "usage:usage_group",
}


class _RegistryGroup(click.Group):
    """A group whose commands come from :data:`COMMANDS`, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(f".{module_name}", __name__), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise RuntimeError(f"the registry names {target} for {cmd_name!r}, which is not that command")
        return command


@click.group(
    cls=_RegistryGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.version_option(package_name="sppmon")
def main() -> None:
    """sppmon: monitoring and guidance for sustainable public procurement, from eForms and TED notices."""
