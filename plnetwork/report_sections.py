"""The report's sections: the cover, the district, each school, and how to read it.

For the district and for every school, the five guiding questions of the Learning Forward leadership
standard are answered with the data; each school's section opens with its network drawn (see
:data:`NETWORK_MAX_STAFF`).
"""

from __future__ import annotations

import datetime as _dt
import math

import pandas as pd

from . import report_charts as charts
from .model import LEVELS
from .report_data import ReportContext, level_matrix
from .report_html import esc, pct, plural, rate_text, records, response_reading, table
from .report_suggestions import suggest_connections

__all__ = ["STATEMENT_OF_USE", "QUESTIONS", "NETWORK_MAX_STAFF", "SchoolTables", "cover_section",
           "district_section", "school_section", "appendix_section"]

STATEMENT_OF_USE = (
    "This report is for designing support and professional learning, not for evaluating individual staff. "
    "A network map shows whom colleagues said they turn to on one survey; it does not measure anyone's "
    "worth or performance. Keep it confidential and use it to plan who could connect with whom.")


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


def _leader_rows(people: pd.DataFrame) -> pd.DataFrame:
    leaders = people[people["leader_status"].isin(["formal", "informal"])]
    leaders = leaders.assign(why=_why_leader(leaders))
    # informal leaders first: they are what a roster cannot show
    return leaders.sort_values(["leader_status", "_level", "in_degree", "name"],
                               ascending=[False, False, False, True])


def _why_leader(people: pd.DataFrame) -> pd.Series:
    """Why each leader was flagged: the analysis's reason, else their formal role, else how sought out."""
    formal = people["role"].map(lambda role: f"formal role ({role})" if role else "formal role")
    informal = people["in_degree"].map(lambda n: f"no formal role; sought out by {n} colleagues, among the "
                                                 "most sought in the school")
    why = formal.where(people["leader_status"] == "formal", informal)
    return people["leader_reason"].where(people["leader_reason"].astype(bool), why)


_ISOLATION_WHY = {"isolated": "answered, but named no one and no one named them",
                  "not_sought": "answered and named colleagues, but no one named them"}


# --- the cover and the district --------------------------------------------------------------------------


def cover_section(ctx: ReportContext, title: str) -> str:
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
<p class="meta">{plural(len(p), "staff member")} · {plural(len(ctx.schools), "school")} ·
{plural(len(ctx.edges), "tie")} · generated {esc(when)}{(" · from " + esc(files)) if files else ""}</p>
<div class="callout use"><strong>Statement of use.</strong> {esc(STATEMENT_OF_USE)}</div>
{privacy}
<nav class="toc"><h2>Contents</h2><ol>{"".join(toc)}</ol></nav>
</header>"""


def district_section(ctx: ReportContext, tables: SchoolTables) -> str:
    """The district's section: the response rate, the figures, a summary, the five questions."""
    p, e = ctx.people, ctx.edges
    staff, responded = len(p), int(p["responded"].sum())
    rate = responded / staff if staff else float("nan")
    schools = pd.DataFrame([ctx.school_row(s) for s in ctx.schools])
    teams = ctx.teams
    parts = [f'<section class="scope" id="district"><h2>The district</h2>',
             _response_box(rate, staff, responded),
             _cards([(f"{staff}", "staff"), (rate_text(rate) if staff else "–", "answered the survey"),
                     (int((p["leader_status"] == "formal").sum()), "formal leaders"),
                     (int((p["leader_status"] == "informal").sum()), "informal leaders"),
                     (int((p["isolation_status"] == "isolated").sum()), "isolated"),
                     (int((p["isolation_status"] == "not_sought").sum()), "answered, not sought")]),
             '<div class="summary"><h3>In brief</h3>' + _district_brief(ctx, schools, teams, rate) + "</div>"]
    if len(schools) > 1:
        parts.append(ctx.figures.html(charts.response_rates(schools)))
    parts.append(_question(1, QUESTIONS[0], _district_leaders(ctx, schools)))
    parts.append(_question(2, QUESTIONS[1], _district_systems(ctx, teams)))
    parts.append(_question(3, QUESTIONS[2], _district_gaps(ctx, schools, teams)))
    parts.append(_question(4, QUESTIONS[3], _district_load(ctx, schools)))
    parts.append(_question(5, QUESTIONS[4], _district_advocacy(tables.advocacy)))
    parts.append("</section>")
    return "\n".join(parts)


