"""Read an untrusted CSV, TSV or XLSX file into rows of text, safely.

Every cell comes back as a string, exactly as written: no NA detection (a surname ``Null`` stays a name),
no number parsing (``007`` keeps its zeros). Text is decoded in a fixed order — UTF-8 (with or without
BOM), UTF-16 (with BOM), strict cp1252 — and refused otherwise, never guessed as latin-1. Workbooks are
checked before they are opened (declared unzipped size, compression ratio, XML entity declarations) and
read in streaming mode with caps on rows and columns. A file that cannot be read at all raises
:class:`~plnetwork.issues.InputError` naming it; what can be read with a problem comes back with issues.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .issues import WARNING, InputError, IssueReport

__all__ = ["Table", "read_table", "Source", "source_name", "MAX_ROWS", "MAX_COLUMNS", "MAX_BYTES"]

#: Caps on what is read from one file (keyword arguments of :func:`read_table` override them).
MAX_ROWS = 2_000_000
MAX_COLUMNS = 5_000
MAX_BYTES = 512 * 1024 * 1024           # raw file, and the declared unzipped size of a workbook
MAX_ZIP_RATIO = 200                     # compressed -> declared size; real workbooks stay far below
MAX_CELL_CHARS = 100_000

Source = Union[str, Path, bytes, "tuple[str, bytes]"]

_DELIMITERS = [",", "\t", ";", "|"]
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Table:
    """A file's rows as lists of strings; ``rows[0]`` is the file's first line (usually the header)."""

    file: str
    rows: list[list[str]]
    kind: str                      # "csv" | "tsv" | "xlsx"
    encoding: str | None = None
    sheet: str | None = None
    issues: IssueReport = field(default_factory=IssueReport)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def source_name(source: Source, name: str | None = None) -> str:
    """The name a file is reported under: its given name, else its path's name."""
    if name:
        return name
    if isinstance(source, tuple):
        return source[0]
    if isinstance(source, (str, Path)):
        return Path(source).name
    return "<upload>"


def _read_bytes(source: Source, file: str, max_bytes: int) -> bytes:
    if isinstance(source, tuple):
        source = source[1]
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError.make("not_a_file", "is a folder, not a file", file=file)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError.make("file_too_large", f"is {size / 1e6:.0f} MB; the limit is "
                                      f"{max_bytes / 1e6:.0f} MB", file=file)
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError.make("file_not_found", "no such file", file=file) from None
        except OSError as exc:
            raise InputError.make("file_unreadable", f"cannot be read ({exc.strerror})", file=file) from None
    if len(data) > max_bytes:
        raise InputError.make("file_too_large", f"is {len(data) / 1e6:.0f} MB; the limit is "
                              f"{max_bytes / 1e6:.0f} MB", file=file)
    return data


def read_table(source: Source, *, name: str | None = None, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS, max_bytes: int = MAX_BYTES) -> Table:
    """Read a CSV, TSV or XLSX file (a path, or its bytes) into a :class:`Table` of strings.

    The kind is decided by the content, not the file name: a zip is a workbook, an OLE container is a
    legacy or password-protected workbook (refused, with what it is), anything else is text.

    Examples
    --------
    >>> t = read_table(("staff.csv", b"id,name\\n007,Null\\n"))
    >>> t.rows
    [['id', 'name'], ['007', 'Null']]
    """
    file = source_name(source, name)
    data = _read_bytes(source, file, max_bytes)
    if not data.strip():
        raise InputError.make("empty_file", "is empty", file=file)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        table = _read_xlsx(data, file, max_rows, max_columns, max_bytes)
    elif data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise InputError.make("xlsx_encrypted", "is a password-protected workbook: remove the password "
                                  "in Excel (File > Info > Protect Workbook) and upload it again", file=file)
        raise InputError.make("xls_legacy", "is a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx "
                              "or CSV and upload that", file=file)
    else:
        table = _read_text(data, file, max_rows, max_columns)
    _drop_trailing_blank_rows(table.rows)
    if not table.rows:
        raise InputError.make("empty_file", "has no rows", file=file)
    return table


# --- text ------------------------------------------------------------------------------------------

