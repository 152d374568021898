"""The guiding-questions report: one self-contained ``report.html`` for the district and each school.

For the district and for every school the report answers the five guiding questions of the Learning Forward
leadership standard with the data (who leads at each level, what systems are in place, what needs creating,
who carries the load, how leaders reach across levels and schools), with plotly charts, a plain-language
summary, the response rate and how far it can be trusted, and suggested connections for the staff nobody
named. The page opens offline: plotly.js and the style sheet are inlined. Every name is HTML-escaped.

Examples
--------
>>> response_reading(0.83)[0], response_reading(0.7)[0], response_reading(0.4)[0]
('dependable', 'indicative', 'low')
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from pathlib import Path

import networkx as nx
import pandas as pd

from . import report_charts as charts
from .export import write_text
from .model import LEVELS

__all__ = ["write_report", "write_report_from_outputs", "render_report", "suggest_connections",
           "response_reading", "rate_text", "report_edges", "print_pdf", "STATEMENT_OF_USE"]

STATEMENT_OF_USE = (
    "This report is for designing support and professional learning, not for evaluating individual staff. "
    "A network map shows whom colleagues said they turn to on one survey; it does not measure anyone's "
    "worth or performance. Keep it confidential and use it to plan who could connect with whom.")

_DISTRICT_OFFICE = "District office"
_LIST_CAP = 25


def esc(value) -> str:
    """``value`` as HTML text: ``None`` and NaN become empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


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


# --- entry points ----------------------------------------------------------------------------------------


def write_report(data, analysis, path) -> Path:
    """Write ``report.html`` for an analysed wave (``plnetwork.load(...)`` and its ``.analyze()``)."""
    summary = dict(analysis.summary or {})
    summary.setdefault("inputs", {"files": list(data.files), "platform": data.platform})
    issues = data.issues.to_frame() if data.issues is not None else None
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
                        "--virtual-time-budget=10000", f"--print-to-pdf={tmp}", html_path.as_uri()],
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
    edges = []
    for u, v, rels in G.edges(data="relations"):
        if u == v:
            continue
        if isinstance(rels, str):
            rels = [r for r in rels.split(";") if r]
        if not generators or not rels or not generators.isdisjoint(rels):
            edges.append((str(u), str(v)))
    return edges


def render_report(people: pd.DataFrame, G: nx.DiGraph, summary: dict | None = None, *,
                  issues: pd.DataFrame | None = None, title: str | None = None) -> str:
    """The report as one HTML document (plotly.js inlined)."""
    from plotly.offline import get_plotlyjs

    summary = summary or {}
    ctx = _Context(_prepare(people), report_edges(G), summary)
    title = title or "Shared leadership of professional learning"
    body = [_cover(ctx, title), _district(ctx)]
    body += [_school(ctx, school, i) for i, school in enumerate(ctx.schools)]
    body.append(_appendix(ctx, issues))
    return _PAGE.format(title=esc(title), css=_CSS, plotlyjs=get_plotlyjs(), body="\n".join(body))


# --- the data the report reads -----------------------------------------------------------------------------

_DEFAULTS = {"name": "", "school": "", "role": "", "level": "classroom", "team": "", "formal_leader": False,
             "responded": False, "in_degree": 0, "out_degree": 0, "leader_status": "none",
             "leader_reason": "",
             "isolation_status": "connected", "broker": False, "broker_reason": "",
             "single_point_of_failure": False, "spof_reason": "", "betweenness": 0.0}


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def _prepare(people: pd.DataFrame) -> pd.DataFrame:
    p = people.copy()
    p["staff_id"] = p["staff_id"].astype(str)
    for column, default in _DEFAULTS.items():
        if column not in p:
            p[column] = default
    for column in ("name", "school", "role", "team", "level", "leader_reason", "broker_reason",
                   "spof_reason"):
        p[column] = p[column].astype(object).where(p[column].notna(), "").astype(str)
    p.loc[p["name"] == "", "name"] = p["staff_id"]
    for column in ("formal_leader", "responded", "broker", "single_point_of_failure"):
        p[column] = p[column].map(_truthy)
    for column in ("in_degree", "out_degree"):
        p[column] = pd.to_numeric(p[column], errors="coerce").fillna(0).astype(int)
    p["betweenness"] = pd.to_numeric(p["betweenness"], errors="coerce").fillna(0.0)
    p["_level"] = p["level"].map({lv: i for i, lv in enumerate(LEVELS)}).fillna(0).astype(int)
    p["school"] = _units(p)
    keep = list(_DEFAULTS) + ["staff_id", "_level"] + [c for c in ("subject", "grade") if c in p]
    return p[keep].copy()   # a narrow table: the report turns it into records many times


def _units(p: pd.DataFrame) -> pd.Series:
    """Each person's school unit: their school, except that district staff form one unit, the district
    office (as the analysis groups them: ``school_unit``)."""
    if "school_unit" in p and p["school_unit"].notna().all():
        return p["school_unit"].astype(str)
    district = p["level"] == "district"
    named = p.loc[district & (p["school"] != ""), "school"]
    office = named.mode().iloc[0] if len(named) else "District"
    if office in set(p.loc[~district, "school"]):
        office = "District"
    return p["school"].where(~district, office)


