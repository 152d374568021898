"""Every measure and classification of one wave, in one call: :func:`analyze_graph`.

The graph is indexed once (integer arrays and an igraph graph); each step below reads that index.
The result is a table of people, a JSON-ready summary, and the graph with the measures added to
its nodes (GraphML-safe: str, int, float, bool; a measure undefined for a person — e.g. Burt's
constraint of someone with no ties — is left off that node and is NaN in the table).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from networkx.utils import not_implemented_for

from plnetwork.leadership import (ISOLATION_STATUSES, Structure, _brokers, _distributions,
                                  _isolation_status, _leader_status, _leadership_in,
                                  _level_matrix, _member_team_share, _spread, _team_ties,
                                  structure)
from plnetwork.metrics._engine import Groups, Indexed, indexed, name_generators, relations_of
from plnetwork.metrics.brokerage import ROLES, _brokerage
from plnetwork.metrics.centrality import (_betweenness, _harmonic, _pagerank, _pivots,
                                          _within_group_betweenness)
from plnetwork.metrics.centralization import _centralization, _gini
from plnetwork.metrics.cohesion import _density, _ei, _group_ei, _ratio
from plnetwork.metrics.communities import LOUVAIN_NETWORKX_MAX_NODES, _louvain, _modularity
from plnetwork.metrics.fragility import _single_points_of_failure
from plnetwork.metrics.relations import relation_subgraph
from plnetwork.metrics.structural_holes import _constraint, _effective_size

__all__ = ["Analysis", "analyze_graph", "relation_subgraph", "IDENTITY_COLUMNS",
           "BETWEENNESS_SAMPLE_ABOVE", "BETWEENNESS_PIVOTS"]

#: Roster columns that lead the people table (the graph already holds them as node attributes).
IDENTITY_COLUMNS = ["staff_id", "name", "school", "role", "level", "formal_leader", "team",
                    "responded"]

#: Whole-network betweenness and closeness are exact up to this many people; above, estimated
#: from :data:`BETWEENNESS_PIVOTS` sources. Exact igraph betweenness takes about 1 s at 5,000
#: staff, 4 s at 10,000 and 150 s at 50,000 (five ties each); 500 pivots take 0.2 s and 1.5 s.
BETWEENNESS_SAMPLE_ABOVE = 5_000
BETWEENNESS_PIVOTS = 500


@dataclass
class Analysis:
    """The analysis of one wave.

    Attributes
    ----------
    people : DataFrame
        One row per person (every node of the graph): identity columns, measures, classifications.
    summary : dict
        JSON-ready: ``network``, ``schools`` (by school), ``district`` (the district office unit),
        ``levels`` (by level, and ``matrix[from_level][to_level]``), ``teams`` (by
        ``"school/team"``), ``parameters`` (every threshold, and whether betweenness was sampled).
    graph : networkx.DiGraph
        The analysed graph, its nodes carrying the measures.
    timings : dict
        Seconds spent in each step.
    """

    people: pd.DataFrame
    summary: dict
    graph: object
    timings: dict = field(default_factory=dict)
    ties: pd.DataFrame | None = None
    issues: object = None


def _plain(value):
    """JSON-ready: numpy scalars to Python, NaN and infinities to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _measures(st: Structure, members, ties, sub, status, isolation, broker, spof):
    """The network measures of a set of people (``members``), its internal ``ties`` and igraph
    subgraph ``sub`` (``None`` for the whole network)."""
    ix = st.ix
    n, m = len(members), len(ties)
    responded = int(st.responded[members].sum())
    whole = sub is None
    sub = ix.igraph if whole else sub
    simple = ix.undirected if whole else sub.as_undirected(mode="collapse")
    within = np.asarray(sub.indegree(), dtype=float)  # in-degree from inside the group
    components = sub.connected_components(mode="weak").sizes() if n else []
    counts = {s: int((isolation[members] == s).sum()) for s in ISOLATION_STATUSES}
    return {
        "staff": n,
        "respondents": responded,
        "response_rate": _ratio(responded, n),
        "ties": m,
        "density": _density(n, m),
        "reciprocity": _ratio(int(ix.reciprocated[ties].sum()), m),
        "transitivity": float(simple.transitivity_undirected(mode="zero")),
        "components": len(components),
        "largest_component": max(components, default=0),
        "in_degree_centralization": _centralization(within),
        "gini": _gini(within),
        "formal_leaders": int((status[members] == "formal").sum()),
        "informal_leaders": int((status[members] == "informal").sum()),
        **counts,
        "brokers": int(broker[members].sum()),
        "single_points_of_failure": int(spof[members].sum()),
    }


