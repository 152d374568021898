"""The classifications on small hand-built schools: informal leaders, isolation, brokers, spread."""

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plnetwork.leadership import (_allowed, _higher_counts, brokers, isolation_status,
                                  leader_status, leadership_spread, level_matrix,
                                  school_distribution, school_units, team_ties)


def school(size, in_degrees, *, name="Lincoln", formal=(), G=None, level="classroom"):
    """A school of ``size`` staff ``<name>-0`` ...; person ``i`` is named by ``in_degrees[i]``
    colleagues taken from the end of the roster (who only name, so keep their own in-degree)."""
    G = G if G is not None else nx.DiGraph(relations=["advice"], name_generators=["advice"])
    people = [f"{name}-{i}" for i in range(size)]
    for i, v in enumerate(people):
        G.add_node(v, name=v, school=name, level=level, formal_leader=i in formal,
                   role="Principal" if i in formal else "Teacher", team="", responded=True)
    for i, d in enumerate(in_degrees):
        for source in people[::-1][:d]:
            G.add_edge(source, people[i], relations=("advice",), weight=1.0)
    return G


def statuses(G, **kw):
    return {v: s for v, (s, _) in leader_status(G, **kw).items()}


def test_everyone_tied_at_the_cutoff_is_included():
    # 20 staff: ceil(10%) = 2. One person on 5, three tied on 4: nobody tied on 4 has 2 above.
    G = school(20, [5, 4, 4, 4, 3])
    s = statuses(G)
    assert [s[f"Lincoln-{i}"] for i in range(5)] == ["informal"] * 4 + ["none"]
    status, reason = leader_status(G)["Lincoln-1"]
    assert reason == "named by 4 colleagues, top 10% of Lincoln (rank 2 of 20)"
    assert leader_status(G)["Lincoln-4"][1] == (
        "named by 3 colleagues, but 4 colleagues of Lincoln are named more often "
        "(top 10% is 2 of 20)")


def test_top_share_is_exact_for_round_numbers():
    # 30 staff, 10%: 3 slots (0.1 * 30 is 3.0000000000000004 in floating point, not 4)
    assert _allowed(0.1, [30, 20, 10, 1, 0]).tolist() == [3, 2, 1, 1, 0]
    s = statuses(school(30, [6, 5, 4, 3]))
    assert [s[f"Lincoln-{i}"] for i in range(4)] == ["informal"] * 3 + ["none"]


def test_formal_leaders_are_never_informal_but_hold_a_slot():
    # 10 staff: 1 slot; the principal is named most, so the next person is outranked.
    G = school(10, [5, 4], formal={0})
    assert statuses(G) == {**dict.fromkeys(G, "none"), "Lincoln-0": "formal"}
    assert leader_status(G)["Lincoln-0"][1].startswith("formal role: Principal")
    assert statuses(school(10, [4, 5], formal={0}))["Lincoln-1"] == "informal"


def test_minimum_in_degree():
    G = school(10, [2])
    assert statuses(G)["Lincoln-0"] == "none"
    assert "informal leaders are named by at least 3" in leader_status(G)["Lincoln-0"][1]
    assert statuses(G, min_in_degree=2)["Lincoln-0"] == "informal"


def test_in_degree_counts_nominations_from_other_schools():
    G = school(10, [2])
    school(5, [], name="Adams", G=G)
    G.add_edge("Adams-0", "Lincoln-0", relations=("advice",), weight=1.0)
    assert statuses(G)["Lincoln-0"] == "informal"


def test_each_school_is_ranked_separately():
    G = school(10, [6])
    school(10, [3], name="Adams", G=G)
    s = statuses(G)
    assert s["Lincoln-0"] == s["Adams-0"] == "informal"


def test_named_as_a_leader_counts_too():
    G = school(10, [6, 0])
    G.graph["relations"] = G.graph["name_generators"] = ["advice", "leadership"]
    for source in ("Lincoln-7", "Lincoln-8", "Lincoln-9"):
        G.add_edge(source, "Lincoln-1", relations=("leadership",), weight=1.0)
    status, reason = leader_status(G)["Lincoln-1"]
    assert status == "informal" and reason == "named as a leader by 3 colleagues"
    assert statuses(G, leadership_relation=None)["Lincoln-1"] == "none"


def test_district_staff_form_one_unit():
    G = school(10, [3])
    G.add_node("d1", school="Central Office", level="district", formal_leader=False)
    G.add_node("d2", school="", level="district", formal_leader=False)
    assert school_units(G)["d2"] == "Central Office"
    for source in ("Lincoln-9", "Lincoln-8", "Lincoln-7", "d2"):
        G.add_edge(source, "d1", relations=("advice",), weight=1.0)
    s, reason = leader_status(G)["d1"]
    assert s == "informal" and "Central Office (rank 1 of 2)" in reason


def test_isolation_statuses():
    G = nx.DiGraph([("named_me", "nonrespondent_named"), ("talker", "named_me"),
                    ("silent_nonrespondent_with_tie", "named_me")])
    G.add_nodes_from(["alone", "nonrespondent_alone"])
    responded = {"named_me": True, "talker": True, "alone": True, "nonrespondent_named": False,
                 "nonrespondent_alone": False, "silent_nonrespondent_with_tie": False}
    nx.set_node_attributes(G, responded, "responded")
    assert isolation_status(G) == {
        "named_me": "connected", "nonrespondent_named": "connected", "talker": "not_sought",
        "silent_nonrespondent_with_tie": "unknown", "alone": "isolated",
        "nonrespondent_alone": "unknown"}


