"""The command line starts at once: help (of sppmon and of every command) imports none of the heavy libraries.

Checked by what is imported, not by timing (speed is measured in benchmarks/): a fresh interpreter shows the
help of every command and sub-command in turn and reports, after each, which heavy modules have appeared.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click

from sppmon.cli import COMMANDS, main

# The parser, the stores, columnar data, the reports' charts and templates, spreadsheets, PDF, the web stack.
HEAVY = (
    "lxml",
    "duckdb",
    "psycopg",
    "pyarrow",
    "numpy",
    "pandas",
    "altair",
    "jinja2",
    "weasyprint",
    "openpyxl",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "pycountry",
)

_PROBE = """
import json, sys
from sppmon.cli import main

heavy = {heavy!r}
found = {{}}
for args in {calls!r}:
    try:
        main([*args, "--help"], prog_name="sppmon", standalone_mode=False)
    except SystemExit:
        pass
    loaded = sorted(name for name in heavy if name in sys.modules)
    if loaded:
        found[" ".join(args) or "(sppmon)"] = loaded
        break
print(json.dumps(found))
"""


def _command_paths() -> list[list[str]]:
    """``[]`` (sppmon itself), every command, and every sub-command of the groups, in that order. Found
    here (importing the commands is fine in the test process); shown in a fresh one."""
    paths: list[list[str]] = [[]]
    context = click.Context(main)
    for name in sorted(COMMANDS):
        paths.append([name])
        command = main.get_command(context, name)
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in sorted(command.list_commands(context)))
    return paths


def test_help_imports_nothing_heavy() -> None:
    code = _PROBE.format(heavy=HEAVY, calls=_command_paths())
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {}, f"help imported heavy modules (first offender): {found}"


def test_registry_help_is_what_the_list_shows() -> None:
    context = click.Context(main)
    listing = main.get_help(context)
    for name, (_target, short_help) in COMMANDS.items():
        assert f"{name}  " in listing
        assert short_help in listing, name
        command = main.get_command(context, name)
        assert command is not None and command.get_short_help_str(200) == short_help
