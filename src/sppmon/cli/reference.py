"""Reference commands: ``sppmon sdk``, ``sppmon codes``, ``sppmon errors``, ``sppmon settings``."""

from __future__ import annotations

import click

from .. import labels, settings
from ..errors import CATALOGUE
from ..sdk import download_sdk, installed_version
from .common import handle_errors
from .wording import count, lang_option, t

_LANG = lang_option("Language of the texts (the codes, names and values stay as they are).")


@click.group("sdk")
def sdk_group() -> None:
    """The eForms SDK folder that provides code and CPV labels in EN/NL/FR/DE."""


@sdk_group.command("download")
@click.argument("version", default="1.15.1")
@click.option("--dir", "folder", default=None, help="Target folder (default: SPPMON_SDK_DIR).")
@click.option("--url", "url_template", default=None, help="URL template with {version} (default: SPPMON_SDK_URL).")
@_LANG
@handle_errors
def sdk_download(version: str, folder: str | None, url_template: str | None, lang: str) -> None:
    """Download eForms SDK release VERSION and keep its data folders (needs network access)."""
    install = download_sdk(version, folder, url_template)
    files = count(install.files, lang)
    click.echo(t("reference.sdk.installed", lang, version=install.version, files=files, folder=install.folder))


@sdk_group.command("status")
@click.option("--dir", "folder", default=None, help="SDK folder (default: SPPMON_SDK_DIR).")
@_LANG
def sdk_status(folder: str | None, lang: str) -> None:
    """Show which SDK folder is used and whether it provides labels."""
    path = str(settings.get("sdk_dir", folder))
    if labels.sdk_available(path):
        version = installed_version(path) or t("reference.sdk.version_unknown", lang)
        click.echo(t("reference.sdk.available", lang, path=path, version=version))
    else:
        click.echo(t("reference.sdk.none", lang, path=path))


@click.command("codes")
@click.argument("list_name")
@click.option("--lang", type=click.Choice(labels.LANGUAGES), default="en", show_default=True)
@click.option("--sdk-dir", default=None, help="SDK folder (default: SPPMON_SDK_DIR).")
def codes_command(list_name: str, lang: str, sdk_dir: str | None) -> None:
    """List the codes of an eForms code list (e.g. strategic-procurement, cpv) with their labels."""
    folder = str(settings.get("sdk_dir", sdk_dir))
    found = labels.codes_of(list_name, folder)
    if not found:
        raise click.ClickException(t("reference.codes.unknown", lang, list=repr(list_name)))
    for code in found:
        click.echo(f"{code}\t{labels.label(list_name, code, lang, folder) or ''}")


@click.command("errors")
@_LANG
def errors_command(lang: str) -> None:
    """List the error codes given to rejected inputs."""
    for entry in CATALOGUE.values():
        # English: the catalogue's own title; Dutch and French: the message catalogue's title of the code
        title = entry.title if lang == "en" else t(f"errorcode.{entry.code}", lang)
        click.echo(f"{entry.code}\t{title}")


@click.command("settings")
@_LANG
def settings_command(lang: str) -> None:
    """List the settings, their environment variables and current values."""
    for setting in settings.SETTINGS:
        value = settings.get(setting.name)
        shown = t("settings.set" if value else "settings.not_set", lang) if setting.secret else value
        if value is None and not setting.secret:  # a setting switched off (the share of a recount): as it is set
            shown = "off"
        description = setting.description if lang == "en" else t(f"setting.{setting.name}", lang)
        click.echo(f"{setting.env}={shown}\t{description}")
