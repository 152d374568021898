"""Burt's structural holes: constraint and effective size of each person's ego network."""

from __future__ import annotations

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import indexed

__all__ = ["constraint", "effective_size"]


def _constraint(ix, *, weighted=False):
    values = ix.igraph.constraint(weights="weight" if weighted else None)
    return np.asarray(values, dtype=float)


def _effective_size(ix, *, weighted=False):
    """Burt's effective size from the triangles of the undirected (mutual-weight) graph.

    ``es(i) = sum_j (1 - sum_q p_iq m_jq)`` over contacts ``j`` and ``q`` of ``i``; only
    ``q`` adjacent to both ``i`` and ``j`` contributes, i.e. the triangles ``{i, q, j}``.
    """
    ug = ix.undirected
    n = ix.n
    mutual = np.asarray(ug.es["weight" if weighted else "count"], dtype=float) if ug.ecount() \
        else np.zeros(0)
    ends = np.asarray(ug.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    strength = np.bincount(ends.ravel(), weights=np.repeat(mutual, 2), minlength=n)
    degree = np.bincount(ends.ravel(), minlength=n)
    biggest = np.zeros(n)
    np.maximum.at(biggest, ends[:, 0], mutual)
    np.maximum.at(biggest, ends[:, 1], mutual)
    redundancy = np.zeros(n)
    triangles = np.asarray(ug.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(triangles):
        a, b, c = triangles.T

        keys = np.minimum(ends[:, 0], ends[:, 1]) * n + np.maximum(ends[:, 0], ends[:, 1])
        order = np.argsort(keys)
        keys = keys[order]

        def tie(x, y):
            return mutual[order[np.searchsorted(keys, np.minimum(x, y) * n + np.maximum(x, y))]]

        ab, bc, ac = tie(a, b), tie(b, c), tie(a, c)
        # (ego i, through q, contact j, weight i-q, weight j-q) for the six orders of a triangle
        for i, q, j, w_iq, w_jq in ((a, b, c, ab, bc), (a, c, b, ac, bc), (b, a, c, ab, ac),
                                    (b, c, a, bc, ac), (c, a, b, ac, ab), (c, b, a, bc, ab)):
            contrib = w_iq / strength[i] * w_jq / biggest[j]
            redundancy += np.bincount(i, weights=contrib, minlength=n)
    out = degree - redundancy
    out[degree == 0] = np.nan
    return out


@not_implemented_for("multigraph")
def constraint(G, *, weight=None):
    """Burt's constraint: how much a person's contacts are tied to each other (redundancy).

    ``c(i) = sum_j (p_ij + sum_q p_iq p_qj)^2`` over the contacts ``j`` of ``i`` (colleagues tied
    in either direction), where ``p_ij`` is the share of ``i``'s tie weight (both directions)
    spent on ``j``. Low constraint means access to otherwise disconnected colleagues. Undefined
    (NaN) for a person with no ties. Computed by igraph; equal to :func:`networkx.constraint`
    (which, without SciPy, also returns NaN for people who are named but name nobody).

    Parameters
    ----------
    G : NetworkX graph
    weight : str, optional
        Edge attribute used as tie strength; ``None`` counts every tie 1.

    Returns
    -------
    dict
        Node -> float.

    Examples
    --------
    Burt's example ego with three contacts, two of them tied to each other:

    >>> import networkx as nx
    >>> G = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> round(constraint(G)["ego"], 4)
    0.6111

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
       Harvard University Press.
    .. [2] Burt, R. S. (2004). Structural holes and good ideas. American Journal of Sociology
       110(2), 349-399.
    """
    ix = indexed(G, weight=weight)
    return ix.as_dict(_constraint(ix, weighted=weight is not None))


@not_implemented_for("multigraph")
def effective_size(G, *, weight=None):
    """Burt's effective size: the number of contacts minus their redundancy.

    ``es(i) = sum_j (1 - sum_q p_iq m_jq)`` with ``p_iq`` the share of ``i``'s tie weight spent on
    ``q`` and ``m_jq`` the weight of ``j``'s tie to ``q`` over ``j``'s strongest tie (ties in
    either direction, weights summed). Without weights on an undirected graph this is Borgatti's
    ``n - 2t/n``. Undefined (NaN) for a person with no ties. Equal to
    :func:`networkx.effective_size`.

    Parameters
    ----------
    G : NetworkX graph
    weight : str, optional
        Edge attribute used as tie strength; ``None`` counts every tie 1.

    Examples
    --------
    Three contacts, two of them tied: ``3 - 2 * 1 / 3``.

    >>> import networkx as nx
    >>> G = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> round(effective_size(G)["ego"], 4)
    2.3333

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
       Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1), 35-38.
    """
    ix = indexed(G, weight=weight)
    return ix.as_dict(_effective_size(ix, weighted=weight is not None))
