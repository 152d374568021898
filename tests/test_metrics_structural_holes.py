"""Burt's constraint and effective size: hand-checked, and equal to NetworkX."""

import math

import networkx as nx
import pytest

from plnetwork.metrics import constraint, effective_size


def _close(mine, theirs, nodes, tol=1e-9):
    for v in nodes:
        assert math.isclose(mine[v], theirs[v], abs_tol=tol), (v, mine[v], theirs[v])


@pytest.fixture
def ego():
    """Burt's textbook ego: three contacts, two of whom (a, b) are tied to each other."""
    return nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])


def test_constraint_by_hand(ego):
    # p = 1/3 for each contact; a and b are also reached through each other: 1/3 * 1/2.
    by_hand = 2 * (1 / 3 + 1 / 3 * 1 / 2) ** 2 + (1 / 3) ** 2
    assert math.isclose(constraint(ego)["ego"], by_hand)
    assert math.isclose(constraint(ego)["c"], 1.0)  # a single contact constrains completely


def test_effective_size_by_hand(ego):
    # Borgatti: n - 2t/n = 3 - 2 * 1 / 3
    assert math.isclose(effective_size(ego)["ego"], 3 - 2 / 3)
    assert effective_size(ego)["c"] == 1.0


def test_star_and_clique():
    star = nx.star_graph(4)
    assert effective_size(star)[0] == 4.0 and math.isclose(constraint(star)[0], 0.25)
    clique = nx.complete_graph(5)
    assert math.isclose(effective_size(clique)[0], 1.0)


def test_isolated_person_is_undefined():
    G = nx.DiGraph([("a", "b")])
    G.add_node("alone")
    assert math.isnan(constraint(G)["alone"]) and math.isnan(effective_size(G)["alone"])


def _directed_cases():
    for seed in range(4):
        G = nx.gnp_random_graph(40, 0.08, seed=seed, directed=True)
        for u, v in G.edges:
            G.edges[u, v]["weight"] = 1 + (3 * u + v) % 4
        yield G


@pytest.mark.parametrize("weight", [None, "weight"])
def test_directed_constraint_matches_networkx(weight):
    for G in _directed_cases():
        # Without SciPy NetworkX returns NaN for people who only receive ties; compare the rest.
        naming = [v for v in G if G.out_degree(v) > 0]
        _close(constraint(G, weight=weight), nx.constraint(G, weight=weight), naming)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_directed_effective_size_matches_networkx(weight):
    for G in _directed_cases():
        naming = [v for v in G if G.out_degree(v) > 0]
        _close(effective_size(G, weight=weight), nx.effective_size(G, weight=weight), naming)


def test_people_who_only_receive_ties_have_burts_values():
    # Burt counts ties in either direction: b is named by a and c, who are tied, so b is
    # exactly as constrained as in the undirected triangle.
    G = nx.DiGraph([("a", "b"), ("c", "b"), ("a", "c")])
    U = nx.Graph(G)
    assert math.isclose(constraint(G)["b"], nx.constraint(U)["b"])
    assert math.isclose(effective_size(G)["b"], nx.effective_size(U)["b"])


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.florentine_families_graph(),
                                   nx.krackhardt_kite_graph(), nx.davis_southern_women_graph()])
def test_undirected_classics_match_networkx(graph):
    G = nx.Graph(graph.edges)  # drop the karate club's weights
    _close(constraint(G), nx.constraint(G), G)
    _close(effective_size(G), nx.effective_size(G), G)
