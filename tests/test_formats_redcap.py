"""REDCap: raw exports read through the data dictionary, labels exports, and the dictionary itself."""

import pytest

from exports import (OPTIONS, Q_ADVICE, Q_FREQ, assert_reads_submissions, make_redcap_csv,
                     make_redcap_dictionary)
from plnetwork.formats import ReadContext, detect_format, read_exports, redcap
from plnetwork.formats.mapping import load_mapping
from plnetwork.issues import InputError
from plnetwork.tables import read_table

ROWS = [2, 3, 4, 5, 6]
EXPORT, DICTIONARY = "NetworkSurvey_DATA_2024-10-09.csv", "NetworkSurvey_DataDictionary_2024-10-09.csv"


def read(*files, roster=OPTIONS, mapping=None):
    return read_exports(list(files), context=ReadContext(roster_names=roster, mapping=mapping))


@pytest.mark.parametrize("labels", [False, True], ids=["codes", "checked"])
@pytest.mark.parametrize("order", ["export first", "dictionary first"])
def test_the_export_reads_through_its_dictionary_in_either_order(labels, order):
    files = [(EXPORT, make_redcap_csv(labels=labels)), (DICTIONARY, make_redcap_dictionary())]
    survey = read(*(files if order == "export first" else files[::-1]))
    assert survey.platform == "redcap" and survey.files == [EXPORT]
    assert_reads_submissions(survey, ROWS)
    assert not survey.issues.issues


def test_the_dictionary_is_a_companion_not_an_export():
    dictionary = read_table((DICTIONARY, make_redcap_dictionary()))
    export = read_table((EXPORT, make_redcap_csv()))
    assert redcap.is_companion(dictionary) and not redcap.is_companion(export)
    assert redcap.detect(dictionary) == 0.0 and redcap.detect(export) == 0.95
    assert detect_format(export) == "redcap"
    fields = redcap.read_dictionary(dictionary)
    assert fields["advice"].choices["4"] == "Siobhan O'Brien"
    assert (fields["freq_maria"].question, fields["freq_maria"].label) == (Q_FREQ, "Maria Garcia")


def test_checkbox_codes_and_matrix_codes_take_the_dictionarys_labels():
    survey = read((EXPORT, make_redcap_csv()), (DICTIONARY, make_redcap_dictionary()))
    ann = [(a.relation, a.text, a.column, a.weight, a.limit) for a in survey.answers if a.row == 2]
    assert ann[:2] == [("advice", "Robert Ray", "advice___2", None, 6), ("advice", "Maria Garcia", "advice___3",
                                                                          None, 6)]
    assert ("frequency", "Maria Garcia", "freq_maria", 0.0, None) in ann          # code 0 = Never
    assert survey.mapping["advice___4"]["question"] == f"{Q_ADVICE} (choice=Siobhan O'Brien)"
    assert [r.submitted_at for r in survey.responses][0] == "2024-10-07T07:46:55"
    assert (survey.responses[2].email, survey.responses[2].column) == ("Robert.Ray@Lincoln.k12.us", "email")


def test_without_its_dictionary_a_raw_export_is_refused_naming_the_file():
    with pytest.raises(InputError) as caught:
        read((EXPORT, make_redcap_csv()))
    issue = caught.value.issue
    assert (issue.code, issue.file, issue.row) == ("redcap_dictionary_missing", EXPORT, 1)
    assert "Data Dictionary" in issue.message


def test_a_mapping_stands_in_for_the_dictionary():
    mapping = load_mapping("columns:\n  email: email\n  advice___1: {relation: advice, nominee: Ann Lee}\n"
                           "  advice_else: {relation: advice, source: free_text}\n")
    survey = read((EXPORT, make_redcap_csv()), mapping=mapping)
    assert [(a.row, a.text) for a in survey.answers] == [(2, "Liz Chen"), (3, "Ann Lee"), (4, "Ann Lee"),
                                                         (4, "Mr. Whitfield"), (6, "Ann Lee"), (6, "Priya Natarajn"),
                                                         (6, "Siobhan O\u2019Brien")]


def test_a_labels_export_reads_without_the_dictionary():
    header = ["Record ID", "Survey Identifier", "Survey Timestamp", f"{Q_ADVICE} (choice=Ann Lee)",
              f"{Q_ADVICE} (choice=Lee, Bo)", "Ann Lee", "Complete?"]
    rows = [header, ["1", "", "2024-10-07 07:46:55", "Checked", "Checked", "Weekly", "Complete"],
            ["2", "", "[not completed]", "Unchecked", "Unchecked", "", "Incomplete"]]
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows)
    assert redcap.detect(read_table(("labels.csv", text.encode()))) == 0.9
    survey = read(("labels.csv", text.encode()), roster=["Ann Lee", "Lee, Bo"])
    assert [(a.relation, a.text, a.weight) for a in survey.answers] == [
        ("advice", "Ann Lee", None), ("advice", "Lee, Bo", None), ("frequency", "Ann Lee", 3.0)]
    assert [r.submitted_at for r in survey.responses] == ["2024-10-07T07:46:55", None]
    assert not survey.issues.issues
