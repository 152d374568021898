"""The synthetic district: deterministic, realistic, and its planted truth holds exactly on its own ties.

The checks recompute every planted fact from the ties with plain pandas, independently of plnetwork's analytics.
"""

import csv
import math
import re

import pandas as pd
import pytest

from plnetwork.demo import PLANTED_KEYS, RELATION_LIMITS, make_district, write_demo
from plnetwork.model import LEVELS, RoleTable

GENERATORS = ["advice", "learning", "leadership"]


@pytest.fixture(scope="module")
def district():
    return make_district(staff=600, schools=6, seed=7, waves=2)


def named_ties(ties):
    return ties[ties.relation.isin(GENERATORS)]


def in_degree(roster, ties):
    """Distinct colleagues naming each person, on the union of the name-generator relations."""
    pairs = named_ties(ties).drop_duplicates(["respondent_id", "nominee_id"])
    return roster.staff_id.map(pairs.nominee_id.value_counts()).fillna(0).astype(int)


def informal_leaders(roster, ties, *, votes=True):
    """DESIGN.md's rule: non-formal, in-degree >= 3, fewer than ceil(10% of the school) colleagues higher
    — or, as the leadership question counts too, named a leader by 3 or more colleagues."""
    people = roster.assign(in_degree=in_degree(roster, ties).to_numpy())
    higher = people.groupby("school").in_degree.rank(method="min", ascending=False) - 1
    slots = people.groupby("school").staff_id.transform("size").map(lambda n: math.ceil(n / 10))
    found = (people.in_degree >= 3) & (higher < slots)
    if votes:
        named_leader = ties[ties.relation == "leadership"].drop_duplicates(["respondent_id", "nominee_id"])
        found |= people.staff_id.map(named_leader.nominee_id.value_counts()).fillna(0) >= 3
    return set(people.staff_id[found & ~people.formal_leader])


def isolation(roster, ties, respondents):
    named = set(named_ties(ties).nominee_id)
    naming = set(named_ties(ties).respondent_id)
    ids = set(roster.staff_id)
    return {"isolated": {i for i in respondents if i not in naming and i not in named},
            "not_sought": {i for i in respondents if i in naming and i not in named},
            "unknown": {i for i in ids - respondents if i not in named},
            "non_respondents": ids - respondents}


def test_same_seed_gives_the_same_district():
    a, b = (make_district(staff=300, schools=3, seed=3) for _ in range(2))
    pd.testing.assert_frame_equal(a.roster, b.roster)
    for x, y in zip(a.waves, b.waves, strict=True):
        pd.testing.assert_frame_equal(x, y)
    assert a.planted == b.planted and a.respondents == b.respondents


def test_another_seed_gives_another_district():
    a, b = make_district(staff=300, schools=3, seed=3), make_district(staff=300, schools=3, seed=4)
    assert not a.roster.equals(b.roster)
    assert not a.waves[0].equals(b.waves[0])


def test_impossible_districts_are_refused():
    with pytest.raises(ValueError, match="too few"):
        make_district(staff=50, schools=10)
    with pytest.raises(ValueError, match="at least one wave"):
        make_district(staff=300, schools=3, waves=0)


def test_roster_ids_keep_leading_zeros_and_levels_follow_roles(district):
    table = RoleTable()
    for roster in district.rosters:
        assert roster.staff_id.is_unique
        assert roster.staff_id.str.fullmatch(r"\d{6}").all() and roster.staff_id.str.startswith("0").all()
        assert set(roster.level) == set(LEVELS)
        derived = roster.role.map(table.lookup)
        assert (derived.str[0] == roster.level).all() and (derived.str[1] == roster.formal_leader).all()
        assert roster.email.is_unique
        assert roster.email.str.fullmatch(r"[a-z\-]+\.[a-z\-]+\d*@district\.org").all()
        assert not roster.duplicated(["school", "name"]).any()


