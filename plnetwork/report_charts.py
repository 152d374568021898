"""Plotly figures of the report: pure builders from plain tables to ``go.Figure``.

Every text that reaches a figure (names, schools, teams) is HTML-escaped here: plotly renders a subset of
HTML in hover text and labels, ``<a href>`` included.

Examples
--------
>>> fig = level_flows({"classroom": {"classroom": 5, "school": 3}, "school": {"classroom": 1}})
>>> fig.data[0].type, sorted(fig.data[0].link.value)
('sankey', [1, 3, 5])
"""

from __future__ import annotations

import html
import math

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from .model import LEVELS

__all__ = ["PALETTE", "STATUS_COLORS", "level_flows", "nominations_by_level", "school_distribution",
           "response_rates", "school_network"]

#: Calm colours: navy for formal leaders, teal for informal ones, amber for people to reach.
PALETTE = {"navy": "#1f3b57", "teal": "#2a9d8f", "amber": "#e09f3e", "grey": "#9aa5b1", "light": "#cfd8e3",
           "red": "#b5473a", "green": "#4f8a5b", "ink": "#24313f"}
STATUS_COLORS = {"formal leader": PALETTE["navy"], "informal leader": PALETTE["teal"],
                 "isolated": PALETTE["red"], "not sought": PALETTE["amber"],
                 "did not respond, not named": "#d9dee4", "colleague": "#8da9c4"}
_LEVEL_COLORS = {"classroom": "#8da9c4", "school": "#2a9d8f", "district": "#1f3b57"}
_FONT = dict(family="Inter, 'Segoe UI', Helvetica, Arial, sans-serif", size=13, color=PALETTE["ink"])


def _esc(text) -> str:
    return html.escape("" if text is None else str(text))


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


def _status(person) -> str:
    if person.get("leader_status") == "formal":
        return "formal leader"
    if person.get("leader_status") == "informal":
        return "informal leader"
    return {"isolated": "isolated", "not_sought": "not sought",
            "unknown": "did not respond, not named"}.get(person.get("isolation_status"), "colleague")


def school_network(people: pd.DataFrame, edges, *, seed: int = 7, title: str | None = None) -> go.Figure:
    """One school's network: a spring layout (fixed ``seed``), node size by nominations received, colour by
    status (formal leader, informal leader, isolated, not sought, no data, colleague).

    ``people`` has ``staff_id``, ``name``, ``role``, ``in_degree``, ``out_degree``, ``leader_status``,
    ``isolation_status`` (optionally ``team``); ``edges`` are ``(source_id, target_id)`` within the school.
    """
    ids = people["staff_id"].astype(str).tolist()
    H = nx.Graph()
    H.add_nodes_from(ids)
    H.add_edges_from((u, v) for u, v in edges if u in H and v in H and u != v)
    pos = _layout_positions(H, seed)
    xs, ys = [], []
    for u, v in H.edges():
        xs += [pos[u][0], pos[v][0], None]
        ys += [pos[u][1], pos[v][1], None]
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                               line=dict(color="rgba(120,135,150,0.28)", width=0.8)))
    records = people.assign(_status=[_status(p) for p in people.to_dict("records")])
    for status, color in STATUS_COLORS.items():
        group = records[records["_status"] == status]
        if group.empty:
            continue
        size = 6 + 2.4 * pd.to_numeric(group["in_degree"], errors="coerce").fillna(0).clip(upper=25) ** 0.5
        if status in ("isolated", "not sought"):
            size = size.clip(lower=11)   # the people to reach must be easy to spot
        fig.add_scatter(
            x=[pos[i][0] for i in group["staff_id"].astype(str)],
            y=[pos[i][1] for i in group["staff_id"].astype(str)],
            mode="markers", name=status, hovertext=[_hover(p) for p in group.to_dict("records")],
            hoverinfo="text", marker=dict(size=size, color=color, line=dict(color="white", width=1)))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=520, legend=dict(orientation="h", y=-0.02, font=dict(size=12)),
                   title=dict(text=_esc(title), font=dict(size=15)) if title else None)


def _layout_positions(H: nx.Graph, seed: int) -> dict:
    """Spring layout of the people with ties; those without a tie here in a row beneath, so they neither
    crowd the picture nor squeeze it into a corner."""
    linked = [n for n in H if H.degree(n)]
    alone = [n for n in H if not H.degree(n)]
    pos = {}
    if linked:
        core = H.subgraph(linked)
        raw = nx.spring_layout(core, seed=seed, k=2.2 / len(linked) ** 0.5, iterations=120)
        pos = {n: (float(x), float(y)) for n, (x, y) in raw.items()}
    bottom = min((y for _, y in pos.values()), default=0.0) - 0.25
    per_row, step = 20, 0.1
    for i, n in enumerate(alone):
        in_row = min(per_row, len(alone) - i // per_row * per_row)
        pos[n] = (step * (i % per_row - (in_row - 1) / 2), bottom - 0.12 * (i // per_row))
    return pos


def _hover(person) -> str:
    lines = [f"<b>{_esc(person.get('name'))}</b>", _esc(person.get("role"))]
    team = person.get("team")
    if isinstance(team, str) and team.strip():
        lines.append(f"team: {_esc(team)}")
    lines.append(f"sought out by {_count(person.get('in_degree'))}, names {_count(person.get('out_degree'))}")
    lines.append(_esc(_status(person)))
    return "<br>".join(line for line in lines if line)


def _count(value) -> str:
    number = pd.to_numeric(value, errors="coerce")
    return "?" if pd.isna(number) else str(int(number))
