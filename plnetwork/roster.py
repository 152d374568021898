"""Read a staff roster (CSV, TSV or XLSX) into the canonical roster table.

Headers are matched loosely (:data:`ROSTER_SYNONYMS`). ``staff_id`` is kept exactly as written; a roster
without ids gets ids from the email (or the row) and says so. ``level`` and ``formal_leader`` come from the
file where given, else from the role through a :class:`~plnetwork.model.RoleTable`. Every other column is
kept as an attribute.
"""

from __future__ import annotations

import re

import pandas as pd

from .headers import describe_header, find_columns, normalize_header, report_duplicate_headers
from .issues import ERROR, INFO, WARNING, InputError, IssueReport
from .model import LEVELS, ROSTER_COLUMNS, RoleTable
from .tables import Source, Table, read_table

__all__ = ["read_roster", "roster_from_table", "ROSTER_SYNONYMS", "parse_bool"]

ROSTER_SYNONYMS = {
    "staff_id": ["staff_id", "staff id", "id", "employee id", "employee number", "emp id", "staff number",
                 "staff no", "person id", "teacher id", "educator id", "user id", "identifier", "ego"],
    "name": ["name", "full name", "staff name", "display name", "employee name", "teacher name",
             "educator name", "person", "staff member"],
    "first_name": ["first name", "first", "given name", "forename", "firstname"],
    "last_name": ["last name", "last", "surname", "family name", "lastname"],
    "email": ["email", "e mail", "email address", "e mail address", "work email", "mail"],
    "school": ["school", "building", "site", "campus", "location", "school name", "office", "workplace",
               "school site"],
    "role": ["role", "position", "title", "job title", "job", "assignment", "staff role", "role title"],
    "level": ["level", "leadership level", "org level", "organizational level"],
    "formal_leader": ["formal leader", "formal_leader", "is formal leader", "leader", "formal role",
                      "is leader", "formal leadership"],
    "team": ["team", "plc", "department", "dept", "grade level team", "grade team", "team name",
             "grade level", "subject team"],
}

_TRUE = {"true", "yes", "y", "1", "x", "t", "formal", "leader"}
_FALSE = {"false", "no", "n", "0", "", "f", "none", "informal"}
_MANGLED_ID = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$|^\d+\.0+$")
_FORMULA = re.compile(r"^\s*[=+@]|^\s*-[^0-9]")


def parse_bool(text: str) -> bool | None:
    """``"Yes"`` -> True, ``"0"`` -> False; None when the text is not a yes/no answer."""
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def read_roster(source: Source, *, name: str | None = None, role_table: RoleTable | None = None
                ) -> tuple[pd.DataFrame, IssueReport]:
    """Read a roster file; returns the canonical roster and the issues found.

    Examples
    --------
    >>> roster, issues = read_roster(("staff.csv", b"ID,Full Name,Building,Position\\n007,Ann Lee,Oak,Coach\\n"))
    >>> roster.loc[0, ["staff_id", "name", "school", "level"]].tolist()
    ['007', 'Ann Lee', 'Oak', 'school']
    >>> bool(roster.loc[0, "formal_leader"])
    True
    """
    table = read_table(source, name=name)
    roster, issues = roster_from_table(table, role_table=role_table)
    issues.extend(table.issues)
    return roster, issues


def roster_from_table(table: Table, *, role_table: RoleTable | None = None) -> tuple[pd.DataFrame, IssueReport]:
    role_table = role_table or RoleTable()
    issues = IssueReport()
    header = table.rows[0]
    columns = find_columns(header, ROSTER_SYNONYMS)
    _check_header(table, columns)
    report_duplicate_headers(header, table.file, issues, consequence="the first one is used; this one is "
                             "kept as an extra column")
    extras = _extra_columns(header, set(columns.values()))
    records = []
    for offset, cells in enumerate(table.rows[1:]):
        row = offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            issues.add("extra_cells", WARNING, f"has {len(cells)} cells but the header has {len(header)}; "
                       "the cells beyond the header were not read", file=table.file, row=row,
                       value="|".join(c for c in cells[len(header):] if c.strip())[:200])
        record = _person(cells, columns, header, table.file, row, role_table, issues)
        for index, attr in extras:
            record[attr] = cells[index].strip()
        records.append(record)
    if not records:
        raise InputError.make("empty_roster", "has a header but no people", file=table.file, row=2)
    roster = pd.DataFrame.from_records(records)
    roster = _dedupe_ids(roster, table.file, issues)
    _report_shared_emails(roster, table.file, header[columns["email"]] if "email" in columns else None, issues)
    return roster[ROSTER_COLUMNS + [c for c in roster.columns if c not in ROSTER_COLUMNS and c != "_row"]
                  ].reset_index(drop=True), issues


