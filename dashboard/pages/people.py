"""People: one searchable table of everyone this user may see, with every measure, filterable by school,
level, role, team and status.

The table is paged, sorted and filtered on the server: a callback answers with one page (25 rows) of the
people matching the filters, never the whole district (5,000 people × 40 measures is 7 MB of JSON). The
"Download CSV" button sends every matching person with every measure.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx, dash_table, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException

from dashboard.components.tables import column_spec, frame_csv, records, table_style
from dashboard.data import ready_view, service

dash.register_page(__name__, path="/people", name="People", title="People · plnetwork", order=2)

FILTERS = (("school", "School"), ("level", "Level"), ("role", "Role"), ("team", "Team"), ("status", "Status"))
PAGE_SIZE = 25
_FIRST = ["name", "school", "role", "team", "level", "leader_status", "isolation_status", "responded",
          "in_degree", "out_degree", "pagerank", "betweenness"]
_SHOWN = ("name", "school", "role", "team", "level", "status", "in_degree", "out_degree", "betweenness")
_NEVER = ("staff_id", "email")


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
        html.Div(className="table-head", children=[
            html.Div(id="people-count", className="note", role="status"),
            html.Button("Download CSV", id="people-csv", n_clicks=0, className="button-secondary",
                        **{"aria-label": "Download every matching person, with every measure, as CSV"}),
        ]),
        dcc.Download(id="people-download"),
        dcc.Loading(type="dot", delay_show=400, children=dash_table.DataTable(
            id="people-table", columns=[], data=[], page_action="custom", page_current=0, page_size=PAGE_SIZE,
            page_count=1, sort_action="custom", sort_mode="multi", sort_by=[], filter_action="none",
            cell_selectable=False, **table_style())),
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


def sort_people(frame: pd.DataFrame, sort_by) -> pd.DataFrame:
    """``frame`` in the order of the table's ``sort_by`` (``[{"column_id", "direction"}]``), missing last;
    columns the frame does not have are ignored (the request may be forged)."""
    keys = [(s["column_id"], s.get("direction") != "desc") for s in _sorts(sort_by)
            if s["column_id"] in frame.columns]
    if not keys:
        return frame
    return frame.sort_values([k for k, _ in keys], ascending=[a for _, a in keys], na_position="last",
                             kind="mergesort")


def _sorts(sort_by) -> list[dict]:
    """The well-formed entries of a ``sort_by`` sent by the browser (a few; column ids are text)."""
    return [s for s in sort_by if isinstance(s, dict) and isinstance(s.get("column_id"), str)][:8] \
        if isinstance(sort_by, list) else []


def columns_of(people: pd.DataFrame) -> list[str]:
    """The table's columns: the usual ones first, then every other measure (never ids or emails)."""
    frame = people.assign(status=status(people))
    first = [c for c in _FIRST if c in frame]
    return first[:5] + ["status"] + first[5:] + [c for c in frame.columns if c not in _FIRST
                                                 and c not in _NEVER and c != "status"]


def _chosen(values) -> dict:
    return {k: tuple(sorted(str(x) for x in (v if isinstance(v, list) else ()))) for (k, _), v in zip(FILTERS, values)}


def matching(view, search, values, sort_by):
    """Row labels of the people of ``view`` matching the filters, in the order asked (computed once per
    question, then from memory: a page turn is a slice)."""
    chosen = _chosen(values)
    search = search.strip() if isinstance(search, str) else ""
    sort = tuple((s["column_id"], str(s.get("direction"))) for s in _sorts(sort_by))

    def rows():
        frame = sort_people(filter_people(view.people, search=search, **chosen), sort_by)
        return frame.index.to_numpy()      # positions only: the frame itself is the view's, in memory once
    return service().memo(view.key + ("people", search.lower(), tuple(chosen.items()), sort), rows)


def people_rows(view, index) -> pd.DataFrame:
    """The people at ``index`` with the table's columns."""
    rows = view.people.loc[index]
    return rows.assign(status=status(rows))[columns_of(view.people)]


@callback(*[Output(f"people-{key}", "options") for key, _ in FILTERS], Output("people-table", "columns"),
          Output("people-table", "hidden_columns"), Input("app-ready", "data"))
def filter_options(ready):
    """The filters' choices and the table's columns (most measures start hidden: "Toggle Columns")."""
    view = ready_view(ready)
    if view is None:
        return [[] for _ in FILTERS] + [[], []]
    found = options(view.people)
    frame = view.people.assign(status=status(view.people))
    columns = columns_of(view.people)
    specs = [dict(column_spec(frame, c), hideable=True) for c in columns]
    return [found.get(key, []) for key, _ in FILTERS] + [specs, [c for c in columns if c not in _SHOWN]]


@callback(Output("people-table", "data"), Output("people-table", "page_count"),
          Output("people-table", "page_current"), Output("people-count", "children"),
          Input("app-ready", "data"), Input("people-search", "value"),
          *[Input(f"people-{key}", "value") for key, _ in FILTERS],
          Input("people-table", "page_current"), Input("people-table", "sort_by"))
def table(ready, search, *values_page_sort):
    """One page of the matching people: ``(rows, page count, page, "n of N people")``."""
    *values, page, sort_by = values_page_sort
    view = ready_view(ready)
    if view is None:
        return [], 1, 0, "Choose a survey wave above (or upload one)."
    shown = matching(view, search, values, sort_by)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = page if _triggered() in (None, "people-table") and isinstance(page, int) else 0
    page = min(max(page, 0), pages - 1)
    rows = people_rows(view, shown[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
    return records(rows), pages, page, f"{len(shown):,} of {len(view.people):,} people"


@callback(Output("people-download", "data"), Input("people-csv", "n_clicks"), State("app-ready", "data"),
          State("people-search", "value"), *[State(f"people-{key}", "value") for key, _ in FILTERS],
          State("people-table", "sort_by"), prevent_initial_call=True)
def download(n_clicks, ready, search, *values_sort):
    """Every matching person with every measure, as CSV (formula cells escaped)."""
    *values, sort_by = values_sort
    view = ready_view(ready)
    if not n_clicks or view is None:
        return no_update
    rows = people_rows(view, matching(view, search, values, sort_by))
    return dcc.send_string(frame_csv(rows), "people.csv", type="text/csv")


def _triggered():
    """The id of the input that fired (None when called directly, outside a Dash request)."""
    try:
        return ctx.triggered_id
    except MissingCallbackContextException:
        return None