def test_schools_are_staffed_like_schools(district):
    roster = district.roster
    schools = roster[roster.school != "District Office"]
    principals = schools[schools.role == "Principal"].groupby("school").size()
    assert principals.eq(1).all() and len(principals) == 6
    assert schools.groupby("school").role.apply(lambda r: r.str.contains("Coach").sum()).between(1, 3).all()
    assert schools.groupby("school").role.apply(lambda r: (r == "Assistant Principal").sum()).between(0, 2).all()
    assert schools.groupby("school").role.apply(lambda r: (r == "School Counselor").sum()).ge(1).all()
    kinds = set(schools.school.str.rsplit(" ", n=1).str[1])
    assert kinds == {"Elementary", "Middle", "High"}
    elementary = schools[schools.school.str.endswith("Elementary")]
    assert {"Kindergarten", "Grade 1", "Grade 5"} <= set(elementary.team)
    assert {"Mathematics", "English", "Science"} <= set(schools[schools.school.str.endswith("High")].team)
    district_office = roster[roster.school == "District Office"]
    assert 0.03 <= len(district_office) / len(roster) <= 0.05
    assert (district_office.level == "district").all() and "Superintendent" in set(district_office.role)
    assert roster.years_experience.between(0, 40).all()


def test_names_are_diverse_and_realistic(district):
    names = district.roster.name
    assert names.str.contains(r"[^\x00-\x7f]").any()
    assert names.str.contains("'").any() and names.str.contains(r"\w-\w").any()
    schools = district.roster[district.roster.school != "District Office"]  # its names are district-unique
    for school, staff in schools.groupby("school"):
        surnames, firsts = staff.name.str.split(" ", n=1).str[1], staff.name.str.split(" ", n=1).str[0]
        assert surnames.duplicated().any() and firsts.duplicated().any(), school


def test_ties_are_well_formed(district):
    for roster, ties, respondents in zip(district.rosters, district.waves, district.respondents, strict=True):
        ids = set(roster.staff_id)
        assert list(ties.columns) == ["respondent_id", "nominee_id", "relation", "weight"]
        assert set(ties.respondent_id) <= respondents and set(ties.nominee_id) <= ids
        assert (ties.respondent_id != ties.nominee_id).all()
        assert not ties.duplicated(["respondent_id", "nominee_id", "relation"]).any()
        counts = named_ties(ties).groupby(["respondent_id", "relation"]).size().unstack()
        for relation, cap in RELATION_LIMITS.items():
            assert counts[relation].max() <= cap
        frequency = ties[ties.relation == "frequency"]
        assert frequency.weight.between(0, 4).all() and (frequency.weight % 1 == 0).all()
        advice = ties[ties.relation == "advice"]
        assert set(zip(frequency.respondent_id, frequency.nominee_id)) <= set(
            zip(advice.respondent_id, advice.nominee_id))


def test_ties_stay_mostly_in_school_and_cross_through_the_district(district):
    roster, ties = district.roster, named_ties(district.waves[0])
    school = dict(zip(roster.staff_id, roster.school))
    same = ties.respondent_id.map(school) == ties.nominee_id.map(school)
    assert 0.75 <= same.mean() < 0.97
    cross = ties[~same]
    through_district = (cross.respondent_id.map(school) == "District Office") | (
        cross.nominee_id.map(school) == "District Office")
    assert through_district.mean() > 0.5
    counts = ties.groupby(["respondent_id", "relation"]).size().unstack().mean()
    assert 3 <= counts["advice"] <= 6 and 2 <= counts["learning"] <= 5 and 1 <= counts["leadership"] <= 3


def test_planted_isolation_is_exactly_what_the_ties_say(district):
    for roster, ties, respondents, planted in zip(
            district.rosters, district.waves, district.respondents, district.planted, strict=True):
        assert set(PLANTED_KEYS) <= set(planted)
        for key, ids in isolation(roster, ties, respondents).items():
            assert planted[key] == ids, key
        n = len(roster)
        assert 0.01 <= len(planted["isolated"]) / n <= 0.03
        assert 0.02 <= len(planted["not_sought"]) / n <= 0.04
        assert 0.10 <= len(planted["non_respondents"]) / n <= 0.15
        connected_non_respondents = planted["non_respondents"] - planted["unknown"]
        assert planted["unknown"] and connected_non_respondents


def test_planted_informal_leaders_are_exactly_those_the_rule_finds(district):
    for roster, ties, planted in zip(district.rosters, district.waves, district.planted, strict=True):
        leaders = planted["informal_leaders"]
        assert informal_leaders(roster, ties) == leaders == informal_leaders(roster, ties, votes=False)
        people = roster.set_index("staff_id").loc[sorted(leaders)]
        assert not people.formal_leader.any() and people.role.str.contains("Teacher").all()
        assert abs(len(leaders) - len(roster) / 30) <= 5
        degree = in_degree(roster, ties).set_axis(roster.staff_id)
        ordinary = roster.staff_id[~roster.formal_leader & ~roster.staff_id.isin(leaders)]
        assert degree[sorted(leaders)].min() >= 3
        assert degree[sorted(leaders)].median() > 3 * degree[ordinary].median()


