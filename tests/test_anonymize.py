"""Pseudonymized output: stable keyed pseudonyms, no names or emails anywhere, small groups suppressed."""

import os
import stat

import networkx as nx
import pandas as pd
import pytest

import plnetwork
from plnetwork.anonymize import (KEY_ENV, SUPPRESSED, anonymize_folder, anonymize_outputs, load_key,
                                 pseudonym, pseudonyms, small_groups)
from plnetwork.export import graph_for_export, read_outputs
from plnetwork.issues import InputError
from plnetwork.outputs import people_table, ties_table

KEY = b"k" * 32

# Oak has 9 staff, Elm 6, Ash 2 (too small), and a district office of 3.
STAFF = ([(f"o{i}", f"Olive Oakes{i}", "Oak", "Teacher", "Grade 1" if i < 6 else "Grade 2") for i in range(9)]
         + [(f"e{i}", f"Ezra Elmsworth{i}", "Elm", "Teacher", "Science") for i in range(6)]
         + [("a0", "Ada Ashby", "Ash", "Principal", ""), ("a1", "Abe Ashcroft", "Ash", "Teacher", "")]
         + [(f"d{i}", f"Dora Dean{i}", "District Office", "District Math Coordinator", "") for i in range(3)])


@pytest.fixture(scope="module")
def outputs():
    roster = "staff_id,name,email,school,role,team\n" + "".join(
        f"{i},{n},{n.split()[0].lower()}.{i}@district.org,{s},{r},{t}\n" for i, n, s, r, t in STAFF)
    answers = ("staff_id,advice_1,advice_2\n"
               "o0,Olive Oakes1,Ezra Elmsworth0\no1,Olive Oakes0,Dora Dean0\n"
               "e0,Ezra Elmsworth1,Ada Ashby\ne1,Ezra Elmsworth0,Zelda Unknownperson\n"
               "a0,Abe Ashcroft,Dora Dean1\nd0,Olive Oakes0,Ezra Elmsworth0\n")
    data = plnetwork.load([("answers.csv", answers.encode())], roster=("roster.csv", roster.encode()))
    analysis = data.analyze()
    return {"people": people_table(analysis.people), "ties": ties_table(data.nominations),
            "issues": data.issues.to_frame(), "summary": analysis.summary, "graph": analysis.graph}


def test_pseudonyms_are_stable_keyed_and_distinct():
    assert pseudonym("007", KEY) == pseudonym("007", KEY)
    assert pseudonym("007", KEY) != pseudonym("007", b"another key of enough length")
    mapping = pseudonyms([str(i) for i in range(2000)], KEY)
    assert len(set(mapping.values())) == 2000 and all(p.startswith("P-") for p in mapping.values())


def test_small_groups_suppress_the_next_smallest_when_one_alone_is_small():
    assert small_groups(pd.Series(["A"] * 9 + ["B"] * 6 + ["C"] * 2)) == {"C", "B"}
    assert small_groups(pd.Series(["A"] * 9 + ["B"] * 3 + ["C"] * 2)) == {"B", "C"}
    assert small_groups(pd.Series(["A"] * 9 + [None, ""] * 3)) == set()


def test_key_file_created_private_outside_the_output(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "keys" / "pseudonym.key"
    key = load_key(path, out_dir=tmp_path / "out")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and load_key(path) == key and len(key) == 64
    with pytest.raises(InputError, match="outside the output folder"):
        load_key(tmp_path / "out" / "k.key", out_dir=tmp_path / "out")
    monkeypatch.setenv(KEY_ENV, "from-the-environment-0123456789")
    assert load_key(path) == b"from-the-environment-0123456789"


def test_no_name_email_or_id_survives(outputs):
    anon = anonymize_outputs(outputs, KEY)
    secrets = {n for _, n, *_ in STAFF} | {"Zelda Unknownperson"} | set(outputs["people"]["email"])
    text = "\n".join([anon["people"].to_csv(), anon["ties"].to_csv(), anon["issues"].to_csv(),
                      str(anon["summary"]), "\n".join(nx.generate_graphml(graph_for_export(anon["graph"])))])
    found = [s for s in secrets if s.lower() in text.lower()]
    assert not found
    ids = set(pseudonyms([i for i, *_ in STAFF], KEY).values())
    assert set(anon["people"]["staff_id"]) == ids and set(anon["graph"]) == ids
    assert set(anon["ties"]["source_id"]) | set(anon["ties"]["target_id"]) <= ids
    assert "email" not in anon["people"] and "answer" not in anon["ties"]
    assert (anon["people"]["name"] == anon["people"]["staff_id"]).all()


def test_small_schools_roles_and_teams_are_suppressed_with_a_note(outputs):
    anon = anonymize_outputs(outputs, KEY)
    people = anon["people"]
    # Ash (2 people) is small, and the district office (3) too: no single small cell to subtract out
    assert set(people["school"]) == {"Oak", "Elm", SUPPRESSED}
    assert (people["school"] == SUPPRESSED).sum() == 5
    assert "Ash" not in anon["summary"]["schools"] and "Oak" in anon["summary"]["schools"]
    assert anon["summary"]["schools"][SUPPRESSED]["groups"] == 1
    assert (people["role"] == SUPPRESSED).sum() == 4          # the principal and the coordinators
    teams = anon["summary"]["teams"]   # Oak/Grade 2 has 3 people, so one more team goes with it
    assert "Oak/Grade 2" not in teams and len(set(teams) - {SUPPRESSED}) == 1
    assert teams[SUPPRESSED]["groups"] == 2
    assert "fewer than 5 people" in anon["summary"]["privacy"]["note"]
    nodes = anon["graph"].nodes(data=True)
    assert {d["school"] for _, d in nodes} == {"Oak", "Elm", SUPPRESSED}


def test_issue_values_are_pseudonyms_or_removed(outputs):
    anon = anonymize_outputs(outputs, KEY)
    issues = anon["issues"]
    unresolved = issues[issues["code"].str.contains("unresolved|unmatched|unknown", regex=True)]
    assert len(unresolved) and (unresolved["value"] == "[removed]").all()


def test_anonymize_folder_writes_a_report_without_names(tmp_path, outputs):
    from plnetwork.export import write_outputs

    write_outputs(outputs, tmp_path / "results")
    written = anonymize_folder(tmp_path / "results", tmp_path / "shared", key=KEY)
    assert sorted(written) == ["graph", "issues", "people", "report", "summary", "ties"]
    report = (tmp_path / "shared" / "report.html").read_text(encoding="utf-8")
    assert "Pseudonymized copy" in report and "Olive Oakes" not in report
    back = read_outputs(tmp_path / "shared")
    assert back["people"]["staff_id"].str.startswith("P-").all()
