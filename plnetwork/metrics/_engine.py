"""Index a NetworkX graph once — integer arrays plus an igraph graph — for the heavy measures.

NetworkX stays the model and the public API: every measure in :mod:`plnetwork.metrics` takes a
NetworkX graph and returns plain Python. Internally the graph is turned once into an
:class:`Indexed` (node ``i`` is ``nodes[i]``; ties as ``source``/``target``/``weight`` arrays, self
loops dropped) that the measures share, and that builds an :class:`igraph.Graph` when one is needed.
"""

from __future__ import annotations

from functools import cached_property

import igraph as ig
import numpy as np

__all__ = ["Indexed", "indexed", "name_generators", "relations_of", "codes", "Groups"]


def relations_of(G) -> list[str]:
    """The relations present in ``G`` (``G.graph["relations"]``, else those found on edges)."""
    if G.graph.get("relations"):
        return list(G.graph["relations"])
    found = dict.fromkeys(r for _, _, rels in G.edges(data="relations") if rels for r in rels)
    return list(found)


def name_generators(G) -> list[str]:
    """The relations whose union is the default network (``G.graph["name_generators"]``)."""
    gens = G.graph.get("name_generators")
    return list(gens) if gens else relations_of(G)


def _edge_weight(data, relation, weight):
    if weight is None:
        return 1.0
    if relation is not None and weight == "weight":
        value = (data.get("weights") or {}).get(relation, data.get("weight", 1.0))
    else:
        value = data.get(weight, 1.0)
    return float(1.0 if value is None else value)


class Indexed:
    """A graph as integer arrays: ``nodes``, ``source``, ``target``, ``weight``.

    Directed throughout; an undirected input contributes each edge in both directions.
    ``per_relation`` holds ``(source, target)`` arrays for every relation found on the ties.
    """

    def __init__(self, nodes, source, target, weight, *, per_relation=None):
        self.nodes = list(nodes)
        self.n = len(self.nodes)
        self.source = np.asarray(source, dtype=np.int64)
        self.target = np.asarray(target, dtype=np.int64)
        self.weight = np.asarray(weight, dtype=float)
        self.m = len(self.source)
        self.per_relation = per_relation or {}

    @cached_property
    def index(self) -> dict:
        return {v: i for i, v in enumerate(self.nodes)}

    @cached_property
    def igraph(self) -> ig.Graph:
        """The directed igraph graph (vertex ``i`` is ``nodes[i]``), edge attribute ``weight``."""
        # a list of pairs: igraph reads it about 8x faster than a NumPy array
        edges = list(zip(self.source.tolist(), self.target.tolist()))
        g = ig.Graph(n=self.n, edges=edges, directed=True)
        g.es["weight"] = self.weight.tolist()
        return g

    @cached_property
    def undirected(self) -> ig.Graph:
        """The simple undirected graph; edge ``weight`` is the mutual weight ``w_ij + w_ji`` and
        ``count`` the number of ties between the two (1 or 2)."""
        g = self.igraph.copy()
        g.es["count"] = 1.0
        return g.as_undirected(mode="collapse", combine_edges={"weight": "sum", "count": "sum"})

    @cached_property
    def keys(self) -> np.ndarray:
        """Sorted tie keys ``source * n + target`` for fast membership tests."""
        return np.sort(self.source * self.n + self.target)

    def has_edge(self, source, target) -> np.ndarray:
        """Whether each ``source[i] -> target[i]`` is a tie (vectorized)."""
        keys = np.asarray(source, dtype=np.int64) * self.n + np.asarray(target, dtype=np.int64)
        pos = np.searchsorted(self.keys, keys)
        pos[pos == len(self.keys)] = 0
        return (self.keys[pos] == keys) if len(self.keys) else np.zeros(len(keys), bool)

    @cached_property
    def in_degree(self) -> np.ndarray:
        return np.bincount(self.target, minlength=self.n)

    @cached_property
    def out_degree(self) -> np.ndarray:
        return np.bincount(self.source, minlength=self.n)

    @cached_property
    def reciprocated(self) -> np.ndarray:
        """Per tie, whether the reverse tie exists."""
        return self.has_edge(self.target, self.source)

    def values(self, G, attribute, default=""):
        """Node attribute values in index order (the order of ``G``'s nodes)."""
        return [data.get(attribute, default) for _, data in G.nodes(data=True)]

    def as_dict(self, values, *, dtype=None) -> dict:
        """Node -> value for an array in index order, as plain Python numbers (``.tolist()``)."""
        return dict(zip(self.nodes, np.asarray(values, dtype=dtype).tolist()))


