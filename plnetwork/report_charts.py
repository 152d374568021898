"""Plotly figures of the report: pure builders from plain tables to ``go.Figure`` (and, for the school
networks a report draws by the hundred, to the plain figure dict: :func:`school_network_spec`).

Every text that reaches a figure (names, schools, teams) is HTML-escaped here: plotly renders a subset of
HTML in hover text and labels, ``<a href>`` included.

Examples
--------
>>> fig = level_flows({"classroom": {"classroom": 5, "school": 3}, "school": {"classroom": 1}})
>>> fig.data[0].type, sorted(fig.data[0].link.value)
('sankey', [1, 3, 5])
"""

from __future__ import annotations

import base64
import functools
import html
import math
import random

import igraph as ig
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .model import LEVELS

__all__ = ["PALETTE", "STATUS_COLORS", "level_flows", "nominations_by_level", "school_distribution",
           "response_rates", "school_network", "school_network_spec"]

#: Calm colours: navy for formal leaders, teal for informal ones, amber for people to reach.
PALETTE = {"navy": "#1f3b57", "teal": "#2a9d8f", "amber": "#e09f3e", "grey": "#9aa5b1", "light": "#cfd8e3",
           "red": "#b5473a", "green": "#4f8a5b", "ink": "#24313f"}
STATUS_COLORS = {"formal leader": PALETTE["navy"], "informal leader": PALETTE["teal"],
                 "isolated": PALETTE["red"], "not sought": PALETTE["amber"],
                 "did not respond, not named": "#d9dee4", "colleague": "#8da9c4"}
_LEVEL_COLORS = {"classroom": "#8da9c4", "school": "#2a9d8f", "district": "#1f3b57"}
_FONT = dict(family="Inter, 'Segoe UI', Helvetica, Arial, sans-serif", size=13, color=PALETTE["ink"])


#: ``html.escape``, remembered: a report escapes the same names, roles and teams in many figures.
escape_text = functools.lru_cache(maxsize=1 << 16)(html.escape)


def _esc(text) -> str:
    return escape_text(text if type(text) is str else "" if text is None else str(text))


def _layout(fig: go.Figure, *, height: int, **extra) -> go.Figure:
    extra.setdefault("margin", dict(l=10, r=10, t=40, b=10))
    fig.update_layout(height=height, font=_FONT, paper_bgcolor="white", plot_bgcolor="white",
                      hoverlabel=dict(font=_FONT, bgcolor="white"), **extra)
    return fig


def level_flows(matrix: dict, *, title: str = "Who goes to whom, by level") -> go.Figure:
    """A sankey of nominations from the level of the person asking (left) to the level sought (right).

    ``matrix[from_level][to_level]`` is the number of ties.
    """
    levels = [lv for lv in LEVELS if lv in matrix or any(lv in row for row in matrix.values())]
    levels += [lv for lv in matrix if lv not in levels]
    n = len(levels)
    labels = [f"{lv.title()} staff ask" for lv in levels] + [f"{lv.title()} sought" for lv in levels]
    colors = [_LEVEL_COLORS.get(lv, PALETTE["grey"]) for lv in levels] * 2
    source, target, value, link_colors = [], [], [], []
    for i, a in enumerate(levels):
        for j, b in enumerate(levels):
            count = int((matrix.get(a) or {}).get(b, 0) or 0)
            if count:
                source.append(i)
                target.append(n + j)
                value.append(count)
                link_colors.append(_rgba(_LEVEL_COLORS.get(b, PALETTE["grey"]), 0.35))
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=[_esc(x) for x in labels], color=colors, pad=18, thickness=16,
                  line=dict(width=0), hovertemplate="%{label}: %{value} nominations<extra></extra>"),
        link=dict(source=source, target=target, value=value, color=link_colors,
                  hovertemplate="%{source.label} → %{target.label}: %{value}<extra></extra>")))
    return _layout(fig, height=320, title=dict(text=_esc(title), font=dict(size=15)))


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def nominations_by_level(table: pd.DataFrame, *, title: str = "Nominations received, by level") -> go.Figure:
    """Stacked bars per level: nominations received by formal leaders, informal leaders and others.

    ``table`` has columns ``level``, ``formal``, ``informal``, ``other`` (counts).
    """
    fig = go.Figure()
    for column, label, color in (("formal", "formal leaders", PALETTE["navy"]),
                                 ("informal", "informal leaders", PALETTE["teal"]),
                                 ("other", "other colleagues", PALETTE["light"])):
        fig.add_bar(y=[_esc(lv.title()) for lv in table["level"]], x=table[column], name=label,
                    orientation="h", marker_color=color,
                    hovertemplate="%{y}: %{x} nominations to " + label + "<extra></extra>")
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=1.0, x=1, xanchor="right",
                                                   yanchor="bottom", traceorder="normal"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=120 + 45 * len(table), title=dict(text=_esc(title), font=dict(size=15)),
                   margin=dict(l=10, r=10, t=60, b=30))


