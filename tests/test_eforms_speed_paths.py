"""The eForms reader's shortcuts give what the lookups they replace give.

The reader takes many fields of an element from one index of its children (``first_children``, ``grouped``)
instead of one lookup per field, finds the eForms extensions with three loops instead of ElementPath, reads
the codes of a lot that count in some code lists from one table, and skips splitting names that are already
collapsed. The corpus tests check the records; these check each shortcut against the path it replaces, on
the fixtures, the shared corpus and the SDK examples, also with every element repeated and reordered.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sppmon.model import Notice
from sppmon.readers import eforms, eforms_lot, eforms_result, read_notice
from sppmon.readers.ubl import (
    EXT,
    Element,
    child,
    child_text,
    collapse,
    first,
    first_children,
    first_text,
    grouped,
)

from .conftest import FIXTURES, SHARED, SHARED_AVAILABLE

FILES = sorted((FIXTURES / "eforms").glob("*.xml")) + (
    sorted((SHARED / "corpus" / "eforms").glob("*.xml")) + sorted((SHARED / "eforms-sdk" / "examples").glob("*.xml"))
    if SHARED_AVAILABLE
    else []
)
_KEEP_ALL = etree.XMLParser(resolve_entities=False, remove_comments=False, remove_pis=False)


def _tree(path: Path, *, with_comments: bool = False) -> Element:
    """A notice's tree; ``with_comments``: with a comment and a processing instruction before every element's
    end (they stay in the tree, as children whose tag is no string)."""
    root = etree.fromstring(path.read_bytes(), _KEEP_ALL)
    if with_comments:
        for element in list(root.iter(etree.Element)):
            element.append(etree.Comment("c"))
            element.append(etree.ProcessingInstruction("pi", "x"))
    return root


class _PlainChildren(Mapping[str, list[Element]]):
    """:func:`grouped` answered one tag at a time by lxml's ``iterchildren``: the lookups the index replaces."""

    def __init__(self, element: Element) -> None:
        self.element = element

    def __getitem__(self, tag: str) -> list[Element]:
        found = list(self.element.iterchildren(tag))
        if not found:
            raise KeyError(tag)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(node.tag for node in self.element if isinstance(node.tag, str)))

    def __len__(self) -> int:
        return len(list(iter(self)))


class _PlainFirst(Mapping[str, Element]):
    """:func:`first_children` answered by :func:`child`, one walk per lookup."""

    def __init__(self, element: Element) -> None:
        self.element = element

    def __getitem__(self, tag: str) -> Element:
        found = child(self.element, tag)
        if found is None:
            raise KeyError(tag)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(_PlainChildren(self.element))

    def __len__(self) -> int:
        return len(_PlainChildren(self.element))


@pytest.mark.parametrize("with_comments", [False, True], ids=["parsed", "comments"])
def test_indexes_agree_with_plain_lookups(with_comments: bool) -> None:
    checked = 0
    for path in FILES:
        for element in _tree(path, with_comments=with_comments).iter(etree.Element):
            tags = (*dict.fromkeys(node.tag for node in element if isinstance(node.tag, str)), "{urn:x}Missing")
            firsts, groups = first_children(element), grouped(element)
            for tag in tags:
                assert firsts.get(tag) is child(element, tag) is first(groups.get(tag))
                assert groups.get(tag, []) == list(element.iterchildren(tag))
                assert first_text(groups.get(tag)) == child_text(element, tag)
                checked += 1
    assert checked > 1000


def _repeated(root: Element, *, leaves_only: bool = False) -> Element:
    """Every element (or every element without element children) followed by a copy whose texts differ: the
    first-found rules (first child wins, later ones ignored or appended) matter for each field."""
    tree = copy.deepcopy(root)
    for element in list(tree.iter(etree.Element))[1:]:
        if leaves_only and len(element.xpath("*")):
            continue
        twin = copy.deepcopy(element)
        for node in twin.iter(etree.Element):
            if node.text and node.text.strip():
                node.text = f"2{node.text}"
        element.addnext(twin)
    return tree


def _reversed(root: Element) -> Element:
    tree = copy.deepcopy(root)
    for element in tree.iter(etree.Element):
        element[:] = list(reversed(element))
    return tree


def _variants(path: Path) -> Iterator[tuple[str, bytes]]:
    root = _tree(path)
    yield "as published", path.read_bytes()
    yield "comments", etree.tostring(_tree(path, with_comments=True))
    yield "reversed", etree.tostring(_reversed(root))
    yield "repeated leaves", etree.tostring(_repeated(root, leaves_only=True))
    if len(path.read_bytes()) < 60_000:  # the copies double each level: small notices only
        yield "repeated", etree.tostring(_repeated(root))


