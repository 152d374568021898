"""Aggregate tables the pages show (per level, per school, per team), from people and ties, vectorized.

Each follows the chosen relation because it is computed from that relation's ties. Small groups are
removed by :func:`suppress` before an overview shows them (fewer than 5 people, and the next-smallest
group too where a total would reveal the small one: :func:`plnetwork.anonymize.small_groups`).
"""

from __future__ import annotations

import math

import pandas as pd

from plnetwork.anonymize import MIN_GROUP_SIZE, small_groups
from plnetwork.model import LEVELS
from plnetwork.report_data import centralization, gini

__all__ = ["edge_frame", "level_table", "level_matrix", "school_table", "team_table", "suppress", "gini",
           "centralization"]


def edge_frame(people: pd.DataFrame, edges) -> pd.DataFrame:
    """Ties as rows ``u, v`` with both ends' ``school``, ``level``, ``team`` and the target's formal role.

    ``edges`` already in this shape (a frame with ``u_level``) is returned as it is.
    """
    if isinstance(edges, pd.DataFrame) and "u_level" in edges:
        return edges
    e = pd.DataFrame(list(edges), columns=["u", "v"]).astype(str)
    p = people.assign(staff_id=people["staff_id"].astype(str)).set_index("staff_id")
    e = e[e["u"].isin(p.index) & e["v"].isin(p.index)].reset_index(drop=True)
    for end in ("u", "v"):
        for column in ("school", "level", "team"):
            values = p[column] if column in p else pd.Series("", index=p.index)
            e[f"{end}_{column}"] = values.reindex(e[end]).fillna("").astype(str).to_numpy()
    e["v_formal"] = p["formal_leader"].reindex(e["v"]).fillna(False).astype(bool).to_numpy()
    return e


def _status_counts(people: pd.DataFrame, by: str) -> pd.DataFrame:
    grouped = people.groupby(by, sort=False)
    out = pd.DataFrame({
        "staff": grouped.size(),
        "respondents": grouped["responded"].sum().astype(int),
        "formal_leaders": grouped["leader_status"].agg(lambda s: int((s == "formal").sum())),
        "informal_leaders": grouped["leader_status"].agg(lambda s: int((s == "informal").sum())),
        "isolated": grouped["isolation_status"].agg(lambda s: int((s == "isolated").sum())),
        "not_sought": grouped["isolation_status"].agg(lambda s: int((s == "not_sought").sum())),
        "no_data": grouped["isolation_status"].agg(lambda s: int((s == "unknown").sum())),
    })
    out.insert(2, "response_rate", out["respondents"] / out["staff"])
    return out


def level_table(people: pd.DataFrame, edges) -> pd.DataFrame:
    """Per level (classroom, school, district): staff, response, leaders, isolated, share of nominations."""
    e = edge_frame(people, edges)
    out = _status_counts(people, "level")
    received = e.groupby("v_level").size()
    out["nominations_received"] = received.reindex(out.index).fillna(0).astype(int)
    out["share_of_nominations"] = out["nominations_received"] / max(len(e), 1)
    order = [lv for lv in LEVELS if lv in out.index] + [lv for lv in out.index if lv not in LEVELS]
    return out.loc[order].rename_axis("level").reset_index()


def level_matrix(people: pd.DataFrame, edges) -> dict[str, dict[str, int]]:
    """``matrix[from_level][to_level]``: how many ties go from people at one level to people at another."""
    e = edge_frame(people, edges)
    matrix: dict = {}
    for (a, b), n in e.groupby(["u_level", "v_level"]).size().items():
        matrix.setdefault(a, {})[b] = int(n)
    return matrix


