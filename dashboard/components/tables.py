"""Tables: sortable, filterable, paged, with a CSV download — and the text alternative beside each chart."""

from __future__ import annotations

import io
import math

import pandas as pd
from dash import dash_table, dcc, html
from dash.dash_table import FormatTemplate
from dash.dash_table.Format import Format, Scheme

from plnetwork.export import escape_frame

__all__ = ["data_table", "table_csv", "frame_csv", "table_style", "column_spec", "records", "register_download",
           "TABLE", "CSV_BUTTON", "CSV_DOWNLOAD", "CSV_COLUMNS", "column_label"]

TABLE, CSV_BUTTON, CSV_DOWNLOAD, CSV_COLUMNS = "csv-table", "csv-button", "csv-download", "csv-columns"

_LABELS = {"staff_id": "Staff id", "in_degree": "Sought by", "out_degree": "Seeks", "pagerank": "PageRank",
           "betweenness": "Betweenness", "leader_status": "Leader", "isolation_status": "Isolation", "status": "Status",
           "formal_leader": "Formal role", "response_rate": "Response rate", "responded": "Responded",
           "in_degree_1": "Sought by (before)", "in_degree_2": "Sought by (now)",
           "isolation_status_2": "Status now", "kept_in_team": "Kept in team",
           "non_formal_share": "Share to non-formal", "centralization": "Centraliz­ation"}


def column_label(column: str) -> str:
    """``in_degree`` -> ``Sought by``; otherwise the column with spaces and a capital."""
    return _LABELS.get(column, str(column).replace("_", " ").capitalize())


def _plain(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (tuple, list, set)):
        return ", ".join(map(str, value))
    return value


FONT = '"Inter", "Segoe UI", system-ui, -apple-system, Helvetica, Arial, sans-serif'
_PRECISE = ("pagerank", "betweenness", "closeness", "constraint", "school_betweenness")


def column_spec(frame: pd.DataFrame, column) -> dict:
    """A DataTable column: rates and shares as percentages, other decimals rounded, numbers sort as numbers."""
    spec = {"name": column_label(column), "id": str(column)}
    values = frame[column]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return spec
    spec["type"] = "numeric"
    if pd.api.types.is_float_dtype(values):
        name = str(column)
        if "rate" in name or "share" in name:
            spec["format"] = FormatTemplate.percentage(0)
        else:
            spec["format"] = Format(precision=3 if name in _PRECISE else 2, scheme=Scheme.fixed)
    return spec


def records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe rows (numpy scalars to Python, NaN to None, floats to 3 places)."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def table_style(**cell) -> dict:
    """The DataTable styling every table shares: readable cells that wrap, a header that stands out, and
    a horizontal scroll bar (always drawn, see dashboard.css) when the columns do not fit."""
    return dict(
        style_table={"overflowX": "auto", "minWidth": "100%"}, style_as_list_view=True,
        style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.95rem",
                    "whiteSpace": "normal", "height": "auto", "minWidth": "3.5rem", "maxWidth": "22rem", **cell},
        style_header={"fontWeight": "600", "backgroundColor": "#EEF1F4", "borderBottom": "2px solid #1F2933",
                      "fontFamily": FONT},
        style_filter={"fontFamily": FONT},
        style_data_conditional=[{"if": {"row_index": "odd"}, "backgroundColor": "#F8F9FA"}],
        css=[{"selector": ".dash-spreadsheet-menu", "rule": "margin: 0 0 0.3rem;"}],
    )


def data_table(name: str, frame: pd.DataFrame, *, page_size: int = 15, filterable: bool = True,
               caption: str | None = None, hidden: tuple = (), shown: tuple | None = None) -> html.Div:
    """A native DataTable (sort, filter, pages) with a "Download CSV" button; ``name`` is unique on a page.

    ``shown`` (or else every column not in ``hidden``) are the columns on screen, chosen to fit beside a
    chart; the others are hidden there and are in the CSV download, which has every column.
    """
    if shown is None:
        shown = tuple(c for c in frame.columns if c not in hidden)
    hidden = tuple(c for c in frame.columns if c not in shown)
    columns = [column_spec(frame, c) for c in frame.columns]
    table = dash_table.DataTable(
        id={"type": TABLE, "name": name}, columns=[c for c in columns if c["id"] in map(str, shown)],
        data=records(frame), sort_action="native", sort_mode="multi",
        filter_action="native" if filterable else "none",
        filter_options={"case": "insensitive", "placeholder_text": "filter…"},
        page_action="native", page_size=page_size, cell_selectable=False, **table_style())
    label = caption or name.replace("-", " ")
    return html.Div(className="table-block", children=[
        html.Div(className="table-head", children=[
            html.Span(caption, className="table-caption") if caption else None,
            html.Button("Download CSV", id={"type": CSV_BUTTON, "name": name}, className="button-secondary",
                        n_clicks=0, **{"aria-label": f"Download {label} as CSV"
                                       + (" (every column)" if hidden else "")}),
        ]),
        table,
        dcc.Store(id={"type": CSV_COLUMNS, "name": name}, data=columns),     # every column, for the CSV
        dcc.Download(id={"type": CSV_DOWNLOAD, "name": name}),
    ])


def frame_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV with the tables' column labels, formula cells escaped."""
    labels = [column_label(c) for c in frame.columns]
    frame = frame.set_axis([label if labels.count(label) == 1 else f"{label} ({c})"
                            for label, c in zip(labels, frame.columns)], axis=1)
    buffer = io.StringIO()
    escape_frame(frame).to_csv(buffer, index=False)
    return buffer.getvalue()


def table_csv(rows: list[dict] | None, columns: list[dict] | None) -> str:
    """The rows a table shows (after the user's filter and sort) as CSV, formula cells escaped; every
    column, the hidden ones too."""
    ids = [c["id"] for c in columns or []]
    frame = pd.DataFrame(rows or [], columns=ids or None)
    if columns:
        frame.columns = [c["name"] for c in columns]
    buffer = io.StringIO()
    escape_frame(frame).to_csv(buffer, index=False)
    return buffer.getvalue()


def register_download(app) -> None:
    """One app-wide callback serving every table's "Download CSV" button (the rows the user sees)."""
    from dash import MATCH, Input, Output, State, dcc

    @app.callback(Output({"type": CSV_DOWNLOAD, "name": MATCH}, "data"),
                  Input({"type": CSV_BUTTON, "name": MATCH}, "n_clicks"),
                  State({"type": TABLE, "name": MATCH}, "derived_virtual_data"),
                  State({"type": CSV_COLUMNS, "name": MATCH}, "data"),
                  State({"type": TABLE, "name": MATCH}, "id"), prevent_initial_call=True)
    def download(n_clicks, rows, columns, table_id):
        if not n_clicks:
            return None
        return dcc.send_string(table_csv(rows, columns), f"{table_id['name']}.csv", type="text/csv")
