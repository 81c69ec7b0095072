"""Folding through code pages gives exactly the per-character folding, for every character of every page."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sppmon.detect.folding import _PAGES, CODE_PAGES, fold, fold_per_character


def _characters(code_page: str) -> str:
    chars = ""
    for code in range(256):
        try:
            chars += bytes([code]).decode(code_page)
        except UnicodeDecodeError:
            continue
    return chars


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_every_character_of_a_code_page_folds_as_by_the_table(code_page: str) -> None:
    for char in _characters(code_page):
        # alone, inside a word, beside a capital sigma (lower-cased by context) and beside wide punctuation
        for text in (char, f"Ab{char}É", f"ΟΔΟ{char} Σ", f"l’{char}–x\u202f"):
            assert fold(text) == fold_per_character(text), (code_page, hex(ord(char)))


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_the_page_of_a_text_folds_all_of_it(code_page: str) -> None:
    text = _characters(code_page)[32:]
    assert fold(text) == fold_per_character(text)
    assert len(fold(text)) == len(text)


def test_characters_a_page_cannot_fold_send_the_text_elsewhere() -> None:
    beyond = {page: pattern.pattern for page, _, pattern in _PAGES if pattern is not None}
    assert "µ" in beyond["latin-1"]  # its fold, the Greek mu, lies beyond Latin-1
    assert fold("5 µm – Σ") == fold_per_character("5 µm – Σ") == "5 μm   σ"
    assert fold("Stație şi ţară ΣΑΣ") == "statie si tara σασ"  # comma and cedilla together: no single page


_PAGE_TEXTS = st.sampled_from(CODE_PAGES).flatmap(
    lambda page: st.text(alphabet=st.sampled_from(_characters(page) + "’‘–—‐‑\u202fİΣ"), max_size=40)
)


@given(_PAGE_TEXTS)
def test_texts_of_a_page_fold_as_by_the_table(text: str) -> None:
    assert fold(text) == fold_per_character(text)
