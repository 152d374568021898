"""The command line end to end, on a demo district with two waves."""

import csv
import html
import json
import zipfile

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from plnetwork.cli import EXPORT_FORMATS, cli
from plnetwork.export import EXPORT_FORMATS as WRITERS

ATTACK = "=cmd|' /C calc'!A0"
COMMANDS = ["analyze", "demo", "compare", "report", "validate", "anonymize"]


def run(*args, ok=True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """A demo district whose first teacher is named like a spreadsheet formula, analysed twice."""
    root = tmp_path_factory.mktemp("district")
    demo = root / "demo"
    run("demo", "--out", demo, "--staff", 150, "--schools", 3, "--seed", 5)
    roster = pd.read_csv(demo / "roster.csv", dtype=str, keep_default_na=False)
    target = roster.index[roster["role"] == "Teacher"][0]
    old, staff_id = roster.at[target, "name"], roster.at[target, "staff_id"]
    for name in ("roster.csv", "wave2_roster.csv", "wave1_wide.csv", "wave2_wide.csv"):
        frame = pd.read_csv(demo / name, dtype=str, keep_default_na=False)
        frame = frame.map(lambda cell: ATTACK if cell == old else cell)
        frame.to_csv(demo / name, index=False)
    exports = [arg for fmt in EXPORT_FORMATS for arg in ("--export", fmt)]
    waves = {}
    for k, roster_file in ((1, "roster.csv"), (2, "wave2_roster.csv")):
        waves[k] = root / f"wave{k}"
        run("analyze", demo / f"wave{k}_wide.csv", "--roster", demo / roster_file, "--out", waves[k],
            *exports)
    return {"root": root, "demo": demo, "waves": waves, "staff_id": staff_id,
            "rosters": [pd.read_csv(demo / n, dtype=str, keep_default_na=False)
                        for n in ("roster.csv", "wave2_roster.csv")]}


def test_every_file_exists_and_parses(district):
    out = district["waves"][1]
    people = pd.read_csv(out / "people.csv", dtype={"staff_id": str})
    assert len(people) == 150 and {"leader_status", "isolation_status", "pagerank"} <= set(people.columns)
    assert {"source_id", "target_id", "relation"} <= set(pd.read_csv(out / "ties.csv").columns)
    assert list(pd.read_csv(out / "issues.csv").columns)[:3] == ["code", "severity", "file"]
    summary = json.loads((out / "summary.json").read_text())
    assert {"network", "schools", "levels"} <= set(summary)
    G = nx.read_graphml(out / "network.graphml")
    node = G.nodes[district["staff_id"]]
    assert node["name"] == ATTACK and node["leader_status"] in {"formal", "informal", "none"}
    assert isinstance(node["in_degree"], int) and G.number_of_edges() > 0
    assert "Guiding question 5" in (out / "report.html").read_text(encoding="utf-8")
    assert pd.read_parquet(out / "people.parquet")["staff_id"].str.len().eq(6).all()
    assert len(json.loads((out / "ties.json").read_text())) == len(pd.read_csv(out / "ties.csv"))
    assert nx.read_gexf(out / "network.gexf").number_of_nodes() == 150
    assert set(EXPORT_FORMATS) == set(WRITERS)


def test_formula_name_comes_out_escaped(district):
    out = district["waves"][1]
    with open(out / "people.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["staff_id"] == district["staff_id"])
    assert row["name"] == "'" + ATTACK
    book = openpyxl.load_workbook(out / "tables.xlsx")
    assert book.sheetnames == ["people", "ties", "issues"]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    named = [c for c in cells if isinstance(c.value, str) and ATTACK in c.value]
    assert named and all(c.value.startswith("'") and c.data_type == "s" for c in named)


def test_compare_two_waves(district):
    out = district["root"] / "compare"
    result = run("compare", district["waves"][1], district["waves"][2], "--out", out)
    assert "ties: gained" in result.output
    changes = pd.read_csv(out / "changes.csv", dtype={"staff_id": str})
    assert {"became_informal_leader", "stopped_isolated"} <= set(changes.columns)
    assert json.loads((out / "comparison.json").read_text())["summary"]["people"]["both"] > 100


def test_report_rerenders_from_the_folder(district):
    out = district["waves"][2]
    (out / "report.html").unlink()
    run("report", out, "--title", "Wave two")
    assert "Wave two" in (out / "report.html").read_text(encoding="utf-8")


def test_validate_prints_the_issues(district):
    demo = district["demo"]
    result = run("validate", demo / "wave1_wide.csv", "--roster", demo / "roster.csv", "--limit", 5)
    assert "respondents" in result.output and "SEVERITY" in result.output


def secrets_of(rosters):
    """Every roster name and email, as written and as HTML or JSON would spell them."""
    words = set()
    for roster in rosters:
        for text in list(roster["name"]) + list(roster["email"]):
            if text:
                words |= {text, html.escape(text), json.dumps(text)[1:-1]}
    return words


def all_text(folder):
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
            yield path.name, "".join(parts)
        elif path.suffix == ".parquet":
            yield path.name, pd.read_parquet(path).to_csv()
        else:
            yield path.name, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["anonymize", "analyze"])
def test_anonymized_output_has_no_roster_name_or_email(district, how, tmp_path):
    key = tmp_path / "keys" / "pseudonym.key"
    out = tmp_path / "shared"
    if how == "anonymize":
        run("anonymize", district["waves"][1], "--out", out, "--key-file", key, "--export", "xlsx",
            "--export", "parquet", "--export", "json", "--export", "gexf")
    else:
        demo = district["demo"]
        run("analyze", demo / "wave2_wide.csv", "--roster", demo / "wave2_roster.csv", "--out", out,
            "--anonymize", "--key-file", key, "--export", "xlsx")
    secrets = secrets_of(district["rosters"])
    files = dict(all_text(out))
    expected = {"people.csv", "ties.csv", "issues.csv", "summary.json", "network.graphml", "report.html"}
    assert expected <= set(files)
    leaks = {name: [s for s in secrets if s in text] for name, text in files.items()}
    assert not any(leaks.values()), {k: v[:3] for k, v in leaks.items() if v}
    people = pd.read_csv(out / "people.csv", dtype={"staff_id": str})
    assert people["staff_id"].str.match(r"^P-[0-9a-f]{10}$").all()
    assert json.loads(files["summary.json"])["privacy"]["min_group_size"] == 5


def test_pseudonyms_are_stable_across_runs(district, tmp_path):
    key = tmp_path / "k.key"
    for out in ("a", "b"):
        run("anonymize", district["waves"][1], "--out", tmp_path / out, "--key-file", key)
    first, second = (pd.read_csv(tmp_path / o / "people.csv")["staff_id"] for o in ("a", "b"))
    assert first.tolist() == second.tolist()


def test_key_inside_the_output_is_refused(district, tmp_path):
    result = run("anonymize", district["waves"][1], "--out", tmp_path / "o", "--key-file",
                 tmp_path / "o" / "k.key", ok=False)
    assert result.exit_code == 2 and "outside the output folder" in result.stderr


def test_bad_input_exits_2_with_one_line(tmp_path):
    (tmp_path / "roster.csv").write_text("colour,flavour\nred,sweet\n")
    (tmp_path / "answers.csv").write_text("staff_id,advice_1\n1,Ann\n")
    result = run("analyze", tmp_path / "answers.csv", "--roster", tmp_path / "roster.csv", "--out",
                 tmp_path / "out", ok=False)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "roster.csv" in lines[0] and "Traceback" not in result.output
    result = run("report", tmp_path, ok=False)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command_has_examples(command):
    result = run(command, "--help")
    assert "Examples:" in result.output and f"plnetwork {command}" in result.output


def test_main_help_lists_every_command():
    output = run("--help").output
    assert all(command in output for command in COMMANDS)
