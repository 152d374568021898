"""Resolution of raw answers into nominations and respondents: every rule, every issue."""

import pandas as pd
import pytest

from plnetwork.formats.base import RawAnswer, RawResponse, RawSurvey
from plnetwork.issues import InputError
from plnetwork.responses import resolve_survey

ROSTER = pd.DataFrame({
    "staff_id": ["001", "002", "003", "004", "005"],
    "name": ["Ann Lee", "Bo Diaz", "Cara O'Brien", "Dan Smith", "Eve Smith"],
    "email": ["ann@d.org", "bo@d.org", "cara@d.org", "dan@d.org", "eve@d.org"],
    "school": ["Oak", "Oak", "Oak", "Oak", "Pine"],
})


def survey(responses, answers):
    return RawSurvey("wide", ["s.csv"], responses, answers)


def response(row, **who):
    return RawResponse(f"s.csv:{row}", "s.csv", row, column="Email", **who)


def answer(row, text, relation="advice", **extra):
    return RawAnswer(f"s.csv:{row}", relation, text, "choice", "s.csv", row, "Q1", **extra)


def codes(resolved):
    return resolved.issues.to_frame()[["code", "row"]].values.tolist()


def test_names_resolve_and_record_how():
    resolved = resolve_survey(survey([response(2, email=" ANN@d.org ")],
                                     [answer(2, "Bo Diaz"), answer(2, "Cara O’Brien"), answer(2, "004")]),
                              ROSTER)
    ties = resolved.nominations[["respondent_id", "nominee_id", "match"]].values.tolist()
    assert ties == [["001", "002", "exact"], ["001", "003", "exact"], ["001", "004", "id"]]
    assert resolved.respondents["staff_id"].tolist() == ["001"]


def test_duplicate_submission_keeps_the_latest():
    resolved = resolve_survey(survey(
        [RawResponse("a", "s.csv", 2, email="ann@d.org", submitted_at="2024-10-07T09:00:00-04:00"),
         RawResponse("b", "s.csv", 3, email="ann@d.org", submitted_at="2024-10-07T08:00:00-04:00")],
        [RawAnswer("a", "advice", "Bo Diaz", "choice", "s.csv", 2, "Q1"),
         RawAnswer("b", "advice", "Cara O'Brien", "choice", "s.csv", 3, "Q1")]), ROSTER)
    assert resolved.nominations["nominee_id"].tolist() == ["002"]
    assert ["duplicate_submission", 3] in codes(resolved)


def test_without_timestamps_the_later_row_wins():
    resolved = resolve_survey(survey([response(2, email="ann@d.org"), response(3, email="ann@d.org")],
                                     [answer(2, "Bo Diaz"), answer(3, "Cara O'Brien")]), ROSTER)
    assert resolved.nominations["nominee_id"].tolist() == ["003"]
    assert ["duplicate_submission", 2] in codes(resolved)


def test_self_nomination_is_dropped_and_reported():
    resolved = resolve_survey(survey([response(2, email="ann@d.org")], [answer(2, "Ann Lee")]), ROSTER)
    assert resolved.nominations.empty
    assert codes(resolved)[0] == ["self_nomination", 2]


def test_empty_answer_is_a_respondent_with_no_ties():
    resolved = resolve_survey(survey([response(2, email="bo@d.org")], []), ROSTER)
    assert resolved.respondents["staff_id"].tolist() == ["002"]
    assert ["empty_answer", 2] in codes(resolved)


def test_same_person_twice_counts_once_keeping_the_larger_weight():
    resolved = resolve_survey(survey([response(2, email="ann@d.org")],
                                     [answer(2, "Bo Diaz", weight=2.0), answer(2, "bo diaz", weight=3.0)]),
                              ROSTER)
    assert resolved.nominations[["nominee_id", "weight"]].values.tolist() == [["002", 3.0]]
    assert ["repeat_nomination", 2] in codes(resolved)


def test_never_on_a_scale_is_an_observed_non_tie():
    resolved = resolve_survey(survey([response(2, email="ann@d.org")], [answer(2, "Bo Diaz", weight=0.0)]),
                              ROSTER)
    assert resolved.nominations.empty and resolved.respondents["staff_id"].tolist() == ["001"]


def test_unmatched_and_ambiguous_names_are_reported_with_suggestions():
    resolved = resolve_survey(survey([response(2, email="eve@d.org")],
                                     [answer(2, "Smith, Unknown Person"), answer(2, "Smith")]), ROSTER)
    frame = resolved.issues.to_frame()
    assert "name_unmatched" in set(frame["code"])
    assert set(frame["column"]) >= {"Q1"}
    assert len(resolved.unresolved) >= 1
    assert (resolved.unresolved["respondent_id"] == "005").all()


def test_over_limit_is_kept_and_reported():
    answers = [answer(2, name, limit=2) for name in ("Bo Diaz", "Cara O'Brien", "Dan Smith")]
    resolved = resolve_survey(survey([response(2, email="ann@d.org")], answers), ROSTER)
    assert len(resolved.nominations) == 3
    assert codes(resolved).count(["over_limit", 2]) == 1


def test_unmatched_respondent_is_reported_and_not_used():
    resolved = resolve_survey(survey([response(2, email="ann@d.org"), response(3, email="who@else.org")],
                                     [answer(2, "Bo Diaz"), answer(3, "Bo Diaz")]), ROSTER)
    assert resolved.nominations["respondent_id"].tolist() == ["001"]
    assert ["respondent_unmatched", 3] in codes(resolved)


def test_no_roster_match_at_all_is_unusable_input():
    with pytest.raises(InputError) as caught:
        resolve_survey(survey([response(2, email="x@y.org"), response(3, email="z@y.org")],
                              [answer(2, "Nobody Here")]), ROSTER)
    assert caught.value.issue.code == "no_roster_match" and caught.value.issue.file == "s.csv"


def test_edge_list_rows_naming_one_person_differently_are_one_answer():
    raw = RawSurvey("edgelist", ["e.csv"], [RawResponse("a", "e.csv", 2, staff_id="001"),
                                           RawResponse("b", "e.csv", 3, name="Ann Lee")],
                    [RawAnswer("a", "advice", "002", "edge_list", "e.csv", 2, "target"),
                     RawAnswer("b", "advice", "003", "edge_list", "e.csv", 3, "target"),
                     RawAnswer("b", "advice", "002", "edge_list", "e.csv", 3, "target")],
                    merge_same_person=True)
    resolved = resolve_survey(raw, ROSTER)
    assert sorted(resolved.nominations["nominee_id"]) == ["002", "003"]
    assert resolved.respondents["staff_id"].tolist() == ["001"]
    assert "duplicate_submission" not in set(resolved.issues.to_frame()["code"])
