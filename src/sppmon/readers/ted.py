"""Legacy TED XML notices (``TED_EXPORT``, schemas R2.0.8 and R2.0.9) → :class:`Notice`.

Dispatches on the root element's local name (namespaces vary between releases, some are relative URIs) and
then on the form: R2.0.9 standard forms and MOVE notices go to :mod:`.ted_r209`, R2.0.8 forms (recognised by
their ``FD_*`` container) to :mod:`.ted_r208`. Legacy notices have no version (BT-757): their identity is the
TED document id (``DOC_ID``, e.g. ``051420-2019``), which is also their publication number.
"""

from __future__ import annotations

from ..errors import CatalogedError
from ..model import Notice
from .ted_common import child_index, fields, local, pick_sections, read_envelope
from .ted_r208 import read_r208
from .ted_r209 import read_r209
from .ubl import Element

ROOT_NAME = "TED_EXPORT"


def is_ted_root(root: Element) -> bool:
    return local(root) == ROOT_NAME


def read_ted(root: Element, *, all_languages: bool = False) -> Notice:
    """Read a legacy TED notice from its parsed root; the original language section(s), plus translations
    when ``all_languages`` is set. Raises :class:`CatalogedError` for anything unreadable."""
    if not is_ted_root(root):
        raise CatalogedError("NOTICE_UNKNOWN_ROOT", f"root element {root.tag!r} is not TED_EXPORT")
    with child_index():
        envelope = read_envelope(root)
        sections, languages = pick_sections(envelope, all_languages)
        warnings: list[str] = []
        form = sections.primary
        parts = fields(form)
        is_r208 = "OBJECT_CONTRACT" not in parts and any(name.startswith("FD_") for name in parts)
        if is_r208:
            return read_r208(envelope, sections, languages, warnings)
        return read_r209(envelope, sections, languages, warnings)
