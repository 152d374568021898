"""The frame around every page: navigation, the wave / relation / hide-names choices, the analysis job.

The choices live in the frame (outside the page container) so they persist across pages; they are ids,
never data. Choosing a wave and relation starts :func:`warm` — a Dash background callback with a progress
bar — when the analysis is not cached yet; when it is (the usual case) the pages are told at once through
``app-ready``. Every page callback takes ``app-ready`` (``{"wave", "relation"}``) as its input and asks the
data service again, which re-checks access: what the browser sends is never trusted.
"""

from __future__ import annotations

import dash
import flask_login
import itsdangerous
from dash import Input, Output, State, dcc, html, no_update

from .data import ALL_RELATIONS, AccessDenied, current_scope, service
from .text import STATEMENT_OF_USE

__all__ = ["layout", "register", "NAV"]

NAV = (("Overview", "/"), ("Schools", "/school/choose"), ("People", "/people"), ("Teams", "/teams"),
       ("Change", "/change"), ("Guiding questions", "/questions"), ("Upload", "/upload"))
_JOB_SALT = "plnetwork-analysis-job"


def wave_label(info) -> str:
    where = info.school or "whole district"
    return f"{info.label} — {where}"


def layout():
    """The frame; wave options come from the signed-in user's scope (a layout function, per request)."""
    try:
        scope = current_scope()
        waves = service().waves(scope)
    except AccessDenied:
        scope, waves = None, []
    researcher = scope is not None and scope.role == "researcher"
    user = flask_login.current_user
    options = [{"label": wave_label(w), "value": str(w.id)} for w in reversed(waves)]
    return html.Div(className="app", children=[
        html.A("Skip to content", href="#main", className="skip-link"),
        html.Header(className="app-header", children=[
            html.Div(className="brand", children=[html.Span("plnetwork", className="brand-name"),
                                                  html.Span("shared leadership of professional learning",
                                                            className="brand-sub")]),
            html.Nav(className="app-nav", **{"aria-label": "Pages"}, children=[
                dcc.Link(label, href=href, className="nav-link", id=f"app-nav-{i}")
                for i, (label, href) in enumerate(NAV) if not (researcher and href == "/upload")] + [
                html.A("Sign out", href="/logout", className="nav-link nav-signout")
                if getattr(user, "email", "") else None]),
        ]),
        html.Section(className="controls", **{"aria-label": "What to show"}, children=[
            html.Div(className="control", children=[
                html.Label("Survey wave", htmlFor="app-wave"),
                dcc.Dropdown(id="app-wave", options=options, value=options[0]["value"] if options else None,
                             clearable=False, persistence=True, persistence_type="session",
                             placeholder="no waves yet: upload one")]),
            html.Div(className="control", children=[
                html.Label("Relation", htmlFor="app-relation"),
                dcc.Dropdown(id="app-relation", options=[{"label": "all name questions", "value": ALL_RELATIONS}],
                             value=ALL_RELATIONS, clearable=False, persistence=True,
                             persistence_type="session")]),
            html.Div(className="control control-switch", children=[
                dcc.Checklist(id="app-hide-names", options=[{"label": " Hide names", "value": "hide",
                                                             "disabled": researcher}],
                              value=["hide"] if researcher else [], persistence=not researcher,
                              persistence_type="session")]),
            html.Div(id="app-progress-box", className="progress-box", hidden=True, children=[
                html.Label("Analysing this wave…", htmlFor="app-progress"),
                html.Progress(id="app-progress", value="0", max="3")]),
        ]),
        html.Div(id="app-reading", className="reading", role="status"),
        dcc.Store(id="app-job"),
        dcc.Store(id="app-ready"),
        html.Main(id="main", tabIndex="-1", children=dash.page_container),
        html.Footer(className="app-footer", children=[html.P(STATEMENT_OF_USE)]),
    ])


