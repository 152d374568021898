"""Two waves of the same district compared, person by person (matched by staff id)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from plnetwork.leadership import (_distributions, _isolation_status, _leader_status,
                                  _leadership_in, _setup)
from plnetwork.metrics._engine import name_generators, relations_of

__all__ = ["WaveComparison", "compare_waves"]

TIE_COLUMNS = ["source_id", "target_id", "relation", "change", "both_present"]
_MEASURES = ("in_degree_centralization", "gini", "non_formal_share")


@dataclass
class WaveComparison:
    """What changed between two waves.

    Attributes
    ----------
    ties : DataFrame
        One row per tie gained or lost in each relation: ``source_id``, ``target_id``,
        ``relation``, ``change`` ("gained" | "lost"), ``both_present`` (both people are on both
        rosters, so the change is not just someone joining or leaving).
    people : DataFrame
        One row per person on either roster: ``staff_id``, ``name``, ``school``, ``in_wave1``,
        ``in_wave2``, ``in_degree_1``/``_2``, ``leader_status_1``/``_2``,
        ``isolation_status_1``/``_2`` ("" when absent), and the flags
        ``became_informal_leader``, ``stopped_informal_leader``, ``stopped_isolated`` (isolated,
        now with a tie either way), ``became_isolated``.
    schools : DataFrame
        One row per school unit: ``staff``, ``informal_leaders``, ``isolated`` and the
        distribution measures (in-degree centralization, Gini, share of nominations to people with
        no formal role) for each wave (``_1``, ``_2``) and their ``_change``.
    summary : dict
        JSON-ready counts: ``ties`` (per relation and ``union``: gained, lost, kept), ``people``
        (joined, left, and each flag).
    """

    ties: pd.DataFrame
    people: pd.DataFrame
    schools: pd.DataFrame
    summary: dict


def _tie_sets(G):
    """Relation -> set of (source, target); ``None`` keys the union of the name generators."""
    generators = set(name_generators(G))
    sets: dict = {r: set() for r in relations_of(G)}
    sets[None] = set()
    for u, v, rels in G.edges(data="relations"):
        if u == v:
            continue
        for r in rels or ():
            sets.setdefault(r, set()).add((u, v))
        if not rels or not generators.isdisjoint(rels):
            sets[None].add((u, v))
    return sets


def _wave(G, relation, **rule):
    ix, st = _setup(G, relation)
    status, _, _ = _leader_status(st, ix.in_degree,
                                  leadership_in=_leadership_in(ix, rule.pop("leadership_relation")),
                                  **rule)
    isolation = _isolation_status(ix.in_degree, ix.out_degree, st.responded)
    people = pd.DataFrame({
        "staff_id": [str(v) for v in ix.nodes],
        "name": [str(v) for v in ix.values(G, "name", "")],
        "school": [st.units.labels[c] for c in st.units.codes.tolist()],
        "in_degree": ix.in_degree, "leader_status": status, "isolation_status": isolation})
    schools = _distributions(st)
    for u, label in enumerate(st.units.labels):
        members = st.units.members(u)
        schools[label].update(staff=len(members),
                              informal_leaders=int((status[members] == "informal").sum()),
                              isolated=int((isolation[members] == "isolated").sum()))
    return people, pd.DataFrame.from_dict(schools, orient="index")


def _tie_changes(G1, G2, both):
    before, after = _tie_sets(G1), _tie_sets(G2)
    rows, counts = [], {}
    for r in list(dict.fromkeys([*before, *after])):
        old, new = before.get(r, set()), after.get(r, set())
        label = "union" if r is None else r
        counts[label] = {"gained": len(new - old), "lost": len(old - new), "kept": len(old & new)}
        if r is None:
            continue
        for change, ties in (("gained", new - old), ("lost", old - new)):
            rows.extend((str(u), str(v), r, change, u in both and v in both)
                        for u, v in sorted(ties, key=str))
    return pd.DataFrame(rows, columns=TIE_COLUMNS), counts


def _people_changes(p1, p2):
    people = p1.merge(p2, on="staff_id", how="outer", suffixes=("_1", "_2"), indicator=True)
    people["in_wave1"] = people["_merge"] != "right_only"
    people["in_wave2"] = people["_merge"] != "left_only"
    people["name"] = people["name_2"].where(people["in_wave2"], people["name_1"])
    people["school"] = people["school_2"].where(people["in_wave2"], people["school_1"])
    for column in ("leader_status", "isolation_status"):
        for k in ("_1", "_2"):
            people[column + k] = people[column + k].astype(object).where(
                people[column + k].notna(), "")
    for k in ("_1", "_2"):
        people["in_degree" + k] = people["in_degree" + k].fillna(0).astype(int)
    informal1 = people["leader_status_1"] == "informal"
    informal2 = people["leader_status_2"] == "informal"
    both = people["in_wave1"] & people["in_wave2"]
    people["became_informal_leader"] = informal2 & ~informal1
    people["stopped_informal_leader"] = informal1 & ~informal2
    people["stopped_isolated"] = both & (people["isolation_status_1"] == "isolated") & \
        people["isolation_status_2"].isin(["connected", "not_sought"])
    people["became_isolated"] = both & (people["isolation_status_1"] != "isolated") & \
        (people["isolation_status_2"] == "isolated")
    columns = ["staff_id", "name", "school", "in_wave1", "in_wave2", "in_degree_1", "in_degree_2",
               "leader_status_1", "leader_status_2", "isolation_status_1", "isolation_status_2",
               "became_informal_leader", "stopped_informal_leader", "stopped_isolated",
               "became_isolated"]
    return people[columns].sort_values("staff_id", ignore_index=True)


def _school_changes(s1, s2):
    schools = s1.join(s2, how="outer", suffixes=("_1", "_2"))
    for measure in ("staff", "informal_leaders", "isolated", *_MEASURES):
        schools[f"{measure}_change"] = schools[f"{measure}_2"] - schools[f"{measure}_1"]
    order = [f"{m}{k}" for m in ("staff", "informal_leaders", "isolated", *_MEASURES)
             for k in ("_1", "_2", "_change")]
    return schools[order].rename_axis("school").reset_index()


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and not math.isfinite(value) else value


def compare_waves(G1, G2, *, relation=None, min_in_degree=3, top_share=0.10,
                  leadership_relation="leadership"):
    """Compare two waves: ties gained and lost, leaders and isolates who changed, schools.

    People are matched by staff id (the node). Both waves are classified with the same rule
    (see :mod:`plnetwork.leadership`) and the same thresholds.

    Parameters
    ----------
    G1, G2 : networkx.DiGraph
        The earlier and the later wave, as built by :func:`plnetwork.network.build_graph`.
    relation : str, optional
        Classify on this relation; ``None`` is the union of the name generators. Ties are
        compared in every relation either way.
    min_in_degree, top_share, leadership_relation
        As in :func:`plnetwork.leadership.leader_status`.

    Returns
    -------
    WaveComparison

    Examples
    --------
    Ann stops naming Bea and names Cy; Cy and Dee, isolated in wave 1, now have a tie.

    >>> import networkx as nx
    >>> def wave(ties):
    ...     G = nx.DiGraph(relations=["advice"], name_generators=["advice"])
    ...     for v in ("ann", "bea", "cy", "dee"):
    ...         G.add_node(v, name=v.title(), school="Lincoln", level="classroom",
    ...                    formal_leader=False, responded=True)
    ...     G.add_edges_from(ties, relations=("advice",), weight=1.0)
    ...     return G
    >>> change = compare_waves(wave([("ann", "bea")]), wave([("ann", "cy"), ("dee", "ann")]))
    >>> change.ties[["source_id", "target_id", "change"]].values.tolist()
    [['ann', 'cy', 'gained'], ['dee', 'ann', 'gained'], ['ann', 'bea', 'lost']]
    >>> change.people.loc[change.people["stopped_isolated"], "staff_id"].tolist()
    ['cy', 'dee']
    >>> change.summary["ties"]["advice"]
    {'gained': 2, 'lost': 1, 'kept': 0}
    """
    rule = dict(min_in_degree=min_in_degree, top_share=top_share)
    p1, s1 = _wave(G1, relation, leadership_relation=leadership_relation, **rule)
    p2, s2 = _wave(G2, relation, leadership_relation=leadership_relation, **rule)
    both = set(G1) & set(G2)
    ties, tie_counts = _tie_changes(G1, G2, both)
    people = _people_changes(p1, p2)
    flags = ("became_informal_leader", "stopped_informal_leader", "stopped_isolated",
             "became_isolated")
    summary = {
        "ties": tie_counts,
        "people": {"wave1": len(G1), "wave2": len(G2), "both": len(both),
                   "joined": int((~people["in_wave1"]).sum()),
                   "left": int((~people["in_wave2"]).sum()),
                   **{flag: int(people[flag].sum()) for flag in flags}},
        "parameters": {"relation": relation, **rule, "leadership_relation": leadership_relation},
    }
    return WaveComparison(ties=ties, people=people, schools=_school_changes(s1, s2),
                          summary=_plain(summary))
