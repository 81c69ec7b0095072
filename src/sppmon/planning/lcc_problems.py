"""Problems and warnings of the life-cycle cost calculator, kept as message keys with their values so that the
command line says them in English and the web page in the page's language (texts: ``data/messages/lcc.tsv``).

A problem names its place in the input as a path, e.g. ``("offers", 1, "consumption", 0, "price")``, written
``offers[1].consumption[0].price``; the web form maps the same path to the label of its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import messages
from ..amounts import AmountError
from ..errors import CatalogedError

Place = tuple[str | int, ...]


def place_text(place: Sequence[str | int]) -> str:
    """``offers[1].consumption[0].price`` for ``("offers", 1, "consumption", 0, "price")``."""
    text = ""
    for part in place:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _text(key: str, lang: str, values: dict[str, object]) -> str:
    error = values.get("amount_error")
    if isinstance(error, AmountError):  # a typed number: the reader of amounts words it in every language
        return error.message(lang)
    texts = messages.catalogue()[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**values) if values else template


class LccProblem(CatalogedError):
    """Refused input: an error code, the place and a message key with its values (the message in English is
    the exception's text; :meth:`message_in` gives it in Dutch or French)."""

    def __init__(self, code: str, place: Sequence[str | int], key: str, /, **values: object) -> None:
        self.place: Place = tuple(place)
        self.key = key
        self.values = values
        where = place_text(self.place)
        english = _text(key, "en", values)
        super().__init__(code, f"{where}: {english}" if where else english)

    def detail_in(self, lang: str) -> str:
        """The message without its place, in ``lang``."""
        return _text(self.key, lang, self.values)

    def message_in(self, lang: str, place: str | None = None) -> str:
        """The message in ``lang``, after ``place`` (default: the input path)."""
        where = place_text(self.place) if place is None else place
        detail = self.detail_in(lang)
        return f"{where}: {detail}" if where else detail


@dataclass(frozen=True, slots=True)
class LccWarning:
    """A value that is computed but looks implausible (e.g. a negative discount rate)."""

    place: Place
    key: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def code(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    def message_in(self, lang: str = "en") -> str:
        where = place_text(self.place)
        detail = _text(self.key, lang, dict(self.values))
        return f"{where}: {detail}" if where else detail

    def __str__(self) -> str:
        return self.message_in("en")
