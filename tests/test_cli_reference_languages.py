"""``sppmon plan template``, ``sppmon guide validate`` and the reference commands (``errors``, ``settings``,
``codes``, ``sdk status``) in Dutch and French: every line a person reads comes from the message catalogue,
and no English text of a message whose translation differs is left in the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon import messages
from sppmon.cli import main
from sppmon.guide.knowledge import fiche_files
from sppmon.planning.plan import COLUMNS, read_plan


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _english_left(output: str, lang: str, *prefixes: str) -> list[str]:
    """English texts (of messages under ``prefixes`` whose ``lang`` text differs) found in ``output``; texts
    with placeholders are checked on their longest fixed part."""
    found = []
    for key, texts in messages.catalogue().items():
        if not key.startswith(prefixes) or texts["en"] == texts[lang]:
            continue
        fixed = max(texts["en"].replace("{", "}").split("}")[::2], key=len).strip()
        if len(fixed) >= 4 and fixed not in texts[lang] and fixed in output:
            found.append(f"{key}: {fixed!r}")
    return found


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_plan_template_in_dutch_and_french_is_read_back_as_a_plan(lang: str, tmp_path: Path) -> None:
    code, text, _ = _run("plan", "template", "--lang", lang)
    assert code == 0
    header = text.splitlines()[0].split(";")
    assert header != [column.name for column in COLUMNS]  # the column names of the language, not English ones
    assert not _english_left(text, lang, "plan.template.")
    assert {"nl": "ja", "fr": "oui"}[lang] in text.splitlines()[1].split(";")
    english = _run("plan", "template")[1]
    path = tmp_path / "plan.csv"
    path.write_text(text, encoding="utf-8")
    plan, plan_en = read_plan(path), read_plan(_written(tmp_path / "en.csv", english))
    assert not plan.problems and len(plan.items) == 3
    assert [(i.cpv, i.estimated_value, i.framework, i.buyer_id) for i in plan.items] == [
        (i.cpv, i.estimated_value, i.framework, i.buyer_id) for i in plan_en.items
    ]
    code, out, _ = _run("plan", "template", "--lang", lang, "--out", str(tmp_path / "t.xlsx"))
    assert code == 0 and not _english_left(out, lang, "plan.cli.") and (tmp_path / "t.xlsx").stat().st_size
    assert len(read_plan(tmp_path / "t.xlsx").items) == 3


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_guide_validate_in_dutch_and_french(lang: str, tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    for file in fiche_files():
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    computers = folder / "computers.yaml"
    computers.write_text(computers.read_text(encoding="utf-8").replace("id: computers", "id: Bad_Id", 1), "utf-8")
    (folder / "second.yaml").write_text(computers.read_text(encoding="utf-8").replace("Bad_Id", "cleaning"), "utf-8")
    code, out, err = _run("guide", "validate", str(folder), "--lang", lang)
    assert code == 1
    assert {"nl": "geldige fiche(s)", "fr": "fiche(s) valide(s)"}[lang] in out
    assert "GUIDE_FICHE_INVALID" in err and "computers.yaml:id" in err
    assert {"nl": "verschilt van de bestandsnaam", "fr": "diffère du nom du fichier"}[lang] in err
    assert not _english_left(out + err, lang, "guide.problem.", "guide.cli.")
    english = _run("guide", "validate", str(folder))
    assert "differs from the file name" in english[2] and "valid fiche(s)" in english[1]
    shutil.rmtree(folder)


def test_every_setting_has_its_description_in_the_catalogue() -> None:
    from sppmon import settings

    catalogue = messages.catalogue()
    for setting in settings.SETTINGS:
        assert catalogue[f"setting.{setting.name}"]["en"] == setting.description, setting.name


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_reference_commands_in_dutch_and_french(lang: str, tmp_path: Path) -> None:
    from sppmon import settings
    from sppmon.errors import CATALOGUE

    code, errors, _ = _run("errors", "--lang", lang)
    assert code == 0 and len(errors.splitlines()) == len(CATALOGUE)
    assert not [entry.title for entry in CATALOGUE.values() if entry.title in errors]
    code, listed, _ = _run("settings", "--lang", lang)
    assert code == 0 and len(listed.splitlines()) == len(settings.SETTINGS)
    assert not [s.description for s in settings.SETTINGS if s.description in listed]
    assert not _english_left(listed, lang, "settings.", "setting.")
    code, status, _ = _run("sdk", "status", "--dir", str(tmp_path), "--lang", lang)
    assert code == 0 and not _english_left(status, lang, "reference.sdk.")
    assert {"nl": "geen SDK", "fr": "pas de SDK"}[lang] in status
    result = CliRunner().invoke(main, ["codes", "no-such-list", "--lang", lang])
    assert result.exit_code != 0 and {"nl": "geen codes bekend", "fr": "aucun code connu"}[lang] in result.output
    assert "no codes known" not in result.output
    english = _run("errors")[1]
    assert all(entry.title in english for entry in CATALOGUE.values())  # English stays the catalogue's titles
