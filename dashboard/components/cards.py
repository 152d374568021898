"""Small pure builders: the response-rate reading, headline figures, a person's card, empty states."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from ..text import response_reading

__all__ = ["reading_banner", "headline_cards", "person_card", "why_flagged", "empty", "fmt"]


def fmt(value, *, pct: bool = False, digits: int = 2) -> str:
    """A number for people: ``0.734`` -> ``0.73`` (or ``73%``); missing -> ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if pct:
        return f"{value:.0%}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.{digits}f}"


def reading_banner(rate: float | None):
    """``(component, level)``: the response-rate sentence shown beside every result."""
    level, sentence = response_reading(rate)
    icon = {"dependable": "✓", "indicative": "!", "low": "⚠"}[level]
    return html.Span([html.Span(icon, className="reading-icon", **{"aria-hidden": "true"}), sentence]), level


def headline_cards(items: list[tuple[str, str, str | None]]) -> html.Div:
    """A row of big numbers: ``(label, value, note)``."""
    return html.Div(className="headline-row", children=[
        html.Div(className="headline", children=[html.Div(value, className="headline-value"),
                                                 html.Div(label, className="headline-label"),
                                                 html.Div(note, className="headline-note") if note else None])
        for label, value, note in items])


def why_flagged(person: dict, *, school_staff: int | None = None) -> list[str]:
    """Plain sentences saying why a person carries each flag: the analysis's own reasons where it gives
    them (``leader_reason``, ``broker_reason``, ``spof_reason``), else the rules of DESIGN.md."""
    reasons = []
    indeg = int(person.get("in_degree") or 0)
    given = lambda column: str(person.get(column) or "").strip()  # noqa: E731
    if person.get("leader_status") == "informal":
        top = math.ceil(0.1 * school_staff) if school_staff else None
        reasons.append("Informal leader: " + (given("leader_reason") or (
            f"no formal leadership role, sought out by {indeg} colleagues (3 or more)"
            + (f", and fewer than {top} colleagues in the school are sought out more" if top else ""))) + ".")
    elif person.get("leader_status") == "formal":
        reasons.append("Formal leader: " + (given("leader_reason") or f"by role, sought out by {indeg}") + ".")
    status = person.get("isolation_status")
    if status == "isolated":
        reasons.append("Isolated: answered the survey, named nobody, and nobody named them.")
    elif status == "not_sought":
        reasons.append("Not sought out: answered the survey, but no colleague named them.")
    elif status == "unknown":
        reasons.append("No data: did not answer and nobody named them. Missing data is not isolation.")
    if _truthy(person.get("broker")):
        reasons.append("Broker: " + (given("broker_reason") or "connects colleagues who are not otherwise "
                                     "connected") + ".")
    if _truthy(person.get("single_point_of_failure")):
        reasons.append("Single point of failure: " + (given("spof_reason") or "others reach the network "
                                                     "only through them") + ".")
    return reasons or ["No flag: a connected colleague."]


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def _names(frame: pd.DataFrame, column: str) -> html.Ul | html.P:
    if frame.empty:
        return html.P("nobody", className="muted")
    return html.Ul([html.Li(f"{row['name']}" + (f" — {row[column]}" if row.get(column) else ""))
                    for row in frame.to_dict("records")], className="tie-list")


_MEASURES = (("Sought out by", "in_degree"), ("Seeks out", "out_degree"), ("PageRank", "pagerank"),
             ("Betweenness", "betweenness"))


def person_card(person: dict, ties_in: pd.DataFrame, ties_out: pd.DataFrame, *,
                school_staff: int | None = None) -> html.Article:
    """A person's card: who they are, their measures, why they are flagged, and their ties in and out.

    ``ties_in`` / ``ties_out`` have ``name`` and ``relations`` (text). Text is set as Dash children, which
    React escapes: a name can never become markup.
    """
    facts = " · ".join(str(person.get(c)) for c in ("role", "team", "school") if person.get(c))
    return html.Article(className="person-card", **{"aria-live": "polite"}, children=[
        html.H3(str(person.get("name"))),
        html.P(facts, className="muted"),
        html.Dl(className="measures", children=[item for label, column in _MEASURES for item in
                                                (html.Dt(label), html.Dd(fmt(person.get(column), digits=3)))]),
        html.H4("Why flagged"),
        html.Ul([html.Li(reason) for reason in why_flagged(person, school_staff=school_staff)]),
        html.Div(className="ties", children=[
            html.Div([html.H4(f"Named by ({len(ties_in)})"), _names(ties_in, "relations")]),
            html.Div([html.H4(f"Names ({len(ties_out)})"), _names(ties_out, "relations")]),
        ]),
    ])


def empty(message: str) -> html.P:
    """What a page shows instead of a figure when there is nothing (or nothing allowed) to show."""
    return html.P(message, className="empty-state")
