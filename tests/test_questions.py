"""Question detection: headers, limits, scales, multi-select splitting and the automatic mapping."""

import pytest
from hypothesis import given, settings, strategies as st

from plnetwork.formats.questions import (Column, NameSet, classify_header, detect_mapping, parse_limit,
                                         relation_of, resolve_kinds, scale_for, split_grid_header, split_names)
from plnetwork.issues import IssueReport


@pytest.mark.parametrize("header, role", [
    ("Email Address", "email"), ("Email address", "email"), ("What is your school email address?", "email"),
    ("RecipientEmail", "email"), ("What is your name?", "name"), ("Your full name", "name"), ("Name", "name"),
    ("First Name", "first_name"), ("Recipient Last Name", "last_name"), ("Your staff ID", "staff_id"),
    ("Employee number", "staff_id"), ("Which school do you work at?", "school"), ("School", "school"),
    ("Timestamp", "submitted_at"), ("Completion time", "submitted_at"), ("End Date", "submitted_at"),
    ("network_survey_timestamp", "submitted_at"), ("IP Address", "ignore"), ("Response ID", "ignore"),
    ("Duration (in seconds)", "ignore"), ("Q_RecaptchaScore", "ignore"), ("Favourite colour", "unknown"),
    ("", "unknown"),
])
def test_header_roles(header, role):
    assert classify_header(header).role == role


@pytest.mark.parametrize("header, relation", [
    ("Who do you go to for advice about teaching?", "advice"),
    ("To whom do you turn when you have a question about a student?", "advice"),
    ("Who do you ask for help with lesson planning?", "advice"),
    ("From whom have you learned the most this year?", "learning"),
    ("Who do you learn from?", "learning"),
    ("Whom do you see as a leader of professional learning?", "leadership"),
    ("Which colleagues do you plan lessons with?", "advice"),       # any other colleague question: default
])
def test_name_generator_relations(header, relation):
    question = classify_header(header)
    assert (question.role, question.relation, question.followup) == ("relation", relation, False)


def test_the_default_relation_is_the_contexts():
    assert classify_header("Which colleagues do you co-teach with?", default_relation="collab").relation == "collab"


def test_follow_up_inherits_unless_it_says():
    assert classify_header("Anyone else? Type their names.") .followup
    assert classify_header("Anyone else?").relation is None
    assert classify_header("Anyone else you learn from?").relation == "learning"
    assert classify_header("Other colleagues not on the list").followup


def test_relation_words_without_a_keyword():
    assert relation_of("Which colleagues do you work with?") is None


@pytest.mark.parametrize("text, limit", [
    ("Who do you go to? (choose up to 6)", 6), ("Name up to five colleagues", 5), ("Select at most 3", 3),
    ("no more than 10 names", 10), ("Who do you go to?", None), ("Choose up to twelve", 12),
])
def test_limits(text, limit):
    assert parse_limit(text) == limit


def test_grid_headers():
    assert split_grid_header("How often? [Siobhan O'Brien]") == ("How often?", "Siobhan O'Brien")
    assert split_grid_header("Who do you go to?") is None


@pytest.mark.parametrize("values, label, weight", [
    (["Never", "Rarely", "Sometimes", "Often", "Daily"], "often", 3.0),
    (["never", "YEARLY", "Monthly", "weekly", "daily"], "yearly", 1.0),
    (["Never", "A few times a year", "Weekly"], "a few times a year", 1.0),
    (["Not at all", "A little", "A lot"], "a lot", 3.0),
    (["Never", "Daily"], "never", 0.0),
])
def test_scales_map_labels_in_order(values, label, weight):
    assert scale_for(values)[label] == weight


def test_numeric_and_unknown_scales():
    assert scale_for(["0", "4", "2", ""]) == {}
    assert scale_for(["Strongly agree", "Agree"]) is None


KNOWN = NameSet(["Robert Ray", "Maria Garcia", "Lee, Ann", "Siobhan O'Brien"])


@pytest.mark.parametrize("cell, separator, expected", [
    # a Google Sheet joins picks with ", ": the typed "Other" with a comma stays one answer
    ("Robert Ray, Maria Garcia, Smith, Jordan", ",",
     [("Robert Ray", "choice"), ("Maria Garcia", "choice"), ("Smith, Jordan", "free_text")]),
    # a roster name containing the separator stays whole
    ("Lee, Ann, Robert Ray", ",", [("Lee, Ann", "choice"), ("Robert Ray", "choice")]),
    # Microsoft Forms' trailing ";", and the curly apostrophe of a picked name
    ("Robert Ray;Siobhan O\u2019Brien;", ";", [("Robert Ray", "choice"), ("Siobhan O\u2019Brien", "choice")]),
    # typed text: lines, semicolons, and commas between full names
    ("Priya Natarajn, Liz Chen\nMr. Whitfield", "lines",
     [("Priya Natarajn", "free_text"), ("Liz Chen", "free_text"), ("Mr. Whitfield", "free_text")]),
    ("Smith, Jordan", "lines", [("Smith, Jordan", "free_text")]),
    ("None", ";", []), ("No one", "lines", []), ("Robert Ray,Other", ",", [("Robert Ray", "choice")]),
    ("", ";", []),
])
def test_split_names(cell, separator, expected):
    assert split_names(cell, separator, KNOWN) == expected


