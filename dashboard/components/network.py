"""A school's network drawn readably: teams as groups, district staff at the edge, leaders and isolates marked.

The layout (:func:`school_layout`) is the slow part and depends only on who is in the school and who is
tied to whom, so it is computed once per (wave, school) and cached by the data layer; the figure
(:func:`network_figure`) is rebuilt from it in milliseconds when the colouring or relation changes.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from .palette import GREY, INK, STATUS_SYMBOLS, colour_map

__all__ = ["school_layout", "network_figure", "NO_TEAM", "OUTSIDE"]

NO_TEAM = "(no team)"
OUTSIDE = "district"


def _group(row, home=None) -> str:
    if row.get("level") == "district" and (home is None or str(row.get("school")) != home):
        return OUTSIDE
    team = row.get("team")
    return str(team) if isinstance(team, str) and team.strip() else NO_TEAM


def school_layout(nodes: pd.DataFrame, edges, *, home: str | None = None, seed: int = 7
                  ) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes`` (``staff_id``, ``level``, ``team``, optionally ``in_degree``): each team a
    compact disc on a ring (most sought-out members at its centre), people without a team in the middle,
    district-level staff on an outer ring — the edge of the picture.

    Discs, not force layouts: every team keeps the same readable shape whatever its ties, nobody overlaps,
    and the layout takes milliseconds. ``edges`` order the district staff around the ring (next to the
    teams they are tied to). ``home`` is the school drawn: its own district-level staff (the district
    office's view) are grouped in teams like anyone else. ``seed`` is kept for a stable signature.

    Examples
    --------
    >>> nodes = pd.DataFrame({"staff_id": list("abcd"), "level": ["classroom"] * 3 + ["district"],
    ...                       "team": ["T1", "T1", "T2", ""]})
    >>> pos = school_layout(nodes, [("a", "b")])
    >>> sorted(pos) == list("abcd") and math.hypot(*pos["d"]) > math.hypot(*pos["a"])
    True
    """
    degree = dict(zip(nodes["staff_id"].astype(str), nodes["in_degree"])) if "in_degree" in nodes else {}
    groups: dict[str, list[str]] = {}
    for row in nodes.to_dict("records"):
        groups.setdefault(_group(row, home), []).append(str(row["staff_id"]))
    for members in groups.values():
        members.sort(key=lambda m: (-degree.get(m, 0), m))
    inside = sorted((g for g in groups if g not in (OUTSIDE, NO_TEAM)), key=lambda g: (-len(groups[g]), g))
    radii = {g: _SPACING * math.sqrt(len(groups[g])) + _SPACING for g in groups}
    ring = max(sum(2 * radii[g] + _GAP for g in inside) / (2 * math.pi), max((radii[g] for g in inside),
                                                                              default=0) + _GAP)
    if NO_TEAM in groups:
        ring = max(ring, radii[NO_TEAM] + max((radii[g] for g in inside), default=0) + 2 * _GAP)
    positions: dict[str, tuple[float, float]] = {}
    angle = 0.0
    for group in inside:
        share = (2 * radii[group] + _GAP) / max(sum(2 * radii[g] + _GAP for g in inside), 1e-9)
        centre_angle = angle + math.pi * share
        angle += 2 * math.pi * share
        centre = (0.0, 0.0) if len(inside) == 1 and NO_TEAM not in groups else (
            ring * math.cos(centre_angle), ring * math.sin(centre_angle))
        positions.update(_disc(groups[group], centre))
    if NO_TEAM in groups:
        positions.update(_disc(groups[NO_TEAM], (0.0, 0.0)))
    if OUTSIDE in groups:
        extent = max((math.hypot(*xy) for xy in positions.values()), default=0.0)
        outer = extent + 3 * _GAP
        people = _by_neighbour_angle(groups[OUTSIDE], edges, positions)
        for i, node in enumerate(people):
            a = 2 * math.pi * (i + 0.5) / len(people)
            positions[node] = (outer * math.cos(a), outer * math.sin(a))
    return positions


_SPACING = 0.34            # distance between neighbours in a team's disc
_GAP = 0.9                 # between discs
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _disc(members: list[str], centre) -> dict:
    """A sunflower (Vogel's spiral) of ``members`` around ``centre``: evenly spaced, first at the middle."""
    return {m: (centre[0] + _SPACING * math.sqrt(k + 0.5) * math.cos(k * _GOLDEN),
                centre[1] + _SPACING * math.sqrt(k + 0.5) * math.sin(k * _GOLDEN)) for k, m in enumerate(members)}


def _by_neighbour_angle(outside: list[str], edges, positions: dict) -> list[str]:
    """District staff ordered by the mean direction of the school people they are tied to."""
    sums: dict[str, list[float]] = {m: [0.0, 0.0] for m in outside}
    for u, v in edges:
        u, v = str(u), str(v)
        for a, b in ((u, v), (v, u)):
            if a in sums and b in positions:
                sums[a][0] += positions[b][0]
                sums[a][1] += positions[b][1]
    return sorted(outside, key=lambda m: (math.atan2(sums[m][1], sums[m][0]) if any(sums[m]) else 4.0, m))


def _hover(row) -> str:
    flags = [f for f, on in (("informal leader", row["leader_status"] == "informal"),
                             ("formal leader", row["leader_status"] == "formal"),
                             ("broker", bool(row.get("broker"))),
                             ("isolated", row["isolation_status"] == "isolated"),
                             ("not sought out", row["isolation_status"] == "not_sought"),
                             ("did not respond", row["isolation_status"] == "unknown")) if on]
    lines = [f"<b>{html.escape(str(row['name']))}</b>",
             html.escape(" · ".join(str(row.get(c)) for c in ("role", "team") if row.get(c))),
             f"sought by {int(row['in_degree'])} · seeks {int(row['out_degree'])}"]
    if flags:
        lines.append(html.escape(", ".join(flags)))
    return "<br>".join(line for line in lines if line)


