"""Belgium beside every EU/EEA country: the uptake, coverage and CVD indicators per buyer country, with Wilson
score intervals, marks where a country's figure is too uncertain to rank, and sorted tables (see
docs/eu-benchmark.md)."""

from __future__ import annotations

from .compare import (
    Benchmark,
    CountryCvd,
    CountryShare,
    CvdRanking,
    IndicatorRanking,
    Thresholds,
    eu_benchmark,
)
from .settings import BenchmarkSettingError, focus_country, thresholds
from .wilson import Interval, wilson

__all__ = [
    "Benchmark",
    "BenchmarkSettingError",
    "CountryCvd",
    "CountryShare",
    "CvdRanking",
    "IndicatorRanking",
    "Interval",
    "Thresholds",
    "eu_benchmark",
    "focus_country",
    "thresholds",
    "wilson",
]