def school_distribution(table: pd.DataFrame, *, title: str = "How leadership is distributed in each school"
                        ) -> go.Figure:
    """Three measures per school, side by side (0 to 1): in-degree centralization, Gini, non-formal share.

    ``table`` has columns ``school``, ``centralization``, ``gini``, ``non_formal_share``.
    """
    from plotly.subplots import make_subplots

    titles = ("Centralization (0 = spread, 1 = one hub)", "Inequality of nominations (Gini)",
              "Share of nominations to people with no formal role")
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04, subplot_titles=titles)
    schools = [_esc(s) for s in table["school"]]
    for col, (column, color) in enumerate((("centralization", PALETTE["navy"]), ("gini", PALETTE["amber"]),
                                            ("non_formal_share", PALETTE["teal"])), start=1):
        values = pd.to_numeric(table[column], errors="coerce")
        fig.add_bar(y=schools, x=values, orientation="h", marker_color=color, showlegend=False,
                    text=[("" if pd.isna(v) else f"{v:.2f}") for v in values], textposition="outside",
                    cliponaxis=False, hovertemplate="%{y}: %{x:.2f}<extra></extra>", row=1, col=col)
        fig.update_xaxes(range=[0, 1.15], showgrid=True, gridcolor="#eef1f4", row=1, col=col)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_annotations(font=dict(size=12, color=PALETTE["ink"]))
    return _layout(fig, height=120 + 34 * len(table), title=dict(text=_esc(title), font=dict(size=15)),
                   margin=dict(l=10, r=30, t=80, b=10))