def _symbol(row) -> str:
    if row["isolation_status"] in ("isolated", "not_sought") and row["leader_status"] == "none":
        return STATUS_SYMBOLS[row["isolation_status"]]
    return STATUS_SYMBOLS.get(row["leader_status"], "circle")


def _scatter(**trace) -> dict:
    return {"type": "scatter", **trace}


def network_figure(people: pd.DataFrame, edges, positions: dict, *, colour_by: str = "level",
                   selected: str | None = None, title: str | None = None, home: str | None = None) -> dict:
    """The network as a plotly figure dict: one trace per colour group, size by in-degree, shape by
    leader/isolate status (the legend explains both).

    ``people`` needs ``staff_id, name, level, role, team, in_degree, out_degree, leader_status,
    isolation_status``; ``customdata`` of every marker is its staff id (the click opens the person's card).
    Names are HTML-escaped in the hover text. A plain dict, not ``go.Figure``: plotly's validation of a
    few hundred markers costs more than the redraw budget, and ``dcc.Graph`` takes the dict as it is.
    """
    people = people[people["staff_id"].astype(str).isin(positions)].copy()
    people["staff_id"] = people["staff_id"].astype(str)
    # three decimals are a thousandth of a team's disc: invisible, and the figure's JSON a third the size
    positions = {k: (round(x, 3), round(y, 3)) for k, (x, y) in positions.items()}
    ex, ey = [], []
    for u, v in edges:
        if str(u) in positions and str(v) in positions:
            (x0, y0), (x1, y1) = positions[str(u)], positions[str(v)]
            ex += [x0, x1, None]
            ey += [y0, y1, None]
    data = [_scatter(x=ex, y=ey, mode="lines", line={"width": 0.7, "color": "rgba(120,135,150,0.28)"},
                     hoverinfo="skip", showlegend=False, name="ties")]
    key = people[colour_by].fillna("").astype(str).replace("", "(none)") if colour_by in people else None
    if key is not None and colour_by != "level":
        outside = (people["level"] == "district") & (people["school"].astype(str) != (home or ""))
        key = key.where(~outside, "district staff")      # one colour for the ring at the edge
    colours = colour_map(key if key is not None else ["all"])
    if "district staff" in colours:
        colours["district staff"] = GREY
    groups = people.groupby(key, sort=True) if key is not None else [("all", people)]
    for value, group in groups:
        value, rows = str(value), group.to_dict("records")
        xy = [positions[i] for i in group["staff_id"]]
        data.append(_scatter(x=[None], y=[None], mode="markers", name=value, legendgroup=value, hoverinfo="skip",
                             marker={"symbol": "circle", "size": 12, "color": colours[value]}))
        data.append(_scatter(
            x=[p[0] for p in xy], y=[p[1] for p in xy], mode="markers", name=value, legendgroup=value,
            showlegend=False, customdata=group["staff_id"].tolist(), hovertext=[_hover(r) for r in rows],
            hoverinfo="text",
            marker={"size": [round(8 + 4 * math.sqrt(max(float(r["in_degree"]), 0.0)), 1) for r in rows],
                    "color": colours[value], "symbol": [_symbol(r) for r in rows], "opacity": 0.95,
                    "line": {"width": [2 if r["leader_status"] != "none" else 1 for r in rows],
                             "color": [INK if r["leader_status"] != "none" else "white" for r in rows]}}))
    for label, symbol in (("informal leader", "star"), ("formal leader", "diamond"),
                          ("isolated", "circle-x-open"), ("not sought out", "circle-open")):
        data.append(_scatter(x=[None], y=[None], mode="markers", name=label, legendgroup="marks", hoverinfo="skip",
                             marker={"symbol": symbol, "size": 12, "color": INK}))
    if selected and selected in positions:
        x, y = positions[selected]
        data.append(_scatter(x=[x], y=[y], mode="markers", showlegend=False, hoverinfo="skip",
                             marker={"size": 34, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": INK}}))
    labels = [{"x": x, "y": y, "text": html.escape(team), "showarrow": False, "yshift": 10,
               "font": {"size": 12, "color": INK}, "bgcolor": "rgba(255,255,255,0.8)"}
              for team, (x, y) in _team_labels(people, positions, home).items()]
    layout = {"clickmode": "event", "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
              "plot_bgcolor": "white", "paper_bgcolor": "white", "hovermode": "closest", "dragmode": "pan",
              "uirevision": "network", "annotations": labels,
              "legend": {"orientation": "v", "x": 1.0, "y": 1.0, "font": {"size": 13}, "itemclick": "toggle"},
              "xaxis": {"visible": False, "scaleanchor": "y"}, "yaxis": {"visible": False}}
    if title:
        layout["title"] = {"text": html.escape(title), "x": 0.01}
    return {"data": data, "layout": layout}


def _team_labels(people: pd.DataFrame, positions: dict, home=None) -> dict[str, tuple[float, float]]:
    """Where each team's name is written: centred above its disc."""
    spots: dict[str, list] = {}
    for row in people.to_dict("records"):
        group = _group(row, home)
        if group not in (OUTSIDE, NO_TEAM):
            spots.setdefault(group, []).append(positions[row["staff_id"]])
    return {group: (float(np.mean([x for x, _ in xy])), max(y for _, y in xy) + 0.12)
            for group, xy in spots.items()}
