"""The budget overview as an XLSX workbook with one sheet per table, written
like core.tabular.to_xlsx (formula cells escaped, bold header, amounts as
numbers with a thousands format; years as plain integers)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kompetenceplan.core.tabular import escape_cell

AMOUNT_FORMAT = "#,##0.00;-#,##0.00"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def to_xlsx_sheets(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        sheet.append([escape_cell(str(h)) for h in spec.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in spec.header]
        for row in spec.rows:
            values = [escape_cell(str(v)) if _is_text(v) else v for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                if i < len(widths):
                    widths[i] = max(widths[i], min(len(str(value or "")), 60))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal | float):  # amounts; years stay plain
                    cell.number_format = AMOUNT_FORMAT
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width + 2
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_text(value: object) -> bool:
    return value is not None and not isinstance(value, int | float | Decimal)
