"""The message catalogue: complete in Dutch and French, placeholders kept, a heading for every column an
indicator can give, names for the codes and values the web's tables show, a title for every error code and a
meaning for every plan column — and its gettext .po form, which reads back into the TSV files unchanged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from sppmon import messages
from sppmon.errors import CATALOGUE
from sppmon.indicators import BREAKDOWNS, REGISTRY, columns, compute
from sppmon.planning.plan import COLUMNS as PLAN_COLUMNS
from sppmon.store import open_store
from sppmon.translations import TARGETS, catalog_of, entries, export_po, import_po, messages_folder

from .web_support import sample_store

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def test_every_message_has_dutch_and_french_with_the_same_placeholders() -> None:
    missing, changed = [], []
    for key, texts in messages.catalogue().items():
        missing += [f"{key} ({lang})" for lang in TARGETS if not texts[lang].strip()]
        english = sorted(PLACEHOLDER.findall(texts["en"]))
        changed += [f"{key} ({lang})" for lang in TARGETS if sorted(PLACEHOLDER.findall(texts[lang])) != english]
    assert not missing, f"messages without a translation: {missing}"
    assert not changed, f"translations whose {{placeholders}} differ from the English text: {changed}"


@pytest.fixture(scope="module")
def every_column(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Indicator code → every column it gives, for its variants with and without breakdowns."""
    found: dict[str, set[str]] = {}
    with open_store(str(sample_store(tmp_path_factory.mktemp("columns"))), read_only=True) as store:
        for code, indicator in REGISTRY.items():
            for variant in indicator.variants:
                for by in {indicator.default_by, (), ("year",)}:
                    if all(name in indicator.breakdowns for name in by):
                        found.setdefault(code, set()).update(compute(store, code, by=by, variant=variant).columns)
    return found


def test_every_indicator_column_has_a_heading_in_every_language(every_column: dict[str, set[str]]) -> None:
    for code, names in every_column.items():
        for name in names:
            assert columns.has_title(name), f"{code}: column {name} has no heading in the catalogue"
            for lang in TARGETS:
                assert columns.title(name, lang) != name or name in BREAKDOWNS, (code, name, lang)


def test_codes_and_values_of_web_tables_are_named() -> None:
    assert columns.value_label("format", "ted-r2.0.9", "fr") != "ted-r2.0.9"
    assert columns.value_label("country", "BEL", "nl") == "België"
    assert columns.value_label("vehicle_category_group", "buses", "fr") != "buses"
    assert columns.value_label("meets_target", "yes", "nl") == "ja"
    assert columns.value_label("method", "legacy-form", "fr") == "formulaire TED (avant eForms)"
    assert columns.value_label("code", "acc-all", "nl", "social-objective") == "Toegankelijkheid voor iedereen"


def test_every_error_code_and_plan_column_has_its_texts() -> None:
    catalogue = messages.catalogue()
    assert [code for code in CATALOGUE if f"errorcode.{code}" not in catalogue] == []
    assert [column.name for column in PLAN_COLUMNS if f"plan.column.{column.name}" not in catalogue] == []


def test_po_files_read_back_into_identical_catalogue_files(tmp_path: Path) -> None:
    folder = tmp_path / "messages"
    shutil.copytree(messages_folder(), folder)
    written = export_po(folder, tmp_path / "po")
    assert sorted(path.name for path in written) == ["fr.po", "nl.po"]
    for path in written:
        report = import_po(path, folder)
        assert report.changed == [] and report.refused == {}
        assert report.unchanged == len(list(entries(folder)))
    for original in sorted(messages_folder().glob("*.tsv")):
        assert (folder / original.name).read_bytes() == original.read_bytes(), original.name


def _translate(po_file: Path, changes: dict[str, tuple[str, bool]]) -> None:
    """Edit a .po file as a translator would: new translations, some marked fuzzy."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in changes:
            message.string, fuzzy = changes[str(message.context)]
            if fuzzy:
                message.flags.add("fuzzy")
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_a_translation_is_written_into_its_cell_and_bad_ones_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "messages"
    shutil.copytree(messages_folder(), folder)
    (po_file,) = export_po(folder, tmp_path / "po", ["nl"])
    _translate(
        po_file,
        {
            "lang.switch": ("Wisselen", False),
            "dashboard.uptake_of": ("van percelen in scope", False),  # lost {lots}
            "filters.apply": ("Toepassen!", True),  # fuzzy
            "table.empty": ("Geen\trijen.", False),
        },
    )
    web = (folder / "web.tsv").read_text(encoding="utf-8")
    report = import_po(po_file, folder)
    assert report.changed == ["lang.switch"]
    assert set(report.refused) == {"dashboard.uptake_of", "filters.apply", "table.empty"}
    after = (folder / "web.tsv").read_text(encoding="utf-8")
    assert after == web.replace("lang.switch\tChange\tWijzigen\tChanger", "lang.switch\tChange\tWisselen\tChanger")


def test_a_stale_translation_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "messages"
    shutil.copytree(messages_folder(), folder)
    (po_file,) = export_po(folder, tmp_path / "po", ["fr"])
    _translate(po_file, {"lang.switch": ("Basculer", False)})
    web = folder / "web.tsv"
    web.write_text(web.read_text(encoding="utf-8").replace("lang.switch\tChange\t", "lang.switch\tSwitch\t"), "utf-8")
    report = import_po(po_file, folder)
    assert "stale" in report.refused["lang.switch"]
    assert "lang.switch\tSwitch\tWijzigen\tChanger" in web.read_text(encoding="utf-8")


def test_po_entries_carry_their_key_location_and_format_flag(tmp_path: Path) -> None:
    catalog = catalog_of(messages_folder(), "fr")
    message = catalog.get("of {lots} lots in scope", context="dashboard.uptake_of")
    assert message is not None and message.string == "sur {lots} lots concernés"
    assert "python-brace-format" in message.flags
    assert message.locations[0][0] == "messages/web.tsv"


def test_a_file_with_windows_line_ends_is_read_and_rewritten_alike(tmp_path: Path) -> None:
    """Reading entries and rewriting a cell go through one row reader: a file saved with CRLF line ends gives
    the same texts as with LF ends, and a French translation (the line's last cell) lands in it."""
    folder = tmp_path / "messages"
    folder.mkdir()
    lines = ["# comment", "key\ten\tnl\tfr", "lang.switch\tChange\tWijzigen\tChanger", "other\tOther\tAnder\tAutre"]
    (folder / "web.tsv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    found = {entry.key: (entry.texts, entry.line) for entry in entries(folder)}
    assert found["lang.switch"] == ({"en": "Change", "nl": "Wijzigen", "fr": "Changer"}, 3)
    (po_file,) = export_po(folder, tmp_path / "po", ["fr"])
    _translate(po_file, {"lang.switch": ("Basculer", False)})
    report = import_po(po_file, folder)
    assert report.changed == ["lang.switch"]
    lines[2] = "lang.switch\tChange\tWijzigen\tBasculer"
    assert (folder / "web.tsv").read_bytes() == ("\r\n".join(lines) + "\r\n").encode("utf-8")
