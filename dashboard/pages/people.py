"""People: one searchable table of everyone this user may see, with every measure, filterable by school,
level, role, team and status."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.components.cards import empty
from dashboard.components.tables import data_table
from dashboard.data import ready_view, service

dash.register_page(__name__, path="/people", name="People", title="People · plnetwork", order=2)

FILTERS = (("school", "School"), ("level", "Level"), ("role", "Role"), ("team", "Team"), ("status", "Status"))
_FIRST = ["name", "school", "role", "team", "level", "leader_status", "isolation_status", "responded",
          "in_degree", "out_degree", "pagerank", "betweenness"]


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("People"),
        html.P("Everyone on the roster with every measure. Did not respond and nobody named them = no data "
               "(not isolated).", className="lede"),
        html.Div(className="filters", children=[
            html.Div(className="control control-wide", children=[
                html.Label("Search names", htmlFor="people-search"),
                dcc.Input(id="people-search", type="search", debounce=True, placeholder="part of a name",
                          className="text-input")]),
            *[html.Div(className="control", children=[
                html.Label(label, htmlFor=f"people-{key}"),
                dcc.Dropdown(id=f"people-{key}", multi=True, placeholder="all")]) for key, label in FILTERS],
        ]),
        html.Div(id="people-count", className="note", role="status"),
        dcc.Loading(html.Div(id="people-table"), type="dot"),
    ])


def status(people: pd.DataFrame) -> pd.Series:
    """One status word per person: informal/formal leader, isolated, not sought, no data, connected."""
    leader = people["leader_status"].map({"informal": "informal leader", "formal": "formal leader"})
    other = people["isolation_status"].map({"isolated": "isolated", "not_sought": "not sought out",
                                            "unknown": "no data", "connected": "connected"})
    return leader.fillna(other).fillna("connected")


def options(people: pd.DataFrame) -> dict[str, list]:
    """Dropdown options for each filter, from the people shown."""
    frame = people.assign(status=status(people))
    return {key: [{"label": str(v), "value": str(v)} for v in sorted({str(v) for v in frame[key].dropna()
                                                                      if str(v).strip()})]
            for key, _ in FILTERS if key in frame}


def filter_people(people: pd.DataFrame, *, search: str | None = None, **chosen) -> pd.DataFrame:
    """People matching ``search`` (part of a name, any case) and every chosen filter value.

    >>> p = pd.DataFrame({"name": ["Ann Lee", "Bo Diaz"], "school": ["Oak", "Elm"],
    ...                   "leader_status": ["none", "informal"], "isolation_status": ["connected"] * 2})
    >>> filter_people(p, search="ann")["name"].tolist(), filter_people(p, status=["informal leader"])["name"].tolist()
    (['Ann Lee'], ['Bo Diaz'])
    """
    frame = people.assign(status=status(people))
    mask = pd.Series(True, index=frame.index)
    if search:
        mask &= frame["name"].astype(str).str.contains(search.strip(), case=False, regex=False)
    for key, values in chosen.items():
        if values and key in frame:
            mask &= frame[key].astype(str).isin([str(v) for v in values])
    return frame[mask]


@callback(*[Output(f"people-{key}", "options") for key, _ in FILTERS], Input("app-ready", "data"))
def filter_options(ready):
    view = ready_view(ready)
    if view is None:
        return [[] for _ in FILTERS]
    found = options(view.people)
    return [found.get(key, []) for key, _ in FILTERS]


@callback(Output("people-table", "children"), Output("people-count", "children"),
          Input("app-ready", "data"), Input("people-search", "value"),
          *[Input(f"people-{key}", "value") for key, _ in FILTERS])
def table(ready, search, *values):
    view = ready_view(ready)
    if view is None:
        return empty("Choose a survey wave above (or upload one)."), ""
    chosen = {k: tuple(sorted(v or ())) for (k, _), v in zip(FILTERS, values)}

    def body():
        shown = filter_people(view.people, search=search, **chosen)
        columns = [c for c in _FIRST if c in shown] + [c for c in shown.columns if c not in _FIRST
                                                       and c not in ("staff_id", "email", "status")]
        extra = [c for c in columns if c not in _FIRST]
        return (data_table("people", shown[columns], page_size=25, hidden=tuple(extra)),
                f"{len(shown):,} of {len(view.people):,} people")
    return service().memo(view.key + ("people", (search or "").strip().lower(), tuple(chosen.items())), body)
