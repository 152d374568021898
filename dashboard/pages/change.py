"""Change between waves: ties gained and lost, emerging informal leaders, people no longer isolated — per
school — from an earlier wave to the wave chosen above."""

from __future__ import annotations

from html import escape as html_escape

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from plnetwork.anonymize import MIN_GROUP_SIZE
from plnetwork.waves import compare_waves

from dashboard.components.cards import empty, headline_cards
from dashboard.components.palette import CHART_CONFIG, OKABE_ITO
from dashboard.components.tables import data_table
from dashboard.data import AccessDenied, current_scope, service
from dashboard.shell import wave_label
from dashboard.text import SUPPRESSION_NOTE

dash.register_page(__name__, path="/change", name="Change", title="Change · plnetwork", order=4)


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("What changed between waves"),
        html.Div(className="filters", children=[html.Div(className="control control-wide", children=[
            html.Label("Compare with the earlier wave", htmlFor="change-from"),
            dcc.Dropdown(id="change-from", clearable=False, placeholder="no earlier wave")])]),
        dcc.Loading(html.Div(id="change-body"), type="dot"),
    ])


@callback(Output("change-from", "options"), Output("change-from", "value"), Input("app-ready", "data"),
          State("change-from", "value"))
def earlier(ready, current):
    """The waves before the chosen one (same district and school), newest first."""
    if not ready:
        return [], None
    try:
        scope = current_scope()
        later = service().wave(scope, ready["wave"])
        waves = [w for w in service().waves(scope) if w.created_at < later.created_at
                 and w.district == later.district and (w.school or "") == (later.school or "")]
    except AccessDenied:
        return [], None
    options = [{"label": wave_label(w), "value": str(w.id)} for w in reversed(waves)]
    values = [o["value"] for o in options]
    return options, current if current in values else (values[0] if values else None)


@callback(Output("change-body", "children"), Input("app-ready", "data"), Input("change-from", "value"))
def render(ready, earlier_id):
    if not ready:
        return empty("Choose a survey wave above.")
    if not earlier_id:
        return empty("There is no earlier wave of this school or district to compare with.")
    relation, hide = ready.get("relation") or "all", bool(ready.get("hide"))
    try:
        data, scope = service(), current_scope()
        after = data.view(scope, ready["wave"], relation, hide_names=hide)
        before = data.view(scope, earlier_id, relation, hide_names=hide)
    except AccessDenied:
        return empty("One of these waves is not available to your account.")
    return data.memo(after.key + ("change",) + before.key,
                     lambda: change_body(before, after, relation=None if relation == "all" else relation))


def change_body(before, after, *, relation=None) -> list:
    """The page for two views of the same people (pure)."""
    comparison = compare_waves(before.graph, after.graph, relation=relation)
    people, ties = comparison.people, comparison.ties
    visible = set(after.people["staff_id"]) | set(before.people["staff_id"])
    people = people[people["staff_id"].astype(str).isin(visible)]
    ties = ties[ties["source_id"].astype(str).isin(visible) & ties["target_id"].astype(str).isin(visible)]
    per_school = school_changes(people, ties[ties["relation"].isin(_relations(ties, relation, after))])
    small = per_school["staff"] < MIN_GROUP_SIZE
    emerging = people[people["became_informal_leader"]][["name", "school", "in_degree_1", "in_degree_2"]]
    reconnected = people[people["stopped_isolated"]][["name", "school", "isolation_status_2", "in_degree_2"]]
    gained, lost = int((per_school["ties_gained"]).sum()), int((per_school["ties_lost"]).sum())
    return [
        headline_cards([("ties gained", f"{gained:,}", None), ("ties lost", f"{lost:,}", None),
                        ("emerging informal leaders", str(len(emerging)), "informal leaders now, not before"),
                        ("no longer isolated", str(len(reconnected)), "isolated before, a tie now")]),
        html.P(SUPPRESSION_NOTE, className="note") if small.any() else None,
        html.Section(className="pair", children=[
            html.Div(className="pair-figure", children=[dcc.Graph(
                id="change-figure", figure=change_figure(per_school[~small]), config=CHART_CONFIG)]),
            html.Div(className="pair-table", children=[
                data_table("change-schools", per_school[~small], caption="Per school",
                           filterable=int((~small).sum()) > 10,
                           shown=("school", "ties_gained", "ties_lost", "emerging_leaders", "no_longer_isolated",
                                  "newly_isolated"))])]),
        html.Div(className="table-grid", children=[
            html.Section([html.H2(f"Emerging informal leaders ({len(emerging)})"),
                          data_table("change-emerging", emerging, page_size=10)]),
            html.Section([html.H2(f"No longer isolated ({len(reconnected)})"),
                          data_table("change-reconnected", reconnected, page_size=10)])]),
    ]


def _relations(ties: pd.DataFrame, relation, view) -> list[str]:
    if relation:
        return [relation]
    return list(view.graph.graph.get("name_generators") or ties["relation"].unique())


def school_changes(people: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Per school: staff, ties gained and lost (by the school of the person naming), emerging informal
    leaders, people no longer isolated, people newly isolated."""
    school_of = dict(zip(people["staff_id"].astype(str), people["school"].astype(str)))
    pairs = ties.drop_duplicates(["source_id", "target_id", "change"])
    pairs = pairs.assign(school=pairs["source_id"].astype(str).map(school_of))
    counts = pairs.groupby(["school", "change"]).size().unstack(fill_value=0)
    grouped = people.groupby("school")
    out = pd.DataFrame({
        "staff": grouped["in_wave2"].sum().astype(int),
        "ties_gained": counts.get("gained", pd.Series(dtype=int)),
        "ties_lost": counts.get("lost", pd.Series(dtype=int)),
        "emerging_leaders": grouped["became_informal_leader"].sum().astype(int),
        "no_longer_isolated": grouped["stopped_isolated"].sum().astype(int),
        "newly_isolated": grouped["became_isolated"].sum().astype(int),
    }).fillna(0)
    for column in out.columns:
        out[column] = out[column].astype(int)
    return out.rename_axis("school").reset_index()


def change_figure(per_school: pd.DataFrame) -> go.Figure:
    """Ties gained and lost per school, side by side."""
    fig = go.Figure()
    for column, label, colour in (("ties_gained", "ties gained", OKABE_ITO[2]),
                                  ("ties_lost", "ties lost", OKABE_ITO[5])):
        fig.add_bar(y=per_school["school"].map(lambda s: html_escape(str(s))), x=per_school[column], name=label, orientation="h",
                    marker_color=colour, hovertemplate="%{y}: %{x} " + label + "<extra></extra>")
    fig.update_layout(barmode="group", plot_bgcolor="white", height=140 + 42 * len(per_school),
                      margin={"l": 10, "r": 10, "t": 20, "b": 10}, legend={"orientation": "h", "y": -0.12})
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(gridcolor="#EEF1F4")
    return fig
