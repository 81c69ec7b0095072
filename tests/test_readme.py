"""The README's own examples work: every command of its code blocks runs, in order, in a fresh folder that
sees the project's ``tests/`` and ``docs/`` (the files the examples name), and ends with the exit code the
README gives (``# exit code N``, else 0) and without a traceback. Each command's output is not compared: the
figures depend on the machine and the day."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXPECTED_EXIT = re.compile(r"#\s*exit code (\d+)")
# Commands the test cannot run, and why; everything else in the README is run.
NOT_RUN = {
    "./scripts/test": "the test suite itself",
    "sppmon sync": "fetches from TED over the network",
    "sppmon serve": "serves until stopped (the web tests start the app)",
}
# The demo script installs the package first (done here already) and generates 6,000 notices; the test runs the
# same command with fewer notices to stay fast.
INSTEAD = {"./scripts/demo": "sppmon demo --notices 1500"}


def readme_commands(text: str) -> list[str]:
    """The commands of the README's code blocks, in order: lines after a ``$`` prompt, or blocks of bare
    ``./scripts/…`` lines. Other lines are output."""
    commands = []
    for block in BLOCK.findall(text):
        lines = [line for line in block.splitlines() if line.strip()]
        prompted = [line[2:] for line in lines if line.startswith("$ ")]
        if prompted:
            commands += prompted
        elif lines and all(line.startswith("./scripts/") for line in lines):
            commands += lines
    return commands


def expected_exit(command: str) -> int:
    found = EXPECTED_EXIT.search(command)
    return int(found.group(1)) if found else 0


def test_readme_commands_are_found() -> None:
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert commands[0] == "./scripts/demo" and any(command.startswith("sppmon report") for command in commands)
    assert expected_exit("sppmon ingest broken.xml --db x  # exit code 1") == 1 and expected_exit("ls") == 0


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path: Path) -> None:
    for name in ("tests", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("SPPMON_DB", None)
    failures = []
    for command in readme_commands((ROOT / "README.md").read_text(encoding="utf-8")):
        if any(command.startswith(prefix) for prefix in NOT_RUN):
            continue
        shell = INSTEAD.get(command, command)
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", shell],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != expected_exit(command) or "Traceback" in done.stderr + done.stdout:
            failures.append(f"$ {command}\nexit {done.returncode}\n{done.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)
