"""Suggested connections: for each isolated or not-sought person, colleagues who are sought out and have
capacity, in their team or subject first."""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

from .report_html import records

__all__ = ["suggest_connections", "SUGGESTION_COLUMNS"]

SUGGESTION_COLUMNS = ["staff_id", "name", "school", "status", "suggested_id", "suggested_name",
                      "suggested_role", "shared", "sought_by"]


def suggest_connections(people: pd.DataFrame, edges, *, per_person: int = 3,
                        groups=("team", "subject", "grade"), max_load: int | None = None,
                        max_asked: int = 2) -> pd.DataFrame:
    """For each isolated or not-sought person, colleagues to connect with.

    A suggestion is a colleague of the same school who is sought out (named by at least one colleague) and
    has capacity: named by no more than ``max_load`` colleagues (default: the school's 75th percentile among
    those sought out, at least 2), so the few who already carry the load are not asked for more, and
    suggested to no more than ``max_asked`` people. Colleagues sharing a ``groups`` value (team, then subject,
    then grade) come first, those suggested least so far and most sought first; the school as a whole is used
    only when nobody in those groups fits. People already tied to the person are left out (only ties
    between two people of one school matter: passing just those gives the same suggestions).

    Examples
    --------
    >>> people = pd.DataFrame({"staff_id": list("abcd"), "name": list("ABCD"), "school": ["S"] * 4,
    ...                        "team": ["T", "T", "T", "U"], "in_degree": [0, 2, 9, 1],
    ...                        "isolation_status": ["isolated", "connected", "connected", "connected"]})
    >>> found = suggest_connections(people, [("b", "c"), ("d", "b")])
    >>> found[["staff_id", "suggested_id", "shared"]].values.tolist()
    [['a', 'b', 'team T']]
    """
    columns = ["staff_id", "name", "school", "role", "in_degree", "isolation_status",
               *[g for g in groups if g in people.columns]]
    staff = records(people, columns)
    in_degrees = pd.to_numeric(people["in_degree"], errors="coerce").fillna(0).astype(int).tolist()
    by_school: dict = {}
    for person, in_degree in zip(staff, in_degrees):
        person["staff_id"], person["in_degree"] = str(person["staff_id"]), in_degree
        if not _missing(person["school"]):   # as groupby: a person with no school has no group
            by_school.setdefault(person["school"], []).append(person)
    # the colleagues each person needing a suggestion is already tied to, either way
    tied: dict[str, set[str]] = {p["staff_id"]: set() for p in staff if p["isolation_status"] in _NEEDS}
    for u, v in edges:
        u, v = str(u), str(v)
        if u in tied:
            tied[u].add(v)
        if v in tied:
            tied[v].add(u)
    rows: list[dict] = []
    asked: dict[str, int] = {}
    for members in by_school.values():
        alone = [p for p in members if p["isolation_status"] in _NEEDS]
        if not alone:
            continue
        sought = [p for p in members if p["in_degree"] >= 1 and p["isolation_status"] == "connected"]
        cap = max_load
        if cap is None:
            cap = max(2, int(np.quantile([p["in_degree"] for p in sought], .75))) if sought else 2
        able = sorted((p for p in sought if p["in_degree"] <= cap), key=_most_sought)
        pools = _Pools(able, [g for g in groups if g in people.columns], asked, max_asked)
        for person in alone:
            rows += _suggestions_for(person, pools, tied[person["staff_id"]], per_person, asked)
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


_NEEDS = ("isolated", "not_sought")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _most_sought(person) -> tuple:
    """Most sought first, then by name (names missing last), as ``sort_values`` orders them."""
    name = person["name"]
    return -person["in_degree"], not isinstance(name, str), name if isinstance(name, str) else ""


class _Pools:
    """A school's colleagues able to take a suggestion (most sought first), as a whole and by group value.

    Colleagues asked ``max_asked`` times are dropped from a pool the next time it is read (and only then:
    :meth:`ask` counts how many have been used up, so a pool unchanged since is read as it is).
    """

    def __init__(self, able: list[dict], groups: list[str], asked: dict, max_asked: int):
        self.groups, self.asked, self.max_asked = groups, asked, max_asked
        self.used_up = 0
        self.pools: dict = {None: [able, 0]}
        for candidate in able:
            for group in groups:
                self.pools.setdefault((group, candidate.get(group)), [[], 0])[0].append(candidate)

    def get(self, key) -> list[dict]:
        entry = self.pools.get(key)
        if entry is None:
            return []
        if entry[1] != self.used_up:
            asked, most = self.asked, self.max_asked
            entry[0] = [c for c in entry[0] if asked.get(c["staff_id"], 0) < most]
            entry[1] = self.used_up
        return entry[0]

    def ask(self, staff_id: str) -> None:
        """Count one more suggestion of ``staff_id``."""
        self.asked[staff_id] = self.asked.get(staff_id, 0) + 1
        if self.asked[staff_id] >= self.max_asked:
            self.used_up += 1


def _suggestions_for(person, pools: _Pools, tied: set, per_person, asked):
    me = person["staff_id"]
    rows: list[dict] = []
    taken: set[str] = set()
    for group in pools.groups + [None]:
        if group is None:
            if rows:
                break
            pool, shared = pools.get(None), "same school"
        else:
            value = person.get(group)
            if not isinstance(value, str) or not value.strip():
                continue
            pool, shared = pools.get((group, value)), f"{group} {value}"
        free = [c for c in pool if c["staff_id"] != me and c["staff_id"] not in tied
                and c["staff_id"] not in taken]
        # those suggested least so far first (a stable order keeps the most sought first among equals)
        for c in heapq.nsmallest(per_person - len(rows), free, key=lambda c: asked.get(c["staff_id"], 0)):
            pools.ask(c["staff_id"])
            taken.add(c["staff_id"])
            rows.append({"staff_id": me, "name": person.get("name"), "school": person.get("school"),
                         "status": person["isolation_status"], "suggested_id": c["staff_id"],
                         "suggested_name": c.get("name"), "suggested_role": c.get("role"),
                         "shared": shared, "sought_by": c["in_degree"]})
    return rows
