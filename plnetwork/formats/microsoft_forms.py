"""Microsoft Forms responses: the workbook of "Open in Excel" (Responses tab).

Layout: one header row — ``ID, Start time, Completion time, Email, Name`` (newer forms add ``Last modified
time``; quizzes add ``Total points``, ``Quiz feedback`` and ``Points - Q`` / ``Feedback - Q`` columns), then
one column per question. A multi-select cell lists the choices each followed by ``;`` (``A;B;``), the
typed "Other" text among them. On an anonymous form ``Email`` is ``anonymous`` and ``Name`` is empty.
``Name`` is the account's display name (``Lee, Ann (LES)``), which may differ from the roster: a form's
own name question, where there is one, identifies the respondent instead. A Likert row is read as a
grid row when its header is ``Question.Row`` (or the row alone) and the row is a roster name.
"""

from __future__ import annotations

from ..headers import normalize_header, report_duplicate_headers
from ..issues import INFO, WARNING, IssueReport
from ..tables import Table
from .base import RawSurvey
from .answers import NameSet
from .mapping import read_survey
from .questions import Column, classify_header, unique_keys

__all__ = ["NAME", "detect", "read"]

NAME = "microsoft_forms"

_FIXED = {"id": "ignore", "start time": "ignore", "completion time": "submitted_at", "email": "email",
          "last modified time": "submitted_at", "total points": "ignore", "quiz feedback": "ignore"}
_LEADING = ["id", "start time", "completion time", "email", "name"]


def detect(table: Table) -> float:
    """0.95 when the header starts ``ID, Start time, Completion time, Email, Name``."""
    words = [normalize_header(cell) for cell in table.rows[0][:5]]
    if words == _LEADING:
        return 0.95
    return 0.8 if words[:3] == _LEADING[:3] else 0.0


def read(table: Table, context) -> RawSurvey:
    """Read a Microsoft Forms workbook into a :class:`RawSurvey` (see the module docstring for the layout)."""
    header = table.rows[0]
    issues = IssueReport()
    report_duplicate_headers(header, table.file, issues)
    known = NameSet(context.roster_names)
    own_name = any(classify_header(text).role == "name" for text in header[5:])
    columns = []
    for index, (text, key) in enumerate(zip(header, unique_keys(header))):
        words = normalize_header(text)
        if words in _FIXED or words.startswith(("points ", "feedback ")):
            columns.append(Column(index, key, text, role=_FIXED.get(words, "ignore")))
        elif index == 4 and words == "name":
            # the account's display name; the form's own name question is surer where there is one
            columns.append(Column(index, key, text, role="ignore" if own_name else "name"))
        elif likert := _likert_row(text, known):
            columns.append(Column(index, key, text, stem=likert[0], choice=likert[1], kind="grid"))
        else:
            columns.append(Column(index, key, text))
    _report_anonymous(table, header, own_name, issues)
    return read_survey(table, columns, context, platform=NAME, first_row=1, separator=";", issues=issues)


def _likert_row(text: str, known: NameSet) -> tuple[str, str] | None:
    """``("Question", "Row")`` for a Likert column headed ``Question.Row`` (or ``Row``) naming a colleague."""
    if known and text.strip() in known:
        return "", text.strip()
    for at, char in enumerate(text):
        if char == "." and text[at + 1:].strip() in known:
            return text[:at].strip(), text[at + 1:].strip()
    return None


def _report_anonymous(table: Table, header: list[str], own_name: bool, issues: IssueReport) -> None:
    email = next((i for i, cell in enumerate(header) if normalize_header(cell) == "email"), None)
    values = {row[email].strip().lower() for row in table.rows[1:] if email is not None and email < len(row)}
    if values and values <= {"anonymous", ""}:
        if own_name:
            issues.add("anonymous_form", INFO, "is an anonymous form: respondents are identified by the form's "
                       "name question", file=table.file, row=1, column=header[email])
        else:
            issues.add("anonymous_form", WARNING, "is an anonymous form with no name question: respondents "
                       "cannot be identified (ask for names or emails in the form)", file=table.file, row=1,
                       column=header[email])
