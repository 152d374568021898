"""District overview: headline figures per level, who goes to whom across levels, how distributed
leadership is in each school — each figure with its table, following the wave and relation chosen."""

from __future__ import annotations

from urllib.parse import quote

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from plnetwork import report_charts as charts

from dashboard.components.cards import empty, fmt, headline_cards
from dashboard.components.palette import CHART_CONFIG
from dashboard.components.summaries import edge_frame, level_matrix, level_table, school_table, suppress
from dashboard.components.tables import data_table
from dashboard.data import current_scope, ready_view, service
from dashboard.text import SUPPRESSION_NOTE

dash.register_page(__name__, path="/", name="Overview", title="Overview · plnetwork", order=0)

_GRAPH = CHART_CONFIG


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("Where leadership of professional learning sits"),
        html.P("Who colleagues go to for advice and learning, at the classroom, school and district levels.",
               className="lede"),
        dcc.Loading(html.Div(id="overview-body", children=empty("Loading…")), type="dot"),
    ])


@callback(Output("overview-body", "children"), Input("app-ready", "data"))
def render(ready):
    view = ready_view(ready)
    if view is None:
        return empty("Choose a survey wave above (or upload one) to see its results.")
    waves = service().waves(current_scope())
    key = view.key + ("overview", tuple((w.id, w.version) for w in waves))
    return service().memo(key, lambda: overview_body(view, waves=waves))


def overview_body(view, *, waves=()) -> list:
    """The page's content for one view (pure: tables and figures from the view's people and ties)."""
    people, edges = view.people, view.ties if view.ties is not None else view.edges
    levels = level_table(people, edges)
    levels, hidden_levels = suppress(levels, people, "level")
    schools = school_table(people, edges, view.summary)
    schools, hidden_schools = suppress(schools, people, "school")
    matrix = level_matrix(people, edges)
    matrix = {a: {b: n for b, n in row.items() if b in set(levels["level"])}
              for a, row in matrix.items() if a in set(levels["level"])}
    staff, answered = len(people), int(people["responded"].sum())
    status = people["isolation_status"].value_counts()
    leaders = people["leader_status"].value_counts()
    note = html.P(SUPPRESSION_NOTE + f" ({hidden_levels} level(s) and {hidden_schools} school(s) not shown.)",
                  className="note") if hidden_levels or hidden_schools else None
    school_links = html.Ul(className="school-links", children=[
        html.Li(dcc.Link(s, href=f"/school/{_slug(s)}")) for s in schools["school"]])
    matrix_rows = [{"from": a, **{f"to {b}": matrix[a].get(b, 0) for b in levels["level"]}} for a in matrix]
    return [
        headline_cards([("staff", fmt(staff), None),
                        ("answered", fmt(answered / staff if staff else None, pct=True), f"{answered:,} people"),
                        ("formal leaders", fmt(int(leaders.get("formal", 0))), None),
                        ("informal leaders", fmt(int(leaders.get("informal", 0))), "sought out, no formal role"),
                        ("isolated", fmt(int(status.get("isolated", 0))), "answered; no ties either way"),
                        ("not sought out", fmt(int(status.get("not_sought", 0))), "answered; nobody named them")]),
        note,
        html.Section(className="pair", children=[
            html.Div(className="pair-figure", children=[
                dcc.Graph(id="overview-levels-figure", config=_GRAPH,
                          figure=_steady(charts.nominations_by_level(_by_level(people, edges, levels))))]),
            html.Div(className="pair-table", children=[
                data_table("overview-levels", levels, filterable=False, caption="By level",
                           shown=("level", "staff", "response_rate", "formal_leaders", "informal_leaders",
                                  "isolated"))])]),
        html.Section(className="pair", children=[
            html.Div(className="pair-figure", children=[
                dcc.Graph(id="overview-flows-figure", config=_GRAPH, figure=_steady(charts.level_flows(matrix)))
                if matrix else empty("No ties in this relation.")]),
            html.Div(className="pair-table", children=[
                data_table("overview-flows", pd.DataFrame(matrix_rows), filterable=False,
                           caption="Ties from each level (rows) to each level (columns)")])]),
        html.Section(className="pair", children=[
            html.Div(className="pair-figure", children=[
                dcc.Graph(id="overview-schools-figure", config=_GRAPH,
                          figure=_steady(_wrapped_titles(charts.school_distribution(schools)))) if len(schools) else
                empty("No school is large enough to show.")]),
            html.Div(className="pair-table", children=[
                data_table("overview-schools", schools, caption="By school", filterable=len(schools) > 10,
                           shown=("school", "staff", "response_rate", "centralization", "gini",
                                  "non_formal_share")),
                html.H3("Open a school"), school_links])]),
        html.Section(children=[html.H2("Survey waves"), data_table("overview-waves", _waves_table(waves),
                                                                    filterable=False)]),
    ]


def _by_level(people, edges, levels):
    """Nominations received per level, by whom: formal leaders, informal leaders, everyone else."""
    e = edge_frame(people, edges)
    status = people.assign(staff_id=people["staff_id"].astype(str)).set_index("staff_id")["leader_status"]
    e["status"] = status.reindex(e["v"]).to_numpy()
    rows = []
    for level in levels["level"]:
        got = e[e["v_level"] == level]["status"].value_counts()
        rows.append({"level": level, "formal": int(got.get("formal", 0)),
                     "informal": int(got.get("informal", 0)), "other": int(got.get("none", 0))})
    return pd.DataFrame(rows, columns=["level", "formal", "informal", "other"])


def _steady(fig):
    """Keep what the reader did to a chart (legend items hidden) when the wave or relation changes."""
    return fig.update_layout(uirevision="overview")


def _wrapped_titles(fig):
    """The report's subplot titles, broken onto short lines to fit the page's narrower column."""
    for note in fig.layout.annotations:
        words, lines = str(note.text).split(), [""]
        for word in words:
            lines[-1:] = [f"{lines[-1]} {word}".strip()] if len(lines[-1]) + len(word) < 24 else [lines[-1], word]
        note.text = "<br>".join(lines)
    fig.update_layout(margin={"t": 110})
    return fig


def _waves_table(waves):
    return pd.DataFrame([{"wave": w.label, "school": w.school or "whole district",
                          "created": str(w.created_at)[:16], "staff": w.staff, "respondents": w.respondents,
                          "response_rate": w.response_rate} for w in reversed(list(waves))],
                        columns=["wave", "school", "created", "staff", "respondents", "response_rate"])


def _slug(school: str) -> str:
    return quote(str(school), safe="")
