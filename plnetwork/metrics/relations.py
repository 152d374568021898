"""The network of one relation (advice, learning ...) or of the union of the name generators."""

from __future__ import annotations

import networkx as nx

from plnetwork.metrics._engine import name_generators, relations_of

__all__ = ["relation_subgraph"]


def relation_subgraph(G, relation=None):
    """The directed network of one relation, or of the union of the name-generator relations.

    Every node of ``G`` is kept, with its attributes (people nobody named are still people). A tie
    is kept when its ``relations`` include ``relation``; its ``weight`` becomes that relation's entry
    in ``weights``. With ``relation=None`` a tie is kept when any of its relations is one of
    ``G.graph["name_generators"]`` (a tie with no ``relations`` at all is kept too) and keeps its
    ``weight``.

    Parameters
    ----------
    G : NetworkX DiGraph
        The network built by :mod:`plnetwork.network`.
    relation : str, optional
        A relation name from ``G.graph["relations"]``; ``None`` for the union.

    Returns
    -------
    DiGraph
        A new graph; its ``graph["relations"]`` and ``graph["name_generators"]`` name what it holds.

    Examples
    --------
    >>> G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    >>> G.add_edge("a", "b", relations=("advice", "learning"), weight=3.0,
    ...            weights={"advice": 3.0, "learning": 1.0})
    >>> G.add_edge("b", "c", relations=("learning",), weight=1.0, weights={"learning": 1.0})
    >>> sorted(relation_subgraph(G, "advice").edges(data="weight"))
    [('a', 'b', 3.0)]
    >>> relation_subgraph(G, "learning")["a"]["b"]["weight"]
    1.0
    >>> relation_subgraph(G).number_of_edges()
    2
    """
    if relation is not None and relation not in relations_of(G):
        raise ValueError(f"relation {relation!r} is not in the graph; it has {relations_of(G)}")
    generators = set(name_generators(G))
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.graph.update(G.graph)
    H.graph["relations"] = [relation] if relation else relations_of(G)
    H.graph["name_generators"] = [relation] if relation else sorted(generators)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        rels = data.get("relations")
        if relation is None:
            if not rels or not generators.isdisjoint(rels):
                H.add_edge(u, v, **data)
        elif rels and relation in rels:
            w = (data.get("weights") or {}).get(relation, data.get("weight", 1.0))
            H.add_edge(u, v, **{**data, "relations": (relation,), "weight": w,
                                "weights": {relation: w}})
    return H
