"""Every platform's layout of the same answers gives the same ties, once resolved against the roster."""

import pytest

from exports import (EXPECTED_TIES, make_google_forms_csv, make_microsoft_forms_xlsx, make_qualtrics,
                     make_redcap_csv, make_redcap_dictionary, make_surveymonkey, roster_csv)
from plnetwork.formats import ReadContext, read_exports
from plnetwork.responses import resolve_survey
from plnetwork.roster import read_roster

LAYOUTS = {
    "google_forms download": lambda: [("Network (Responses).csv", make_google_forms_csv())],
    "google_forms sheet": lambda: [("Network - Form responses 1.csv", make_google_forms_csv(variant="sheet"))],
    "microsoft_forms": lambda: [("Network.xlsx", make_microsoft_forms_xlsx())],
    "microsoft_forms anonymous": lambda: [("Network.xlsx", make_microsoft_forms_xlsx(anonymous=True))],
    "qualtrics joined": lambda: [("Network.csv", make_qualtrics())],
    "qualtrics split": lambda: [("Network.csv", make_qualtrics(split=True, flags="1"))],
    "qualtrics legacy": lambda: [("Network.csv", make_qualtrics(legacy=True))],
    "qualtrics utf-16 tsv, newest first": lambda: [("Network.tsv", make_qualtrics(
        delimiter="\t", encoding="utf-16", order="reversed"))],
    "qualtrics xlsx": lambda: [("Network.xlsx", make_qualtrics(kind="xlsx"))],
    "surveymonkey csv": lambda: [("Network.csv", make_surveymonkey())],
    "surveymonkey xlsx": lambda: [("Network.xlsx", make_surveymonkey(kind="xlsx"))],
    "redcap codes": lambda: [("DATA.csv", make_redcap_csv()), ("DataDictionary.csv", make_redcap_dictionary())],
    "redcap checked": lambda: [("DataDictionary.csv", make_redcap_dictionary()),
                               ("DATA.csv", make_redcap_csv(labels=True))],
}


@pytest.fixture(scope="module")
def roster():
    frame, _ = read_roster(("roster.csv", roster_csv()))
    return frame


def resolved(layout, roster):
    raw = read_exports(LAYOUTS[layout](), context=ReadContext(roster_names=list(roster["name"])))
    return resolve_survey(raw, roster)


def ties(result) -> set[tuple]:
    return {(row.relation, row.respondent_id, row.nominee_id, None if row.weight != row.weight or row.weight is None
             else float(row.weight)) for row in result.nominations.itertuples()}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_same_ties(layout, roster):
    result = resolved(layout, roster)
    assert ties(result) == EXPECTED_TIES
    assert sorted(result.respondents["staff_id"]) == ["S001", "S002", "S003", "S009"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_mess_is_handled_and_reported_the_same_way(layout, roster):
    result = resolved(layout, roster)
    codes = {(issue.code, issue.value) for issue in result.issues}
    assert ("duplicate_submission", "S003") in codes                  # Maria's first submission
    assert ("self_nomination", "Maria Garcia") in codes
    assert ("name_unmatched", "Smith, Jordan") in codes               # not on the roster, with a comma
    assert ("empty_answer", "S009") in codes                          # Grace named nobody: still a respondent
    matches = dict(zip(result.nominations["answer"], result.nominations["match"]))
    assert matches["Liz Chen"] == "nickname" and matches["Priya Natarajn"] == "fuzzy"
    assert matches["Mr. Whitfield"] == "surname" and matches["Siobhan O\u2019Brien"] == "exact"
    if layout.startswith("qualtrics"):
        assert [issue.code for issue in result.issues].count("preview_row") == 1
