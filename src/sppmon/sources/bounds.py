"""Bounds on what one archive may cost: member names, header sizes and the expansion of compressed streams.

A tar member's name may be carried in a PAX or GNU long-name header of any size, which the standard library
reads whole into memory before the member is even seen; a compressed stream may expand a thousandfold. Both are
bounded here by design, whatever the members are called: an over-long header is known by the size in its block
and skipped in chunks (the member it names is then rejected with ``ARCHIVE_MEMBER_NAME_TOO_LONG`` and the archive
goes on; when skipping it would expand the stream too much, the member gets the same code, for the length came
first, and the archive stops there), and a decompressed stream
that outgrows its compressed input by more than :data:`EXPANSION_RATIO` (after a first allowance) stops with
``ARCHIVE_EXPANDS_TOO_MUCH``. Real notices compress about 10 to 20 times; bombs, a thousand times and more.
"""

from __future__ import annotations

import io
import tarfile
from typing import IO, Any

from ..errors import CatalogedError

HEADER_LIMIT = 64 * 1024  # bytes of a PAX / GNU long-name header (a path, a few attributes)
NAME_LIMIT = 1024  # characters of a member name
EXPANSION_RATIO = 200  # decompressed bytes per compressed byte, beyond the allowance
EXPANSION_ALLOWANCE = 64 * 1024 * 1024  # decompressed bytes always allowed (a small but very regular file)
_SKIP_CHUNK = 1 << 16
_LONG_HEADERS = (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK, tarfile.XHDTYPE, tarfile.XGLTYPE)


class BoundedTarInfo(tarfile.TarInfo):
    """A tar header reader that skips, rather than reads, an extended header longer than :data:`HEADER_LIMIT`.

    The member that follows keeps its short (ustar) name and is marked with ``header_bytes``, so that the caller
    rejects it with a code and reads on.
    """

    header_bytes = 0

    def _proc_member(self, tarfile_: Any) -> Any:
        if self.type not in _LONG_HEADERS or self.size <= HEADER_LIMIT:
            return super()._proc_member(tarfile_)  # type: ignore[misc]
        try:
            _skip_bytes(tarfile_.fileobj, self._block(self.size))  # type: ignore[attr-defined]
        except CatalogedError as exc:  # the header is a bomb too: its length was the first verdict
            raise CatalogedError(
                "ARCHIVE_MEMBER_NAME_TOO_LONG",
                f"an extended header of {self.size:,} bytes (limit {HEADER_LIMIT:,}); the rest of the archive is "
                f"not read, since skipping the header would expand too much ({exc.message})",
            ) from None
        try:
            following = self.fromtarfile(tarfile_)
        except tarfile.HeaderError as exc:
            raise tarfile.ReadError(str(exc)) from None
        following.offset = self.offset
        following.header_bytes = self.size
        return following


def _skip_bytes(stream: IO[bytes], remaining: int) -> None:
    while remaining > 0:
        step = min(remaining, _SKIP_CHUNK)
        if len(stream.read(step)) < step:
            raise tarfile.ReadError("unexpected end of data in an extended header")
        remaining -= step


def name_problem(member: tarfile.TarInfo) -> CatalogedError | None:
    """``ARCHIVE_MEMBER_NAME_TOO_LONG`` for a member named by a skipped header or longer than the limit."""
    header = getattr(member, "header_bytes", 0)
    if header:
        return CatalogedError(
            "ARCHIVE_MEMBER_NAME_TOO_LONG", f"an extended header of {header:,} bytes (limit {HEADER_LIMIT:,})"
        )
    if len(member.name) > NAME_LIMIT:
        return CatalogedError(
            "ARCHIVE_MEMBER_NAME_TOO_LONG", f"a name of {len(member.name):,} characters (limit {NAME_LIMIT:,})"
        )
    return None


def short_name(name: str) -> str:
    """A member name fit for an origin: over-long names keep their start and end."""
    return name if len(name) <= NAME_LIMIT else f"{name[:100]}…{name[-100:]}"


class CountingReader(io.RawIOBase):
    """Counts the bytes read through it (the compressed side of a stream)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.count = stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class ExpansionGuard(io.RawIOBase):
    """The decompressed side of a stream, stopped when it outgrows its compressed input (see module doc)."""

    def __init__(self, plain: IO[bytes], compressed: CountingReader) -> None:
        self.plain, self.compressed, self.count = plain, compressed, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.plain.read(len(buffer))
        self.count += len(data)
        if self.count > EXPANSION_ALLOWANCE + EXPANSION_RATIO * self.compressed.count:
            raise CatalogedError(
                "ARCHIVE_EXPANDS_TOO_MUCH",
                f"{self.count:,} bytes from {self.compressed.count:,} compressed (over {EXPANSION_RATIO}:1)",
            )
        buffer[: len(data)] = data
        return len(data)
