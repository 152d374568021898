"""How concentrated nominations are: Freeman in-degree centralization and the Gini coefficient."""

from __future__ import annotations

import math

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import indexed

__all__ = ["in_degree_centralization", "gini", "in_degree_gini"]


def _centralization(in_degree):
    d = np.asarray(in_degree, dtype=float)
    n = len(d)
    if n < 2:
        return math.nan
    return float((d.max() - d).sum() / ((n - 1) ** 2))


def _gini(values):
    x = np.sort(np.asarray(values, dtype=float))
    n, total = len(x), x.sum() if len(x) else 0.0
    if n == 0 or total == 0:
        return math.nan
    ranks = np.arange(1, n + 1)
    return float(2 * (ranks * x).sum() / (n * total) - (n + 1) / n)


@not_implemented_for("undirected")
def in_degree_centralization(G, *, relation=None):
    """Freeman's in-degree centralization: how far nominations converge on one person.

    ``sum_i (max_d - d_i) / (n - 1)^2`` for in-degrees ``d`` of the ``n`` people; 1 for a star in
    which everyone names the centre, 0 when everyone is named equally often. NaN for fewer than
    two people.

    Parameters
    ----------
    G : NetworkX DiGraph
    relation : str, optional
        Ties in this relation only; ``None`` is the union of the name generators.

    Examples
    --------
    >>> import networkx as nx
    >>> in_degree_centralization(nx.DiGraph([(i, 0) for i in range(1, 6)]))
    1.0
    >>> in_degree_centralization(nx.cycle_graph(6, create_using=nx.DiGraph))
    0.0

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215-239.
    """
    return _centralization(indexed(G, relation=relation, weight=None).in_degree)


def gini(values):
    """Gini coefficient of non-negative values: 0 when all are equal, near 1 when one has all.

    NaN when there are no values or they sum to 0.

    Examples
    --------
    >>> gini([2, 2, 2, 2])
    0.0
    >>> gini([0, 0, 0, 4])
    0.75

    References
    ----------
    .. [1] Gini, C. (1912). Variabilità e mutabilità. Bologna: C. Cuppini.
    """
    return _gini(values)


@not_implemented_for("undirected")
def in_degree_gini(G, *, relation=None):
    """Gini coefficient of in-degrees: how unequally people are sought out.

    Examples
    --------
    >>> import networkx as nx
    >>> round(in_degree_gini(nx.DiGraph([(1, 0), (2, 0), (0, 1)])), 4)
    0.4444
    """
    return _gini(indexed(G, relation=relation, weight=None).in_degree)