def _group_summaries(st: Structure, groups: Groups, status, isolation, broker, spof):
    ei = (_group_ei(st.ix, groups.codes, len(groups.labels)) if (groups.codes >= 0).all()
          else None)
    result = {}
    for g, label in enumerate(groups.labels):
        entry = _measures(st, groups.members(g), groups.ties(g), groups.subgraph(g), status,
                          isolation, broker, spof)
        if ei is not None:
            entry["ties_out_of_group"], _, entry["ei_index"] = ei[g]
        result[label] = entry
    return result


def _district_ties(st: Structure):
    """Per school unit: ties (either direction) with district staff, and with other schools."""
    ix, k = st.ix, len(st.units.labels)
    result = np.zeros((k, 2), dtype=np.int64)
    for a, b in ((ix.source, ix.target), (ix.target, ix.source)):
        ua, ub = st.units.codes[a], st.units.codes[b]
        school_side = ~st.is_district[a]
        to_district = school_side & st.is_district[b]
        to_school = school_side & ~st.is_district[b] & (ua != ub)
        result[:, 0] += np.bincount(ua[to_district], minlength=k)
        result[:, 1] += np.bincount(ua[to_school], minlength=k)
    return result


@contextmanager
def _timed(timings, step):
    start = time.perf_counter()
    yield
    timings[step] = round(time.perf_counter() - start, 4)


