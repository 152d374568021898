"""Two waves compared: a hand-built pair with known changes, and the demo district's plants."""

import math

import networkx as nx
import pandas as pd
import pytest

from plnetwork.waves import compare_waves


def wave(ties, *, people=("ann", "bea", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "kim"),
         responded=None, formal=("hal",)):
    """Lincoln, ten staff; ``ties`` are (source, target, relations)."""
    G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    for v in people:
        G.add_node(v, name=v.title(), school="Lincoln", level="classroom", team="",
                   formal_leader=v in formal, role="Principal" if v in formal else "Teacher",
                   responded=True if responded is None else v in responded)
    for u, v, rels in ties:
        G.add_edge(u, v, relations=rels, weight=1.0, weights=dict.fromkeys(rels, 1.0))
    return G


A, L, AL = ("advice",), ("learning",), ("advice", "learning")


@pytest.fixture
def change():
    # Wave 1: bea is sought by three (informal leader); dee is isolated; hal the principal.
    w1 = wave([("ann", "bea", AL), ("cy", "bea", A), ("eve", "bea", A), ("fay", "hal", L),
               ("gus", "ann", A)])
    # Wave 2: bea loses two ties, cy gains three (new informal leader); dee now asks ann;
    # gus stops naming anyone and nobody names him (became isolated); jo joins, ivy left.
    people = ("ann", "bea", "cy", "dee", "eve", "fay", "gus", "hal", "kim", "jo")
    w2 = wave([("ann", "bea", A), ("ann", "cy", A), ("eve", "cy", AL), ("fay", "cy", L),
               ("dee", "ann", A), ("fay", "hal", L), ("jo", "hal", A)], people=people)
    return compare_waves(w1, w2)


def test_ties_gained_and_lost_per_relation(change):
    ties = change.ties
    gained = ties[ties["change"] == "gained"]
    lost = ties[ties["change"] == "lost"]
    assert sorted(map(tuple, lost[["source_id", "target_id", "relation"]].values.tolist())) == [
        ("ann", "bea", "learning"), ("cy", "bea", "advice"), ("eve", "bea", "advice"),
        ("gus", "ann", "advice")]
    assert sorted(map(tuple, gained[["source_id", "target_id", "relation"]].values.tolist())) == [
        ("ann", "cy", "advice"), ("dee", "ann", "advice"), ("eve", "cy", "advice"),
        ("eve", "cy", "learning"), ("fay", "cy", "learning"), ("jo", "hal", "advice")]
    assert change.summary["ties"]["advice"] == {"gained": 4, "lost": 3, "kept": 1}
    assert change.summary["ties"]["learning"] == {"gained": 2, "lost": 1, "kept": 1}
    assert change.summary["ties"]["union"] == {"gained": 5, "lost": 3, "kept": 2}
    # jo was not on the first roster: the tie is new because jo is
    assert not ties.set_index(["source_id", "target_id"]).loc[("jo", "hal"), "both_present"]


def test_people_who_changed(change):
    people = change.people.set_index("staff_id")
    flagged = {flag: sorted(people.index[people[flag]]) for flag in
               ("became_informal_leader", "stopped_informal_leader", "stopped_isolated",
                "became_isolated")}
    assert flagged == {"became_informal_leader": ["cy"], "stopped_informal_leader": ["bea"],
                       "stopped_isolated": ["dee"], "became_isolated": ["gus"]}
    assert people.loc["ivy", ["in_wave1", "in_wave2", "leader_status_2"]].tolist() == [
        True, False, ""]
    assert people.loc["jo", "in_wave1"] == False  # noqa: E712 (numpy bool)
    assert people.loc["cy", ["in_degree_1", "in_degree_2"]].tolist() == [0, 3]
    assert change.summary["people"]["joined"] == 1 and change.summary["people"]["left"] == 1


def test_school_distribution_change(change):
    row = change.schools.set_index("school").loc["Lincoln"]
    assert row["staff_1"] == 10 and row["staff_2"] == 10 and row["staff_change"] == 0
    # non-formal share: wave 1, 4 of 5 nominations to non-formal staff; wave 2, 5 of 7
    assert math.isclose(row["non_formal_share_1"], 4 / 5)
    assert math.isclose(row["non_formal_share_2"], 5 / 7)
    assert math.isclose(row["non_formal_share_change"], 5 / 7 - 4 / 5)
    # in-degrees wave 1: bea 3, hal 1, ann 1, the 7 others 0: (0 + 2 + 2 + 7 * 3) / 9^2
    assert math.isclose(row["in_degree_centralization_1"], 25 / 81)


def test_same_graph_twice_changes_nothing():
    G = wave([("ann", "bea", AL), ("cy", "bea", A)])
    change = compare_waves(G, G)
    assert change.ties.empty
    assert not change.people[["became_informal_leader", "stopped_isolated"]].any().any()
    assert (change.schools["gini_change"].fillna(0) == 0).all()


def test_demo_district_changes_are_found():
    demo = pytest.importorskip("plnetwork.demo")
    network = pytest.importorskip("plnetwork.network")
    d = demo.make_district(staff=300, schools=3, seed=4, waves=2)
    graphs = []
    for w in range(2):
        noms = d.waves[w].assign(source="choice", match="id")
        respondents = pd.DataFrame({"staff_id": sorted(d.respondents[w])}) \
            if not isinstance(d.respondents[w], pd.DataFrame) else d.respondents[w]
        graphs.append(network.build_graph(d.rosters[w], noms, respondents))
    change = compare_waves(*graphs, leadership_relation=None)
    people = change.people.set_index("staff_id")
    assert set(people.index[people["became_informal_leader"]]) == \
        d.planted[1]["new_informal_leaders"]
    assert d.planted[1]["became_connected"] <= set(people.index[people["stopped_isolated"]])
    assert set(people.index[~people["in_wave2"]]) == d.planted[1]["left"]