def response_rates(table: pd.DataFrame, *, title: str = "Response rate by school") -> go.Figure:
    """Bars of each school's response rate, with the 65% and 80% lines of the reading.

    ``table`` has columns ``school`` and ``response_rate`` (0 to 1).
    """
    rates = pd.to_numeric(table["response_rate"], errors="coerce").fillna(0)
    colors = [PALETTE["green"] if r >= .8 else PALETTE["amber"] if r >= .65 else PALETTE["red"]
              for r in rates]
    fig = go.Figure(go.Bar(y=[_esc(s) for s in table["school"]], x=rates, orientation="h",
                           marker_color=colors,
                           text=[f"{math.floor(r * 100 + 1e-9)}%" for r in rates], textposition="outside",
                           cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    for x, label in ((.65, "65%"), (.8, "80%")):
        fig.add_vline(x=x, line=dict(color=PALETTE["grey"], dash="dot", width=1),
                      annotation_text=label, annotation_position="top")
    fig.update_xaxes(range=[0, 1.08], tickformat=".0%", gridcolor="#eef1f4")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, height=110 + 30 * len(table), title=dict(text=_esc(title), font=dict(size=15)),
                   margin=dict(l=10, r=30, t=60, b=10))


_STATUS_OF_ISOLATION = {"isolated": "isolated", "not_sought": "not sought",
                        "unknown": "did not respond, not named"}


def _statuses(people: pd.DataFrame) -> np.ndarray:
    """Each person's status in the drawing: formal leader, informal leader, else isolated, not sought, did
    not respond (not named), or colleague."""
    leaders = {"formal": "formal leader", "informal": "informal leader"}
    return np.array([leaders.get(leader) or _STATUS_OF_ISOLATION.get(isolation, "colleague")
                     for leader, isolation in zip(people["leader_status"].tolist(),
                                                  people["isolation_status"].tolist())], dtype=object)


def school_network(people: pd.DataFrame, edges, *, seed: int = 7, title: str | None = None) -> go.Figure:
    """One school's network: a force-directed layout (fixed ``seed``), node size by nominations received,
    colour by status (formal leader, informal leader, isolated, not sought, no data, colleague).

    ``people`` has ``staff_id``, ``name``, ``role``, ``in_degree``, ``out_degree``, ``leader_status``,
    ``isolation_status`` (optionally ``team``); ``edges`` are ``(source_id, target_id)`` within the school.
    """
    return go.Figure(school_network_spec(people, edges, seed=seed, title=title))


def school_network_spec(people: pd.DataFrame, edges, *, seed: int = 7, title: str | None = None) -> dict:
    """:func:`school_network` as the plain plotly figure dict (``data`` and ``layout``) it validates to.

    The report draws a network per school: building the dict directly spares plotly's validation of each
    property (most of the time of a figure). The ties are one line trace (a gap between ties) and each
    status one marker trace; coordinates are float32 typed arrays, which plotly.js reads from base64.
    """
    ids = [str(staff_id) for staff_id in people["staff_id"].tolist()]
    pairs = _pairs(edges, {staff_id: i for i, staff_id in enumerate(ids)})
    x, y = _layout_positions(len(ids), pairs, seed)
    data = [{"type": "scatter", "x": _typed(_segments(x, pairs)), "y": _typed(_segments(y, pairs)),
             "mode": "lines", "hoverinfo": "skip", "showlegend": False,
             "line": {"color": "rgba(120,135,150,0.28)", "width": 0.8}}]
    status = _statuses(people)
    in_degree = people["in_degree"]
    if in_degree.dtype.kind not in "iu":
        in_degree = pd.to_numeric(in_degree, errors="coerce").fillna(0)
    size = 6 + 2.4 * np.minimum(in_degree.to_numpy(float), 25) ** 0.5
    hover = _hover_data(people)
    for label, color in STATUS_COLORS.items():
        rows = np.flatnonzero(status == label)
        if not len(rows):
            continue
        # the people to reach (isolated, not sought) are drawn large enough to spot
        marker_size = np.maximum(size[rows], 11) if label in ("isolated", "not sought") else size[rows]
        data.append({"type": "scatter", "x": _typed(x[rows]), "y": _typed(y[rows]), "mode": "markers",
                     "name": label, "customdata": [hover[i] for i in rows],
                     "hovertemplate": _HOVER.format(status=_esc(label)),
                     "marker": {"size": _typed(marker_size), "color": color,
                                "line": {"color": "white", "width": 1}}})
    layout = {"height": 520, "font": dict(_FONT), "paper_bgcolor": "white", "plot_bgcolor": "white",
              "hoverlabel": {"font": dict(_FONT), "bgcolor": "white"}, "margin": dict(l=10, r=10, t=40, b=10),
              "legend": {"orientation": "h", "y": -0.02, "font": {"size": 12}},
              "xaxis": {"visible": False}, "yaxis": {"visible": False}}
    if title:
        layout["title"] = {"text": _esc(title), "font": {"size": 15}}
    return {"data": data, "layout": layout}


def _typed(values: np.ndarray) -> dict:
    """A plotly.js typed array: float32, little-endian, base64 (what plotly writes for a numpy array)."""
    data = np.asarray(values, dtype="<f4").tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(data).decode("ascii")}