@not_implemented_for("undirected")
@not_implemented_for("multigraph")
def analyze_graph(G, *, relation=None, min_in_degree=3, top_share=0.10, broker_top_share=0.10,
                  min_brokerage=1, leadership_relation="leadership", weighted=False,
                  betweenness_sample_above=BETWEENNESS_SAMPLE_ABOVE,
                  betweenness_pivots=BETWEENNESS_PIVOTS,
                  louvain_networkx_max_nodes=LOUVAIN_NETWORKX_MAX_NODES, min_cut_off=1, seed=42):
    """Measure and classify everyone in one wave's network.

    Parameters
    ----------
    G : networkx.DiGraph
        From :func:`plnetwork.network.build_graph`: roster people as nodes (``school``, ``role``,
        ``level``, ``formal_leader``, ``team``, ``responded`` ...), ties ``u -> v`` when ``u``
        named ``v`` (``relations``, ``weight``, ``weights``). Measures are added to its nodes.
    relation : str, optional
        Analyse one relation; ``None`` analyses the union of ``G.graph["name_generators"]``.
        With several relations, per-relation ``in_degree_<relation>`` and ``out_degree_<relation>``
        columns are added either way, and on the union also ``pagerank_<relation>`` and, up to
        ``betweenness_sample_above`` people, ``betweenness_<relation>`` (each relation's own network;
        above that size analyse one relation with ``relation=`` for its betweenness).
    min_in_degree : int
        Fewest colleagues naming an informal leader.
    top_share : float
        Informal leaders rank in the top ``top_share`` of their school by in-degree: fewer than
        ``ceil(top_share * staff)`` colleagues named more often (ties at the cut-off all in).
    broker_top_share : float
        Brokers rank in the top ``broker_top_share`` (same rule) of their school on betweenness
        within the school, or of all staff on Gould–Fernandez brokerage across schools or across
        levels (see :func:`plnetwork.leadership.brokers`).
    min_brokerage : int
        Fewest cross-group Gould–Fernandez roles that can make a broker.
    leadership_relation : str, optional
        The relation that asks who is seen as a leader (counts toward informal leadership).
    weighted : bool
        Use tie weights (frequency) in PageRank, constraint and effective size.
    betweenness_sample_above : int
        Above this many people whole-network betweenness and closeness are estimated from
        ``betweenness_pivots`` sources (NetworkX's pivot sampling); within-school betweenness is
        always exact.
    betweenness_pivots : int
    louvain_networkx_max_nodes : int
        Louvain runs in NetworkX up to this size, in igraph above (both seeded).
    min_cut_off : int
        A single point of failure cuts at least this many colleagues off their school or team.
    seed : int
        Seed for pivots and communities: the same input gives the same output.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> for i, name in enumerate(["Ana", "Ben", "Cal", "Dee", "Eve"]):
    ...     G.add_node(str(i), name=name, school="Lincoln", role="Teacher", level="classroom",
    ...                formal_leader=False, team="", responded=i < 4)
    >>> G.add_edges_from([("1", "0"), ("2", "0"), ("3", "0"), ("0", "1")])
    >>> result = analyze_graph(G)
    >>> p = result.people.set_index("staff_id")
    >>> int(p.loc["0", "in_degree"]), p.loc["0", "leader_status"]
    (3, 'informal')
    >>> result.people["isolation_status"].tolist()
    ['connected', 'connected', 'not_sought', 'not_sought', 'unknown']
    >>> result.summary["schools"]["Lincoln"]["informal_leaders"], G.nodes["0"]["leader_status"]
    (1, 'informal')
    """
    timings: dict[str, float] = {}
    with _timed(timings, "index"):
        ix = indexed(G, relation=relation)
        st = structure(G, ix)
        ix.igraph  # noqa: B018  (built once, here, for every igraph step)
    n = ix.n
    cols: dict[str, object] = {}  # the people table's measure columns, in order
    with _timed(timings, "degree"):
        cols.update(_degrees(ix, leadership_relation))
    with _timed(timings, "pagerank"):
        cols["pagerank"] = _pagerank(ix, weighted=weighted)
    pivots = _pivots(n, betweenness_pivots if n > betweenness_sample_above else None, seed)
    with _timed(timings, "betweenness"):
        cols["betweenness"] = _betweenness(ix, pivots=pivots)
    with _timed(timings, "per_relation"):
        if relation is None and len(ix.per_relation) > 1:
            cols.update(_per_relation_centrality(G, ix, weighted=weighted,
                                                 with_betweenness=pivots is None))
    with _timed(timings, "school_betweenness"):
        cols["school_betweenness"] = _within_group_betweenness(st.units)
    with _timed(timings, "closeness"):
        cols["closeness"] = _harmonic(ix, pivots=pivots)
    with _timed(timings, "structural_holes"):
        cols["constraint"] = _constraint(ix, weighted=weighted)
        cols["effective_size"] = _effective_size(ix, weighted=weighted)
    with _timed(timings, "core_number"):
        cols["core_number"] = np.asarray(ix.undirected.coreness(), dtype=np.int64)
    with _timed(timings, "brokerage"):
        roles = {"school": _brokerage(ix, st.units.codes), "level": _brokerage(ix, st.levels.codes)}
    with _timed(timings, "communities"):
        cols["community"], engine = _louvain(ix, seed=seed,
                                             networkx_max_nodes=louvain_networkx_max_nodes)
        modularity = {
            "modularity_teams": _modularity(ix, st.teams.codes),
            "modularity_schools": _modularity(ix, st.units.codes),
            "modularity_communities": _modularity(ix, cols["community"]),
            "communities": len(np.unique(cols["community"])),
        }
    with _timed(timings, "classification"):
        status, cols["leader_reason"], cols["school_rank"] = _leader_status(
            st, ix.in_degree, leadership_in=cols.get("leadership_in_degree"),
            min_in_degree=min_in_degree, top_share=top_share)
        cols["leader_status"] = status
        cols["isolation_status"] = _isolation_status(ix.in_degree, ix.out_degree, st.responded)
        kinds, reasons = _brokers(st, cols["school_betweenness"], roles["school"], roles["level"],
                                  top_share=broker_top_share, min_brokerage=min_brokerage)
        cols["broker"] = kinds[0] | kinds[1] | kinds[2]
        cols["broker_reason"] = reasons
        cols.update(broker_within_school=kinds[0], broker_across_schools=kinds[1],
                    broker_across_levels=kinds[2])
        for prefix, counts in roles.items():
            cols.update({f"{prefix}_{role}": counts[:, k] for k, role in enumerate(ROLES)})
    with _timed(timings, "fragility"):
        found = _single_points_of_failure(ix, st.units, st.teams, st.is_district,
                                          min_cut_off=min_cut_off)
        cols["single_point_of_failure"] = np.isin(np.arange(n), list(found))
        cols["spof_reason"] = ["; ".join(found.get(i, ())) for i in range(n)]
        cols["team_tie_share"] = _member_team_share(st)
    with _timed(timings, "people"):
        people = _people(G, ix, st, cols)
    with _timed(timings, "summary"):
        summary = _summary(st, status, cols["isolation_status"], cols["broker"],
                           cols["single_point_of_failure"], modularity, cols["team_tie_share"])
        summary["parameters"] = {
            "relation": relation, "relations": relations_of(G),
            "name_generators": name_generators(G), "min_in_degree": min_in_degree,
            "top_share": top_share, "broker_top_share": broker_top_share,
            "min_brokerage": min_brokerage, "leadership_relation": leadership_relation,
            "leadership_relation_present": "leadership_in_degree" in cols,
            "weighted": weighted, "min_cut_off": min_cut_off, "seed": seed,
            "betweenness": {"sampled": pivots is not None,
                            "pivots": None if pivots is None else len(pivots),
                            "sample_above": betweenness_sample_above, "within_school": "exact",
                            "per_relation": pivots is None},
            "closeness": {"variant": "harmonic, incoming distances, normalized by n - 1",
                          "sampled": pivots is not None},
            "communities": {"algorithm": "louvain", "engine": engine, "seed": seed,
                            "networkx_max_nodes": louvain_networkx_max_nodes},
            "pagerank": {"damping": 0.85, "weighted": weighted},
        }
        summary = _plain(summary)
    with _timed(timings, "graph"):
        _annotate(G, people, set(cols) | {"school_unit"})
    return Analysis(people=people, summary=summary, graph=G, timings=timings)