class _Context:
    """The prepared people table, the ties with both ends' attributes, and the summary."""

    def __init__(self, people: pd.DataFrame, edges, summary: dict):
        self.people = people
        self.summary = summary
        self.by_id = people.set_index("staff_id")
        e = pd.DataFrame(edges, columns=["u", "v"])
        e = e[e["u"].isin(self.by_id.index) & e["v"].isin(self.by_id.index)]
        for end in ("u", "v"):
            for column in ("school", "level", "team", "leader_status"):
                e[f"{end}_{column}"] = self.by_id.loc[e[end], column].to_numpy()
        self.edges = e.reset_index(drop=True)
        district = people.groupby("school")["level"].agg(lambda s: (s == "district").all())
        self.office = {s for s, only_district in district.items() if only_district}
        self.schools = sorted(s for s in people["school"].unique()
                              if s and s not in self.office and s != "suppressed")
        self.pseudonymized = "privacy" in summary
        self.figures = 0


# --- measures the report shows -----------------------------------------------------------------------------


def _gini(values) -> float:
    x = sorted(float(v) for v in values)
    n, total = len(x), sum(x)
    if n == 0 or total == 0:
        return 0.0
    return sum((2 * i - n + 1) * v for i, v in enumerate(x)) / (n * total)


def _centralization(in_degrees) -> float:
    x = [int(v) for v in in_degrees]
    n = len(x)
    return 0.0 if n < 3 else sum(max(x) - v for v in x) / (n - 1) ** 2


#: The analysis summary's keys for a school (``summary["schools"][school]``) -> the report's.
_SCHOOL_KEYS = {"staff": "staff", "respondents": "respondents", "response_rate": "response_rate",
                "formal_leaders": "formal", "informal_leaders": "informal", "isolated": "isolated",
                "not_sought": "not_sought", "unknown": "unknown", "ties_district": "ties_district",
                "ties_other_schools": "ties_other_schools", "single_points_of_failure": "spof",
                "brokers": "brokers", "in_degree_centralization": "centralization", "gini": "gini",
                "non_formal_share": "non_formal_share"}


def _school_row(ctx: _Context, school: str) -> dict:
    """A school's figures: those of the analysis summary where it has them, else counted here."""
    members = ctx.people[ctx.people["school"] == school]
    e = ctx.edges
    inside = e[(e["u_school"] == school) & (e["v_school"] == school)]
    touching = e[(e["u_school"] == school) ^ (e["v_school"] == school)]
    other_level = touching["v_level"].where(touching["u_school"] == school, touching["u_level"])
    within_in = inside["v"].value_counts().reindex(members["staff_id"], fill_value=0)
    received = e[e["v_school"] == school]
    to_informal = int((~ctx.by_id.loc[received["v"], "formal_leader"]).sum()) if len(received) else 0
    status = members["isolation_status"].value_counts()
    staff, responded = len(members), int(members["responded"].sum())
    row = {
        "school": school, "staff": staff, "respondents": responded,
        "response_rate": responded / staff if staff else float("nan"),
        "formal": int((members["leader_status"] == "formal").sum()),
        "informal": int((members["leader_status"] == "informal").sum()),
        "isolated": int(status.get("isolated", 0)), "not_sought": int(status.get("not_sought", 0)),
        "unknown": int(status.get("unknown", 0)),
        "ties_district": int((other_level == "district").sum()),
        "ties_other_schools": int((other_level != "district").sum()),
        "spof": int(members["single_point_of_failure"].sum()), "brokers": int(members["broker"].sum()),
        "centralization": _centralization(within_in), "gini": _gini(within_in),
        "non_formal_share": to_informal / len(received) if len(received) else float("nan"),
    }
    entry = (ctx.summary.get("schools") or {}).get(school)
    for key, ours in _SCHOOL_KEYS.items():
        value = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            row[ours] = value
    return row


_TEAM_COLUMNS = ["school", "team", "members", "ties_inside", "ties_out", "ties_in", "density", "kept_in_team",
                 "no_tie_out"]


def _teams(ctx: _Context, people: pd.DataFrame) -> pd.DataFrame:
    """One row per team of ``people``'s schools: members, ties inside, out and in, density, share kept in
    the team, and whether it has no tie beyond itself (the analysis summary's ``teams`` where present)."""
    schools = set(people["school"])
    summary = ctx.summary.get("teams")
    if isinstance(summary, dict) and summary:
        rows = [{"school": t.get("school"), "team": t.get("team"), "members": t.get("staff"),
                 "ties_inside": t.get("ties_inside"), "ties_out": t.get("ties_out"),
                 "ties_in": t.get("ties_in"),
                 "density": _num(t.get("density")), "kept_in_team": _num(t.get("internal_tie_share")),
                 "no_tie_out": bool(t.get("no_tie_out"))}
                for t in summary.values() if isinstance(t, dict) and t.get("school") in schools]
        frame = pd.DataFrame(rows, columns=_TEAM_COLUMNS).sort_values(["school", "team"], kind="stable")
        return frame.astype({"no_tie_out": bool})
    rows = []
    e = ctx.edges
    for (school, team), members in people[people["team"] != ""].groupby(["school", "team"]):
        ids = set(members["staff_id"])
        n = len(ids)
        u_in, v_in = e["u"].isin(ids), e["v"].isin(ids)
        inside, out, into = int((u_in & v_in).sum()), int((u_in & ~v_in).sum()), int((~u_in & v_in).sum())
        rows.append({"school": school, "team": team, "members": n, "ties_inside": inside, "ties_out": out,
                     "ties_in": into, "density": inside / (n * (n - 1)) if n > 1 else float("nan"),
                     "kept_in_team": inside / (inside + out) if inside + out else float("nan"),
                     "no_tie_out": out + into == 0})
    return pd.DataFrame(rows, columns=_TEAM_COLUMNS).astype({"no_tie_out": bool})


