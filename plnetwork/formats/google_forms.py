"""Google Forms responses: the CSV downloaded from the form, or the CSV of its linked Sheet.

Layout: one header row — ``Timestamp``, then ``Email Address`` (when the form collects emails), then one
column per question in form order; a grid question is one column per row, headed ``Question [Row]``.
There is no response id. The two exports differ:

- **Forms download** (Responses > Download responses): timestamps like ``2024/10/07 7:46:55 AM GMT-4``;
  checkbox answers joined with ``;``.
- **Linked Sheet** (File > Download > CSV): timestamps as the sheet's locale shows them
  (``10/7/2024 7:46:55``); checkbox answers joined with ``, ``.

An "Other" answer is the typed text in the same cell, and may itself contain commas: the roster's names
are matched first and what is left stays one typed answer.
"""

from __future__ import annotations

import re

from ..headers import normalize_header, report_duplicate_headers
from ..issues import IssueReport
from ..tables import Table
from .base import RawSurvey
from .mapping import read_survey
from .questions import Column, split_grid_header, unique_keys

__all__ = ["NAME", "detect", "read", "separator_of"]

NAME = "google_forms"

_DOWNLOAD_TIME = re.compile(r"^\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}(:\d{2})?( [AP]M)?( GMT| UTC)", re.IGNORECASE)
_EMAIL_HEADERS = {"email address", "email", "username"}


def detect(table: Table) -> float:
    """0.95 for a Forms download, 0.85 for a Sheet export: ``Timestamp`` first, then questions."""
    header = table.rows[0]
    if not header or normalize_header(header[0]) != "timestamp" or len(header) < 2:
        return 0.0
    first = table.rows[1][0].strip() if len(table.rows) > 1 and table.rows[1] else ""
    if _DOWNLOAD_TIME.match(first):
        return 0.95
    return 0.85 if normalize_header(header[1]) in _EMAIL_HEADERS else 0.75


def separator_of(table: Table) -> str:
    """``";"`` for a Forms download (or any ``;`` in the answers), ``","`` for a Sheet export."""
    stamps = [row[0].strip() for row in table.rows[1:] if row and row[0].strip()]
    if stamps and _DOWNLOAD_TIME.match(stamps[0]):
        return ";"
    return ";" if any(";" in cell for row in table.rows[1:] for cell in row[1:]) else ","


def read(table: Table, context) -> RawSurvey:
    """Read a Google Forms export into a :class:`RawSurvey` (see the module docstring for the layout)."""
    header = table.rows[0]
    issues = IssueReport()
    report_duplicate_headers(header, table.file, issues)
    columns = []
    for index, (text, key) in enumerate(zip(header, unique_keys(header))):
        words = normalize_header(text)
        grid = split_grid_header(text)
        if index == 0:
            columns.append(Column(index, key, text, role="submitted_at"))
        elif words in _EMAIL_HEADERS:
            columns.append(Column(index, key, text, role="email"))
        elif words == "score":
            columns.append(Column(index, key, text, role="ignore"))
        elif grid:
            columns.append(Column(index, key, text, stem=grid[0], choice=grid[1], kind="grid"))
        else:
            columns.append(Column(index, key, text))
    return read_survey(table, columns, context, platform=NAME, first_row=1, separator=separator_of(table),
                       issues=issues)
