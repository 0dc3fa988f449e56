"""Reading and writing tabular files: CSV (any Danish Excel dialect) and XLSX.

Pure code: takes bytes or rows, returns plain data. Used by every import and
export in the application.

Reading is bounded (OWASP ASVS 5.0 V5.2): every uploaded file goes through
:func:`read_table`, which refuses a file over ``IMPORT_MAX_BYTES`` before
parsing, checks an XLSX's declared uncompressed sizes and compression ratio
with :mod:`zipfile` before openpyxl opens it, and stops at the first row over
``IMPORT_MAX_ROWS``, ``IMPORT_MAX_COLUMNS`` or ``IMPORT_MAX_CELL_CHARS`` while
streaming. Each refusal is a :class:`TabularError` with a Danish message
naming the limit (:class:`Limit`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validators import starts_like_formula


class TabularError(ValueError):
    """The file as a whole cannot be read; the message is for the user (Danish)."""


class Limit:
    """The Danish refusal of each reading limit, in one place."""

    BYTES = gettext_lazy(
        "Filen er for stor (%(size)s). Den største tilladte størrelse er %(limit)s."
    )
    UNCOMPRESSED = gettext_lazy(
        "Excel-filen fylder %(size)s udpakket. Den største tilladte størrelse udpakket er %(limit)s."
    )
    RATIO = gettext_lazy(
        "Excel-filen er pakket mere end %(limit)s gange sammen og afvises som mistænkelig."
    )
    MEMBERS = gettext_lazy(
        "Excel-filen indeholder %(count)s filer. Det største tilladte antal er %(limit)s."
    )
    ROWS = gettext_lazy("Filen har mere end %(limit)s rækker, som er det største tilladte antal.")
    COLUMNS = gettext_lazy(
        "Række %(row)s har mere end %(limit)s kolonner, som er det største tilladte antal."
    )
    CELL = gettext_lazy(
        "Række %(row)s har en celle med mere end %(limit)s tegn, som er det største tilladte antal."
    )


def _count(number: int) -> str:
    """A whole number with Danish thousands separators: 50.000."""
    return f"{number:,}".replace(",", ".")


def check_size(size: int) -> None:
    """Refuse a file over ``IMPORT_MAX_BYTES`` (call before reading it)."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise TabularError(
            str(Limit.BYTES) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


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
    check_size(len(data))
    if not data.strip():
        raise TabularError(_("Filen er tom."))
    reader = _read_xlsx(data) if _is_xlsx(data, filename) else _read_csv(data)
    raw_rows = list(_bounded(reader))
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


def _bounded(rows: Generator[list[str]]) -> Iterator[list[str]]:
    """Pass rows through, stopping at the first one over a limit."""
    max_rows = settings.IMPORT_MAX_ROWS
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    with contextlib.closing(rows):
        yield from _checked(rows, max_rows, max_columns, max_chars)


def _checked(
    rows: Iterator[list[str]], max_rows: int, max_columns: int, max_chars: int
) -> Iterator[list[str]]:
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            raise TabularError(str(Limit.ROWS) % {"limit": _count(max_rows)})
        while row and not row[-1]:
            row.pop()  # trailing empty cells are no columns
        if len(row) > max_columns:
            raise TabularError(
                str(Limit.COLUMNS) % {"row": _count(number), "limit": _count(max_columns)}
            )
        if any(len(cell) > max_chars for cell in row):
            raise TabularError(
                str(Limit.CELL) % {"row": _count(number), "limit": _count(max_chars)}
            )
        yield row


def _read_csv(data: bytes) -> Generator[list[str]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon if sample.count(";") >= sample.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):  # the csv module's own bound (131072)
                raise TabularError(
                    str(Limit.CELL)
                    % {"row": _count(number + 1), "limit": _count(settings.IMPORT_MAX_CELL_CHARS)}
                ) from exc
            raise TabularError(
                _("Filen kan ikke læses som CSV: %(error)s") % {"error": exc}
            ) from exc
        number += 1
        yield list(row)


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before unpacking.

    zipfile never inflates a member beyond its declared size (it stops there
    and fails the CRC check), so the declared sizes bound what openpyxl reads.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TabularError(_("Filen kan ikke læses som Excel-fil (XLSX).")) from exc
    if len(members) > settings.IMPORT_MAX_ZIP_MEMBERS:
        raise TabularError(
            str(Limit.MEMBERS)
            % {"count": _count(len(members)), "limit": _count(settings.IMPORT_MAX_ZIP_MEMBERS)}
        )
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    total = sum(member.file_size for member in members)
    if total > limit:
        raise TabularError(
            str(Limit.UNCOMPRESSED)
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
        )
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        # Small members (styles, a short sheet) may compress well; only a
        # large member with an extreme ratio is a bomb.
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise TabularError(str(Limit.RATIO) % {"limit": _count(ratio)})


def _read_xlsx(data: bytes) -> Generator[list[str]]:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TabularError(_("Filen kan ikke læses som Excel-fil (XLSX).")) from exc
    try:
        sheet = workbook.worksheets[0]
        # max_col bounds openpyxl's padding of each row to the sheet's declared
        # width; one column more than allowed shows an excess.
        rows = sheet.iter_rows(values_only=True, max_col=settings.IMPORT_MAX_COLUMNS + 1)
        try:
            for row in rows:
                yield [_cell_text(v) for v in row]
        except TabularError:
            raise
        except Exception as exc:  # a broken sheet found while streaming
            raise TabularError(_("Filen kan ikke læses som Excel-fil (XLSX).")) from exc
    finally:
        workbook.close()


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
    """Semicolon-separated UTF-8 with BOM: what Danish Excel opens correctly.
    Control characters (in rows stored before input refused them) are dropped,
    as in :func:`to_xlsx`; tab and newline stay (the CSV quotes them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(
            ["" if v is None else escape_cell(_export_clean(_export_text(v))) for v in row]
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


_EXPORT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _export_clean(value: object) -> object:
    return _EXPORT_CONTROL.sub("", value) if isinstance(value, str) else value


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
