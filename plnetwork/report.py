"""The guiding-questions report: one self-contained ``report.html`` for the district and each school.

For the district and for every school the report answers the five guiding questions of the Learning Forward
leadership standard with the data (who leads at each level, what systems are in place, what needs creating,
who carries the load, how leaders reach across levels and schools), with plotly charts, a plain-language
summary, the response rate and how far it can be trusted, and suggested connections for the staff nobody
named. The page opens offline: plotly.js and the style sheet are inlined. Every name is HTML-escaped.

Large districts: every school keeps its whole section (the five questions, its summary, its tables). Its
network is drawn when it has at most :data:`~plnetwork.report_sections.NETWORK_MAX_STAFF` staff (a larger
one would be a tangle; the section says so instead, and so does "How to read this report"), as one line
trace for all its ties and one marker trace per status, coordinates as float32 (about 45 kB for a school
of 200). Tables show their first rows and say how many more there are. Beyond
:data:`~plnetwork.report_html.EAGER_FIGURES` charts, each is drawn as the reader scrolls near it (and all
before printing), so the page opens in seconds. The 250 schools of a 50,000-staff district make a report
of about 25 MB (5 MB of it plotly.js), written in about 3 s.

The modules: :mod:`~plnetwork.report_data` (the tables and per-school figures),
:mod:`~plnetwork.report_sections` (the sections), :mod:`~plnetwork.report_suggestions` (suggested
connections), :mod:`~plnetwork.report_html` (HTML pieces and the page), :mod:`~plnetwork.report_charts`
(the plotly figures).

Examples
--------
>>> response_reading(0.83)[0], response_reading(0.7)[0], response_reading(0.4)[0]
('dependable', 'indicative', 'low')
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from . import report_charts as charts
from .export import gc_paused, write_text
from .report_data import ReportContext, prepare_people
from .report_html import escape_text, page, rate_text, response_reading
from .report_sections import (STATEMENT_OF_USE, SchoolTables, appendix_section, cover_section,
                              district_section, school_section)
from .report_suggestions import suggest_connections

__all__ = ["write_report", "write_report_from_outputs", "render_report", "suggest_connections",
           "response_reading", "rate_text", "report_edges", "print_pdf", "STATEMENT_OF_USE"]


# --- entry points ----------------------------------------------------------------------------------------


def write_report(data, analysis, path, *, issues: pd.DataFrame | None = None) -> Path:
    """Write ``report.html`` for an analysed wave (``plnetwork.load(...)`` and its ``.analyze()``).

    ``issues`` is the wave's issue table when the caller has it already (``data.issues.to_frame()``).
    """
    summary = dict(analysis.summary or {})
    summary.setdefault("inputs", {"files": list(data.files), "platform": data.platform})
    if issues is None and data.issues is not None:
        issues = data.issues.to_frame()
    return write_text(render_report(analysis.people, analysis.graph, summary, issues=issues), path)


def write_report_from_outputs(outputs: dict, path, *, title: str | None = None) -> Path:
    """Write ``report.html`` from the files of an analysis folder (:func:`plnetwork.export.read_outputs`)."""
    graph = outputs.get("graph")
    if graph is None:
        graph = _graph_from_ties(outputs["people"], outputs.get("ties"))
    return write_text(render_report(outputs["people"], graph, outputs.get("summary") or {},
                                    issues=outputs.get("issues"), title=title), path)


#: Browsers tried for :func:`print_pdf`, after ``$PLNETWORK_CHROMIUM``.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def print_pdf(html_path, pdf_path=None, *, timeout: float = 120) -> Path:
    """Print a report to PDF with headless Chromium (A4, the report's print style); returns the PDF path.

    Raises ``FileNotFoundError`` when no Chromium is installed.
    """
    import os
    import shutil
    import subprocess
    import tempfile

    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path or html_path.with_suffix(".pdf")).resolve()
    browser = os.environ.get("PLNETWORK_CHROMIUM") or next(
        (found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
    if not browser:
        raise FileNotFoundError("no Chromium found to print the PDF (install chromium, or set "
                                "PLNETWORK_CHROMIUM to a Chrome or Chromium executable)")
    from .export import atomic_path

    with tempfile.TemporaryDirectory(prefix="plnetwork-chromium-") as profile, atomic_path(pdf_path) as tmp:
        # the window is about as wide as an A4 page, so the charts are laid out at the width they print at
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--window-size=760,1100", "--no-pdf-header-footer",
                        "--virtual-time-budget=10000", f"--print-to-pdf={tmp}",
                        html_path.as_uri() + "?print"],   # ?print: every figure drawn on loading
                       check=True, capture_output=True, timeout=timeout)
        if tmp.stat().st_size == 0:
            raise RuntimeError(f"Chromium wrote an empty PDF for {html_path}")
    return pdf_path


def _graph_from_ties(people: pd.DataFrame, ties: pd.DataFrame | None) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(people["staff_id"].astype(str))
    if ties is not None and len(ties):
        G.add_edges_from(zip(ties["source_id"].astype(str), ties["target_id"].astype(str)))
    return G


def report_edges(G: nx.DiGraph) -> list[tuple[str, str]]:
    """The ties of the name-generator relations (advice, learning, leadership) as ``(source, target)``.

    Works on the graph of an analysis and on one read back from GraphML (relations joined with ``;``).
    """
    generators = G.graph.get("name_generators") or ()
    if isinstance(generators, str):
        generators = [g for g in generators.split(";") if g]
    generators = set(generators)
    kept: dict = {}   # relations -> whether a tie with them is kept: few distinct values, many ties

    def keep(rels) -> bool:
        if isinstance(rels, str):
            rels = [r for r in rels.split(";") if r]
        return not generators or not rels or not generators.isdisjoint(rels)

    # the adjacency read directly: the same ties as G.edges(data="relations"), several times faster
    ties = (G.edges(data="relations") if G.is_multigraph() else
            ((u, v, data.get("relations")) for u, nbrs in G.adjacency() for v, data in nbrs.items()))
    edges = []
    for u, v, rels in ties:
        if u != v:
            try:
                found = kept[rels]
            except KeyError:
                found = kept[rels] = keep(rels)
            except TypeError:   # an unhashable value (a list)
                found = keep(rels)
            if found:
                edges.append((str(u), str(v)))
    return edges


def render_report(people: pd.DataFrame, G: nx.DiGraph, summary: dict | None = None, *,
                  issues: pd.DataFrame | None = None, title: str | None = None) -> str:
    """The report as one HTML document (plotly.js inlined)."""
    summary = summary or {}
    title = title or "Shared leadership of professional learning"
    try:
        with gc_paused():   # the tables of every school are many small objects, all alive until the end
            ctx = ReportContext(prepare_people(people), report_edges(G), summary)
            tables = SchoolTables(ctx)
            body = [cover_section(ctx, title), district_section(ctx, tables)]
            body += [school_section(ctx, name, i, tables) for i, name in enumerate(ctx.schools)]
            body.append(appendix_section(ctx, issues))
        return page(title=title, body="\n".join(body), figures=ctx.figures)
    finally:   # the escaped names were remembered for this report only
        escape_text.cache_clear()
        charts.escape_text.cache_clear()
