"""Read an untrusted CSV, TSV or XLSX file into rows of text, safely.

Every cell comes back as a string, exactly as written: no NA detection (a surname ``Null`` stays a name),
no number parsing (``007`` keeps its zeros). Text is decoded in a fixed order — UTF-8 (with or without
BOM), UTF-16 (with BOM), strict cp1252 — and refused otherwise, never guessed as latin-1. Workbooks are
checked before they are opened (declared unzipped size, compression ratio, XML entity declarations) and
read in streaming mode with caps on rows, columns and cells. A file that cannot be read at all raises
:class:`~plnetwork.issues.InputError` naming it; what can be read with a problem comes back with issues.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .issues import WARNING, InputError, IssueReport

__all__ = ["Table", "read_table", "decode_text", "Source", "source_name", "MAX_ROWS", "MAX_COLUMNS",
           "MAX_CELLS", "MAX_BYTES", "column_letter"]

#: Caps on what is read from one file (keyword arguments of :func:`read_table` override the first three).
MAX_ROWS = 2_000_000
MAX_COLUMNS = 5_000
MAX_BYTES = 512 * 1024 * 1024           # raw file, and the declared unzipped size of a workbook
MAX_CELLS = 10_000_000                  # rows x columns actually held in memory
MAX_ZIP_RATIO = 200                     # compressed -> declared size; real workbooks stay far below
MAX_CELL_CHARS = 100_000
MAX_BLANK_GAP = 10_000                  # blank worksheet rows before cells further down count as stray
MAX_PROLOG_CHARS = 1_000_000            # XML before a part's root element (declaration, comments)

Source = Union[str, Path, bytes, "tuple[str, bytes]"]

_DELIMITERS = [",", "\t", ";", "|"]
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
#: Leading bytes of files people upload by mistake, and what to call them.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"), (b"{\\rtf", "a Rich Text document"), (b"SQLite format 3\x00", "a database"),
    (b"<!doctype html", "a web page (HTML)"), (b"<html", "a web page (HTML)"),
    (b"<table", "a web page (HTML)"), (b"<?xml", "an XML document (an Excel 2003 XML spreadsheet?)"),
)


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
    if not name and isinstance(source, tuple):
        name = source[0]
    elif not name and isinstance(source, (str, Path)):
        name = Path(source).name
    # an uploaded file's name is untrusted too: keep reports on one line
    return re.sub(r"[\x00-\x1f\x7f]", " ", name) if name else "<upload>"


def _too_large(size: int, max_bytes: int, file: str) -> InputError:
    return InputError.make("file_too_large", f"is {size / 1e6:,.0f} MB; the limit is {max_bytes / 1e6:,.0f} MB",
                           file=file)


def _read_bytes(source: Source, file: str, max_bytes: int) -> bytes:
    if isinstance(source, tuple):
        source = source[1]
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = _read_path(Path(source), file, max_bytes)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, file)
    return data


def _read_path(path: Path, file: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError.make("not_a_file", "is a folder, not a file", file=file)
        if not stat.S_ISREG(info.st_mode):   # a device or pipe could stream forever
            raise InputError.make("not_a_file", "is not a regular file", file=file)
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes, file)
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError.make("file_not_found", "no such file", file=file) from None
    except OSError as exc:
        raise InputError.make("file_unreadable", f"cannot be read ({exc.strerror or exc})", file=file) from None
    except ValueError:   # e.g. a NUL byte in the path
        raise InputError.make("file_unreadable", "is not a valid file path", file=file) from None


def read_table(source: Source, *, name: str | None = None, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS, max_bytes: int = MAX_BYTES) -> Table:
    """Read a CSV, TSV or XLSX file (a path, or its bytes) into a :class:`Table` of strings.

    The kind is decided by the content, not the file name: a zip is a workbook, an OLE container is a
    legacy or password-protected workbook (refused, with what it is), a few well-known formats (PDF,
    images, HTML ...) are refused by name, anything else is text.

    Examples
    --------
    >>> t = read_table(("staff.csv", b"id,name\\n007,Null\\n"))
    >>> t.rows
    [['id', 'name'], ['007', 'Null']]
    >>> read_table(("staff.csv", b"%PDF-1.7 ..."))
    Traceback (most recent call last):
    ...
    plnetwork.issues.InputError: staff.csv: is a PDF document, not a table: upload a CSV or .xlsx file
    """
    file = source_name(source, name)
    data = _read_bytes(source, file, max_bytes)
    if not data.strip():
        raise InputError.make("empty_file", "is empty", file=file)
    if data.startswith(_ZIP_MAGIC):
        table = _read_xlsx(data, file, max_rows, max_columns, max_bytes)
    elif data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise InputError.make("xlsx_encrypted", "is a password-protected workbook: remove the password "
                                  "in Excel (File > Info > Protect Workbook) and upload it again", file=file)
        raise InputError.make("xls_legacy", "is a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx "
                              "or CSV and upload that", file=file)
    else:
        _refuse_known_formats(data, file)
        table = _read_text(data, file, max_rows, max_columns)
    _drop_trailing_blank_rows(table.rows)
    if not table.rows:
        raise InputError.make("empty_file", "has no rows", file=file)
    _check_cells(table)
    return table


def _refuse_known_formats(data: bytes, file: str) -> None:
    head = data[:64].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    for magic, what in _SIGNATURES:
        if head.startswith(magic.lower()):
            raise InputError.make("not_a_table", f"is {what}, not a table: upload a CSV or .xlsx file",
                                  file=file)


# --- text ------------------------------------------------------------------------------------------

def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 (BOM) or strict cp1252, else refuse.

    Examples
    --------
    >>> decode_text("O’Brien".encode("cp1252"), "f.csv")
    ('O’Brien', 'cp1252')
    >>> decode_text(b"ok\\n\\x81\\x8d", "f.csv")
    Traceback (most recent call last):
    ...
    plnetwork.issues.InputError: f.csv, row 2: is not text in UTF-8, UTF-16 or Windows-1252 (byte 0x81; \
is it a CSV file?); save it as 'CSV UTF-8' and upload that
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif _looks_utf16_without_bom(data):
        raise InputError.make("undecodable", "looks like UTF-16 text without a byte-order mark; save it as "
                              "'CSV UTF-8' and upload that", file=file)
    else:
        candidates = ["utf-8", "cp1252"]
    first_error = None
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    start = first_error.start
    prefix = data[:start].decode(candidates[0], errors="replace")
    raise InputError.make("undecodable", f"is not text in UTF-8, UTF-16 or Windows-1252 (byte "
                          f"0x{data[start]:02X}; is it a CSV file?); save it as 'CSV UTF-8' and upload that",
                          file=file, row=_line_at(prefix, len(prefix)), value=f"0x{data[start]:02X}")


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4096]
    half = len(sample) // 2
    return half >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) > 0.8 * half


def _line_at(text: str, pos: int) -> int:
    """1-based physical line of ``text[pos]`` (``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a line)."""
    prefix = text[:pos]
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1


def _strip_nuls(text: str, file: str, issues: IssueReport) -> str:
    """A few NUL characters (a bad export) are removed and reported; many mean the file is binary."""
    count = text.count("\x00")
    if count > max(8, len(text) // 100):
        raise InputError.make("not_a_table", "holds binary data, not a CSV table (is it a renamed file of "
                              "another kind?)", file=file)
    issues.add("nul_removed", WARNING, f"has {count} NUL character(s), which were removed: check the "
               "text around them", file=file, row=_line_at(text, text.index("\x00")))
    return text.replace("\x00", "")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return controls > max(8, len(sample) // 100)


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most in the first line, counted outside quotes; a comma when none is seen.

    Examples
    --------
    >>> [_sniff_delimiter(t) for t in ["a;b;c", "a\\tb", "a|b", '"x;y",b', "single"]]
    [';', '\\t', '|', ',', ',']
    """
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
    issues = IssueReport()
    if "\x00" in text:
        text = _strip_nuls(text, file, issues)
    if _looks_binary(text):
        raise InputError.make("not_a_table", "holds binary data, not a CSV table (is it a renamed file "
                              "of another kind?)", file=file)
    delimiter = _sniff_delimiter(text)
    table = Table(file, [], "tsv" if delimiter == "\t" else "csv", encoding, issues=issues)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS + 1))
    rows, error = _parse(text, delimiter, file, max_rows, max_columns, strict=True)
    if error is not None:
        row = len(rows) + 1     # the record being read when the parser stopped
        if "field larger" in str(error):
            raise InputError.make("cell_too_large", f"has a cell longer than {MAX_CELL_CHARS:,} characters "
                                  "(is it really a table?)", file=file, row=row) from None
        if "end of data" in str(error) or "EOF" in str(error):
            raise InputError.make("truncated", "ends inside a quoted cell: the file looks cut off or a "
                                  "quote is missing", file=file, row=row) from None
        table.issues.add("malformed_quotes", WARNING, f"has stray quotes ({error}); the file was read "
                         "leniently — check this row", file=file, row=row)
        rows, error = _parse(text, delimiter, file, max_rows, max_columns, strict=False)
        if error is not None:
            raise InputError.make("not_a_table", f"cannot be read as CSV ({error})", file=file,
                                  row=len(rows) + 1)
    table.rows = rows
    return table


