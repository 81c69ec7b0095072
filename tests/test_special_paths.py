"""A FIFO or a device named directly (as an argument, or in the ``-`` list on standard input) is refused with
``SOURCE_NOT_REGULAR`` by every command that reads a named file, never opened to wait or read forever.

Each command runs in its own process under a time limit (and a memory limit, for ``/dev/zero``): a regression
fails here instead of hanging the test run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

SECONDS = 60  # start-up on a loaded machine takes a few seconds; a hang would never end
MEMORY = 2 * 1024**3  # reading /dev/zero whole would pass this at once


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _special(kind: str, tmp_path: Path) -> str:
    if kind == "dev-zero":
        return "/dev/zero"
    os.mkfifo(tmp_path / "named.xml")
    return str(tmp_path / "named.xml")


def _run(arguments: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SPPMON_DB": str(tmp_path / "store.duckdb"), "XDG_DATA_HOME": str(tmp_path)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "sppmon", *arguments],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=SECONDS,
            env=environment,
            preexec_fn=_limited,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"sppmon {' '.join(arguments)} still running after {SECONDS} s")


COMMANDS = {
    "ingest": (["ingest", "{path}"], 1),
    "ingest-stdin-list": (["ingest", "-"], 1),
    "extract": (["extract", "{path}"], 1),
    "check": (["check", "{path}"], 3),
    "lcc": (["lcc", "{path}"], 3),
    "plan-urgency": (["plan", "urgency", "{path}"], 3),
}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_special_file_named_directly_is_refused_at_once(command: str, kind: str, tmp_path: Path) -> None:
    path = _special(kind, tmp_path)
    template, exit_code = COMMANDS[command]
    arguments = [part.replace("{path}", path) for part in template]
    done = _run(arguments, tmp_path, stdin=path + "\n" if "-" in arguments else "")
    assert done.returncode == exit_code, done.stderr
    output = done.stdout + done.stderr
    assert "SOURCE_NOT_REGULAR" in output and "SOURCE_NOT_FOUND" not in output
    assert "Traceback" not in output