def _district_brief(ctx, schools, teams, rate) -> str:
    p, e = ctx.people, ctx.edges
    kind, _, reading = response_reading(rate)
    sentences = [reading] if kind != "dependable" else []   # the box above says it already
    if len(e):
        to_nonformal = (~e["v_formal_leader"].to_numpy()).mean()
        spread = ("widely shared" if to_nonformal >= .6 else "held mostly by people in formal roles"
                  if to_nonformal < .4 else "shared between formal roles and colleagues without one")
        sentences.append(f"Leadership of professional learning is {spread}: {to_nonformal:.0%} of the "
                         "times staff named someone they go to, they named a colleague with no formal "
                         "leadership role.")
    informal = p[p["leader_status"] == "informal"]
    if len(informal):
        by_level = ", ".join(f"{n} at the {lv} level" for lv, n in informal["level"].value_counts().items())
        sentences.append(f"{plural(len(informal), 'informal leader')} — sought out by many colleagues "
                         f"without holding a formal role — stand out ({by_level}).")
    isolated = int((p["isolation_status"] == "isolated").sum())
    not_sought = int((p["isolation_status"] == "not_sought").sum())
    unknown = int((p["isolation_status"] == "unknown").sum())
    if isolated or not_sought:
        sentences.append(f"{plural(isolated, 'person', 'people')} answered but named no one and were named "
                         f"by no one; {not_sought} more answered but were not named by anyone. These are the "
                         "places to start building support; each school's section suggests colleagues to "
                         "connect them with.")
    if unknown:
        sentences.append(f"{plural(unknown, 'person', 'people')} did not answer and "
                         f"{'was' if unknown == 1 else 'were'} not named: that is missing data, not "
                         "isolation.")
    if len(schools):
        cut_off = schools[schools["ties_district"] == 0]["school"].tolist()
        sentences.append("Every school has at least one tie with district staff." if not cut_off else
                         f"{plural(len(cut_off), 'school')} ({', '.join(cut_off)}) "
                         f"{'has' if len(cut_off) == 1 else 'have'} no tie with district staff at all.")
    closed = teams[teams["no_tie_out"]]
    if len(teams):
        sentences.append(f"{len(teams) - len(closed)} of {len(teams)} teams have ties beyond the team"
                         + (f"; {len(closed)} have none." if len(closed) else "."))
    spof = int(p["single_point_of_failure"].sum())
    if spof:
        sentences.append(f"{plural(spof, 'person is a single point', 'people are single points')} of "
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
                     "share": pct(len(received) / len(e)) if len(e) else "–"})
    kinds = (("formal", "formal"), ("informal", "informal"), ("other", "none"))
    received = e.groupby(["v_level", "v_leader_status"]).size()
    by_level = pd.DataFrame([{"level": lv, **{k: int(received.get((lv, s), 0)) for k, s in kinds}}
                             for lv in LEVELS])
    district_leaders = _leader_rows(p[p["level"] == "district"])
    informal = p[p["leader_status"] == "informal"].sort_values(["in_degree", "name"], ascending=[False, True])
    return (
        "<p>Leaders are the formal role holders and the colleagues others seek out most. An <em>informal "
        "leader</em> holds no formal role but is named by at least 3 colleagues and is among the top 10% "
        "of their school by how often they are named.</p>"
        + table(rows, [("level", "Level"), ("staff", "Staff"), ("formal", "Formal leaders"),
                        ("informal", "Informal leaders"), ("share", "Share of nominations received")])
        + ctx.figures.html(charts.nominations_by_level(by_level))
        + "<h4>Informal leaders across the district</h4>"
        + table(informal.assign(why=_why_leader(informal)),
                 [("name", "Name"), ("school", "School"), ("role", "Role"), ("in_degree", "Named by"),
                  ("why", "Why flagged")], empty="No informal leaders were found.", more=" (see each school)")
        + "<h4>Leaders at the district level</h4>"
        + table(district_leaders, [("name", "Name"), ("role", "Role"), ("leader_status", "Leader"),
                                    ("in_degree", "Named by"), ("why", "Why flagged")],
                 empty="No district-level leaders are in the roster.")
    )


