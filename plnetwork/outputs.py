"""The files of ``plnetwork analyze --out DIR`` (the command-line contract) and the closing summary."""

from __future__ import annotations

from operator import attrgetter, itemgetter
from pathlib import Path

import pandas as pd

from .export import write_csv, write_graphml, write_json, write_text
from .issues import ISSUE_COLUMNS, IssueReport

__all__ = ["PEOPLE_COLUMNS", "TIE_COLUMNS", "ties_table", "people_table", "issue_table", "analysis_tables",
           "write_analysis", "print_summary"]

#: The columns ``people.csv`` always starts with; every other measure follows them.
PEOPLE_COLUMNS = ["staff_id", "name", "school", "role", "level", "formal_leader", "responded", "in_degree",
                  "out_degree", "pagerank", "betweenness", "leader_status", "isolation_status"]

TIE_COLUMNS = ["source_id", "target_id", "relation", "weight", "source", "match"]


def ties_table(nominations: pd.DataFrame) -> pd.DataFrame:
    """``ties.csv``: one row per nomination, with where it was read from."""
    ties = nominations.rename(columns={"respondent_id": "source_id", "nominee_id": "target_id"})
    return ties[TIE_COLUMNS + [c for c in ties.columns if c not in TIE_COLUMNS]]


def people_table(people: pd.DataFrame) -> pd.DataFrame:
    return people[PEOPLE_COLUMNS + [c for c in people.columns if c not in PEOPLE_COLUMNS]]


def issue_table(issues: IssueReport) -> pd.DataFrame:
    """``issues.csv``: ``issues.to_frame()``, read straight from the issues' fields (``records()`` makes a
    dict of every issue once per column: four seconds for the 100,000 issues of a 50,000-staff district).

    >>> report = IssueReport(cap=1)
    >>> for row in (2, 3):
    ...     _ = report.add("unmatched_name", "warning", "no roster match", file="a.csv", row=row)
    >>> issue_table(report).equals(report.to_frame())
    True
    """
    rows = list(map(attrgetter(*ISSUE_COLUMNS), issues))
    # the last row, saying how many issues the cap left out, as the report itself writes it
    rows += map(itemgetter(*ISSUE_COLUMNS), IssueReport(cap=issues.cap, dropped=issues.dropped).records())
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)


def analysis_tables(data, analysis) -> dict:
    """The tables of an analysed wave, as :func:`plnetwork.export.read_outputs` returns them (``people``,
    ``ties``, ``issues``, ``summary``, ``graph``): build them once and pass them to :func:`write_analysis`
    and to any other writer (``--export``, ``--anonymize``)."""
    summary = dict(analysis.summary)
    summary["inputs"] = {"files": data.files, "platform": data.platform, "staff": len(data.roster),
                         "respondents": len(data.respondents), "nominations": len(data.nominations)}
    summary["issues"] = data.issues.counts()
    return {"people": people_table(analysis.people), "ties": ties_table(data.nominations),
            "issues": issue_table(data.issues), "summary": summary, "graph": analysis.graph}


def write_analysis(data, analysis, out_dir, *, tables: dict | None = None) -> dict[str, Path]:
    """Write every output file of one analysed wave into ``out_dir``; returns them by name.

    ``tables`` are the wave's :func:`analysis_tables` when the caller has them already.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = tables if tables is not None else analysis_tables(data, analysis)
    written = {
        "people": write_csv(tables["people"], out / "people.csv"),
        "ties": write_csv(tables["ties"], out / "ties.csv"),
        "issues": write_csv(tables["issues"], out / "issues.csv"),
        "summary": write_json(tables["summary"], out / "summary.json"),
        "graph": write_graphml(tables["graph"], out / "network.graphml"),
    }
    if data.raw is not None and data.raw.mapping:
        from .formats.mapping import dump_mapping

        written["mapping"] = write_text(dump_mapping(data.raw.mapping), out / "mapping.yaml")
    try:
        from .report import write_report
    except ModuleNotFoundError as exc:
        if exc.name != "plnetwork.report":
            raise
    else:
        written["report"] = write_report(data, analysis, out / "report.html", issues=tables["issues"])
    return written


def print_summary(data, analysis, written: dict, *, echo=print) -> None:
    """A few lines for the terminal: staff, response, leaders by level, isolates, issues by kind."""
    people = analysis.people
    staff, answered = len(people), int(people["responded"].sum())
    echo(f"Analysed {staff} staff, {answered} respondents ({answered / max(staff, 1):.0%} response), "
         f"{len(data.nominations)} nominations from {', '.join(data.files)} ({data.platform}).")
    leaders = people[people["leader_status"] != "none"].groupby(["level", "leader_status"]).size()
    for level in ("classroom", "school", "district"):
        formal, informal = leaders.get((level, "formal"), 0), leaders.get((level, "informal"), 0)
        echo(f"  {level:<9} formal leaders {formal:>4}   informal leaders {informal:>4}")
    status = people["isolation_status"].value_counts()
    echo(f"  isolated {status.get('isolated', 0)}, not sought {status.get('not_sought', 0)}, "
         f"unknown (did not respond, not named) {status.get('unknown', 0)}")
    counts = data.issues.counts()
    if counts:
        echo("  issues: " + ", ".join(f"{code} {n}" for code, n in counts.items()))
    echo(f"Wrote {len(written)} files to {Path(next(iter(written.values()))).parent}/")