#: A person's hover text from their ``customdata``: the name, the role and team lines (each with its line
#: break, empty when unknown), nominations received and given, and the status. The fixed words are
#: written once per status, not once per person.
_HOVER = ("<b>%{{customdata[0]}}</b>%{{customdata[1]}}%{{customdata[2]}}"
          "<br>sought out by %{{customdata[3]}}, names %{{customdata[4]}}<br>{status}<extra></extra>")


def _hover_data(people: pd.DataFrame) -> list[list]:
    """Each row's ``customdata`` for :data:`_HOVER` (names and roles escaped)."""
    def column(name):
        return people[name].tolist() if name in people else [None] * len(people)

    def role_line(role):
        return f"<br>{_esc(role)}" if _esc(role) else ""

    def team_line(team):
        return f"<br>team: {_esc(team)}" if isinstance(team, str) and team.strip() else ""

    return [[_esc(name), role_line(role), team_line(team), _number(given), _number(names)]
            for name, role, team, given, names in zip(column("name"), column("role"), column("team"),
                                                      column("in_degree"), column("out_degree"))]


def _number(value):
    """A count as an ``int``, or ``"?"`` when unknown."""
    if type(value) is int:
        return value
    text = _count(value)
    return int(text) if text != "?" else text


def _pairs(edges, index: dict) -> np.ndarray:
    """The distinct undirected ties between people of ``index`` as an ``(m, 2)`` array of positions."""
    found = {(a, b) if a < b else (b, a) for u, v in edges
             if (a := index.get(u)) is not None and (b := index.get(v)) is not None and a != b}
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)


def _segments(coordinate: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Both ends of every tie followed by a gap (NaN), as one float32 array for a single line trace.

    (Not one star per person, ``a, b1, a, b2 ...``: plotly simplifies a line that turns back on itself.)
    """
    out = np.full((len(pairs), 3), np.nan, dtype=np.float32)
    out[:, 0] = coordinate[pairs[:, 0]]
    out[:, 1] = coordinate[pairs[:, 1]]
    return out.ravel()


#: Fruchterman-Reingold iterations per school network: a school of a few hundred settles within them
#: (igraph's default, 500, draws as good a picture ten times slower).
LAYOUT_ITERATIONS = 50


def _layout_positions(n: int, pairs: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Fruchterman-Reingold positions (igraph, seeded) of the people with ties, scaled into [-1, 1]; those
    without a tie here in rows beneath, so they neither crowd the picture nor squeeze it into a corner."""
    x, y = np.zeros(n), np.zeros(n)
    linked = np.zeros(n, dtype=bool)
    linked[pairs.ravel()] = True
    core = np.flatnonzero(linked)
    if len(core):
        position = np.full(n, -1)
        position[core] = np.arange(len(core))
        graph = ig.Graph(n=len(core), edges=position[pairs].tolist())
        start = np.random.default_rng(seed).uniform(-1, 1, size=(len(core), 2))
        ig.set_random_number_generator(random.Random(seed))   # igraph jitters moves with its generator
        try:
            layout = graph.layout_fruchterman_reingold(seed=start.tolist(), niter=LAYOUT_ITERATIONS)
            raw = np.asarray(layout.coords, dtype=float)
        finally:
            ig.set_random_number_generator(random)
        raw -= raw.mean(axis=0)
        raw /= max(float(np.abs(raw).max()), 1e-9)
        x[core], y[core] = raw[:, 0], raw[:, 1]
    alone = np.flatnonzero(~linked)
    bottom = (float(y[core].min()) if len(core) else 0.0) - 0.25
    per_row, step = 20, 0.1
    for i, node in enumerate(alone):
        in_row = min(per_row, len(alone) - i // per_row * per_row)
        x[node], y[node] = step * (i % per_row - (in_row - 1) / 2), bottom - 0.12 * (i // per_row)
    return x, y


def _count(value) -> str:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    number = pd.to_numeric(value, errors="coerce")
    return "?" if pd.isna(number) else str(int(number))
