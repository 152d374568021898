"""Generic edge list: one row per tie, ``source, target[, relation][, weight]`` (ids, emails or names).

A row with a source and an empty target records a respondent who named nobody. Every distinct source is
a respondent; rows of the same source (ignoring case and spacing) are one response (not duplicates).
Relation labels are read case-insensitively (``Advice`` is ``advice``).
"""

from __future__ import annotations

from ..headers import describe_header, find_columns, report_duplicate_headers
from ..issues import WARNING, InputError
from ..tables import Table
from .base import RawAnswer, RawResponse, RawSurvey

__all__ = ["NAME", "detect", "read", "EDGE_SYNONYMS"]

NAME = "edgelist"

EDGE_SYNONYMS = {
    "source": ["source", "from", "respondent", "respondent id", "ego", "ego id", "rater", "nominator",
               "sender", "source id", "from id", "respondent_id", "respondent name", "respondent email",
               "ego name"],
    "target": ["target", "to", "nominee", "nominee id", "alter", "alter id", "named", "receiver",
               "target id", "to id", "nominee_id", "nominee name", "alter name", "colleague"],
    "relation": ["relation", "relationship", "tie", "type", "tie type", "question", "network"],
    "weight": ["weight", "value", "frequency", "strength", "rating"],
    "submitted_at": ["timestamp", "submitted at", "submitted", "date", "time"],
}


def detect(table: Table) -> float:
    found = find_columns(table.rows[0], EDGE_SYNONYMS)
    return 0.8 if "source" in found and "target" in found else 0.0


def read(table: Table, context) -> RawSurvey:
    header = table.rows[0]
    columns = find_columns(header, EDGE_SYNONYMS)
    if "source" not in columns or "target" not in columns:
        raise InputError.make("edgelist_header", f"is not an edge list: no source and target columns in the "
                              f"first row (found: {describe_header(header)})", file=table.file, row=1)
    survey = RawSurvey(NAME, [table.file], mapping={"format": NAME, "columns": {
        key: header[index] for key, index in columns.items()}}, merge_same_person=True)
    report_duplicate_headers(header, table.file, survey.issues)
    by_source: dict[str, RawResponse] = {}
    for offset, cells in enumerate(table.rows[1:]):
        row = offset + 2
        cell = lambda key: cells[columns[key]].strip() if key in columns and columns[key] < len(cells) else ""
        source, target = cell("source"), cell("target")
        if not source:
            if target or any(c.strip() for c in cells):
                survey.issues.add("source_missing", WARNING, "has a tie with no source: nobody to attribute "
                                  "it to, so it was not read", file=table.file, row=row,
                                  column=header[columns["source"]], value=target)
            continue
        key = " ".join(source.split()).casefold()   # "Ann Lee" and "ann  lee" are one respondent
        response = by_source.get(key)
        if response is None:
            response = RawResponse(key=f"{table.file}:{source}", file=table.file, row=row,
                                   column=header[columns["source"]], submitted_at=cell("submitted_at") or None,
                                   **_identity(source))
            by_source[key] = response
            survey.responses.append(response)
        if not target:
            continue
        weight = _weight(cell("weight"), table, row, header[columns["weight"]] if "weight" in columns else None,
                         survey)
        relation = " ".join(cell("relation").split()).lower() or context.default_relation
        survey.answers.append(RawAnswer(response=response.key, relation=relation, text=target, source="edge_list",
                                        file=table.file, row=row, column=header[columns["target"]],
                                        weight=weight))
    return survey


def _identity(text: str) -> dict:
    """An edge list's source as the respondent's id, email or name, by its look."""
    if "@" in text:
        return {"email": text}
    return {"staff_id": text, "name": text}


def _weight(text: str, table: Table, row: int, column: str | None, survey: RawSurvey) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        survey.issues.add("weight_invalid", WARNING, f"weight {text!r} is not a number; the tie is kept "
                          "without a weight", file=table.file, row=row, column=column, value=text)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        survey.issues.add("weight_invalid", WARNING, f"weight {text!r} is not a finite number; the tie is "
                          "kept without a weight", file=table.file, row=row, column=column, value=text)
        return None
    return value
