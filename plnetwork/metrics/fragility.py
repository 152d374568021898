"""Single points of failure: people whose absence cuts colleagues, a team or a school off."""

from __future__ import annotations

import numpy as np
from networkx.utils import not_implemented_for

from plnetwork.metrics._engine import Groups, codes, indexed

__all__ = ["single_points_of_failure"]


def _cut_points(n, a, b):
    """Articulation points of the undirected graph on ``n`` nodes with edges ``a[k] - b[k]``, and
    for each how many people lose every path to the largest remaining part of their component.

    One iterative depth-first search (Hopcroft–Tarjan): a child subtree whose ``low`` does not
    reach above ``v`` is cut off by removing ``v``.
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    keep = a != b
    keys = np.unique(np.minimum(a[keep], b[keep]) * n + np.maximum(a[keep], b[keep]))
    heads = np.concatenate([keys // n, keys % n])
    tails = np.concatenate([keys % n, keys // n])
    neighbours = tails[np.argsort(heads, kind="stable")].tolist()
    start = np.concatenate([[0], np.cumsum(np.bincount(heads, minlength=n))]).tolist()
    disc, low, size = [-1] * n, [0] * n, [1] * n
    pieces: dict[int, list[int]] = {}
    clock = 0
    for root in range(n):
        if disc[root] >= 0 or start[root] == start[root + 1]:
            continue
        disc[root] = low[root] = clock
        clock += 1
        stack, children, members = [(root, -1, start[root])], 0, [root]
        while stack:
            v, parent, k = stack[-1]
            if k < start[v + 1]:
                stack[-1] = (v, parent, k + 1)
                w = neighbours[k]
                if disc[w] < 0:
                    disc[w] = low[w] = clock
                    clock += 1
                    members.append(w)
                    stack.append((w, v, start[w]))
                    children += v == root
                elif w != parent:
                    low[v] = min(low[v], disc[w])
                continue
            stack.pop()
            if parent >= 0:
                size[parent] += size[v]
                low[parent] = min(low[parent], low[v])
                if low[v] >= disc[parent]:
                    pieces.setdefault(parent, []).append(size[v])
        total = size[root]
        for v in members:
            cut = pieces.get(v)
            if not cut or (v == root and children < 2):
                pieces.pop(v, None)
                continue
            if v != root:
                cut.append(total - 1 - sum(cut))
            pieces[v] = total - 1 - max(cut)
    return pieces


def _articulation_reasons(groups: Groups, what, *, min_cut_off=1):
    ix = groups.ix
    ties = groups.internal
    reasons: dict[int, list[str]] = {}
    for node, lost in _cut_points(ix.n, ix.source[ties], ix.target[ties]).items():
        if lost >= min_cut_off:
            label = groups.labels[groups.codes[node]]
            reasons.setdefault(node, []).append(
                f"the only link between {lost} colleague{'s' if lost != 1 else ''} "
                f"and the rest of {what(label)}")
    return reasons


def _sole_links(ix, groups: Groups, outside, what, *, other="the rest", both_sides=False):
    """People who alone carry all of a group's ties (either direction) to ``outside`` people.

    ``outside`` is a boolean mask of nodes; ties from a group member to an outside non-member
    count. With ``both_sides`` an outside person who is the group's only contact is reported too.
    """
    reasons: dict[int, list[str]] = {}
    ends = np.concatenate([np.column_stack([ix.source, ix.target]),
                           np.column_stack([ix.target, ix.source])])
    g_in = groups.codes[ends[:, 0]]
    crossing = (g_in >= 0) & outside[ends[:, 1]] & (groups.codes[ends[:, 1]] != g_in)
    member, contact, group = ends[crossing, 0], ends[crossing, 1], g_in[crossing]
    for side, label in ((member, "inside"), (contact, "outside")):
        if label == "outside" and not both_sides:
            continue
        pairs = np.unique(np.column_stack([group, side]), axis=0)
        per_group = np.bincount(pairs[:, 0], minlength=len(groups.labels))
        for g, person in pairs[per_group[pairs[:, 0]] == 1].tolist():
            if groups.size[g] < 2:
                continue
            if label == "inside":
                text = f"the only link between {what(groups.labels[g])} and {other}"
            else:
                text = f"the only contact of {what(groups.labels[g])} in {other}"
            reasons.setdefault(person, []).append(text)
    return reasons


def _single_points_of_failure(ix, units: Groups, teams: Groups | None, is_district, *,
                              min_cut_off=1):
    """Node index -> list of plain-language reasons."""
    reasons: dict[int, list[str]] = {}

    def merge(found):
        for node, texts in found.items():
            reasons.setdefault(node, []).extend(texts)

    merge(_articulation_reasons(units, lambda s: s, min_cut_off=min_cut_off))
    school_units = Groups(ix, np.where(is_district, -1, units.codes), units.labels)
    merge(_sole_links(ix, school_units, np.asarray(is_district), lambda s: s,
                      other="the district", both_sides=True))
    if teams is not None:
        merge(_articulation_reasons(teams, lambda t: f"team {t}", min_cut_off=min_cut_off))
        merge(_sole_links(ix, teams, np.ones(ix.n, bool), lambda t: f"team {t}",
                          other="colleagues outside it"))
    return reasons


@not_implemented_for("undirected")
@not_implemented_for("multigraph")
def single_points_of_failure(G, *, school="school", team="team", level="level",
                             district="district", min_cut_off=1):
    """People whose removal disconnects colleagues, a team or a school from the rest.

    Ties count in either direction. A person is reported when

    - they are an articulation point of their school's network (the school's members and the ties
      among them): without them at least ``min_cut_off`` colleagues lose every path to the rest of
      the school; likewise inside their team (teams of three or more);
    - they alone carry all of a school's ties to district staff (``level == district``), on
      either side: the only member of the school tied to the district, or the school's only
      district contact;
    - they alone carry all of a team's ties to colleagues outside the team.

    District staff form one unit, whatever their ``school`` says. A ``team`` is named within its
    school (``"Grade 3"`` of two schools are two teams); people with an empty team have none.

    Returns
    -------
    dict
        Node -> reason (one sentence per way they are a single point of failure, joined by "; ").

    Examples
    --------
    Bea is Ann's and Cy's only link to the rest of the school, and the school's only link to
    the district coordinator Dee.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("ann", "bea"), ("cy", "bea"), ("bea", "dan"), ("dan", "eve"),
    ...                 ("eve", "dan"), ("bea", "dee")])
    >>> for v in ("ann", "bea", "cy", "dan", "eve"):
    ...     G.add_node(v, school="Lincoln", level="classroom", team="")
    >>> G.add_node("dee", school="District Office", level="district", team="")
    >>> spof = single_points_of_failure(G)
    >>> sorted(spof)
    ['bea', 'dan', 'dee']
    >>> spof["dee"]
    'the only contact of Lincoln in the district'

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. Communications of the ACM 16(6), 372-378.
    """
    ix = indexed(G, weight=None)
    is_district = np.array([lv == district for lv in ix.values(G, level)], dtype=bool)
    unit_values = [district if d else s for d, s in zip(is_district, ix.values(G, school))]
    units = Groups(ix, *codes(unit_values))
    team_values = [(s, t) if t else None for s, t in zip(unit_values, ix.values(G, team))]
    team_codes, team_labels = codes(team_values)
    if None in team_labels:
        none = team_labels.index(None)
        team_codes = np.where(team_codes == none, -1, team_codes - (team_codes > none))
        team_labels.remove(None)
    teams = Groups(ix, team_codes, [t for _, t in team_labels])
    found = _single_points_of_failure(ix, units, teams, is_district, min_cut_off=min_cut_off)
    return {ix.nodes[i]: "; ".join(texts) for i, texts in sorted(found.items())}
