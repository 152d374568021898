"""The files of ``plnetwork analyze --out DIR`` (the command-line contract) and the closing summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .export import write_csv, write_graphml, write_json, write_text
from .issues import ISSUE_COLUMNS

__all__ = ["PEOPLE_COLUMNS", "TIE_COLUMNS", "ties_table", "people_table", "write_analysis", "print_summary"]

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


def write_analysis(data, analysis, out_dir) -> dict[str, Path]:
    """Write every output file of one analysed wave into ``out_dir``; returns them by name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = dict(analysis.summary)
    summary["inputs"] = {"files": data.files, "platform": data.platform, "staff": len(data.roster),
                         "respondents": len(data.respondents), "nominations": len(data.nominations)}
    summary["issues"] = data.issues.counts()
    written = {
        "people": write_csv(people_table(analysis.people), out / "people.csv"),
        "ties": write_csv(ties_table(data.nominations), out / "ties.csv"),
        "issues": write_csv(pd.DataFrame(data.issues.records(), columns=ISSUE_COLUMNS), out / "issues.csv"),
        "summary": write_json(summary, out / "summary.json"),
        "graph": write_graphml(analysis.graph, out / "network.graphml"),
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
        written["report"] = write_report(data, analysis, out / "report.html")
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