def _num(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("nan")


def _level_matrix(ctx: _Context, edges: pd.DataFrame) -> dict:
    matrix: dict = {}
    for (a, b), n in edges.groupby(["u_level", "v_level"]).size().items():
        matrix.setdefault(a, {})[b] = int(n)
    return matrix


def suggest_connections(people: pd.DataFrame, edges, *, per_person: int = 3,
                        groups=("team", "subject", "grade"), max_load: int | None = None,
                        max_asked: int = 2) -> pd.DataFrame:
    """For each isolated or not-sought person, colleagues to connect with.

    A suggestion is a colleague of the same school who is sought out (named by at least one colleague) and
    has capacity: named by no more than ``max_load`` colleagues (default: the school's 75th percentile among
    those sought out, at least 2), so the few who already carry the load are not asked for more, and
    suggested to no more than ``max_asked`` people. Colleagues sharing a ``groups`` value (team, then subject,
    then grade) come first, those suggested least so far and most sought first; the school as a whole is used
    only when nobody in those groups fits. People already tied to the person are left out.

    Examples
    --------
    >>> people = pd.DataFrame({"staff_id": list("abcd"), "name": list("ABCD"), "school": ["S"] * 4,
    ...                        "team": ["T", "T", "T", "U"], "in_degree": [0, 2, 9, 1],
    ...                        "isolation_status": ["isolated", "connected", "connected", "connected"]})
    >>> found = suggest_connections(people, [("b", "c"), ("d", "b")])
    >>> found[["staff_id", "suggested_id", "shared"]].values.tolist()
    [['a', 'b', 'team T']]
    """
    p = people.copy()
    p["staff_id"] = p["staff_id"].astype(str)
    p["in_degree"] = pd.to_numeric(p["in_degree"], errors="coerce").fillna(0).astype(int)
    tied = {frozenset((str(u), str(v))) for u, v in edges}
    rows: list[dict] = []
    asked: dict[str, int] = {}
    for _, members in p.groupby("school", sort=False):
        sought = members[(members["in_degree"] >= 1) & (members["isolation_status"] == "connected")]
        cap = max_load
        if cap is None:
            cap = max(2, int(sought["in_degree"].quantile(.75))) if len(sought) else 2
        able = sought[sought["in_degree"] <= cap].sort_values(["in_degree", "name"], ascending=[False, True])
        alone = members[members["isolation_status"].isin(["isolated", "not_sought"])]
        for person in alone.to_dict("records"):
            rows += _suggestions_for(person, able.to_dict("records"), tied, groups, per_person, asked,
                                     max_asked)
    return pd.DataFrame(rows, columns=["staff_id", "name", "school", "status", "suggested_id",
                                       "suggested_name", "suggested_role", "shared", "sought_by"])


def _suggestions_for(person, able, tied, groups, per_person, asked, max_asked):
    me = person["staff_id"]
    candidates = [c for c in able if c["staff_id"] != me and frozenset((c["staff_id"], me)) not in tied]
    rows = []
    for group in [g for g in groups if any(g in c for c in candidates)] + [None]:
        if group is None:
            if rows:
                break
            pool, shared = candidates, "same school"
        else:
            value = person.get(group)
            if not isinstance(value, str) or not value.strip():
                continue
            pool, shared = [c for c in candidates if c.get(group) == value], f"{group} {value}"
        # those suggested least so far first (a stable sort keeps the most sought first among equals)
        for c in sorted(pool, key=lambda c: asked.get(c["staff_id"], 0)):
            taken = {r["suggested_id"] for r in rows}
            free = asked.get(c["staff_id"], 0) < max_asked
            if len(rows) < per_person and c["staff_id"] not in taken and free:
                asked[c["staff_id"]] = asked.get(c["staff_id"], 0) + 1
                rows.append({"staff_id": me, "name": person.get("name"), "school": person.get("school"),
                             "status": person["isolation_status"], "suggested_id": c["staff_id"],
                             "suggested_name": c.get("name"), "suggested_role": c.get("role"),
                             "shared": shared, "sought_by": c["in_degree"]})
    return rows


# --- HTML pieces -------------------------------------------------------------------------------------------


def _table(rows, columns, *, empty="None.", cap=_LIST_CAP, more="", markup=()) -> str:
    """An HTML table of ``rows`` (dicts) with ``columns`` as ``(key, label)``; numbers right-aligned.

    Every cell is escaped, except the keys in ``markup``, which hold HTML built from escaped parts.
    """
    rows = list(rows)
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    numeric = {key for key, _ in columns if all(_is_number(r.get(key)) for r in rows)}
    head = "".join(f'<th class="num">{esc(label)}</th>' if key in numeric else f"<th>{esc(label)}</th>"
                   for key, label in columns)
    body = []
    for row in rows[:cap]:
        cells = []
        for key, _ in columns:
            text = str(row.get(key) or "") if key in markup else _fmt(row.get(key))
            cells.append(f'<td class="num">{text}</td>' if key in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = (f'<p class="more">… and {len(rows) - cap} more{esc(more)}.</p>' if len(rows) > cap else "")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{note}'


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.2f}"
    return esc(value)


def _pct(value) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0%}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _figure(ctx, fig) -> str:
    import plotly.io as pio

    ctx.figures += 1  # numbered, not random, ids: the same data renders the same page
    div = pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=f"figure-{ctx.figures}",
                      config={"displaylogo": False, "responsive": True,
                              "modeBarButtonsToRemove": ["select2d", "lasso2d"]})
    return f'<div class="figure">{div}</div>'


