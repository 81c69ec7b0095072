"""Documentation is part of the feature: every command, error code and setting is documented."""

from __future__ import annotations

import click

from sppmon.cli import main
from sppmon.errors import CATALOGUE
from sppmon.settings import SETTINGS

from .conftest import ROOT

DOCS = ROOT / "docs"


_CONTEXT = click.Context(main)


def _command_names(group: click.Group) -> list[str]:
    return sorted(group.list_commands(_CONTEXT))


def _command(name: str) -> click.Command:
    command = main.get_command(_CONTEXT, name)
    assert command is not None, f"{name} is registered but cannot be loaded"
    return command


def test_every_command_has_a_page_that_names_its_options() -> None:
    for name in _command_names(main):
        page = DOCS / "commands" / f"{name}.md"
        assert page.is_file(), f"docs/commands/{name}.md is missing"
        text = page.read_text(encoding="utf-8")
        assert f"sppmon {name}" in text
        command = _command(name)
        subcommands = command.commands if isinstance(command, click.Group) else {}
        for sub in subcommands:
            assert f"sppmon {name} {sub}" in text, f"{name} {sub} undocumented"
        for parameter in command.params:
            if isinstance(parameter, click.Option) and parameter.name not in ("help", "version"):
                assert any(opt in text for opt in parameter.opts), f"{name}: {parameter.opts} undocumented"


def test_every_command_is_linked_from_the_index_and_readme() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _command_names(main):
        assert f"commands/{name}.md" in index
        assert f"commands/{name}.md" in readme


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"`{code}`" in text, code


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in text, setting.env
