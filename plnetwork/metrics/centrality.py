"""Centrality: PageRank, betweenness (whole network and within groups) and harmonic closeness.

Computed with igraph on the indexed graph and checked against NetworkX in the tests: values are
NetworkX's (``nx.pagerank``, ``nx.betweenness_centrality`` directed and normalized, and
``nx.harmonic_centrality`` divided by ``n - 1``). Above a size where exact betweenness gets slow
the whole-network betweenness and closeness are estimated from ``k`` pivot sources drawn exactly
as NetworkX draws them (``random.Random(seed).sample``), so ``betweenness(G, k=k, seed=s)`` equals
``nx.betweenness_centrality(G, k=k, seed=s)``.
"""

from __future__ import annotations

import random

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import Groups, codes, indexed

__all__ = ["pagerank", "betweenness", "harmonic_closeness", "within_group_betweenness"]


def _pivots(n, k, seed):
    """Pivot sources, drawn as ``nx.betweenness_centrality(k=k, seed=seed)`` draws them."""
    if k is None or k >= n:
        return None
    return random.Random(seed).sample(range(n), k)


def _pagerank(ix, *, alpha=0.85, weighted=False):
    if ix.n == 0:
        return np.zeros(0)
    return np.asarray(ix.igraph.pagerank(damping=alpha, directed=True,
                                         weights="weight" if weighted else None))


def _betweenness(ix, *, pivots=None):
    n = ix.n
    if pivots is None:
        raw = np.asarray(ix.igraph.betweenness(directed=True), dtype=float)
        return raw / ((n - 1) * (n - 2)) if n > 2 else raw
    raw = np.asarray(ix.igraph.betweenness(directed=True, sources=pivots), dtype=float)
    k, N = len(pivots), n - 1
    if N < 2:
        return raw
    scale = np.full(n, 1 / (k * (N - 1)))
    scale[pivots] = 1 / ((k - 1) * (N - 1)) if k > 1 else np.nan
    return raw * scale


def _harmonic(ix, *, pivots=None):
    n = ix.n
    if n <= 1:
        return np.zeros(n)
    if pivots is None:
        return np.asarray(ix.igraph.harmonic_centrality(mode="in", normalized=True), dtype=float)
    total = _inverse_distance_sums(ix, pivots)
    # A non-pivot saw k sampled sources, a pivot k - 1 (itself excluded): average over them.
    seen = np.full(n, float(len(pivots)))
    seen[pivots] -= 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(seen > 0, total / seen, np.nan)


