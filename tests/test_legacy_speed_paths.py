"""The legacy TED reader's shortcuts give what its general paths give.

The reader takes shorter paths for the usual notice with one original language section, takes many fields of an
element from one index of its children, and skips splitting texts that are already collapsed. The corpus tests
check the records; these check each shortcut against the path it replaces, on the fixtures and the shared corpus.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest
from lxml import etree

from sppmon.readers import ReaderOptions, read_notice, ted
from sppmon.readers.ted_common import (
    Envelope,
    Sections,
    child,
    child_index,
    children,
    descendants,
    fields,
    first_child,
    grouped,
    local,
    pick_sections,
)
from sppmon.xmlsafe import Element, parse_xml

from .conftest import FIXTURES, SHARED, SHARED_AVAILABLE

FIXTURE_FILES = sorted((FIXTURES / "ted").glob("*.xml"))
CORPUS_FILES = sorted((SHARED / "corpus" / "ted-xml").glob("*.xml")) if SHARED_AVAILABLE else []


def _doubled(envelope: Envelope, all_languages: bool) -> tuple[Sections, tuple[str, ...]]:
    """The sections the reader picks, each twice: every step then takes the general (several sections) path,
    and identical texts are kept once, so an R2.0.9 notice must read exactly as with the picked sections."""
    sections, languages = pick_sections(envelope, all_languages)
    return Sections((*sections.nodes, *sections.nodes)), languages


@pytest.mark.parametrize("all_languages", [False, True])
def test_r209_notices_read_the_same_through_the_general_paths(
    all_languages: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ReaderOptions(all_languages=all_languages)
    datas = [path.read_bytes() for path in (*FIXTURE_FILES, *CORPUS_FILES)]
    usual = [read_notice(data, options) for data in datas]
    monkeypatch.setattr(ted, "pick_sections", _doubled)
    general = [read_notice(data, options) for data in datas]
    checked = 0
    for path, fast, slow in zip((*FIXTURE_FILES, *CORPUS_FILES), usual, general, strict=True):
        if fast.format == "ted-r2.0.9":  # R2.0.8 lists some texts per section: doubling them is a real change
            assert fast == slow, path.name
            checked += 1
    assert checked >= 3


def _forms(path: Path) -> list[Element]:
    form_section = child(parse_xml(path.read_bytes()), "FORM_SECTION")
    assert form_section is not None
    return [form for form in form_section if local(form)]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[path.stem for path in FIXTURE_FILES])
@pytest.mark.parametrize("indexed", [False, True], ids=["plain", "child_index"])
def test_one_section_steps_are_the_general_steps(path: Path, indexed: bool) -> None:
    for form in _forms(path):
        with child_index() if indexed else nullcontext():
            for element in form.iter(etree.Element):
                names = (*dict.fromkeys(local(node) for node in element.iter(etree.Element)), "MISSING")
                _check_sections(Sections((("FRA", element),)), names)


def _check_sections(one: Sections, names: tuple[str, ...]) -> None:
    two = Sections((*one.nodes, *one.nodes))

    def firsts(found: list[Sections]) -> list[tuple[tuple[str | None, Element], ...]]:
        return [sections.nodes[:1] for sections in found]

    assert one.texts() == two.texts()
    assert one.texts_of(names) == two.texts_of(names) == tuple(text for name in names for text in one.texts(name))
    by_name = one.descendants_by_name(names)
    assert {name: firsts(found) for name, found in two.descendants_by_name(names).items()} == {
        name: [sections.nodes for sections in found] for name, found in by_name.items()
    }
    for name in names:
        single, double = one.child(name), two.child(name)
        assert (single is None and double is None) or (single and double and single.nodes == double.nodes[:1])
        assert [sections.nodes for sections in one.children(name)] == firsts(two.children(name))
        descending = [sections.nodes for sections in one.descendants(name)]
        assert descending == firsts(two.descendants(name)) == [s.nodes for s in by_name.get(name, [])]
        assert one.texts(name) == two.texts(name)


MIXED = (
    b'<T xmlns="urn:a" xmlns:n="urn:n"><!--c--><A>one</A><?pi x?><n:A>two</n:A><B><P> first  line </P></B>'
    b"<A>three</A><n:C/><C>x<!--c-->y</C><D/><n:D/><D/></T>"
)


@pytest.mark.parametrize("indexed", [False, True], ids=["plain", "child_index"])
def test_fields_grouped_and_first_child_agree_with_child_and_children(indexed: bool) -> None:
    root = etree.fromstring(MIXED)
    with child_index() if indexed else nullcontext():
        names = ("A", "B", "C", "D", "P", "MISSING")
        found = fields(root)
        by_name = grouped(root)
        for name in names:
            assert found.get(name) is child(root, name) is first_child(root, name)
            assert by_name.get(name, []) == children(root, name) == list(root.iterchildren(f"{{*}}{name}"))
        assert list(found) == list(by_name) == ["A", "B", "C", "D"]
        assert fields(None) == {} and grouped(None) == {}
    assert descendants(root, "P") == [child(child(root, "B"), "P")]