def _read(data: bytes) -> Notice | str:
    """The notice read from a tree that keeps comments and processing instructions (``read_notice`` drops
    them), so that lookups meet children whose tag is no string."""
    try:
        return eforms.read_eforms(etree.fromstring(data, _KEEP_ALL))
    except Exception as error:  # the error, with its message, must be the same too
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_notices_read_the_same_through_plain_lookups(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    variants = list(_variants(path))
    indexed = [_read(data) for _, data in variants]
    for module in (eforms, eforms_result, eforms_lot):
        if hasattr(module, "grouped"):
            monkeypatch.setattr(module, "grouped", _PlainChildren)
        if hasattr(module, "first_children"):
            monkeypatch.setattr(module, "first_children", _PlainFirst)
    plain = [_read(data) for _, data in variants]
    for (name, _), fast, slow in zip(variants, indexed, plain, strict=True):
        assert fast == slow, name


def _iterfind_extensions(extensions: Element) -> list[Element]:
    """The ElementPath that :func:`eforms._eforms_extensions` replaces."""
    path = f"{{{EXT}}}UBLExtension/{{{EXT}}}ExtensionContent/{{http://data.europa.eu/p27/eforms-ubl-extensions/1}}"
    return list(extensions.iterfind(path + "EformsExtension"))


@pytest.mark.parametrize("with_comments", [False, True], ids=["parsed", "comments"])
def test_extension_walk_is_the_element_path(with_comments: bool) -> None:
    found = 0
    for path in FILES:
        root = _tree(path, with_comments=with_comments)
        for tree in (root, _repeated(root) if len(path.read_bytes()) < 60_000 else root):
            for extensions in tree.iter(f"{{{EXT}}}UBLExtensions"):
                walked = eforms._eforms_extensions(extensions)
                assert walked == _iterfind_extensions(extensions)
                found += len(walked)
    assert found > 0


def _one_lot(body: str) -> bytes:
    return (
        '<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"'
        ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"'
        ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
        ' xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1">'
        "<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>"
        f'<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID>{body}</cac:ProcurementProjectLot>'
        "</ContractNotice>"
    ).encode()


def test_listed_codes_count_in_their_lists_only() -> None:
    """The table of codes read by their @listName: lists collect every code of their list (sorted, distinct),
    single values keep the first one that has a text, other lists and codes without one are ignored."""
    codes = (
        '<cbc:TendererRequirementTypeCode listName="reserved-procurement">res-ws</cbc:TendererRequirementTypeCode>'
        '<cbc:TendererRequirementTypeCode listName="exclusion-ground">crime-org</cbc:TendererRequirementTypeCode>'
        '<cbc:TendererRequirementTypeCode listName="reserved-procurement">none</cbc:TendererRequirementTypeCode>'
        '<cbc:TendererRequirementTypeCode listName="reserved-procurement"> </cbc:TendererRequirementTypeCode>'
        "<cbc:ExecutionRequirementCode>yes</cbc:ExecutionRequirementCode>"
        '<cbc:ExecutionRequirementCode listName="reserved-execution">no</cbc:ExecutionRequirementCode>'
        '<cbc:FundingProgramCode listName="eu-funded"/>'
        '<cbc:FundingProgramCode listName="eu-funded">eu-funds</cbc:FundingProgramCode>'
        '<cbc:FundingProgramCode listName="eu-funded">no-eu-funds</cbc:FundingProgramCode>'
        '<cbc:ContractingSystemTypeCode listName="dps-usage">dps-list</cbc:ContractingSystemTypeCode>'
        '<cbc:ContractingSystemTypeCode listName="framework-agreement">fa-wo-rc</cbc:ContractingSystemTypeCode>'
        '<cbc:ContractingSystemTypeCode listName="framework-agreement">none</cbc:ContractingSystemTypeCode>'
        '<efbc:ApplicableLegalBasis listName="eed-scope">true</efbc:ApplicableLegalBasis>'
        '<efbc:ApplicableLegalBasis listName="cvd-scope">false</efbc:ApplicableLegalBasis>'
        '<efbc:ApplicableLegalBasis listName="cvd-scope">true</efbc:ApplicableLegalBasis>'
        '<efbc:ApplicableLegalBasis listName="cvd-scope">true</efbc:ApplicableLegalBasis>'
    )
    (lot,) = read_notice(_one_lot(f"<cac:TenderingTerms>{codes}</cac:TenderingTerms>")).lots
    assert lot.reserved_procurement == ("none", "res-ws")
    assert lot.reserved_execution == ("no",)
    assert (lot.eu_funded, lot.dps, lot.framework_agreement) == ("eu-funds", "dps-list", "fa-wo-rc")
    assert (lot.cvd_applicable, lot.eed_applicable) == (("false", "true"), ("true",))


def test_only_the_space_is_both_printable_and_whitespace() -> None:
    """What :func:`collapse` relies on, for the Unicode tables of this Python."""
    assert [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isprintable() and chr(c).isspace()] == [" "]


_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000"


@given(st.text(alphabet=st.sampled_from([*_SPACES, "a", "é", "Ж", "字", "\x00", "\u00ad"])) | st.text())
def test_collapse_is_split_and_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


def test_collapse_of_every_corpus_text() -> None:
    checked = 0
    for path in FILES:
        for element in _tree(path).iter(etree.Element):
            if element.text:
                for text in (element.text, element.text.strip()):
                    assert collapse(text) == " ".join(text.split())
                    checked += 1
    assert checked > 100
