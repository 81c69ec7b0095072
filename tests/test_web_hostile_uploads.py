"""The ingest cases of the hostile-input catalogue (tests/hostile_inputs.py) sent through the web app: each one
uploaded to ``POST /api/admin/ingest`` of a writable server, whose answer must name the same rejection codes as
``sppmon ingest`` gives (``rejected_by_code``), with no 500 and within a bounded time.

An upload is one file, so each case's hostile file is sent alone (without the valid notice the ingest test puts
beside it). Cases that are only about local files and folders — FIFOs, sockets, symbolic links, a missing path,
a FIFO or device named on the command line — cannot travel as an upload (the server writes the upload as a new
regular file of its own) and are left to tests/test_hostile_inputs.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sppmon.web import WebConfig, create_app

from .hostile_inputs import INGEST_CASES, MAX_BYTES
from .web_support import sample_store

TOKEN = "u" * 32
SECONDS = 30  # far beyond any case on a loaded machine (parsing runs in the upload worker process)
LOCAL_ONLY = frozenset(
    {
        "fifo-named-xml",
        "socket-named-xml",
        "fifo-given-directly",
        "device-given-directly",
        "symlink-to-outside",
        "symlink-to-device",
        "symlink-dangling",
        "symlink-loop",
        "missing-path",
    }
)
UPLOAD_CASES = tuple(case for case in INGEST_CASES if case.name not in LOCAL_ONLY)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-hostile-uploads")
    config = WebConfig(db=str(sample_store(folder)), admin_token=TOKEN, upload_max_bytes=8 * 1024 * 1024, warm_up=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPPMON_MAX_NOTICE_BYTES", str(MAX_BYTES))  # the catalogue's small notice limit
        with TestClient(create_app(config), raise_server_exceptions=False) as client:
            yield client


def test_every_local_only_case_exists() -> None:
    assert LOCAL_ONLY.issubset(case.name for case in INGEST_CASES)
    assert len(UPLOAD_CASES) == len(INGEST_CASES) - len(LOCAL_ONLY)


@pytest.mark.parametrize("index", range(len(UPLOAD_CASES)), ids=[case.name for case in UPLOAD_CASES])
def test_ingest_case_as_an_upload(index: int, client: TestClient, tmp_path: Path) -> None:
    case = UPLOAD_CASES[index]
    case.build(tmp_path)
    (hostile,) = tmp_path.iterdir()  # one regular file
    started = time.monotonic()
    with hostile.open("rb") as handle:
        response = client.post(
            "/api/admin/ingest",
            files={"upload": (hostile.name, handle)},
            headers={"authorization": f"Bearer {TOKEN}"},
        )
    assert time.monotonic() - started < SECONDS
    assert response.status_code == 200, response.text[:300]
    result = response.json()
    assert result["rejected_by_code"] == case.codes
    assert result["out_of_scope"] == case.out_of_scope
    assert result["stored"] + result["updated"] + result["unchanged"] == case.extra_stored
