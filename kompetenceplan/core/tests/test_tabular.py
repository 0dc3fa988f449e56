import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from kompetenceplan.core.tabular import (
    TabularError,
    escape_cell,
    parse_date,
    read_table,
    to_csv,
    to_xlsx,
)

COLUMNS = ["medarbejdernummer", "fornavn", "efternavn"]


def test_semicolon_csv_utf8_with_bom():
    data = "\ufeffmedarbejdernummer;fornavn;efternavn\r\n1;Søren;Ærø\r\n".encode()
    table = read_table(data, "x.csv", COLUMNS)
    assert table.rows == [(2, {"medarbejdernummer": "1", "fornavn": "Søren", "efternavn": "Ærø"})]


def test_comma_csv_windows_1252():
    data = "medarbejdernummer,fornavn,efternavn\n7,Åse,Østergård\n".encode("cp1252")
    table = read_table(data, "x.csv", COLUMNS)
    assert table.rows[0][1] == {
        "medarbejdernummer": "7",
        "fornavn": "Åse",
        "efternavn": "Østergård",
    }


def test_blank_lines_are_skipped_and_row_numbers_kept():
    data = b"medarbejdernummer;fornavn;efternavn\n1;A;B\n\n3;C;D\n"
    table = read_table(data, "x.csv", COLUMNS)
    assert [n for n, _ in table.rows] == [2, 4]


def test_xlsx():
    wb = Workbook()
    wb.active.append(["Medarbejdernummer", "Fornavn", "Efternavn"])
    wb.active.append([42, "Mette", dt.date(2020, 1, 2)])
    buf = io.BytesIO()
    wb.save(buf)
    table = read_table(buf.getvalue(), "x.xlsx", COLUMNS)
    assert table.rows == [
        (2, {"medarbejdernummer": "42", "fornavn": "Mette", "efternavn": "2020-01-02"})
    ]


def test_missing_columns_message_is_danish():
    with pytest.raises(TabularError, match="Filen mangler kolonnen/kolonnerne: efternavn"):
        read_table(b"medarbejdernummer;fornavn\n1;A\n", "x.csv", COLUMNS)


def test_empty_and_broken_files():
    with pytest.raises(TabularError, match="Filen er tom"):
        read_table(b"  \n", "x.csv", COLUMNS)
    with pytest.raises(TabularError, match="Excel"):
        read_table(b"PK\x03\x04garbage", "x.xlsx", COLUMNS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-08-2025", dt.date(2025, 8, 1)),
        ("1.8.2025", dt.date(2025, 8, 1)),
        ("2025-08-01", dt.date(2025, 8, 1)),
    ],
)
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2025", "2025/08/01", "i morgen", "01-13-2025"])
def test_parse_date_rejects_with_danish_message(text):
    with pytest.raises(ValueError, match="er ikke en gyldig dato"):
        parse_date(text)


def test_formula_cells_are_escaped_in_csv_and_xlsx():
    assert escape_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert escape_cell("+45 1234") == "'+45 1234"
    assert escape_cell("Anne") == "Anne"
    assert escape_cell(5) == 5
    csv_bytes = to_csv(["navn"], [["=1+1"], ["@SUM(A1)"], ["-2"]])
    assert csv_bytes.decode("utf-8-sig").splitlines() == ["navn", "'=1+1", "'@SUM(A1)", "'-2"]
    sheet = load_workbook(io.BytesIO(to_xlsx(["navn"], [["=1+1"]]))).active
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"


def test_csv_export_drops_control_characters_but_keeps_lines():
    """Rows stored before input refused control characters still export
    cleanly (as to_xlsx does); a newline in a text field stays, quoted."""
    data = to_csv(["navn"], [["An\x00ne\x01 Ja\x0bnsen"], ["linje 1\nlinje 2"]]).decode("utf-8-sig")
    assert data == 'navn\r\nAnne Jansen\r\n"linje 1\nlinje 2"\r\n'
