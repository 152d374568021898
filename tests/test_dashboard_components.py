"""The dashboard's pure builders: figures, tables, summaries, cards, the upload flow — called directly."""

from __future__ import annotations

import base64
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

pytest.importorskip("dash")

from dashboard.components.cards import person_card, why_flagged  # noqa: E402
from dashboard.components.network import network_figure, school_layout  # noqa: E402
from dashboard.components.palette import GREY, LEVEL_COLOURS, colour_map  # noqa: E402
from dashboard.components.summaries import (centralization, gini, level_matrix, level_table,  # noqa: E402
                                            school_table, suppress, team_table)
from dashboard.components.tables import data_table, table_csv  # noqa: E402
from dashboard.text import response_reading  # noqa: E402
from dashboard import upload_flow as flow  # noqa: E402


def person(staff_id, school="Oak", level="classroom", team="Grade 1", *, name=None, indeg=0, outdeg=0,
           leader="none", status="connected", formal=False, responded=True):
    return {"staff_id": staff_id, "name": name or f"Person {staff_id}", "school": school, "role": "Teacher",
            "level": level, "team": team, "formal_leader": formal, "responded": responded,
            "in_degree": indeg, "out_degree": outdeg, "leader_status": leader, "isolation_status": status}


@pytest.fixture
def small():
    """Oak: a (formal), b, c in Grade 1, d in Grade 2, e isolated; z at the district. Ties checked by hand."""
    people = pd.DataFrame([
        person("a", indeg=3, outdeg=1, leader="formal", formal=True, level="school", team="Grade 1"),
        person("b", indeg=1, outdeg=2), person("c", indeg=1, outdeg=2),
        person("d", team="Grade 2", indeg=0, outdeg=1, status="not_sought"),
        person("e", team="Grade 2", status="isolated"),
        person("z", school="Office", level="district", team="", indeg=1, outdeg=1)])
    edges = [("b", "a"), ("c", "a"), ("b", "c"), ("c", "b"), ("d", "a"), ("a", "z"), ("z", "c")]
    return people, edges


def test_palette_is_okabe_ito_and_keeps_grey_for_district_staff():
    assert colour_map(["district", "classroom"]) == {k: LEVEL_COLOURS[k] for k in ("classroom", "district")}
    many = colour_map([f"team {i}" for i in range(12)])
    assert GREY not in many.values() and len(set(many.values())) == 7


def test_level_table_and_matrix_count_ties_by_level(small):
    people, edges = small
    matrix = level_matrix(people, edges)
    assert matrix == {"classroom": {"school": 3, "classroom": 2}, "school": {"district": 1},
                      "district": {"classroom": 1}}
    levels = level_table(people, edges).set_index("level")
    assert levels.loc["classroom", "staff"] == 4 and levels.loc["classroom", "isolated"] == 1
    assert levels.loc["school", "nominations_received"] == 3
    assert levels.loc["school", "share_of_nominations"] == pytest.approx(3 / 7)
    assert list(levels.index) == ["classroom", "school", "district"]


def test_school_table_measures(small):
    people, edges = small
    oak = school_table(people, edges).set_index("school").loc["Oak"]
    assert oak["staff"] == 5 and oak["response_rate"] == 1.0
    # within-Oak in-degrees a=3, b=1, c=1, d=0, e=0: Freeman centralization (2+2+3+3)/16
    assert oak["centralization"] == pytest.approx(10 / 16)
    assert oak["non_formal_share"] == pytest.approx(3 / 6)      # of 6 ties into Oak, 3 go to non-formal b, c
    assert oak["ties_to_district"] == 1
    given = school_table(people, edges, {"schools": {"Oak": {"gini": 0.123}}}).set_index("school")
    assert given.loc["Oak", "gini"] == 0.123


def test_team_table_density_and_ties_out(small):
    people, edges = small
    teams = team_table(people, edges).set_index("team")
    grade1 = teams.loc["Grade 1"]
    assert grade1["members"] == 3 and grade1["ties_inside"] == 4 and grade1["density"] == pytest.approx(4 / 6)
    assert grade1["ties_out"] == 1 and grade1["tie_out"] == "yes"
    assert teams.loc["Grade 2", "ties_out"] == 1