def _per_relation_centrality(G, ix, *, weighted, with_betweenness):
    """PageRank (and, where the whole network's is exact, betweenness) in each relation's own network,
    as ``pagerank_<relation>`` and ``betweenness_<relation>``."""
    cols = {}
    for r, (source, target) in ix.per_relation.items():
        # the union's arrays already hold each relation's ties; weights need the graph itself
        rx = indexed(G, relation=r) if weighted else Indexed(ix.nodes, source, target, np.ones(len(source)))
        cols[f"pagerank_{r}"] = _pagerank(rx, weighted=weighted)
        if with_betweenness:
            cols[f"betweenness_{r}"] = _betweenness(rx)
    return cols


def _degrees(ix, leadership_relation):
    n = ix.n
    cols = {"in_degree": ix.in_degree, "out_degree": ix.out_degree,
            "weighted_in_degree": np.bincount(ix.target, weights=ix.weight, minlength=n),
            "weighted_out_degree": np.bincount(ix.source, weights=ix.weight, minlength=n),
            "reciprocated": np.bincount(ix.source[ix.reciprocated], minlength=n)}
    leadership_in = _leadership_in(ix, leadership_relation)
    if leadership_in is not None:
        cols["leadership_in_degree"] = leadership_in
    if len(ix.per_relation) > 1:
        for r, (s, t) in ix.per_relation.items():
            cols[f"in_degree_{r}"] = np.bincount(t, minlength=n)
            cols[f"out_degree_{r}"] = np.bincount(s, minlength=n)
    return cols


_ORDER = ["in_degree", "out_degree", "weighted_in_degree", "weighted_out_degree", "pagerank",
          "betweenness", "school_betweenness", "closeness", "constraint", "effective_size",
          "core_number", "reciprocated", "leader_status", "leader_reason", "school_rank",
          "isolation_status", "broker", "broker_reason", "single_point_of_failure",
          "spof_reason"]


