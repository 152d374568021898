"""Microsoft Forms: the "Open in Excel" workbook, named and anonymous."""

import datetime as dt
import io

import openpyxl
import pytest

from exports import OPTIONS, Q_ADVICE, Q_FREQ, Q_NAME, assert_reads_submissions, make_microsoft_forms_xlsx
from plnetwork.formats import ReadContext, detect_format, microsoft_forms, read_export
from plnetwork.tables import read_table

ROWS = [2, 3, 4, 5, 6]


def read(data, roster=OPTIONS):
    return read_export(("Staff network.xlsx", data), context=ReadContext(roster_names=roster))


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_detected_from_its_fixed_columns():
    table = read_table(("f.xlsx", make_microsoft_forms_xlsx()))
    assert table.kind == "xlsx" and microsoft_forms.detect(table) == 0.95
    assert detect_format(table) == "microsoft_forms"


@pytest.mark.parametrize("anonymous", [False, True])
def test_every_submission_is_read_with_its_answers(anonymous):
    survey = read(make_microsoft_forms_xlsx(anonymous=anonymous))
    assert survey.platform == "microsoft_forms"
    assert_reads_submissions(survey, ROWS)


def test_trailing_semicolons_and_the_other_text_in_the_same_cell():
    survey = read(make_microsoft_forms_xlsx())
    advice = [(a.text, a.source, a.column, a.limit) for a in survey.answers if a.row == 2 and a.column == Q_ADVICE]
    assert advice == [("Robert Ray", "choice", Q_ADVICE, 6), ("Maria Garcia", "choice", Q_ADVICE, 6),
                      ("Smith, Jordan", "free_text", Q_ADVICE, 6)]


def test_excel_times_become_iso_and_the_completion_time_is_the_submission_time():
    survey = read(make_microsoft_forms_xlsx())
    assert [r.submitted_at for r in survey.responses][-1] == "2024-10-08T15:30:45"


def test_the_form_name_question_identifies_and_the_account_name_is_not_used():
    survey = read(make_microsoft_forms_xlsx())
    ann = survey.responses[0]
    assert (ann.email, ann.name, ann.column) == ("ann.lee@lincoln.k12.us", "Ann Lee", "Email")
    assert survey.mapping["Name"]["role"] == "ignore"
    assert survey.responses[2].email == "Robert.Ray@Lincoln.k12.us"          # upper case kept, space trimmed


def test_anonymous_forms_identify_by_the_name_question_and_say_so():
    survey = read(make_microsoft_forms_xlsx(anonymous=True))
    assert [r.email for r in survey.responses] == [None] * 5
    assert [(r.name, r.column) for r in survey.responses][0] == ("Ann Lee", Q_NAME)
    assert [(i.code, i.severity) for i in survey.issues] == [("anonymous_form", "info")]


def test_without_a_name_question_the_account_name_identifies():
    start = dt.datetime(2024, 10, 7, 9, 0)
    data = workbook([["ID", "Start time", "Completion time", "Email", "Name", "Who do you go to for advice?"],
                     [1, start, start, "ann.lee@x.org", "Lee, Ann", "Bo Diaz;"]])
    survey = read(data, roster=["Bo Diaz"])
    assert survey.responses[0].name == "Lee, Ann"
    assert [a.text for a in survey.answers] == ["Bo Diaz"]


def test_anonymous_without_a_name_question_warns():
    start = dt.datetime(2024, 10, 7, 9, 0)
    data = workbook([["ID", "Start time", "Completion time", "Email", "Name", "Who do you go to for advice?"],
                     [1, start, start, "anonymous", None, "Bo Diaz;"]])
    survey = read(data)
    assert [(i.code, i.severity) for i in survey.issues] == [("anonymous_form", "warning")]


def test_likert_rows_are_grid_rows_and_quiz_columns_are_metadata():
    start = dt.datetime(2024, 10, 7, 9, 0)
    data = workbook([["ID", "Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback",
                      "Points - Who do you go to?", "Who do you go to?", f"{Q_FREQ}.Bo Diaz", "Ann Lee"],
                     [1, start, start, "a@x.org", "A", 0, "", 0, "Ann Lee;", "Often", "Daily"]])
    survey = read(data, roster=["Ann Lee", "Bo Diaz"])
    assert [(a.relation, a.text, a.weight) for a in survey.answers] == [
        ("advice", "Ann Lee", None), ("frequency", "Bo Diaz", 3.0), ("frequency", "Ann Lee", 4.0)]
    assert not [i for i in survey.issues if i.code == "unknown_column"]
