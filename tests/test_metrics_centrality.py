"""Centrality in igraph equals NetworkX (the model), and published values on classic networks."""

import random

import networkx as nx
import pytest

from plnetwork.metrics import betweenness, harmonic_closeness, pagerank, within_group_betweenness
from plnetwork.metrics._engine import indexed
from plnetwork.metrics.centrality import _harmonic

TOL = 1e-9


def _nx_pagerank(G, **kw):
    try:
        return nx.pagerank(G, tol=1e-14, max_iter=10_000, **kw)
    except ModuleNotFoundError:  # nx.pagerank needs SciPy; its pure-Python version is the same model
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(G, tol=1e-14, max_iter=10_000, **kw)


def _karate_variants():
    K = nx.karate_club_graph()
    rng = random.Random(3)
    up = nx.DiGraph((min(u, v), max(u, v)) for u, v in K.edges)
    rand = nx.DiGraph((u, v) if rng.random() < 0.5 else (v, u) for u, v in K.edges)
    recip = nx.DiGraph()
    for u, v in K.edges:
        recip.add_edge(u, v)
        if rng.random() < 0.4:
            recip.add_edge(v, u)
    return {"karate-both-ways": K.to_directed(), "karate-upward": up, "karate-random": rand,
            "karate-reciprocated": recip}


GRAPHS = {
    **_karate_variants(),
    "kite": nx.krackhardt_kite_graph(),
    "florentine": nx.florentine_families_graph(),
    "gnp-1": nx.gnp_random_graph(60, 0.05, seed=1, directed=True),
    "gnp-2": nx.gnp_random_graph(80, 0.03, seed=2, directed=True),
    "scale-free": nx.DiGraph(nx.scale_free_graph(120, seed=5)),
}


def _close(a, b, tol=TOL):
    assert a.keys() == b.keys()
    worst = max(abs(a[v] - b[v]) for v in a)
    assert worst < tol, worst


@pytest.mark.parametrize("name", GRAPHS)
def test_pagerank_matches_networkx(name):
    G = GRAPHS[name]
    G = nx.DiGraph((u, v) for u, v in G.edges if u != v) if name == "scale-free" else G
    _close(pagerank(G), _nx_pagerank(G, alpha=0.85, weight=None))


def test_weighted_pagerank_matches_networkx():
    G = nx.gnp_random_graph(50, 0.08, seed=4, directed=True)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = 1 + (u * v) % 4
    _close(pagerank(G, weight="weight"), _nx_pagerank(G, alpha=0.85, weight="weight"))


@pytest.mark.parametrize("name", GRAPHS)
def test_betweenness_matches_networkx(name):
    G = nx.DiGraph(GRAPHS[name]) if name == "scale-free" else GRAPHS[name]
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    _close(betweenness(G), nx.betweenness_centrality(G))


@pytest.mark.parametrize("k,seed", [(10, 0), (25, 42), (59, 7)])
def test_sampled_betweenness_uses_networkx_pivots(k, seed):
    G = GRAPHS["gnp-1"]
    _close(betweenness(G, k=k, seed=seed), nx.betweenness_centrality(G, k=k, seed=seed))


def test_krackhardt_kite_published_betweenness():
    # Krackhardt (1990): Heather bridges the kite; Fernando and Garth next, then Ike.
    b = betweenness(nx.krackhardt_kite_graph())
    expected = {7: 0.389, 5: 0.231, 6: 0.231, 8: 0.222, 3: 0.102, 0: 0.023, 1: 0.023,
                2: 0.0, 4: 0.0, 9: 0.0}
    assert {v: round(x, 3) for v, x in b.items()} == expected


def test_florentine_medici_broker():
    b = betweenness(nx.florentine_families_graph())
    assert max(b, key=b.get) == "Medici"
    assert round(b["Medici"], 3) == 0.522


@pytest.mark.parametrize("name", GRAPHS)
def test_harmonic_closeness_matches_networkx(name):
    G = nx.DiGraph(GRAPHS[name]) if name == "scale-free" else GRAPHS[name]
    n = len(G)
    expected = {v: h / (n - 1) for v, h in nx.harmonic_centrality(G).items()}
    _close(harmonic_closeness(G), expected)


def test_sampled_harmonic_closeness_averages_over_sampled_sources():
    G = GRAPHS["gnp-2"]
    k, seed = 30, 9
    pivots = random.Random(seed).sample(list(G), k)  # NetworkX's draw
    expected = {}
    for v in G:
        sources = [s for s in pivots if s != v]
        expected[v] = sum(1 / d for s in sources
                          for t, d in nx.single_source_shortest_path_length(G, s).items()
                          if t == v and d > 0) / len(sources)
    _close(harmonic_closeness(G, k=k, seed=seed), expected)


def test_sampled_harmonic_with_all_sources_is_exact():
    G = GRAPHS["karate-random"]
    ix = indexed(G)
    exact = _harmonic(ix)
    every = _harmonic(ix, pivots=list(range(ix.n)))
    assert abs(exact - every).max() < TOL


def test_within_group_betweenness_is_betweenness_of_each_group():
    G = nx.DiGraph(GRAPHS["karate-reciprocated"])
    club = nx.get_node_attributes(nx.karate_club_graph(), "club")
    nx.set_node_attributes(G, club, "club")
    result = within_group_betweenness(G, "club")
    for group in set(club.values()):
        sub = G.subgraph([v for v in G if club[v] == group])
        _close({v: result[v] for v in sub}, nx.betweenness_centrality(sub))


def test_empty_and_tiny_graphs():
    G = nx.DiGraph()
    assert pagerank(G) == {} and betweenness(G) == {}
    G.add_node("alone")
    assert pagerank(G) == {"alone": 1.0}
    assert betweenness(G) == {"alone": 0.0}
    assert harmonic_closeness(G) == {"alone": 0.0}
