"""The column mapping YAML: reading, writing, refusing mistakes by line, and applying it to an export."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exports import (OPTIONS, Q_ADVICE, Q_ELSE, Q_FREQ, make_google_forms_csv, make_microsoft_forms_xlsx,
                     make_qualtrics, make_surveymonkey)
from plnetwork.formats import ReadContext, read_export, reader
from plnetwork.formats.mapping import dump_mapping, load_mapping, parse_timestamp
from plnetwork.issues import InputError
from plnetwork.tables import Table

SURVEYS = Path(__file__).resolve().parent.parent / "surveys"


def test_shorthand_named_scales_and_choices_are_expanded():
    mapping = load_mapping("""
scales:
  weekly: [Never, Sometimes, Weekly]
columns:
  Email Address: email
  Q2: learning
  Q5_1: {relation: frequency, nominee: Ann Lee, scale: weekly}
  Q5_2: {relation: frequency, nominee: Bo Diaz, scale: frequency}
  Q9: {relation: advice, choices: {1: Ann Lee, 2: Bo Diaz}, limit: 6}
""")
    assert mapping["Email Address"] == {"role": "email"}
    assert mapping["Q2"] == {"role": "relation", "relation": "learning"}
    assert mapping["Q5_1"]["scale"] == ["Never", "Sometimes", "Weekly"]
    assert mapping["Q5_2"]["scale"] == ["Never", "Yearly", "Monthly", "Weekly", "Daily"]
    assert mapping["Q9"]["choices"] == {"1": "Ann Lee", "2": "Bo Diaz"}


@pytest.mark.parametrize("text, line, words", [
    ("columns:\n  Q1: {role: email\n", None, "not valid YAML"),
    ("columns:\n  Q1: email\n  Q2: {relation: advice, limt: 6}\n", 3, "unknown field 'limt'"),
    ("columns:\n  Q1: {role: teacher}\n", 2, "role must be one of"),
    ("columns:\n  Q1: email\n  Q1: name\n", 3, "twice"),
    ("columns:\n  Q1: {relation: Advice Ties}\n", 2, "lowercase name"),
    ("columns:\n  Q1: {relation: advice, limit: -1}\n", 2, "limit"),
    ("columns:\n  Q1: {relation: frequency, scale: weird}\n", 2, "unknown scale"),
    ("columns:\n  Q1: {relation: advice, source: typed}\n", 2, "source"),
    ("colums:\n  Q1: email\n", 1, "'columns:'"),
    ("columns:\n  Q1: email\nextras: 1\n", 3, "unknown section"),
    ("- just\n- a list\n", 1, "'columns:'"),
])
def test_mistakes_name_the_file_and_line(text, line, words):
    with pytest.raises(InputError) as caught:
        load_mapping(("survey_map.yaml", text.encode()))
    issue = caught.value.issue
    assert issue.code == "bad_mapping" and issue.file == "survey_map.yaml" and words in issue.message
    if line is not None:
        assert issue.row == line


def test_a_mapping_comes_as_a_path_bytes_or_a_named_upload(tmp_path):
    path = tmp_path / "map.txt"
    path.write_bytes(b"\xef\xbb\xbfcolumns:\n  Q1: email\n")        # with a BOM, any file name
    assert load_mapping(path) == load_mapping(str(path)) == load_mapping(path.read_bytes()) == {
        "Q1": {"role": "email"}}
    with pytest.raises(InputError) as caught:
        load_mapping(("map.yaml", b"columns:\n  Q1: \xff\n"))
    assert caught.value.issue.file == "map.yaml"


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        load_mapping(tmp_path / "nope.yaml")
    assert caught.value.issue.code == "file_not_found"


def test_dump_then_load_gives_the_same_mapping_and_the_same_reading(tmp_path):
    data = make_google_forms_csv()
    detected = read_export(("g.csv", data), context=ReadContext(roster_names=OPTIONS))
    path = tmp_path / "map.yaml"
    path.write_text(dump_mapping(detected.mapping, platform=detected.platform), encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping == detected.mapping
    again = read_export(("g.csv", data), context=ReadContext(roster_names=OPTIONS, mapping=mapping))
    assert again.answers == detected.answers
    assert [vars(r) for r in again.responses] == [vars(r) for r in detected.responses]   # compared by identity


def test_dump_reads_the_generic_wide_readers_shape():
    text = dump_mapping({"format": "wide", "identity": {"email": "Email"},
                         "questions": {"advice 1": {"relation": "advice"}}})
    assert load_mapping(text) == {"Email": {"role": "email"}, "advice 1": {"role": "relation", "relation": "advice"}}


def test_a_mapping_replaces_detection_and_says_what_it_left_out():
    mapping = load_mapping(f"""