def test_formal_leaders_are_sought_too(district):
    roster, ties = district.roster, district.waves[0]
    degree = in_degree(roster, ties).set_axis(roster.staff_id)
    coaches = roster.staff_id[roster.role.str.contains("Coach|Principal")]
    teachers = roster.staff_id[roster.role == "Teacher"]
    assert degree[coaches].median() > 2 * degree[teachers].median()


def test_brokers_tie_schools_together(district):
    roster, ties = district.roster, named_ties(district.waves[0])
    school = dict(zip(roster.staff_id, roster.school))
    brokers = district.planted[0]["brokers"]
    assert brokers and roster.set_index("staff_id").loc[sorted(brokers)].role.str.contains(
        "Coordinator|Coach").all()
    for broker in brokers:
        mine = ties[(ties.respondent_id == broker) | (ties.nominee_id == broker)]
        schools = set(mine.respondent_id.map(school)) | set(mine.nominee_id.map(school))
        assert len(schools - {"District Office"}) >= 2, broker


def test_second_wave_changes_some_ties_and_keeps_most(district):
    first, second = district.planted
    pairs = [set(zip(t.respondent_id, t.nominee_id, t.relation)) for t in map(named_ties, district.waves)]
    kept = len(pairs[0] & pairs[1]) / len(pairs[0])
    assert 0.65 <= kept <= 0.9
    assert 1 <= len(second["new_informal_leaders"]) <= 2
    assert second["new_informal_leaders"] == second["informal_leaders"] - first["informal_leaders"]
    assert second["became_connected"] and second["became_connected"] <= first["isolated"]
    assert len(second["left"]) == len(second["joined"]) > 0
    stayers = district.rosters[0].merge(district.rosters[1], on="staff_id", suffixes=("", "_2"))
    assert len(stayers) == len(district.roster) - len(second["left"])
    assert (stayers.name == stayers.name_2).all() and (stayers.school == stayers.school_2).all()


def test_a_larger_district_keeps_its_promises():
    d = make_district(staff=5000, schools=25, seed=11, waves=1)
    roster, ties = d.roster, d.waves[0]
    assert len(roster) == 5000 and roster.staff_id.is_unique
    assert informal_leaders(roster, ties) == d.planted[0]["informal_leaders"]
    for key, ids in isolation(roster, ties, d.respondents[0]).items():
        assert d.planted[0][key] == ids, key


