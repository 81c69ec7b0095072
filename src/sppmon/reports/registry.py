"""The reports, by name: adding a report = one module + one line here + its CLI subcommand."""

from __future__ import annotations

from . import annual, buyer_feedback, cvd_report, eu_benchmark, eu_strategic
from .base import Report

REPORTS: dict[str, Report] = {
    report.name: report
    for report in (annual.REPORT, eu_strategic.REPORT, cvd_report.REPORT, buyer_feedback.REPORT, eu_benchmark.REPORT)
}
