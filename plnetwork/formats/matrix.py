"""Generic adjacency matrix: the first column and the header name the same people; a cell is the weight
of the row person's tie to the column person. ``0`` is an observed non-tie; a row left wholly blank is a
person who did not answer (missing data, not isolation). Every tie has the default relation.

A matrix has no column mapping (:attr:`RawSurvey.mapping` is empty, so no ``mapping.yaml`` is written): its
columns are the people themselves and every cell is a weight, so there is nothing to map; a ``--map`` given
with a matrix is not used (``mapping_unused``).
"""

from __future__ import annotations

from ..issues import WARNING, InputError
from ..tables import Table, column_letter
from .base import RawAnswer, RawResponse, RawSurvey

__all__ = ["NAME", "detect", "read"]

NAME = "matrix"


def _people(table: Table) -> tuple[list[str], list[str]]:
    columns = [cell.strip() for cell in table.rows[0][1:]]
    rows = [row[0].strip() for row in table.rows[1:] if row and row[0].strip()]
    return columns, rows


def detect(table: Table) -> float:
    if len(table.rows) < 3 or len(table.rows[0]) < 3:
        return 0.0
    columns, rows = _people(table)
    shared = set(columns) & set(rows)
    if len(shared) < 2 or len(shared) < 0.8 * max(len(set(rows)), 1):
        return 0.0
    sample = [cell.strip() for row in table.rows[1:50] for cell in row[1:]]
    numeric = sum(1 for cell in sample if not cell or _number(cell) is not None)
    return 0.9 if numeric >= 0.95 * len(sample) else 0.0


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def read(table: Table, context) -> RawSurvey:
    header = table.rows[0]
    if len(header) < 2 or not any(cell.strip() for cell in header[1:]):
        raise InputError.make("matrix_header", "is not an adjacency matrix: the first row names no people",
                              file=table.file, row=1)
    survey = RawSurvey(NAME, [table.file])
    if context.mapping:
        survey.issues.add("mapping_unused", WARNING, "is an adjacency matrix, whose columns are people: the "
                          "column mapping was not used", file=table.file, row=1)
    for offset, cells in enumerate(table.rows[1:]):
        row = offset + 2
        person = cells[0].strip() if cells else ""
        values = cells[1:]
        if not person:
            if any(c.strip() for c in values):
                survey.issues.add("matrix_row_unnamed", WARNING, "has ties but no person in the first "
                                  "column; the row was not read", file=table.file, row=row, column=header[0])
            continue
        if not any(c.strip() for c in values):
            continue   # a blank row: this person did not answer
        response = RawResponse(key=f"{table.file}:{row}", file=table.file, row=row, staff_id=person,
                               name=person, column=header[0] or "A")
        survey.responses.append(response)
        for index, text in enumerate(values, start=1):
            text = text.strip()
            if not text:
                continue
            if index >= len(header) or not header[index].strip():
                survey.issues.add("matrix_column_unnamed", WARNING, f"has a value ({text!r}) in a column with "
                                  "no person in the header; it was not read", file=table.file, row=row,
                                  column=column_letter(index), value=text)
                continue
            weight = _number(text)
            if weight is None:
                survey.issues.add("weight_invalid", WARNING, f"cell {text!r} is not a number; read as no "
                                  "tie", file=table.file, row=row, column=header[index], value=text)
                continue
            if weight > 0:
                survey.answers.append(RawAnswer(response=response.key, relation=context.default_relation,
                                                text=header[index].strip(), source="matrix", file=table.file,
                                                row=row, column=header[index], weight=weight))
    return survey
