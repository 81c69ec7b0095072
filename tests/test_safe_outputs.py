"""Outputs that never destroy: exports refuse folders that are not theirs, every writing command turns an
operating-system failure into one line with a code (exit 3), files honour the umask, readers create nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.outputs.atomic import atomic_text_file, current_umask
from sppmon.outputs.oserrors import os_error_code, os_error_line

from .conftest import FIXTURES


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "s.duckdb")
    code, _, err = _run("ingest", str(FIXTURES / "eforms"), "--db", path, "--no-progress")
    assert code in (0, 1), err
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_export_refuses_a_folder_of_foreign_files_and_leaves_it_intact(kind: str, db: str, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"years of work")
    (target / "sub").mkdir()
    (target / "sub" / "notes.txt").write_text("more work")
    before = _tree(target)
    code, _, err = _run("export", kind, str(target), "--db", db)
    assert code == 3
    assert err.count("\n") == 1 and "EXPORT_TARGET_FOREIGN" in err and "Traceback" not in err
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no building folder left beside it


def test_export_refuses_the_current_folder(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "keep.txt").write_text("keep")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("export", "csv", ".", "--db", db)
    assert code == 3 and "EXPORT_TARGET_FOREIGN" in err
    assert (tmp_path / "keep.txt").read_text() == "keep"


def test_export_refuses_the_store_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dbdir"
    store = folder / "store.duckdb"
    assert _run("ingest", str(FIXTURES / "eforms"), "--db", str(store), "--no-progress")[0] in (0, 1)
    before = _tree(folder)
    for target in (folder, tmp_path):
        code, _, err = _run("export", "parquet", str(target), "--db", str(store))
        assert code == 3 and "EXPORT_TARGET_HOLDS_STORE" in err, err
    assert _tree(folder) == before


def test_export_refuses_a_regular_file(db: str, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("a,b\n")
    code, _, err = _run("export", "csv", str(target), "--db", db)
    assert code == 3 and "EXPORT_TARGET_NOT_FOLDER" in err
    assert target.read_text() == "a,b\n"


def test_export_replaces_its_own_previous_export_and_an_empty_folder(db: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    assert _run("export", "csv", str(target), "--db", db)[0] == 0
    assert (target / ".sppmon-export").is_file() and (target / "manifest.json").is_file()
    stale = target / "notices" / "notice_year=1999" / "part-0.csv"  # a year the store no longer holds
    stale.parent.mkdir()
    stale.write_text("old")
    assert _run("export", "parquet", str(target), "--db", db)[0] == 0
    assert not stale.exists() and (target / "notices").is_dir()
    assert _run("export", "csv", str(target), "--db", db)[0] == 0  # from parquet back to csv


@pytest.mark.parametrize("added", ["notes.txt", "notices/notes.txt", "notices/notice_year=2024/notes.txt", "mine/"])
def test_export_refuses_a_previous_export_holding_files_someone_added(added: str, db: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    assert _run("export", "csv", str(target), "--db", db)[0] == 0
    path = target / added
    path.parent.mkdir(parents=True, exist_ok=True)
    if added.endswith("/"):
        path.mkdir()
    else:
        path.write_text("precious")
    before = _tree(target)
    code, _, err = _run("export", "csv", str(target), "--db", db)
    assert code == 3 and err.count("\n") == 1 and "EXPORT_TARGET_FOREIGN" in err, err
    assert "holds 1 entry (" in err
    assert _tree(target) == before and path.exists()


def test_export_files_honour_the_umask(db: str, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert _run("export", "csv", str(tmp_path / "out"), "--db", db)[0] == 0
        report = tmp_path / "r.html"
        assert _run("report", "cvd", "--out", str(report), "--db", db)[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "out" / "manifest.json").stat().st_mode & 0o777 == 0o644
    assert report.stat().st_mode & 0o777 == 0o644


def _writing_commands(db: str, target: Path) -> list[list[str]]:
    eforms = str(FIXTURES / "eforms" / "cn_sdk10_strategic.xml")
    return [
        ["report", "cvd", "--out", str(target / "r.html"), "--db", db],
        ["report", "annual", "--year", "2024", "--out", str(target / "r.xlsx"), "--db", db],
        ["export", "csv", str(target / "csv"), "--db", db],
        ["export", "parquet", str(target / "pq"), "--db", db],
        ["export", "ocds", str(target / "o.json"), "--db", db],
        ["extract", eforms, "-o", str(target / "x.jsonl")],
        ["indicators", "cvd", "--format", "csv", "--out", str(target / "i.csv"), "--db", db],
        ["indicators", "cvd", "--format", "xlsx", "--out", str(target / "i.xlsx"), "--db", db],
        ["plan", "template", "--out", str(target / "t.xlsx")],
        ["plan", "template", "--out", str(target / "t.csv")],
        ["generate", str(target / "g.tar.gz"), "--count", "3"],
        ["generate", str(target / "gdir"), "--count", "3", "--layout", "dir"],
        ["demo", "--notices", "10", "--workdir", str(target / "demo")],
    ]


@pytest.mark.parametrize("depth", ["in-the-file", "below-the-file"])
@pytest.mark.parametrize("index", range(13))
def test_every_writing_command_reports_an_unwritable_target_in_one_line(
    index: int, depth: str, db: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    args = _writing_commands(db, blocker if depth == "in-the-file" else blocker / "sub")[index]
    code, out, err = _run(*args)
    assert code == 3, (args, out, err)
    errors = [line for line in err.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and errors[0].startswith("sppmon: error: OS_PATH_MISSING: "), err
    assert "Traceback" not in out + err
    assert blocker.read_text().startswith("a file")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no file can be created")
def test_an_os_error_line_names_the_target_not_the_temporary_file(db: str) -> None:
    code, _, err = _run("report", "cvd", "--out", "/proc/r.html", "--db", db)
    assert code == 3 and err.startswith("sppmon: error: OS_") and "/proc/r.html:" in err, err
    assert ".part" not in err


def test_a_failed_rename_names_the_target(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.html"

    def refused(source: str, destination: str) -> None:
        raise OSError(errno.EACCES, "Permission denied", source, None, destination)

    monkeypatch.setattr(os, "replace", refused)
    code, _, err = _run("report", "cvd", "--out", str(target), "--db", db)
    assert code == 3 and err == f"sppmon: error: OS_PERMISSION_DENIED: {target}: Permission denied\n"
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_nothing_half_written(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.html"
    target.write_text("previous report")

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(os, "replace", full)
    code, _, err = _run("report", "cvd", "--out", str(target), "--db", db)
    assert code == 3 and "OS_DISK_FULL" in err
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (errno.EROFS, "OS_READ_ONLY"),
        (errno.EACCES, "OS_PERMISSION_DENIED"),
        (errno.ENOENT, "OS_PATH_MISSING"),
        (errno.ENOSPC, "OS_DISK_FULL"),
        (errno.EISDIR, "OS_IS_A_FOLDER"),
        (errno.EIO, "OS_ERROR"),
    ],
)
def test_os_errors_map_to_stable_codes(number: int, code: str) -> None:
    error = OSError(number, os.strerror(number), "/some/where")
    assert os_error_code(error) == code
    assert os_error_line(error) == f"{code}: /some/where: {os.strerror(number)}"


def test_atomic_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        with atomic_text_file(tmp_path / "a.txt") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("command", [["stats"], ["indicators", "cvd"], ["export", "csv", "out"]])
def test_read_only_commands_create_no_folders_for_a_wrong_db(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(*command, "--db", str(tmp_path / "typo" / "deeper" / "s.duckdb"))
    assert code == 3 and err.startswith("sppmon: error: STORE_NOT_FOUND: no store at ")
    assert list(tmp_path.iterdir()) == []