def _parse(text: str, delimiter: str, file: str, max_rows: int, max_columns: int, *, strict: bool):
    """``(rows, None)``, or the rows read before a :class:`csv.Error` and that error."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    try:
        _collect(reader, rows, file, max_rows, max_columns)
    except csv.Error as exc:
        return rows, exc
    return rows, None


def _collect(rows, out: list, file: str, max_rows: int, max_columns: int) -> None:
    cells = 0
    for row in rows:
        if len(out) >= max_rows:
            raise InputError.make("too_many_rows", f"has more than {max_rows:,} rows; split it or raise "
                                  "the limit", file=file, row=len(out) + 1)
        if len(row) > max_columns:
            raise InputError.make("too_many_columns", f"has {len(row):,} columns; at most {max_columns:,} "
                                  "are supported (is the delimiter right?)", file=file, row=len(out) + 1)
        cells += len(row)
        if cells > MAX_CELLS:
            raise _too_many_cells(file, len(out) + 1)
        out.append(row)


def _too_many_cells(file: str, row: int | None = None) -> InputError:
    return InputError.make("too_many_cells", f"has more than {MAX_CELLS:,} cells; split it",
                           file=file, row=row)


def _check_cells(table: Table) -> None:
    for index, row in enumerate(table.rows):
        for j, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                raise InputError.make("cell_too_large", f"has a cell of {len(cell):,} characters; at most "
                                      f"{MAX_CELL_CHARS:,} are read", file=table.file, row=index + 1,
                                      column=column_letter(j))


def _drop_trailing_blank_rows(rows: list[list[str]]) -> None:
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``16383`` -> ``XFD``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- workbooks -------------------------------------------------------------------------------------

MAX_ZIP_PARTS = 10_000
#: A part that tells what another zip-based file is.
_OTHER_ZIPS = (("xl/workbook.bin", "an Excel binary workbook (.xlsb)"),
               ("content.xml", "an OpenDocument file (.ods)"),
               ("word/document.xml", "a Word document"), ("ppt/presentation.xml", "a PowerPoint file"))
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError)
#: What may precede a part's root element: white space, the XML declaration, comments, processing instructions.
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_XML_ENCODING = re.compile(r"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")
_SAFE_ENCODINGS = re.compile(r"^(utf-?8|utf-?16(le|be)?|(us-)?ascii|iso-?8859-\d+|latin-?1|"
                             r"(windows|cp)-?125\d)$", re.IGNORECASE)


def _check_workbook_zip(data: bytes, file: str, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_PARTS:
            raise InputError.make("xlsx_too_large", f"has {len(entries):,} parts; real workbooks have far "
                                  "fewer", file=file)
        names = {entry.filename for entry in entries}
        if "xl/workbook.xml" not in names:
            what = next((what for part, what in _OTHER_ZIPS if part in names), "not an Excel .xlsx workbook")
            raise InputError.make("not_a_workbook", f"is a zip archive but {what}: save it as .xlsx or CSV",
                                  file=file)
        declared = sum(entry.file_size for entry in entries)
        if declared > max_bytes:
            raise InputError.make("xlsx_too_large", f"would unpack to {declared / 1e6:,.0f} MB; the limit "
                                  f"is {max_bytes / 1e6:,.0f} MB", file=file)
        for entry in entries:
            _check_entry(archive, entry, file)
    except _ZIP_ERRORS as exc:
        raise InputError.make("bad_zip", f"looks like an Excel workbook but is damaged or truncated "
                              f"({type(exc).__name__})", file=file) from None


def _check_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file: str) -> None:
    if entry.flag_bits & 0x1:
        raise InputError.make("xlsx_encrypted", f"has an encrypted part ({_one_line(entry.filename)}): "
                              "remove the password and upload it again", file=file)
    if entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO \
            and entry.file_size > 1_000_000:
        raise InputError.make("xlsx_bomb", f"has a part ({_one_line(entry.filename)}) that inflates "
                              f"{entry.file_size // entry.compress_size:,}-fold: refused as a zip bomb",
                              file=file)
    with archive.open(entry) as part:
        problem = _prolog_problem(part)
    if problem:
        code, what = problem
        raise InputError.make(code, f"{what} in {_one_line(entry.filename)}; Excel never writes this — "
                              "refused as unsafe", file=file)


def _prolog_problem(part) -> tuple[str, str] | None:
    """``(code, why)`` when a part's XML prolog is unsafe (a DOCTYPE, where entities are declared), else None.

    Reads only up to the root element, however long the comments before it.
    """
    head = part.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif head.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text, pos, chunk = decoder.decode(head), 0, head
    while True:
        while (match := _PROLOG_ITEM.match(text, pos)) is not None and match.end() > pos:
            if match.group().startswith("<?xml"):
                declared = _XML_ENCODING.match(match.group())
                if declared and not _SAFE_ENCODINGS.match(declared.group(1)):
                    return "xml_encoding", f"declares the XML encoding {declared.group(1)!r}"
            pos = match.end()
        ahead, rest = text[pos:pos + 4], text[pos:pos + 2]
        if ahead.startswith("<!") and not ahead.startswith("<!--") and not "<!--".startswith(ahead):
            return "xml_entities", "declares a DOCTYPE (where XML entities live)"
        if (rest and rest[0] != "<") or (len(rest) == 2 and rest[1] not in "!?"):
            return None               # the root element (or not XML at all): nothing more to check
        if not chunk:
            return None
        if len(text) > MAX_PROLOG_CHARS:
            return "xml_prolog", "has over a million characters before its first element"
        chunk = part.read(65536)
        text += decoder.decode(chunk, final=not chunk)


def _read_xlsx(data: bytes, file: str, max_rows: int, max_columns: int, max_bytes: int) -> Table:
    _check_workbook_zip(data, file, max_bytes)
    import openpyxl  # only when a workbook arrives

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl, zipfile and defusedxml raise many types on a damaged or hostile file
        raise InputError.make("bad_workbook", f"cannot be opened as a workbook ({_brief(exc)})",
                              file=file) from None
    try:
        return _read_sheet(book, file, max_rows, max_columns)
    except InputError:
        raise
    except Exception as exc:
        raise InputError.make("bad_workbook", f"cannot be read as a workbook ({_brief(exc)})",
                              file=file) from None
    finally:
        book.close()


def _brief(exc: BaseException) -> str:
    """The root cause of a library's exception, on one short line (openpyxl wraps and adds advice)."""
    for _ in range(20):
        if (exc.__cause__ or exc.__context__) is None:
            break
        exc = exc.__cause__ or exc.__context__
    return f"{type(exc).__name__}: {_one_line(str(exc))}".rstrip(": ")


