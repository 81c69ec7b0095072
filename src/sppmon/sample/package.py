"""Writing generated notices to disk the way TED publishes them: a folder of XML files, one package, or
monthly packages holding daily packages."""

from __future__ import annotations

import gzip
import io
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .generator import SampleGenerator
from .writer import notice_xml

LAYOUTS = ("dir", "package", "nested")


def _tar_member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000  # fixed, so that the same seed gives the same bytes
    archive.addfile(info, io.BytesIO(data))


def _tar_gz(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for name, data in members:
            _tar_member(archive, name, data)
    return buffer.getvalue()


def write_sample(target: Path, count: int, seed: int = 2024, layout: str = "package") -> Path:
    """Generate ``count`` notices into ``target``; returns the path to ingest.

    ``dir``: XML files in a folder; ``package``: one ``.tar.gz``; ``nested``: one ``.tar`` of monthly
    ``.tar.gz`` packages, each holding daily ``.tar.gz`` packages (as TED's bulk downloads do).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    generator = SampleGenerator(seed)
    if layout == "dir":
        target.mkdir(parents=True, exist_ok=True)
        for name, data in generator.notices(count):
            (target / name).write_bytes(data)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if layout == "package":
        target.write_bytes(_tar_gz(generator.notices(count)))
        return target
    _write_nested(generator, count, target)
    return target


def _write_nested(generator: SampleGenerator, count: int, target: Path) -> None:
    """Notices go to day folders on disk first, so that memory stays flat whatever ``count`` is."""
    with tempfile.TemporaryDirectory(prefix=".sample-", dir=target.parent) as scratch:
        days = Path(scratch)
        for draft in generator.drafts(count):
            folder = days / draft.issue_date.strftime("%Y%m%d")
            folder.mkdir(exist_ok=True)
            (folder / draft.file_name).write_bytes(notice_xml(draft))
        by_month: dict[str, list[Path]] = defaultdict(list)
        for folder in sorted(days.iterdir()):
            by_month[folder.name[:6]].append(folder)
        with tarfile.open(target, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for month, folders in sorted(by_month.items()):
                dailies = (
                    (
                        f"{folder.name}_daily.tar.gz",
                        _tar_gz((p.name, p.read_bytes()) for p in sorted(folder.iterdir())),
                    )
                    for folder in folders
                )
                _tar_member(archive, f"{month}_monthly.tar.gz", _tar_gz(dailies))
