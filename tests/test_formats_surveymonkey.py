"""SurveyMonkey: two header rows, CSV and XLSX; checkboxes, Other, open-ended, matrix and text boxes."""

import pytest

from exports import OPTIONS, Q_ADVICE, Q_ELSE, Q_FREQ, assert_reads_submissions, make_surveymonkey
from plnetwork.formats import ReadContext, detect_format, read_export, surveymonkey
from plnetwork.tables import read_table

ROWS = [3, 4, 5, 6, 7]          # two header rows


def read(data, name="Staff network survey.csv", roster=OPTIONS):
    return read_export((name, data), context=ReadContext(roster_names=roster))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_csv_and_xlsx_are_detected_and_read_the_same(kind):
    data = make_surveymonkey(kind=kind)
    table = read_table(("s", data))
    assert surveymonkey.detect(table) == 0.97 and detect_format(table) == "surveymonkey"
    survey = read(data, name=f"Staff network survey.{kind}")
    assert survey.platform == "surveymonkey"
    assert_reads_submissions(survey, ROWS)
    assert not survey.issues.issues


def test_columns_are_named_by_question_and_choice():
    survey = read(make_surveymonkey())
    ann = [(a.text, a.source, a.column) for a in survey.answers if a.row == 3 and a.relation == "advice"]
    assert ann == [("Robert Ray", "choice", f"{Q_ADVICE} - Robert Ray"),
                   ("Maria Garcia", "choice", f"{Q_ADVICE} - Maria Garcia"),
                   ("Smith, Jordan", "free_text", f"{Q_ADVICE} - Other (please specify)"),
                   ("Liz Chen", "free_text", Q_ELSE)]
    grid = [(a.text, a.weight, a.column) for a in survey.answers if a.row == 3 and a.relation == "frequency"]
    assert grid == [("Robert Ray", 3.0, f"{Q_FREQ} - Robert Ray"), ("Maria Garcia", 0.0, f"{Q_FREQ} - Maria Garcia")]


def test_metadata_identity_and_dates():
    survey = read(make_surveymonkey())
    robert = survey.responses[2]
    assert (robert.email, robert.name, robert.submitted_at) == ("Robert.Ray@Lincoln.k12.us", "Robert Ray",
                                                               "2024-10-07T09:15:00")
    assert survey.responses[-1].submitted_at == "2024-10-08T15:30:45"
    assert survey.mapping["Respondent ID"] == {"role": "ignore"}
    assert survey.mapping["End Date"] == {"role": "submitted_at"}


def test_multiple_textboxes_and_a_dropdown():
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
           "Last Name", "Custom Data 1", "List up to three colleagues you learn from", "", "",
           "Who is your closest collaborator?"]
    sub = [""] * 9 + ["Colleague 1", "Colleague 2", "Colleague 3", "Response"]
    row = ["1", "2", "10/07/2024 07:46:55 AM", "10/07/2024 07:50:55 AM", "", "", "Ann", "Lee", "",
           "Bob Ray", "Lee, Ann", "", "Lee, Ann"]
    text = "\n".join(",".join(f'"{cell}"' for cell in r) for r in (top, sub, row))
    survey = read(text.encode(), roster=["Lee, Ann"])
    assert survey.responses[0].name == "Ann Lee"                      # first and last name columns
    assert [(a.relation, a.text, a.source) for a in survey.answers] == [
        ("learning", "Bob Ray", "free_text"), ("learning", "Lee, Ann", "free_text"), ("advice", "Lee, Ann", "choice")]
    assert survey.answers[0].limit == 3
