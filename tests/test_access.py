"""Access is enforced by the store itself: whatever a page or a forged callback asks, a scope gets only
what its role allows (SQLite, and the same tests on PostgreSQL)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from argon2 import PasswordHasher

from plnetwork.store import AccessDenied, Scope
from plnetwork.store.testing import tiny_dataset

ADMIN = Scope("admin")
OAK = Scope("school", district="Maple", school="Oak", user_id=None)
MAPLE = Scope("district", district="Maple")
RESEARCHER = Scope("researcher")


@pytest.fixture
def waves(store):
    """Maple: an Oak wave, an Elm wave and a district-wide wave (Oak and Elm); Birch: one wave."""
    ids = {}
    for key, district, school, seed in (("oak", "Maple", "Oak", 1), ("elm", "Maple", "Elm", 2),
                                        ("maple", "Maple", None, 3), ("birch", "Birch", None, 4)):
        dataset = tiny_dataset(seed, staff=14, schools=(school,) if school else ("Oak", "Elm"))
        upload = store.put_upload(f"{key}".encode(), f"{key}.csv", district=district, school=school)
        ids[key] = store.save_wave(dataset, district=district, school=school, label="fall", upload_ids=[upload],
                                   scope=ADMIN)
        people = dataset.roster[["staff_id", "name", "school"]].assign(in_degree=1)
        store.save_results(ids[key], people, {"leaders": dataset.roster["name"].head(2).tolist()}, ADMIN)
    return ids


def strings_of(dataset):
    """Every text in a loaded dataset: its tables, its issues, its graph's nodes and edges."""
    for frame in (dataset.roster, dataset.nominations, dataset.respondents, dataset.unresolved):
        for value in frame.to_numpy().ravel():
            yield str(value)
    for record in dataset.issues.records():
        yield from (str(v) for v in record.values())
    for node, attrs in dataset.graph.nodes(data=True):
        yield str(node)
        yield from (str(v) for v in attrs.values())
    yield from (str(v) for v in (dataset.raw.mapping or {}))


def names_and_emails(dataset) -> set[str]:
    return {v.lower() for v in list(dataset.roster["name"]) + list(dataset.roster["email"]) if v}


# --- school accounts ---------------------------------------------------------------------------------

def test_a_school_account_asking_for_another_schools_wave_is_refused(store, waves):
    for ask in (lambda: store.load_wave(waves["elm"], OAK), lambda: store.load_results(waves["elm"], OAK),
                lambda: store.wave_info(waves["elm"], OAK), lambda: store.delete_wave(waves["elm"], OAK),
                lambda: store.save_results(waves["elm"], pd.DataFrame({"staff_id": []}), {}, OAK),
                lambda: store.load_wave(waves["birch"], OAK)):
        with pytest.raises(AccessDenied):
            ask()
    assert len(store.load_wave(waves["elm"], ADMIN).roster) == 14      # untouched


def test_a_school_account_lists_only_its_school_and_its_districts_waves(store, waves):
    assert sorted(w.id for w in store.waves(OAK)) == sorted([waves["oak"], waves["maple"]])
    assert {w.school for w in store.waves(OAK)} == {"Oak", None}


def test_a_school_account_cannot_write_for_another_school(store, waves):
    dataset = tiny_dataset(5)
    with pytest.raises(AccessDenied):
        store.put_upload(b"x", "x.csv", district="Maple", school="Elm", scope=OAK)
    with pytest.raises(AccessDenied):
        store.save_wave(dataset, district="Maple", school="Elm", label="x", upload_ids=[], scope=OAK)
    with pytest.raises(AccessDenied):
        store.save_wave(dataset, district="Maple", school=None, label="x", upload_ids=[], scope=OAK)
    with pytest.raises(AccessDenied):
        store.erase_person("S001-00", district="Maple", scope=OAK)
    upload = store.put_upload(b"ours", "ours.csv", district="Maple", school="Oak", scope=OAK)
    assert store.save_wave(dataset, district="Maple", school="Oak", label="x", upload_ids=[upload], scope=OAK)


def test_an_upload_by_account_id_is_checked_against_that_account(store):
    store.users.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)    # quicker, same kind
    user = store.users.add_user("data@oak.org", "a long password", "school", district="Maple", school="Oak")
    assert store.put_upload(b"ok", "ok.csv", district="Maple", school="Oak", user_id=user.id)
    with pytest.raises(AccessDenied):
        store.put_upload(b"no", "no.csv", district="Maple", school="Elm", user_id=user.id)
    with pytest.raises(AccessDenied):
        store.put_upload(b"no", "no.csv", district="Maple", school="Oak", user_id=9999)


