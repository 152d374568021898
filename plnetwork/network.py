"""Roster + nominations -> a NetworkX ``DiGraph``: roster people first, so people nobody named exist."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from .model import NAME_GENERATORS

__all__ = ["build_graph", "node_attributes"]


def node_attributes(value):
    """A roster cell as a GraphML-safe attribute: missing -> ``""``, numpy scalars -> Python."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "item"):
        return value.item()
    return value


def build_graph(roster: pd.DataFrame, nominations: pd.DataFrame, respondents: pd.DataFrame | None = None,
                *, name_generators=NAME_GENERATORS) -> nx.DiGraph:
    """The network of one wave: an edge ``u -> v`` when ``u`` named ``v`` in any relation.

    Node attributes are the roster's columns plus ``responded``. Edge attributes: ``relations`` (tuple of
    the relations naming the tie), ``weights`` (relation -> weight; 1.0 for a plain nomination),
    ``weight`` (the largest of them), and the ``source`` and ``match`` of the first nomination.
    ``G.graph["relations"]`` lists the relations present and ``G.graph["name_generators"]`` those whose
    union is the default network (all relations when none of them is a name generator).

    Examples
    --------
    >>> roster = pd.DataFrame({"staff_id": ["1", "2", "3"], "name": ["A", "B", "C"]})
    >>> noms = pd.DataFrame({"respondent_id": ["1", "1"], "nominee_id": ["2", "2"],
    ...                      "relation": ["advice", "learning"], "weight": [None, None],
    ...                      "source": ["choice", "choice"], "match": ["exact", "exact"]})
    >>> G = build_graph(roster, noms, pd.DataFrame({"staff_id": ["1"]}))
    >>> sorted(G.nodes), G.edges["1", "2"]["relations"], G.nodes["1"]["responded"]
    (['1', '2', '3'], ('advice', 'learning'), True)
    """
    G = nx.DiGraph()
    answered = set(respondents["staff_id"]) if respondents is not None else set()
    columns = list(roster.columns)
    for values in roster.itertuples(index=False, name=None):
        attrs = {column: node_attributes(value) for column, value in zip(columns, values)}
        attrs["formal_leader"] = bool(attrs.get("formal_leader") or False)
        attrs["responded"] = attrs["staff_id"] in answered
        G.add_node(attrs.pop("staff_id"), **attrs)
    columns = ["respondent_id", "nominee_id", "relation", "weight", "source", "match"]
    ties: dict[tuple, dict] = {}   # gathered in plain dicts first: one add_edges_from is far faster
    relations: dict[str, None] = {}
    for u, v, relation, weight, source, match in zip(*(nominations[c].tolist() for c in columns)):
        relations[relation] = None
        weight = 1.0 if weight is None or weight != weight else float(weight)
        tie = ties.get((u, v))
        if tie is None:
            ties[u, v] = {"weights": {relation: weight}, "source": source, "match": match}
        else:
            weights = tie["weights"]
            weights[relation] = max(weight, weights.get(relation, weight))
    G.add_edges_from((u, v, {"relations": tuple(sorted(tie["weights"])), "weights": tie["weights"],
                             "weight": max(tie["weights"].values()), "source": tie["source"],
                             "match": tie["match"]})
                     for (u, v), tie in ties.items())
    G.graph["relations"] = sorted(relations)
    G.graph["name_generators"] = [r for r in name_generators if r in relations] or sorted(relations)
    return G
