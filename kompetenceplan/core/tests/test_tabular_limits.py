"""Bounded reading of uploaded files (issue 7, finding 1): zip bombs, huge
cells, too many rows/columns are refused with a Danish message naming the
limit, fast and in bounded memory."""

import io
import time
import tracemalloc

import pytest
from openpyxl import Workbook

from kompetenceplan.core.tabular import TabularError, read_table
from kompetenceplan.testing.bombs import huge_cell_bomb, many_rows_bomb, xlsx_with_sheet

COLUMNS = ["medarbejdernummer", "fornavn", "efternavn"]
MB = 1024 * 1024


def refused(data: bytes, filename: str = "bomb.xlsx") -> str:
    """Read ``data``; assert it is refused in under 10 s and 100 MB; return the message."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TabularError) as info:
            read_table(data, filename, COLUMNS)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 10
    assert peak < 100 * MB
    return str(info.value)


@pytest.fixture(scope="module")
def rows_bomb():
    # 200,000 rows x 20 inline cells: 5 MB packed, 326 MB unpacked.
    return many_rows_bomb(COLUMNS, rows=200_000)


def test_zip_bomb_of_many_rows_is_refused_before_unpacking(rows_bomb):
    assert len(rows_bomb) < 10 * MB
    assert refused(rows_bomb) == (
        "Excel-filen fylder 326,2\xa0MB udpakket. Den største tilladte størrelse udpakket er 100,0\xa0MB."
    )


def test_one_huge_cell_is_refused_before_unpacking():
    bomb = huge_cell_bomb(COLUMNS, chars=1536 * MB)  # the 1.5 GB cell
    assert len(bomb) < 10 * MB
    assert refused(bomb) == (
        "Excel-filen fylder 1,5\xa0GB udpakket. Den største tilladte størrelse udpakket er 100,0\xa0MB."
    )


def test_extreme_compression_ratio_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * MB
    bomb = huge_cell_bomb(COLUMNS, chars=50 * MB)
    assert refused(bomb) == (
        "Excel-filen er pakket mere end 100 gange sammen og afvises som mistænkelig."
    )


def test_rows_over_the_limit_stop_the_stream(settings):
    # 40,000 short rows: under every size limit, over a 5,000-row limit.
    settings.IMPORT_MAX_ROWS = 5_000
    bomb = many_rows_bomb(COLUMNS, rows=40_000, cells_per_row=1)
    assert refused(bomb) == "Filen har mere end 5.000 rækker, som er det største tilladte antal."


def test_huge_cell_under_the_size_limits_is_refused_by_its_length(settings):
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10_000
    bomb = huge_cell_bomb(COLUMNS, chars=20 * MB)
    assert refused(bomb) == (
        "Række 2 har en celle med mere end 1.000 tegn, som er det største tilladte antal."
    )


def test_columns_over_the_limit_in_xlsx_and_csv():
    cells = "".join(f'<c t="inlineStr"><is><t>k{i}</t></is></c>' for i in range(51))
    sheet = xlsx_with_sheet(
        [
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
            f'.org/spreadsheetml/2006/main"><sheetData><row r="1">{cells}</row>'
            "</sheetData></worksheet>"
        ]
    )
    message = "Række 1 har mere end 50 kolonner, som er det største tilladte antal."
    assert refused(sheet) == message
    assert refused((";".join(f"k{i}" for i in range(51)) + "\n").encode(), "x.csv") == message


def test_csv_limits_on_rows_and_cell_length(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = ("medarbejdernummer;fornavn;efternavn\n" + "1;A;B\n" * 3).encode()
    assert (
        refused(data, "x.csv") == "Filen har mere end 3 rækker, som er det største tilladte antal."
    )
    settings.IMPORT_MAX_ROWS = 50_000
    data = ("medarbejdernummer;fornavn;efternavn\n1;" + "A" * 1001 + ";B\n").encode()
    assert refused(data, "x.csv") == (
        "Række 2 har en celle med mere end 1.000 tegn, som er det største tilladte antal."
    )
    # Beyond the csv module's own field limit the message is the same.
    data = ('medarbejdernummer;fornavn;efternavn\n1;"' + "A" * 200_000 + '";B\n').encode()
    assert refused(data, "x.csv") == (
        "Række 2 har en celle med mere end 1.000 tegn, som er det største tilladte antal."
    )


def test_file_over_the_byte_limit_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = ("medarbejdernummer;fornavn;efternavn\n" + "1;A;B\n" * 500).encode()
    assert refused(data, "x.csv") == (
        "Filen er for stor (3,0\xa0KB). Den største tilladte størrelse er 1000\xa0bytes."
    )


def test_files_at_the_limits_are_read(settings):
    settings.IMPORT_MAX_ROWS = 3
    settings.IMPORT_MAX_COLUMNS = 3
    settings.IMPORT_MAX_CELL_CHARS = 5
    wb = Workbook()
    wb.active.append(COLUMNS)
    wb.active.append([1, "Abcde", "B"])
    wb.active.append([2, "C", "D", None, None])  # trailing empty cells are no columns
    buf = io.BytesIO()
    wb.save(buf)
    settings.IMPORT_MAX_CELL_CHARS = 17  # the header's longest name
    table = read_table(buf.getvalue(), "x.xlsx", COLUMNS)
    assert [values["fornavn"] for _, values in table.rows] == ["Abcde", "C"]


def test_xlsx_with_thousands_of_zip_members_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(2_000):
            archive.writestr(f"xl/media/m{number}.bin", b"")
    started = time.monotonic()
    assert refused(buffer.getvalue()) == (
        "Excel-filen indeholder 2.000 filer. Det største tilladte antal er 500."
    )
    assert time.monotonic() - started < 2