def _one_line(text: str, limit: int = 80) -> str:
    return " ".join(text.split())[:limit]


def _read_sheet(book, file: str, max_rows: int, max_columns: int) -> Table:
    """The first visible worksheet, read to the cells really present (never trusting ``<dimension>``)."""
    sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
    if sheet is None:
        hidden = _one_line(", ".join(ws.title for ws in book.worksheets[:5]))
        raise InputError.make("no_visible_sheet", f"has no visible worksheet (hidden: {hidden or 'none'}); "
                              "unhide the sheet to read in Excel and save again", file=file)
    table = Table(file, [], "xlsx", sheet=sheet.title)
    declared_rows, declared_cols = sheet.max_row, sheet.max_column
    sheet.reset_dimensions()
    table.rows = _xlsx_rows(sheet, file, max_rows, max_columns, table.issues)
    if (declared_cols or 0) > max_columns or (declared_rows or 0) > max_rows:
        table.issues.add("xlsx_dimension", WARNING, f"declares cells up to row {declared_rows:,}, column "
                         f"{declared_cols:,}; only the cells really present were read", file=file)
    others = [ws.title for ws in book.worksheets if ws is not sheet]
    if others:
        table.issues.add("extra_sheets", WARNING, f"has other sheets that were not read: "
                         f"{_one_line(', '.join(others[:5]))}", file=file, value=sheet.title)
    return table


