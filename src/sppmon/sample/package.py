"""Writing generated notices to disk the way TED publishes them: a folder of XML files, one package, or
monthly packages holding daily packages."""

from __future__ import annotations

import gzip
import io
import multiprocessing
import os
import struct
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..outputs.atomic import atomic_binary_file, make_folders, write_bytes_atomically
from .generator import SampleGenerator
from .writer import notice_xml

LAYOUTS = ("dir", "package", "nested")


def _tar_member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000  # fixed, so that the same seed gives the same bytes
    archive.addfile(info, io.BytesIO(data))


def _tar_gz(members: Iterable[tuple[str, bytes]], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=level) as compressed,
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
        make_folders(target)
        for name, data in generator.notices(count):
            write_bytes_atomically(target / name, data)
        return target
    make_folders(target.parent)
    if layout == "package":
        write_bytes_atomically(target, _tar_gz(generator.notices(count)))
        return target
    _write_nested(generator, count, target)
    return target


def _write_nested(generator: SampleGenerator, count: int, target: Path) -> None:
    """Notices are spooled to one file per day first, so that memory stays flat whatever ``count`` is; the
    monthly packages are then compressed in worker processes (compression is most of the time)."""
    with tempfile.TemporaryDirectory(prefix=".sample-", dir=target.parent) as scratch:
        spool = _DaySpool(Path(scratch))
        for draft in generator.drafts(count):
            spool.add(draft.issue_date.strftime("%Y%m%d"), draft.file_name, notice_xml(draft))
        spool.flush()
        by_month: dict[str, list[Path]] = defaultdict(list)
        for day_file in sorted(spool.folder.iterdir()):
            by_month[day_file.name[:6]].append(day_file)
        months = sorted(by_month.items())
        workers = min(len(months), os.cpu_count() or 1)
        with (
            atomic_binary_file(target) as sink,
            tarfile.open(fileobj=sink, mode="w", format=tarfile.PAX_FORMAT) as archive,
            multiprocessing.get_context("fork").Pool(max(workers, 1)) as pool,
        ):
            packages = pool.imap(_monthly_package, [day_files for _, day_files in months])
            for (month, _), package in zip(months, packages, strict=True):
                _tar_member(archive, f"{month}_monthly.tar.gz", package)


def _monthly_package(day_files: list[Path]) -> bytes:
    dailies = ((f"{path.name}_daily.tar.gz", _tar_gz(sorted(_DaySpool.read(path)))) for path in day_files)
    # Daily packages are compressed already: the monthly layer only needs the gzip format, not effort.
    return _tar_gz(dailies, level=1)


class _DaySpool:
    """Generated notices appended to one file per day, buffered so that a file is opened per flush, not per
    notice. A record is the name's and the data's lengths, then both."""

    FLUSH_BYTES = 64 * 1024 * 1024
    _HEADER = struct.Struct(">II")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._buffers: dict[str, list[bytes]] = defaultdict(list)
        self._buffered = 0

    def add(self, day: str, name: str, data: bytes) -> None:
        encoded = name.encode()
        self._buffers[day] += [self._HEADER.pack(len(encoded), len(data)), encoded, data]
        self._buffered += len(data)
        if self._buffered >= self.FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        for day, parts in self._buffers.items():
            with (self.folder / day).open("ab") as handle:
                handle.write(b"".join(parts))
        self._buffers.clear()
        self._buffered = 0

    @classmethod
    def read(cls, path: Path) -> Iterator[tuple[str, bytes]]:
        content = memoryview(path.read_bytes())
        offset = 0
        while offset < len(content):
            name_length, data_length = cls._HEADER.unpack_from(content, offset)
            offset += cls._HEADER.size
            name = bytes(content[offset : offset + name_length]).decode()
            offset += name_length
            yield name, bytes(content[offset : offset + data_length])
            offset += data_length