def _check_header(table: Table, columns: dict[str, int]) -> None:
    has_name = "name" in columns or ("first_name" in columns and "last_name" in columns)
    if not has_name and "staff_id" not in columns and "email" not in columns:
        raise InputError.make("roster_header", f"is not a roster: no name, id or email column in the first "
                              f"row (found: {describe_header(table.rows[0], cells=8)})", file=table.file, row=1)


def _extra_columns(header: list[str], used: set[int]) -> list[tuple[int, str]]:
    """``(index, attribute name)`` of the columns kept as attributes; names are unique.

    Examples
    --------
    >>> _extra_columns(["Name", "Notes", "notes", "Role", "Grade"], {0})
    [(1, 'notes'), (2, 'column_3'), (3, 'column_4'), (4, 'grade')]
    """
    taken = set(ROSTER_COLUMNS)
    extras = []
    for index, cell in enumerate(header):
        if index in used or not cell.strip():
            continue
        name = normalize_header(cell).replace(" ", "_")
        if not name or name in taken:
            name = f"column_{index + 1}"
        while name in taken:
            name += "_"
        taken.add(name)
        extras.append((index, name))
    return extras


def _cell(cells, columns, key) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None else ""


def _person(cells, columns, header, file, row, role_table, issues) -> dict:
    def where(key):
        index = columns.get(key)
        return {"file": file, "row": row, "column": header[index] if index is not None else None}

    staff_id = _cell(cells, columns, "staff_id")
    name = _cell(cells, columns, "name")
    if not name:
        name = " ".join(part for part in (_cell(cells, columns, "first_name"),
                                          _cell(cells, columns, "last_name")) if part)
    email = _cell(cells, columns, "email")
    if _MANGLED_ID.match(staff_id):
        issues.add("id_mangled", WARNING, f"id {staff_id!r} looks changed by Excel (scientific notation or "
                   "a trailing .0): leading zeros may be lost; export ids as text", value=staff_id,
                   **where("staff_id"))
    if not staff_id:
        staff_id = email.lower() or f"row-{row}"
        issues.add("id_missing", WARNING if "staff_id" in columns else INFO,
                   f"has no staff id; {staff_id!r} is used", value=staff_id, **where("staff_id"))
    if not name:
        issues.add("name_missing", WARNING, "has no name: answers naming this person can only match by "
                   "id or email", value=staff_id, **where("name"))
    if _FORMULA.match(name):
        issues.add("formula_in_name", WARNING, "name starts like a spreadsheet formula; it is kept as text "
                   "and escaped in every export", value=name, **where("name"))
    role = _cell(cells, columns, "role")
    derived_level, derived_formal = role_table.lookup(role)
    level = _cell(cells, columns, "level").lower()
    if level and level not in LEVELS:
        issues.add("level_invalid", WARNING, f"level {level!r} is not one of {', '.join(LEVELS)}; "
                   f"{derived_level!r} was derived from the role", value=level, **where("level"))
        level = ""
    if not level and role and not role_table.matches(role) and "formal_leader" not in columns:
        issues.add("role_unknown", INFO, f"role {role!r} is not in the role table; taken as "
                   f"{derived_level}, not a formal leader", value=role, **where("role"))
    formal_text = _cell(cells, columns, "formal_leader")
    formal = parse_bool(formal_text) if formal_text else None
    if formal_text and formal is None:
        issues.add("formal_leader_invalid", WARNING, f"formal_leader {formal_text!r} is not yes/no; "
                   "derived from the role", value=formal_text, **where("formal_leader"))
    return {"staff_id": staff_id, "name": name, "email": email, "school": _cell(cells, columns, "school"),
            "role": role, "level": level or derived_level,
            "formal_leader": derived_formal if formal is None else formal,
            "team": _cell(cells, columns, "team"), "_row": row}


def _dedupe_ids(roster: pd.DataFrame, file: str, issues: IssueReport) -> pd.DataFrame:
    duplicated = roster["staff_id"].duplicated(keep="first")
    first_row = dict(zip(roster.loc[~duplicated, "staff_id"], roster.loc[~duplicated, "_row"]))
    for staff_id, row in zip(roster.loc[duplicated, "staff_id"], roster.loc[duplicated, "_row"]):
        issues.add("duplicate_id", ERROR, f"staff id {staff_id!r} is already used by row {first_row[staff_id]}; "
                   "this row was not read — give each person their own id", file=file, row=int(row),
                   value=staff_id)
    return roster[~duplicated]


def _report_shared_emails(roster: pd.DataFrame, file: str, column: str | None, issues: IssueReport) -> None:
    """Two people with one email cannot be told apart by it: answers giving it are ambiguous."""
    first_row: dict[str, int] = {}
    for email, row in zip(roster["email"], roster["_row"]):
        key = email.strip().lower()
        if not key:
            continue
        if key in first_row:
            issues.add("duplicate_email", WARNING, f"email {email!r} is also given for row {first_row[key]}; "
                       "answers giving it cannot be matched to one person", file=file, row=int(row),
                       column=column, value=email)
        else:
            first_row[key] = int(row)