def test_gini_and_centralization():
    assert gini([2, 2, 2]) == 0 and gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert centralization([4, 0, 0, 0, 0]) == 1.0 and centralization([1, 1]) == 0.0


def test_suppress_removes_small_groups_and_the_next_smallest():
    people = pd.DataFrame({"school": ["A"] * 12 + ["B"] * 7 + ["C"] * 3})
    table = pd.DataFrame({"school": ["A", "B", "C"]})
    kept, removed = suppress(table, people, "school")
    assert kept["school"].tolist() == ["A"] and removed == 2


def test_school_layout_groups_teams_and_puts_district_staff_outside(small):
    people, edges = small
    pos = school_layout(people, edges)
    assert set(pos) == set(people["staff_id"])
    radius = {k: math.hypot(*xy) for k, xy in pos.items()}
    assert radius["z"] > max(v for k, v in radius.items() if k != "z")
    same_team = math.dist(pos["b"], pos["c"])
    other_team = math.dist(pos["b"], pos["d"])
    assert 0 < same_team < other_team
    assert school_layout(people, edges) == pos                  # deterministic


def test_school_layout_of_150_people_keeps_everyone_apart():
    people = pd.DataFrame([person(str(i), team=f"T{i % 9}", indeg=i % 7) for i in range(150)])
    pos = school_layout(people, [])
    points = list(pos.values())
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    assert closest > 0.2


def test_network_figure_escapes_names_marks_leaders_and_carries_ids(small):
    people, edges = small
    people.loc[people["staff_id"] == "b", ["name", "leader_status"]] = ["<img src=x onerror=alert(1)>", "informal"]
    fig = network_figure(people, edges, school_layout(people, edges), colour_by="team", selected="b")
    go.Figure(fig)                                                 # a valid plotly figure
    markers = [t for t in fig["data"] if t.get("customdata")]
    ids = [i for t in markers for i in t["customdata"]]
    assert sorted(ids) == sorted(people["staff_id"])
    hover = " ".join(h for t in markers for h in t["hovertext"])
    assert "<img" not in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover
    b_trace = next(t for t in markers if "b" in t["customdata"])
    assert b_trace["marker"]["symbol"][b_trace["customdata"].index("b")] == "star"
    sizes = {i: s for t in markers for i, s in zip(t["customdata"], t["marker"]["size"])}
    assert sizes["a"] > sizes["b"] > sizes["e"]
    district = next(t for t in markers if "z" in t["customdata"])
    assert district["name"] == "district staff"


def test_table_csv_escapes_formulas_and_keeps_the_users_order():
    columns = [{"name": "Name", "id": "name"}, {"name": "Sought by", "id": "in_degree"}]
    text = table_csv([{"name": "=HYPERLINK(\"http://x\")", "in_degree": 2}, {"name": "Ann", "in_degree": 1}], columns)
    assert text.splitlines() == ["Name,Sought by", "\"'=HYPERLINK(\"\"http://x\"\")\",2", "Ann,1"]


def test_data_table_sorts_filters_and_formats_rates():
    block = data_table("t", pd.DataFrame({"school": ["Oak"], "response_rate": [0.8123]}))
    table = block.children[1]
    assert table.sort_action == "native" and table.filter_action == "native"
    rate = next(c for c in table.columns if c["id"] == "response_rate")
    assert rate["type"] == "numeric" and "%" in rate["format"].to_plotly_json()["specifier"]


def test_why_flagged_uses_the_analysis_reasons_and_never_calls_missing_data_isolation():
    text = why_flagged({"leader_status": "informal", "leader_reason": "named by 9 colleagues", "in_degree": 9})
    assert text[0] == "Informal leader: named by 9 colleagues."
    unknown = " ".join(why_flagged({"isolation_status": "unknown", "leader_status": "none"}))
    assert "not isolation" in unknown


def test_person_card_lists_ties_both_ways():
    card = person_card(person("a", name="Ann Lee", indeg=2), pd.DataFrame({"name": ["Bo", "Cy"],
                                                                            "relations": ["advice", "learning"]}),
                       pd.DataFrame(columns=["name", "relations"]))
    text = str(card)
    assert "Ann Lee" in text and "Named by (2)" in text and "Names (0)" in text


@pytest.mark.parametrize("rate, level", [(0.9, "dependable"), (0.8, "dependable"), (0.7, "indicative"),
                                         (0.64, "low"), (None, "low")])
