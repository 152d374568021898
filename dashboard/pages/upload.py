"""Upload: a school drops its survey export and roster, sees what was detected and found, corrects it,
and saves it as a wave of its school."""

from __future__ import annotations

import logging

import dash
import flask
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dash_table, dcc, html, no_update

from plnetwork.store import AccessDenied

from dashboard import upload_flow as flow
from dashboard.components.cards import empty
from dashboard.components.tables import FONT, data_table, records
from dashboard.data import current_scope, service
from dashboard.shell import wave_label

dash.register_page(__name__, path="/upload", name="Upload", title="Upload · plnetwork", order=6)

log = logging.getLogger(__name__)
_TABLE_STYLE = dict(style_table={"overflowX": "auto"}, style_as_list_view=True,
                    style_cell={"textAlign": "left", "padding": "6px 10px", "fontFamily": FONT,
                                "whiteSpace": "normal", "height": "auto", "maxWidth": "30rem"},
                    style_header={"fontWeight": "600", "backgroundColor": "#EEF1F4"})


def _limit_mb() -> int:
    return flask.current_app.config["PLNETWORK"]["UPLOAD_MAX_BYTES"] // (1024 * 1024)


def _drop(id_: str, text: str, multiple: bool) -> dcc.Upload:
    return dcc.Upload(id=id_, multiple=multiple, className="dropzone", className_active="dropzone-active",
                      accept=".csv,.tsv,.txt,.xlsx", children=html.Div([
                          html.Strong(text), html.Br(), html.Span("drag and drop here, or "),
                          html.Span("choose a file", className="link-like")]))


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("Upload a survey wave"),
        html.P([f"The survey export (CSV, TSV or XLSX from Google Forms, Microsoft Forms, Qualtrics, "
                f"SurveyMonkey, REDCap, or a plain edge list) and the staff roster. Up to {_limit_mb()} MB per "
                "file. Nothing is saved until you press Save."], className="lede"),
        html.Div(className="drop-row", children=[
            _drop("upload-export", "1. Survey export(s)", True),
            _drop("upload-roster", "2. Staff roster", False)]),
        html.Div(id="upload-files", className="note", role="status"),
        html.Div(id="upload-message", role="alert"),
        dcc.Store(id="upload-check"),
        dcc.Store(id="upload-limit", data=_limit_mb()),
        dcc.Loading(type="dot", children=html.Div(id="upload-found", hidden=True, children=[
            html.H2("What was found"),
            html.Div(id="upload-summary"),
            html.H3("Questions and what they measure"),
            html.P("Correct a column's use if it was detected wrongly, then press Re-read.", className="note"),
            dash_table.DataTable(id="upload-mapping", editable=True, dropdown=_uses(flow.SURVEY_USES), columns=[
                {"name": "Column", "id": "column", "editable": False},
                {"name": "Used as", "id": "use", "presentation": "dropdown"},
                {"name": "Detected", "id": "detected", "editable": False}], **_TABLE_STYLE),
            html.H3("Names that matched nobody"),
            html.P("Pick the right colleague from the suggestions to accept a match, then press Re-read.",
                   className="note"),
            dash_table.DataTable(id="upload-unresolved", editable=True, page_size=15, columns=[
                {"name": "Answer", "id": "answer", "editable": False},
                {"name": "Respondent", "id": "respondent", "editable": False},
                {"name": "Column", "id": "column", "editable": False},
                {"name": "Row", "id": "row", "editable": False},
                {"name": "Accept as", "id": "accept", "presentation": "dropdown"}], **_TABLE_STYLE),
            html.Button("Re-read with these corrections", id="upload-reread", n_clicks=0,
                        className="button-secondary"),
            html.H3("Preview of the nominations"),
            html.Div(id="upload-preview"),
            html.H3("Issues"),
            html.Div(id="upload-issues"),
            html.H2("Save"),
            html.Div(className="filters", children=[
                html.Div(className="control", children=[
                    html.Label("School", htmlFor="upload-school"),
                    dcc.Dropdown(id="upload-school", clearable=False)]),
                html.Div(className="control control-wide", children=[
                    html.Label("Wave name", htmlFor="upload-label"),
                    dcc.Input(id="upload-label", type="text", maxLength=80, className="text-input",
                              placeholder="e.g. Autumn 2024")]),
                html.Button("Save as a wave", id="upload-save", n_clicks=0, className="button-primary")]),
            html.Div(id="upload-saved", role="status"),
        ])),
    ])


