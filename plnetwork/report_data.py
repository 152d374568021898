"""The tables the report reads: its people and ties, and each school's and team's figures, counted once.

Every per-school figure is computed for all schools in one grouped pass (a district of 50,000 staff has some
250 schools and 400,000 ties: filtering the ties once per school would cost minutes). Figures the analysis
summary already holds (``summary["schools"]``, ``summary["teams"]``) are taken from it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .metrics.centralization import _centralization, _gini

from .model import LEVELS
from .report_html import Figures

__all__ = ["ReportContext", "prepare_people", "gini", "centralization", "level_matrix", "TEAM_COLUMNS"]

_DEFAULTS = {"name": "", "school": "", "role": "", "level": "classroom", "team": "", "formal_leader": False,
             "responded": False, "in_degree": 0, "out_degree": 0, "leader_status": "none",
             "leader_reason": "",
             "isolation_status": "connected", "broker": False, "broker_reason": "",
             "single_point_of_failure": False, "spof_reason": "", "betweenness": 0.0}

_TEXT_COLUMNS = ("name", "school", "role", "team", "level", "leader_reason", "broker_reason", "spof_reason")


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def prepare_people(people: pd.DataFrame) -> pd.DataFrame:
    """The narrow people table of the report: every column it reads, with defaults, text as Python ``str``
    (object columns: the report turns rows into dicts many times, which is slow on Arrow-backed text)."""
    p = people.copy()
    p["staff_id"] = p["staff_id"].astype(str)
    for column, default in _DEFAULTS.items():
        if column not in p:
            p[column] = default
    for column in _TEXT_COLUMNS:
        p[column] = p[column].astype(object).where(p[column].notna(), "").astype(str)
    p.loc[p["name"] == "", "name"] = p["staff_id"]
    for column in ("formal_leader", "responded", "broker", "single_point_of_failure"):
        p[column] = p[column].map(_truthy).astype(bool)
    for column in ("in_degree", "out_degree"):
        p[column] = pd.to_numeric(p[column], errors="coerce").fillna(0).astype(int)
    p["betweenness"] = pd.to_numeric(p["betweenness"], errors="coerce").fillna(0.0)
    p["_level"] = p["level"].map({lv: i for i, lv in enumerate(LEVELS)}).fillna(0).astype(int)
    p["school"] = _units(p)
    keep = list(_DEFAULTS) + ["staff_id", "_level"] + [c for c in ("subject", "grade") if c in p]
    p = p[keep].copy()
    for column in p.columns:
        if pd.api.types.is_string_dtype(p[column]):
            p[column] = p[column].astype(object)
    return p.reset_index(drop=True)


def _units(p: pd.DataFrame) -> pd.Series:
    """Each person's school unit: their school, except that district staff form one unit, the district
    office (as the analysis groups them: ``school_unit``)."""
    if "school_unit" in p and p["school_unit"].notna().all():
        return p["school_unit"].astype(str)
    district = p["level"] == "district"
    named = p.loc[district & (p["school"] != ""), "school"]
    office = named.mode().iloc[0] if len(named) else "District"
    if office in set(p.loc[~district, "school"]):
        office = "District"
    return p["school"].where(~district, office)


def _edge_table(people: pd.DataFrame, edges) -> pd.DataFrame:
    """The ties between people of the table (``u`` names ``v``), with both ends' school, level, team and
    leader status, and whether ``v`` holds a formal role."""
    ids = people["staff_id"].to_numpy(dtype=object)
    row = {staff_id: i for i, staff_id in enumerate(ids.tolist())}
    ends = [(row[u], row[v]) for u, v in edges if u in row and v in row]
    u = np.array([source for source, _ in ends], dtype=np.int64)
    v = np.array([target for _, target in ends], dtype=np.int64)
    e = pd.DataFrame({"u": pd.Series(ids[u], dtype=object), "v": pd.Series(ids[v], dtype=object)})
    for end, at in (("u", u), ("v", v)):
        for column in ("school", "level", "team", "leader_status"):
            e[f"{end}_{column}"] = pd.Series(people[column].to_numpy(dtype=object)[at], dtype=object)
    e["v_formal_leader"] = people["formal_leader"].to_numpy(dtype=bool)[v]
    return e


class ReportContext:
    """The prepared people table, the ties with both ends' attributes, the summary, and the figures of
    every school and team (counted once, read by each section)."""

    def __init__(self, people: pd.DataFrame, edges, summary: dict):
        self.people = people
        self.summary = summary
        self.edges = _edge_table(people, edges)
        district = people.groupby("school")["level"].agg(lambda s: (s == "district").all())
        self.office = {s for s, only_district in district.items() if only_district}
        self.schools = sorted(s for s in people["school"].unique()
                              if s and s not in self.office and s != "suppressed")
        self.pseudonymized = "privacy" in summary
        self.figures = Figures()   # numbers the figures as the sections add them
        self.members = dict(tuple(people.groupby("school", sort=False)))
        inside = self.edges[self.edges["u_school"] == self.edges["v_school"]]
        self.inside = dict(tuple(inside.groupby("u_school", sort=False)))
        self.rows = _school_rows(self)
        self.teams = _teams(self)
        self._teams_by_school = dict(tuple(self.teams.groupby("school", sort=False)))

    def school_row(self, school: str) -> dict:
        """A school's figures (see :data:`SCHOOL_KEYS`)."""
        return self.rows[school]

    def school_teams(self, school: str) -> pd.DataFrame:
        """The teams of one school, as :attr:`teams` holds them."""
        found = self._teams_by_school.get(school)
        return found if found is not None else self.teams.iloc[:0]

    def inside_ties(self, school: str) -> pd.DataFrame:
        """The ties between two people of ``school``."""
        found = self.inside.get(school)
        return found if found is not None else self.edges.iloc[:0]


