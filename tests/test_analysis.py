"""analyze_graph end to end: columns, agreement with the measures, JSON summary, graph attributes."""

import json
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from plnetwork.analysis import Analysis, analyze_graph, relation_subgraph
from plnetwork.metrics import constraint, core_number, in_degree
from plnetwork.metrics.brokerage import ROLES

RELATIONS = ["advice", "learning", "leadership"]


def district(schools=4, size=25, district_staff=5, seed=1):
    """A small district in the shape :func:`plnetwork.network.build_graph` produces."""
    rng = random.Random(seed)
    G = nx.DiGraph(relations=RELATIONS, name_generators=RELATIONS)
    people = []
    for s in range(schools):
        for i in range(size):
            role, level, formal = (("Principal", "school", True) if i == 0 else
                                   ("Coach", "school", True) if i == 1 else
                                   ("Teacher", "classroom", False))
            people.append((f"{s:02d}{i:03d}", dict(
                name=f"P{s}-{i}", email="", school=f"School {s}", role=role, level=level,
                formal_leader=formal, team=f"Grade {i % 3}" if level == "classroom" else "",
                responded=rng.random() < 0.85, grade="3")))
    for i in range(district_staff):
        people.append((f"D{i:03d}", dict(name=f"D{i}", email="", school="District Office",
                                          role="District coordinator", level="district",
                                          formal_leader=True, team="", responded=True)))
    G.add_nodes_from(people)
    ids = [p for p, _ in people]
    for u in ids:
        if not G.nodes[u]["responded"]:
            continue
        mine = [v for v in ids if G.nodes[v]["school"] == G.nodes[u]["school"] and v != u]
        for _ in range(rng.randint(0, 6)):
            v = rng.choice(ids) if rng.random() < 0.15 else rng.choice(mine)
            if v == u:
                continue
            rels = tuple(sorted(rng.sample(RELATIONS, rng.randint(1, 2))))
            weights = {r: float(rng.randint(1, 4)) for r in rels}
            G.add_edge(u, v, relations=rels, weights=weights, weight=max(weights.values()))
    return G


@pytest.fixture(scope="module")
def graph():
    return district()


@pytest.fixture(scope="module")
def result(graph):
    return analyze_graph(graph.copy())


def test_people_table(result, graph):
    people = result.people
    assert isinstance(result, Analysis)
    assert people["staff_id"].tolist() == list(graph)
    required = ["staff_id", "name", "school", "role", "level", "formal_leader", "team",
                "responded", "in_degree", "out_degree", "weighted_in_degree",
                "weighted_out_degree", "pagerank", "betweenness", "school_betweenness",
                "closeness", "constraint", "effective_size", "core_number", "reciprocated",
                "leader_status", "leader_reason", "isolation_status", "broker", "broker_reason",
                "single_point_of_failure", "in_degree_advice", "out_degree_learning",
                *(f"{p}_{r}" for p in ("school", "level") for r in ROLES)]
    assert not set(required) - set(people.columns)
    assert people["grade"].eq("3").sum() == 100  # other roster columns are kept
    assert set(people["leader_status"]) <= {"formal", "informal", "none"}
    assert set(people["isolation_status"]) <= {"isolated", "not_sought", "unknown", "connected"}
    assert not people.loc[people["formal_leader"], "leader_status"].eq("informal").any()
    assert not people.loc[~people["responded"], "isolation_status"].eq("isolated").any()
    assert (people["broker"] == (people["broker_reason"] != "")).all()


def test_measures_agree_with_networkx(result, graph):
    people = result.people.set_index("staff_id")
    union = relation_subgraph(graph)
    n = len(union)
    assert people["in_degree"].to_dict() == dict(union.in_degree)
    b = nx.betweenness_centrality(union)
    h = nx.harmonic_centrality(union)
    for v in union:
        assert math.isclose(people.at[v, "betweenness"], b[v], abs_tol=1e-12)
        assert math.isclose(people.at[v, "closeness"], h[v] / (n - 1), abs_tol=1e-12)
    assert people["core_number"].to_dict() == core_number(union)
    c = constraint(union)
    assert np.allclose(people["constraint"], [c[v] for v in people.index], equal_nan=True)
    school = union.subgraph([v for v in union if union.nodes[v]["school"] == "School 2"])
    sb = nx.betweenness_centrality(school)
    assert all(math.isclose(people.at[v, "school_betweenness"], sb[v], abs_tol=1e-12)
               for v in school)
    mutual = {v: sum(1 for w in union[v] if union.has_edge(w, v)) for v in union}
    assert people["reciprocated"].to_dict() == mutual