def indexed(G, *, relation=None, weight="weight") -> Indexed:
    """Index ``G``'s ties in ``relation``, or in the union of its name generators when ``None``.

    A tie belongs to the union when any of its ``relations`` is a name generator (or it carries no
    ``relations`` at all, as in a plain NetworkX graph). Its weight is the ``weight`` attribute,
    or for one relation that relation's entry in ``weights``; ``weight=None`` counts every tie 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    >>> G.add_edge("a", "b", relations=("advice",), weight=2.0, weights={"advice": 2.0})
    >>> G.add_edge("b", "c", relations=("learning",), weight=1.0, weights={"learning": 1.0})
    >>> indexed(G).m, indexed(G, relation="advice").m
    (2, 1)
    """
    if relation is not None and relation not in relations_of(G):
        raise ValueError(f"relation {relation!r} is not in the graph; it has {relations_of(G)}")
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    generators = set(name_generators(G))
    directed = G.is_directed()
    # One pass over the ties, bucketed by their tuple of relations (there are few distinct ones):
    # relations tuple -> (kept?, positions, sources, targets, weights of kept ties)
    buckets: dict[tuple, tuple] = {}
    position = 0
    for u, neighbours in G.adjacency():
        i = index[u]
        for v, data in neighbours.items():
            j = index[v]
            if j == i or (not directed and j < i):  # self-nominations; undirected edges once
                continue
            rels = data.get("relations") or ()
            if rels.__class__ is not tuple:
                rels = tuple(rels)
            bucket = buckets.get(rels)
            if bucket is None:
                keep = (not rels or not generators.isdisjoint(rels)) if relation is None \
                    else relation in rels
                bucket = buckets[rels] = (keep, [], [], [], [])
            bucket[1].append(position)
            bucket[2].append(i)
            bucket[3].append(j)
            if bucket[0]:
                bucket[4].append(_edge_weight(data, relation, weight))
            position += 1
    source, target, weights = _gather([b for b in buckets.values() if b[0]], directed, True)
    per_relation = {}
    for r in dict.fromkeys(r for rels in buckets for r in rels):
        s, t, _ = _gather([b for rels, b in buckets.items() if r in rels], directed, False)
        per_relation[r] = (s, t)
    return Indexed(nodes, source, target, weights, per_relation=per_relation)


def _gather(buckets, directed, with_weights):
    """Concatenate buckets back into the graph's tie order; both directions when undirected."""
    if not buckets:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    order = np.argsort(np.concatenate([np.asarray(b[1], dtype=np.int64) for b in buckets]))
    source = np.concatenate([np.asarray(b[2], dtype=np.int64) for b in buckets])[order]
    target = np.concatenate([np.asarray(b[3], dtype=np.int64) for b in buckets])[order]
    weight = (np.concatenate([np.asarray(b[4], dtype=float) for b in buckets])[order]
              if with_weights else None)
    if not directed:
        source, target = np.concatenate([source, target]), np.concatenate([target, source])
        weight = None if weight is None else np.concatenate([weight, weight])
    return source, target, weight


def codes(values) -> tuple[np.ndarray, list]:
    """Integer codes for a sequence of hashable labels, and the labels in order of first sight.

    >>> codes(["b", "a", "b"])
    (array([0, 1, 0]), ['b', 'a'])
    """
    labels: dict = {}
    out = np.fromiter((labels.setdefault(x, len(labels)) for x in values), dtype=np.int64,
                      count=len(values))
    return out, list(labels)


class Groups:
    """Node groups (codes ``>= 0``; ``-1`` is no group) and each group's internal ties.

    ``members(g)`` are the group's node indices; ``subgraph(g)`` is its induced directed igraph
    graph, vertex ``k`` being ``members(g)[k]``. Built once in ``O(n + m)``.
    """

    def __init__(self, ix: Indexed, group_codes, labels):
        self.ix = ix
        self.codes = np.asarray(group_codes, dtype=np.int64)
        self.labels = list(labels)
        valid = self.codes >= 0
        order = np.argsort(np.where(valid, self.codes, len(self.labels)), kind="stable")
        counts = np.bincount(self.codes[valid], minlength=len(self.labels))
        self._order = order
        self._start = np.concatenate([[0], np.cumsum(counts)])
        self.size = counts
        self.local = np.empty(ix.n, dtype=np.int64)  # position of a node inside its group
        sorted_codes = np.where(valid, self.codes, len(self.labels))[order]
        self.local[order] = np.arange(ix.n) - self._start[sorted_codes]
        cs, ct = self.codes[ix.source], self.codes[ix.target]
        self.internal = (cs == ct) & (cs >= 0)  # per tie
        tie_ids = np.flatnonzero(self.internal)
        tie_ids = tie_ids[np.argsort(cs[tie_ids], kind="stable")]
        self._ties = tie_ids
        self._subgraphs: dict[int, ig.Graph] = {}
        self._tie_start = np.concatenate(
            [[0], np.cumsum(np.bincount(cs[tie_ids], minlength=len(self.labels)))])

    def members(self, g) -> np.ndarray:
        return self._order[self._start[g]:self._start[g + 1]]

    def ties(self, g) -> np.ndarray:
        """Indices of the group's internal ties."""
        return self._ties[self._tie_start[g]:self._tie_start[g + 1]]

    def local_edges(self, g) -> tuple[np.ndarray, np.ndarray]:
        t = self.ties(g)
        return self.local[self.ix.source[t]], self.local[self.ix.target[t]]

    def subgraph(self, g) -> ig.Graph:
        """The group's induced directed subgraph (built once, then cached)."""
        if g not in self._subgraphs:
            self._subgraphs[g] = self.ix.igraph.induced_subgraph(self.members(g).tolist())
        return self._subgraphs[g]

    def __iter__(self):
        return iter(range(len(self.labels)))