def _question(number: int, text: str, body: str) -> str:
    return (f'<section class="question"><h3><span class="qnum">Guiding question {number}</span>'
            f"{esc(text)}</h3>{body}</section>")


QUESTIONS = ("Who are the leaders of professional learning at each level?",
             "What systems are in place that support professional learning?",
             "What systems need to be created?",
             "What resources support leadership — who carries the load?",
             "How do leaders currently advocate for professional learning?")


def _response_box(rate, staff, responded, *, scope="the district") -> str:
    kind, label, sentence = response_reading(rate)
    return (f'<div class="response {kind}"><div class="rate">{rate_text(rate) if staff else "–"}</div><div>'
            f"<strong>Response rate in {esc(scope)}: {responded} of {staff} staff — "
            f'<span class="badge {kind}">{esc(label)}</span></strong><br>{esc(sentence)}</div></div>')


def _cards(items) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><div class="n">{esc(n)}</div><div class="l">{esc(label)}</div></div>'
        for n, label in items) + "</div>"


def _leader_rows(people: pd.DataFrame) -> list[dict]:
    leaders = people[people["leader_status"].isin(["formal", "informal"])].copy()
    leaders["why"] = [_why_leader(p) for p in leaders.to_dict("records")]
    # informal leaders first: they are what a roster cannot show
    leaders = leaders.sort_values(["leader_status", "_level", "in_degree", "name"],
                                  ascending=[False, False, False, True])
    return leaders.to_dict("records")


def _why_leader(p: dict) -> str:
    if p.get("leader_reason"):
        return p["leader_reason"]
    if p["leader_status"] == "formal":
        return f"formal role ({p['role']})" if p.get("role") else "formal role"
    return f"no formal role; sought out by {p['in_degree']} colleagues, among the most sought in the school"


_ISOLATION_WHY = {"isolated": "answered, but named no one and no one named them",
                  "not_sought": "answered and named colleagues, but no one named them"}


# --- the cover and the district --------------------------------------------------------------------------


def _cover(ctx: _Context, title: str) -> str:
    p = ctx.people
    inputs = ctx.summary.get("inputs") or {}
    files = ", ".join(str(f) for f in inputs.get("files") or [])
    when = _dt.date.today().isoformat()
    toc = ['<li><a href="#district">The district</a></li>']
    toc += [f'<li><a href="#school-{i}">{esc(s)}</a></li>' for i, s in enumerate(ctx.schools)]
    toc.append('<li><a href="#appendix">How to read this report</a></li>')
    privacy = ""
    if ctx.pseudonymized:
        privacy = (f'<div class="callout note"><strong>Pseudonymized copy.</strong> '
                   f'{esc((ctx.summary.get("privacy") or {}).get("note", ""))}</div>')
    return f"""<header class="cover">
<p class="kicker">Organizational network analysis · Learning Forward leadership standard</p>
<h1>{esc(title)}</h1>
<p class="meta">{_plural(len(p), "staff member")} · {_plural(len(ctx.schools), "school")} ·
{_plural(len(ctx.edges), "tie")} · generated {esc(when)}{(" · from " + esc(files)) if files else ""}</p>
<div class="callout use"><strong>Statement of use.</strong> {esc(STATEMENT_OF_USE)}</div>
{privacy}
<nav class="toc"><h2>Contents</h2><ol>{"".join(toc)}</ol></nav>
</header>"""