def _inverse_distance_sums(ix, sources):
    """``sum_s 1 / d(s, v)`` over ``sources`` for every ``v``: a breadth-first search from all
    sources at once, one bit per source (64 sources per machine word)."""
    n, k = ix.n, len(sources)
    order = np.argsort(ix.target, kind="stable")
    src = ix.source[order]
    heads, starts = np.unique(ix.target[order], return_index=True)
    visited = np.zeros((n, (k + 63) // 64), dtype=np.uint64)
    slot = np.arange(k)
    visited[np.asarray(sources), slot // 64] = np.left_shift(np.uint64(1),
                                                             (slot % 64).astype(np.uint64))
    frontier, total, depth = visited.copy(), np.zeros(n), 0
    while len(src):
        depth += 1
        reached = np.zeros_like(visited)
        reached[heads] = np.bitwise_or.reduceat(frontier[src], starts, axis=0)
        frontier = reached & ~visited
        if not frontier.any():
            break
        visited |= frontier
        total += np.bitwise_count(frontier).sum(axis=1) / depth
    return total


def _within_group_betweenness(groups: Groups):
    out = np.zeros(groups.ix.n)
    for g in groups:
        size = int(groups.size[g])
        if size > 2 and len(groups.ties(g)):
            raw = np.asarray(groups.subgraph(g).betweenness(directed=True), dtype=float)
            out[groups.members(g)] = raw / ((size - 1) * (size - 2))
    return out


@not_implemented_for("multigraph")
def pagerank(G, *, alpha=0.85, weight=None):
    """PageRank of each person, as :func:`networkx.pagerank` computes it.

    Parameters
    ----------
    G : NetworkX graph
    alpha : float
        Damping factor (0.85).
    weight : str, optional
        Edge attribute used as tie strength; ``None`` counts every tie 1.

    Returns
    -------
    dict
        Node -> float, summing to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.DiGraph([("a", "b"), ("c", "b")]))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 10)
    ('b', 1.0)

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. and Winograd, T. (1999). The PageRank citation ranking:
       bringing order to the Web. Stanford InfoLab.
    """
    ix = indexed(G, weight=weight)
    return ix.as_dict(_pagerank(ix, alpha=alpha, weighted=weight is not None), dtype=float)


@not_implemented_for("multigraph")
def betweenness(G, *, k=None, seed=None):
    """Directed shortest-path betweenness, normalized as :func:`networkx.betweenness_centrality`.

    Parameters
    ----------
    G : NetworkX graph
        Undirected graphs count each edge both ways, which gives NetworkX's undirected values.
    k : int, optional
        Estimate from ``k`` pivot sources (exact when ``None`` or ``k >= len(G)``).
    seed : int, optional
        Random seed for the pivots; the same ``k`` and ``seed`` pick NetworkX's pivots.

    Returns
    -------
    dict
        Node -> float: the share of shortest paths between others that pass through the node.

    Examples
    --------
    Krackhardt's kite: Heather (node 7) bridges the two halves.

    >>> import networkx as nx
    >>> b = betweenness(nx.krackhardt_kite_graph())
    >>> max(b, key=b.get), round(b[7], 3)
    (7, 0.389)

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35-41.
    .. [2] Brandes, U. (2008). On variants of shortest-path betweenness centrality and their
       generic computation. Social Networks 30(2), 136-145.
    """
    ix = indexed(G, weight=None)
    return ix.as_dict(_betweenness(ix, pivots=_pivots(ix.n, k, seed)), dtype=float)


@not_implemented_for("multigraph")
def harmonic_closeness(G, *, k=None, seed=None):
    """Harmonic closeness: the mean of ``1 / d(v, u)`` over every other person ``v``.

    Distances run *to* the person along the direction of the ties (how easily others reach them
    by asking around), as in :func:`networkx.harmonic_centrality`, divided by ``n - 1`` so that
    values lie in ``[0, 1]``. Unlike classic closeness it is defined on disconnected networks
    (an unreachable colleague adds 0), which survey networks always are.

    Parameters
    ----------
    G : NetworkX graph
    k : int, optional
        Estimate from ``k`` pivot sources: the mean over the sampled sources other than the node.
    seed : int, optional
        Random seed for the pivots.

    Returns
    -------
    dict
        Node -> float.

    Examples
    --------
    >>> import networkx as nx
    >>> harmonic_closeness(nx.DiGraph([("a", "b"), ("b", "c")]))
    {'a': 0.0, 'b': 0.5, 'c': 0.75}

    References
    ----------
    .. [1] Marchiori, M. and Latora, V. (2000). Harmony in the small-world.
       Physica A 285(3-4), 539-546.
    .. [2] Boldi, P. and Vigna, S. (2014). Axioms for centrality. Internet Mathematics 10, 222-262.
    """
    ix = indexed(G, weight=None)
    return ix.as_dict(_harmonic(ix, pivots=_pivots(ix.n, k, seed)), dtype=float)


@not_implemented_for("multigraph")
def within_group_betweenness(G, attribute):
    """Betweenness of each person inside their own group (e.g. school), exact.

    Each group's induced subgraph (its members and the ties among them) is analysed alone, with
    NetworkX's directed normalization for the group's size.

    Parameters
    ----------
    G : NetworkX graph
    attribute : str
        Node attribute naming the group.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "x")])
    >>> nx.set_node_attributes(G, {"a": "s1", "b": "s1", "c": "s1", "x": "s2"}, "school")
    >>> within_group_betweenness(G, "school")
    {'a': 0.0, 'b': 0.5, 'c': 0.0, 'x': 0.0}
    """
    ix = indexed(G, weight=None)
    group_codes, labels = codes(ix.values(G, attribute, None))
    return ix.as_dict(_within_group_betweenness(Groups(ix, group_codes, labels)), dtype=float)