@pytest.fixture(scope="module")
def written(district, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return write_demo(out, seed=7, district=district)


def test_write_demo_writes_a_roster_and_every_layout_per_wave(written):
    assert set(written) == {"roster", "wave2_roster"} | {
        f"wave{k}_{fmt}" for k in (1, 2) for fmt in ("wide", "edgelist", "google_forms")}
    assert all(path.exists() for path in written.values())


def test_written_roster_keeps_leading_zeros(district, written):
    roster = pd.read_csv(written["roster"], dtype=str, keep_default_na=False)
    assert list(roster.staff_id) == list(district.roster.staff_id)
    assert roster.staff_id.str.startswith("0").all()
    assert set(roster.formal_leader) == {"True", "False"}


def test_edgelist_lists_every_respondent(district, written):
    edges = pd.read_csv(written["wave1_edgelist"], dtype=str)
    assert list(edges.columns) == ["respondent_id", "nominee_id", "relation", "weight"]
    assert set(edges.respondent_id) == district.respondents[0]
    empty = edges[edges.nominee_id.isna()]
    assert set(empty.respondent_id) == district.respondents[0] - set(district.waves[0].respondent_id)
    assert set(empty.respondent_id) >= district.planted[0]["isolated"]
    ties = edges.dropna(subset=["nominee_id"])
    assert len(ties) == len(district.waves[0]) and ties.nominee_id.str.fullmatch(r"\d{6}").all()


NICKNAMES = {"Elizabeth": "Liz", "Robert": "Bob", "William": "Bill", "Daniel": "Dan", "Katherine": "Kate",
             "Michael": "Mike", "James": "Jim", "Jennifer": "Jen", "Christopher": "Chris", "Thomas": "Tom"}


def typed_forms(name):
    first, last = name.split(" ", 1)
    forms = {name, name.lower(), f"{last}, {first}", f"Ms. {last}", f"Mr. {last}"}
    return forms | ({f"{NICKNAMES[first]} {last}"} if first in NICKNAMES else set())


def test_wide_holds_the_names_people_typed(district, written):
    wide = pd.read_csv(written["wave1_wide"], dtype=str)
    columns = [f"{rel}_{i}" for rel, cap in RELATION_LIMITS.items() for i in range(1, cap + 1)]
    assert list(wide.columns) == ["staff_id"] + columns
    assert set(wide.staff_id) == district.respondents[0] and wide.staff_id.is_unique
    cells = wide.melt(id_vars="staff_id", var_name="column", value_name="text").dropna()
    truth = named_ties(district.waves[0])
    truth = truth.assign(column=truth.relation + "_" + (
        truth.groupby(["respondent_id", "relation"]).cumcount() + 1).astype(str))
    name = dict(zip(district.roster.staff_id, district.roster.name))
    merged = cells.merge(truth, left_on=["staff_id", "column"], right_on=["respondent_id", "column"])
    assert len(merged) == len(cells) == len(truth)
    exact = merged.text == merged.nominee_id.map(name)
    assert 0.9 <= exact.mean() < 1
    assert all(text in typed_forms(name[nominee]) for text, nominee in zip(merged.text, merged.nominee_id))
    assert merged.text.str.contains(", ").any() and merged.text.str.match(r"M[sr]\. ").any()


def test_honorifics_are_written_only_where_the_surname_is_unique_in_the_school(district, written):
    wide = pd.read_csv(written["wave1_wide"], dtype=str)
    roster = district.roster.assign(last=district.roster.name.str.split(" ", n=1).str[1])
    school = dict(zip(roster.staff_id, roster.school))
    texts = wide.melt(id_vars="staff_id", value_name="text").dropna()
    titled = texts[texts.text.str.match(r"M[sr]\. ")]
    for respondent, text in zip(titled.staff_id, titled.text):
        same = roster[(roster.school == school[respondent]) & (roster["last"] == text[4:])]
        assert len(same) == 1, text


GOOGLE_HEADER = ["Timestamp", "Email Address", "Which school do you work in?",
                 "Who do you go to for advice about teaching and learning? (choose up to 6)",
                 "Anyone else you go to for advice?",
                 "Whose professional learning do you learn from? (choose up to 5)",
                 "Who do you see as a leader of professional learning in your school or district?"]


def test_google_forms_looks_like_a_forms_download(district, written):
    text = written["wave1_google_forms"].read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == GOOGLE_HEADER
    assert all(line.startswith('"') and line.endswith('"') and line.count('"') == 2 * len(GOOGLE_HEADER)
               for line in text.splitlines()[:50])
    forms = pd.read_csv(written["wave1_google_forms"], dtype=str, keep_default_na=False)
    assert forms.Timestamp.str.fullmatch(r"2024/10/\d\d (1[0-2]|[1-9]):[0-5]\d:[0-5]\d [AP]M GMT-4").all()
    by_email = dict(zip(district.roster.email, district.roster.staff_id))
    ids = forms["Email Address"].str.strip().str.lower().map(by_email)
    assert set(ids) == district.respondents[0]
    assert (forms["Email Address"] != forms["Email Address"].str.strip()).any()
    assert (forms["Email Address"] != forms["Email Address"].str.lower()).any()


def test_google_forms_answers_are_the_true_ties(district, written):
    forms = pd.read_csv(written["wave1_google_forms"], dtype=str, keep_default_na=False)
    roster = district.roster
    by_email = dict(zip(roster.email, roster.staff_id))
    name = dict(zip(roster.staff_id, roster.name))
    ties = named_ties(district.waves[0])
    for relation, columns, sep in (("advice", GOOGLE_HEADER[3:5], None), ("learning", GOOGLE_HEADER[5:6], ";"),
                                   ("leadership", GOOGLE_HEADER[6:7], ";")):
        got = set()
        for email, *answers in forms[["Email Address", *columns]].itertuples(index=False):
            picked = answers[0].split(";") + (answers[1].split(", ") if len(answers) > 1 else [])
            got |= {(by_email[email.strip().lower()], text) for text in picked if text}
        truth = ties[ties.relation == relation]
        assert got == set(zip(truth.respondent_id, truth.nominee_id.map(name))), relation
