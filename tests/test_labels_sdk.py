"""Code labels (built-in and from an SDK folder) and the SDK download, against a local server only."""

from __future__ import annotations

import http.server
import io
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sppmon import labels
from sppmon.outputs.safe import safe_cell
from sppmon.sdk import SdkDownloadError, download_sdk, installed_version

from .conftest import SHARED


def test_builtin_labels_work_offline() -> None:
    assert labels.label("strategic-procurement", "env-imp", "fr") == "Réduction des incidences sur l’environnement"
    assert labels.label("gpp-criteria", "eu", "nl") == "EU-criteria voor groene overheidsopdrachten"
    assert labels.label("notice-subtype", "29", "en", None).startswith("Contract award notice")
    assert labels.label("cpv", "30213100", "en") is None  # CPV labels need the SDK folder, except divisions
    assert labels.label("cpv", "90000000", "nl") == "Diensten inzake afvalwater, afval, reiniging en milieu"
    assert len([code for code in labels.codes_of("cpv") if code.endswith("000000")]) == 45
    assert labels.label_or_code("vehicle-category", "zz") == "zz"
    with pytest.raises(ValueError, match="language"):
        labels.label("gpp-criteria", "eu", "xx")


@pytest.mark.shared
def test_sdk_labels_include_cpv_and_german() -> None:
    folder = str(SHARED / "eforms-sdk")
    assert labels.label("cpv", "34144900", "en", folder) == "Electric vehicles"
    assert labels.label("cpv", "34144900", "nl", folder)
    assert labels.label("vehicle-category", "m1-m2-n1", "de", folder) == "Leichte Nutzfahrzeuge (M1, M2, N1)"
    assert "30213100" in labels.codes_of("cpv", folder)


def _sdk_archive(version: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        files = {
            f"eForms-SDK-{version}/translations/code_en.xml": b'<?xml version="1.0"?>\n<!DOCTYPE properties '
            b'SYSTEM "http://java.sun.com/dtd/properties.dtd">\n<properties><entry key="code|name|cpv.03000000">'
            b"Agricultural products</entry></properties>",
            f"eForms-SDK-{version}/codelists/x.gc": b"<x/>",
            f"eForms-SDK-{version}/src/ignored.java": b"class X {}",
            f"eForms-SDK-{version}/../../escape.txt": b"no",
        }
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def sdk_server() -> Iterator[str]:
    payloads = {"/1.2.3.tar.gz": _sdk_archive("1.2.3"), "/9.9.9.tar.gz": b"not an archive"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = payloads.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{version}}.tar.gz"
    server.shutdown()


def test_sdk_download_keeps_data_folders_only(tmp_path: Path, sdk_server: str) -> None:
    target = tmp_path / "sdk"
    install = download_sdk("1.2.3", str(target), sdk_server)
    assert install.files == 2
    assert (target / "translations" / "code_en.xml").is_file()
    assert not (target / "src").exists()
    assert not (tmp_path / "escape.txt").exists()
    assert installed_version(str(target)) == "1.2.3"
    assert labels.label("cpv", "03000000", "en", str(target)) == "Agricultural products"


def test_sdk_download_failures_leave_the_old_folder(tmp_path: Path, sdk_server: str) -> None:
    target = tmp_path / "sdk"
    download_sdk("1.2.3", str(target), sdk_server)
    with pytest.raises(SdkDownloadError, match="corrupt"):
        download_sdk("9.9.9", str(target), sdk_server)
    with pytest.raises(SdkDownloadError, match="cannot download"):
        download_sdk("0.0.0", str(target), sdk_server)
    with pytest.raises(SdkDownloadError, match="only http"):
        download_sdk("1.2.3", str(target), "file:///etc/{version}")
    assert installed_version(str(target)) == "1.2.3"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sdk-")]


def test_formula_cells_are_neutralised_numbers_are_not() -> None:
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("+32 2 000") == "'+32 2 000"
    assert safe_cell("-x") == "'-x"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("plain") == "plain"
    assert safe_cell(-12.5) == -12.5
