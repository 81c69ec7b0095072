"""The hostile-input catalogue: builders of inputs that attack the readers, each with the codes it must get.

Shared by the catalogue test (tests/test_hostile_inputs.py) and the peak-memory benchmark
(benchmarks/hostile_memory.py). A builder writes its input under a folder and returns the paths to ingest; every
ingest case also holds one valid notice, which must be stored whatever the hostile input does.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import socket
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sppmon.sample import SampleGenerator

from .conftest import FIXTURES

CN = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
CN_ID = b"11111111-2222-4333-8444-555555555555"
F03 = (FIXTURES / "ted" / "f03_eu_institution.xml").read_bytes()
MAX_BYTES = 1024 * 1024  # the notice limit of the catalogue runs (small, so that "too large" is cheap)
BOMB = 96 * 1024 * 1024  # bytes a bomb expands to: past the 64 MiB a stream may always reach


@dataclass(frozen=True)
class IngestCase:
    name: str
    build: Callable[[Path], list[Path]]
    codes: dict[str, int]
    out_of_scope: int = 0
    extra_stored: int = 0  # notices of the hostile input itself that are fine (beside the valid one)
    # the codes under the default limits (benchmarks/hostile_memory.py), where they differ from those under the
    # catalogue's small notice limit (MAX_BYTES): an input just over 1 MiB is not too large for 64 MiB
    default_codes: dict[str, int] | None = None


@dataclass(frozen=True)
class FileCase:
    """A plan or life-cycle-cost input: bytes, the file name (its suffix picks the reader), the code."""

    name: str
    build: Callable[[], bytes]
    filename: str
    code: str
    kind: str = field(default="plan")


# ---- helpers -----------------------------------------------------------------------------------------------


def _file(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], list[Path]]:
    """A builder writing ``data`` (or what ``data()`` makes: bombs are made only when their case runs)."""

    def build(folder: Path) -> list[Path]:
        (folder / name).write_bytes(data() if callable(data) else data)
        return [folder]

    return build


def _tar(members: list[tuple[tarfile.TarInfo, bytes | None]], compression: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(
        fileobj=buffer, mode=f"w:{compression}" if compression else "w", format=tarfile.PAX_FORMAT
    ) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def _member(
    name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, **extra: object
) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    for key, value in extra.items():
        setattr(info, key, value)
    return info, data if kind == tarfile.REGTYPE else None


def _zeros_gz(size: int = BOMB) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as sink:
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            sink.write(chunk)
    return buffer.getvalue()


_ZEROS_GZ: dict[int, bytes] = {}


def zeros_gz(size: int = BOMB) -> bytes:
    if size not in _ZEROS_GZ:
        _ZEROS_GZ[size] = _zeros_gz(size)
    return _ZEROS_GZ[size]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _tar_of_zeros(name: str, size: int = BOMB, compression: str = "gz") -> bytes:
    """A compressed tar whose one member ``name`` is ``size`` zero bytes: small on disk, a bomb when read."""
    compressor: Any = {
        "gz": lambda: zlib.compressobj(9, zlib.DEFLATED, 31),
        "bz2": lambda: bz2.BZ2Compressor(9),
        "xz": lambda: lzma.LZMACompressor(preset=1),
    }[compression]()
    info = tarfile.TarInfo(name)
    info.size = size
    parts = [compressor.compress(info.tobuf(format=tarfile.USTAR_FORMAT))]
    chunk = bytes(1 << 20)
    parts += [compressor.compress(chunk) for _ in range(size >> 20)]
    parts += [compressor.compress(bytes(tarfile.BLOCKSIZE * 2)), compressor.flush()]
    return b"".join(parts)


def _laughs(depth: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth)]
    return f"<!DOCTYPE lolz [{''.join(lines)}]><lolz>&lol{depth - 1};</lolz>"


def _utf16(text: str, codec: str) -> bytes:
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    return bom + f'<?xml version="1.0" encoding="UTF-16"?>{text}'.encode(codec)


def _with_id(identifier: bytes) -> bytes:
    return CN.replace(CN_ID, identifier)


def _legacy_form(form: str, doc_id: str) -> bytes:
    text = F03.decode("utf-8").replace("<F03_2014", f"<{form}").replace("</F03_2014>", f"</{form}>")
    return text.replace('DOC_ID="', f'DOC_ID="{doc_id}" OLD_ID="', 1).encode()


def _fifo(folder: Path) -> list[Path]:
    os.mkfifo(folder / "waiting.xml")
    return [folder]


def _socket(folder: Path) -> list[Path]:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "listening.xml"))
    server.close()  # the socket file stays
    return [folder]


def _given_directly(special: Callable[[Path], Path]) -> Callable[[Path], list[Path]]:
    """The folder's files named one by one, then a path that is not a regular file (not found by a walk)."""

    def build(folder: Path) -> list[Path]:
        files = sorted(folder.iterdir())
        return [*files, special(folder)]

    return build


