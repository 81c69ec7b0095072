"""The plan template: the documented columns of a purchase plan with three example rows, in the reader's
language (column names the plan reader accepts, example texts and yes/no from the message catalogue), as CSV
text or as an .xlsx workbook built from it."""

from __future__ import annotations

import io

from ..guide import texts
from ..outputs.safe import safe_cell
from .plan import COLUMNS

# The example rows: the texts of columns named here come from the catalogue (plan.template.example.N.COLUMN),
# a flag is yes or no in the template's language, the rest is written as it is.
_EXAMPLES: tuple[dict[str, str | bool], ...] = (
    {
        "id": "P-001",
        "cpv": "30213100-6",
        "estimated_value": "2400000",
        "planned_launch": "2026-03-01",
        "duration_months": "48",
        "framework": True,
        "buyer_id": "0671516647",
    },
    {
        "id": "P-002",
        "cpv": "90911200-8",
        "estimated_value": "850000",
        "planned_launch": "2026-09-15",
        "duration_months": "36",
        "framework": False,
        "buyer_id": "",
    },
    {
        "id": "P-003",
        "cpv": "34110000-1",
        "estimated_value": "1200000",
        "planned_launch": "2027-01-10",
        "duration_months": "60",
        "framework": True,
        "buyer_id": "0308357159",
    },
)
_WORDED = ("department", "description")


def template_rows(lang: str = "en") -> list[list[str]]:
    """The header (column names in ``lang``, each one the plan reader accepts) and the example rows."""
    header = [texts.text(f"plan.template.header.{column.name}", lang) for column in COLUMNS]
    rows = [header]
    for number, example in enumerate(_EXAMPLES, start=1):
        row = []
        for column in COLUMNS:
            value = example.get(column.name, "")
            if column.name in _WORDED:
                value = texts.text(f"plan.template.example.{number}.{column.name}", lang)
            elif isinstance(value, bool):
                value = texts.text("plan.template.yes" if value else "plan.template.no", lang)
            row.append(str(value))
        rows.append(row)
    return rows


def template_text(lang: str = "en") -> str:
    """The template as CSV text (separator ``;``, one line per row)."""
    return "".join(";".join(row) + "\n" for row in template_rows(lang))


def template_xlsx(lang: str = "en") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("plan")
    for row in template_rows(lang):
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