def _district(ctx: _Context) -> str:
    p, e = ctx.people, ctx.edges
    staff, responded = len(p), int(p["responded"].sum())
    rate = responded / staff if staff else float("nan")
    schools = pd.DataFrame([_school_row(ctx, s) for s in ctx.schools])
    teams = _teams(ctx, p)
    parts = [f'<section class="scope" id="district"><h2>The district</h2>',
             _response_box(rate, staff, responded),
             _cards([(f"{staff}", "staff"), (rate_text(rate) if staff else "–", "answered the survey"),
                     (int((p["leader_status"] == "formal").sum()), "formal leaders"),
                     (int((p["leader_status"] == "informal").sum()), "informal leaders"),
                     (int((p["isolation_status"] == "isolated").sum()), "isolated"),
                     (int((p["isolation_status"] == "not_sought").sum()), "answered, not sought")]),
             '<div class="summary"><h3>In brief</h3>' + _district_brief(ctx, schools, teams, rate) + "</div>"]
    if len(schools) > 1:
        parts.append(_figure(ctx, charts.response_rates(schools)))
    parts.append(_question(1, QUESTIONS[0], _district_leaders(ctx, schools)))
    parts.append(_question(2, QUESTIONS[1], _district_systems(ctx, teams)))
    parts.append(_question(3, QUESTIONS[2], _district_gaps(ctx, schools, teams)))
    parts.append(_question(4, QUESTIONS[3], _district_load(ctx, schools)))
    parts.append(_question(5, QUESTIONS[4], _advocacy(ctx, p, district=True)))
    parts.append("</section>")
    return "\n".join(parts)


def _district_brief(ctx, schools, teams, rate) -> str:
    p, e = ctx.people, ctx.edges
    kind, _, reading = response_reading(rate)
    sentences = [reading] if kind != "dependable" else []   # the box above says it already
    if len(e):
        to_nonformal = (~ctx.by_id.loc[e["v"], "formal_leader"].to_numpy()).mean()
        spread = ("widely shared" if to_nonformal >= .6 else "held mostly by people in formal roles"
                  if to_nonformal < .4 else "shared between formal roles and colleagues without one")
        sentences.append(f"Leadership of professional learning is {spread}: {to_nonformal:.0%} of the "
                         "times staff named someone they go to, they named a colleague with no formal "
                         "leadership role.")
    informal = p[p["leader_status"] == "informal"]
    if len(informal):
        by_level = ", ".join(f"{n} at the {lv} level" for lv, n in informal["level"].value_counts().items())
        sentences.append(f"{_plural(len(informal), 'informal leader')} — sought out by many colleagues "
                         f"without holding a formal role — stand out ({by_level}).")
    isolated = int((p["isolation_status"] == "isolated").sum())
    not_sought = int((p["isolation_status"] == "not_sought").sum())
    unknown = int((p["isolation_status"] == "unknown").sum())
    if isolated or not_sought:
        sentences.append(f"{_plural(isolated, 'person', 'people')} answered but named no one and were named "
                         f"by no one; {not_sought} more answered but were not named by anyone. These are the "
                         "places to start building support; each school's section suggests colleagues to "
                         "connect them with.")
    if unknown:
        sentences.append(f"{_plural(unknown, 'person', 'people')} did not answer and "
                         f"{'was' if unknown == 1 else 'were'} not named: that is missing data, not "
                         "isolation.")
    if len(schools):
        cut_off = schools[schools["ties_district"] == 0]["school"].tolist()
        sentences.append("Every school has at least one tie with district staff." if not cut_off else
                         f"{_plural(len(cut_off), 'school')} ({', '.join(cut_off)}) "
                         f"{'has' if len(cut_off) == 1 else 'have'} no tie with district staff at all.")
    closed = teams[teams["no_tie_out"]]
    if len(teams):
        sentences.append(f"{len(teams) - len(closed)} of {len(teams)} teams have ties beyond the team"
                         + (f"; {len(closed)} have none." if len(closed) else "."))
    spof = int(p["single_point_of_failure"].sum())
    if spof:
        sentences.append(f"{_plural(spof, 'person is a single point', 'people are single points')} of "
                         "failure: part of the network reaches the rest only through them.")
    return "<ul>" + "".join(f"<li>{esc(s)}</li>" for s in sentences) + "</ul>"


def _district_leaders(ctx, schools) -> str:
    p, e = ctx.people, ctx.edges
    rows = []
    for level in LEVELS:
        at = p[p["level"] == level]
        received = e[e["v_level"] == level]
        rows.append({"level": level.title(), "staff": len(at),
                     "formal": int((at["leader_status"] == "formal").sum()),
                     "informal": int((at["leader_status"] == "informal").sum()),
                     "share": _pct(len(received) / len(e)) if len(e) else "–"})
    kinds = (("formal", "formal"), ("informal", "informal"), ("other", "none"))
    received = e.groupby(["v_level", "v_leader_status"]).size()
    by_level = pd.DataFrame([{"level": lv, **{k: int(received.get((lv, s), 0)) for k, s in kinds}}
                             for lv in LEVELS])
    district_leaders = [r for r in _leader_rows(p) if r["level"] == "district"]
    informal = p[p["leader_status"] == "informal"].sort_values(["in_degree", "name"], ascending=[False, True])
    return (
        "<p>Leaders are the formal role holders and the colleagues others seek out most. An <em>informal "
        "leader</em> holds no formal role but is named by at least 3 colleagues and is among the top 10% "
        "of their school by how often they are named.</p>"
        + _table(rows, [("level", "Level"), ("staff", "Staff"), ("formal", "Formal leaders"),
                        ("informal", "Informal leaders"), ("share", "Share of nominations received")])
        + _figure(ctx, charts.nominations_by_level(by_level))
        + "<h4>Informal leaders across the district</h4>"
        + _table([{**r, "why": _why_leader(r)} for r in informal.to_dict("records")],
                 [("name", "Name"), ("school", "School"), ("role", "Role"), ("in_degree", "Named by"),
                  ("why", "Why flagged")], empty="No informal leaders were found.", more=" (see each school)")
        + "<h4>Leaders at the district level</h4>"
        + _table(district_leaders, [("name", "Name"), ("role", "Role"), ("leader_status", "Leader"),
                                    ("in_degree", "Named by"), ("why", "Why flagged")],
                 empty="No district-level leaders are in the roster.")
    )