# --- measures the report shows -----------------------------------------------------------------------------


def gini(values) -> float:
    """Inequality of ``values`` (0 when all are equal, and when there is nothing to share).

    >>> gini([1, 1, 1]), round(gini([0, 0, 3]), 3)
    (0.0, 0.667)
    """
    value = _gini(list(values))
    return 0.0 if math.isnan(value) else value


def centralization(in_degrees) -> float:
    """Freeman in-degree centralization: 0 when spread evenly, 1 when all nominations go to one person
    (0 for fewer than three people, where nothing can converge).

    >>> centralization([2, 0, 0]), centralization([1, 1, 1])
    (1.0, 0.0)
    """
    x = list(in_degrees)
    return 0.0 if len(x) < 3 else _centralization(x)


#: The analysis summary's keys for a school (``summary["schools"][school]``) -> the report's.
SCHOOL_KEYS = {"staff": "staff", "respondents": "respondents", "response_rate": "response_rate",
               "formal_leaders": "formal", "informal_leaders": "informal", "isolated": "isolated",
               "not_sought": "not_sought", "unknown": "unknown", "ties_district": "ties_district",
               "ties_other_schools": "ties_other_schools", "single_points_of_failure": "spof",
               "brokers": "brokers", "in_degree_centralization": "centralization", "gini": "gini",
               "non_formal_share": "non_formal_share"}


def _school_rows(ctx: ReportContext) -> dict[str, dict]:
    """Each school's figures: those of the analysis summary where it has them, else counted here."""
    p, e = ctx.people, ctx.edges
    status = p["isolation_status"]
    flags = pd.DataFrame({
        "staff": 1, "respondents": p["responded"].astype(int),
        "formal": (p["leader_status"] == "formal").astype(int),
        "informal": (p["leader_status"] == "informal").astype(int),
        "isolated": (status == "isolated").astype(int), "not_sought": (status == "not_sought").astype(int),
        "unknown": (status == "unknown").astype(int), "spof": p["single_point_of_failure"].astype(int),
        "brokers": p["broker"].astype(int)})
    counts = flags.groupby(p["school"].to_numpy(), sort=False).sum().to_dict("index")
    # within-school nominations received: how evenly a school's own staff seek each other out
    inside = e[e["u_school"] == e["v_school"]]
    within: dict[str, list[int]] = {}
    for school, n in zip(p["school"].tolist(),
                         p["staff_id"].map(inside["v"].value_counts()).fillna(0).astype(int).tolist()):
        within.setdefault(school, []).append(n)
    # ties with another school: each counts for both ends' schools, by the level at the other end
    cross = e[e["u_school"] != e["v_school"]]
    ends = pd.DataFrame({
        "school": np.concatenate([cross["u_school"].to_numpy(), cross["v_school"].to_numpy()]),
        "other": np.concatenate([cross["v_level"].to_numpy(), cross["u_level"].to_numpy()])})
    to_district = (ends["other"] == "district").groupby(ends["school"]).agg(["sum", "size"]).to_dict("index")
    received = (~e["v_formal_leader"]).groupby(e["v_school"]).agg(["sum", "size"]).to_dict("index")
    schools = ctx.summary.get("schools") or {}
    rows = {}
    for school in ctx.schools:
        c = counts[school]
        staff, responded = int(c["staff"]), int(c["respondents"])
        district_ties, touching = _sum_size(to_district, school)
        to_informal, n_received = _sum_size(received, school)
        row = {"school": school, "staff": staff, "respondents": responded,
               "response_rate": responded / staff if staff else float("nan"),
               **{key: int(c[key]) for key in ("formal", "informal", "isolated", "not_sought", "unknown")},
               "ties_district": int(district_ties), "ties_other_schools": int(touching - district_ties),
               "spof": int(c["spof"]), "brokers": int(c["brokers"]),
               "centralization": centralization(within[school]), "gini": gini(within[school]),
               "non_formal_share": to_informal / n_received if n_received else float("nan")}
        entry = schools.get(school)
        for key, ours in SCHOOL_KEYS.items():
            value = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[ours] = value
        rows[school] = row
    return rows


