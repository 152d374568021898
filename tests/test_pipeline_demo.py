"""End to end through the real readers: a demo district's exports in every layout, back to its plants."""

import pandas as pd
import pytest

import plnetwork
from plnetwork.demo import make_district, write_demo


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    paths = write_demo(folder, staff=400, schools=4, seed=5, waves=2,
                       formats=("google_forms", "wide", "edgelist"))
    return paths, make_district(staff=400, schools=4, seed=5, waves=2)


@pytest.mark.parametrize("layout", ["google_forms", "wide", "edgelist"])
@pytest.mark.parametrize("wave", [1, 2])
def test_planted_leaders_and_isolates_are_found_from_each_export(district, layout, wave):
    paths, truth = district
    roster = paths["roster"] if wave == 1 else paths.get("wave2_roster", paths["roster"])
    data = plnetwork.load([paths[f"wave{wave}_{layout}"]], roster=roster)
    people = data.analyze().people.set_index("staff_id")
    planted = truth.planted[wave - 1]
    assert set(people.index[people["leader_status"] == "informal"]) == planted["informal_leaders"]
    for status in ("isolated", "not_sought", "unknown"):
        assert set(people.index[people["isolation_status"] == status]) == planted[status], status
    assert not (people.loc[list(planted["non_respondents"]), "isolation_status"] == "isolated").any()
    issues = data.issues.to_frame()
    assert not issues["code"].isin(["name_unmatched", "respondent_unmatched"]).any()


def test_every_layout_gives_the_same_ties(district):
    paths, _ = district
    ties = {}
    for layout in ("google_forms", "wide", "edgelist"):
        data = plnetwork.load([paths[f"wave1_{layout}"]], roster=paths["roster"])
        noms = data.nominations[data.nominations["relation"].isin(["advice", "learning", "leadership"])]
        ties[layout] = set(map(tuple, noms[["respondent_id", "nominee_id", "relation"]].values.tolist()))
    assert ties["google_forms"] == ties["wide"] == ties["edgelist"]
