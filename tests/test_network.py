"""The graph: roster people first, relations merged onto one edge, respondents marked."""

import pandas as pd

from plnetwork.network import build_graph

ROSTER = pd.DataFrame({"staff_id": ["007", "2", "3"], "name": ["A", "B", "C"], "school": ["Oak"] * 3,
                       "formal_leader": [True, False, False], "team": ["G1", None, "G1"]})


def nominations(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "nominee_id", "relation", "weight", "source", "match"])


def test_people_nobody_named_are_nodes_with_roster_attributes():
    G = build_graph(ROSTER, nominations([]), pd.DataFrame({"staff_id": ["2"]}))
    assert set(G.nodes) == {"007", "2", "3"} and G.number_of_edges() == 0
    assert G.nodes["007"]["formal_leader"] is True and G.nodes["2"]["team"] == ""
    assert [G.nodes[n]["responded"] for n in ("007", "2", "3")] == [False, True, False]


def test_relations_merge_on_one_edge_with_weights():
    G = build_graph(ROSTER, nominations([
        ("2", "007", "advice", None, "choice", "exact"),
        ("2", "007", "frequency", 3.0, "matrix", "exact"),
        ("3", "007", "learning", None, "free_text", "fuzzy")]), pd.DataFrame({"staff_id": ["2", "3"]}))
    assert G.edges["2", "007"]["relations"] == ("advice", "frequency")
    assert G.edges["2", "007"]["weights"] == {"advice": 1.0, "frequency": 3.0}
    assert G.edges["2", "007"]["weight"] == 3.0 and G.edges["3", "007"]["match"] == "fuzzy"
    assert G.graph["relations"] == ["advice", "frequency", "learning"]
    assert G.graph["name_generators"] == ["advice", "learning"]