def _district_systems(ctx, teams) -> str:
    e = ctx.edges
    matrix = (ctx.summary.get("levels") or {}).get("matrix") or _level_matrix(ctx, e)
    cross = e[e["u_level"] != e["v_level"]]
    team_text = ""
    if len(teams):
        team_text = (f"<p>Teams are where professional learning happens. {_plural(len(teams), 'team')} "
                     f"(grade, department or PLC): on average a member keeps "
                     f"{_pct(teams['kept_in_team'].mean())} of their ties inside their team, and the median "
                     f"team density is {teams['density'].median():.2f} (1 = everyone names everyone).</p>")
    return (team_text
            + f"<p>{len(cross)} of {len(e)} ties ({_pct(len(cross) / len(e) if len(e) else float('nan'))}) "
              "cross levels — classroom, school and district staff learning from one another.</p>"
            + _figure(ctx, charts.level_flows(matrix)))


def _district_gaps(ctx, schools, teams) -> str:
    p = ctx.people
    closed = teams[teams["no_tie_out"]]
    spof = p[p["single_point_of_failure"]].sort_values(["school", "name"])
    return (
        "<h4>Staff to reach, by school</h4>"
        + _table(schools.to_dict("records") if len(schools) else [],
                 [("school", "School"), ("staff", "Staff"), ("isolated", "Isolated"),
                  ("not_sought", "Answered, not sought"), ("unknown", "No data"),
                  ("ties_district", "Ties with district staff"), ("spof", "Single points of failure")],
                 cap=200)
        + "<h4>Schools with no tie to the district</h4>"
        + _table(schools[schools["ties_district"] == 0].to_dict("records") if len(schools) else [],
                 [("school", "School"), ("staff", "Staff")],
                 empty="None: every school has a tie with district staff.")
        + "<h4>Teams with no tie beyond the team</h4>"
        + _table(closed.to_dict("records"), [("school", "School"), ("team", "Team"), ("members", "Members"),
                                              ("ties_inside", "Ties inside")],
                 empty="None: every team reaches beyond itself.")
        + "<h4>Single points of failure</h4><p>People through whom part of the network is the only way "
          "to reach the rest: if they left, those colleagues would be cut off.</p>"
        + _table(spof.to_dict("records"), [("name", "Name"), ("school", "School"), ("role", "Role"),
                                           ("spof_reason", "Why")], empty="None found.")
    )


def _district_load(ctx, schools) -> str:
    p = ctx.people
    top = p.sort_values(["in_degree", "name"], ascending=[False, True]).head(10)
    total = p["in_degree"].sum()
    k = max(1, math.ceil(len(p) * .1))
    share = p["in_degree"].nlargest(k).sum() / total if total else float("nan")
    text = (f"<p>The survey did not ask about resources, so the network answers the part it can: who carries "
            f"the load. The most sought-out 10% of staff receive {_pct(share)} of all nominations. "
            "A school whose nominations all go to a few people depends on them; one where non-formal staff "
            "are sought out shares leadership more widely.</p>")
    chart = _figure(ctx, charts.school_distribution(schools)) if len(schools) else ""
    return text + chart + "<h4>Most sought out in the district</h4>" + _table(
        top.to_dict("records"), [("name", "Name"), ("school", "School"), ("role", "Role"),
                                 ("leader_status", "Leader"), ("in_degree", "Named by")])


