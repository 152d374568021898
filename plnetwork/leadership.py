"""Who leads, who is isolated, who bridges — and how leadership spreads across levels and teams.

The classifications of ../shared/DESIGN.md, each threshold a keyword parameter:

- **leader status** — ``formal`` (a formal role in the roster), ``informal`` (no formal role, named
  by at least ``min_in_degree`` colleagues, and fewer than ``ceil(top_share * staff)`` colleagues
  of the same school named more often — so everyone tied at the cut-off is in — or named as a
  leader by at least ``min_in_degree`` colleagues when a ``leadership`` question was asked), else
  ``none``;
- **isolation status** — ``isolated`` (responded, named nobody, named by nobody), ``not_sought``
  (responded, named by nobody), ``unknown`` (did not respond, named by nobody: missing data is not
  isolation), ``connected`` otherwise;
- **broker** — among the top ``top_share`` (same rule) of their school for betweenness within the
  school, or of all staff for Gould–Fernandez brokerage across schools or across levels.

District staff (``level == "district"``) form one unit for these rankings, whatever their school.
In-degree counts distinct colleagues naming a person, from anywhere in the network.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import Groups, Indexed, codes, indexed
from plnetwork.metrics.brokerage import ROLES, _brokerage
from plnetwork.metrics.centrality import _within_group_betweenness
from plnetwork.metrics.centralization import _centralization, _gini
from plnetwork.metrics.cohesion import _density
from plnetwork.model import LEVELS

__all__ = ["school_units", "leader_status", "isolation_status", "brokers", "leadership_spread",
           "level_matrix", "school_distribution", "team_ties", "LEADER_STATUSES",
           "ISOLATION_STATUSES"]

LEADER_STATUSES = ("formal", "informal", "none")
ISOLATION_STATUSES = ("isolated", "not_sought", "unknown", "connected")
NO_SCHOOL = "(no school)"
NO_LEVEL = "(no level)"


# --- the organisation: schools (units), levels, teams ----------------------------------------------


@dataclass
class Structure:
    """The roster's organisation over an :class:`Indexed` graph: units, levels and teams."""

    ix: Indexed
    units: Groups
    levels: Groups
    teams: Groups
    is_district: np.ndarray
    district_unit: int  # code of the district unit, -1 when there are no district staff
    formal: np.ndarray
    responded: np.ndarray
    roles: list
    team_parts: dict  # team label -> (school unit, team)


def _unit_labels(school_values, is_district):
    schools = [s or NO_SCHOOL for s, d in zip(school_values, is_district) if not d]
    office = Counter(s for s, d in zip(school_values, is_district) if d and s)
    label = office.most_common(1)[0][0] if office else "District"
    if label in set(schools):
        label = "District"
    return [label if d else (s or NO_SCHOOL) for s, d in zip(school_values, is_district)]


def structure(G, ix, *, school="school", level="level", team="team", formal="formal_leader",
              district="district") -> Structure:
    """Group the people of ``G`` (indexed as ``ix``) into school units, levels and teams."""
    level_values = [v or NO_LEVEL for v in ix.values(G, level)]
    is_district = np.array([v == district for v in level_values], dtype=bool)
    unit_values = _unit_labels(ix.values(G, school), is_district)
    unit_codes, unit_labels = codes(unit_values)
    district_unit = unit_codes[is_district][0] if is_district.any() else -1
    seen = list(dict.fromkeys(level_values))
    level_labels = list(LEVELS) + [v for v in seen if v not in LEVELS]
    position = {v: i for i, v in enumerate(level_labels)}
    level_codes = np.array([position[v] for v in level_values], dtype=np.int64)
    team_values = ix.values(G, team)
    team_keys = [f"{u}/{t}" if t else "" for u, t in zip(unit_values, team_values)]
    team_parts = {k: (u, t) for k, u, t in zip(team_keys, unit_values, team_values) if t}
    team_codes, team_labels = codes(team_keys)
    if "" in team_labels:
        blank = team_labels.index("")
        team_codes = np.where(team_codes == blank, -1, team_codes - (team_codes > blank))
        team_labels.remove("")
    return Structure(
        ix=ix, units=Groups(ix, unit_codes, unit_labels),
        levels=Groups(ix, level_codes, level_labels), teams=Groups(ix, team_codes, team_labels),
        is_district=is_district, district_unit=int(district_unit),
        formal=np.array([bool(v) for v in ix.values(G, formal, False)], dtype=bool),
        responded=np.array([bool(v) for v in ix.values(G, "responded", False)], dtype=bool),
        roles=[str(v) for v in ix.values(G, "role", "")], team_parts=team_parts)