def _made_fifo(folder: Path) -> Path:
    os.mkfifo(folder / "named.xml")
    return folder / "named.xml"


def _link(target: str, name: str = "link.xml") -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        (folder / name).symlink_to(target)
        return [folder]

    return build


def _loop(folder: Path) -> list[Path]:
    (folder / "a.xml").symlink_to(folder / "b.xml")
    (folder / "b.xml").symlink_to(folder / "a.xml")
    return [folder]


def _nested(depth: int) -> bytes:
    data = _gz(_tar([_member("deep.xml", CN)]))
    for level in range(depth):
        data = _gz(_tar([_member(f"level{level}.tar.gz", data)]))
    return data


def _many_empty(count: int) -> bytes:
    return _tar([_member(f"empty{i}.xml", b"") for i in range(count)], "gz")


def long_pax_name(length: int) -> bytes:
    return _tar([_member("x" * length + ".xml", CN)], "gz")


def _gnu_long_name(length: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("g" * length + ".xml")
        info.size = len(CN)
        tar.addfile(info, io.BytesIO(CN))
    return buffer.getvalue()


# ---- the ingest cases ----------------------------------------------------------------------------------------

DOCTYPE_AFTER_4K = b'<?xml version="1.0"?>' + b"<!--" + b"x" * 5000 + b"-->" + _laughs().encode()
EXTERNAL = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
EXTERNAL_PARAMETER = b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><r/>'
DEEP = b"<a>" * 100_000 + b"</a>" * 100_000

INGEST_CASES: tuple[IngestCase, ...] = (
    # XML: entities and DOCTYPEs in every encoding and place
    IngestCase("billion-laughs-utf8", _file("laughs.xml", _laughs().encode()), {"XML_DOCTYPE_FORBIDDEN": 1}),
    IngestCase(
        "billion-laughs-utf16le", _file("l16.xml", _utf16(_laughs(), "utf-16-le")), {"XML_DOCTYPE_FORBIDDEN": 1}
    ),
    IngestCase(
        "billion-laughs-utf16be", _file("l16b.xml", _utf16(_laughs(), "utf-16-be")), {"XML_DOCTYPE_FORBIDDEN": 1}
    ),
    IngestCase(
        "quadratic-blowup",
        _file("q.xml", f'<!DOCTYPE r [<!ENTITY a "{"x" * 50_000}">]><r>{"&a;" * 2000}</r>'.encode()),
        {"XML_DOCTYPE_FORBIDDEN": 1},
    ),
    IngestCase("external-entity-file", _file("xxe.xml", EXTERNAL), {"XML_DOCTYPE_FORBIDDEN": 1}),
    IngestCase("external-parameter-entity", _file("xxe2.xml", EXTERNAL_PARAMETER), {"XML_DOCTYPE_FORBIDDEN": 1}),
    IngestCase("doctype-after-4k", _file("late.xml", DOCTYPE_AFTER_4K), {"XML_DOCTYPE_FORBIDDEN": 1}),
    IngestCase(
        "doctype-after-4k-utf16",
        _file("late16.xml", _utf16("<!--" + "x" * 5000 + "-->" + _laughs(), "utf-16-le")),
        {"XML_DOCTYPE_FORBIDDEN": 1},
    ),
    IngestCase("undefined-entity-no-doctype", _file("undef.xml", b"<r>&undefined;</r>"), {"XML_MALFORMED": 1}),
    IngestCase("deep-nesting", _file("deep.xml", DEEP), {"XML_MALFORMED": 1}),
    IngestCase("empty-file", _file("empty.xml", b""), {"XML_EMPTY": 1}),
    IngestCase("whitespace-only", _file("blank.xml", b" \n\t " * 100), {"XML_EMPTY": 1}),
    IngestCase("truncated-notice", _file("cut.xml", CN[: len(CN) // 2]), {"XML_TRUNCATED": 1}),
    IngestCase(
        "invalid-utf8",
        _file("bad.xml", b'<?xml version="1.0" encoding="UTF-8"?><r>\xff\xfe\xfa</r>'),
        {"XML_ENCODING": 1},
    ),
    IngestCase(
        "oversized-file",
        _file("big.xml", b"<r>" + b"x" * (MAX_BYTES + 10) + b"</r>"),
        {"XML_TOO_LARGE": 1},
        default_codes={"NOTICE_UNKNOWN_ROOT": 1},
    ),
    IngestCase("unknown-root", _file("root.xml", b"<NotANotice/>"), {"NOTICE_UNKNOWN_ROOT": 1}),
    IngestCase(
        "notice-without-id",
        _file("noid.xml", CN.replace(b'<cbc:ID schemeName="notice-id">' + CN_ID + b"</cbc:ID>", b"")),
        {"NOTICE_NO_ID": 1},
    ),
    IngestCase("notice-id-8000-chars", _file("longid.xml", _with_id(b"7" * 8000)), {"NOTICE_VALUE_TOO_LONG": 1}),
    IngestCase("notice-id-1mb", _file("hugeid.xml", _with_id(b"8" * 1_000_000)), {"NOTICE_VALUE_TOO_LONG": 1}),
    IngestCase(
        "unknown-legacy-form",
        _file("f99.xml", _legacy_form("F99_2014", "000113-2023")),
        {"NOTICE_UNKNOWN_LEGACY_FORM": 1},
    ),
    IngestCase(
        "other-notice-out-of-scope", _file("oth.xml", _legacy_form("OTH_NOT", "000114-2023")), {}, out_of_scope=1
    ),
    IngestCase("eeig-out-of-scope", _file("eeig.xml", _legacy_form("EEIG", "000115-2023")), {}, out_of_scope=1),
    # Archives: bombs under every member name, every compression
    IngestCase("gzip-bomb-single-file", _file("bomb.xml.gz", zeros_gz), {"XML_TOO_LARGE": 1}),
    IngestCase("gzip-bomb-named-xml", _file("bomb.xml", zeros_gz), {"XML_TOO_LARGE": 1}),
    IngestCase(
        "tar-member-bomb-named-xml",
        _file("p.tar.gz", lambda: _tar_of_zeros("n.xml")),
        {"ARCHIVE_MEMBER_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "tar-member-bomb-named-gz",
        _file("p2.tar.gz", lambda: _tar_of_zeros("n.gz")),
        {"XML_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "tar-member-bomb-named-tar",
        _file("p3.tar.gz", lambda: _tar_of_zeros("n.tar")),
        {"XML_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "tar-member-plain-named-tgz",
        _file("p4.tar", _tar([_member("x.tgz", b"<r>" + b"y" * (MAX_BYTES + 5) + b"</r>")])),
        {"XML_TOO_LARGE": 1},
        default_codes={"NOTICE_UNKNOWN_ROOT": 1},
    ),
    IngestCase(
        "nested-gzip-bomb-member",
        _file("p5.tar", lambda: _tar([_member("inner.tar.gz", _tar_of_zeros("deep.xml"))])),
        {"ARCHIVE_MEMBER_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "bzip2-bomb",
        _file("b.tar.bz2", lambda: _tar_of_zeros("b.xml", compression="bz2")),
        {"ARCHIVE_MEMBER_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "xz-bomb",
        _file("x.tar.xz", lambda: _tar_of_zeros("x.xml", compression="xz")),
        {"ARCHIVE_MEMBER_TOO_LARGE": 1, "ARCHIVE_EXPANDS_TOO_MUCH": 1},
    ),
    IngestCase(
        "member-too-large",
        _file("big.tar", _tar([_member("big.xml", b"x" * (MAX_BYTES + 1))])),
        {"ARCHIVE_MEMBER_TOO_LARGE": 1},
        default_codes={"XML_MALFORMED": 1},
    ),
    # Archives: names, links and layout
    IngestCase(
        "member-pax-name-10mb", _file("n.tar.gz", long_pax_name(10_000_000)), {"ARCHIVE_MEMBER_NAME_TOO_LONG": 1}
    ),
    IngestCase(
        "member-gnu-name-1mb", _file("g.tar.gz", _gnu_long_name(1_000_000)), {"ARCHIVE_MEMBER_NAME_TOO_LONG": 1}
    ),
    IngestCase("member-name-5000-chars", _file("m.tar.gz", long_pax_name(5000)), {"ARCHIVE_MEMBER_NAME_TOO_LONG": 1}),
    IngestCase(
        "member-absolute-path", _file("abs.tar", _tar([_member("/etc/cron.d/x.xml", CN)])), {"ARCHIVE_UNSAFE_MEMBER": 1}
    ),
    IngestCase("member-dot-dot", _file("dots.tar", _tar([_member("../../x.xml", CN)])), {"ARCHIVE_UNSAFE_MEMBER": 1}),
    IngestCase(
        "member-windows-drive", _file("win.tar", _tar([_member("C:\\x.xml", CN)])), {"ARCHIVE_UNSAFE_MEMBER": 1}
    ),
    IngestCase(
        "member-symlink",
        _file("sym.tar", _tar([_member("s.xml", kind=tarfile.SYMTYPE, linkname="/etc/passwd")])),
        {"ARCHIVE_UNSAFE_MEMBER": 1},
    ),
    IngestCase(
        "member-hardlink",
        _file("hard.tar", _tar([_member("h.xml", kind=tarfile.LNKTYPE, linkname="/etc/passwd")])),
        {"ARCHIVE_UNSAFE_MEMBER": 1},
    ),
    IngestCase(
        "member-char-device",
        _file("dev.tar", _tar([_member("zero.xml", kind=tarfile.CHRTYPE, devmajor=1, devminor=5)])),
        {"ARCHIVE_UNSAFE_MEMBER": 1},
    ),
    IngestCase(
        "member-fifo", _file("fifo.tar", _tar([_member("f.xml", kind=tarfile.FIFOTYPE)])), {"ARCHIVE_UNSAFE_MEMBER": 1}
    ),
    IngestCase(
        "member-duplicate",
        _file("dup.tar", _tar([_member("d.xml", CN), _member("d.xml", CN)])),
        {"ARCHIVE_DUPLICATE_MEMBER": 1},
        extra_stored=1,
    ),
    IngestCase("nesting-too-deep", _file("deep.tar.gz", _nested(6)), {"ARCHIVE_TOO_DEEP": 1}),
    IngestCase(
        "gzip-truncated",
        _file("cut.tar.gz", _tar([_member("c.xml", CN)], "gz")[:-6]),
        {"ARCHIVE_TRUNCATED": 1},
        extra_stored=0,
    ),
    IngestCase(
        "gzip-corrupt", _file("bad.tar.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage" * 50), {"ARCHIVE_CORRUPT": 1}
    ),
    IngestCase("tar-truncated", _file("cut.tar", _tar([_member("c.xml", CN * 3)])[:1500]), {"ARCHIVE_TRUNCATED": 1}),
    IngestCase("tar-2000-empty-members", _file("many.tar.gz", _many_empty(2000)), {"XML_EMPTY": 2000}),
    # Folders: things that are not files, links that leave
    IngestCase("fifo-named-xml", _fifo, {"SOURCE_NOT_REGULAR": 1}),
    IngestCase("socket-named-xml", _socket, {"SOURCE_NOT_REGULAR": 1}),
    IngestCase("fifo-given-directly", _given_directly(_made_fifo), {"SOURCE_NOT_REGULAR": 1}),
    IngestCase("device-given-directly", _given_directly(lambda folder: Path("/dev/zero")), {"SOURCE_NOT_REGULAR": 1}),
    IngestCase("symlink-to-outside", _link("/etc/passwd"), {"SOURCE_LINK_OUTSIDE": 1}),
    IngestCase("symlink-to-device", _link("/dev/zero"), {"SOURCE_LINK_OUTSIDE": 1}),
    IngestCase("symlink-dangling", _link("/nonexistent/x.xml"), {"SOURCE_LINK_OUTSIDE": 1}),
    IngestCase("symlink-loop", _loop, {"SOURCE_LINK_OUTSIDE": 2}),
    IngestCase("missing-path", lambda folder: [folder, folder / "does-not-exist.xml"], {"SOURCE_NOT_FOUND": 1}),
)


# ---- plan and life-cycle-cost inputs -------------------------------------------------------------------------


HEADER = b"department;description;cpv;estimated_value;planned_launch\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_WORKBOOK = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
}


def _xlsx_string_bomb() -> bytes:
    strings = b"<si><t/></si>" * 11_000_000
    return _zip({**_WORKBOOK, "xl/sharedStrings.xml": b'<sst xmlns="x">' + strings + b"</sst>"})


def _xlsx_many_strings_small() -> bytes:
    strings = b"<si/>" * 1_200_000  # 6 MB unpacked: under the byte cap, over the count cap
    return _zip({**_WORKBOOK, "xl/sharedStrings.xml": b"<sst>" + strings + b"</sst>"})


def _xlsx_unpacks_big() -> bytes:
    return _zip({**_WORKBOOK, "xl/worksheets/sheet1.xml": bytes(210 * 1024 * 1024)})


def _xlsx_wide_row() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"c{i}" for i in range(300)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _yaml_alias_bomb() -> bytes:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    return "\n".join(lines).encode()


FILE_CASES: tuple[FileCase, ...] = (
    FileCase("xlsx-shared-strings-bomb", _xlsx_string_bomb, "plan.xlsx", "PLAN_TOO_LARGE"),
    FileCase("xlsx-shared-strings-count", _xlsx_many_strings_small, "plan.xlsx", "PLAN_TOO_LARGE"),
    FileCase("xlsx-zip-bomb", _xlsx_unpacks_big, "plan.xlsx", "PLAN_TOO_LARGE"),
    FileCase("xlsx-row-of-300-cells", _xlsx_wide_row, "plan.xlsx", "PLAN_TOO_LARGE"),
    FileCase("xlsx-not-a-zip", lambda: b"PK\x03\x04 not really", "plan.xlsx", "PLAN_UNREADABLE"),
    FileCase("csv-40mb", lambda: HEADER + b"x;y\n" * 10_500_000, "plan.csv", "PLAN_TOO_LARGE"),
    FileCase("csv-row-of-1000-cells", lambda: b";".join([b"c"] * 1000) + b"\n", "plan.csv", "PLAN_TOO_LARGE"),
    FileCase("csv-cell-of-200k-chars", lambda: HEADER + b"x" * 200_000 + b";y\n", "plan.csv", "PLAN_TOO_LARGE"),
    FileCase("csv-150k-blank-lines", lambda: HEADER + b"\n" * 150_000, "plan.csv", "PLAN_TOO_LARGE"),
    FileCase("csv-unassigned-bytes", lambda: b"a;b\n\x81\x8d\x8f\x90\x9d;y\n", "plan.csv", "PLAN_UNREADABLE"),
    FileCase("yaml-alias-bomb", _yaml_alias_bomb, "offers.yaml", "LCC_UNREADABLE", kind="lcc"),
    FileCase(
        "yaml-deep-flow-nesting",
        lambda: b"a: " + b"[" * 100_000 + b"]" * 100_000,
        "offers.yaml",
        "LCC_UNREADABLE",
        kind="lcc",
    ),
    FileCase(
        "json-deep-nesting",
        lambda: b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "offers.json",
        "LCC_UNREADABLE",
        kind="lcc",
    ),
    FileCase("lcc-input-9mb", lambda: b"# " + b"x" * (9 * 1024 * 1024), "offers.yaml", "LCC_TOO_LARGE", kind="lcc"),
)


def valid_notice(index: int) -> tuple[str, bytes]:
    """A valid notice of its own for each case (distinct identifiers, so each case stores one)."""
    name, data = next(iter(SampleGenerator(10_000 + index).notices(1)))
    return f"valid-{name}", data


def _incompressible_xml(size: int) -> bytes:
    """Well-formed XML of ``size`` bytes that hardly compresses (random text): a large input, not a bomb."""
    import base64

    body = base64.b64encode(os.urandom(size * 3 // 4 - 16))
    return b"<big>" + body + b"</big>"


# ---- items too slow for the test run (benchmarks/hostile_memory.py --extra) --------------------------------

EXTRA_CASES: tuple[IngestCase, ...] = (
    IngestCase(
        "member-pax-name-100mb",
        _file("n.tar.gz", lambda: long_pax_name(100_000_000)),
        {"ARCHIVE_MEMBER_NAME_TOO_LONG": 1},
    ),
    IngestCase(
        "tar-members-near-the-notice-limit",
        _file(
            "near.tar.gz", lambda: _tar([_member(f"m{i}.xml", _incompressible_xml(60 << 20)) for i in range(2)], "gz")
        ),
        {"XML_MALFORMED": 2},  # the XML parser refuses a text node over 10 MB ("Text node too long")
    ),
)
