"""Shared pieces of the command-line shell: exit codes, common options, error handling, progress display."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from ..errors import SppmonError

# Exit codes (documented in docs/cli.md).
EXIT_OK = 0
EXIT_REJECTED = 1  # the command completed, but one or more inputs were rejected (see the summary)
EXIT_USAGE = 2  # wrong options or arguments (click's own code)
EXIT_FAILED = 3  # the command could not run: store, configuration or network problem

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH|URL",
        help="Store: a DuckDB file (default: SPPMON_DB or the user data folder) or a postgresql:// URL.",
    )(function)


def handle_errors(function: F) -> F:
    """Turn sppmon's own errors and the operating system's (read-only, missing, no permission, disk full) into a
    one-line message with a code and exit code 3: a person needs what failed and where, not a traceback. A
    command given ``--lang nl`` or ``--lang fr`` says it in that language (see :func:`error_line`)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (SppmonError, OSError) as exc:
            click.echo(f"sppmon: {error_line(exc, kwargs.get('lang'))}", err=True)
            sys.exit(EXIT_FAILED)
        except Exception as exc:
            if not _database_out_of_memory(exc):
                raise
            from ..errors import StoreProblem

            problem = StoreProblem("STORE_OUT_OF_MEMORY", " ".join(str(exc).split("\n")[0].split()))
            click.echo(f"sppmon: {error_line(problem, kwargs.get('lang'))}", err=True)
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


def _database_out_of_memory(exc: BaseException) -> bool:
    """DuckDB's out-of-memory error (recognised by name: the command line does not import the database)."""
    kind = type(exc)
    return kind.__name__ == "OutOfMemoryException" and kind.__module__.lstrip("_").startswith("duckdb")


def error_line(exc: SppmonError | OSError, lang: object = None) -> str:
    """``error: CODE: detail`` in English; in Dutch or French the code's title from the catalogue comes first,
    ``fout: <title> (CODE): detail``, the detail in that language where the error has it (life-cycle cost and
    amount problems), else as the error gives it (a path, the system's reason)."""
    from ..errors import CatalogedError
    from ..outputs.oserrors import os_error_code, os_error_line

    if lang not in ("nl", "fr"):
        return f"error: {os_error_line(exc) if isinstance(exc, OSError) else exc}"
    from .wording import t

    assert isinstance(lang, str)
    if isinstance(exc, OSError):
        code, detail = os_error_code(exc), os_error_line(exc).split(": ", 1)[-1]
    elif isinstance(exc, CatalogedError):
        message_in = getattr(exc, "message_in", None)  # errors whose detail is a catalogue text
        code, detail = exc.code, str(message_in(lang)) if callable(message_in) else exc.message
    else:
        from ..guide.texts import colon

        return f"{t('cli.error.word', lang)}{colon(lang)} {exc}"
    title = t(f"errorcode.{code}", lang)
    if code in _TITLE_SAYS_ALL:  # the detail would only repeat the title, in English
        return t("cli.error.titled", lang, title=title, code=code)
    return t("cli.error.line", lang, title=title, code=code, detail=detail)


_TITLE_SAYS_ALL = frozenset({"STORE_NEEDS_MIGRATION", "STORE_TOO_NEW"})


class Progress:
    """Live count with rate and rejections on a terminal; silent otherwise (logs, pipes, CI)."""

    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Any = None
        self._task: Any = None
        self._last = 0.0

    @contextmanager
    def running(self) -> Iterator[Progress]:
        if not self.enabled:
            yield self
            return
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed:,.0f} notices"),
            TextColumn("{task.fields[rate]:,.0f}/s"),
            TextColumn("rejected {task.fields[rejected]:,}"),
            TimeElapsedColumn(),
        )
        with RichProgress(*columns, console=console, transient=True) as progress:
            self._progress = progress
            self._task = progress.add_task(self.label, total=None, rate=0.0, rejected=0)
            self._started = time.perf_counter()
            yield self

    def update(self, done: int, rejected: int) -> None:
        if self._progress is None:
            return
        now = time.perf_counter()
        if now - self._last < 0.1:
            return
        self._last = now
        rate = done / max(now - self._started, 1e-9)
        self._progress.update(self._task, completed=done, rate=rate, rejected=rejected)


@contextmanager
def output_to(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file that appears only when complete (see ``outputs.atomic``)."""
    if path is None:
        yield sys.stdout
    else:
        from ..outputs.atomic import atomic_text_file

        with atomic_text_file(path) as handle:
            yield handle


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"
