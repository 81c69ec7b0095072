"""The settings a user may change for one comparison: the thresholds below which a country is not ranked and the
focus country drawn out in the tables and charts (Belgium unless chosen otherwise). Values come as typed on the
command line or in a page address; a value out of range raises :class:`BenchmarkSettingError`
(``BENCHMARK_INVALID_SETTING``) whose message reads in English, Dutch or French."""

from __future__ import annotations

import re

from .. import messages
from ..errors import CatalogedError
from .compare import Thresholds
from .countries import BELGIUM, alpha3

CODE = "BENCHMARK_INVALID_SETTING"
MOST = 1_000_000_000  # far beyond any store's lots or vehicles
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


class BenchmarkSettingError(CatalogedError):
    """A setting out of range: the setting's name, a catalogue key and its values (the English message is the
    exception's text; :meth:`message_in` gives it in Dutch or French)."""

    def __init__(self, setting: str, key: str, /, **values: object) -> None:
        self.setting, self.key, self.values = setting, key, values
        super().__init__(CODE, self.message_in("en"))

    def message_in(self, lang: str, name: str | None = None) -> str:
        """The message in ``lang``, naming the setting as ``name`` (an option such as ``--min-lots``) or as the
        library does (``min_lots``)."""
        texts = messages.catalogue()[self.key]
        return (texts.get(lang) or texts["en"]).format(setting=name or self.setting, **self.values)


def thresholds(
    min_lots: str | int | None = None, min_coverage: str | float | None = None, min_vehicles: str | int | None = None
) -> Thresholds:
    """The thresholds with the values given (None keeps the default). ``min_coverage`` is a percentage
    (``20``, ``12.5``, ``12,5`` or ``20 %``): the report states it the same way."""
    default = Thresholds()
    return Thresholds(
        default.min_lots if min_lots is None else _whole("min_lots", min_lots),
        default.min_coverage if min_coverage is None else _percent("min_coverage", min_coverage) / 100,
        default.min_vehicles if min_vehicles is None else _whole("min_vehicles", min_vehicles),
    )


def focus_country(code: str | None) -> str:
    """The three-letter code of the focus country (``BEL``, ``be``, ``NLD``, ``DE``, ``EL``…); Belgium when none
    is given."""
    if code is None or not str(code).strip():
        return BELGIUM
    found = alpha3(str(code)[:8])
    if found is None:
        raise BenchmarkSettingError("focus", "error.bench.country", value=str(code)[:40])
    return found


def _whole(setting: str, value: str | int) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MOST):
        raise BenchmarkSettingError(setting, "error.bench.whole", value=text[:40])
    return int(text)


def _percent(setting: str, value: str | float) -> float:
    text = str(value).strip().removesuffix("%").strip()
    if not _NUMBER.match(text) or not 0 <= float(text.replace(",", ".")) <= 100:
        raise BenchmarkSettingError(setting, "error.bench.percent", value=str(value).strip()[:40])
    return float(text.replace(",", "."))
