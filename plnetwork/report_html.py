"""The report's HTML pieces: escaped text, tables, the response-rate reading, plotly figures, the page.

Figures are written as plotly's ``to_html`` writes them (a ``div`` and a ``Plotly.newPlot`` call), except
that the layout template every figure shares (plotly's default, ~7 kB) is written once in the page head
rather than once per figure.

Examples
--------
>>> response_reading(0.83)[0], response_reading(0.7)[0], response_reading(0.4)[0]
('dependable', 'indicative', 'low')
"""

from __future__ import annotations

import functools
import html
import json
import math

import pandas as pd

__all__ = ["esc", "rate_text", "response_reading", "table", "records", "fmt", "pct", "plural", "Figures",
           "page", "EAGER_FIGURES"]

LIST_CAP = 25


def esc(value) -> str:
    """``value`` as HTML text: ``None`` and NaN become empty.

    >>> esc("<b>Ann & Bo</b>"), esc(None), esc(3)
    ('&lt;b&gt;Ann &amp; Bo&lt;/b&gt;', '', '3')
    """
    if type(value) is str:
        return escape_text(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape_text(str(value))


#: ``html.escape``, remembered: a report escapes the same names, roles and teams in many tables.
escape_text = functools.lru_cache(maxsize=1 << 16)(html.escape)


def rate_text(rate: float) -> str:
    """A response rate as a whole percent, rounded down so that 79.6% never reads as a dependable "80%".

    >>> rate_text(0.796), rate_text(0.29), rate_text(1.0)
    ('79%', '29%', '100%')
    """
    return f"{math.floor(rate * 100 + 1e-9)}%"


def response_reading(rate: float | None) -> tuple[str, str, str]:
    """``(kind, label, sentence)`` for a response rate: dependable (>= 80%), indicative (65-79%) or low."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "low", "no response data", "Nobody's answers were found, so nothing here can be relied on."
    if rate >= 0.8:
        return ("dependable", "dependable",
                f"{rate_text(rate)} of staff answered: the map of leaders and brokers can be relied on.")
    if rate >= 0.65:
        return ("indicative", "indicative only",
                f"{rate_text(rate)} of staff answered: read the map of leaders and brokers as indicative "
                "only — people who did not answer may be missing from it.")
    return ("low", "too low to rely on",
            f"Only {rate_text(rate)} of staff answered — below the 65% a network map needs. Leaders, "
            "brokers and isolated staff may be missed or wrongly flagged: treat every result here as "
            "provisional and raise the response rate before acting on it.")


def table(rows, columns, *, empty="None.", cap=LIST_CAP, more="", markup=()) -> str:
    """An HTML table of ``rows`` (dicts, or a DataFrame) with ``columns`` as ``(key, label)``; numbers
    right-aligned. At most ``cap`` rows are shown, with a line saying how many more there are.

    Every cell is escaped, except the keys in ``markup``, which hold HTML built from escaped parts.
    """
    if isinstance(rows, pd.DataFrame):   # only the cells shown become dicts
        total, rows = len(rows), records(rows.head(cap), [key for key, _ in columns])
    else:
        rows = list(rows)
        total, rows = len(rows), rows[:cap]
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    numeric = {key for key, _ in columns if all(_is_number(r.get(key)) for r in rows)}
    head = "".join(f'<th class="num">{esc(label)}</th>' if key in numeric else f"<th>{esc(label)}</th>"
                   for key, label in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            text = str(row.get(key) or "") if key in markup else fmt(row.get(key))
            cells.append(f'<td class="num">{text}</td>' if key in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<p class="more">… and {total - cap} more{esc(more)}.</p>' if total > cap else ""
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{note}'


def records(frame: pd.DataFrame, columns=None) -> list[dict]:
    """The rows of ``frame`` as dicts of plain Python values, with only ``columns`` (those it has), like
    ``frame.to_dict("records")`` but built from whole columns (much faster on wide frames).

    >>> records(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), ["b", "c"])
    [{'b': 'x'}, {'b': 'y'}]
    """
    keys = [key for key in dict.fromkeys(columns if columns is not None else frame.columns)
            if key in frame.columns]
    if not keys:
        return [{} for _ in range(len(frame))]
    return [dict(zip(keys, values)) for values in zip(*(frame[key].tolist() for key in keys))]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fmt(value) -> str:
    if type(value) is int:
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.2f}"
    return esc(value)


def pct(value) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0%}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


#: Plotly's configuration of every figure in the report.
FIGURE_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def _json(value) -> str:
    r"""JSON safe inside a ``<script>`` element: no ``</`` (which would close it) and no ``<!``.

    Plotly's own writer escapes every ``<``, ``>`` and ``/``, which makes hover text and base64 arrays
    (``/`` is a base64 digit) several times longer.

    >>> print(_json({"text": "<b>a</b></script><!--"}))
    {"text":"<b>a\u003c/b>\u003c/script>\u003c!--"}
    """
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(value, cls=PlotlyJSONEncoder, separators=(",", ":"))
    return text.replace("</", "\\u003c/").replace("<!", "\\u003c!")


class Figures:
    """Numbers the report's figures (ids ``figure-1``, ``figure-2`` ...: the same data renders the same
    page) and writes each as a ``div`` and a ``Plotly.newPlot`` call, with the shared template apart."""

    def __init__(self):
        import plotly.io as pio

        self.count = 0
        default = pio.templates.default
        self.template: dict | None = pio.templates[default].to_plotly_json() if default else None

    def html(self, fig) -> str:
        """A figure (a ``go.Figure``, or a figure dict such as
        :func:`~plnetwork.report_charts.school_network_spec` builds) as HTML."""
        self.count += 1
        spec = fig if isinstance(fig, dict) else fig.to_dict()
        spec = {"data": spec.get("data", []), "layout": dict(spec.get("layout", {}))}
        layout = spec["layout"]
        template = layout.pop("template", None)
        if template is not None and template != self.template:
            layout["template"] = template       # a figure with a template of its own keeps it
        height = layout.get("height")
        height = f"{height}px" if isinstance(height, (int, float)) else "100%"
        fid = f"figure-{self.count}"
        return (f'<div class="figure"><div style="height:{height}; width:100%;">'
                f'<div id="{fid}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
                f'<script>plnFigure("{fid}", {_json(spec["data"])}, {_json(layout)});</script></div></div>')

    def script(self) -> str:
        """The page-head script every figure calls: the shared template, the configuration, the drawing.

        Up to :data:`EAGER_FIGURES` figures are drawn as the page loads. Beyond, each is drawn as it nears
        the window (250 school networks drawn at once keep a browser busy for half a minute), and all of
        them before printing (``beforeprint``, or a page opened as ``report.html?print``, as
        :func:`~plnetwork.report.print_pdf` opens it).
        """
        lazy = "true" if self.count > EAGER_FIGURES else "false"
        return (f"window.PLOTLYENV = window.PLOTLYENV || {{}};\n"
                f"var plnTemplate = {_json(self.template) if self.template is not None else 'null'};\n"
                f"var plnConfig = {json.dumps(FIGURE_CONFIG)};\n"
                f"var plnLazy = {lazy} && 'IntersectionObserver' in window\n"
                "  && !/[?&]print\\b/.test(location.search);\n"
                + _DRAW_SCRIPT)


#: Figures drawn as the page loads; a report with more draws each as it is scrolled near.
EAGER_FIGURES = 12

_DRAW_SCRIPT = """var plnPending = {};
var plnObserver = plnLazy ? new IntersectionObserver(function (entries) {
  entries.forEach(function (entry) { if (entry.isIntersecting) { plnDraw(entry.target.id); } });
}, {rootMargin: "1500px 0px"}) : null;
function plnDraw(id) {
  var figure = plnPending[id];
  if (!figure) { return; }
  delete plnPending[id];
  if (plnObserver) { plnObserver.unobserve(document.getElementById(id)); }
  Plotly.newPlot(id, figure[0], figure[1], plnConfig);
}
function plnFigure(id, data, layout) {
  if (plnTemplate && !layout.template) { layout.template = plnTemplate; }
  if (!document.getElementById(id)) { return; }
  plnPending[id] = [data, layout];
  if (plnLazy) { plnObserver.observe(document.getElementById(id)); } else { plnDraw(id); }
}
window.addEventListener("beforeprint", function () { Object.keys(plnPending).forEach(plnDraw); });
"""


def page(*, title: str, body: str, figures: Figures) -> str:
    """The whole document: plotly.js, the style sheet and the figures' script inlined."""
    from plotly.offline import get_plotlyjs

    return _PAGE.format(title=esc(title), css=_CSS, plotlyjs=get_plotlyjs(), figures=figures.script(),
                        body=body)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<script>{plotlyjs}</script>
