"""Reference commands: ``sppmon sdk``, ``sppmon codes``, ``sppmon errors``, ``sppmon settings``."""

from __future__ import annotations

import click

from .. import labels, settings
from ..errors import CATALOGUE
from ..sdk import download_sdk, installed_version
from .common import handle_errors


@click.group("sdk")
def sdk_group() -> None:
    """The eForms SDK folder that provides code and CPV labels in EN/NL/FR/DE."""


@sdk_group.command("download")
@click.argument("version", default="1.15.1")
@click.option("--dir", "folder", default=None, help="Target folder (default: SPPMON_SDK_DIR).")
@click.option("--url", "url_template", default=None, help="URL template with {version} (default: SPPMON_SDK_URL).")
@handle_errors
def sdk_download(version: str, folder: str | None, url_template: str | None) -> None:
    """Download eForms SDK release VERSION and keep its data folders (needs network access)."""
    install = download_sdk(version, folder, url_template)
    click.echo(f"eForms SDK {install.version}: {install.files:,} files in {install.folder}")


@sdk_group.command("status")
@click.option("--dir", "folder", default=None, help="SDK folder (default: SPPMON_SDK_DIR).")
def sdk_status(folder: str | None) -> None:
    """Show which SDK folder is used and whether it provides labels."""
    path = str(settings.get("sdk_dir", folder))
    if labels.sdk_available(path):
        click.echo(f"{path}: eForms SDK {installed_version(path) or '(version unknown)'}, labels available")
    else:
        click.echo(f"{path}: no SDK; built-in labels (EN/NL/FR) for the sustainability code lists are used")


@click.command("codes")
@click.argument("list_name")
@click.option("--lang", type=click.Choice(labels.LANGUAGES), default="en", show_default=True)
@click.option("--sdk-dir", default=None, help="SDK folder (default: SPPMON_SDK_DIR).")
def codes_command(list_name: str, lang: str, sdk_dir: str | None) -> None:
    """List the codes of an eForms code list (e.g. strategic-procurement, cpv) with their labels."""
    folder = str(settings.get("sdk_dir", sdk_dir))
    found = labels.codes_of(list_name, folder)
    if not found:
        raise click.ClickException(f"no codes known for list {list_name!r}")
    for code in found:
        click.echo(f"{code}\t{labels.label(list_name, code, lang, folder) or ''}")


@click.command("errors")
def errors_command() -> None:
    """List the error codes given to rejected inputs."""
    for entry in CATALOGUE.values():
        click.echo(f"{entry.code}\t{entry.title}")


@click.command("settings")
def settings_command() -> None:
    """List the settings, their environment variables and current values."""
    for setting in settings.SETTINGS:
        value = settings.get(setting.name)
        shown = ("(set)" if value else "(not set)") if setting.secret else value
        click.echo(f"{setting.env}={shown}\t{setting.description}")