def test_non_respondents_are_never_isolated():
    G = school(12, [1, 3])
    for v in list(G)[::2]:
        G.nodes[v]["responded"] = False
    status = isolation_status(G)
    assert all(status[v] != "isolated" for v in G if not G.nodes[v]["responded"])
    assert {status[v] for v in G if not G.nodes[v]["responded"]} <= {"unknown", "connected"}


def test_brokers_within_a_school():
    # Two cliques joined only through "bridge": the highest betweenness, so a broker.
    G = nx.DiGraph()
    left, right = [f"l{i}" for i in range(4)], [f"r{i}" for i in range(4)]
    for group in (left, right):
        G.add_edges_from((u, v) for u in group for v in group if u != v)
    G.add_edges_from([("l0", "bridge"), ("bridge", "l0"), ("r0", "bridge"), ("bridge", "r0")])
    nx.set_node_attributes(G, "Lincoln", "school")
    nx.set_node_attributes(G, "classroom", "level")
    found = brokers(G)
    assert list(found) == ["bridge"]
    assert found["bridge"].startswith("high betweenness within Lincoln (rank 1 of 9)")


def test_brokers_across_schools_rank_across_the_district():
    # A district coach is asked by all ten teachers and asks Lincoln0 and Adams0. To Lincoln0 the
    # coach relays 4 Lincoln questions (itinerant: both ends in Lincoln) and 5 from Adams
    # (liaison: three units); the same again to Adams0.
    G = nx.DiGraph()
    for s in ("Lincoln", "Adams"):
        for i in range(5):
            G.add_node(f"{s}{i}", school=s, level="classroom")
            G.add_edge(f"{s}{i}", "coach")
        G.add_edge("coach", f"{s}0")
    G.add_node("coach", school="Office", level="district")
    found = brokers(G)
    assert list(found) == ["coach"]
    assert found["coach"] == (
        "brokers across schools 18 times (itinerant 8, liaison 10), rank 1 of 11 staff; "
        "brokers across levels 18 times (itinerant 18), rank 1 of 11 staff")


def test_level_matrix_always_has_three_levels():
    G = nx.DiGraph([("t", "p"), ("p", "x")])
    nx.set_node_attributes(G, {"t": "classroom", "p": "school", "x": "board"}, "level")
    matrix = level_matrix(G)
    assert list(matrix) == ["classroom", "school", "district", "board"]
    assert matrix["classroom"] == {"classroom": 0, "school": 1, "district": 0, "board": 0}
    assert matrix["district"] == dict.fromkeys(matrix, 0)


def test_leadership_spread_counts_leaders_at_each_level():
    G = school(10, [4, 0, 0], formal={1})
    G.add_node("d", school="Office", level="district", formal_leader=True, role="Coordinator")
    G.add_edge("Lincoln-0", "d", relations=("advice",), weight=1.0)
    spread = leadership_spread(G)
    assert spread["classroom"]["informal_leaders"] == 1
    assert spread["classroom"]["formal_leaders"] == 1
    assert spread["district"]["formal_leaders"] == 1
    assert math.isclose(spread["district"]["nomination_share"], 1 / 5)
    assert spread["matrix"]["classroom"]["district"] == 1
    assert sum(sum(row.values()) for row in spread["matrix"].values()) == G.number_of_edges()


def test_school_distribution():
    # Everyone names the principal: fully centralized, no nominations to non-formal staff.
    G = nx.DiGraph([(f"t{i}", "p") for i in range(4)])
    nx.set_node_attributes(G, "Lincoln", "school")
    nx.set_node_attributes(G, {v: v == "p" for v in G}, "formal_leader")
    d = school_distribution(G)["Lincoln"]
    assert d["in_degree_centralization"] == 1.0 and d["non_formal_share"] == 0.0
    assert math.isclose(d["gini"], 0.8)


def test_teams():
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d")])
    nx.set_node_attributes(G, "Lincoln", "school")
    nx.set_node_attributes(G, {"a": "G3", "b": "G3", "c": "G4", "d": ""}, "team")
    t = team_ties(G)
    assert t["Lincoln/G3"]["no_tie_out"] and t["Lincoln/G3"]["internal_tie_share"] == 1.0
    assert t["Lincoln/G4"]["ties_out"] == 1 and t["Lincoln/G4"]["internal_tie_share"] == 0.0
    assert math.isnan(t["Lincoln/G4"]["density"])  # one member: no possible tie
    assert set(t) == {"Lincoln/G3", "Lincoln/G4"}


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), max_size=40))
def test_higher_counts_match_brute_force(pairs):
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=float)
    expected = [sum(1 for g2, v2 in pairs if g2 == g and v2 > v) for g, v in pairs]
    assert _higher_counts(values, groups).tolist() == expected


@pytest.mark.parametrize("share", [0.05, 0.1, 0.25])
def test_allowed_is_ceiling(share):
    sizes = np.arange(0, 500)
    assert _allowed(share, sizes).tolist() == [math.ceil(round(share * s, 9)) for s in sizes]