def test_a_school_sees_only_its_own_people_of_a_district_wide_wave(store, waves):
    full = store.load_wave(waves["maple"], ADMIN)
    mine = store.load_wave(waves["maple"], OAK)
    assert set(mine.roster["school"]) == {"Oak"} and 0 < len(mine.roster) < len(full.roster)
    inside = set(mine.roster["staff_id"])
    assert set(mine.nominations["respondent_id"]) | set(mine.nominations["nominee_id"]) <= inside
    assert set(mine.respondents["staff_id"]) <= inside and set(mine.graph) == inside
    others = full.roster[full.roster["school"] != "Oak"]
    secrets = {v.lower() for v in list(others["name"]) + list(others["email"]) + list(others["staff_id"]) if v}
    assert not [s for s in strings_of(mine) for secret in secrets if secret in s.lower()]
    people, summary = store.load_results(waves["maple"], OAK)
    assert set(people["staff_id"]) == inside
    assert not [n for n in summary["leaders"] if n.lower() in secrets]
    assert store.save_results(waves["maple"], people, summary, OAK) is False     # a slice is not cached
    assert len(store.load_results(waves["maple"], ADMIN)[0]) == len(full.roster)


# --- district accounts -------------------------------------------------------------------------------

def test_a_district_account_sees_every_school_of_its_district_and_nothing_else(store, waves):
    assert sorted(w.id for w in store.waves(MAPLE)) == sorted([waves["oak"], waves["elm"], waves["maple"]])
    assert len(store.load_wave(waves["elm"], MAPLE).roster) == 14
    with pytest.raises(AccessDenied):
        store.load_wave(waves["birch"], MAPLE)
    with pytest.raises(AccessDenied):
        store.get_upload(store.uploads(ADMIN)[-1].id, MAPLE, district="Birch")


def test_a_missing_wave_is_refused_like_one_out_of_scope(store, waves):
    with pytest.raises(AccessDenied) as missing:
        store.load_wave(10_000, MAPLE)
    with pytest.raises(AccessDenied) as foreign:
        store.load_wave(waves["birch"], MAPLE)
    assert str(missing.value) == str(foreign.value)
    with pytest.raises(AccessDenied):
        store.load_wave("1 OR 1=1", ADMIN)


# --- researchers and hidden names --------------------------------------------------------------------

def test_a_researchers_dataset_contains_no_name_or_email(store, waves):
    for key in ("oak", "maple", "birch"):
        full = store.load_wave(waves[key], ADMIN)
        seen = store.load_wave(waves[key], RESEARCHER)
        secrets = names_and_emails(full) | set(full.roster["staff_id"].str.lower())
        assert not [s for s in strings_of(seen) for secret in secrets if secret in s.lower()]
        assert seen.roster["staff_id"].str.fullmatch(r"P-[0-9a-f]{10}").all()
        assert nx.is_isomorphic(seen.graph, full.graph)                 # the network itself is intact
        people, summary = store.load_results(waves[key], RESEARCHER)
        assert not [v for v in map(str, people.to_numpy().ravel()) for s in secrets if s in v.lower()]
        assert not [n for n in summary["leaders"] if n.lower() in secrets]


def test_pseudonyms_are_stable_across_loads(store, waves):
    first = store.load_wave(waves["oak"], RESEARCHER).roster["staff_id"].tolist()
    assert store.load_wave(waves["oak"], RESEARCHER).roster["staff_id"].tolist() == first


def test_a_researcher_changes_nothing(store, waves):
    with pytest.raises(AccessDenied):
        store.put_upload(b"x", "x.csv", district="Maple", school=None, scope=RESEARCHER)
    with pytest.raises(AccessDenied):
        store.save_wave(tiny_dataset(6), district="Maple", school=None, label="x", upload_ids=[],
                        scope=RESEARCHER)
    with pytest.raises(AccessDenied):
        store.delete_wave(waves["oak"], RESEARCHER)
    with pytest.raises(AccessDenied):
        store.erase_person("S001-00", district="Maple", scope=RESEARCHER)
    people, summary = store.load_results(waves["oak"], RESEARCHER)
    assert store.save_results(waves["oak"], people, summary, RESEARCHER) is False
    assert store.uploads(RESEARCHER) == []


def test_a_researcher_bound_to_a_district_sees_only_it(store, waves):
    bound = Scope("researcher", district="Birch")
    assert [w.id for w in store.waves(bound)] == [waves["birch"]]
    with pytest.raises(AccessDenied):
        store.load_wave(waves["oak"], bound)


def test_hide_names_gives_anyone_pseudonyms(store, waves):
    hidden = MAPLE.with_hidden_names()
    seen = store.load_wave(waves["elm"], hidden)
    assert not names_and_emails(store.load_wave(waves["elm"], MAPLE)) & {s.lower() for s in strings_of(seen)}
    people, summary = store.load_results(waves["elm"], hidden)
    assert store.save_results(waves["elm"], people, summary, hidden) is False


# --- scopes ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments", [{"role": "teacher"}, {"role": "district"},
                                       {"role": "school", "district": "Maple"}])
def test_an_incomplete_scope_is_refused(arguments):
    with pytest.raises(ValueError):
        Scope(**arguments)


def test_a_researchers_scope_always_hides_names():
    assert Scope("researcher").hide_names and Scope("researcher", hide_names=False).pseudonymous
    assert Scope("researcher").with_hidden_names(False).hide_names


def test_an_administrator_sees_everything(store, waves):
    assert sorted(w.id for w in store.waves(ADMIN)) == sorted(waves.values())