def _people(G, ix, st, cols):
    """The people table: identity columns, the measures, then any other roster column."""
    table = {"staff_id": [str(v) for v in ix.nodes]}
    for column, default in (("name", ""), ("school", ""), ("role", ""), ("level", ""),
                            ("formal_leader", False), ("team", ""), ("responded", False)):
        values = ix.values(G, column, default)
        table[column] = ([bool(v) for v in values] if isinstance(default, bool)
                         else ["" if v is None else v for v in values])
    table["school_unit"] = [st.units.labels[c] for c in st.units.codes.tolist()]
    table.update({c: cols[c] for c in _ORDER})
    table.update({c: v for c, v in cols.items() if c not in table})
    earlier = set(G.graph.get("measures", ()))   # an earlier analysis's measures are not roster columns
    extra = dict.fromkeys(k for _, data in G.nodes(data=True) for k in data
                          if k not in table and k not in earlier)
    for column in extra:  # other roster columns, kept for disaggregation
        table[column] = ix.values(G, column, "")
    return pd.DataFrame(table)


_NOT_ON_GRAPH = set(IDENTITY_COLUMNS) | {"email"}


def _annotate(G, people, measures):
    """Write the measures onto the nodes (GraphML-safe; NaN values are left off), replacing those of
    an earlier analysis of the same graph; ``G.graph["measures"]`` names them."""
    columns = [c for c in people.columns if c not in _NOT_ON_GRAPH and (
        pd.api.types.is_numeric_dtype(people[c]) or pd.api.types.is_bool_dtype(people[c])
        or pd.api.types.is_string_dtype(people[c]))]
    values = [people[c].tolist() for c in columns]
    attributes = [data for _, data in G.nodes(data=True)]  # the rows' order
    for data in attributes:
        for key in G.graph.get("measures", ()):
            data.pop(key, None)
    G.graph["measures"] = [c for c in columns if c in measures]
    for data, row in zip(attributes, zip(*values)):
        data.update(zip(columns, row))
    for c in columns:  # an undefined measure (NaN) is left off its node
        if pd.api.types.is_float_dtype(people[c]):
            for k in np.flatnonzero(people[c].isna().to_numpy()).tolist():
                del attributes[k][c]


def _summary(st: Structure, status, isolation, broker, spof, modularity, team_share):
    ix = st.ix
    everyone = np.arange(ix.n)
    network = _measures(st, everyone, np.arange(ix.m), None, status, isolation, broker, spof)
    same_unit = st.units.codes[ix.source] == st.units.codes[ix.target]
    same_level = st.levels.codes[ix.source] == st.levels.codes[ix.target]
    network["ei_index_schools"] = _ei(int((~same_unit).sum()), int(same_unit.sum()))
    network["ei_index_levels"] = _ei(int((~same_level).sum()), int(same_level.sum()))
    network.update(modularity)

    units = _group_summaries(st, st.units, status, isolation, broker, spof)
    distribution = _distributions(st)
    contact = _district_ties(st)
    for u, label in enumerate(st.units.labels):
        units[label].update(distribution[label])
        units[label]["ties_district"], units[label]["ties_other_schools"] = contact[u].tolist()
    district = units.pop(st.units.labels[st.district_unit]) if st.district_unit >= 0 else None
    schools = units
    network["schools_without_district_tie"] = sorted(
        s for s, entry in schools.items() if entry["ties_district"] == 0) if district else []

    levels = _group_summaries(st, st.levels, status, isolation, broker, spof)
    for label, entry in _spread(st, status).items():
        levels[label].update(entry)
    levels["matrix"] = _level_matrix(st)

    teams = _group_summaries(st, st.teams, status, isolation, broker, spof)
    for label, entry in _team_ties(st, team_share).items():
        teams[label].update(entry)
        teams[label]["ei_index"] = _ei(entry["ties_out"] + entry["ties_in"], entry["ties_inside"])
        teams[label]["school"], teams[label]["team"] = st.team_parts[label]
    network["teams_with_no_tie_out"] = sorted(t for t, e in teams.items() if e["no_tie_out"])
    return {"network": network, "schools": schools, "district": district, "levels": levels,
            "teams": teams}
