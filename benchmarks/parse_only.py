"""The baseline of the process benchmarks: read the same inputs and parse every notice with lxml, nothing else.

    python benchmarks/parse_only.py PATH...

A folder is walked for .xml files; a .tar/.tar.gz package is streamed member by member (members that are
packages themselves are opened too). It imports neither sppmon nor anything sppmon uses beyond lxml, so that
it costs a plain parse of the same bytes and the start-up of a bare interpreter. Prints the notices parsed.
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
from collections.abc import Iterator
from typing import IO

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def members(stream: IO[bytes]) -> Iterator[bytes]:
    with tarfile.open(fileobj=stream, mode="r|*") as archive:
        for member in archive:
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            data = handle.read()
            if member.name.endswith((".tar", ".tar.gz", ".tgz")):
                yield from members(io.BytesIO(data))
            else:
                yield data


def inputs(path: str) -> Iterator[bytes]:
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".xml"):
                    with open(os.path.join(root, name), "rb") as handle:
                        yield handle.read()
    elif path.endswith((".tar", ".tar.gz", ".tgz")):
        with open(path, "rb") as handle:
            yield from members(handle)
    else:
        with open(path, "rb") as handle:
            yield handle.read()


def main() -> None:
    parsed = 0
    for path in sys.argv[1:]:
        for data in inputs(path):
            etree.fromstring(data, PARSER)
            parsed += 1
    print(parsed)


if __name__ == "__main__":
    main()