def _advocacy(ctx, people, *, district: bool) -> str:
    e = ctx.edges
    leaders = people[people["leader_status"].isin(["formal", "informal"])]
    out = e[e["u"].isin(leaders["staff_id"])]
    upward = out[out["v_level"].map(lambda lv: LEVELS.index(lv) if lv in LEVELS else 0)
                 > out["u_level"].map(lambda lv: LEVELS.index(lv) if lv in LEVELS else 0)]
    across = out[(out["u_school"] != out["v_school"])]
    rows = []
    for person in leaders.to_dict("records"):
        up = int((upward["u"] == person["staff_id"]).sum())
        ac = int((across["u"] == person["staff_id"]).sum())
        if up or ac:
            rows.append({**person, "up": up, "across": ac})
    rows.sort(key=lambda r: (-(r["up"] + r["across"]), r["name"]))
    brokers = people[people["broker"]].sort_values(["betweenness", "name"], ascending=[False, True])
    n_leaders = len(leaders)
    reach = len({r["staff_id"] for r in rows})
    return (
        f"<p>Advocacy shows in the ties leaders keep beyond their own place: {reach} of "
        f"{_plural(n_leaders, 'leader')} {'here ' if not district else ''}name someone at a higher level or "
        f"in another school ({len(upward)} ties upward, {len(across)} across schools).</p>"
        + _table(rows, [("name", "Name")] + ([("school", "School")] if district else [])
                 + [("role", "Role"), ("leader_status", "Leader"), ("up", "Ties upward"),
                    ("across", "Ties to other schools")],
                 empty="No leader names anyone at a higher level or in another school.", cap=15)
        + "<h4>Brokers</h4><p>Brokers link groups that would otherwise not reach each other — the people "
          "through whom ideas travel between teams, schools and levels. Most central first.</p>"
        + _table(brokers.to_dict("records"), [("name", "Name")] + ([("school", "School")] if district else [])
                 + [("role", "Role"), ("broker_reason", "Why")], empty="No brokers were flagged.",
                 cap=12 if district else 10)
    )


# --- one school --------------------------------------------------------------------------------------------


def _school(ctx: _Context, school: str, index: int) -> str:
    p = ctx.people[ctx.people["school"] == school]
    row = _school_row(ctx, school)
    teams = _teams(ctx, p)
    inside = ctx.edges[(ctx.edges["u_school"] == school) & (ctx.edges["v_school"] == school)]
    suggestions = suggest_connections(p, list(zip(ctx.edges["u"], ctx.edges["v"])))
    parts = [f'<section class="scope school" id="school-{index}"><h2>{esc(school)}</h2>',
             _response_box(row["response_rate"], row["staff"], row["respondents"], scope=school),
             '<div class="summary"><h3>In brief</h3>' + _school_brief(row, p, teams) + "</div>",
             _figure(ctx, charts.school_network(p, list(zip(inside["u"], inside["v"])), seed=7,
                                           title=f"{school}: who goes to whom"))]
    leaders = _leader_rows(p)
    parts.append(_question(1, QUESTIONS[0], _table(
        leaders, [("name", "Name"), ("role", "Role"), ("level", "Level"), ("leader_status", "Leader"),
                  ("in_degree", "Named by"), ("why", "Why flagged")], empty="No leaders were identified.")))
    parts.append(_question(2, QUESTIONS[1], _school_systems(ctx, row, teams)))
    parts.append(_question(3, QUESTIONS[2], _school_gaps(p, teams, suggestions)))
    top = p.sort_values(["in_degree", "name"], ascending=[False, True]).head(5)
    parts.append(_question(4, QUESTIONS[3], (
        f"<p>Centralization {row['centralization']:.2f} (0 = nominations spread evenly, 1 = all to one "
        f"person); Gini {row['gini']:.2f}; {_pct(row['non_formal_share'])} of nominations go to people "
        "with no formal role.</p>" + _table(top.to_dict("records"), [
            ("name", "Name"), ("role", "Role"), ("leader_status", "Leader"), ("in_degree", "Named by")]))))
    parts.append(_question(5, QUESTIONS[4], _advocacy(ctx, p, district=False)))
    parts.append("</section>")
    return "\n".join(parts)


def _school_brief(row, p, teams) -> str:
    sentences = []
    informal = p[p["leader_status"] == "informal"]["name"].tolist()
    if informal:
        sentences.append(f"Colleagues most often turn to {_names(informal)} — "
                         f"{'an informal leader' if len(informal) == 1 else 'informal leaders'} with no "
                         "formal role.")
    else:
        sentences.append("No one without a formal role stands out as sought after; leadership here runs "
                         "mainly through formal roles.")
    sentences.append(f"{_pct(row['non_formal_share'])} of the nominations staff here received went to people "
                     "with no formal role.")
    reach = row["isolated"] + row["not_sought"]
    if reach:
        sentences.append(f"{_plural(reach, 'colleague')} answered but {'is' if reach == 1 else 'are'} not "
                         "named by anyone: see the suggested connections under question 3.")
    sentences.append("The school has no tie with district staff." if row["ties_district"] == 0 else
                     f"It has {_plural(row['ties_district'], 'tie')} with district staff and "
                     f"{row['ties_other_schools']} with other schools.")
    if len(teams):
        closed = int(teams["no_tie_out"].sum())
        if closed:
            sentences.append(f"{_plural(closed, 'team')} {'has' if closed == 1 else 'have'} no tie with "
                             "anyone outside the team.")
    return "<ul>" + "".join(f"<li>{esc(s)}</li>" for s in sentences) + "</ul>"


def _names(names: list[str], limit: int = 4) -> str:
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} others"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _school_systems(ctx, row, teams) -> str:
    kept = (f" On average a member keeps {_pct(teams['kept_in_team'].mean())} of their ties inside their "
            "team." if len(teams) else "")
    return (
        f"<p>Teams are where professional learning happens.{kept} Ties with district staff: "
        f"{row['ties_district']}; with other schools: {row['ties_other_schools']}.</p>"
        + _table(teams.to_dict("records"), [("team", "Team"), ("members", "Members"),
                                             ("ties_inside", "Ties inside"), ("ties_out", "Ties out"),
                                             ("density", "Density"), ("kept_in_team", "Share kept in team")],
                 empty="No teams are recorded in the roster for this school.", cap=40)
    )


