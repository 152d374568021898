"""Louvain with a fixed seed, and modularity equal to NetworkX's."""

import math

import networkx as nx
import pytest

from plnetwork.metrics import louvain_communities, modularity


@pytest.mark.parametrize("seed", range(3))
def test_modularity_matches_networkx(seed):
    G = nx.gnp_random_graph(60, 0.07, seed=seed, directed=True)
    parts = [set(range(i, 60, 4)) for i in range(4)]
    assert math.isclose(modularity(G, parts), nx.community.modularity(G, parts, weight=None))
    U = nx.Graph(G)
    assert math.isclose(modularity(U, parts), nx.community.modularity(U, parts, weight=None))


def test_karate_club_factions():
    K = nx.karate_club_graph()
    clubs = [{v for v in K if K.nodes[v]["club"] == c} for c in ("Mr. Hi", "Officer")]
    assert math.isclose(modularity(K, clubs), nx.community.modularity(K, clubs, weight=None))


def test_uncovered_nodes_are_singletons():
    G = nx.DiGraph(nx.barbell_graph(3, 1))
    with_singleton = [{0, 1, 2}, {4, 5, 6}, {3}]
    assert modularity(G, [{0, 1, 2}, {4, 5, 6}]) == modularity(G, with_singleton)


@pytest.mark.parametrize("networkx_max_nodes", [10_000, 0])  # NetworkX, then igraph
def test_louvain_repeats_and_finds_planted_groups(networkx_max_nodes):
    G = nx.DiGraph(nx.planted_partition_graph(4, 15, 0.6, 0.01, seed=3))
    first = louvain_communities(G, seed=42, networkx_max_nodes=networkx_max_nodes)
    again = louvain_communities(G, seed=42, networkx_max_nodes=networkx_max_nodes)
    assert sorted(map(sorted, first)) == sorted(map(sorted, again))
    assert sorted(map(sorted, first)) == [list(range(i, i + 15)) for i in range(0, 60, 15)]


def test_networkx_engine_is_networkx_louvain():
    G = nx.DiGraph(nx.karate_club_graph())
    ours = louvain_communities(G, seed=42)
    plain = nx.DiGraph()  # same node order, no weights
    plain.add_nodes_from(G)
    plain.add_edges_from(G.edges)
    theirs = nx.community.louvain_communities(plain, seed=42, weight=None)
    assert sorted(map(sorted, ours)) == sorted(map(sorted, theirs))