def _sum_size(counts: dict, school: str) -> tuple[int, int]:
    found = counts.get(school) or {}
    return int(found.get("sum", 0)), int(found.get("size", 0))


TEAM_COLUMNS = ["school", "team", "members", "ties_inside", "ties_out", "ties_in", "density", "kept_in_team",
                "no_tie_out"]


def _teams(ctx: ReportContext) -> pd.DataFrame:
    """One row per team: members, ties inside, out and in, density, share kept in the team, and whether it
    has no tie beyond itself (the analysis summary's ``teams`` where present), by school and team."""
    schools = set(ctx.people["school"])
    summary = ctx.summary.get("teams")
    if isinstance(summary, dict) and summary:
        rows = [{"school": t.get("school"), "team": t.get("team"), "members": t.get("staff"),
                 "ties_inside": t.get("ties_inside"), "ties_out": t.get("ties_out"),
                 "ties_in": t.get("ties_in"),
                 "density": _num(t.get("density")), "kept_in_team": _num(t.get("internal_tie_share")),
                 "no_tie_out": bool(t.get("no_tie_out"))}
                for t in summary.values() if isinstance(t, dict) and t.get("school") in schools]
        frame = pd.DataFrame(rows, columns=TEAM_COLUMNS).sort_values(["school", "team"], kind="stable")
        return frame.astype({"no_tie_out": bool})
    p, e = ctx.people, ctx.edges
    in_team = p[p["team"] != ""]
    # a person's team, as one text key (school and team names may repeat across schools)
    keys = pd.Series((in_team["school"] + "\x1f" + in_team["team"]).to_numpy(),
                     index=in_team["staff_id"].to_numpy(), dtype=object)
    u_key, v_key = e["u"].map(keys), e["v"].map(keys)
    same = u_key.notna() & (u_key == v_key)
    inside = u_key[same].value_counts()
    out = u_key[u_key.notna() & ~same].value_counts()
    into = v_key[v_key.notna() & ~same].value_counts()
    rows = []
    for (school, team), members in in_team.groupby(["school", "team"]):
        n, key = len(members), f"{school}\x1f{team}"
        ins, outs, ins_to = int(inside.get(key, 0)), int(out.get(key, 0)), int(into.get(key, 0))
        rows.append({"school": school, "team": team, "members": n, "ties_inside": ins, "ties_out": outs,
                     "ties_in": ins_to, "density": ins / (n * (n - 1)) if n > 1 else float("nan"),
                     "kept_in_team": ins / (ins + outs) if ins + outs else float("nan"),
                     "no_tie_out": outs + ins_to == 0})
    return pd.DataFrame(rows, columns=TEAM_COLUMNS).astype({"no_tie_out": bool})


def _num(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("nan")


def level_matrix(edges: pd.DataFrame) -> dict:
    """``matrix[from_level][to_level]``: the number of ties from people at one level to another."""
    matrix: dict = {}
    for (a, b), n in edges.groupby(["u_level", "v_level"]).size().items():
        matrix.setdefault(a, {})[b] = int(n)
    return matrix