def _school_gaps(p, teams, suggestions) -> str:
    reach = p[p["isolation_status"].isin(["isolated", "not_sought"])]
    reach = reach.sort_values(["isolation_status", "name"])
    reach = reach.assign(why=reach["isolation_status"].map(_ISOLATION_WHY))
    unknown = int((p["isolation_status"] == "unknown").sum())
    closed = teams[teams["no_tie_out"]]
    spof = p[p["single_point_of_failure"]]
    grouped = []
    for staff_id, rows in suggestions.groupby("staff_id", sort=False):
        first = rows.iloc[0]
        grouped.append({"name": first["name"], "status": first["status"].replace("_", " "),
                        "suggested": '<ul class="suggest">' + "".join(
                            f"<li><strong>{esc(r.suggested_name)}</strong> <span class='muted'>· "
                            f"{esc(r.suggested_role)} · {esc(r.shared)} · named by {esc(r.sought_by)}"
                            "</span></li>"
                            for r in rows.itertuples()) + "</ul>"})
    return (
        _table(reach.to_dict("records"),
               [("name", "Name"), ("role", "Role"), ("team", "Team"), ("why", "Why")],
               empty="Everyone who answered is named by at least one colleague.", cap=60)
        + (f"<p class='muted'>{_plural(unknown, 'person', 'people')} did not answer and "
           f"{'was' if unknown == 1 else 'were'} not named: missing data, not isolation.</p>"
           if unknown else "")
        + "<h4>Suggested connections</h4><p>Colleagues in the same team or subject who are already sought "
          "out and still have capacity (not among the most-named) — a natural first link.</p>"
        + _table(grouped, [("name", "Name"), ("status", "Status"), ("suggested", "Could connect with")],
                 empty="No suggestions: no one here needs one, or no colleague fits.", cap=60,
                 markup=("suggested",))
        + ("<h4>Teams with no tie beyond the team</h4>"
           + _table(closed.to_dict("records"), [("team", "Team"), ("members", "Members")])
           if len(closed) else "")
        + ("<h4>Single points of failure</h4>" + _table(spof.to_dict("records"), [
            ("name", "Name"), ("role", "Role"), ("spof_reason", "Why")]) if len(spof) else "")
    )


# --- appendix ----------------------------------------------------------------------------------------------


def _appendix(ctx: _Context, issues: pd.DataFrame | None) -> str:
    definitions = [
        ("Nominations, ties", "A tie runs from a person to each colleague they named for advice, learning or "
         "leadership. “Named by” counts the distinct colleagues who named a person."),
        ("Formal leader", "Holds a formal role (principal, coach, department head, district staff …)."),
        ("Informal leader", "No formal role, named by at least 3 colleagues, and fewer than 10% of the "
         "school's staff are named more often."),
        ("Isolated", "Answered the survey, named no one and was named by no one."),
        ("Answered, not sought", "Answered the survey, but no colleague named them."),
        ("No data", "Did not answer and was not named: missing data, not isolation."),
        ("Broker", "Links groups (within a school, or across schools and levels) that would otherwise not "
         "reach each other: high betweenness within the school, or often in a Gould–Fernandez brokerage "
         "role — coordinator (links two colleagues of their own group), gatekeeper (brings advice from "
         "outside into their group), representative (carries their group's requests outside), itinerant "
         "(links two colleagues of another group), liaison (links two groups neither of which is their "
         "own)."),
        ("Single point of failure", "The only link between some colleagues and the rest of their school or "
         "team: if they left, those colleagues would be cut off."),
        ("Centralization", "Freeman in-degree centralization: 0 when nominations are spread evenly, 1 when "
         "they all go to one person."),
        ("Gini", "Inequality of nominations received: 0 when everyone is named equally often."),
        ("Response rate", "80% or more: dependable. 65–79%: indicative only. Below 65%: not dependable."),
    ]
    parameters = ctx.summary.get("parameters") or {}
    counts = (issues.groupby(["code", "severity"]).size().reset_index(name="count").to_dict("records")
              if issues is not None and len(issues) else [])
    return (
        '<section class="scope" id="appendix"><h2>How to read this report</h2><dl class="defs">'
        + "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in definitions) + "</dl>"
        + ("<h3>Parameters</h3>" + _table([{"name": k, "value": str(v)} for k, v in parameters.items()],
                                          [("name", "Parameter"), ("value", "Value")], cap=60)
           if parameters else "")
        + "<h3>Data issues found and handled</h3><p>Every answer that could not be matched to a roster "
          "person is listed in issues.csv with its file, row and column.</p>"
        + _table(counts, [("code", "Issue"), ("severity", "Severity"), ("count", "Count")],
                 empty="No issues were found.", cap=60)
        + f'<p class="muted">{esc(STATEMENT_OF_USE)}</p></section>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<script>{plotlyjs}</script>
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
