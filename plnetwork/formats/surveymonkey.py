"""SurveyMonkey "All individual responses" export (CSV or XLSX).

Layout: two header rows. Row 1 starts with the respondent metadata — ``Respondent ID, Collector ID, Start
Date, End Date, IP Address, Email Address, First Name, Last Name, Custom Data 1`` — then holds each
question's text over the *first* of its columns only. Row 2 says what each column holds: ``Response`` (one
choice), ``Open-Ended Response`` (typed text), a choice's label (a checkbox column: the cell repeats the
label when chosen), ``Other (please specify)`` (the typed "Other"), or a matrix row's label (the cell holds
the scale label). Data from row 3; dates like ``10/07/2024 07:46:55 AM``.
"""

from __future__ import annotations

import re

from ..headers import normalize_header
from ..issues import IssueReport
from ..tables import Table
from .base import RawSurvey
from .mapping import read_survey
from .questions import Column, resolve_kinds, unique_keys

__all__ = ["NAME", "detect", "read"]

NAME = "surveymonkey"

_WHOLE = {"response", "open ended response", ""}
#: SurveyMonkey's own columns, whose role holds whatever mapping is given
_META_ROLES = {"respondent id": "ignore", "collector id": "ignore", "start date": "ignore", "end date": "submitted_at",
               "ip address": "ignore", "email address": "email", "first name": "first_name", "last name": "last_name"}
_OTHER = re.compile(r"^other\b.*(specify|please)|^other$", re.IGNORECASE)


def detect(table: Table) -> float:
    """0.97 when row 1 starts ``Respondent ID, Collector ID`` and row 2 has SurveyMonkey's sub-headers."""
    words = [normalize_header(cell) for cell in table.rows[0][:2]]
    if words != ["respondent id", "collector id"]:
        return 0.0
    second = {normalize_header(cell) for cell in table.rows[1]} if len(table.rows) > 1 else set()
    return 0.97 if second & {"response", "open ended response"} else 0.9


def read(table: Table, context) -> RawSurvey:
    """Read a SurveyMonkey export into a :class:`RawSurvey` (see the module docstring for the layout)."""
    rows = table.rows
    top = rows[0]
    sub = (rows[1] + [""] * len(top))[:len(top)] if len(rows) > 1 else [""] * len(top)
    columns, keys, question = [], [], ""
    for index, (head, label) in enumerate(zip(top, sub)):
        head, label = head.strip(), label.strip()
        question = head or question
        whole = normalize_header(label) in _WHOLE
        keys.append(question if whole or not question else f"{question} - {label}")
    keys = unique_keys(keys)
    question = ""
    for index, (head, label, key) in enumerate(zip(top, sub, keys)):
        head, label = head.strip(), label.strip()
        question = head or question
        words = normalize_header(label)
        if words == "open ended response":
            columns.append(Column(index, key, question, kind="typed"))
        elif words in _WHOLE:
            meta = normalize_header(question)
            role = _META_ROLES.get(meta) or ("ignore" if meta.startswith("custom data") else None)
            columns.append(Column(index, key, question, role=role if not label else None))
        elif _OTHER.match(label):
            columns.append(Column(index, key, f"{question} - {label}", stem=question, kind="other"))
        else:
            columns.append(Column(index, key, f"{question} - {label}", stem=question, choice=label, kind="rows"))
    data = range(2, len(rows))
    columns = resolve_kinds(columns, lambda c: [row[c.index] if c.index < len(row) else "" for row in
                                                (rows[i] for i in data)])
    return read_survey(table, columns, context, platform=NAME, first_row=2, separator=None, issues=IssueReport())
