"""Freeman in-degree centralization and the Gini coefficient."""

import math

import networkx as nx
import pytest

from plnetwork.metrics import gini, in_degree_centralization, in_degree_gini


@pytest.mark.parametrize("n", [2, 3, 10, 40])
def test_star_is_fully_centralized(n):
    star = nx.DiGraph([(i, 0) for i in range(1, n)])
    assert in_degree_centralization(star) == 1.0


@pytest.mark.parametrize("n", [3, 7])
def test_cycle_and_complete_graph_are_not_centralized(n):
    assert in_degree_centralization(nx.cycle_graph(n, create_using=nx.DiGraph)) == 0.0
    assert in_degree_centralization(nx.complete_graph(n, create_using=nx.DiGraph)) == 0.0


def test_centralization_by_hand():
    # in-degrees 2, 1, 0, 0 -> (0 + 1 + 2 + 2) / 3^2
    G = nx.DiGraph([("c", "a"), ("d", "a"), ("a", "b")])
    assert math.isclose(in_degree_centralization(G), 5 / 9)
    assert math.isnan(in_degree_centralization(nx.empty_graph(1, create_using=nx.DiGraph)))


def test_gini():
    assert gini([3, 3, 3]) == 0.0
    assert math.isclose(gini([0, 0, 0, 1]), 0.75)
    assert math.isclose(gini([1, 2, 3, 4]), 0.25)  # mean abs difference 1.25 / (2 * 2.5)
    assert math.isnan(gini([])) and math.isnan(gini([0, 0]))
    assert gini([5]) == 0.0


def test_in_degree_gini_of_star_and_cycle():
    assert math.isclose(in_degree_gini(nx.DiGraph([(i, 0) for i in range(1, 5)])), 0.8)
    assert in_degree_gini(nx.cycle_graph(5, create_using=nx.DiGraph)) == 0.0
