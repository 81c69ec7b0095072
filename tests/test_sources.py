"""Local sources: folders, packages, nested packages, stdin lists, and hostile or broken archives."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from sppmon.sources.files import Item, Limits, iter_items

from .conftest import FIXTURES

NOTICE = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()


def _tar(members: list[tuple[str, bytes]], compress: bool = True, kind: bytes = tarfile.REGTYPE) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if compress else "w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.type = kind
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _items(*paths: Path | str, limits: Limits | None = None) -> list[Item]:
    return [item.load() for item in iter_items([str(p) for p in paths], limits)]


def _codes(items: list[Item]) -> list[str | None]:
    return [item.error.code if item.error else None for item in items]


def test_folder_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.xml").write_bytes(NOTICE)
    (tmp_path / "1.xml").write_bytes(NOTICE)
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / ".hidden.xml").write_bytes(b"ignored")
    items = _items(tmp_path)
    assert [Path(item.origin).name for item in items] == ["1.xml", "2.xml"]
    assert all(item.data == NOTICE for item in items)


def test_folder_walk_keeps_links_inside_skips_hidden_folders_and_names_files_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to a notice inside the folder is read; a link to a folder is not followed (its notices would be
    read twice); a hidden folder is left out; a folder named ``./x/`` gives the same origins as ``x``; a
    compressed notice in the folder is read through its stream."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".cache").mkdir()
    (folder / ".cache" / "3.xml").write_bytes(NOTICE)
    (folder / "sub" / "2.xml").write_bytes(NOTICE)
    (folder / "1.xml").write_bytes(NOTICE)
    (folder / "4.xml.gz").write_bytes(gzip.compress(NOTICE))
    (folder / "link.xml").symlink_to(folder / "sub" / "2.xml")
    (folder / "loop").symlink_to(folder / "sub", target_is_directory=True)
    items = _items(folder)
    assert [item.origin for item in items] == [
        str(folder / name) for name in ("1.xml", "4.xml.gz", "link.xml", "sub/2.xml")
    ]
    assert all(item.data == NOTICE for item in items)
    monkeypatch.chdir(tmp_path)
    assert [item.origin for item in _items("./in/")] == ["in/1.xml", "in/4.xml.gz", "in/link.xml", "in/sub/2.xml"]


def test_a_read_returns_what_was_asked_across_short_reads() -> None:
    """A descriptor may return less than asked before its end (a pipe does): the read goes on until it has
    the bytes asked for or the end."""
    import os
    import threading

    from sppmon.sources.regular import read_at_most

    reading, writing = os.pipe()

    def write() -> None:
        for part in (b"<a>", b"b", b"</a>"):
            os.write(writing, part)
        os.close(writing)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_at_most(reading, 6) == b"<a>b</"
        assert read_at_most(reading, 10) == b"a>"
        assert read_at_most(reading, 10) == b""
    finally:
        writer.join()
        os.close(reading)


def test_package_and_nested_packages(tmp_path: Path) -> None:
    daily = _tar([("a.xml", NOTICE), ("b.xml", NOTICE)])
    monthly = _tar([("day1.tar.gz", daily), ("c.xml", NOTICE)])
    outer = tmp_path / "month.tar"
    outer.write_bytes(_tar([("month.tar.gz", monthly)], compress=False))
    items = _items(outer)
    assert [item.origin.split("!", 1)[1] for item in items] == [
        "month.tar.gz!day1.tar.gz!a.xml",
        "month.tar.gz!day1.tar.gz!b.xml",
        "month.tar.gz!c.xml",
    ]
    assert all(item.data == NOTICE for item in items)


def test_single_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "notice.xml.gz"
    path.write_bytes(gzip.compress(NOTICE))
    assert [item.data for item in _items(path)] == [NOTICE]


def test_truncated_gzip_keeps_members_read_before_the_break(tmp_path: Path) -> None:
    members = [(f"{i}.xml", NOTICE + bytes(str(i), "ascii") * 4000) for i in range(30)]
    data = _tar(members)
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    items = _items(path)
    good = [item for item in items if item.data is not None]
    assert 0 < len(good) < 30
    assert _codes(items)[-1] == "ARCHIVE_TRUNCATED"
    assert all(item.data is not None and item.data.startswith(NOTICE) for item in good)


def test_trailer_truncation_is_detected(tmp_path: Path) -> None:
    data = _tar([("a.xml", NOTICE)])
    path = tmp_path / "trailer.tar.gz"
    path.write_bytes(data[:-4])  # the gzip size field is cut off
    assert _codes(_items(path))[-1] == "ARCHIVE_TRUNCATED"


def test_corrupt_gzip(tmp_path: Path) -> None:
    data = bytearray(_tar([("a.xml", NOTICE)]))
    data[20:60] = b"\x00" * 40
    path = tmp_path / "corrupt.tar.gz"
    path.write_bytes(bytes(data))
    assert _codes(_items(path))[-1] in {"ARCHIVE_CORRUPT", "ARCHIVE_TRUNCATED"}


def test_unsafe_and_duplicate_members_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "hostile.tar.gz"
    path.write_bytes(
        _tar(
            [
                ("/etc/passwd.xml", NOTICE),
                ("../escape.xml", NOTICE),
                ("ok.xml", NOTICE),
                ("ok.xml", NOTICE),
                ("a/../../b.xml", NOTICE),
            ]
        )
    )
    items = _items(path)
    assert _codes(items) == [
        "ARCHIVE_UNSAFE_MEMBER",
        "ARCHIVE_UNSAFE_MEMBER",
        None,
        "ARCHIVE_DUPLICATE_MEMBER",
        "ARCHIVE_UNSAFE_MEMBER",
    ]


def test_links_and_devices_are_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "links.tar"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        link = tarfile.TarInfo("link.xml")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
        fifo = tarfile.TarInfo("fifo.xml")
        fifo.type = tarfile.FIFOTYPE
        archive.addfile(fifo)
    path.write_bytes(buffer.getvalue())
    assert _codes(_items(path)) == ["ARCHIVE_UNSAFE_MEMBER", "ARCHIVE_UNSAFE_MEMBER"]


def test_package_members_are_read_whole_and_exactly_at_every_size(tmp_path: Path) -> None:
    # A member is read by the size its header gives: members around the buffer sizes come back byte for byte.
    sizes = [0, 1, 8191, 8192, 8193, 65536, 131073, len(NOTICE)]
    members = [(f"m{size}.xml", (NOTICE * (size // len(NOTICE) + 1))[:size]) for size in sizes]
    path = tmp_path / "sizes.tar.gz"
    path.write_bytes(_tar(members))
    items = _items(path, limits=Limits(max_bytes=131073))
    assert [item.data for item in items] == [data for _, data in members]
    assert _codes(_items(path, limits=Limits(max_bytes=131072)))[-2:] == ["ARCHIVE_MEMBER_TOO_LARGE", None]


def test_member_and_file_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.tar.gz"
    path.write_bytes(_tar([("big.xml", NOTICE)]))
    assert _codes(_items(path, limits=Limits(max_bytes=100))) == ["ARCHIVE_MEMBER_TOO_LARGE"]
    plain = tmp_path / "big.xml"
    plain.write_bytes(NOTICE)
    assert _codes(_items(plain, limits=Limits(max_bytes=100))) == ["XML_TOO_LARGE"]


def test_nesting_depth_limit(tmp_path: Path) -> None:
    data = NOTICE
    name = "n.xml"
    for level in range(4):
        data = _tar([(name, data)])
        name = f"level{level}.tar.gz"
    path = tmp_path / "deep.tar.gz"
    path.write_bytes(data)
    assert _codes(_items(path, limits=Limits(max_depth=2)))[-1] == "ARCHIVE_TOO_DEEP"
    assert [item.data for item in _items(path, limits=Limits(max_depth=4))] == [NOTICE]


def test_missing_path_and_stdin_list(tmp_path: Path) -> None:
    good = tmp_path / "a.xml"
    good.write_bytes(NOTICE)
    stdin = io.StringIO(f"{good}\n\n{tmp_path / 'missing.xml'}\n")
    items = [item.load() for item in iter_items(["-"], stdin=stdin)]
    assert _codes(items) == [None, "SOURCE_NOT_FOUND"]


def test_a_small_file_is_read_with_its_head_and_a_large_one_travels_by_path(tmp_path: Path) -> None:
    """A notice is read when it is opened to look at its head (one open per file); a file over SMALL_FILE
    travels by path (worker processes read it themselves), and a file over the limit is refused either way."""
    from sppmon.sources.files import SMALL_FILE

    large = NOTICE + b"\n" * (SMALL_FILE + 10)  # trailing whitespace after the root
    assert len(large) > SMALL_FILE
    (tmp_path / "small.xml").write_bytes(NOTICE)
    (tmp_path / "large.xml").write_bytes(large)
    found = {Path(item.origin).name: item for item in iter_items([str(tmp_path)])}
    assert found["small.xml"].data == NOTICE and found["small.xml"].path is None
    assert found["large.xml"].data is None and found["large.xml"].load().data == large
    just_under = NOTICE + b"\n" * (SMALL_FILE - 1 - len(NOTICE))  # read whole: its end is within the first read
    (tmp_path / "under.xml").write_bytes(just_under)
    (tmp_path / "empty.xml").write_bytes(b"")
    found = {Path(item.origin).name: item for item in iter_items([str(tmp_path)])}
    assert found["under.xml"].data == just_under and found["empty.xml"].data == b""
    limited = Limits(max_bytes=len(NOTICE) - 1)
    assert _codes(_items(tmp_path / "small.xml", limits=limited)) == ["XML_TOO_LARGE"]
    assert _codes(_items(tmp_path / "small.xml", limits=Limits(max_bytes=len(NOTICE)))) == [None]