def register(app: dash.Dash) -> None:
    """The frame's callbacks (app-wide, so registered on each app by ``create_app``)."""
    # the current page's link is marked (colour and aria-current), in the browser: no round trip
    links = [f"app-nav-{i}" for i in range(len(NAV))]
    app.clientside_callback(
        """function(path) {
            const hrefs = %s;
            const current = (path || '/').startsWith('/school/') ? '/school/choose' : (path || '/');
            return hrefs.map(h => h === current ? 'nav-link active' : 'nav-link');
        }""" % [href for _, href in NAV],
        [Output(link, "className") for link in links], Input("_pages_location", "pathname"))

    @app.callback(Output("app-relation", "options"), Output("app-relation", "value"),
                  Input("app-wave", "value"), State("app-relation", "value"))
    def relation_options(wave, relation):
        return shell_relation_options(wave, relation)

    @app.callback(Output("app-job", "data"), Output("app-ready", "data", allow_duplicate=True),
                  Output("app-reading", "children"), Output("app-reading", "className"),
                  Input("app-wave", "value"), Input("app-relation", "value"), Input("app-hide-names", "value"),
                  prevent_initial_call="initial_duplicate")
    def job(wave, relation, hide):
        return shell_job(wave, relation, hide)

    @app.callback(Output("app-ready", "data"), Input("app-job", "data"), background=True,
                  progress=[Output("app-progress", "value")],
                  running=[(Output("app-progress-box", "hidden"), False, True)], prevent_initial_call=True)
    def warm(set_progress, token):
        return shell_warm(token, set_progress)


def shell_relation_options(wave, relation):
    try:
        relations = service().relations(current_scope(), wave) if wave else [ALL_RELATIONS]
    except AccessDenied:
        relations = [ALL_RELATIONS]
    options = [{"label": "all name questions" if r == ALL_RELATIONS else r, "value": r} for r in relations]
    return options, relation if relation in relations else ALL_RELATIONS


def shell_job(wave, relation, hide=()):
    """``(job token, ready, reading, class)``: ready at once when cached, else a signed job for :func:`warm`."""
    from .components.cards import reading_banner

    if not wave:
        return None, None, "", "reading"
    try:
        scope = current_scope().with_hidden_names(bool(hide))
        data = service()
        info = data.wave(scope, wave)
    except AccessDenied:
        return None, None, "This wave is not available to your account.", "reading reading-low"
    banner, level = reading_banner(info.response_rate)
    ready = {"wave": str(info.id), "relation": relation or ALL_RELATIONS, "hide": scope.hide_names}
    if data.is_cached(scope, info.id, relation):
        return no_update, ready, banner, f"reading reading-{level}"
    token = _serializer().dumps({**ready, "role": scope.role, "district": scope.district,
                                 "school": scope.school, "user_id": scope.user_id,
                                 "hide_names": scope.hide_names})
    return token, no_update, banner, f"reading reading-{level}"


def shell_warm(token, set_progress=lambda *_: None):
    """Compute the analysis a signed job names (in a background process: no request, no signed-in user —
    the scope is the one the job was signed for, after the access check in :func:`shell_job`)."""
    from plnetwork.store import Scope

    if not token:
        return no_update
    data = service()
    try:
        job = _serializer(data).loads(token, max_age=600)
    except itsdangerous.BadData:
        return no_update
    scope = Scope(role=job["role"], district=job["district"], school=job["school"], user_id=job["user_id"],
                  hide_names=job["hide_names"])
    set_progress("1")
    try:
        data.analysis(scope, job["wave"], job["relation"])
    except AccessDenied:
        return no_update
    set_progress("3")
    return {"wave": job["wave"], "relation": job["relation"], "hide": job["hide_names"]}


def _serializer(data=None) -> itsdangerous.URLSafeTimedSerializer:
    data = data or service()
    return itsdangerous.URLSafeTimedSerializer(data.job_key, salt=_JOB_SALT)