def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 (BOM) or strict cp1252, else refuse."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding
    line = data[: _first_bad_utf8(data)].count(b"\n") + 1
    raise InputError.make("undecodable", "is not text in UTF-8, UTF-16 or Windows-1252 (is it a CSV "
                          "file?); save it as 'CSV UTF-8' and upload that", file=file, row=line)


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return controls > max(8, len(sample) // 100)


def _sniff_delimiter(text: str, kind_hint: str | None = None) -> str:
    """The delimiter used in the first line, counted outside quotes; a comma when none is seen."""
    first = _first_logical_line(text)
    counts = {delim: 0 for delim in _DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_logical_line(text: str) -> str:
    quoted = False
    for i, ch in enumerate(text[:1_000_000]):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            return text[:i]
    return text[:1_000_000]


def _read_text(data: bytes, file: str, max_rows: int, max_columns: int) -> Table:
    text, encoding = decode_text(data, file)
    if _looks_binary(text):
        raise InputError.make("not_a_table", "holds binary data, not a CSV table (is it a renamed file "
                              "of another kind?)", file=file)
    delimiter = _sniff_delimiter(text)
    table = Table(file, [], "tsv" if delimiter == "\t" else "csv", encoding)
    csv.field_size_limit(MAX_CELL_CHARS * 10)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        table.rows = _collect(reader, file, max_rows, max_columns)
    except csv.Error as exc:
        line = reader.line_num
        if "end of data" in str(exc) or "EOF" in str(exc):
            raise InputError.make("truncated", "ends inside a quoted cell: the file looks cut off or a "
                                  "quote is missing", file=file, row=line) from None
        if "field larger" in str(exc):
            raise InputError.make("cell_too_large", f"has a cell longer than {MAX_CELL_CHARS * 10:,} "
                                  "characters (is it really a table?)", file=file, row=line) from None
        table.issues.add("malformed_quotes", WARNING, f"has stray quotes ({exc}); the row was read "
                         "leniently — check it", file=file, row=line)
        lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        table.rows = _collect(lenient, file, max_rows, max_columns)
    _check_cells(table)
    return table


def _collect(rows, file: str, max_rows: int, max_columns: int) -> list[list[str]]:
    out = []
    for index, row in enumerate(rows):
        if index >= max_rows:
            raise InputError.make("too_many_rows", f"has more than {max_rows:,} rows; split it or raise "
                                  "the limit", file=file, row=index + 1)
        if len(row) > max_columns:
            raise InputError.make("too_many_columns", f"has {len(row):,} columns; at most {max_columns:,} "
                                  "are supported (is the delimiter right?)", file=file, row=index + 1)
        out.append(row)
    return out


def _check_cells(table: Table) -> None:
    for index, row in enumerate(table.rows):
        for j, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                raise InputError.make("cell_too_large", f"has a cell of {len(cell):,} characters",
                                      file=table.file, row=index + 1, column=_column_letter(j))


def _drop_trailing_blank_rows(rows: list[list[str]]) -> None:
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- workbooks -------------------------------------------------------------------------------------

_ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _check_workbook_zip(data: bytes, file: str, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError.make("bad_zip", "looks like an Excel workbook but is damaged or truncated",
                              file=file) from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise InputError.make("not_a_workbook", "is a zip archive but not an Excel .xlsx workbook",
                              file=file)
    declared = sum(entry.file_size for entry in entries)
    if declared > max_bytes:
        raise InputError.make("xlsx_too_large", f"would unpack to {declared / 1e6:,.0f} MB; the limit is "
                              f"{max_bytes / 1e6:,.0f} MB", file=file)
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO \
                and entry.file_size > 1_000_000:
            raise InputError.make("xlsx_bomb", f"has a part ({entry.filename}) that inflates "
                                  f"{entry.file_size // entry.compress_size}-fold: refused as a zip bomb",
                                  file=file)
        if entry.filename.endswith((".xml", ".rels")):
            with archive.open(entry) as part:
                head = part.read(4096)
            if _ENTITY.search(head):
                raise InputError.make("xml_entities", f"declares XML entities in {entry.filename}; Excel "
                                      "never writes these — refused as unsafe", file=file)


def _read_xlsx(data: bytes, file: str, max_rows: int, max_columns: int, max_bytes: int) -> Table:
    _check_workbook_zip(data, file, max_bytes)
    import openpyxl  # only when a workbook arrives
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise InputError.make("bad_workbook", f"cannot be opened as a workbook ({type(exc).__name__})",
                              file=file) from None
    except Exception as exc:  # defusedxml and lxml raise their own types on hostile XML
        raise InputError.make("bad_workbook", f"cannot be opened as a workbook ({type(exc).__name__}: "
                              f"{str(exc)[:80]})", file=file) from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
        if sheet is None:
            raise InputError.make("empty_file", "has no visible worksheet", file=file)
        table = Table(file, [], "xlsx", sheet=sheet.title)
        declared_rows, declared_cols = sheet.max_row, sheet.max_column
        sheet.reset_dimensions()   # never trust the <dimension> tag: pad only to what is really there
        rows = _xlsx_rows(sheet, file, max_rows, max_columns)
        table.rows = rows
        if declared_cols and declared_cols > max_columns or declared_rows and declared_rows > max_rows:
            table.issues.add("xlsx_dimension", WARNING, f"declares cells up to row {declared_rows:,}, "
                             f"column {declared_cols:,}; only the cells really present were read",
                             file=file)
        others = [ws.title for ws in book.worksheets if ws is not sheet]
        if others:
            table.issues.add("extra_sheets", WARNING, f"has other sheets that were not read: "
                             f"{', '.join(others[:5])}", file=file, value=sheet.title)
    except InputError:
        raise
    except Exception as exc:
        raise InputError.make("bad_workbook", f"cannot be read as a workbook ({type(exc).__name__}: "
                              f"{str(exc)[:80]})", file=file) from None
    finally:
        book.close()
    return table


def _xlsx_rows(sheet, file: str, max_rows: int, max_columns: int) -> list[list[str]]:
    rows: list[list[str]] = []
    # rows are padded only to their own last cell, so a lone cell far out costs one wide row
    for index, values in enumerate(sheet.iter_rows(max_row=max_rows + 1, values_only=True)):
        if index >= max_rows:
            raise InputError.make("too_many_rows", f"has more than {max_rows:,} rows", file=file,
                                  row=index + 1)
        if len(values) > max_columns:
            raise InputError.make("too_many_columns", f"has a cell in column {_column_letter(len(values) - 1)}"
                                  f"; at most {max_columns:,} columns are read — delete what lies beyond",
                                  file=file, row=index + 1, column=_column_letter(len(values) - 1))
        rows.append([_cell_text(value) for value in values])
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    while width and rows and not any(row[width - 1] for row in rows):
        width -= 1
        for row in rows:
            row.pop()
    return rows


def _cell_text(value) -> str:
    """An Excel cell as the text a person sees: ints without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)
