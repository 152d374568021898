"""Gould–Fernandez brokerage roles: a hand-counted graph and a brute-force check."""

import itertools

import networkx as nx
import pytest

from plnetwork.metrics import ROLES, brokerage_roles
from plnetwork.metrics import brokerage as brokerage_module


@pytest.fixture
def mediated():
    """Broker ``b`` (group X) is asked by x1 (X), y1, y2 (Y) and asks x2 (X), y3 (Y), z1 (Z);
    y1 also asks y3 directly, so y1 -> b -> y3 is not brokerage."""
    G = nx.DiGraph([("x1", "b"), ("y1", "b"), ("y2", "b"), ("b", "x2"), ("b", "y3"), ("b", "z1"),
                    ("y1", "y3")])
    nx.set_node_attributes(G, {v: v[0].upper() for v in G}, "group")
    G.nodes["b"]["group"] = "X"
    return G


def test_hand_counted_roles(mediated):
    # x1-x2 coordinator; x1-y3, x1-z1 representative; y1-x2, y2-x2 gatekeeper;
    # y2-y3 itinerant; y1-z1, y2-z1 liaison; y1-y3 closed by the direct tie.
    roles = brokerage_roles(mediated, "group")
    assert roles["b"] == {"coordinator": 1, "itinerant": 1, "representative": 2, "gatekeeper": 2,
                          "liaison": 2}
    assert all(sum(r.values()) == 0 for v, r in roles.items() if v != "b")


def _brute_force(G, attribute):
    group = nx.get_node_attributes(G, attribute)
    counts = {v: dict.fromkeys(ROLES, 0) for v in G}
    for b in G:
        for a, c in itertools.product(G.predecessors(b), G.successors(b)):
            if a == c or G.has_edge(a, c) or a == b or c == b:
                continue
            ga, gb, gc = group[a], group[b], group[c]
            role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc
                    else "representative" if ga == gb else "gatekeeper" if gb == gc
                    else "liaison")
            counts[b][role] += 1
    return counts


@pytest.mark.parametrize("seed", range(4))
def test_matches_brute_force(seed, monkeypatch):
    G = nx.gnp_random_graph(70, 0.08, seed=seed, directed=True)
    nx.set_node_attributes(G, {v: v % 4 for v in G}, "school")
    assert brokerage_roles(G, "school") == _brute_force(G, "school")
    monkeypatch.setattr(brokerage_module, "_CHUNK", 7)  # many small chunks give the same counts
    assert brokerage_roles(G, "school") == _brute_force(G, "school")


def test_no_ties():
    G = nx.DiGraph()
    G.add_node("a", school="X")
    assert brokerage_roles(G, "school") == {"a": dict.fromkeys(ROLES, 0)}
