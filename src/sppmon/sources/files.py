"""Local sources: files, folders (recursive), tar/tar.gz/tgz packages (nested too), gzip files, and ``-``
(a list of paths on standard input). Streams archives member by member; nothing is unpacked to disk.

Yields :class:`Item` records: the bytes of one notice with its origin (``package.tar.gz!daily.tar.gz!x.xml``),
or a catalogued error for a path, an archive or a member that could not be read. A truncated or corrupt
archive yields the members read before the break, then one error.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import tarfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ..errors import CatalogedError
from ..records import quick_init
from .bounds import BoundedTarInfo, CountingReader, ExpansionGuard, name_problem, short_name
from .regular import is_special, not_regular, open_descriptor, read_at_most, read_regular

# Files picked up inside folders; explicit paths are sniffed by content whatever their name.
FOLDER_SUFFIXES = (".xml", ".tar", ".tar.gz", ".tgz", ".gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_GZIP_MAGIC = b"\x1f\x8b"
_BZIP2_MAGIC = b"BZh"
_XZ_MAGIC = b"\xfd7zXZ\x00"
_TAR_MAGIC_OFFSET = 257
_CHUNK = 1 << 16
# A plain file up to this size (most notices: tens of KB) is read whole when it is opened to look at its head,
# instead of being opened again to be read: a folder of notices costs one open and one read per file. Larger
# files travel by path, so that worker processes read them themselves.
SMALL_FILE = 1 << 20


@quick_init
@dataclass(frozen=True, slots=True)
class Item:
    """One notice to read: its bytes, or the path of a plain file over :data:`SMALL_FILE` (read where it is
    parsed, so that worker processes read large files themselves instead of receiving their bytes), or the error
    that stopped it."""

    origin: str
    data: bytes | None = None
    error: CatalogedError | None = None
    path: str | None = None
    sha256: str | None = None  # hex SHA-256 of ``data`` once computed (ingest hashes before parsing)
    # ingest: this item's place in its lookup group, and the notice keys whose stored copy the group repeats
    # byte for byte, with the last place of that copy (pipeline._UnknownItems)
    later: tuple[int, Mapping[str, int]] | None = None

    def load(self) -> Item:
        """The item with its bytes in memory (a vanished or unreadable file becomes an error)."""
        if self.data is not None or self.path is None:
            return self
        try:
            return Item(self.origin, data=read_regular(self.path), sha256=self.sha256)
        except CatalogedError as exc:  # swapped for a FIFO or device since it was listed
            return Item(self.origin, error=exc)
        except OSError as exc:
            return Item(self.origin, error=CatalogedError("SOURCE_NOT_FOUND", f"cannot read {self.path}: {exc}"))


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024  # one notice (a plain member or file)
    max_depth: int = 4
    max_archive_bytes: int = 16 * 1024**3  # one archive member that is itself an archive (read as a stream)


def iter_paths(paths: Iterable[str], stdin: IO[str] | None = None) -> Iterator[str]:
    """Expand ``-`` into the paths listed on standard input (one per line, blank lines ignored)."""
    for path in paths:
        if path == "-":
            if stdin is None:
                import sys

                stdin = sys.stdin
            for line in stdin:
                if line.strip():
                    yield line.strip()
        else:
            yield path


def iter_items(paths: Iterable[str], limits: Limits | None = None, stdin: IO[str] | None = None) -> Iterator[Item]:
    limits = limits or Limits()
    for path in iter_paths(paths, stdin):
        yield from _from_path(Path(path), limits)


def _from_path(path: Path, limits: Limits) -> Iterator[Item]:
    if path.is_dir():
        folder = str(path)
        for entry in sorted(_walk(folder), key=_entry_path):
            problem = _entry_problem(entry, folder)
            if problem is not None:
                yield Item(entry.path, error=problem)
            else:
                yield from _from_file(entry.path, limits)
    elif is_special(path):  # a FIFO, device or socket named directly: never opened
        yield Item(str(path), error=not_regular(path))
    elif path.is_file():
        yield from _from_file(path, limits)
    else:
        yield Item(str(path), error=CatalogedError("SOURCE_NOT_FOUND", f"{path} does not exist or is not a file"))


def _walk(folder: str) -> Iterator[os.DirEntry[str]]:
    """The entries of the files to read under ``folder``, at any depth: hidden files and folders are left out,
    links to folders are not followed, and a folder that cannot be listed is passed over (as ``os.walk`` does).
    Directory entries, not paths: the type of most entries is known without asking the file system again."""
    pending = [folder]
    while pending:
        try:
            listing = os.scandir(pending.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if _is_folder(entry):
                    if not entry.is_symlink():
                        pending.append(entry.path)
                elif entry.name.lower().endswith(FOLDER_SUFFIXES):
                    yield entry


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a link to a folder too (which is then passed over)
    except OSError:
        return False


_entry_path = attrgetter("path")


def _entry_problem(entry: os.DirEntry[str], folder: str) -> CatalogedError | None:
    """Why a folder entry must not be opened: a FIFO, device or socket (opening one can wait forever), or a link
    that leads out of the folder or nowhere (reading it would read what the folder's owner did not give)."""
    try:
        if entry.is_symlink():
            target = Path(os.path.realpath(entry.path))
            if not target.is_relative_to(os.path.realpath(folder)):
                return CatalogedError("SOURCE_LINK_OUTSIDE", f"{entry.path} links to {target}, outside {folder}")
            regular = stat.S_ISREG(entry.stat().st_mode)
        else:
            regular = entry.is_file(follow_symlinks=False)
    except OSError as exc:  # a dangling link, a link loop, a file removed meanwhile
        return CatalogedError("SOURCE_LINK_OUTSIDE", f"{entry.path}: {exc.strerror}")
    return None if regular else not_regular(entry.path)


def iter_file(path: Path, limits: Limits | None = None, origin: str | None = None) -> Iterator[Item]:
    """The items of one file (XML, compressed file or archive), their origins starting with ``origin`` (for
    example the URL a package was downloaded from) instead of the local path."""
    yield from _from_file(path, limits or Limits(), origin)


def _from_file(path: Path | str, limits: Limits, origin: str | None = None) -> Iterator[Item]:
    origin = origin or str(path)
    try:
        descriptor, size = open_descriptor(path)
        try:
            # Asked for no more than the file holds (one byte beyond: its end is then seen): a read of a whole MiB
            # allocates and maps a MiB for every file, 35 µs of a folder's 20 KB notices, twice their reading.
            asked = min(SMALL_FILE, limits.max_bytes + 1, size + 1)
            head = read_at_most(descriptor, asked)
            if _is_compressed(head) or _is_tar(head):
                os.lseek(descriptor, 0, os.SEEK_SET)
                os.set_blocking(descriptor, True)
                handle = os.fdopen(descriptor, "rb")
                descriptor = -1  # the handle's now
                with handle:
                    yield from _from_stream(handle, origin, limits, depth=1)
                return
            whole = len(head) < asked  # a short read of a regular file ends at its end: the whole file is here
            if not whole:
                size = os.fstat(descriptor).st_size  # grown since it was opened, perhaps
        finally:
            if descriptor >= 0:
                os.close(descriptor)
        if whole:
            yield Item(origin, data=head)
        elif size > limits.max_bytes:
            yield Item(origin, error=_too_large(size, limits))
        else:
            yield Item(origin, path=str(path))
    except CatalogedError as exc:
        yield Item(origin, error=exc)
    except OSError as exc:
        yield Item(origin, error=CatalogedError("SOURCE_NOT_FOUND", f"cannot read {path}: {exc.strerror}"))


def _is_compressed(head: bytes) -> bool:
    return head.startswith((_GZIP_MAGIC, _BZIP2_MAGIC, _XZ_MAGIC))


def _is_tar(head: bytes) -> bool:
    return head[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar"


def _too_large(size: int, limits: Limits) -> CatalogedError:
    return CatalogedError("XML_TOO_LARGE", f"{size:,} bytes, limit {limits.max_bytes:,}")


def _decompressor(stream: IO[bytes], head: bytes) -> IO[bytes]:
    if head.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if head.startswith(_BZIP2_MAGIC):
        return bz2.BZ2File(stream, mode="rb")
    return lzma.LZMAFile(stream, mode="rb")


def _buffered(stream: IO[bytes]) -> io.BufferedReader:
    """A reader that can ``peek`` (file handles and tar members already are)."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, _CHUNK)  # type: ignore[arg-type]


def _head(stream: io.BufferedReader[Any]) -> bytes:
    return stream.peek(_TAR_MAGIC_OFFSET + 8)[: _TAR_MAGIC_OFFSET + 8]


def _from_stream(stream: IO[bytes], origin: str, limits: Limits, depth: int) -> Iterator[Item]:
    """A (possibly compressed) tar or a single compressed file, read as a stream."""
    if depth > limits.max_depth:
        yield Item(origin, error=CatalogedError("ARCHIVE_TOO_DEEP", f"nesting deeper than {limits.max_depth}"))
        return
    try:
        buffered = _buffered(stream)
        head = _head(buffered)
        if _is_compressed(head):
            compressed = CountingReader(buffered)
            with _decompressor(io.BufferedReader(compressed, _CHUNK), head) as plain:
                inner = io.BufferedReader(ExpansionGuard(plain, compressed), _CHUNK)
                inner_head = _head(inner)
                if _is_tar(inner_head):
                    yield from _from_tar(inner, origin, limits, depth)
                    _drain(inner)  # reading to the end verifies the gzip length and CRC trailer
                else:
                    yield _read_single(inner, origin, limits)
        elif _is_tar(head):
            yield from _from_tar(buffered, origin, limits, depth)
        else:
            yield _read_single(buffered, origin, limits)
    except (EOFError, zlib.error, gzip.BadGzipFile, tarfile.ReadError, lzma.LZMAError, OSError) as exc:
        yield Item(origin, error=_archive_error(exc))
    except CatalogedError as exc:  # a stream that expands too much (sources.bounds)
        yield Item(origin, error=exc)


def _archive_error(exc: BaseException) -> CatalogedError:
    message = str(exc) or type(exc).__name__
    truncated = isinstance(exc, EOFError) or "unexpected end" in message or "end-of-stream" in message
    return CatalogedError("ARCHIVE_TRUNCATED" if truncated else "ARCHIVE_CORRUPT", message)


def _drain(stream: IO[bytes]) -> None:
    while stream.read(_CHUNK):
        pass


def _read_single(stream: IO[bytes], origin: str, limits: Limits, size: int | None = None) -> Item:
    """The notice a stream holds, up to the notice limit. ``size``: the bytes it says it holds (an archive
    member's header). A read asks for no more than that: a buffered read allocates what it is asked for, and
    asking each member of a package for the whole limit (64 MiB) cost 0.12 s of the 0.41 s that listing the
    3,163 members of the TED package took."""
    wanted = limits.max_bytes if size is None else min(size, limits.max_bytes)
    data = stream.read(wanted + 1)
    if len(data) > limits.max_bytes:
        return Item(origin, error=_too_large(len(data), limits))
    return Item(origin, data=data)


def _from_tar(stream: IO[bytes], origin: str, limits: Limits, depth: int) -> Iterator[Item]:
    seen: set[str] = set()
    with tarfile.open(fileobj=stream, mode="r|", tarinfo=BoundedTarInfo) as archive:
        for member in archive:
            member_origin = f"{origin}!{short_name(member.name)}"
            if member.isdir():
                continue
            problem = _member_problem(member, seen, limits)
            seen.add(member.name)
            if problem is not None:
                yield Item(member_origin, error=problem)
                continue
            extracted = archive.extractfile(member)
            if extracted is None:
                continue
            handle = _buffered(extracted)
            head = _head(handle)
            if _is_compressed(head) or _is_tar(head):
                yield from _from_stream(handle, member_origin, limits, depth + 1)
                _drain(handle)  # leave the outer stream at the next member whatever the inner one did
            else:
                yield _read_single(handle, member_origin, limits, member.size)


def _member_problem(member: tarfile.TarInfo, seen: set[str], limits: Limits) -> CatalogedError | None:
    name = member.name
    too_long = name_problem(member)
    if too_long is not None:
        return too_long
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return CatalogedError("ARCHIVE_UNSAFE_MEMBER", f"member path {name!r} is absolute or leaves the archive")
    if not member.isfile():
        return CatalogedError("ARCHIVE_UNSAFE_MEMBER", f"member {name!r} is a link or special file")
    if name in seen:
        return CatalogedError("ARCHIVE_DUPLICATE_MEMBER", f"member {name!r} appears more than once")
    # Whatever its name, a member is read under a cap: archives (streamed) under the larger one, and a member
    # named like an archive that holds plain bytes is still read only up to the notice limit (_read_single).
    limit = limits.max_archive_bytes if name.lower().endswith(FOLDER_SUFFIXES[1:]) else limits.max_bytes
    if member.size > limit:
        return CatalogedError("ARCHIVE_MEMBER_TOO_LARGE", f"member {name!r} has {member.size:,} bytes")
    return None


HEAD_BYTES = _TAR_MAGIC_OFFSET + 8  # enough of a file's start to tell a package from a notice


def is_package(head: bytes) -> bool:
    """Whether a file whose first :data:`HEAD_BYTES` bytes are ``head`` is a package (a tar or a compressed file)."""
    return _is_compressed(head) or _is_tar(head)