def _xlsx_rows(sheet, file: str, max_rows: int, max_columns: int, issues: IssueReport) -> list[list[str]]:
    rows: list[list[str]] = []
    blank = 0          # blank rows seen but not yet kept: they cost nothing unless cells follow
    width = 0
    for index, values in enumerate(sheet.iter_rows(values_only=True)):
        used = _used_width(values)
        if not used:
            blank += 1
            continue
        row = index + 1
        if blank > MAX_BLANK_GAP and not rows:
            raise InputError.make("xlsx_stray_cells", f"has its first cell at row {row:,}, column "
                                  f"{column_letter(used - 1)}, after {blank:,} blank rows — move the table to "
                                  "the top of the sheet", file=file, row=row, column=column_letter(used - 1))
        if blank > MAX_BLANK_GAP:
            issues.add("xlsx_stray_cells", WARNING, f"has cells again at row {row:,} after {blank:,} blank "
                       f"rows; nothing from row {row:,} on was read — delete the stray cells", file=file,
                       row=row)
            break
        if row > max_rows:
            raise InputError.make("too_many_rows", f"has more than {max_rows:,} rows", file=file, row=row)
        if used > max_columns:
            raise InputError.make("too_many_columns", f"has a cell in column {column_letter(used - 1)}; at "
                                  f"most {max_columns:,} columns are read — delete what lies beyond",
                                  file=file, row=row, column=column_letter(used - 1))
        width = max(width, used)
        if (len(rows) + blank + 1) * width > MAX_CELLS:
            raise _too_many_cells(file, row)
        rows.extend([] for _ in range(blank))
        blank = 0
        rows.append([_cell_text(value) for value in values[:used]])
    for row in rows:   # rectangular, as wide as the widest row's last cell
        row.extend([""] * (width - len(row)))
    return rows


def _used_width(values) -> int:
    """Number of cells up to the last one holding a value."""
    for index in range(len(values) - 1, -1, -1):
        if values[index] is not None and values[index] != "":
            return index + 1
    return 0


def _cell_text(value) -> str:
    """An Excel cell as the text a person sees: ints without ``.0``, dates in ISO form.

    Examples
    --------
    >>> [_cell_text(v) for v in (None, 123.0, 1.5, True, dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1, 9, 30))]
    ['', '123', '1.5', 'TRUE', '2024-03-01', '2024-03-01 09:30:00']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