def test_summary_is_json_and_complete(result):
    summary = result.summary
    text = json.dumps(summary, allow_nan=False)
    assert json.loads(text) == summary
    assert {"network", "schools", "district", "levels", "teams", "parameters"} <= set(summary)
    assert sorted(summary["schools"]) == [f"School {s}" for s in range(4)]
    assert summary["district"]["staff"] == 5
    network = summary["network"]
    people = result.people
    assert network["staff"] == len(people)
    assert network["informal_leaders"] == int((people["leader_status"] == "informal").sum())
    assert network["ties"] == int(people["in_degree"].sum())
    matrix = summary["levels"]["matrix"]
    assert list(matrix) == ["classroom", "school", "district"]
    assert all(list(row) == ["classroom", "school", "district"] for row in matrix.values())
    assert sum(sum(row.values()) for row in matrix.values()) == network["ties"]
    assert summary["levels"]["district"]["staff"] == 5
    team = summary["teams"]["School 0/Grade 1"]
    assert team["school"] == "School 0" and team["team"] == "Grade 1"
    for key in ("density", "internal_tie_share", "ties_out", "no_tie_out", "staff"):
        assert key in team
    school = summary["schools"]["School 1"]
    for key in ("staff", "respondents", "response_rate", "density", "reciprocity",
                "transitivity", "components", "in_degree_centralization", "gini", "ei_index",
                "non_formal_share", "formal_leaders", "informal_leaders", "ties_district"):
        assert key in school
    assert {"modularity_teams", "modularity_communities", "ei_index_schools",
            "ei_index_levels"} <= set(network)
    assert summary["parameters"]["betweenness"]["sampled"] is False
    assert summary["parameters"]["min_in_degree"] == 3


