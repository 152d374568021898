"""Teams: each team's cohesion (density, share of ties kept inside), its ties out, and the teams with no
tie out — teams, not individuals, are the fundamental learning unit."""

from __future__ import annotations

import html as htmltext

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html

from plnetwork.anonymize import MIN_GROUP_SIZE

from dashboard.components.cards import empty, headline_cards
from dashboard.components.palette import CHART_CONFIG, OKABE_ITO
from dashboard.components.summaries import team_table
from dashboard.components.tables import data_table
from dashboard.data import ready_view, service
from dashboard.text import SUPPRESSION_NOTE

dash.register_page(__name__, path="/teams", name="Teams", title="Teams · plnetwork", order=3)


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("Teams"),
        html.P("How tightly each team works together, and whether it reaches beyond itself.", className="lede"),
        html.Div(className="filters", children=[html.Div(className="control", children=[
            html.Label("School", htmlFor="teams-school"),
            dcc.Dropdown(id="teams-school", multi=True, placeholder="all schools")])]),
        dcc.Loading(html.Div(id="teams-body"), type="dot"),
    ])


def teams_figure(teams: pd.DataFrame) -> go.Figure:
    """Density (x) against share of ties kept in the team (y), size by members; no tie out in orange."""
    fig = go.Figure()
    for tie_out, colour, label in (("yes", OKABE_ITO[4], "reaches other teams"),
                                   ("no", OKABE_ITO[5], "no tie out")):
        part = teams[teams["tie_out"] == tie_out]
        fig.add_trace(go.Scatter(
            x=part["density"], y=part["kept_in_team"], mode="markers", name=label,
            marker={"size": 8 + 2 * part["members"] ** 0.5 * 2, "color": colour, "line": {"width": 1,
                                                                                          "color": "white"},
                    "symbol": "circle" if tie_out == "yes" else "diamond"},
            hovertext=[f"<b>{htmltext.escape(str(r['team']))}</b><br>{htmltext.escape(str(r['school']))}"
                       f"<br>{r['members']} members" for r in part.to_dict("records")], hoverinfo="text"))
    fig.update_layout(xaxis={"title": "density (share of possible ties inside the team)", "range": [-0.02, 1.02]},
                      yaxis={"title": "share of members' ties kept inside", "range": [-0.02, 1.05]},
                      plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 20, "b": 10}, height=420,
                      legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(gridcolor="#EEF1F4")
    fig.update_yaxes(gridcolor="#EEF1F4")
    return fig


@callback(Output("teams-school", "options"), Input("app-ready", "data"))
def school_options(ready):
    view = ready_view(ready)
    if view is None:
        return []
    return [{"label": s, "value": s} for s in sorted({str(s) for s in view.people["school"].dropna()})]


@callback(Output("teams-body", "children"), Input("app-ready", "data"), Input("teams-school", "value"))
def render(ready, schools):
    view = ready_view(ready)
    if view is None:
        return empty("Choose a survey wave above (or upload one).")
    chosen = tuple(sorted(schools or ()))

    def body():
        teams = team_table(view.people, view.ties)
        if chosen:
            teams = teams[teams["school"].isin(chosen)]
        return teams_body(teams.reset_index(drop=True))
    return service().memo(view.key + ("teams", chosen), body)


def teams_body(teams: pd.DataFrame) -> list:
    """The page for a team table: small teams' measures withheld (privacy), then figure, table, no-tie-out list."""
    if teams.empty:
        return [empty("No teams in this wave (the roster has no team column, or no team has two members).")]
    small = teams["members"] < MIN_GROUP_SIZE
    shown = teams.astype({c: "Int64" for c in ("members", "ties_inside", "ties_out", "ties_in")})
    shown.loc[small, ["members", "ties_inside", "ties_out", "ties_in"]] = pd.NA
    shown.loc[small, ["density", "kept_in_team"]] = float("nan")
    shown["note"] = small.map({True: f"withheld (under {MIN_GROUP_SIZE})", False: ""})
    no_tie = teams[teams["tie_out"] == "no"]
    return [
        headline_cards([("teams", str(len(teams)), None),
                        ("with no tie out", str(len(no_tie)), "nobody in them names anyone outside"),
                        ("median density", f"{teams['density'].median():.2f}", None)]),
        html.P(SUPPRESSION_NOTE + f" {int(small.sum())} team(s) have fewer than {MIN_GROUP_SIZE} members: "
               "their measures are withheld.", className="note") if small.any() else None,
        html.Section(className="pair", children=[
            html.Div(className="pair-figure", children=[
                dcc.Graph(id="teams-figure", figure=teams_figure(teams[~small]), config=CHART_CONFIG)]),
            html.Div(className="pair-table", children=[data_table("teams", shown, caption="Teams", shown=(
                "team", "school", "members", "density", "kept_in_team", "note"))])]),
        html.Section([html.H2(f"Teams with no tie out ({len(no_tie)})"),
                      html.P("Nobody in these teams named anyone outside the team: a place to build links.",
                             className="note"),
                      html.Ul([html.Li(f"{r['team']} — {r['school']}") for r in no_tie.to_dict("records")])
                      if len(no_tie) else html.P("Every team reaches beyond itself.", className="muted")]),
    ]