def test_response_reading(rate, level):
    assert response_reading(rate)[0] == level


def _data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def test_decode_refuses_oversized_and_malformed_files():
    assert flow.decode(_data_url(b"a,b\n1,2\n"), "x.csv", max_bytes=100) == ("x.csv", b"a,b\n1,2\n")
    with pytest.raises(flow.UploadProblem, match="larger than"):
        flow.decode(_data_url(b"x" * 2000), "big.csv", max_bytes=1000)
    with pytest.raises(flow.UploadProblem):
        flow.decode("data:text/csv;base64,@@@not base64@@@", "bad.csv", max_bytes=1000)
    with pytest.raises(flow.UploadProblem, match="empty"):
        flow.decode(_data_url(b"  \n"), "empty.csv", max_bytes=1000)


ROSTER = ("roster.csv", b"staff_id,name,school,role,team\n1,Ann Lee,Oak,Teacher,G1\n2,Bo Diaz,Oak,Coach,G1\n"
                        b"3,Cy Ray,Oak,Teacher,G2\n")
EXPORT = ("answers.csv", b"staff_id,advice_1,advice_2\n1,Bo Diaz,Zed Nobody\n2,Ann Lee,\n3,,\n")


def test_inspect_reports_platform_mapping_and_unmatched_names():
    found = flow.inspect([EXPORT], ROSTER)
    assert found.platform and len(found.dataset.nominations) == 2
    assert "Zed Nobody" in found.unresolved["answer"].tolist()
    rows = flow.mapping_rows(found.mapping)
    assert {"column", "use", "detected"} <= set(rows.columns)


def test_mapping_correction_changes_the_relation():
    mapping = {"Q1": {"role": "relation", "relation": "advice", "source": "choice"}, "Email": {"role": "email"}}
    rows = flow.mapping_rows(mapping).to_dict("records")
    rows[0]["use"] = "relation: learning"
    fixed = flow.mapping_from_rows(mapping, rows)
    assert fixed["Q1"] == {"role": "relation", "relation": "learning", "source": "choice"}
    assert fixed["Email"] == {"role": "email"}


def test_accepting_a_suggested_match_adds_the_nomination():
    found = flow.inspect([EXPORT], ROSTER)
    row = found.unresolved.iloc[0].to_dict()
    again = flow.inspect([EXPORT], ROSTER, accepted=[{**row, "staff_id": "3"}])
    added = again.dataset.nominations
    assert ((added["respondent_id"] == "1") & (added["nominee_id"] == "3") & (added["match"] == "accepted")).any()
    assert again.dataset.graph.has_edge("1", "3") and row["answer"] not in again.unresolved["answer"].tolist()


def test_a_malformed_file_is_a_message_not_a_crash():
    with pytest.raises(flow.UploadProblem):
        flow.inspect([("junk.csv", b"\x00\x01\x02garbage")], ROSTER)


EDGES = ("ties.csv", b"From,To,Tie type,Strength\nAnn Lee,Bo Diaz,advice,3\nBo Diaz,Cy Ray,learning,1\n"
                     b"Cy Ray,Ann Lee,advice,2\n")


def test_an_edge_list_upload_offers_the_edge_list_roles_and_takes_a_correction():
    found = flow.inspect([EDGES], ROSTER)
    assert found.platform == "edgelist" and len(found.dataset.nominations) == 3
    rows = flow.mapping_rows(found.mapping).to_dict("records")
    uses = {row["column"]: row["use"] for row in rows}
    assert uses == {"From": "respondent", "To": "nominee", "Tie type": "relation_label", "Strength": "weight"}
    offered = flow.uses_for(found.platform)
    assert set(uses.values()) <= set(offered) and "relation: advice" not in offered
    assert {"respondent", "nominee"} & set(flow.uses_for("google_forms")) == set()
    for row in rows:                        # the strengths were not weights after all
        row["use"] = "ignore" if row["column"] == "Strength" else row["use"]
    fixed = flow.mapping_from_rows(found.mapping, rows)
    assert fixed["Strength"] == {"role": "ignore"} and fixed["From"]["role"] == "respondent"
    again = flow.inspect([EDGES], ROSTER, mapping=fixed)
    assert again.dataset.nominations["weight"].isna().all() and len(again.dataset.nominations) == 3
