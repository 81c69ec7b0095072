"""Downloading an eForms SDK release into the configured SDK folder (for code and CPV labels).

Only the data folders sppmon uses are kept (codelists, translations, fields, notice-types, schemas); the
archive is streamed, members are checked (no absolute paths, no ``..``, no links) and written to a temporary
folder that replaces the target only when the whole archive has been read.
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import settings
from .errors import SppmonError

KEPT_FOLDERS = ("codelists", "translations", "fields", "notice-types", "schemas")
_MAX_DOWNLOAD = 512 * 1024 * 1024
_TIMEOUT_SECONDS = 60


class SdkDownloadError(SppmonError):
    pass


@dataclass(frozen=True, slots=True)
class SdkInstall:
    folder: Path
    version: str
    files: int


def download_sdk(version: str, folder: str | None = None, url_template: str | None = None) -> SdkInstall:
    target = Path(settings.get("sdk_dir", folder))
    url = str(settings.get("sdk_url", url_template)).format(version=version)
    if not url.startswith(("https://", "http://")):
        raise SdkDownloadError(f"refusing to download from {url!r}: only http(s) URLs are allowed")
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
            data = response.read(_MAX_DOWNLOAD + 1)
    except OSError as exc:
        raise SdkDownloadError(f"cannot download {url}: {exc}") from None
    if len(data) > _MAX_DOWNLOAD:
        raise SdkDownloadError(f"{url} is larger than {_MAX_DOWNLOAD:,} bytes")
    return install_sdk_archive(data, target, version)


def install_sdk_archive(data: bytes, target: Path, version: str) -> SdkInstall:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sdk-", dir=target.parent))
    try:
        files = _extract(data, staging)
        if not (staging / "translations").is_dir():
            raise SdkDownloadError("the archive has no translations folder: is it an eForms SDK release?")
        (staging / "VERSION").write_text(version + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SdkInstall(target, version, files)


def _extract(data: bytes, staging: Path) -> int:
    files = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r|*") as archive:
            for member in archive:
                relative = _kept_path(member)
                if relative is None:
                    continue
                source = archive.extractfile(member)
                if source is None:
                    continue
                destination = staging.joinpath(*relative.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with destination.open("wb") as handle:
                    shutil.copyfileobj(source, handle)
                files += 1
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SdkDownloadError(f"the SDK archive is corrupt or truncated: {exc}") from None
    return files


def _kept_path(member: tarfile.TarInfo) -> PurePosixPath | None:
    """The path below the release's top folder, if it is a regular file in a kept folder."""
    if not member.isfile():
        return None
    parts = PurePosixPath(member.name).parts
    if member.name.startswith("/") or ".." in parts or len(parts) < 3:
        return None
    relative = PurePosixPath(*parts[1:])  # releases unpack into "eForms-SDK-<version>/"
    return relative if relative.parts[0] in KEPT_FOLDERS else None


def installed_version(folder: str | None = None) -> str | None:
    path = Path(settings.get("sdk_dir", folder)) / "VERSION"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None
