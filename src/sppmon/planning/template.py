"""The plan template: the documented columns of a purchase plan with three example rows, as CSV text (the
packaged file) or as an .xlsx workbook built from it."""

from __future__ import annotations

import io
from importlib import resources

from ..outputs.safe import safe_cell

TEMPLATE = "plan-template.csv"


def template_text() -> str:
    return resources.files("sppmon.data").joinpath(TEMPLATE).read_text(encoding="utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("plan")
    for line in template_text().splitlines():
        sheet.append([safe_cell(cell) for cell in line.split(";")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