columns:
  Timestamp: submitted_at
  Email Address: email
  "{Q_ADVICE}": {{relation: help, limit: 2}}
  "{Q_FREQ}": {{relation: talk, scale: [Never, Yearly, Monthly, Weekly, Daily]}}
  No such column: email
""")
    survey = read_export(("g.csv", make_google_forms_csv()), context=ReadContext(roster_names=OPTIONS,
                                                                                   mapping=mapping))
    relations = {a.relation for a in survey.answers}
    assert relations == {"help", "talk"}                     # the follow-up and others were not mapped
    talk = [a for a in survey.answers if a.relation == "talk" and a.row == 2]
    assert [(a.text, a.weight, a.column) for a in talk] == [
        ("Robert Ray", 3.0, f"{Q_FREQ} [Robert Ray]"), ("Maria Garcia", 0.0, f"{Q_FREQ} [Maria Garcia]")]
    assert {a.limit for a in survey.answers if a.relation == "help"} == {2}
    codes = {(i.code, i.column) for i in survey.issues}
    assert ("unmapped_column", Q_ELSE) in codes and ("mapping_unused", "No such column") in codes


@pytest.mark.parametrize("name, make", [
    ("g.csv", make_google_forms_csv), ("m.xlsx", make_microsoft_forms_xlsx), ("q.csv", make_qualtrics),
    ("q.csv", lambda: make_qualtrics(split=True)), ("q.csv", lambda: make_qualtrics(legacy=True)),
    ("s.csv", make_surveymonkey)], ids=["google", "microsoft", "qualtrics", "qualtrics split", "legacy", "monkey"])
def test_the_instrument_file_is_a_mapping_that_reads_like_detection(name, make):
    mapping = load_mapping(SURVEYS / "instrument.yaml")
    given = read_export((name, make()), context=ReadContext(roster_names=OPTIONS, mapping=mapping))
    detected = read_export((name, make()), context=ReadContext(roster_names=OPTIONS))
    assert given.answers == detected.answers
    assert [r.submitted_at for r in given.responses] == [r.submitted_at for r in detected.responses]
    assert not [i for i in given.issues if i.code == "unmapped_column"]


@pytest.mark.parametrize("path", sorted((SURVEYS / "mappings").glob("*.yaml")), ids=lambda p: p.name)
def test_example_mappings_are_valid(path):
    assert load_mapping(path)


def test_a_numeric_qualtrics_export_reads_with_choices_and_a_scale():
    codes = "{" + ", ".join(f"{i}: {name!r}" for i, name in enumerate(OPTIONS, start=1)) + "}"
    scale = "{1: 0, 2: 1, 3: 2, 4: 3, 5: 4}"
    text = "columns:\n  Q1: email\n  RecordedDate: submitted_at\n"
    text += f"  Q3: {{relation: advice, choices: {codes}}}\n"
    text += "".join(f"  Q7_{i}: {{relation: frequency, scale: {scale}}}\n" for i in range(1, 5))
    survey = read_export(("q.csv", make_qualtrics(numeric=True)), context=ReadContext(mapping=load_mapping(text)))
    first = [(a.relation, a.text, a.weight) for a in survey.answers if a.row == 4]
    assert first == [("advice", "Robert Ray", None), ("advice", "Maria Garcia", None),
                     ("frequency", "Robert Ray", 3.0), ("frequency", "Maria Garcia", 0.0)]
    assert [i.code for i in survey.issues].count("unknown_choice_code") == 1     # "10" is the Other choice


@pytest.mark.parametrize("text, dayfirst, iso", [
    ("2024/10/07 7:46:55 AM GMT-4", False, "2024-10-07T07:46:55-04:00"),
    ("2024/10/07 12:05:00 PM GMT+5:30", False, "2024-10-07T12:05:00+05:30"),
    ("2024/10/07 12:05:00 AM GMT", False, "2024-10-07T00:05:00+00:00"),
    ("10/7/2024 7:46:55", False, "2024-10-07T07:46:55"),
    ("7/10/2024 19:46:55", True, "2024-10-07T19:46:55"),
    ("10/07/2024 07:46:55 PM", False, "2024-10-07T19:46:55"),
    ("2024-10-07 07:46:55", False, "2024-10-07T07:46:55"),
    ("2024-10-07T07:46:55Z", False, "2024-10-07T07:46:55+00:00"),
    ("2024-10-07 07:46", False, "2024-10-07T07:46:00"),
    ("[not completed]", False, None), ("13/13/2024 1:00", False, None),
])
def test_timestamps(text, dayfirst, iso):
    assert parse_timestamp(text, dayfirst=dayfirst) == iso


def test_day_first_sheets_are_recognised_by_their_column():
    rows = "Timestamp,Email Address,Who do you go to for advice?\n"
    rows += "25/10/2024 9:00:00,a@x.org,Ann Lee\n7/10/2024 9:00:00,b@x.org,Ann Lee\n"
    survey = read_export(("g.csv", rows.encode()))
    assert [r.submitted_at for r in survey.responses] == ["2024-10-25T09:00:00", "2024-10-07T09:00:00"]


_CELLS = ["Timestamp", "Email Address", "ID", "Start time", "Completion time", "Email", "Name", "Respondent ID",
          "Collector ID", "Response", "Open-Ended Response", "Other (please specify)", "V1", "V2", "ResponseID",
          "Status", "Survey Preview", '{"ImportId":"QID1"}', "Q1", "Q1_1", "Q1_2_TEXT", "record_id", "advice___1",
          "x_complete", "Who do you go to?", "How often? [Ann Lee]", "Ann Lee", "Never", "Daily", "1", "0", "",
          "a;b;", "Lee, Ann", "2024/10/07 7:46:55 AM GMT-4", "13/13/2024 1:00", "[not completed]", "Record ID",
          "Q (choice=Ann)", "Checked", "anonymous", "Who do you go to?.Ann Lee", "preview", "1,2"]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.sampled_from(_CELLS) | st.text(max_size=5), max_size=7), min_size=1, max_size=6),
       st.sampled_from(["google_forms", "microsoft_forms", "qualtrics", "surveymonkey", "redcap"]),
       st.lists(st.sampled_from(["Ann Lee", "Lee, Ann", "1"]), max_size=2), st.booleans())
def test_platform_readers_never_crash(rows, name, roster, mapped):
    module = reader(name)
    table = Table("f.csv", rows, "csv")
    assert 0.0 <= module.detect(table) <= 1.0
    mapping = {"Who do you go to?": "advice", "Q1": {"relation": "advice", "choices": {"1": "Ann Lee"}}}
    try:
        survey = module.read(table, ReadContext(roster_names=roster, mapping=mapping if mapped else None))
    except InputError as error:
        assert error.issue.file == "f.csv"
    else:
        assert all(answer.text for answer in survey.answers)
