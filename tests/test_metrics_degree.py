"""Degrees (distinct colleagues), reciprocated ties, and the network of one relation."""

import networkx as nx
import pytest

from plnetwork.metrics import (in_degree, out_degree, reciprocated_degree, relation_subgraph,
                               weighted_in_degree, weighted_out_degree)


@pytest.fixture
def survey():
    G = nx.DiGraph(relations=["advice", "frequency", "learning"],
                   name_generators=["advice", "learning"])
    G.add_nodes_from(["a", "b", "c", "d"])
    G.add_edge("a", "b", relations=("advice", "learning"), weight=3.0,
               weights={"advice": 3.0, "learning": 1.0})
    G.add_edge("b", "a", relations=("advice",), weight=1.0, weights={"advice": 1.0})
    G.add_edge("c", "b", relations=("learning",), weight=2.0, weights={"learning": 2.0})
    G.add_edge("d", "b", relations=("frequency",), weight=4.0, weights={"frequency": 4.0})
    G.add_edge("d", "d", relations=("advice",), weight=1.0, weights={"advice": 1.0})
    return G


def test_karate_degrees():
    K = nx.karate_club_graph()
    D = K.to_directed()
    assert in_degree(D) == dict(K.degree) == out_degree(D)
    assert reciprocated_degree(D) == dict(K.degree)


def test_union_of_name_generators(survey):
    # d's "frequency" tie is not a name generator and d's self-nomination does not count.
    assert in_degree(survey) == {"a": 1, "b": 2, "c": 0, "d": 0}
    assert out_degree(survey) == {"a": 1, "b": 1, "c": 1, "d": 0}
    assert weighted_in_degree(survey) == {"a": 1.0, "b": 5.0, "c": 0.0, "d": 0.0}
    assert reciprocated_degree(survey) == {"a": 1, "b": 1, "c": 0, "d": 0}


def test_one_relation(survey):
    assert in_degree(survey, relation="learning") == {"a": 0, "b": 2, "c": 0, "d": 0}
    assert weighted_in_degree(survey, relation="learning")["b"] == 3.0  # 1 + 2
    assert weighted_out_degree(survey, relation="advice")["a"] == 3.0
    assert in_degree(survey, relation="frequency")["b"] == 1


def test_relation_subgraph(survey):
    advice = relation_subgraph(survey, "advice")
    assert set(advice) == set(survey)  # everyone stays
    assert sorted(advice.edges(data="weight")) == [("a", "b", 3.0), ("b", "a", 1.0),
                                                   ("d", "d", 1.0)]
    union = relation_subgraph(survey)
    assert sorted(union.edges) == [("a", "b"), ("b", "a"), ("c", "b"), ("d", "d")]
    assert in_degree(union) == in_degree(survey)
    with pytest.raises(ValueError, match="not in the graph"):
        relation_subgraph(survey, "friendship")
