"""Hostile and broken XML: every case gives a catalogued error, never an expansion, a fetch or a crash."""

from __future__ import annotations

import pytest

from sppmon.errors import CatalogedError
from sppmon.readers import ReaderOptions, read_notice

from .conftest import FIXTURES

VALID = (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<ContractNotice>&lol3;</ContractNotice>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">&secret;</ContractNotice>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE ContractNotice SYSTEM "http://127.0.0.1:9/evil.dtd">
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"/>"""


def _code(data: bytes, options: ReaderOptions | None = None) -> str:
    with pytest.raises(CatalogedError) as caught:
        read_notice(data, options)
    return caught.value.code


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "XML_EMPTY"),
        (b"   \n\t ", "XML_EMPTY"),
        (BILLION_LAUGHS, "XML_DOCTYPE_FORBIDDEN"),
        (EXTERNAL_ENTITY, "XML_DOCTYPE_FORBIDDEN"),
        (EXTERNAL_DTD, "XML_DOCTYPE_FORBIDDEN"),
        (b"<a><b></a>", "XML_MALFORMED"),
        (b"not xml at all", "XML_MALFORMED"),
        (VALID[: len(VALID) // 2], "XML_TRUNCATED"),
        (b"<?xml version='1.0'?><html><body/></html>", "NOTICE_UNKNOWN_ROOT"),
        (b'<?xml version="1.0" encoding="UTF-8"?><a>\xff\xfe</a>', "XML_ENCODING"),
    ],
    ids=[
        "empty",
        "blank",
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "mismatched",
        "text",
        "truncated",
        "html",
        "bad-utf8",
    ],
)
def test_bad_input_codes(data: bytes, code: str) -> None:
    assert _code(data) == code


def test_doctype_hidden_after_a_long_comment_is_still_refused() -> None:
    data = b"<?xml version='1.0'?><!--" + b"x" * 10000 + b"--><!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"
    assert _code(data) == "XML_DOCTYPE_FORBIDDEN"


def test_oversized_file_is_refused_before_parsing() -> None:
    assert _code(VALID, ReaderOptions(max_bytes=1000)) == "XML_TOO_LARGE"


def test_unknown_sdk_versions() -> None:
    newer = VALID.replace(b"eforms-sdk-1.0<", b"eforms-sdk-1.99<")
    assert _code(newer) == "NOTICE_UNKNOWN_SDK"
    garbage = VALID.replace(b"eforms-sdk-1.0<", b"something-else<")
    assert _code(garbage) == "NOTICE_UNKNOWN_SDK"
    assert read_notice(newer, ReaderOptions(max_sdk_minor=99)).sdk_version == "eforms-sdk-1.99"


def test_deep_nesting_is_refused() -> None:
    data = b"<a>" * 100_000 + b"</a>" * 100_000
    assert _code(data) in {"XML_MALFORMED", "XML_TRUNCATED"}
