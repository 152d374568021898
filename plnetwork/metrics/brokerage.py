"""Gould–Fernandez brokerage roles: who mediates between whom, within and across groups."""

from __future__ import annotations

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import codes, indexed

__all__ = ["ROLES", "brokerage_roles"]

#: The five Gould–Fernandez roles, for a broker ``b`` on an open two-path ``a -> b -> c``.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

_CHUNK = 2_000_000  # two-paths handled at once, to bound memory


def _two_paths(ix):
    """Yield arrays ``(a, b, c)`` of the open two-paths ``a -> b -> c`` (``a != c``, no ``a -> c``)."""
    order = np.argsort(ix.source, kind="stable")
    out_targets = ix.target[order]
    out_start = np.concatenate([[0], np.cumsum(ix.out_degree)])
    per_tie = ix.out_degree[ix.target]  # continuations of each tie a -> b
    ends = np.cumsum(per_tie)
    first = 0
    while first < ix.m:
        # ties [first, last) whose two-paths fit the chunk (at least one tie per chunk)
        last = max(first + 1, int(np.searchsorted(ends, ends[first] - per_tie[first] + _CHUNK)))
        ties = np.arange(first, min(last, ix.m))
        counts = per_tie[ties]
        total = int(counts.sum())
        if total:
            a = np.repeat(ix.source[ties], counts)
            b = np.repeat(ix.target[ties], counts)
            offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            c = out_targets[out_start[b] + offset]
            keep = a != c
            a, b, c = a[keep], b[keep], c[keep]
            keep = ~ix.has_edge(a, c)
            yield a[keep], b[keep], c[keep]
        first = ties[-1] + 1


def _brokerage(ix, group_codes):
    """``n x 5`` counts of each role (in :data:`ROLES` order) for the partition ``group_codes``."""
    group_codes = np.asarray(group_codes)
    counts = np.zeros(ix.n * len(ROLES), dtype=np.int64)
    for a, b, c in _two_paths(ix):
        ga, gb, gc = group_codes[a], group_codes[b], group_codes[c]
        role = np.select([(ga == gb) & (gb == gc), ga == gc, ga == gb, gb == gc], [0, 1, 2, 3], 4)
        counts += np.bincount(b * len(ROLES) + role, minlength=len(counts))
    return counts.reshape(ix.n, len(ROLES))


@not_implemented_for("undirected")
@not_implemented_for("multigraph")
def brokerage_roles(G, attribute):
    """Gould–Fernandez brokerage: how often each person mediates, in each of five roles.

    A person ``b`` brokers on every two-path ``a -> b -> c`` where ``a`` does not name ``c``
    (in advice terms: ``a`` asks ``b``, ``b`` asks ``c``, ``a`` does not ask ``c``). The role
    depends on the groups (``attribute``, e.g. school or level) of the three people:

    ========================== =============================================
    coordinator                all three in the same group
    itinerant (consultant)     ``a`` and ``c`` share a group, ``b`` does not
    representative             ``b`` in ``a``'s group, ``c`` elsewhere
    gatekeeper                 ``b`` in ``c``'s group, ``a`` elsewhere
    liaison                    all three in different groups
    ========================== =============================================

    Parameters
    ----------
    G : NetworkX DiGraph
    attribute : str
        Node attribute naming the group.

    Returns
    -------
    dict
        Node -> dict role -> int (every role of :data:`ROLES`, zeros included).

    Examples
    --------
    ``b`` (school X) is asked by ``a`` (X) and asks ``c`` (Y): a representative of X.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y"}, "school")
    >>> brokerage_roles(G, "school")["b"]
    {'coordinator': 0, 'itinerant': 0, 'representative': 1, 'gatekeeper': 0, 'liaison': 0}

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89-126.
    """
    ix = indexed(G, weight=None)
    group_codes, _ = codes(ix.values(G, attribute, None))
    table = _brokerage(ix, group_codes).tolist()
    return {v: dict(zip(ROLES, row)) for v, row in zip(ix.nodes, table)}
