"""Reading and writing tabular files: CSV (any Danish Excel dialect) and XLSX.

Pure code: takes bytes or rows, returns plain data. Used by every import and
export in the application.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from .validators import starts_like_formula


class TabularError(ValueError):
    """The file as a whole cannot be read; the message is for the user (Danish)."""


@dataclass(frozen=True)
class Table:
    """Header (lower-cased, stripped) and data rows, numbered as in the file."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Danish Excel saves "CSV (semikolonsepareret)" as Windows-1252.
        return data.decode("cp1252", errors="replace")


def _is_xlsx(data: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"


def read_table(data: bytes, filename: str, required: Sequence[str]) -> Table:
    """Parse an uploaded CSV or XLSX file into a :class:`Table`.

    Raises :class:`TabularError` with a Danish message when the file cannot be
    read or lacks required columns.
    """
    if not data.strip():
        raise TabularError(_("Filen er tom."))
    raw_rows = _read_xlsx(data) if _is_xlsx(data, filename) else _read_csv(data)
    header_index = next((i for i, row in enumerate(raw_rows) if any(c.strip() for c in row)), None)
    if header_index is None:
        raise TabularError(_("Filen er tom."))
    header = [_normalise_header(c) for c in raw_rows[header_index]]
    missing = [c for c in required if c not in header]
    if missing:
        raise TabularError(
            _(
                "Filen mangler kolonnen/kolonnerne: %(missing)s. Første linje skal være: %(expected)s"
            )
            % {"missing": ", ".join(missing), "expected": ";".join(required)}
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for offset, raw in enumerate(raw_rows[header_index + 1 :], start=header_index + 2):
        if not any(c.strip() for c in raw):
            continue
        values = {
            name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header) if name
        }
        rows.append((offset, values))
    return Table(header=header, rows=rows)


def _normalise_header(cell: str) -> str:
    return re.sub(r"\s+", "_", cell.strip().lower().lstrip("\ufeff"))


class _Semicolon(csv.excel):
    delimiter = ";"


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon if sample.count(";") >= sample.count(",") else csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise TabularError(_("Filen kan ikke læses som CSV: %(error)s") % {"error": exc}) from exc


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TabularError(_("Filen kan ikke læses som Excel-fil (XLSX).")) from exc
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
]


def parse_date(value: str) -> dt.date:
    """Parse ``dd-mm-åååå``, ``dd.mm.åååå`` or ISO ``åååå-mm-dd``.

    Raises ValueError with a Danish message.
    """
    text = value.strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise ValueError(
        _("“%(value)s” er ikke en gyldig dato (brug dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd)")
        % {"value": value}
    )


# --- Export --------------------------------------------------------------------------


_T = TypeVar("_T")


def escape_cell(value: _T) -> _T | str:
    """Neutralise spreadsheet formulas (CSV/XLSX injection): prefix with '."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Danish Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(_export_text(v)) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _export_text(value: object) -> object:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return value


def to_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "Data"
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def clean(value: object) -> object:
        # Characters XLSX cannot hold (control characters in rows stored before
        # input refused them) are dropped, so old data never breaks an export.
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return escape_cell(value)

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([clean(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([clean(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
