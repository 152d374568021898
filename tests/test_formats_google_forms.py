"""Google Forms: the Forms download and the linked Sheet's CSV, with the mess real exports carry."""

import pytest

from exports import (OPTIONS, Q_ADVICE, Q_ELSE, Q_FREQ, assert_reads_submissions, make_google_forms_csv)
from plnetwork.formats import ReadContext, detect_format, google_forms, read_export, read_exports
from plnetwork.issues import InputError
from plnetwork.tables import read_table

ROWS = [2, 3, 4, 5, 6]          # header on row 1; Google has no preview rows


def read(data, roster=OPTIONS, **kw):
    return read_export(("responses.csv", data), context=ReadContext(roster_names=roster, **kw))


@pytest.mark.parametrize("variant, score", [("download", 0.95), ("sheet", 0.85)])
def test_both_exports_are_detected(variant, score):
    table = read_table(("r.csv", make_google_forms_csv(variant=variant)))
    assert google_forms.detect(table) == score
    assert detect_format(table) == "google_forms"


@pytest.mark.parametrize("variant", ["download", "sheet"])
def test_every_submission_is_read_with_its_answers(variant):
    survey = read(make_google_forms_csv(variant=variant))
    assert survey.platform == "google_forms" and survey.files == ["responses.csv"]
    assert survey.complete_respondents
    assert_reads_submissions(survey, ROWS)
    assert not survey.issues.issues


def test_forms_download_timestamps_keep_their_offset_and_identity_is_kept_faithfully():
    survey = read(make_google_forms_csv(variant="download"))
    first, _, robert, grace, maria_again = survey.responses
    assert first.submitted_at == "2024-10-07T07:46:55-04:00"
    assert maria_again.submitted_at == "2024-10-08T15:30:45-04:00"         # PM
    assert robert.email == "Robert.Ray@Lincoln.k12.us" and robert.column == "Email Address"
    assert (grace.key, grace.file, grace.row, grace.name) == ("responses.csv:5", "responses.csv", 5, "Grace Kim")


def test_sheet_timestamps_are_local_times():
    survey = read(make_google_forms_csv(variant="sheet"))
    assert [r.submitted_at for r in survey.responses][:2] == ["2024-10-07T07:46:55", "2024-10-07T08:02:10"]


@pytest.mark.parametrize("variant", ["download", "sheet"])
def test_other_with_a_comma_stays_one_typed_answer_even_without_the_roster(variant):
    survey = read(make_google_forms_csv(variant=variant), roster=())
    advice = [(a.text, a.column, a.limit) for a in survey.answers if a.row == 2 and a.relation == "advice"]
    assert advice == [("Robert Ray", Q_ADVICE, 6), ("Maria Garcia", Q_ADVICE, 6), ("Smith, Jordan", Q_ADVICE, 6),
                      ("Liz Chen", Q_ELSE, None)]


def test_grid_columns_are_weighted_and_never_is_kept_as_zero():
    survey = read(make_google_forms_csv())
    grid = [(a.text, a.weight, a.column, a.source) for a in survey.answers if a.relation == "frequency"
            and a.row == 2]
    assert grid == [("Robert Ray", 3.0, f"{Q_FREQ} [Robert Ray]", "matrix"),
                    ("Maria Garcia", 0.0, f"{Q_FREQ} [Maria Garcia]", "matrix")]
    assert survey.mapping[f"{Q_FREQ} [Siobhan O'Brien]"]["scale"][0] == "Never"   # nobody answered that row


def test_the_mess_is_passed_on_untouched_for_resolution():
    texts = {a.text for a in read(make_google_forms_csv()).answers}
    assert {"Liz Chen", "Mr. Whitfield", "Priya Natarajn", "Siobhan O\u2019Brien", "Smith, Jordan"} <= texts


def test_a_path_and_bytes_read_the_same(tmp_path):
    path = tmp_path / "Staff network (Responses).csv"
    path.write_bytes(make_google_forms_csv())
    from_path = read_exports([path], context=ReadContext(roster_names=OPTIONS))
    from_bytes = read_export((path.name, path.read_bytes()), context=ReadContext(roster_names=OPTIONS))
    assert from_path.answers == from_bytes.answers


def test_unknown_and_repeated_columns_are_reported():
    text = ('"Timestamp","Email Address","Favourite lunch","Who do you go to for advice?",'
            '"Who do you go to for advice?"\n'
            '"2024/10/07 7:46:55 AM GMT-4","a@x.org","soup","Ann Lee","Bo Diaz"\n')
    survey = read(text.encode("utf-8-sig"), roster=["Ann Lee", "Bo Diaz"])
    codes = [(i.code, i.column) for i in survey.issues]
    assert ("unknown_column", "Favourite lunch") in codes
    assert ("duplicate_header", "Who do you go to for advice?") in codes
    assert [(a.text, a.column) for a in survey.answers] == [("Ann Lee", "Who do you go to for advice?"),
                                                            ("Bo Diaz", "Who do you go to for advice? (2)")]


def test_a_form_without_a_colleague_question_is_refused_clearly():
    text = b'"Timestamp","Email Address","Favourite lunch"\n"2024/10/07 7:46:55 AM GMT-4","a@x.org","soup"\n'
    with pytest.raises(InputError) as caught:
        read(text)
    assert caught.value.issue.code == "no_name_questions" and caught.value.issue.file == "responses.csv"


def test_nobody_answers_are_no_ties():
    text = ('"Timestamp","Email Address","Who do you go to for advice?"\n'
            '"2024/10/07 7:46:55 AM GMT-4","a@x.org","None"\n"2024/10/07 7:47:55 AM GMT-4","b@x.org",""\n')
    survey = read(text.encode())
    assert len(survey.responses) == 2 and survey.answers == []
