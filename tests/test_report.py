"""The guiding-questions report: self-contained, escaped, honest about the response rate, with suggestions."""

import base64
import html
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from plnetwork.analysis import analyze_graph
from plnetwork.report import (STATEMENT_OF_USE, render_report, report_edges, response_reading,
                              suggest_connections, write_report_from_outputs)

EVIL = '<a href="https://evil.example">Eve</a>'
SCRIPT = "<script>alert(1)</script>"


def school(G, name, size, *, responded=True, prefix=None):
    prefix = prefix or name[0].lower()
    for i in range(size):
        G.add_node(f"{prefix}{i}", name=f"{name} person {i}", school=name, role="Teacher", level="classroom",
                   formal_leader=False, team="T1" if i < size // 2 else "T2", responded=responded)
    return [f"{prefix}{i}" for i in range(size)]


@pytest.fixture(scope="module")
def analysis():
    """Oak: a hub (o0) many go to, an isolate, a not-sought colleague. Elm: half did not answer."""
    G = nx.DiGraph(relations=["advice"], name_generators=["advice"])
    oak = school(G, "Oak", 10)
    elm = school(G, "Elm", 8)
    G.add_node("d0", name="Dee District", school="Office", role="Coordinator", level="district",
               formal_leader=True, team="", responded=True)
    G.nodes["o1"].update(name=EVIL)
    G.nodes["o2"].update(name=SCRIPT)
    G.nodes["o3"].update(role="Principal", level="school", formal_leader=True)
    for i in range(4, 8):
        G.nodes[elm[i]]["responded"] = False
    ties = [(o, "o0") for o in oak[1:8]]       # o9 names no one, is named by no one
    ties += [("o0", "o3"), ("o3", "d0"), ("o2", "o1"), ("o5", "o2"), ("o4", "o1"), ("o8", "o3")]
    ties += [("e0", "e1"), ("e1", "e0"), ("e2", "e1"), ("e3", "e1"), ("e1", "d0")]
    G.add_edges_from(ties, relations=("advice",), weight=1.0, weights={"advice": 1.0})
    return analyze_graph(G)


@pytest.fixture(scope="module")
def page(analysis):
    return render_report(analysis.people, analysis.graph, analysis.summary, title="Test district")


def body_of(page):
    return page.split("</head>", 1)[1]


def test_self_contained_plotly_inlined_once(page):
    assert page.count("<script>") == 1 + page.count("Plotly.newPlot") or "Plotly.newPlot" in page
    assert "<script src" not in page and "cdn.plot.ly" not in body_of(page)
    assert not re.search(r"""(?:src|href)=["']https?://""", body_of(page))
    assert len(page) > 3_000_000  # plotly.js itself is inside


def test_every_name_is_escaped(page):
    body = body_of(page)
    assert SCRIPT not in body and EVIL not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert not re.search(r"<a href=\S*evil", body)
    assert "evil.example" in body  # shown, as text


def test_five_guiding_questions_for_the_district_and_each_school(page):
    assert page.count("Guiding question 1") == 3 and page.count("Guiding question 5") == 3
    for heading in ("The district", "Oak", "Elm"):
        assert f">{heading}</h2>" in page
    assert html.escape(STATEMENT_OF_USE) in page and "not for evaluating individual staff" in page


def test_response_rate_reading(page):
    assert response_reading(0.8)[0] == "dependable" and response_reading(0.65)[0] == "indicative"
    assert response_reading(0.649)[0] == "low" and "Only 64%" in response_reading(0.649)[2]
    assert 'class="response low"' in page            # Elm: 4 of 8 answered
    assert "below the 65% a network map needs" in page
    assert 'class="response dependable"' in page      # Oak: everyone answered


def test_isolated_and_not_sought_are_listed_with_why(page):
    assert "Oak person 9" in page and "answered, but named no one and no one named them" in page


def test_suggested_connections_prefer_team_and_spare_the_overloaded():
    people = pd.DataFrame({
        "staff_id": ["new", "hub", "mid", "low", "other"], "name": ["N", "H", "M", "L", "O"],
        "school": ["S"] * 5, "team": ["T", "T", "T", "T", "U"], "role": ["Teacher"] * 5,
        "in_degree": [0, 12, 3, 1, 2], "isolation_status": ["isolated", "connected", "connected", "connected",
                                                              "connected"]})
    found = suggest_connections(people, [])
    assert found["suggested_id"].tolist() == ["mid", "low"]     # the hub already carries the load
    assert set(found["shared"]) == {"team T"}
    assert suggest_connections(people, [("new", "mid")])["suggested_id"].tolist() == ["low"]
    alone = people.assign(team=["X", "T", "T", "T", "U"])
    assert suggest_connections(alone, [])["shared"].eq("same school").all()


def test_report_edges_reads_graphml_relations():
    G = nx.DiGraph(name_generators="advice;learning")
    G.add_edge("a", "b", relations="advice;frequency")
    G.add_edge("b", "c", relations="frequency")
    assert report_edges(G) == [("a", "b")]


def test_report_from_saved_tables_without_a_graph(tmp_path, analysis):
    people = analysis.people
    ties = pd.DataFrame([(u, v) for u, v in analysis.graph.edges], columns=["source_id", "target_id"])
    outputs = {"people": people, "ties": ties, "summary": analysis.summary, "graph": None}
    path = write_report_from_outputs(outputs, tmp_path / "report.html", title="From files")
    text = path.read_text(encoding="utf-8")
    assert "From files" in text and "Guiding question 3" in text


def test_school_network_spec_is_a_valid_plotly_figure_with_escaped_hover():
    import plotly.graph_objects as go

    from plnetwork.report_charts import school_network_spec

    people = pd.DataFrame({"staff_id": ["a", "b", "c", "d"], "name": [EVIL, "Bo", "Cy", "Di"],
                           "role": ["Teacher", "", "Coach", "Teacher"], "team": ["T1", "", "T1", None],
                           "in_degree": [2, 0, 1, 0], "out_degree": [1, 1, 0, 0],
                           "leader_status": ["informal", "none", "formal", "none"],
                           "isolation_status": ["connected", "not_sought", "connected", "isolated"]})
    spec = school_network_spec(people, [("a", "c"), ("b", "a"), ("c", "a"), ("x", "a")], title="<i>Oak</i>")
    figure = go.Figure(spec)                       # plotly validates every property
    assert [t.name for t in figure.data[1:]] == ["formal leader", "informal leader", "isolated", "not sought"]
    x = np.frombuffer(base64.b64decode(figure.data[0].x["bdata"]), dtype="<f4")
    assert len(x) == 2 * 3 and np.isnan(x[2::3]).all()   # two ties (a-b, a-c): two ends and a gap each
    informal = figure.data[2]
    hover = informal.hovertemplate.replace("<extra></extra>", "")
    for i, value in enumerate(informal.customdata[0]):
        hover = hover.replace(f"%{{customdata[{i}]}}", str(value))
    assert hover == ("<b>&lt;a href=&quot;https://evil.example&quot;&gt;Eve&lt;/a&gt;</b><br>Teacher"
                     "<br>team: T1<br>sought out by 2, names 1<br>informal leader")
    assert "<i>" not in figure.layout.title.text


def test_page_is_the_same_for_the_same_data(analysis):
    first, second = (render_report(analysis.people, analysis.graph, analysis.summary) for _ in range(2))
    assert first == second
    # plotly's template is written once, in the head, not with every figure
    assert '"template"' not in body_of(first) and first.count("var plnTemplate = {") == 1


def test_large_schools_keep_their_section_but_are_not_drawn():
    from plnetwork.report_sections import NETWORK_MAX_STAFF

    n = NETWORK_MAX_STAFF + 1
    people = pd.DataFrame({"staff_id": [f"p{i}" for i in range(n + 3)],
                           "name": [f"Person {i}" for i in range(n + 3)],
                           "school": ["Big High"] * n + ["Small"] * 3, "role": "Teacher",
                           "level": "classroom", "responded": True})
    G = nx.DiGraph(name_generators=["advice"])
    G.add_nodes_from(people["staff_id"])
    G.add_edges_from([("p0", "p1"), (f"p{n}", f"p{n + 1}")], relations=("advice",))
    page = render_report(people, G, {})
    assert page.count("Guiding question 1") == 3                      # the district and both schools
    assert f"Big High has {n} staff, more than the {NETWORK_MAX_STAFF}" in page
    assert "Small: who goes to whom" in page and "Big High: who goes to whom" not in page


def test_many_figures_are_drawn_as_they_are_scrolled_to(analysis):
    from plnetwork.report_html import EAGER_FIGURES, Figures, page as html_page

    few, many = Figures(), Figures()
    few.count, many.count = EAGER_FIGURES, EAGER_FIGURES + 1
    assert "var plnLazy = false" in html_page(title="t", body="", figures=few)
    assert "var plnLazy = true" in html_page(title="t", body="", figures=many)


def test_suggestions_for_the_district_at_once_equal_those_school_by_school():
    people = pd.DataFrame({
        "staff_id": [f"{s}{i}" for s in "AB" for i in range(8)], "name": [f"N{i}" for i in range(16)],
        "school": ["A"] * 8 + ["B"] * 8, "team": ["T", "T", "U", "U"] * 4,
        "in_degree": [0, 3, 1, 0, 5, 2, 0, 1] * 2,
        "isolation_status": ["not_sought", "connected", "connected", "isolated", "connected", "connected",
                             "not_sought", "connected"] * 2})
    ties = [("A0", "A1"), ("B3", "B2"), ("B6", "B5")]
    together = suggest_connections(people, ties)
    apart = pd.concat([suggest_connections(people[people["school"] == s], ties) for s in "AB"],
                      ignore_index=True)
    assert len(together) > 4 and together.equals(apart)
