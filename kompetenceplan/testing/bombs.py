"""Hostile XLSX files built in memory for the upload-limit tests (zip bombs)."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row(columns: list[str]) -> str:
    cells = "".join(_cell(f"{chr(65 + i)}1", name) for i, name in enumerate(columns))
    return f'<row r="1">{cells}</row>'


def xlsx_with_sheet(chunks, *, level: int = 1) -> bytes:
    """An XLSX whose sheet1.xml is the concatenation of ``chunks`` (streamed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in chunks:
                sheet.write(chunk.encode())
    return buffer.getvalue()


def many_rows_bomb(columns: list[str], *, rows: int, cells_per_row: int = 20) -> bytes:
    """The issue's bomb: ``rows`` rows of ``cells_per_row`` inline cells."""

    def chunks():
        yield _SHEET_HEAD + _header_row(columns)
        batch = []
        for number in range(2, rows + 2):
            cells = "".join(
                _cell(f"A{number}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
                for _ in range(cells_per_row)
            )
            batch.append(f'<row r="{number}">{cells}</row>')
            if len(batch) == 1000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + _SHEET_TAIL

    return xlsx_with_sheet(chunks())


def huge_cell_bomb(columns: list[str], *, chars: int) -> bytes:
    """The issue's second bomb: one cell of ``chars`` characters."""

    def chunks():
        yield _SHEET_HEAD + _header_row(columns) + '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "A" * (1024 * 1024)
        for _ in range(chars // len(block)):
            yield block
        yield "A" * (chars % len(block)) + "</t></is></c></row>" + _SHEET_TAIL

    return xlsx_with_sheet(chunks())
