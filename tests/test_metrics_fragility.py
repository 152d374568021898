"""Single points of failure: articulation points of schools and teams, sole links to the district."""

import networkx as nx
import pytest

from plnetwork.metrics import single_points_of_failure


def _school(edges, members, school="Lincoln", team=""):
    G = nx.DiGraph(edges)
    for v in members:
        G.add_node(v, school=school, level="classroom", team=team)
    return G


def test_articulation_point_cuts_colleagues_off():
    # ann - bea - cy in a line, plus a triangle cy-dan-eve
    G = _school([("ann", "bea"), ("bea", "cy"), ("cy", "dan"), ("dan", "eve"), ("eve", "cy")],
                ["ann", "bea", "cy", "dan", "eve"])
    spof = single_points_of_failure(G)
    assert spof == {
        "bea": "the only link between 1 colleague and the rest of Lincoln",
        "cy": "the only link between 2 colleagues and the rest of Lincoln"}
    assert list(single_points_of_failure(G, min_cut_off=2)) == ["cy"]


@pytest.mark.parametrize("seed", range(3))
def test_school_cut_points_are_networkx_articulation_points(seed):
    G = nx.gnp_random_graph(60, 0.04, seed=seed, directed=True)
    nx.set_node_attributes(G, {v: f"S{v % 2}" for v in G}, "school")
    nx.set_node_attributes(G, "classroom", "level")
    nx.set_node_attributes(G, "", "team")
    expected = set()
    for s in ("S0", "S1"):
        sub = nx.Graph(G.subgraph([v for v in G if G.nodes[v]["school"] == s]))
        expected |= set(nx.articulation_points(sub))
    assert set(single_points_of_failure(G)) == expected


def test_sole_links_to_the_district():
    G = _school([("t1", "t2"), ("t2", "t1"), ("t2", "coach"), ("t3", "coach")],
                ["t1", "t2", "t3"])
    G.add_node("coach", school="Office", level="district", team="")
    G.add_node("other", school="Office", level="district", team="")
    spof = single_points_of_failure(G)
    assert spof["coach"] == "the only contact of Lincoln in the district"
    assert "t2" not in spof or "district" not in spof["t2"]  # two members reach the district
    G.add_edge("t1", "other")
    assert "coach" not in single_points_of_failure(G)


def test_team_articulation_and_sole_link_out():
    G = _school([("a", "b"), ("b", "c"), ("c", "x")], ["a", "b", "c"], team="G3")
    G.add_node("x", school="Lincoln", level="classroom", team="G4")
    spof = single_points_of_failure(G)
    assert "the rest of team G3" in spof["b"]
    assert "the only link between team G3 and colleagues outside it" in spof["c"]


@pytest.mark.parametrize("seed", range(5))
def test_cut_off_counts_match_removing_the_person(seed):
    from plnetwork.metrics.fragility import _cut_points

    U = nx.gnp_random_graph(80, 0.03, seed=seed)
    a, b = zip(*U.edges) if U.number_of_edges() else ((), ())
    found = _cut_points(len(U), list(a), list(b))
    expected = {}
    for v in nx.articulation_points(U):
        component = nx.node_connected_component(U, v) - {v}
        rest = U.subgraph(component)
        expected[v] = len(component) - max(map(len, nx.connected_components(rest)))
    assert found == expected
