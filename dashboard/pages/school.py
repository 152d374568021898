"""School view: the school's network (teams as groups, district staff at the edge), a person's card on
click, and tables of its leaders, isolated staff and brokers."""

from __future__ import annotations

from urllib.parse import unquote

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException

from dashboard.components.cards import empty, person_card, reading_banner
from dashboard.components.network import network_figure
from dashboard.components.tables import data_table
from dashboard.data import AccessDenied, current_scope, service

dash.register_page(__name__, path_template="/school/<school_id>", path="/school/choose", name="School",
                   title="School · plnetwork", order=1)

_COLOURS = [{"label": "Level", "value": "level"}, {"label": "Role", "value": "role"},
            {"label": "Team", "value": "team"}]
_SHOWN = ["name", "role", "team", "level", "in_degree", "out_degree", "betweenness"]


def layout(school_id: str | None = None, **_query):
    chosen = unquote(school_id) if school_id and school_id != "choose" else None
    return html.Div(className="page", children=[
        html.H1("A school's network"),
        html.Div(className="filters", children=[
            html.Div(className="control", children=[
                html.Label("School", htmlFor="school-choice"),
                dcc.Dropdown(id="school-choice", value=chosen, clearable=False, placeholder="choose a school")]),
            html.Fieldset(className="control fieldset", children=[
                html.Legend("Colour by", className="label"),
                dcc.RadioItems(id="school-colour", options=_COLOURS, value="team", inline=True,
                               className="radio")]),
        ]),
        html.Div(id="school-reading", className="reading", role="status"),
        html.P("Each dot is a person, sized by how many colleagues named them; teams are grouped and labelled, "
               "district staff tied to the school sit around the edge. Click a dot for the person's card.",
               className="note"),
        html.Div(className="network-row", children=[
            dcc.Loading(dcc.Graph(id="school-network", className="network-graph",
                                  config={"displaylogo": False, "scrollZoom": True}), type="dot"),
            html.Aside(id="school-card", className="card-panel", children=empty("Click a person to see their card.")),
        ]),
        dcc.Store(id="school-selected"),
        html.Div(id="school-tables"),
    ])


@callback(Output("school-choice", "options"), Output("school-choice", "value"),
          Input("app-ready", "data"), State("school-choice", "value"))
def choose(ready, current):
    """The schools this user may open in the wave (a school account: its own only)."""
    try:
        schools = service().schools(current_scope(), ready["wave"]) if ready else []
    except AccessDenied:
        schools = []
    return [{"label": s, "value": s} for s in schools], current if current in schools else (
        schools[0] if schools else None)


@callback(Output("school-network", "figure"), Output("school-tables", "children"),
          Output("school-reading", "children"), Output("school-reading", "className"),
          Input("app-ready", "data"), Input("school-choice", "value"), Input("school-colour", "value"),
          Input("school-selected", "data"))
def render(ready, school, colour, selected):
    """The network figure and tables of ``school`` for the wave and relation chosen."""
    found = _school_view(ready, school)
    if found is None:
        return _blank(), empty("Nothing to show for this school."), "", "reading"
    view, positions = found
    people = view.people[view.people["school"].astype(str) == school]
    banner, level = reading_banner(people["responded"].mean() if len(people) else None)
    figure = service().memo(view.key + ("figure", colour, selected), lambda: network_figure(
        view.people, view.edges, positions, colour_by=colour or "level", selected=selected, home=school))
    tables = service().memo(view.key + ("tables",), lambda: school_tables(people))
    return figure, tables, banner, f"reading reading-{level}"


@callback(Output("school-card", "children"), Output("school-selected", "data"),
          Input("school-network", "clickData"), Input("school-choice", "value"), State("app-ready", "data"))
def card(click, school, ready):
    """The clicked person's card (only someone this user may see)."""
    if _triggered() == "school-choice" or not click or not ready:
        return empty("Click a person to see their card."), None
    points = click.get("points") or [{}]
    staff_id = points[0].get("customdata")
    if not isinstance(staff_id, str):
        return no_update, no_update
    try:
        found = service().person(current_scope(), ready["wave"], ready.get("relation"), staff_id,
                                 hide_names=bool(ready.get("hide")))
    except AccessDenied:
        found = None
    if found is None:
        return empty("That person is not available."), None
    person, ties_in, ties_out, school_staff = found
    return person_card(person, ties_in, ties_out, school_staff=school_staff), staff_id


def _triggered():
    """The id of the input that fired (None when called directly, outside a Dash request)."""
    try:
        return ctx.triggered_id
    except MissingCallbackContextException:
        return None


def _school_view(ready, school):
    if not ready or not school:
        return None
    try:
        return service().school_view(current_scope(), ready["wave"], school, ready.get("relation") or "all",
                                     hide_names=bool(ready.get("hide")))
    except AccessDenied:
        return None


def school_tables(people: pd.DataFrame) -> html.Div:
    """Leaders, isolated staff and brokers of one school, each sortable and downloadable."""
    columns = [c for c in _SHOWN if c in people]
    first = ("name", "role", "team")
    leaders = people[people["leader_status"] != "none"].sort_values("in_degree", ascending=False)
    isolated = people[people["isolation_status"].isin(["isolated", "not_sought"])]
    brokers = people[people["broker"].astype(bool)] if "broker" in people else people.iloc[0:0]
    brokers = brokers.sort_values("betweenness", ascending=False) if "betweenness" in brokers else brokers
    return html.Div(className="table-grid", children=[
        html.Section([html.H2(f"Leaders ({len(leaders)})"),
                      data_table("school-leaders", leaders[columns + ["leader_status"]], page_size=10,
                                 shown=first + ("in_degree", "leader_status"))]),
        html.Section([html.H2(f"Isolated and not sought out ({len(isolated)})"),
                      data_table("school-isolated", isolated[columns + ["isolation_status"]], page_size=10,
                                 shown=first + ("isolation_status",))]),
        html.Section([html.H2(f"Brokers ({len(brokers)})"),
                      data_table("school-brokers", brokers[columns], page_size=10,
                                 shown=first + ("betweenness",))]),
    ])


def _blank() -> dict:
    return {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                                   "plot_bgcolor": "white", "margin": {"l": 0, "r": 0, "t": 0, "b": 0}}}