# Sizes are checked in the browser first (so an oversized file is refused with a message before it is
# sent); the server checks again (decode) and Flask's MAX_CONTENT_LENGTH caps the request itself.
clientside_callback(
    """
    function(exportContents, rosterContents, exportNames, rosterName, limitMb) {
        const limit = limitMb * 1024 * 1024;
        const files = [];
        (exportContents || []).forEach((c, i) => files.push([exportNames[i], c]));
        if (rosterContents) { files.push([rosterName, rosterContents]); }
        const big = files.filter(f => f[1] && (f[1].length - f[1].indexOf(',') - 1) * 3 / 4 > limit);
        const names = files.map(f => f[0]).join(', ');
        if (big.length) {
            return ['', big.map(f => f[0]).join(', ') + ' is larger than the ' + limitMb +
                    ' MB limit: split it, or remove columns that are not needed.', null];
        }
        const ready = (exportContents || []).length > 0 && !!rosterContents;
        return [names ? 'Chosen: ' + names : '', '', ready ? Date.now() : null];
    }
    """,
    Output("upload-files", "children"), Output("upload-message", "children", allow_duplicate=True),
    Output("upload-check", "data"),
    Input("upload-export", "contents"), Input("upload-roster", "contents"),
    State("upload-export", "filename"), State("upload-roster", "filename"), State("upload-limit", "data"),
    prevent_initial_call=True,
)


def _uses(uses) -> dict:
    """The mapping table's "Used as" choices."""
    return {"use": {"options": [{"label": u, "value": u} for u in uses], "clearable": False}}


def _files(export_contents, export_names, roster_contents, roster_name):
    max_bytes = flask.current_app.config["PLNETWORK"]["UPLOAD_MAX_BYTES"]
    exports = [flow.decode(c, n, max_bytes=max_bytes) for c, n in zip(export_contents or [], export_names or [])]
    return exports, flow.decode(roster_contents, roster_name, max_bytes=max_bytes)


def _accepted(rows) -> list[dict]:
    return [{**row, "staff_id": row["accept"]} for row in rows or [] if row.get("accept")]


@callback(Output("upload-found", "hidden"), Output("upload-summary", "children"),
          Output("upload-mapping", "data"), Output("upload-mapping", "dropdown"), Output("upload-unresolved", "data"),
          Output("upload-unresolved", "dropdown_data"), Output("upload-preview", "children"),
          Output("upload-issues", "children"), Output("upload-school", "options"),
          Output("upload-school", "value"), Output("upload-message", "children"),
          Input("upload-check", "data"), Input("upload-reread", "n_clicks"),
          State("upload-export", "contents"), State("upload-export", "filename"),
          State("upload-roster", "contents"), State("upload-roster", "filename"),
          State("upload-mapping", "data"), State("upload-unresolved", "data"), prevent_initial_call=True)
def inspect(check, _reread, export_contents, export_names, roster_contents, roster_name, mapping, unresolved):
    """Read what was dropped (after keeping the raw files) and show it, with any corrections applied."""
    nothing = (True,) + (no_update,) * 9
    if not check or not export_contents or not roster_contents:
        return nothing + ("",)
    try:
        scope = current_scope()
        _writable(scope)
        exports, roster = _files(export_contents, export_names, roster_contents, roster_name)
        for name, data in exports + [roster]:   # the raw bytes are kept before anything is parsed
            service().store.put_upload(data, name, district=_district(scope), school=scope.school or "",
                                       scope=scope)
        corrected = flow.mapping_from_rows(_detected_mapping(mapping), mapping) if mapping else None
        found = flow.inspect(exports, roster, mapping=corrected, accepted=_accepted(unresolved))
    except (flow.UploadProblem, AccessDenied) as exc:
        return nothing + (html.P(str(exc), className="error-box"),)
    except Exception:       # the edge: whatever a file does, the page stays whole
        log.exception("upload inspection failed")
        return nothing + (html.P("These files could not be read. Check that the export and the roster are the "
                                 "files the platform produced, and try again.", className="error-box"),)
    return (False, _summary(found), records(flow.mapping_rows(found.mapping)), _uses(flow.uses_for(found.platform)),
            records(found.unresolved), _dropdowns(found.unresolved, found.dataset.roster),
            data_table("upload-preview-table", found.preview, filterable=False, page_size=12),
            data_table("upload-issues-table", found.issues, page_size=15),
            *_schools(scope, found.dataset.roster), "")