def _district_systems(ctx, teams) -> str:
    e = ctx.edges
    matrix = (ctx.summary.get("levels") or {}).get("matrix") or level_matrix(e)
    cross = e[e["u_level"] != e["v_level"]]
    team_text = ""
    if len(teams):
        team_text = (f"<p>Teams are where professional learning happens. {plural(len(teams), 'team')} "
                     f"(grade, department or PLC): on average a member keeps "
                     f"{pct(teams['kept_in_team'].mean())} of their ties inside their team, and the median "
                     f"team density is {teams['density'].median():.2f} (1 = everyone names everyone).</p>")
    return (team_text
            + f"<p>{len(cross)} of {len(e)} ties ({pct(len(cross) / len(e) if len(e) else float('nan'))}) "
              "cross levels — classroom, school and district staff learning from one another.</p>"
            + ctx.figures.html(charts.level_flows(matrix)))


def _district_gaps(ctx, schools, teams) -> str:
    p = ctx.people
    closed = teams[teams["no_tie_out"]]
    spof = p[p["single_point_of_failure"]].sort_values(["school", "name"])
    return (
        "<h4>Staff to reach, by school</h4>"
        + table(schools.to_dict("records") if len(schools) else [],
                 [("school", "School"), ("staff", "Staff"), ("isolated", "Isolated"),
                  ("not_sought", "Answered, not sought"), ("unknown", "No data"),
                  ("ties_district", "Ties with district staff"), ("spof", "Single points of failure")],
                 cap=200)
        + "<h4>Schools with no tie to the district</h4>"
        + table(schools[schools["ties_district"] == 0].to_dict("records") if len(schools) else [],
                 [("school", "School"), ("staff", "Staff")],
                 empty="None: every school has a tie with district staff.")
        + "<h4>Teams with no tie beyond the team</h4>"
        + table(closed, [("school", "School"), ("team", "Team"), ("members", "Members"),
                                              ("ties_inside", "Ties inside")],
                 empty="None: every team reaches beyond itself.")
        + "<h4>Single points of failure</h4><p>People through whom part of the network is the only way "
          "to reach the rest: if they left, those colleagues would be cut off.</p>"
        + table(spof, [("name", "Name"), ("school", "School"), ("role", "Role"),
                                           ("spof_reason", "Why")], empty="None found.")
    )


def _district_load(ctx, schools) -> str:
    p = ctx.people
    top = p.sort_values(["in_degree", "name"], ascending=[False, True]).head(10)
    total = p["in_degree"].sum()
    k = max(1, math.ceil(len(p) * .1))
    share = p["in_degree"].nlargest(k).sum() / total if total else float("nan")
    text = (f"<p>The survey did not ask about resources, so the network answers the part it can: who carries "
            f"the load. The most sought-out 10% of staff receive {pct(share)} of all nominations. "
            "A school whose nominations all go to a few people depends on them; one where non-formal staff "
            "are sought out shares leadership more widely.</p>")
    chart = ctx.figures.html(charts.school_distribution(schools)) if len(schools) else ""
    return text + chart + "<h4>Most sought out in the district</h4>" + table(
        top.to_dict("records"), [("name", "Name"), ("school", "School"), ("role", "Role"),
                                 ("leader_status", "Leader"), ("in_degree", "Named by")])


class _Advocacy:
    """The ties leaders keep upward and across schools, and the brokers, of ``people`` (the district, or
    a school: counts per school come from the same district-wide tables)."""

    def __init__(self, people: pd.DataFrame, ties: pd.DataFrame):
        leaders = people[people["leader_status"].isin(["formal", "informal"])]
        out = ties[ties["u"].isin(leaders["staff_id"])]
        rank = {lv: i for i, lv in enumerate(LEVELS)}
        self.upward = out[out["v_level"].map(rank).fillna(0) > out["u_level"].map(rank).fillna(0)]
        self.across = out[(out["u_school"] != out["v_school"])]
        up, ac = self.upward["u"].value_counts(), self.across["u"].value_counts()
        rows = leaders.assign(up=leaders["staff_id"].map(up).fillna(0).astype(int),
                              across=leaders["staff_id"].map(ac).fillna(0).astype(int))
        rows = rows[(rows["up"] > 0) | (rows["across"] > 0)]
        self.rows = (rows.assign(_reach=rows["up"] + rows["across"])
                     .sort_values(["_reach", "name"], ascending=[False, True], kind="stable"))
        self.brokers = people[people["broker"]].sort_values(["betweenness", "name"], ascending=[False, True])
        self.leaders = leaders


