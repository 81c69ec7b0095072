"""Operating-system errors as one line with a stable code (docs/errors.md), instead of a traceback.

Every writing command meets the same few failures — a read-only file system, a missing folder, no permission,
a full disk — and each gets its own code so that a script or a person can act on it without reading Python.
"""

from __future__ import annotations

import errno

from ..errors import CatalogedError

_CODES: dict[int, str] = {
    errno.EROFS: "OS_READ_ONLY",
    errno.EACCES: "OS_PERMISSION_DENIED",
    errno.EPERM: "OS_PERMISSION_DENIED",
    errno.ENOENT: "OS_PATH_MISSING",
    errno.ENOTDIR: "OS_PATH_MISSING",
    errno.ENOSPC: "OS_DISK_FULL",
    errno.EDQUOT: "OS_DISK_FULL",
    errno.EFBIG: "OS_DISK_FULL",
    errno.EISDIR: "OS_IS_A_FOLDER",
    errno.EEXIST: "OS_PATH_EXISTS",
    errno.ENOTEMPTY: "OS_PATH_EXISTS",
    errno.ENAMETOOLONG: "OS_NAME_TOO_LONG",
}


def os_error_code(exc: OSError) -> str:
    """The catalogue code of ``exc``: by its errno, ``OS_ERROR`` for the rare rest (EIO, ELOOP, ...)."""
    return _CODES.get(exc.errno or 0, "OS_ERROR")


def os_error_line(exc: OSError) -> str:
    """``CODE: path: reason`` — the path first given to the failed call, and the system's own reason."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = exc.filename if exc.filename is not None else None
    return f"{os_error_code(exc)}: {where}: {reason}" if where is not None else f"{os_error_code(exc)}: {reason}"


class OutputRefused(CatalogedError):
    """A target the command will not write to, because writing would destroy something that is not ours."""