def school_table(people: pd.DataFrame, edges, summary: dict | None = None) -> pd.DataFrame:
    """Per school: staff, response, leaders, isolated, and how distributed leadership is.

    Centralization, Gini and the non-formal share come from the analysis ``summary`` where it has them
    (so the page and the report agree), else they are computed from the ties.
    """
    e = edge_frame(people, edges)
    out = _status_counts(people, "school")
    inside = e[e["u_school"] == e["v_school"]]
    within = inside.groupby("v").size()
    indeg = people.assign(w=people["staff_id"].astype(str).map(within).fillna(0))
    out["centralization"] = indeg.groupby("school")["w"].agg(centralization)
    received = e.groupby("v_school")
    out["gini"] = people.groupby("school")["in_degree"].agg(gini)
    share = received["v_formal"].agg(lambda s: float((~s).mean()) if len(s) else math.nan)
    out["non_formal_share"] = share.reindex(out.index)
    out["ties_to_district"] = e[(e["u_school"] != e["v_school"]) & (e["v_level"] == "district")] \
        .groupby("u_school").size().reindex(out.index).fillna(0).astype(int)
    given = (summary or {}).get("schools") or {}
    for column, key in (("centralization", "in_degree_centralization"), ("gini", "gini"),
                        ("non_formal_share", "non_formal_share")):
        values = pd.Series({s: (given.get(s) or {}).get(key) for s in out.index}, dtype=float)
        out[column] = values.where(values.notna(), out[column])
    return out.sort_index().rename_axis("school").reset_index()


def team_table(people: pd.DataFrame, edges) -> pd.DataFrame:
    """Per (school, team) of two or more: density, share of members' ties kept in the team, ties out."""
    e = edge_frame(people, edges)
    e = e.assign(u_key=e["u_school"] + "\x1f" + e["u_team"], v_key=e["v_school"] + "\x1f" + e["v_team"])
    team = people["team"].fillna("").astype(str) if "team" in people else pd.Series("", index=people.index)
    members = people.assign(team=team)[team.str.strip() != ""]
    sizes = members.groupby(["school", "team"]).size()
    rows = []
    inside = e[(e["u_key"] == e["v_key"]) & (e["u_team"] != "")].groupby("u_key").size()
    out = e[(e["u_key"] != e["v_key"]) & (e["u_team"] != "")].groupby("u_key").size()
    into = e[(e["u_key"] != e["v_key"]) & (e["v_team"] != "")].groupby("v_key").size()
    for (school, name), n in sizes.items():
        if n < 2:
            continue
        key = f"{school}\x1f{name}"
        k_in, k_out, k_into = int(inside.get(key, 0)), int(out.get(key, 0)), int(into.get(key, 0))
        rows.append({"school": school, "team": name, "members": int(n), "density": k_in / (n * (n - 1)),
                     "kept_in_team": k_in / (k_in + k_out) if k_in + k_out else math.nan,
                     "ties_inside": k_in, "ties_out": k_out, "ties_in": k_into,
                     "tie_out": "yes" if k_out else "no"})
    return pd.DataFrame(rows, columns=["school", "team", "members", "density", "kept_in_team", "ties_inside",
                                       "ties_out", "ties_in", "tie_out"])


def suppress(table: pd.DataFrame, people: pd.DataFrame, column: str, *, min_size: int = MIN_GROUP_SIZE,
             key: str | None = None) -> tuple[pd.DataFrame, int]:
    """``table`` without the rows of small groups of ``people[column]``, and how many were removed.

    ``key`` is the table's column naming the group (default ``column``).

    Examples
    --------
    >>> people = pd.DataFrame({"school": ["A"] * 9 + ["B"] * 6 + ["C"] * 2})
    >>> table = pd.DataFrame({"school": ["A", "B", "C"], "staff": [9, 6, 2]})
    >>> kept, removed = suppress(table, people, "school")
    >>> kept["school"].tolist(), removed
    (['A'], 2)
    """
    if column not in people or table.empty:
        return table, 0
    small = {str(s) for s in small_groups(people[column].astype(str), min_size=min_size)}
    mask = table[key or column].astype(str).isin(small)
    return table[~mask].reset_index(drop=True), int(mask.sum())