def _advocacy(rows, brokers, *, leaders: int, upward: int, across: int, district: bool) -> str:
    return (
        f"<p>Advocacy shows in the ties leaders keep beyond their own place: {len(rows)} of "
        f"{plural(leaders, 'leader')} {'here ' if not district else ''}name someone at a higher level or "
        f"in another school ({upward} ties upward, {across} across schools).</p>"
        + table(rows, [("name", "Name")] + ([("school", "School")] if district else [])
                + [("role", "Role"), ("leader_status", "Leader"), ("up", "Ties upward"),
                   ("across", "Ties to other schools")],
                empty="No leader names anyone at a higher level or in another school.", cap=15)
        + "<h4>Brokers</h4><p>Brokers link groups that would otherwise not reach each other — the people "
          "through whom ideas travel between teams, schools and levels. Most central first.</p>"
        + table(brokers, [("name", "Name")] + ([("school", "School")] if district else [])
                + [("role", "Role"), ("broker_reason", "Why")], empty="No brokers were flagged.",
                cap=12 if district else 10)
    )


def _district_advocacy(found: _Advocacy) -> str:
    return _advocacy(found.rows, found.brokers, leaders=len(found.leaders), upward=len(found.upward),
                     across=len(found.across), district=True)


# --- one school --------------------------------------------------------------------------------------------


def _by_school(frame: pd.DataFrame, columns) -> dict[str, list[dict]]:
    """The rows of ``frame`` (only ``columns``) as dicts, by school, in the frame's order."""
    out: dict[str, list[dict]] = {}
    for row in records(frame, ["school", *columns]):
        out.setdefault(row["school"], []).append(row)
    return out


def _counts(series: pd.Series, schools: pd.Series) -> dict[str, int]:
    return {school: int(n) for school, n in series.groupby(schools.to_numpy(), sort=False).sum().items()}


class SchoolTables:
    """Every school section's lists (and the district's advocacy), computed for the whole district at once
    and split by school: a district of 250 schools would otherwise repeat each step 250 times. Sorting the
    district then splitting it keeps each school's order (the sorts are stable)."""

    def __init__(self, ctx: ReportContext):
        p = ctx.people
        self.leaders = _by_school(_leader_rows(p), ["name", "role", "level", "leader_status", "in_degree",
                                                    "why"])
        self.informal = _by_school(p[p["leader_status"] == "informal"], ["name"])
        reach = p[p["isolation_status"].isin(["isolated", "not_sought"])].sort_values(["isolation_status",
                                                                                       "name"])
        reach = reach.assign(why=reach["isolation_status"].map(_ISOLATION_WHY))
        self.reach = _by_school(reach, ["name", "role", "team", "why"])
        self.unknown = _counts(p["isolation_status"] == "unknown", p["school"])
        self.spof = _by_school(p[p["single_point_of_failure"]], ["name", "role", "spof_reason"])
        top = p.sort_values(["in_degree", "name"], ascending=[False, True])
        self.top = _by_school(top.groupby("school", sort=False).head(5),
                              ["name", "role", "leader_status", "in_degree"])
        self.advocacy = found = _Advocacy(p, ctx.edges)
        self.advocates = _by_school(found.rows, ["name", "role", "leader_status", "up", "across"])
        self.brokers = _by_school(found.brokers, ["name", "role", "broker_reason"])
        self.n_leaders = found.leaders.groupby("school", sort=False).size().to_dict()
        self.upward = found.upward.groupby("u_school", sort=False).size().to_dict()
        self.across = found.across.groupby("u_school", sort=False).size().to_dict()
        # only ties inside a school can rule a suggestion out; a suggestion never crosses schools
        inside = ctx.edges[ctx.edges["u_school"] == ctx.edges["v_school"]]
        suggestions = suggest_connections(p, zip(inside["u"].tolist(), inside["v"].tolist()))
        self.suggestions = _by_school(suggestions, list(suggestions.columns))