def test_graph_carries_graphml_safe_measures(result, tmp_path):
    G = result.graph
    for v, data in G.nodes(data=True):
        for key, value in data.items():
            assert isinstance(value, (str, int, float, bool)), (key, value)
            assert not (isinstance(value, float) and math.isnan(value)), key
        assert {"in_degree", "pagerank", "leader_status", "isolation_status", "broker"} <= set(data)
    nodes_only = nx.DiGraph()
    nodes_only.add_nodes_from(G.nodes(data=True))
    nodes_only.add_edges_from(G.edges)
    nx.write_graphml(nodes_only, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    first = next(iter(G))
    assert back.nodes[first]["leader_status"] == G.nodes[first]["leader_status"]


def test_sampled_betweenness_above_the_size_limit(graph):
    result = analyze_graph(graph.copy(), betweenness_sample_above=50, betweenness_pivots=30)
    assert result.summary["parameters"]["betweenness"] == {
        "sampled": True, "pivots": 30, "sample_above": 50, "within_school": "exact", "per_relation": False}
    expected = nx.betweenness_centrality(relation_subgraph(graph), k=30, seed=42)
    people = result.people.set_index("staff_id")
    assert all(math.isclose(people.at[v, "betweenness"], x, abs_tol=1e-12)
               for v, x in expected.items())


def test_one_relation(graph):
    result = analyze_graph(graph.copy(), relation="advice")
    assert result.people.set_index("staff_id")["in_degree"].to_dict() == \
        in_degree(graph, relation="advice")
    assert result.summary["parameters"]["relation"] == "advice"


def test_repeatable(graph):
    first, second = analyze_graph(graph.copy()), analyze_graph(graph.copy())
    pd.testing.assert_frame_equal(first.people, second.people)
    assert first.summary == second.summary
    igraph_engine = analyze_graph(graph.copy(), louvain_networkx_max_nodes=0)
    assert igraph_engine.summary["parameters"]["communities"]["engine"] == "igraph"
    assert igraph_engine.summary["network"]["modularity_communities"] > 0.3


def test_no_ties_and_no_people():
    G = nx.DiGraph(relations=[], name_generators=[])
    G.add_node("a", name="A", school="X", level="classroom", formal_leader=False, team="",
               responded=True, role="Teacher")
    result = analyze_graph(G)
    assert result.people.loc[0, "isolation_status"] == "isolated"
    json.dumps(result.summary, allow_nan=False)
    empty = analyze_graph(nx.DiGraph())
    assert empty.people.empty and empty.summary["network"]["staff"] == 0


def test_demo_district_plants_are_found():
    from plnetwork import demo, network

    d = demo.make_district(staff=600, schools=6, seed=7, waves=1)
    respondents = d.respondents[0]
    if not isinstance(respondents, pd.DataFrame):
        respondents = pd.DataFrame({"staff_id": sorted(respondents)})
    G = network.build_graph(d.rosters[0], d.waves[0].assign(source="choice", match="id"),
                            respondents)
    truth = d.planted[0]
    people = analyze_graph(G).people.set_index("staff_id")
    for status in ("isolated", "not_sought", "unknown"):
        assert set(people.index[people["isolation_status"] == status]) == truth[status]
    informal = set(people.index[people["leader_status"] == "informal"])
    assert truth["informal_leaders"] == informal  # the demo gives no one else 3 leadership votes
    voted_only = analyze_graph(G, leadership_relation=None).people.set_index("staff_id")
    assert set(voted_only.index[voted_only["leader_status"] == "informal"]) == \
        truth["informal_leaders"]
    brokers = set(people.index[people["broker"]])
    can_broker = {v for v in truth["brokers"] if G.out_degree(v) > 0 and G.in_degree(v) > 0}
    assert len(can_broker & brokers) >= 0.8 * len(can_broker)


def test_weighted_measures(graph):
    result = analyze_graph(graph.copy(), weighted=True)
    people = result.people.set_index("staff_id")
    union = relation_subgraph(graph)
    try:
        expected = nx.pagerank(union, weight="weight", tol=1e-14, max_iter=10_000)
    except ModuleNotFoundError:  # no SciPy: NetworkX's pure-Python PageRank, the same model
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        expected = _pagerank_python(union, weight="weight", tol=1e-14, max_iter=10_000)
    assert all(math.isclose(people.at[v, "pagerank"], x, abs_tol=1e-9) for v, x in expected.items())
    es = nx.effective_size(union, weight="weight")
    naming = [v for v in union if union.out_degree(v) > 0]
    assert all(math.isclose(people.at[v, "effective_size"], es[v], abs_tol=1e-9) for v in naming)
    assert people["weighted_in_degree"].sum() == sum(w for *_, w in union.edges(data="weight"))
    assert result.summary["parameters"]["weighted"] is True


def test_undirected_graphs_are_refused():
    with pytest.raises(nx.NetworkXNotImplemented):
        analyze_graph(nx.Graph([(1, 2)]))


def test_union_analysis_adds_each_relations_own_pagerank_and_betweenness():
    G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    for node in "abcde":
        G.add_node(node, name=node.upper(), school="Oak", role="Teacher", level="classroom",
                   formal_leader=False, team="", responded=True)
    for u, v, rels in [("a", "b", ("advice",)), ("b", "c", ("advice",)), ("c", "d", ("learning",)),
                       ("d", "e", ("advice", "learning")), ("e", "a", ("learning",))]:
        G.add_edge(u, v, relations=rels, weights={r: 1.0 for r in rels}, weight=1.0)
    people = analyze_graph(G.copy()).people.set_index("staff_id")
    advice = nx.betweenness_centrality(relation_subgraph(G, "advice"))
    for node, value in advice.items():
        assert people.loc[node, "betweenness_advice"] == pytest.approx(value, abs=1e-12)
    assert people["pagerank_learning"].sum() == pytest.approx(1.0)
    assert people.loc["b", "betweenness_advice"] > 0 and people.loc["b", "betweenness_learning"] == 0
    sampled = analyze_graph(G, betweenness_sample_above=3, betweenness_pivots=3).people
    assert "pagerank_advice" in sampled and "betweenness_advice" not in sampled


def test_analysing_a_graph_again_replaces_the_earlier_measures():
    G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    for node in "abcde":
        G.add_node(node, name=node.upper(), school="Oak", role="Teacher", level="classroom",
                   formal_leader=False, team="", responded=True, grade="3")
    for u, v, rels in [("a", "b", ("advice",)), ("b", "c", ("learning",)), ("c", "a", ("advice",))]:
        G.add_edge(u, v, relations=rels, weights={r: 1.0 for r in rels}, weight=1.0)
    first = analyze_graph(G).people
    again = analyze_graph(G, betweenness_sample_above=3, betweenness_pivots=3).people
    assert "betweenness_advice" in first and "betweenness_advice" not in again
    assert "betweenness_advice" not in G.nodes["a"] and again["grade"].tolist() == ["3"] * 5
