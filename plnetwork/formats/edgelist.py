"""Generic edge list: one row per tie, ``source, target[, relation][, weight]`` (ids, emails or names).

A row with a source and an empty target records a respondent who named nobody. Every distinct source is
a respondent; rows of the same source (ignoring case and spacing) are one response (not duplicates).
Relation labels are read case-insensitively (``Advice`` is ``advice``).

The columns are found by their headers (:data:`EDGE_SYNONYMS`) and kept on :attr:`RawSurvey.mapping` in
the shared mapping shape (:mod:`plnetwork.formats.mapping`), with the edge-list roles ``respondent`` (who
answered: an id, email or name), ``nominee``, ``relation_label`` (each tie's relation), ``weight``, and
``submitted_at``; other columns are ``ignore``::

    columns:
      respondent_id: {role: respondent}
      nominee_id: {role: nominee}
      relation: {role: relation_label}
      weight: {role: weight}

Such a file passed back with ``--map`` replaces detection, e.g. to leave a ``value`` column unread, or to
read headers no synonym knows (``Teacher,Named`` with ``--format edgelist``).
"""

from __future__ import annotations

from ..headers import describe_header, find_columns, report_duplicate_headers
from ..issues import INFO, WARNING, InputError, IssueReport
from ..tables import Table
from .answers import fold
from .base import RawAnswer, RawResponse, RawSurvey
from .mapping import checked_entry
from .questions import EDGE_ROLES, unique_keys

__all__ = ["NAME", "detect", "read", "EDGE_SYNONYMS"]

NAME = "edgelist"

#: Header synonyms of each edge-list role.
EDGE_SYNONYMS = {
    "respondent": ["source", "from", "respondent", "respondent id", "ego", "ego id", "rater", "nominator",
                   "sender", "source id", "from id", "respondent_id", "respondent name", "respondent email",
                   "ego name"],
    "nominee": ["target", "to", "nominee", "nominee id", "alter", "alter id", "named", "receiver",
                "target id", "to id", "nominee_id", "nominee name", "alter name", "colleague"],
    "relation_label": ["relation", "relationship", "tie", "type", "tie type", "question", "network"],
    "weight": ["weight", "value", "frequency", "strength", "rating"],
    "submitted_at": ["timestamp", "submitted at", "submitted", "date", "time"],
}


def detect(table: Table) -> float:
    found = find_columns(table.rows[0], EDGE_SYNONYMS)
    return 0.8 if "respondent" in found and "nominee" in found else 0.0


def read(table: Table, context) -> RawSurvey:
    """Read an edge list into a :class:`RawSurvey` (see the module docstring for the layout)."""
    header = table.rows[0]
    keys = unique_keys(header)
    issues = IssueReport()
    report_duplicate_headers(header, table.file, issues)
    columns = (_mapped_columns(header, keys, context.mapping, issues, table.file) if context.mapping
               else find_columns(header, EDGE_SYNONYMS))
    if "respondent" not in columns or "nominee" not in columns:
        where = "the mapping names no" if context.mapping else "no"
        raise InputError.make("edgelist_header", f"is not an edge list: {where} source and target columns in "
                              f"the first row (found: {describe_header(header)})", file=table.file, row=1)
    roles = {index: role for role, index in columns.items()}
    mapping = {key: {"role": roles[index]} if index in roles else {"role": "ignore", "note": "not an edge-list "
               "column"} for index, key in enumerate(keys) if header[index].strip()}
    survey = RawSurvey(NAME, [table.file], issues=issues, mapping=mapping, merge_same_person=True)
    named = {role: keys[index] for role, index in columns.items()}
    by_source: dict[str, RawResponse] = {}
    relations: dict[str, str] = {}   # each distinct relation label normalized once
    for offset, cells in enumerate(table.rows[1:]):   # the hot loop: hundreds of thousands of rows
        width = len(cells)
        cell = {role: cells[index].strip() if index < width else "" for role, index in columns.items()}
        _read_row(survey, by_source, cell, offset + 2, cells, named, relations, context)
    return survey


def _read_row(survey: RawSurvey, by_source: dict, cell: dict, row: int, cells: list, named: dict,
              relations: dict, context) -> None:
    """One tie (or a respondent's empty answer) into ``survey``; ``cell`` holds the row's mapped cells."""
    file = survey.files[0]
    source, target = cell["respondent"], cell["nominee"]
    if not source:
        if target or any(c.strip() for c in cells):
            survey.issues.add("source_missing", WARNING, "has a tie with no source: nobody to attribute it to, "
                              "so it was not read", file=file, row=row, column=named["respondent"], value=target)
        return
    key = " ".join(source.split()).casefold()   # "Ann Lee" and "ann  lee" are one respondent
    response = by_source.get(key)
    if response is None:
        response = RawResponse(key=f"{file}:{source}", file=file, row=row, column=named["respondent"],
                               submitted_at=cell.get("submitted_at") or None, **_identity(source))
        by_source[key] = response
        survey.responses.append(response)
    if not target:
        return
    weight = _weight(cell.get("weight", ""), file, row, named.get("weight"), survey)
    label = cell.get("relation_label", "")
    relation = relations.get(label)
    if relation is None:
        relation = relations[label] = " ".join(label.split()).lower() or context.default_relation
    survey.answers.append(RawAnswer(response=response.key, relation=relation, text=target, source="edge_list",
                                    file=file, row=row, column=named["nominee"], weight=weight))


def _mapped_columns(header: list[str], keys: list[str], given: dict, issues: IssueReport, file: str
                    ) -> dict[str, int]:
    """``{role: index}`` from a given mapping, naming columns by header; what it cannot use is reported."""
    given = {fold(key): (key, checked_entry(entry, {}, "<mapping>", None, key)) for key, entry in given.items()}
    columns: dict[str, int] = {}
    used = set()
    for index, (text, key) in enumerate(zip(header, keys)):
        if not text.strip():
            continue
        found = given.get(fold(key)) or given.get(fold(text))
        if found is None:
            issues.add("unmapped_column", INFO, "is not named in the mapping; not read", file=file, row=1,
                       column=key)
            continue
        used.add(found[0])
        role = found[1]["role"]
        if role in columns:
            issues.add("mapping_role_unused", WARNING, f"has role {role!r}, which column {keys[columns[role]]!r} "
                       "already has; not read", file=file, row=1, column=key)
        elif role in EDGE_ROLES + ("submitted_at",):
            columns[role] = index
        elif role != "ignore":
            issues.add("mapping_role_unused", WARNING, f"has role {role!r}, which an edge list does not read "
                       f"(its roles: {', '.join(EDGE_ROLES)}, submitted_at); not read", file=file, row=1,
                       column=key)
    for key, _ in given.values():
        if key not in used:
            issues.add("mapping_unused", WARNING, "is named in the mapping but no column of this export has "
                       "that header", file=file, column=key)
    return columns


def _identity(text: str) -> dict:
    """An edge list's source as the respondent's id, email or name, by its look."""
    if "@" in text:
        return {"email": text}
    return {"staff_id": text, "name": text}


def _weight(text: str, file: str, row: int, column: str | None, survey: RawSurvey) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        survey.issues.add("weight_invalid", WARNING, f"weight {text!r} is not a number; the tie is kept "
                          "without a weight", file=file, row=row, column=column, value=text)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        survey.issues.add("weight_invalid", WARNING, f"weight {text!r} is not a finite number; the tie is "
                          "kept without a weight", file=file, row=row, column=column, value=text)
        return None
    return value