def school_section(ctx: ReportContext, school: str, index: int, tables: SchoolTables) -> str:
    """One school's section: the response rate, a summary, its network, the five questions."""
    p = ctx.members[school]
    row = ctx.school_row(school)
    teams = ctx.school_teams(school)
    inside = ctx.inside_ties(school)
    parts = [f'<section class="scope school" id="school-{index}"><h2>{esc(school)}</h2>',
             _response_box(row["response_rate"], row["staff"], row["respondents"], scope=school),
             '<div class="summary"><h3>In brief</h3>'
             + _school_brief(row, [r["name"] for r in tables.informal.get(school, [])], teams) + "</div>",
             _network(ctx, school, p, zip(inside["u"].tolist(), inside["v"].tolist()))]
    parts.append(_question(1, QUESTIONS[0], table(
        tables.leaders.get(school, []), [("name", "Name"), ("role", "Role"), ("level", "Level"),
                                         ("leader_status", "Leader"), ("in_degree", "Named by"),
                                         ("why", "Why flagged")], empty="No leaders were identified.")))
    parts.append(_question(2, QUESTIONS[1], _school_systems(ctx, row, teams)))
    parts.append(_question(3, QUESTIONS[2], _school_gaps(school, teams, tables)))
    parts.append(_question(4, QUESTIONS[3], (
        f"<p>Centralization {row['centralization']:.2f} (0 = nominations spread evenly, 1 = all to one "
        f"person); Gini {row['gini']:.2f}; {pct(row['non_formal_share'])} of nominations go to people "
        "with no formal role.</p>" + table(tables.top.get(school, []), [
            ("name", "Name"), ("role", "Role"), ("leader_status", "Leader"), ("in_degree", "Named by")]))))
    parts.append(_question(5, QUESTIONS[4], _advocacy(
        tables.advocates.get(school, []), tables.brokers.get(school, []),
        leaders=tables.n_leaders.get(school, 0), upward=tables.upward.get(school, 0),
        across=tables.across.get(school, 0), district=False)))
    parts.append("</section>")
    return "\n".join(parts)


#: A school's network is drawn when it has at most this many staff; a larger one would be a tangle.
NETWORK_MAX_STAFF = 500


def _network(ctx: ReportContext, school: str, people: pd.DataFrame, ties) -> str:
    if len(people) > NETWORK_MAX_STAFF:
        return (f'<p class="muted">{esc(school)} has {len(people)} staff, more than the {NETWORK_MAX_STAFF} '
                "a network drawing can show legibly, so its network is not drawn; the tables below list "
                "its leaders, brokers and the colleagues to reach.</p>")
    return ctx.figures.html(charts.school_network_spec(people, ties, seed=7,
                                                       title=f"{school}: who goes to whom"))


def _school_brief(row, informal: list[str], teams) -> str:
    sentences = []
    if informal:
        sentences.append(f"Colleagues most often turn to {_names(informal)} — "
                         f"{'an informal leader' if len(informal) == 1 else 'informal leaders'} with no "
                         "formal role.")
    else:
        sentences.append("No one without a formal role stands out as sought after; leadership here runs "
                         "mainly through formal roles.")
    sentences.append(f"{pct(row['non_formal_share'])} of the nominations staff here received went to people "
                     "with no formal role.")
    reach = row["isolated"] + row["not_sought"]
    if reach:
        sentences.append(f"{plural(reach, 'colleague')} answered but {'is' if reach == 1 else 'are'} not "
                         "named by anyone: see the suggested connections under question 3.")
    sentences.append("The school has no tie with district staff." if row["ties_district"] == 0 else
                     f"It has {plural(row['ties_district'], 'tie')} with district staff and "
                     f"{row['ties_other_schools']} with other schools.")
    if len(teams):
        closed = int(teams["no_tie_out"].sum())
        if closed:
            sentences.append(f"{plural(closed, 'team')} {'has' if closed == 1 else 'have'} no tie with "
                             "anyone outside the team.")
    return "<ul>" + "".join(f"<li>{esc(s)}</li>" for s in sentences) + "</ul>"