# --- ranking inside a unit ---------------------------------------------------------------------------


def _higher_counts(values, group_codes):
    """For each node, how many members of its group have a strictly higher value."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-values, group_codes))
    sv, sg = values[order], np.asarray(group_codes)[order]
    position = np.arange(n)
    new_group = np.r_[True, sg[1:] != sg[:-1]]
    new_value = new_group | np.r_[True, sv[1:] != sv[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    value_start = np.maximum.accumulate(np.where(new_value, position, 0))
    out = np.empty(n, dtype=np.int64)
    out[order] = value_start - group_start
    return out


def _allowed(top_share, sizes):
    """``ceil(top_share * size)`` per group, robust to float noise (0.1 * 30 is 3, not 3.0000001)."""
    return np.ceil(np.round(top_share * np.asarray(sizes, dtype=float), 9)).astype(np.int64)


def _top(values, group_codes, sizes, *, top_share, minimum):
    """Whether each value is ``>= minimum`` with fewer than ``ceil(top_share * size)`` members of
    its group higher (ties at the cut-off all in); and its rank (1 + how many are higher)."""
    higher = _higher_counts(values, group_codes)
    allowed = _allowed(top_share, sizes)[group_codes]
    return (np.asarray(values) >= minimum) & (higher < allowed), higher + 1


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pct(share):
    return f"{share * 100:g}%"


def _leader_status(st: Structure, in_degree, *, leadership_in=None, min_in_degree=3,
                   top_share=0.10):
    """Arrays (status, reason, rank within the unit) for every node."""
    top, rank = _top(in_degree, st.units.codes, st.units.size, top_share=top_share,
                     minimum=min_in_degree)
    by_degree = ~st.formal & top
    by_vote = (~st.formal & (leadership_in >= min_in_degree) if leadership_in is not None
               else np.zeros(st.ix.n, bool))
    status = np.where(st.formal, "formal", np.where(by_degree | by_vote, "informal", "none"))
    allowed = _allowed(top_share, st.units.size)
    reasons = []
    for i in range(st.ix.n):
        u = st.units.codes[i]
        unit, size, d = st.units.labels[u], int(st.units.size[u]), int(in_degree[i])
        where = f"{unit} (rank {rank[i]} of {size})"
        named = f"named by {_plural(d, 'colleague')}"
        if st.formal[i]:
            role = st.roles[i] or "formal leader"
            reasons.append(f"formal role: {role}; {named}, rank {rank[i]} of {size} in {unit}")
            continue
        parts = []
        if by_degree[i]:
            parts.append(f"{named}, top {_pct(top_share)} of {where}")
        if by_vote[i]:
            parts.append(f"named as a leader by {_plural(int(leadership_in[i]), 'colleague')}")
        if not parts:
            if d < min_in_degree:
                parts.append(f"{named}; informal leaders are named by at least {min_in_degree}")
            else:
                parts.append(f"{named}, but {rank[i] - 1} colleagues of {unit} are named more often "
                             f"(top {_pct(top_share)} is {allowed[u]} of {size})")
        reasons.append("; ".join(parts))
    return status, reasons, rank


def _isolation_status(in_degree, out_degree, responded):
    unnamed = np.asarray(in_degree) == 0
    responded = np.asarray(responded, dtype=bool)
    return np.select(
        [responded & unnamed & (np.asarray(out_degree) == 0), responded & unnamed, unnamed],
        ["isolated", "not_sought", "unknown"], "connected")


def _describe_roles(counts, across, rank, n):
    total = int(counts[1:].sum())
    detail = ", ".join(f"{role} {int(c)}" for role, c in zip(ROLES[1:], counts[1:]) if c)
    return f"brokers across {across} {_plural(total, 'time')} ({detail}), rank {rank} of {n} staff"


def _brokers(st: Structure, school_betweenness, school_roles, level_roles, *, top_share=0.10,
             min_brokerage=1):
    """Boolean arrays (within school, across schools, across levels) and reasons."""
    within, rank_b = _top(school_betweenness, st.units.codes, st.units.size, top_share=top_share,
                          minimum=np.nextafter(0, 1))
    everyone, size = np.zeros(st.ix.n, dtype=np.int64), [st.ix.n]
    cross_school, cross_level = school_roles[:, 1:].sum(axis=1), level_roles[:, 1:].sum(axis=1)
    schools, rank_s = _top(cross_school, everyone, size, top_share=top_share, minimum=min_brokerage)
    levels, rank_l = _top(cross_level, everyone, size, top_share=top_share, minimum=min_brokerage)
    reasons = []
    for i in range(st.ix.n):
        parts = []
        if within[i]:
            u = st.units.codes[i]
            parts.append(f"high betweenness within {st.units.labels[u]} "
                         f"(rank {rank_b[i]} of {int(st.units.size[u])})")
        if schools[i]:
            parts.append(_describe_roles(school_roles[i], "schools", rank_s[i], st.ix.n))
        if levels[i]:
            parts.append(_describe_roles(level_roles[i], "levels", rank_l[i], st.ix.n))
        reasons.append("; ".join(parts))
    return (within, schools, levels), reasons


def _leadership_in(ix, leadership_relation):
    ties = ix.per_relation.get(leadership_relation) if leadership_relation else None
    return None if ties is None else np.bincount(ties[1], minlength=ix.n)


def _setup(G, relation, **names):
    ix = indexed(G, relation=relation, weight=None)
    return ix, structure(G, ix, **names)


# --- public, NetworkX-style ---------------------------------------------------------------------------


def school_units(G, *, school="school", level="level", district="district"):
    """The school unit of each person: their school, or one unit for all district staff.

    The district unit is named after the district staff's most common ``school`` value (e.g.
    "District Office"), or "District". People with no school are in "(no school)".

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("a", school="Lincoln", level="classroom")
    >>> G.add_node("d", school="Central Office", level="district")
    >>> G.add_node("e", school="", level="district")
    >>> school_units(G)
    {'a': 'Lincoln', 'd': 'Central Office', 'e': 'Central Office'}
    """
    ix = Indexed(list(G), [], [], [])
    st = structure(G, ix, school=school, level=level, district=district)
    return {v: st.units.labels[c] for v, c in zip(ix.nodes, st.units.codes.tolist())}


@not_implemented_for("undirected")
def leader_status(G, *, relation=None, min_in_degree=3, top_share=0.10,
                  leadership_relation="leadership"):
    """Formal, informal or no leader, and why, for every person.

    Parameters
    ----------
    G : NetworkX DiGraph
        Nodes carry ``school``, ``level``, ``formal_leader`` and ``role``.
    relation : str, optional
        Count nominations in this relation; ``None`` is the union of the name generators.
    min_in_degree : int
        Fewest distinct colleagues who must name an informal leader.
    top_share : float
        An informal leader has fewer than ``ceil(top_share * staff of the school)`` colleagues of
        their school named more often; everyone tied at the cut-off is included.
    leadership_relation : str, optional
        A relation asking who is seen as a leader; being named in it by ``min_in_degree``
        colleagues also makes an informal leader. ``None`` ignores it.

    Returns
    -------
    dict
        Node -> ``(status, reason)``, status one of :data:`LEADER_STATUSES`.

    Examples
    --------
    In a school of ten, ``ceil(10%)`` is 1: only people nobody outranks can be informal leaders,
    so ``b`` and ``c``, tied on 3 nominations, both are; the principal never is.

    >>> import networkx as nx
    >>> G = nx.DiGraph([(x, "b") for x in "defg"] + [(x, "c") for x in "defg"]
    ...                + [(x, "p") for x in "def"])
    >>> G.remove_edge("g", "b"); G.remove_edge("g", "c")
    >>> for v in "bcdefghijp":
    ...     G.add_node(v, school="Lincoln", level="classroom", formal_leader=v == "p",
    ...                role="Principal" if v == "p" else "Teacher")
    >>> status = leader_status(G)
    >>> status["b"]
    ('informal', 'named by 3 colleagues, top 10% of Lincoln (rank 1 of 10)')
    >>> status["c"][0], status["p"][0], status["d"][0]
    ('informal', 'formal', 'none')
    """
    ix, st = _setup(G, relation)
    status, reasons, _ = _leader_status(
        st, ix.in_degree, leadership_in=_leadership_in(ix, leadership_relation),
        min_in_degree=min_in_degree, top_share=top_share)
    return {v: (s, r) for v, s, r in zip(ix.nodes, status.tolist(), reasons)}


@not_implemented_for("undirected")
def isolation_status(G, *, relation=None):
    """Isolated, not sought, unknown or connected, for every person (see the module docstring).

    A person who did not respond (``responded`` false) is never ``isolated``: their missing
    answers are missing data.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b")])
    >>> G.add_nodes_from(["c", "d"])
    >>> nx.set_node_attributes(G, {"a": True, "b": False, "c": True, "d": False}, "responded")
    >>> isolation_status(G)
    {'a': 'not_sought', 'b': 'connected', 'c': 'isolated', 'd': 'unknown'}
    """
    ix = indexed(G, relation=relation, weight=None)
    responded = [bool(v) for v in ix.values(G, "responded", False)]
    status = _isolation_status(ix.in_degree, ix.out_degree, responded)
    return dict(zip(ix.nodes, status.tolist()))


@not_implemented_for("undirected")
def brokers(G, *, relation=None, top_share=0.10, min_brokerage=1):
    """People who bridge: high betweenness inside their school, or brokerage across groups.

    A person is a broker when any of these holds (fewer than ``ceil(top_share * staff)`` people
    rank higher, so ties at the cut-off are all in):

    - **within the school** — their betweenness within their school unit is above 0 and in the
      school's top ``top_share``;
    - **across schools** — their number of Gould–Fernandez roles spanning school units
      (itinerant, representative, gatekeeper, liaison) is at least ``min_brokerage`` and in the
      top ``top_share`` of all staff;
    - **across levels** — likewise for roles spanning the classroom, school and district levels.

    Coordinator roles lie inside one group and do not count. Brokerage is ranked across the whole
    network, not inside a school, because bridging schools is a district-wide function: the
    district office, whose staff all bridge, would otherwise keep only its top tenth. Counting any
    cross-group role at all (``top_share=1``) makes most staff brokers — 82% of the 600-person demo
    district, where any colleague who names a district coach the others do not name is a
    "representative".
    Returns
    -------
    dict
        Broker -> reason (only brokers).

    Examples
    --------
    Teacher ``b`` carries ``a``'s question to the district coach ``c``:

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> G.add_node("a", school="Lincoln", level="classroom")
    >>> G.add_node("b", school="Lincoln", level="classroom")
    >>> G.add_node("c", school="Office", level="district")
    >>> list(brokers(G))
    ['b']
    >>> for reason in brokers(G)["b"].split("; "):
    ...     print(reason)
    brokers across schools 1 time (representative 1), rank 1 of 3 staff
    brokers across levels 1 time (representative 1), rank 1 of 3 staff

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89-126.
    """
    ix, st = _setup(G, relation)
    kinds, reasons = _brokers(st, _within_group_betweenness(st.units),
                              _brokerage(ix, st.units.codes), _brokerage(ix, st.levels.codes),
                              top_share=top_share, min_brokerage=min_brokerage)
    broker = kinds[0] | kinds[1] | kinds[2]
    return {ix.nodes[i]: reasons[i] for i in np.flatnonzero(broker).tolist()}


def _level_matrix(st: Structure):
    ix, labels = st.ix, st.levels.labels
    k = len(labels)
    counts = np.bincount(st.levels.codes[ix.source] * k + st.levels.codes[ix.target],
                         minlength=k * k).reshape(k, k).tolist()
    return {a: dict(zip(labels, row)) for a, row in zip(labels, counts)}


@not_implemented_for("undirected")
def level_matrix(G, *, relation=None, level="level"):
    """Ties from each level to each level: ``matrix[from_level][to_level]``.

    Always holds classroom, school and district (zeros included), plus any other level found.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("t", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"t": "classroom", "c": "school", "d": "district"}, "level")
    >>> level_matrix(G)["classroom"]
    {'classroom': 0, 'school': 1, 'district': 0}
    """
    ix, st = _setup(G, relation, level=level)
    return _level_matrix(st)


def _spread(st: Structure, status):
    ix = st.ix
    received = np.bincount(st.levels.codes[ix.target], minlength=len(st.levels.labels))
    out = {}
    for g, label in enumerate(st.levels.labels):
        members = st.levels.members(g)
        out[label] = {
            "staff": len(members),
            "nominations_received": int(received[g]),
            "nomination_share": float(received[g] / ix.m) if ix.m else math.nan,
            "formal_leaders": int((status[members] == "formal").sum()),
            "informal_leaders": int((status[members] == "informal").sum()),
        }
    return out


@not_implemented_for("undirected")
def leadership_spread(G, *, relation=None, min_in_degree=3, top_share=0.10,
                      leadership_relation="leadership"):
    """How leadership spreads across the classroom, school and district levels.

    Returns
    -------
    dict
        For each level: ``staff``, ``nominations_received``, ``nomination_share`` (of all
        nominations), ``formal_leaders``, ``informal_leaders``; and ``matrix[from][to]``, the tie
        counts between levels.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("t1", "c"), ("t2", "c"), ("t3", "c"), ("c", "d")])
    >>> for v in ("t1", "t2", "t3"):
    ...     G.add_node(v, school="Lincoln", level="classroom", formal_leader=False)
    >>> G.add_node("c", school="Lincoln", level="school", formal_leader=True)
    >>> G.add_node("d", school="Office", level="district", formal_leader=True)
    >>> spread = leadership_spread(G)
    >>> spread["school"]["nomination_share"], spread["district"]["formal_leaders"]
    (0.75, 1)
    >>> spread["matrix"]["classroom"]["school"]
    3
    """
    ix, st = _setup(G, relation)
    status, _, _ = _leader_status(st, ix.in_degree,
                                  leadership_in=_leadership_in(ix, leadership_relation),
                                  min_in_degree=min_in_degree, top_share=top_share)
    return {**_spread(st, status), "matrix": _level_matrix(st)}


def _distributions(st: Structure):
    """Each school unit's leadership distribution over its internal ties and nominations received."""
    ix, k = st.ix, len(st.units.labels)
    to = st.units.codes[ix.target]
    received = np.bincount(to, minlength=k)
    to_informal = np.bincount(to[~st.formal[ix.target]], minlength=k)
    result = {}
    for u, label in enumerate(st.units.labels):
        _, t = st.units.local_edges(u)
        within = np.bincount(t, minlength=int(st.units.size[u]))
        result[label] = {
            "in_degree_centralization": _centralization(within),
            "gini": _gini(within),
            "nominations_received": int(received[u]),
            "non_formal_share": float(to_informal[u] / received[u]) if received[u] else math.nan,
        }
    return result