def _detected_mapping(rows) -> dict:
    """The mapping as detected, rebuilt from the table's ``detected`` column."""
    mapping = {}
    for row in rows or []:
        detected = str(row.get("detected") or "ignore")
        mapping[row["column"]] = ({"role": "relation", "relation": detected.split(": ", 1)[1]}
                                  if detected.startswith("relation: ") else {"role": detected})
    return mapping


def _summary(found: flow.Inspection) -> html.Ul:
    data = found.dataset
    counts = found.issues["severity"].value_counts() if len(found.issues) else {}
    return html.Ul(className="facts", children=[
        html.Li(["Detected platform: ", html.Strong(found.platform)]),
        html.Li(f"{len(data.roster):,} staff on the roster; {len(data.respondents):,} respondents "
                f"({len(data.respondents) / max(len(data.roster), 1):.0%}); {len(data.nominations):,} nominations."),
        html.Li(f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} notes; "
                f"{len(found.unresolved)} names matched nobody."),
    ])


def _dropdowns(unresolved: pd.DataFrame, roster: pd.DataFrame) -> list[dict]:
    names = dict(zip(roster["staff_id"].astype(str), roster["name"].astype(str)))
    return [{"accept": {"options": [{"label": "leave unmatched", "value": ""}] + [
        {"label": f"{names.get(i, i)} ({i})", "value": i} for i in str(s).split(";") if i]}}
        for s in unresolved["suggestions"]] if len(unresolved) else []


def _schools(scope, roster: pd.DataFrame):
    if scope.role == "school":
        return [{"label": scope.school, "value": scope.school}], scope.school
    schools = sorted({str(s) for s in roster["school"].dropna() if str(s).strip()})
    options = [{"label": "whole district (every school in the roster)", "value": ""}] + [
        {"label": s, "value": s} for s in schools]
    return options, ""


def _writable(scope):
    if scope.role == "researcher":
        raise AccessDenied("a researcher account cannot upload data")


def _district(scope) -> str:
    if scope.district:
        return scope.district
    raise AccessDenied("sign in with a district or school account to upload")


@callback(Output("upload-saved", "children"), Output("app-wave", "options"), Output("app-wave", "value"),
          Input("upload-save", "n_clicks"),
          State("upload-export", "contents"), State("upload-export", "filename"),
          State("upload-roster", "contents"), State("upload-roster", "filename"),
          State("upload-mapping", "data"), State("upload-unresolved", "data"),
          State("upload-school", "value"), State("upload-label", "value"), prevent_initial_call=True)
def save(n_clicks, export_contents, export_names, roster_contents, roster_name, mapping, unresolved, school,
         label):
    """Save what is shown (with the corrections) as a wave of the school; it then appears everywhere."""
    if not n_clicks or not export_contents or not roster_contents:
        return no_update, no_update, no_update
    try:
        scope = current_scope()
        _writable(scope)
        school = scope.school if scope.role == "school" else (school or "")
        exports, roster = _files(export_contents, export_names, roster_contents, roster_name)
        store = service().store
        uploads = [store.put_upload(data, name, district=_district(scope), school=school, scope=scope)
                   for name, data in exports + [roster]]
        corrected = flow.mapping_from_rows(_detected_mapping(mapping), mapping) if mapping else None
        found = flow.inspect(exports, roster, mapping=corrected, accepted=_accepted(unresolved))
        label = (label or "").strip() or f"Upload of {exports[0][0]}"
        wave_id = store.save_wave(found.dataset, district=_district(scope), school=school, label=label,
                                  upload_ids=uploads, scope=scope)
        waves = service().waves(scope)
    except (flow.UploadProblem, AccessDenied) as exc:
        return html.P(str(exc), className="error-box"), no_update, no_update
    except Exception:
        log.exception("saving an upload failed")
        return html.P("The wave could not be saved; nothing was changed. Try again.", className="error-box"), \
            no_update, no_update
    options = [{"label": wave_label(w), "value": str(w.id)} for w in reversed(waves)]
    return (html.P([f"Saved as wave “{label}”. ", dcc.Link("See it in the overview", href="/")],
                   className="ok-box"), options, str(wave_id))