def _names(names: list[str], limit: int = 4) -> str:
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} others"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _school_systems(ctx, row, teams) -> str:
    kept = (f" On average a member keeps {pct(teams['kept_in_team'].mean())} of their ties inside their "
            "team." if len(teams) else "")
    return (
        f"<p>Teams are where professional learning happens.{kept} Ties with district staff: "
        f"{row['ties_district']}; with other schools: {row['ties_other_schools']}.</p>"
        + table(teams, [("team", "Team"), ("members", "Members"), ("ties_inside", "Ties inside"),
                        ("ties_out", "Ties out"), ("density", "Density"),
                        ("kept_in_team", "Share kept in team")],
                empty="No teams are recorded in the roster for this school.", cap=40)
    )


def _school_gaps(school: str, teams: pd.DataFrame, tables: SchoolTables) -> str:
    unknown = tables.unknown.get(school, 0)
    closed = teams[teams["no_tie_out"]]
    spof = tables.spof.get(school, [])
    by_person: dict[str, list[dict]] = {}
    for suggestion in tables.suggestions.get(school, []):
        by_person.setdefault(suggestion["staff_id"], []).append(suggestion)
    grouped = [{"name": rows[0]["name"], "status": rows[0]["status"].replace("_", " "),
                "suggested": '<ul class="suggest">' + "".join(
                    f"<li><strong>{esc(r['suggested_name'])}</strong> <span class='muted'>· "
                    f"{esc(r['suggested_role'])} · {esc(r['shared'])} · named by {esc(r['sought_by'])}"
                    "</span></li>" for r in rows) + "</ul>"}
               for rows in by_person.values()]
    return (
        table(tables.reach.get(school, []), [("name", "Name"), ("role", "Role"), ("team", "Team"),
                                             ("why", "Why")],
              empty="Everyone who answered is named by at least one colleague.", cap=60)
        + (f"<p class='muted'>{plural(unknown, 'person', 'people')} did not answer and "
           f"{'was' if unknown == 1 else 'were'} not named: missing data, not isolation.</p>"
           if unknown else "")
        + "<h4>Suggested connections</h4><p>Colleagues in the same team or subject who are already sought "
          "out and still have capacity (not among the most-named) — a natural first link.</p>"
        + table(grouped, [("name", "Name"), ("status", "Status"), ("suggested", "Could connect with")],
                empty="No suggestions: no one here needs one, or no colleague fits.", cap=60,
                markup=("suggested",))
        + ("<h4>Teams with no tie beyond the team</h4>"
           + table(closed, [("team", "Team"), ("members", "Members")])
           if len(closed) else "")
        + ("<h4>Single points of failure</h4>" + table(spof, [
            ("name", "Name"), ("role", "Role"), ("spof_reason", "Why")]) if len(spof) else "")
    )


# --- appendix ----------------------------------------------------------------------------------------------


def appendix_section(ctx: ReportContext, issues: pd.DataFrame | None) -> str:
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
        ("School networks", f"Each school's network is drawn when the school has at most {NETWORK_MAX_STAFF} "
         "staff; a larger school is described by its tables alone. In a report with many schools, each "
         "drawing appears as you scroll to it. Long lists show their first rows and say how many more "
         "there are."),
    ]
    parameters = ctx.summary.get("parameters") or {}
    counts = (issues.groupby(["code", "severity"]).size().reset_index(name="count").to_dict("records")
              if issues is not None and len(issues) else [])
    return (
        '<section class="scope" id="appendix"><h2>How to read this report</h2><dl class="defs">'
        + "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in definitions) + "</dl>"
        + ("<h3>Parameters</h3>" + table([{"name": k, "value": str(v)} for k, v in parameters.items()],
                                          [("name", "Parameter"), ("value", "Value")], cap=60)
           if parameters else "")
        + "<h3>Data issues found and handled</h3><p>Every answer that could not be matched to a roster "
          "person is listed in issues.csv with its file, row and column.</p>"
        + table(counts, [("code", "Issue"), ("severity", "Severity"), ("count", "Count")],
                 empty="No issues were found.", cap=60)
        + f'<p class="muted">{esc(STATEMENT_OF_USE)}</p></section>'
    )
