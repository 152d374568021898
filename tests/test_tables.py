"""Reading CSV, TSV and XLSX files into rows of text: encodings, delimiters, cells kept as written."""

import datetime as dt

import openpyxl
import pytest

from plnetwork.issues import InputError
from plnetwork.tables import read_table

ROWS = [["id", "name"], ["1", "O’Brien"], ["2", "Zoë Ñúñez"]]


def _text(rows, delimiter=",", newline="\n"):
    return newline.join(delimiter.join(row) for row in rows) + newline


@pytest.mark.parametrize("encoding, prefix, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-16-le", b"\xff\xfe", "utf-16"),
    ("utf-16-be", b"\xfe\xff", "utf-16"),
])
def test_unicode_encodings(write, encoding, prefix, expected):
    path = write("staff.csv", prefix + _text(ROWS).encode(encoding))
    table = read_table(path)
    assert table.rows == ROWS
    assert table.encoding == expected
    assert table.file == "staff.csv"


def test_utf16_tsv(write):
    path = write("staff.tsv", b"\xff\xfe" + _text(ROWS, "\t", "\r\n").encode("utf-16-le"))
    table = read_table(path)
    assert (table.rows, table.kind) == (ROWS, "tsv")


def test_cp1252_is_decoded_strictly_not_as_latin1(write):
    table = read_table(write("staff.csv", "id,name\n1,O’Brien\n2,Renée\n", encoding="cp1252"))
    assert table.rows[1:] == [["1", "O’Brien"], ["2", "Renée"]]
    assert table.encoding == "cp1252"


def test_undecodable_bytes_are_refused_with_the_row(write):
    path = write("staff.csv", b"id,name\n1,Ann\n2,Bo\x81\x8d\n")
    with pytest.raises(InputError) as error:
        read_table(path)
    issue = error.value.issue
    assert (issue.code, issue.file, issue.row) == ("undecodable", "staff.csv", 3)
    assert "UTF-8" in str(error.value) and "\n" not in str(error.value)


def test_utf16_without_bom_is_named(write):
    with pytest.raises(InputError) as error:
        read_table(write("staff.csv", _text(ROWS).encode("utf-16-le")))
    assert error.value.issue.code == "undecodable"
    assert "byte-order mark" in error.value.issue.message


@pytest.mark.parametrize("delimiter, kind", [(",", "csv"), (";", "csv"), ("\t", "tsv"), ("|", "csv")])
def test_delimiter_is_sniffed(write, delimiter, kind):
    rows = [["id", "name", "team"], ["1", "Ann Lee", "Math"], ["2", "Bo, Jr.", "ELA"]]
    if delimiter == ",":
        text = 'id,name,team\n1,Ann Lee,Math\n2,"Bo, Jr.",ELA\n'
    else:
        text = _text(rows, delimiter)
    table = read_table(write("x.txt", text))
    assert table.rows == rows
    assert table.kind == kind


def test_cells_are_text_with_na_detection_off(write):
    text = "a,b,c,d,e,f,g,h\nNA,None,NULL,nan,N/A,00123,007,1.50\n"
    table = read_table(write("x.csv", text))
    assert table.rows[1] == ["NA", "None", "NULL", "nan", "N/A", "00123", "007", "1.50"]


def test_quoted_cells_keep_newlines_commas_and_quotes(write):
    text = 'id,note\n1,"line one\nline two, with comma"\n2,"she said ""hi"""\n'
    table = read_table(write("x.csv", text))
    assert table.rows[1:] == [["1", "line one\nline two, with comma"], ["2", 'she said "hi"']]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(write, newline):
    assert read_table(write("x.csv", _text(ROWS, ",", newline))).rows == ROWS


def test_trailing_blank_rows_are_dropped(write):
    assert read_table(write("x.csv", "id,name\n1,Ann\n,\n\n , \n")).rows == [["id", "name"], ["1", "Ann"]]


def test_an_uploaded_name_cannot_break_the_one_line_error():
    with pytest.raises(InputError) as error:
        read_table(("evil\nname.csv", b""))
    assert str(error.value) == "evil name.csv: is empty"


def test_bytes_and_named_uploads(write):
    table = read_table(("upload.csv", b"id\n1\n"))
    assert (table.file, table.rows) == ("upload.csv", [["id"], ["1"]])
    assert read_table(b"id\n1\n", name="given.csv").file == "given.csv"


def test_xlsx_cells_as_text(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "hired", "score", "start", "flag"])
    sheet.append([123, "Null", dt.datetime(2024, 3, 1), 2.5, dt.datetime(2024, 3, 1, 9, 30), True])
    sheet.append(["007", "Ann", dt.date(2023, 9, 1), 4.0, None, False])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.kind == "xlsx" and table.sheet == "Sheet"
    assert table.rows[1:] == [["123", "Null", "2024-03-01", "2.5", "2024-03-01 09:30:00", "TRUE"],
                              ["007", "Ann", "2023-09-01", "4", "", "FALSE"]]


def test_xlsx_reads_first_visible_sheet_and_reports_the_others(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Hidden"
    book.active.append(["secret"])
    book.active.sheet_state = "hidden"
    book.create_sheet("Staff").append(["id", "name"])
    book["Staff"].append([1, "Ann"])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.sheet == "Staff"
    assert table.rows == [["id", "name"], ["1", "Ann"]]
    assert [issue.code for issue in table.issues] == ["extra_sheets"]


def test_xlsx_shared_strings_and_ragged_rows(write, make_xlsx):
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>name</t></si><si><t>Ann</t></si></sst>')
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>x</t></is></c></row>'
            '<row r="3"><c r="B3" t="s"><v>1</v></c></row>')
    table = read_table(write("s.xlsx", make_xlsx(rows, shared_strings=shared)))
    assert table.rows == [["name", "", "x"], ["", "", ""], ["", "Ann", ""]]


def test_xlsx_row_and_column_caps_give_a_clear_error(tmp_path):
    book = openpyxl.Workbook()
    for i in range(5):
        book.active.append([f"c{i}"] * 4)
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_table(path, max_columns=3)
    issue = error.value.issue
    assert (issue.code, issue.row, issue.column) == ("too_many_columns", 1, "D")
    with pytest.raises(InputError) as error:
        read_table(path, max_rows=3)
    assert (error.value.issue.code, error.value.issue.row) == ("too_many_rows", 4)


def test_csv_caps(write):
    path = write("x.csv", "a,b,c\n1,2,3\n4,5,6\n")
    with pytest.raises(InputError, match="more than 2 rows") as error:
        read_table(path, max_rows=2)
    assert error.value.issue.code == "too_many_rows"
    with pytest.raises(InputError) as error:
        read_table(path, max_bytes=10)
    assert error.value.issue.code == "file_too_large"
