"""Cohesion: density, reciprocity, transitivity, components, k-cores and the E-I index."""

from __future__ import annotations

import math

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import codes, indexed

__all__ = ["density", "reciprocity", "transitivity", "number_of_components", "core_number",
           "ei_index", "group_ei_index"]


def _ratio(a, b):
    return float(a / b) if b else math.nan


def _density(n, m):
    return _ratio(m, n * (n - 1))


def _ei(external, internal):
    return _ratio(external - internal, external + internal)


def _group_ei(ix, group_codes, n_groups):
    """Per group: (external ties, internal ties, E-I index)."""
    cs, ct = group_codes[ix.source], group_codes[ix.target]
    inside = cs == ct
    internal = np.bincount(cs[inside], minlength=n_groups)
    external = (np.bincount(cs[~inside], minlength=n_groups)
                + np.bincount(ct[~inside], minlength=n_groups))
    return [(int(e), int(i), _ei(e, i)) for e, i in zip(external, internal)]


@not_implemented_for("undirected")
def density(G, *, relation=None):
    """Share of the ``n (n - 1)`` possible directed ties that exist (NaN below two people).

    Examples
    --------
    >>> import networkx as nx
    >>> density(nx.DiGraph([(0, 1), (1, 0), (1, 2)]))
    0.5
    """
    ix = indexed(G, relation=relation, weight=None)
    return _density(ix.n, ix.m)


@not_implemented_for("undirected")
def reciprocity(G, *, relation=None):
    """Share of ties that are returned (as :func:`networkx.overall_reciprocity`; NaN if no ties).

    Examples
    --------
    >>> import networkx as nx
    >>> reciprocity(nx.DiGraph([(0, 1), (1, 0), (1, 2)]))
    0.6666666666666666
    """
    ix = indexed(G, relation=relation, weight=None)
    return _ratio(int(ix.reciprocated.sum()), ix.m)


def transitivity(G, *, relation=None):
    """Global clustering of the undirected simple graph: 3 x triangles / connected triples.

    Equal to ``nx.transitivity(nx.Graph(G))``; 0 when there is no connected triple.

    Examples
    --------
    >>> import networkx as nx
    >>> round(transitivity(nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 3)])), 4)
    0.6
    """
    ix = indexed(G, relation=relation, weight=None)
    return float(ix.undirected.transitivity_undirected(mode="zero"))


def number_of_components(G, *, relation=None):
    """Number of weakly connected components (people who are alone count as one each).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([(0, 1), (2, 3)])
    >>> G.add_node(4)
    >>> number_of_components(G)
    3
    """
    ix = indexed(G, relation=relation, weight=None)
    return len(ix.igraph.connected_components(mode="weak"))


def core_number(G, *, relation=None):
    """k-core number of each person in the undirected simple graph (as :func:`networkx.core_number`).

    Examples
    --------
    >>> import networkx as nx
    >>> core_number(nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 3)]))
    {0: 2, 1: 2, 2: 2, 3: 1}

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree. Social Networks 5(3),
       269-287.
    .. [2] Batagelj, V. and Zaversnik, M. (2003). An O(m) algorithm for cores decomposition of
       networks. arXiv cs/0310049.
    """
    ix = indexed(G, relation=relation, weight=None)
    return dict(zip(ix.nodes, ix.undirected.coreness()))


@not_implemented_for("undirected")
def ei_index(G, attribute, *, relation=None):
    """Krackhardt–Stern E-I index of the whole network for groups given by ``attribute``.

    ``(E - I) / (E + I)`` where ``E`` counts ties between groups and ``I`` ties within them:
    -1 when all ties stay inside groups, +1 when all cross. NaN without ties.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "x")])
    >>> nx.set_node_attributes(G, {"a": "s1", "b": "s1", "x": "s2"}, "school")
    >>> round(ei_index(G, "school"), 4)
    -0.3333

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    """
    ix = indexed(G, relation=relation, weight=None)
    group_codes, _ = codes(ix.values(G, attribute, None))
    inside = int((group_codes[ix.source] == group_codes[ix.target]).sum())
    return _ei(ix.m - inside, inside)


@not_implemented_for("undirected")
def group_ei_index(G, attribute, *, relation=None):
    """E-I index of each group: its members' ties leaving the group against those staying in it.

    Returns
    -------
    dict
        Group -> float (NaN for a group without ties).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "x")])
    >>> nx.set_node_attributes(G, {"a": "s1", "b": "s1", "x": "s2"}, "school")
    >>> group_ei_index(G, "school")
    {'s1': -0.3333333333333333, 's2': 1.0}

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    """
    ix = indexed(G, relation=relation, weight=None)
    group_codes, labels = codes(ix.values(G, attribute, None))
    return {label: ei for label, (_, _, ei) in zip(labels, _group_ei(ix, group_codes, len(labels)))}
