"""The generic export layouts: edge list, wide file, adjacency matrix — and detection between them."""

import pytest

from plnetwork.formats import ReadContext, detect_format, read_export
from plnetwork.issues import InputError
from plnetwork.tables import read_table


def _codes(survey):
    return [(issue.code, issue.column) for issue in survey.issues]


def _ties(survey):
    keys = {response.key: response for response in survey.responses}
    return [(keys[a.response].staff_id or keys[a.response].email or keys[a.response].name, a.text, a.relation,
             a.weight) for a in survey.answers]


# --- edge list -------------------------------------------------------------------------------------

def test_edge_list_with_relation_and_weight(write):
    path = write("ties.csv", "source,target,relation,weight\n1,2,advice,3\n1,3,Learning,\n2,1,advice,2.5\n")
    survey = read_export(path)
    assert survey.platform == "edgelist"
    assert _ties(survey) == [("1", "2", "advice", 3.0), ("1", "3", "learning", None), ("2", "1", "advice", 2.5)]
    assert [(r.staff_id, r.row) for r in survey.responses] == [("1", 2), ("2", 4)]
    assert survey.complete_respondents


def test_edge_list_names_emails_and_synonym_headers(write):
    path = write("ties.csv", "Respondent,Nominee\nann@x.org,Bo Diaz\nAnn@X.org,Cy Ho\nBo Diaz,Ann Lee\n"
                             "bo  diaz,Cy Ho\n")
    survey = read_export(path)
    assert [(r.email, r.name) for r in survey.responses] == [("ann@x.org", None), (None, "Bo Diaz")]
    assert len(survey.answers) == 4
    assert len({a.response for a in survey.answers}) == 2   # rows of one source are one response


def test_edge_list_empty_target_is_a_respondent_without_ties(write):
    survey = read_export(write("ties.csv", "from,to\n1,2\n3,\n"))
    assert [r.staff_id for r in survey.responses] == ["1", "3"]
    assert _ties(survey) == [("1", "2", "advice", None)]


def test_edge_list_problems_are_issues(write):
    survey = read_export(write("ties.csv", "source,target,weight\n1,2,often\n,3,1\n1,4,inf\n"))
    frame = survey.issues.to_frame()
    assert frame[["code", "row", "column"]].values.tolist() == [
        ["weight_invalid", 2, "weight"], ["source_missing", 3, "source"], ["weight_invalid", 4, "weight"]]
    assert [a.weight for a in survey.answers] == [None, None]


def test_edge_list_default_relation_from_context(write):
    survey = read_export(write("ties.csv", "ego,alter\n1,2\n"), context=ReadContext(default_relation="learning"))
    assert _ties(survey) == [("1", "2", "learning", None)]


def test_edge_list_mapping_replaces_detection(write):
    path = write("ties.csv", "Teacher,Named,value,kind,Extra\nAnn,Bo,3,Learning,x\nAnn,Cy,1,,\n")
    mapping = {"Teacher": "respondent", "Named": "nominee", "value": "ignore", "kind": "relation_label",
               "Extra": "email", "Gone": "weight"}
    survey = read_export(path, format="edgelist", context=ReadContext(mapping=mapping))
    assert _ties(survey) == [("Ann", "Bo", "learning", None), ("Ann", "Cy", "advice", None)]
    assert _codes(survey) == [("mapping_role_unused", "Extra"), ("mapping_unused", "Gone")]
    assert survey.mapping["Teacher"] == {"role": "respondent"} and survey.mapping["Extra"]["role"] == "ignore"


def test_edge_list_mapping_without_a_nominee_column_is_refused(write):
    with pytest.raises(InputError) as caught:
        read_export(write("ties.csv", "source,target\n1,2\n"), context=ReadContext(mapping={"source": "respondent"}))
    assert caught.value.issue.code == "edgelist_header"


# --- wide ------------------------------------------------------------------------------------------

def test_wide_numbered_columns(write):
    path = write("wide.csv", "Staff ID,nominee1,nominee2,nominee3,Advice_1,Advice_2\n"
                             "1,Bo,Cy,,Di,\n2,,,,,\n")
    survey = read_export(path, format="wide")
    assert [(r.staff_id, r.row) for r in survey.responses] == [("1", 2), ("2", 3)]
    assert [(a.text, a.relation, a.column) for a in survey.answers] == [
        ("Bo", "advice", "nominee1"), ("Cy", "advice", "nominee2"), ("Di", "advice", "Advice_1")]


def test_wide_relations_from_column_words(write):
    survey = read_export(write("wide.csv", "email,learning_1,leadership 1\na@x.org,Bo,Cy\n"))
    assert [(a.text, a.relation) for a in survey.answers] == [("Bo", "learning"), ("Cy", "leadership")]


