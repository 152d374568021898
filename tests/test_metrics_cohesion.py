"""Density, reciprocity, transitivity, components, cores and E-I against NetworkX and by hand."""

import math

import networkx as nx
import pytest

from plnetwork.metrics import (core_number, density, ei_index, group_ei_index,
                               number_of_components, reciprocity, transitivity)

CLASSICS = {"karate": nx.karate_club_graph(), "florentine": nx.florentine_families_graph(),
            "davis": nx.davis_southern_women_graph(), "kite": nx.krackhardt_kite_graph()}


def _directed(seed):
    G = nx.gnp_random_graph(50, 0.06, seed=seed, directed=True)
    G.add_nodes_from(range(50, 55))  # people nobody named
    return G


@pytest.mark.parametrize("seed", range(3))
def test_directed_measures_match_networkx(seed):
    G = _directed(seed)
    assert math.isclose(density(G), nx.density(G))
    assert math.isclose(reciprocity(G), nx.overall_reciprocity(G))
    assert math.isclose(transitivity(G), nx.transitivity(nx.Graph(G)))
    assert number_of_components(G) == nx.number_weakly_connected_components(G)
    assert core_number(G) == nx.core_number(nx.Graph(G))


@pytest.mark.parametrize("name", CLASSICS)
def test_classic_networks(name):
    G = CLASSICS[name]
    D = G.to_directed()
    assert math.isclose(transitivity(G), nx.transitivity(G))
    assert core_number(G) == nx.core_number(G)
    assert math.isclose(density(D), nx.density(G))
    assert reciprocity(D) == 1.0


def test_bipartite_has_no_triangles():
    assert transitivity(CLASSICS["davis"]) == 0.0


def test_e_i_index_by_hand():
    # two ties inside s1, one from s1 to s2: (1 - 2) / 3
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "x")])
    nx.set_node_attributes(G, {"a": "s1", "b": "s1", "x": "s2"}, "school")
    assert math.isclose(ei_index(G, "school"), -1 / 3)
    assert group_ei_index(G, "school") == {"s1": -1 / 3, "s2": 1.0}
    G.add_node("y", school="s3")
    assert math.isnan(group_ei_index(G, "school")["s3"])


def test_empty():
    G = nx.DiGraph()
    G.add_node(1)
    assert math.isnan(density(G)) and math.isnan(reciprocity(G)) and transitivity(G) == 0.0
