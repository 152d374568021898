"""Reading staff rosters: loose headers, level/formal-leader derivation, and problems reported by row."""

import pytest

from plnetwork.issues import InputError
from plnetwork.model import ROSTER_COLUMNS, RoleTable
from plnetwork.roster import read_roster


def _issues(report, code):
    frame = report.to_frame()
    return frame[frame["code"] == code]


def test_header_synonyms(write):
    path = write("staff.csv", "ID,Full Name,E-mail,Building,Position\n"
                              "007,Ann Lee,ann@x.org,Oak,3rd grade teacher\n")
    roster, issues = read_roster(path)
    assert list(roster.columns[:len(ROSTER_COLUMNS)]) == ROSTER_COLUMNS
    assert roster.loc[0, ["staff_id", "name", "email", "school", "role"]].tolist() == [
        "007", "Ann Lee", "ann@x.org", "Oak", "3rd grade teacher"]
    assert len(issues) == 0


def test_first_and_last_name_are_combined(write):
    roster, _ = read_roster(write("staff.csv", "Staff ID,First Name,Last Name\n1,Ann,Lee\n2,,Diaz\n"))
    assert roster["name"].tolist() == ["Ann Lee", "Diaz"]


def test_level_and_formal_leader_from_the_role_table(write):
    path = write("staff.csv", "id,name,role\n1,Ann,Principal\n2,Bo,Instructional Coach\n3,Cy,Teacher\n"
                              "4,Di,Superintendent\n5,Ed,TOSA\n")
    roster, issues = read_roster(path)
    assert roster["level"].tolist() == ["school", "school", "classroom", "district", "classroom"]
    assert roster["formal_leader"].tolist() == [True, True, False, True, False]
    unknown = _issues(issues, "role_unknown")
    assert unknown[["row", "value"]].values.tolist() == [[6, "TOSA"]]

    roster, _ = read_roster(path, role_table=RoleTable.from_mapping({"TOSA": ("school", True)}))
    assert roster.loc[4, ["level", "formal_leader"]].tolist() == ["school", True]


def test_explicit_level_and_formal_leader_override_the_role(write):
    path = write("staff.csv", "id,name,role,level,formal leader\n1,Ann,Teacher,School,yes\n"
                              "2,Bo,Principal,,no\n3,Cy,Teacher,,\n")
    roster, issues = read_roster(path)
    assert roster["level"].tolist() == ["school", "school", "classroom"]
    assert roster["formal_leader"].tolist() == [True, False, False]
    assert len(issues) == 0


def test_invalid_level_and_formal_leader_are_reported(write):
    roster, issues = read_roster(write("staff.csv", "id,name,role,level,leader\n1,Ann,Coach,state,maybe\n"))
    assert roster.loc[0, ["level", "formal_leader"]].tolist() == ["school", True]
    frame = issues.to_frame().set_index("code")
    assert frame.loc["level_invalid", ["row", "column", "value"]].tolist() == [2, "level", "state"]
    assert frame.loc["formal_leader_invalid", ["row", "column"]].tolist() == [2, "leader"]


def test_duplicate_ids_are_reported_by_row(write):
    roster, issues = read_roster(write("staff.csv", "id,name\n1,Ann\n2,Bo\n1,Cy\n"))
    assert roster["name"].tolist() == ["Ann", "Bo"]
    duplicate = _issues(issues, "duplicate_id")
    assert duplicate[["severity", "file", "row", "value"]].values.tolist() == [["error", "staff.csv", 4, "1"]]
    assert "row 2" in duplicate["message"].iloc[0]


def test_shared_emails_are_reported(write):
    _, issues = read_roster(write("staff.csv", "id,name,email\n1,Ann,a@x.org\n2,Bo,A@x.org \n"))
    assert _issues(issues, "duplicate_email")[["row", "column"]].values.tolist() == [[3, "email"]]


@pytest.mark.parametrize("value", ["1.23E+05", "123.0", "4.5e3"])
def test_excel_mangled_ids_are_reported_by_row(write, value):
    roster, issues = read_roster(write("staff.csv", f"id,name\n100,Ann\n{value},Bo\n"))
    assert roster["staff_id"].tolist() == ["100", value]
    assert _issues(issues, "id_mangled")[["row", "column", "value"]].values.tolist() == [[3, "id", value]]


def test_ids_keep_leading_zeros_and_na_words(write):
    roster, _ = read_roster(write("staff.csv", "id,name\n007,Null\n0007,Nan None\n"))
    assert roster[["staff_id", "name"]].values.tolist() == [["007", "Null"], ["0007", "Nan None"]]


def test_missing_ids_are_filled_and_reported(write):
    roster, issues = read_roster(write("staff.csv", "id,name,email\n,Ann,Ann@X.org\n,Bo,\n"))
    assert roster["staff_id"].tolist() == ["ann@x.org", "row-3"]
    assert _issues(issues, "id_missing")[["row", "severity"]].values.tolist() == [[2, "warning"], [3, "warning"]]


def test_roster_without_id_column(write):
    roster, issues = read_roster(write("staff.csv", "name,email\nAnn,ann@x.org\n"))
    assert roster.loc[0, "staff_id"] == "ann@x.org"
    assert _issues(issues, "id_missing")["severity"].tolist() == ["info"]


def test_extra_columns_are_kept_as_attributes(write):
    roster, _ = read_roster(write("staff.csv", "id,name,Years Experience,Grade,Notes,notes\n"
                                               "1,Ann,12,3,a,b\n"))
    extras = [column for column in roster.columns if column not in ROSTER_COLUMNS]
    assert extras == ["years_experience", "grade", "notes", "column_6"]
    assert roster.loc[0, extras].tolist() == ["12", "3", "a", "b"]


def test_formula_in_name_is_kept_as_text_and_reported(write):
    formula = '=HYPERLINK("http://evil","Jane Doe")'
    roster, issues = read_roster(write("staff.csv", 'id,name\n1,"=HYPERLINK(""http://evil"",""Jane Doe"")"\n'))
    assert roster.loc[0, "name"] == formula
    assert _issues(issues, "formula_in_name")[["row", "column", "value"]].values.tolist() == [[2, "name", formula]]


def test_missing_name_and_extra_cells(write):
    roster, issues = read_roster(write("staff.csv", "id,name\n1,\n2,Bo,extra\n"))
    assert roster["staff_id"].tolist() == ["1", "2"]
    frame = issues.to_frame()
    assert frame[["code", "row"]].values.tolist() == [["name_missing", 2], ["extra_cells", 3]]


def test_duplicate_headers_are_reported(write):
    roster, issues = read_roster(write("staff.csv", "id,Name,name\n1,Ann,Annie\n"))
    assert roster.loc[0, "name"] == "Ann"
    assert roster.loc[0, "column_3"] == "Annie"
    assert _issues(issues, "duplicate_header")[["row", "column"]].values.tolist() == [[1, "name"]]


def test_header_only_and_headerless_rosters_are_refused(write):
    with pytest.raises(InputError) as error:
        read_roster(write("staff.csv", "id,name,email\n"))
    assert (error.value.issue.code, error.value.issue.row) == ("empty_roster", 2)
    with pytest.raises(InputError) as error:
        read_roster(write("staff.csv", "color,size\nred,1\n"))
    assert (error.value.issue.code, error.value.issue.file, error.value.issue.row) == (
        "roster_header", "staff.csv", 1)
