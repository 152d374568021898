"""Qualtrics: three-row and legacy two-row headers, joined and split multi-select, previews, encodings."""

import csv
import io

import pytest

from exports import OPTIONS, SUBMISSIONS, assert_reads_submissions, make_qualtrics
from plnetwork.formats import ReadContext, detect_format, qualtrics, read_export
from plnetwork.issues import InputError
from plnetwork.tables import read_table

CURRENT = [4, 5, 6, 8, 9]       # three header rows; row 7 is the preview
LEGACY = [3, 4, 5, 7, 8]        # two header rows; row 6 is the preview

LAYOUTS = {
    "joined": (dict(), CURRENT),
    "split-text": (dict(split=True), CURRENT),
    "split-1": (dict(split=True, flags="1"), CURRENT),
    "legacy": (dict(legacy=True), LEGACY),
    "tsv-utf16": (dict(delimiter="\t", encoding="utf-16"), CURRENT),
    "csv-no-bom": (dict(encoding="utf-8"), CURRENT),
    "xlsx": (dict(kind="xlsx", split=True), CURRENT),
}


def read(data, name="Staff+Network_October+7,+2024.csv", **kw):
    return read_export((name, data), context=ReadContext(roster_names=OPTIONS, **kw))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_detected_and_read_the_same(layout):
    options, rows = LAYOUTS[layout]
    data = make_qualtrics(**options)
    assert detect_format(read_table(("q", data))) == "qualtrics"
    survey = read(data)
    assert survey.platform == "qualtrics"
    assert_reads_submissions(survey, rows, SUBMISSIONS[:3] + SUBMISSIONS[4:])


@pytest.mark.parametrize("layout", ["joined", "legacy"])
def test_the_preview_row_is_dropped_with_an_issue_naming_it(layout):
    options, rows = LAYOUTS[layout]
    survey = read(make_qualtrics(**options))
    previews = [(i.code, i.severity, i.row, i.column) for i in survey.issues]
    status = "V7" if layout == "legacy" else "Status"
    assert previews == [("preview_row", "info", 6 if layout == "legacy" else 7, status)]
    assert all(r.row != previews[0][2] for r in survey.responses)


def test_a_preview_distribution_channel_alone_drops_the_row():
    text = make_qualtrics().decode("utf-8-sig").replace("Survey Preview", "IP Address")
    survey = read(text.encode("utf-8"))
    assert [(i.code, i.column, i.value) for i in survey.issues] == [("preview_row", "DistributionChannel",
                                                                     "preview")]


def test_detection_scores():
    assert qualtrics.detect(read_table(("q", make_qualtrics()))) == 0.99
    assert qualtrics.detect(read_table(("q", make_qualtrics(legacy=True)))) == 0.95


def test_columns_are_named_by_export_tag_and_other_text_is_typed():
    survey = read(make_qualtrics(split=True))
    ann = [(a.text, a.source, a.column, a.limit) for a in survey.answers if a.row == 4 and a.relation == "advice"]
    assert ann == [("Robert Ray", "choice", "Q3_2", 6), ("Maria Garcia", "choice", "Q3_3", 6),
                   ("Smith, Jordan", "free_text", "Q3_10_TEXT", 6), ("Liz Chen", "free_text", "Q4", None)]
    assert survey.mapping["Q3_10"]["role"] == "ignore"            # the "Other" checkbox is not a person
    assert survey.mapping["Q3_2"]["question"].endswith("Selected Choice - Robert Ray")


def test_the_comma_joined_other_choice_is_not_a_name():
    survey = read(make_qualtrics())
    assert "Other" not in {a.text for a in survey.answers}


def test_submission_times_not_row_order_date_each_response():
    survey = read(make_qualtrics(order="reversed"))
    assert [r.submitted_at for r in survey.responses][0] == "2024-10-08T15:30:45"
    assert survey.responses[0].row == 4 and survey.responses[0].email == "maria.garcia@lincoln.k12.us"


def test_recipient_columns_and_email_question():
    survey = read(make_qualtrics())
    robert = survey.responses[2]
    assert (robert.email, robert.name, robert.column) == ("Robert.Ray@Lincoln.k12.us", "Robert Ray", "Q1")


@pytest.mark.parametrize("options, column", [(dict(numeric=True), "Q3"), (dict(numeric=True, split=True), "Q7_1")])
def test_a_numeric_export_is_refused_clearly(options, column):
    with pytest.raises(InputError) as caught:
        read(make_qualtrics(**options))
    issue = caught.value.issue
    assert (issue.code, issue.file, issue.column) == ("numeric_export", "Staff+Network_October+7,+2024.csv",
                                                      column)
    assert "Use choice text" in issue.message and issue.row in (4, 5)


def test_a_numeric_export_with_only_checkbox_columns_reads():
    # split per choice, the codes are only 1 or blank: the labels still name each colleague
    rows = list(csv.reader(io.StringIO(make_qualtrics(numeric=True, split=True).decode("utf-8-sig"))))
    keep = [i for i, tag in enumerate(rows[0]) if not tag.startswith("Q7")]
    out = io.StringIO()
    csv.writer(out).writerows([[row[i] for i in keep] for row in rows])
    survey = read(out.getvalue().encode())
    assert {a.text for a in survey.answers if a.row == 4 and a.source == "choice"} == {
        "Robert Ray", "Maria Garcia", "Tom Whitfield"}
