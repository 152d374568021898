"""Bad input is data, not a crash: every hostile or broken file ends in one clear InputError or an issue.

Each case builds a tiny file, reads it as a table, a roster or an export, and asserts on the error's issue
(code, file, row, column) or on the flattened issue table. Any other exception fails the test.
"""

import io
import random
import zipfile
from dataclasses import dataclass
from typing import Callable

import openpyxl
import pytest

from conftest import build_xlsx
from plnetwork.formats import read_export
from plnetwork.issues import InputError
from plnetwork.roster import read_roster
from plnetwork import tables
from plnetwork.tables import read_table

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ANY = object()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _real_xlsx(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(**parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    """An OLE2 compound file as far as a sniffer can tell: the magic, then stream names in UTF-16LE."""
    body = b"".join(name.encode("utf-16-le") + b"\x00" * 16 for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body + b"\x00" * 1024


def _inflating_xlsx(megabytes: int = 300) -> bytes:
    """A workbook whose sheet part is ``megabytes`` of zeros, deflated to a few hundred KB."""
    data = io.BytesIO(build_xlsx(_cell("A1", "name")))
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return data.getvalue()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
          + "]>")
SHARED_BOMB = LAUGHS + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
SHEET_BOMB = LAUGHS + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>' \
                      '<t>&lol9;</t></is></c></row></sheetData></worksheet>'
#: the DOCTYPE after 10 KB of comment: a check of only the first 4 KB would miss it
LATE_BOMB = '<?xml version="1.0"?><!--' + "x" * 10_000 + "-->" + SHEET_BOMB.removeprefix('<?xml version="1.0"?>')
UTF16_BOMB = SHEET_BOMB.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>') \
    .encode("utf-16")
EBCDIC_SHEET = f'<?xml version="1.0" encoding="cp037"?><worksheet xmlns="{MAIN_NS}"/>'


@dataclass
class Case:
    id: str
    content: Callable[[], bytes] | bytes | str | None   # None: the file is not written
    read: str = "table"                                  # "table" | "roster" | "export"
    code: str | None = None                              # the error's or an issue's code; None: reads cleanly
    row: object = ANY
    column: object = ANY
    name: str = "input.csv"
    raises: bool = True


def _random_bytes():
    return random.Random(7).randbytes(4096)


CASES = [
    Case("empty file", b"", "roster", "empty_file"),
    Case("whitespace only", b"  \r\n\t\n   ", "export", "empty_file"),
    Case("BOM and commas only", b"\xef\xbb\xbf,,\n,,\n", "table", "empty_file"),
    Case("truncated inside a quote", b'id,name\n1,Ann\n2,"Bo Di', "roster", "truncated", row=3),
    Case("stray quote", b'id,name\n1,"Ann"x\n2,Bo\n', "roster", "malformed_quotes", row=2, raises=False),
    Case("semicolon roster", "id;name;role\n007;Zoë Lee;Coach\n", "roster", None),
    Case("semicolon edge list", "source;target\n1;2\n", "export", None),
    Case("random bytes renamed .csv", _random_bytes, "export", "undecodable", row=ANY),
    Case("PNG renamed .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)), "roster", "not_a_table"),
    Case("PDF renamed .csv", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "export", "not_a_table"),
    Case("gzip renamed .csv", b"\x1f\x8b\x08\x00" + bytes(40), "table", "not_a_table"),
    Case("HTML saved as .xls", b"<html><body><table><tr><td>id</td></tr></table></body></html>", "roster",
         "not_a_table", name="staff.xls"),
    Case("zip of a text file renamed .xlsx", lambda: _zip(notes__txt="hello"), "roster", "not_a_workbook",
         name="staff.xlsx"),
    Case("Word document renamed .xlsx", lambda: _zip(word__document__xml="<w:document/>"), "roster",
         "not_a_workbook", name="staff.xlsx"),
    Case("truncated xlsx", lambda: _real_xlsx(["id", "name"], [1, "Ann"])[:900], "roster", "bad_zip",
         name="staff.xlsx"),
    Case("xlsx whose sheet is not XML", lambda: build_xlsx(sheet_xml="not xml at all <<<"), "roster",
         "bad_workbook", name="staff.xlsx"),
    Case("legacy .xls", lambda: _ole("Workbook", "SummaryInformation"), "roster", "xls_legacy", name="staff.xls"),
    Case("password-protected xlsx", lambda: _ole("EncryptionInfo", "EncryptedPackage"), "roster",
         "xlsx_encrypted", name="staff.xlsx"),
    Case("duplicate headers", "id,name,Name\n1,Ann,Annie\n", "roster", "duplicate_header", row=1, column="Name",
         raises=False),
    Case("header-only roster", "id,name,email\n", "roster", "empty_roster", row=2),
    Case("header-only export", "source,target\n", "export", None),
    Case("ids like 007", "id,name\n007,Ann\n0070,Bo\n", "roster", None),
    Case("Excel-mangled id", "id,name\n1.23E+05,Ann\n", "roster", "id_mangled", row=2, column="id", raises=False),
    Case("formula in a name", 'id,name\n1,"=HYPERLINK(""http://evil"",""Jane Doe"")"\n', "roster",
         "formula_in_name", row=2, column="name", raises=False),
    Case("emoji names", "id,name\n1,Ann 😀 Lee\n2,👩‍🏫\n", "roster", None),
    Case("10,000 columns", ",".join(f"c{i}" for i in range(10_000)) + "\n", "roster", "too_many_columns", row=1),
    Case("sparse cell at XFD1048576", lambda: build_xlsx(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>',
                                                         dimension="A1:XFD1048576"),
         "roster", "xlsx_stray_cells", row=1048576, column="XFD", name="staff.xlsx"),
    Case("stray cell far below a roster",
         lambda: build_xlsx(f'<row r="1">{_cell("A1", "name")}</row><row r="2">{_cell("A2", "Ann")}</row>'
                            f'<row r="1048576">{_cell("XFD1048576", "x")}</row>', dimension="A1:XFD1048576"),
         "roster", "xlsx_stray_cells", row=1048576, name="staff.xlsx", raises=False),
    Case("inflating xlsx (300 MB of zeros)", _inflating_xlsx, "roster", "xlsx_bomb", name="staff.xlsx"),
    Case("entity bomb in sharedStrings", lambda: build_xlsx(f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                                                            shared_strings=SHARED_BOMB),
         "roster", "xml_entities", name="staff.xlsx"),
    Case("entity bomb in the sheet", lambda: build_xlsx(sheet_xml=SHEET_BOMB), "export", "xml_entities",
         name="export.xlsx"),
    Case("entity bomb after a long comment", lambda: build_xlsx(sheet_xml=LATE_BOMB), "roster", "xml_entities",
         name="staff.xlsx"),
    Case("entity bomb in UTF-16", lambda: build_xlsx(sheet_xml=UTF16_BOMB), "roster", "xml_entities",
         name="staff.xlsx"),
    Case("EBCDIC-declared sheet", lambda: build_xlsx(sheet_xml=EBCDIC_SHEET), "roster", "xml_encoding",
         name="staff.xlsx"),
    Case("only a hidden sheet", lambda: build_xlsx(f'<row r="1">{_cell("A1", "name")}</row>', state="hidden"),
         "roster", "no_visible_sheet", name="staff.xlsx"),
    Case("2 MB single cell", b"id,note\n1," + b"a" * 2_000_000 + b"\n", "roster", "cell_too_large", row=2),
    Case("2 MB single quoted cell", b'id,note\n1,"' + b"a" * 2_000_000 + b'"\n', "export", "cell_too_large",
         row=2),
    Case("NUL bytes in text", b"id,name\n1,An\x00n\n2,Bo\n", "roster", "nul_removed", row=2, raises=False),
    Case("UTF-16 without a BOM", "id,name\n1,Ann\n".encode("utf-16-le"), "roster", "undecodable"),
    Case("old Mac line endings", b"id,name\r1,Ann\r2,Bo\r", "roster", None),
    Case("roster with no name, id or email column", "colour,size\nred,1\n", "roster", "roster_header", row=1),
    Case("roster rows all blank", "id,name\n,\n , \n", "roster", "empty_roster", row=2),
    Case("export of an unknown layout", "colour,size\nred,1\n", "export", "unknown_layout", row=1),
    Case("a folder", "folder", "roster", "not_a_file", name="folder.csv"),
    Case("a missing file", None, "roster", "file_not_found", name="missing.csv"),
]


def _read(kind: str, path):
    if kind == "table":
        return read_table(path).issues
    if kind == "roster":
        roster, issues = read_roster(path)
        assert len(roster) > 0
        return issues
    return read_export(path).issues


@pytest.fixture(scope="module")
def materialized():
    """Contents built once per module (the inflating workbook takes a moment to deflate)."""
    cache = {}

    def get(case: Case) -> bytes:
        if case.id not in cache:
            content = case.content() if callable(case.content) else case.content
            cache[case.id] = content.encode("utf-8") if isinstance(content, str) else content
        return cache[case.id]
    return get


def test_there_are_at_least_thirty_bad_inputs():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_a_clear_error_or_an_issue(case, tmp_path, materialized):
    path = tmp_path / case.name
    if case.content == "folder":
        path.mkdir()
    elif case.content is not None:
        path.write_bytes(materialized(case))
    if case.raises and case.code is not None:
        with pytest.raises(InputError) as error:
            _read(case.read, path)
        issue = error.value.issue
        assert (issue.code, issue.file) == (case.code, case.name), str(error.value)
        message = str(error.value)
        assert "\n" not in message and message.startswith(case.name) and len(message) < 300
    else:
        frame = _read(case.read, path).to_frame()
        if case.code is None:
            assert not (frame["severity"] == "error").any(), frame
            return
        matches = frame[frame["code"] == case.code]
        assert len(matches) >= 1, frame
        issue = matches.iloc[0]
    if case.row is not ANY:
        assert issue.row == case.row
    if case.column is not ANY:
        assert issue.column == case.column


def test_export_whose_respondents_match_nobody_on_the_roster(write):
    try:
        from plnetwork.responses import resolve_survey
    except ImportError:
        pytest.skip("plnetwork.responses is not available yet")
    roster, _ = read_roster(write("staff.csv", "id,name\n1,Ann Lee\n2,Bo Diaz\n"))
    raw = read_export(write("export.csv", "source,target\n901,902\n903,904\n"))
    with pytest.raises(InputError) as error:
        resolve_survey(raw, roster)
    assert (error.value.issue.code, error.value.issue.file) == ("no_roster_match", "export.csv")


def test_nothing_else_escapes_on_cut_workbooks(tmp_path):
    """A real workbook cut at every 97th byte: each prefix is a clear error or (rarely) a readable table."""
    data = _real_xlsx(["id", "name"], [1, "Ann"], [2, "Bo"])
    for end in range(0, len(data), 97):
        try:
            read_table(("cut.xlsx", data[:end]))
        except InputError as error:
            assert error.issue.file == "cut.xlsx"


@pytest.mark.parametrize("content", [SHARED_BOMB, SHEET_BOMB, UTF16_BOMB], ids=["shared", "sheet", "utf-16"])
def test_defusedxml_refuses_entity_bombs_even_without_the_prolog_check(monkeypatch, content):
    """Defence in depth: were the prolog check gone, openpyxl's defusedxml parser still refuses the bomb."""
    monkeypatch.setattr(tables, "_prolog_problem", lambda part: None)
    if content is SHARED_BOMB:
        data = build_xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=content)
    else:
        data = build_xlsx(sheet_xml=content)
    with pytest.raises(InputError) as error:
        read_table(("bomb.xlsx", data))
    assert error.value.issue.code == "bad_workbook"
    assert "EntitiesForbidden" in str(error.value) and "\n" not in str(error.value)