@not_implemented_for("undirected")
def school_distribution(G, *, relation=None):
    """How distributed leadership is in each school.

    For each school unit: the Freeman ``in_degree_centralization`` and ``gini`` of in-degrees
    over the ties among its staff, the ``nominations_received`` by its staff from anyone, and the
    ``non_formal_share`` of those nominations going to people with no formal role.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "p"), ("b", "p"), ("c", "p"), ("p", "a")])
    >>> for v in "abcp":
    ...     G.add_node(v, school="Lincoln", level="classroom", formal_leader=v == "p")
    >>> d = school_distribution(G)["Lincoln"]
    >>> round(d["in_degree_centralization"], 4), d["non_formal_share"]
    (0.8889, 0.25)
    """
    _, st = _setup(G, relation)
    return _distributions(st)


def _member_team_share(st: Structure):
    """Per person: the share of their ties (in and out) whose other end is in their team."""
    ix, team = st.ix, st.teams.codes
    ties = np.bincount(ix.source, minlength=ix.n) + np.bincount(ix.target, minlength=ix.n)
    inside = st.teams.internal
    kept = (np.bincount(ix.source[inside], minlength=ix.n)
            + np.bincount(ix.target[inside], minlength=ix.n))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((team >= 0) & (ties > 0), kept / ties, np.nan)