def test_split_without_known_names_splits_at_every_separator():
    assert split_names("Ray, Bob, Maria Garcia", ",", NameSet()) == [("Ray, Bob", "choice"),
                                                                     ("Maria Garcia", "choice")]
    assert split_names("Bob Ray, Maria Garcia", ",", NameSet()) == [("Bob Ray", "choice"),
                                                                    ("Maria Garcia", "choice")]


def _mapping(columns, cells, known=KNOWN, separator=";"):
    issues = IssueReport()
    data = {c.key: cells[i] for i, c in enumerate(columns)}
    mapping = detect_mapping(columns, lambda c: data[c.key], known=known, separator=separator, issues=issues,
                             file="f.csv")
    return mapping, issues


def test_detect_mapping_follow_up_takes_the_relation_before_it():
    columns = [Column(0, "Who do you learn from?", "Who do you learn from?"),
               Column(1, "Anyone else?", "Anyone else?"),
               Column(2, "Favourite colour", "Favourite colour")]
    mapping, issues = _mapping(columns, [["Robert Ray"], ["Bob"], ["blue"]])
    assert mapping["Anyone else?"] == {"role": "relation", "relation": "learning", "source": "free_text"}
    assert mapping["Favourite colour"]["role"] == "ignore"
    assert [(i.code, i.column) for i in issues] == [("unknown_column", "Favourite colour")]


def test_a_column_of_roster_names_is_a_name_question_whatever_its_header():
    columns = [Column(0, "Q7", "Q7")]
    mapping, issues = _mapping(columns, [["Robert Ray;Maria Garcia", "Lee, Ann", ""]])
    assert mapping["Q7"]["role"] == "relation" and mapping["Q7"]["relation"] == "advice"
    assert not issues


def test_typed_answers_are_free_text_and_scale_answers_are_not_names():
    columns = [Column(0, "Who do you go to?", "Who do you go to?"),
               Column(1, "How often do colleagues help you?", "How often do colleagues help you?")]
    mapping, _ = _mapping(columns, [["bob r", "maria g"], ["Often", "Never"]])
    assert mapping["Who do you go to?"]["source"] == "free_text"
    assert mapping["How often do colleagues help you?"]["role"] == "ignore"


def test_grid_rows_share_one_scale_and_statement_grids_are_not_colleagues():
    columns = [Column(0, "a", "How often do you talk with each colleague? [Robert Ray]",
                      stem="How often do you talk with each colleague?", choice="Robert Ray", kind="grid"),
               Column(1, "b", "How often do you talk with each colleague? [Maria Garcia]",
                      stem="How often do you talk with each colleague?", choice="Maria Garcia", kind="grid"),
               Column(2, "c", "How true is this? [PLCs help me]", stem="How true is this?",
                      choice="PLCs help me", kind="grid")]
    mapping, _ = _mapping(columns, [["Weekly", "Daily"], ["", ""], ["A lot", "Not at all"]])
    assert mapping["b"]["scale"] == ["Never", "Yearly", "Monthly", "Weekly", "Daily"]   # nobody answered it
    assert mapping["a"]["relation"] == "frequency" and mapping["a"]["nominee"] == "Robert Ray"
    assert mapping["c"]["role"] == "ignore"


def test_sub_columns_are_checkboxes_grid_rows_or_text_boxes_by_their_cells():
    def cols(stem):
        return [Column(i, f"{stem}{i}", f"{stem} - {name}", stem=stem, choice=name, kind="rows")
                for i, name in enumerate(["Robert Ray", "Maria Garcia"])]
    cells = {"A0": ["Robert Ray", ""], "A1": ["", "1"], "B0": ["Weekly", ""], "B1": ["", ""],
             "C0": ["Bob", "Liz Chen"], "C1": ["", ""]}
    kinds = {c.key: c.kind for c in resolve_kinds(cols("A") + cols("B") + cols("C"), lambda c: cells[c.key])}
    assert kinds == {"A0": "option", "A1": "option", "B0": "grid", "B1": "grid", "C0": "typed", "C1": "typed"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,;\n'\u2019-.")), max_size=40) | st.text(max_size=12),
       st.sampled_from([";", ",", "lines", None]), st.lists(st.sampled_from(["a b", "b, a", "a", "ab;b"]), max_size=3))
def test_splitting_never_invents_text(cell, separator, names):
    for text, source in split_names(cell, separator, NameSet(names)):
        assert source in ("choice", "free_text") and text.strip()
        assert all(part.strip() in cell for part in text.split(", "))