@pytest.mark.parametrize("cell, expected", [
    ("Bo Diaz; Cy Ho;", ["Bo Diaz", "Cy Ho"]),
    ("Bo Diaz, Cy Ho", ["Bo Diaz", "Cy Ho"]),
    ("Doe, Jane", ["Doe, Jane"]),
    ("Doe, Jane, Bo Diaz", ["Doe, Jane", "Bo Diaz"]),
    ("Diaz, Bo, Doe,Jane", ["Diaz, Bo", "Doe,Jane"]),     # "Last, First" of a "First Last" roster name
    ("Lee, Ann", ["Lee, Ann"]),                            # "Last, First" of roster name "Ann Lee"
    ("Smith, Kim", ["Smith", "Kim"]),                      # not a roster name: split
])
def test_wide_single_cell_keeps_roster_names_whole(write, cell, expected):
    path = write("wide.csv", f'name,nominees\nAnn Lee,"{cell}"\n')
    context = ReadContext(roster_names=["Doe, Jane", "Bo Diaz", "Cy Ho", "Ann Lee"])
    survey = read_export(path, context=context)
    assert [a.text for a in survey.answers] == expected


def test_wide_semicolons_in_any_row_split_the_whole_column(write):
    survey = read_export(write("wide.csv", 'id,advice\n1,"Lee, Ann; Bo Diaz"\n2,"Ho, Cy"\n'))
    assert [a.text for a in survey.answers] == ["Lee, Ann", "Bo Diaz", "Ho, Cy"]


def test_wide_unknown_columns_are_reported(write):
    survey = read_export(write("wide.csv", "id,nominee1,Favourite colour\n1,Bo,red\n"))
    frame = survey.issues.to_frame()
    assert frame[["code", "row", "column"]].values.tolist() == [["unknown_column", 1, "Favourite colour"]]


def test_wide_mapping_replaces_detection(write):
    path = write("wide.csv", "id,nominee1,advice,Go-to people\n1,Bo,Cy; Di,\"Ed, Flo\"\n")
    mapping = {"id": "staff_id", "nominee1": {"relation": "learning", "split": "none"}, "advice": "ignore",
               "Go-to people": {"relation": "advice", "source": "free_text", "split": ","}}
    survey = read_export(path, context=ReadContext(mapping=mapping))
    assert _ties(survey) == [("1", "Bo", "learning", None), ("1", "Ed", "advice", None), ("1", "Flo", "advice", None)]
    assert [(a.source, a.column) for a in survey.answers] == [
        ("choice", "nominee1"), ("free_text", "Go-to people"), ("free_text", "Go-to people")]
    assert not _codes(survey)


def test_wide_mapping_names_columns_detection_does_not_know(write):
    path = write("wide.csv", "Teacher ID,Go-to people\n1,Bo; Cy\n")
    mapping = {"Teacher ID": "staff_id", "Go-to people": "advice"}     # no split: semicolons and new lines
    survey = read_export(path, format="wide", context=ReadContext(mapping=mapping))
    assert _ties(survey) == [("1", "Bo", "advice", None), ("1", "Cy", "advice", None)]


def test_wide_edge_list_roles_in_a_mapping_are_reported(write):
    path = write("wide.csv", "id,nominee1\n1,Bo\n")
    survey = read_export(path, context=ReadContext(mapping={"id": "respondent", "nominee1": "advice"}))
    assert _codes(survey) == [("mapping_role_unused", "id")]
    assert [r.staff_id for r in survey.responses] == [None]


# --- matrix ----------------------------------------------------------------------------------------

MATRIX = ",Ann,Bo,Cy\nAnn,0,1,2\nBo,0,,0\nCy,,,\n"


def test_matrix_weights_zeros_and_non_respondents(write):
    survey = read_export(write("m.csv", MATRIX))
    assert survey.platform == "matrix"
    assert [r.staff_id for r in survey.responses] == ["Ann", "Bo"]   # Cy's blank row: did not answer
    assert _ties(survey) == [("Ann", "Bo", "advice", 1.0), ("Ann", "Cy", "advice", 2.0)]


def test_matrix_non_numeric_cell_is_an_issue(write):
    survey = read_export(write("m.csv", ",Ann,Bo,Cy\nAnn,0,x,1\nBo,1,0,0\nCy,1,1,0\n"), format="matrix")
    frame = survey.issues.to_frame()
    assert frame[["code", "row", "column", "value"]].values.tolist() == [["weight_invalid", 2, "Bo", "x"]]
    assert _ties(survey)[0] == ("Ann", "Cy", "advice", 1.0)


def test_matrix_has_no_mapping_and_does_not_use_one(write):
    survey = read_export(write("m.csv", MATRIX), context=ReadContext(mapping={"Ann": "advice"}))
    assert survey.mapping == {}
    assert _codes(survey) == [("mapping_unused", None)]
    assert _ties(survey) == [("Ann", "Bo", "advice", 1.0), ("Ann", "Cy", "advice", 2.0)]


def test_matrix_value_under_an_unnamed_column_is_an_issue(write):
    survey = read_export(write("m.csv", ",Ann,Bo,\nAnn,0,1,1\nBo,1,0,\n"), format="matrix")
    frame = survey.issues.to_frame()
    assert frame[["code", "row", "column"]].values.tolist() == [["matrix_column_unnamed", 2, "D"]]


# --- detection -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("source,target\n1,2\n", "edgelist"),
    ("respondent,nominee,relation\nAnn,Bo,advice\n", "edgelist"),
    ("id,nominee1,nominee2\n1,Bo,Cy\n", "wide"),
    ("email,advice\na@x.org,Bo; Cy\n", "wide"),
    (MATRIX, "matrix"),
    ("color,size\nred,1\n", None),
])
def test_detection_picks_the_right_reader(write, text, expected):
    assert detect_format(read_table(write("x.csv", text))) == expected
