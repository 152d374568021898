"""Degree measures: how many distinct colleagues name a person, and whom they name."""

from __future__ import annotations

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import indexed

__all__ = ["in_degree", "out_degree", "weighted_in_degree", "weighted_out_degree",
           "reciprocated_degree"]


@not_implemented_for("multigraph")
def in_degree(G, *, relation=None):
    """Number of distinct colleagues who name each person.

    Parameters
    ----------
    G : NetworkX DiGraph
    relation : str, optional
        Count ties in this relation only; ``None`` counts the union of the name generators.

    Returns
    -------
    dict
        Node -> int. Self-nominations do not count.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "a")])
    >>> in_degree(G)
    {'a': 1, 'c': 2, 'b': 0}
    """
    ix = indexed(G, relation=relation, weight=None)
    return ix.as_dict(ix.in_degree)


@not_implemented_for("multigraph")
def out_degree(G, *, relation=None):
    """Number of distinct colleagues each person names.

    Examples
    --------
    >>> import networkx as nx
    >>> out_degree(nx.DiGraph([("a", "c"), ("b", "c"), ("c", "a")]))
    {'a': 1, 'c': 1, 'b': 1}
    """
    ix = indexed(G, relation=relation, weight=None)
    return ix.as_dict(ix.out_degree)


@not_implemented_for("multigraph")
def weighted_in_degree(G, *, relation=None, weight="weight"):
    """Sum of the weights (e.g. frequency-scale values) of the ties naming each person.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 2.0), ("b", "c", 3.0)])
    >>> weighted_in_degree(G)
    {'a': 0.0, 'c': 5.0, 'b': 0.0}
    """
    ix = indexed(G, relation=relation, weight=weight)
    return ix.as_dict(np.bincount(ix.target, weights=ix.weight, minlength=ix.n))


@not_implemented_for("multigraph")
def weighted_out_degree(G, *, relation=None, weight="weight"):
    """Sum of the weights of the ties each person gives.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 2.0), ("a", "b", 3.0)])
    >>> weighted_out_degree(G)
    {'a': 5.0, 'c': 0.0, 'b': 0.0}
    """
    ix = indexed(G, relation=relation, weight=weight)
    return ix.as_dict(np.bincount(ix.source, weights=ix.weight, minlength=ix.n))


def _reciprocated(ix):
    return np.bincount(ix.source[ix.reciprocated], minlength=ix.n)


@not_implemented_for("multigraph")
@not_implemented_for("undirected")
def reciprocated_degree(G, *, relation=None):
    """Number of colleagues with whom each person has a mutual tie (each names the other).

    Examples
    --------
    >>> import networkx as nx
    >>> reciprocated_degree(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    {'a': 1, 'b': 1, 'c': 0}
    """
    ix = indexed(G, relation=relation, weight=None)
    return ix.as_dict(_reciprocated(ix))