<script>{figures}</script>
</head><body><main>
{body}
</main></body></html>
"""

_CSS = """
:root { --ink:#24313f; --muted:#5b6b7b; --navy:#1f3b57; --teal:#2a9d8f; --amber:#b7791f; --red:#a33d31;
        --line:#e3e8ee; --soft:#f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: var(--ink);
       font: 15px/1.55 Inter, "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 1100px; margin: 24px auto; background: white; padding: 44px 60px 60px;
       box-shadow: 0 1px 3px rgba(31,59,87,.08); }
h1, h2 { font-family: Georgia, "Times New Roman", serif; font-weight: normal; color: var(--navy); }
h1 { font-size: 32px; margin: 4px 0 6px; }
h2 { font-size: 26px; margin: 48px 0 14px; padding-top: 18px; border-top: 3px solid var(--navy); }
h3 { font-size: 18px; margin: 28px 0 8px; color: var(--navy); }
h4 { font-size: 15px; margin: 20px 0 6px; color: var(--ink); }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
.meta, .muted, .more, .empty { color: var(--muted); }
.empty { font-style: italic; }
.callout { border-left: 4px solid var(--navy); background: var(--soft); padding: 12px 16px; margin: 16px 0;
           border-radius: 0 6px 6px 0; }
.callout.note { border-color: var(--teal); }
nav.toc ol { columns: 2; column-gap: 40px; padding-left: 20px; }
nav.toc h2 { font-size: 18px; border: 0; margin: 24px 0 6px; padding: 0; }
nav.toc a { color: var(--navy); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.response { display: flex; gap: 18px; align-items: center; padding: 14px 18px; border-radius: 8px;
            margin: 14px 0; border: 1px solid var(--line); background: #f3f8f4; }
.response .rate { font: 32px Georgia, serif; min-width: 84px; text-align: center; }
.response.dependable .rate { color: #2f6b3c; }
.response.indicative { background: #fdf6e9; border-color: #f0dcb4; }
.response.indicative .rate { color: var(--amber); }
.response.low { background: #fbeeec; border: 2px solid var(--red); }
.response.low .rate { color: var(--red); }
.badge { display: inline-block; padding: 0 9px; border-radius: 10px; font-size: 12.5px; font-weight: 600; }
.badge.dependable { background: #e1efe4; color: #2f6b3c; }
.badge.indicative { background: #f8e6c4; color: #7a4f0e; }
.badge.low { background: var(--red); color: white; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px;
         margin: 18px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .n { font: 26px Georgia, serif; color: var(--navy); }
.card .l { font-size: 13px; color: var(--muted); }
.summary { background: var(--soft); border-radius: 8px; padding: 4px 20px 8px; margin: 16px 0; }
.summary h3 { margin-top: 14px; }
.summary ul { margin: 6px 0 10px; padding-left: 20px; }
.summary li { margin: 4px 0; }
.question { margin-top: 30px; }
.question h3 { display: flex; flex-direction: column; }
.qnum { font: 600 11.5px/1.6 Inter, "Segoe UI", Arial, sans-serif; text-transform: uppercase;
        letter-spacing: .08em; color: var(--teal); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 8px 0 6px; }
th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line);
     padding: 6px 8px; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
ul.suggest { margin: 0; padding-left: 0; list-style: none; }
ul.suggest li { margin: 0 0 3px; }
tbody tr:nth-child(even) { background: #fafbfc; }
.figure { margin: 12px 0 18px; }
dl.defs { display: grid; grid-template-columns: 190px 1fr; gap: 6px 18px; }
dl.defs dt { font-weight: 600; color: var(--navy); }
dl.defs dd { margin: 0; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { background: white; font-size: 11.5pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  section.school, #appendix { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  table, .figure, .callout, .response, .cards, tr { break-inside: avoid; }
  nav.toc a { color: inherit; }
  .modebar-container { display: none !important; }
}
"""