def _team_ties(st: Structure, share):
    ix, teams = st.ix, st.teams
    crossing = ~teams.internal
    out_ties = np.bincount(teams.codes[ix.source][crossing & (teams.codes[ix.source] >= 0)],
                           minlength=len(teams.labels))
    in_ties = np.bincount(teams.codes[ix.target][crossing & (teams.codes[ix.target] >= 0)],
                          minlength=len(teams.labels))
    result = {}
    for g, label in enumerate(teams.labels):
        members = teams.members(g)
        shares = share[members]
        shares = shares[~np.isnan(shares)]
        result[label] = {
            "staff": len(members),
            "ties_inside": len(teams.ties(g)),
            "ties_out": int(out_ties[g]),
            "ties_in": int(in_ties[g]),
            "density": _density(len(members), len(teams.ties(g))),
            "internal_tie_share": float(shares.mean()) if len(shares) else math.nan,
            "no_tie_out": bool(out_ties[g] + in_ties[g] == 0),
        }
    return result


@not_implemented_for("undirected")
def team_ties(G, *, relation=None):
    """Teams as learning units: density, ties kept inside, ties out.

    A team is a ``team`` value within a school (``"Lincoln/Grade 3"``). For each: ``staff``,
    ``ties_inside``, ``ties_out`` (members naming non-members), ``ties_in`` (non-members naming
    members), ``density`` of the ties among members, ``internal_tie_share`` (the mean over members
    with ties of the share of their ties, in and out, that stay in the team) and ``no_tie_out``
    (no tie with anyone outside the team, either way).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "x")])
    >>> nx.set_node_attributes(G, "Lincoln", "school")
    >>> nx.set_node_attributes(G, {"a": "G3", "b": "G3", "x": "G4"}, "team")
    >>> t = team_ties(G)
    >>> t["Lincoln/G3"]["density"], round(t["Lincoln/G3"]["internal_tie_share"], 4)
    (1.0, 0.8333)
    >>> t["Lincoln/G4"]["no_tie_out"]
    False
    """
    _, st = _setup(G, relation)
    return _team_ties(st, _member_team_share(st))
