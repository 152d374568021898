"""Guiding questions: the report's answers to the leadership standard's five questions, on screen, with
its download (the same report ``plnetwork analyze`` writes, for the wave, relation and names chosen)."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, html

from dashboard.components.cards import empty
from dashboard.data import AccessDenied, current_scope, service

dash.register_page(__name__, path="/questions", name="Guiding questions", title="Guiding questions · plnetwork",
                   order=5)

QUESTIONS = (
    "Who are the leaders of professional learning at the classroom, school and district levels?",
    "What systems are in place that support professional learning at each level?",
    "What systems need to be created?",
    "What resources support leadership development at each level?",
    "How do leaders currently advocate for professional learning?",
)


def layout(**_query):
    return html.Div(className="page", children=[
        html.H1("The standard's guiding questions, answered with data"),
        html.Ol([html.Li(q) for q in QUESTIONS], className="questions"),
        html.Div(id="questions-links", className="links-row"),
        html.Div(id="questions-report"),
    ])


def report_url(wave, relation, hide, *, download: bool = False) -> str:
    """The address of the report for a wave (served by the app, access-checked there)."""
    query = {"relation": relation or "all", "hide": "1" if hide else "0"}
    if download:
        query["download"] = "1"
    return f"/report/{wave}.html?{urlencode(query)}"


@callback(Output("questions-links", "children"), Output("questions-report", "children"),
          Input("app-ready", "data"))
def render(ready):
    if not ready or not ready.get("wave"):
        return "", empty("Choose a survey wave above (or upload one).")
    try:
        service().wave(current_scope(), ready["wave"])
    except AccessDenied:
        return "", empty("This wave is not available to your account.")
    wave, relation, hide = ready["wave"], ready.get("relation"), ready.get("hide")
    return ([html.A("Download the report (HTML)", href=report_url(wave, relation, hide, download=True),
                    className="button-primary", download=""),
             html.A("Open it in a new tab", href=report_url(wave, relation, hide), target="_blank",
                    rel="noopener", className="button-secondary")],
            html.Iframe(src=report_url(wave, relation, hide), className="report-frame",
                        title="Guiding-questions report"))
