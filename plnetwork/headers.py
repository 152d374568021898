"""Loose matching of column headers: case, spacing, punctuation and common synonyms."""

from __future__ import annotations

import re
import unicodedata
from typing import Mapping, Sequence

from .issues import WARNING, IssueReport
from .tables import column_letter

__all__ = ["normalize_header", "find_columns", "report_duplicate_headers", "describe_header"]


def normalize_header(text: str) -> str:
    """``"  Full-Name (required)"`` -> ``"full name"``: lowercase words, notes in brackets dropped.

    Examples
    --------
    >>> normalize_header("Staff ID #")
    'staff id'
    >>> normalize_header("\\ufeffE-mail Address")
    'e mail address'
    """
    text = unicodedata.normalize("NFKC", text or "").replace("\ufeff", "")
    text = re.sub(r"\((?:required|optional)\)", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"[^0-9a-z]+", " ", text.lower())
    return text.strip()


def find_columns(header: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Index of the first column matching each canonical name's synonyms (normalized, exact).

    Examples
    --------
    >>> find_columns(["ID", "Full Name", "Building"], {"staff_id": ["id", "staff id"],
    ...     "name": ["name", "full name"], "school": ["school", "building"]})
    {'staff_id': 0, 'name': 1, 'school': 2}
    """
    normalized = [normalize_header(cell) for cell in header]
    found: dict[str, int] = {}
    for canonical, names in synonyms.items():
        wanted = {normalize_header(name) for name in names}
        for index, cell in enumerate(normalized):
            if cell in wanted and index not in found.values():
                found[canonical] = index
                break
    return found


def report_duplicate_headers(header: Sequence[str], file: str, issues: IssueReport, *, row: int = 1,
                             consequence: str = "the first one is used") -> set[int]:
    """Report columns whose header repeats an earlier one; returns the indexes of the repeats.

    Examples
    --------
    >>> issues = IssueReport()
    >>> report_duplicate_headers(["Name", "Role", "name "], "staff.csv", issues)
    {2}
    >>> issues.issues[0].one_line()
    'staff.csv, row 1, column "name ": repeats the header of column 1 (A); the first one is used'
    """
    seen: dict[str, int] = {}
    repeats = set()
    for index, cell in enumerate(header):
        key = normalize_header(cell)
        if not key:
            continue
        if key in seen:
            repeats.add(index)
            issues.add("duplicate_header", WARNING, f"repeats the header of column {seen[key] + 1} "
                       f"({column_letter(seen[key])}); {consequence}", file=file, row=row, column=cell,
                       value=cell)
        else:
            seen[key] = index
    return repeats


def describe_header(header: Sequence[str], *, cells: int = 6, chars: int = 120) -> str:
    """The first non-empty header cells on one line, for an error message.

    Examples
    --------
    >>> describe_header(["colour", "", "size\\n(cm)"])
    'colour, size (cm)'
    >>> describe_header([])
    'nothing'
    """
    text = ", ".join(" ".join(cell.split()) for cell in header[:cells] if cell.strip())
    return text[:chars] or "nothing"
