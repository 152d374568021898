"""Exports: formula escaping in CSV and XLSX, every format written atomically, analysis folders read back."""

import json
import math

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from plnetwork.export import (EXPORT_FORMATS, escape_formula, graph_for_export, graph_from_export,
                              read_outputs, unescape_formula, write_csv, write_exports, write_graphml,
                              write_outputs, write_parquet, write_xlsx)

ATTACK = "=cmd|' /C calc'!A0"


@pytest.fixture
def people():
    return pd.DataFrame({"staff_id": ["007", "2", "3"], "name": [ATTACK, "+1 555", "Ann Lee"],
                         "in_degree": [3, 0, 1], "note": ["@SUM(A1)", "-x", "\tTab"]})


def test_xlsx_writes_formula_like_names_as_escaped_text(tmp_path, people):
    write_xlsx({"people": people, "ties": pd.DataFrame({"source_id": ["007"], "target_id": ["2"]})},
               tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["people", "ties"]
    sheet = book["people"]
    cell = sheet["B2"]
    assert cell.value == "'" + ATTACK and cell.data_type == "s"
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" and not c.value.startswith(("=", "+", "-", "@", "\t")) for c in texts)
    assert sheet["A2"].value == "007" and sheet["C2"].value == 3


def test_csv_escapes_and_keeps_ids_as_written(tmp_path, people):
    path = write_csv(people, tmp_path / "people.csv")
    text = path.read_text(encoding="utf-8")
    assert "'" + ATTACK in text and "\n" + ATTACK not in text and "'+1 555" in text
    assert pd.read_csv(path, dtype=str)["staff_id"].tolist() == ["007", "2", "3"]
    assert unescape_formula(escape_formula(ATTACK)) == ATTACK


def test_write_exports_writes_every_format_and_leaves_no_temporary_files(tmp_path, people):
    G = nx.DiGraph(relations=["advice"])
    G.add_node("007", name=ATTACK, school="Oak")
    G.add_node("2", name="B", school="Oak")
    G.add_edge("2", "007", relations=("advice",), weights={"advice": 2.0}, weight=2.0)
    issues = pd.DataFrame({"code": ["x"], "value": [None]}).astype(object)
    issues.loc[0, "value"] = 3  # an issue's value: text in one row, a number in another
    issues = pd.concat([issues, pd.DataFrame({"code": ["y"], "value": ["Ann"]})], ignore_index=True)
    written = write_exports({"people": people, "issues": issues}, G, tmp_path, EXPORT_FORMATS)
    assert sorted(written) == ["issues.json", "issues.parquet", "network.gexf", "people.json",
                               "people.parquet", "tables.xlsx"]
    assert pd.read_parquet(tmp_path / "people.parquet")["staff_id"].tolist() == ["007", "2", "3"]
    assert json.loads((tmp_path / "people.json").read_text())[0]["name"] == ATTACK
    gexf = nx.read_gexf(tmp_path / "network.gexf")
    assert gexf.nodes["007"]["name"] == ATTACK and gexf.edges["2", "007"]["weight_advice"] == 2.0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_parquet_of_mixed_object_column(tmp_path):
    frame = pd.DataFrame({"value": pd.Series([1, "a", None], dtype=object)})
    back = pd.read_parquet(write_parquet(frame, tmp_path / "x.parquet"))["value"]
    assert back.tolist()[:2] == ["1", "a"] and back.isna().tolist() == [False, False, True]


def test_graph_round_trips_through_graphml(tmp_path):
    G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice", "learning"])
    G.add_node("01", name="A", responded=True)
    G.add_node("02", name="B", responded=False)
    G.add_edge("01", "02", relations=("advice", "learning"), weights={"advice": 1.0, "learning": 3.0},
               weight=3.0)
    write_graphml(G, tmp_path / "g.graphml")
    back = graph_from_export(nx.read_graphml(tmp_path / "g.graphml"))
    assert back.graph["name_generators"] == ["advice", "learning"]
    assert back.edges["01", "02"]["relations"] == ("advice", "learning")
    assert back.edges["01", "02"]["weights"] == {"advice": 1.0, "learning": 3.0}
    assert back.nodes["02"]["responded"] is False
    assert graph_for_export(back).edges["01", "02"]["relations"] == "advice;learning"


def typed(data: dict) -> dict:
    """Attributes as ``{name: (type, value)}``, NaN as the text "nan" (NaN != NaN)."""
    return {k: (type(v).__name__, "nan" if isinstance(v, float) and math.isnan(v) else v)
            for k, v in data.items()}


def typed_graph(G) -> tuple:
    graph = {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}
    return (typed(graph), [(n, typed(d)) for n, d in G.nodes(data=True)],
            sorted((u, v, sorted(typed(d).items())) for u, v, d in G.edges(data=True)))


@pytest.fixture
def mixed_graph():
    """Text, whole numbers, numbers, yes/no, a measure undefined for someone (no closeness), text some
    people lack (no team), a value of two types, text XML must escape, relations and their weights."""
    G = nx.DiGraph(relations=["advice", "learning"], name_generators=["advice"], note="a & b")
    G.add_node("007", name='<a href="x">Ann</a> & co', school="Oak", in_degree=3, pagerank=0.25,
               formal_leader=True, closeness=0.75, years="12", team="T1")
    G.add_node("2", name=ATTACK, school="Oak", in_degree=0, pagerank=0.0, formal_leader=False, years=7)
    G.add_node("3", name="Bo\tDiaz", school="", in_degree=1, pagerank=1e-05, formal_leader=False,
               closeness=0.5, years="")
    G.add_edge("2", "007", relations=("advice", "learning"), weights={"advice": 2.0, "learning": 1.0},
               weight=2.0, source="free_text")
    G.add_edge("3", "007", relations=("learning",), weights={"learning": 3.0}, weight=3.0, match="exact")
    G.add_edge('x&"<y', "3", relations=("advice",), weights={"advice": 1.0}, weight=1.0, match="fuzzy")
    return G


def test_graphml_reads_back_with_every_attribute_and_type(tmp_path, mixed_graph):
    written = write_graphml(mixed_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(written)
    expected = graph_for_export(mixed_graph)
    assert typed_graph(back) == typed_graph(expected)
    assert back.nodes["007"]["in_degree"] == 3 and back.nodes["007"]["formal_leader"] is True
    assert back.nodes["2"]["closeness"] != back.nodes["2"]["closeness"]        # missing measure: NaN
    assert back.nodes["2"]["team"] == "" and back.nodes["2"]["years"] == 7      # missing text: ""
    assert back.nodes["007"]["years"] == "12"                                  # a second type, kept
    assert back.edges["3", "007"]["weight_advice"] == 0.0 and back.edges["3", "007"]["source"] == ""
    assert back.nodes["007"]["name"] == '<a href="x">Ann</a> & co' and back.graph["note"] == "a & b"
    assert back.has_edge('x&"<y', "3") and back.nodes['x&"<y']["name"] == ""


def test_graphml_is_read_as_networkx_writes_it(tmp_path, mixed_graph):
    """The streamed file and NetworkX's own ``write_graphml`` of the exported graph read back the same."""
    write_graphml(mixed_graph, tmp_path / "ours.graphml")
    nx.write_graphml(graph_for_export(mixed_graph), tmp_path / "networkx.graphml")
    ours, theirs = (nx.read_graphml(tmp_path / name) for name in ("ours.graphml", "networkx.graphml"))
    assert typed_graph(ours) == typed_graph(theirs)
    assert list(ours) == list(theirs) and list(ours.edges) == list(theirs.edges)


def test_graphml_of_graphs_without_attributes(tmp_path):
    for G in (nx.DiGraph(), nx.DiGraph([("a", "b")])):
        back = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
        assert list(back.edges) == list(G.edges) and back.is_directed()


def test_read_outputs_reads_back_what_was_written(tmp_path, people):
    G = nx.DiGraph()
    G.add_nodes_from(["007", "2", "3"])
    written = write_outputs({"people": people, "summary": {"network": {"staff": 3}}, "graph": G,
                             "ties": pd.DataFrame({"source_id": ["2"], "target_id": ["007"]})}, tmp_path)
    assert sorted(written) == ["graph", "people", "summary", "ties"]
    back = read_outputs(tmp_path)
    assert back["people"]["staff_id"].tolist() == ["007", "2", "3"]
    assert back["people"]["name"].tolist()[0] == ATTACK       # the escape is undone on reading
    assert back["ties"]["target_id"].tolist() == ["007"] and back["issues"] is None
    assert back["summary"]["network"]["staff"] == 3 and sorted(back["graph"]) == ["007", "2", "3"]


def test_read_outputs_of_a_folder_that_is_not_an_analysis(tmp_path):
    from plnetwork.issues import InputError

    with pytest.raises(InputError, match="no people.csv"):
        read_outputs(tmp_path)
