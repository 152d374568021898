"""Write results safely: atomic files, formula-escaped CSV and XLSX, GraphML/GEXF with attributes.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe in CSV and XLSX, so a spreadsheet shows it as text instead of running it (formula injection).
Every file is written to a temporary name in the same folder and renamed into place, so a reader never
sees half a file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import tempfile
from collections import Counter
from itertools import chain
from pathlib import Path
from typing import Callable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["escape_formula", "escape_frame", "atomic_path", "write_csv", "write_xlsx", "write_parquet",
           "write_json", "write_text", "write_graphml", "write_gexf", "graph_for_export", "FORMULA_PREFIXES",
           "EXPORT_FORMATS", "write_records_json", "write_exports", "unescape_formula", "read_outputs",
           "write_outputs", "OUTPUT_FILES", "graph_from_export", "gc_paused"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``"=cmd|' /C calc'!A0"`` -> ``"'=cmd|' /C calc'!A0"``; other values unchanged.

    Examples
    --------
    >>> escape_formula("=HYPERLINK(\\"http://x\\")"), escape_formula("Ann"), escape_formula(-3)
    ('\\'=HYPERLINK("http://x")', 'Ann', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are formula-escaped.

    >>> escape_frame(pd.DataFrame({"a": ["=1", "x"], "b": [1, "-2"]})).values.tolist()
    [["'=1", 1], ['x', "'-2"]]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            # only the cells that need it are rewritten (a vectorized test, then a Python call per hit)
            is_text = values.map(type).eq(str) if values.dtype == object else values.notna()
            hits = is_text & values.where(is_text, "").astype(str).str.startswith(FORMULA_PREFIXES)
            if hits.any():
                values = values.copy()
                values[hits] = values[hits].map(escape_formula)
                out[column] = values
    out.columns = [escape_formula(str(c)) for c in out.columns]
    return out


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; rename it onto ``path`` when the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector for a block that builds many objects that all stay alive
    (columns of a large graph, the report's tables). Otherwise the collector scans them again and again as
    they accumulate: over a second of the three GraphML takes for 50,000 staff. Reference counting still
    frees memory meanwhile; the collector's previous state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _atomic(path, write: Callable[[Path], None]) -> Path:
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_csv(frame: pd.DataFrame, path) -> Path:
    out = escape_frame(frame)
    for column in out.columns:   # pandas writes Python strings faster than Arrow-backed ones
        if pd.api.types.is_string_dtype(out[column]) and out[column].dtype != object:
            out[column] = out[column].astype(object)
    return _atomic(path, lambda tmp: out.to_csv(tmp, index=False, encoding="utf-8"))


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path) -> Path:
    """One sheet per table; text cells are escaped and written as strings, never as formulas."""
    def write(tmp):
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                escape_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            for sheet in writer.book.worksheets:   # openpyxl reads "=..." as a formula: force text
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str) and cell.data_type == "f":
                            cell.data_type = "s"
    return _atomic(path, write)


def write_text(text: str, path) -> Path:
    return _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns mixing types (an issue's ``value``: text here, a number there) become text."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            kinds = {type(v) for v in out[column] if not _missing(v)}
            if len(kinds) > 1 or not kinds <= {str, bool, int, float}:
                out[column] = out[column].map(lambda v: None if _missing(v) else str(v))
    out.columns = [str(c) for c in out.columns]
    return out


def write_parquet(frame: pd.DataFrame, path) -> Path:
    return _atomic(path, lambda tmp: _parquet_safe(frame).to_parquet(tmp, index=False))


def _plain(value):
    """JSON for what ``json`` cannot write itself: NumPy scalars (floats, NaN included, never reach here)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def write_json(data, path) -> Path:
    def write(tmp):
        tmp.write_text(json.dumps(data, indent=2, default=_plain, allow_nan=False, ensure_ascii=False),
                       encoding="utf-8")
    return _atomic(path, write)


def _export_value(value):
    kind = type(value)
    if kind is str or kind is int or kind is bool:   # most values: checked first, by exact type
        return value
    if kind is float:
        return "" if math.isnan(value) else value
    if value is None:
        return ""
    if isinstance(value, (tuple, list, set)):
        return ";".join(map(str, value))
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


_KEEP = frozenset({str, int, bool})


def _export_items(G: nx.DiGraph) -> tuple[dict, list, list]:
    """The graph's, nodes' and edges' attributes as GraphML and GEXF can hold them (see
    :func:`graph_for_export`): ``(graph_attrs, [(node, attrs)], [(u, v, attrs)])``."""
    value, keep = _export_value, _KEEP
    graph = {k: value(v) for k, v in G.graph.items()}
    # values already plain (text, whole numbers, yes/no, numbers that are not NaN) are kept without a
    # call: nearly all of them
    nodes = [(node, {k: v if type(v) in keep or (type(v) is float and v == v) else value(v)
                     for k, v in data.items()}) for node, data in G.nodes(data=True)]
    edges = []
    for u, v, data in G.edges(data=True):
        attrs = {k: val if type(val) in keep or (type(val) is float and val == val) else value(val)
                 for k, val in data.items() if k != "weights"}
        for relation, weight in (data.get("weights") or {}).items():
            attrs[f"weight_{relation}"] = float(weight)
        edges.append((u, v, attrs))
    _fill_missing([d for _, d in nodes])
    _fill_missing([d for _, _, d in edges])
    return graph, nodes, edges


def _fill_missing(items: list[dict]) -> None:
    """GraphML and GEXF need one type per key: a key that is sometimes missing is filled everywhere, with
    NaN where the key is numeric (a measure undefined for that person), else with ``""``."""
    counts = Counter(chain.from_iterable(items))
    for key, count in counts.items():
        if count == len(items):
            continue
        present = [d[key] for d in items if key in d]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
        for d in items:
            if key.startswith("weight_"):
                d.setdefault(key, 0.0)
            elif numeric:
                d[key] = float(d.get(key, math.nan))
            else:
                d.setdefault(key, "")


class _Missing:
    """A value a node or edge does not have."""


_MISSING = _Missing()


def _export_column(values: list, key) -> list:
    """One attribute of every node (or edge) as :func:`_export_items` makes it: plain values, and a key
    missing for some filled in (NaN where numeric, ``""`` otherwise, ``0.0`` for a ``weight_`` key)."""
    kinds = set(map(type, values))
    if not kinds <= _KEEP:    # most columns are text or whole numbers throughout: nothing to convert
        values = [v if v is _MISSING or type(v) in _KEEP or (type(v) is float and v == v)
                  else _export_value(v) for v in values]
    if _Missing not in kinds:
        return values
    if isinstance(key, str) and key.startswith("weight_"):
        return [0.0 if v is _MISSING else v for v in values]
    present = [v for v in values if v is not _MISSING]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return [math.nan if v is _MISSING else float(v) for v in values]
    return ["" if v is _MISSING else v for v in values]


def _columns(items: list[dict]) -> dict[object, list]:
    """The items' values by key, in order of first appearance, :data:`_MISSING` where an item has none.

    Items are grouped by their keys (a graph's nodes have one or two such layouts) and each group is
    transposed in C, not read value by value.
    """
    layouts: dict[tuple, list[int]] = {}
    for i, item in enumerate(items):
        layouts.setdefault(tuple(item), []).append(i)
    if len(layouts) == 1:
        (keys, _), = layouts.items()
        return {key: list(column) for key, column in zip(keys, zip(*map(dict.values, items)))}
    columns = {key: np.full(len(items), _MISSING, dtype=object)
               for key in dict.fromkeys(chain.from_iterable(layouts))}
    for keys, rows in layouts.items():
        values = zip(*map(dict.values, map(items.__getitem__, rows)))
        at = np.asarray(rows)
        for key, column in zip(keys, values):
            columns[key][at] = np.fromiter(column, dtype=object, count=len(rows))
    return {key: column.tolist() for key, column in columns.items()}


def _export_columns(G: nx.DiGraph):
    """The graph's attributes, and its nodes' and edges' attributes by column (every column complete), as
    :func:`graph_for_export` makes them: ``(graph, nodes, node_columns, sources, targets, edge_columns)``.

    Column by column is several times faster than element by element for a graph of 50,000 staff.
    """
    graph = {k: _export_value(v) for k, v in G.graph.items()}
    nodes, node_data = list(G), [d for _, d in G.nodes(data=True)]
    node_columns = {key: _export_column(column, key) for key, column in _columns(node_data).items()}
    # the adjacency, read directly: the same edges in the same order as G.edges, several times faster
    sources = [u for u, neighbours in G.adjacency() for _ in neighbours]
    targets = [v for _, neighbours in G.adjacency() for v in neighbours]
    data = [d for _, neighbours in G.adjacency() for d in neighbours.values()]
    weights = [d.get("weights") or {} for d in data]
    edge_columns = {key: _export_column(column, key) for key, column in _columns(data).items()
                    if key != "weights"}
    for relation in dict.fromkeys(chain.from_iterable(weights)):
        edge_columns[f"weight_{relation}"] = [float(w[relation]) if relation in w else 0.0 for w in weights]
    return graph, nodes, node_columns, sources, targets, edge_columns


def graph_for_export(G: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML and GEXF can hold: per-relation weights become ``weight_<rel>``,
    tuples and lists are joined with ``;``, a numeric key missing for some nodes or edges is NaN there (a
    measure undefined for that person), any other missing key ``""``."""
    graph, nodes, edges = _export_items(G)
    H = nx.DiGraph()
    H.graph.update(graph)
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


_LIST_GRAPH_ATTRIBUTES = ("relations", "name_generators")


def graph_from_export(H: nx.DiGraph) -> nx.DiGraph:
    """The inverse of :func:`graph_for_export` for a graph read back from GraphML or GEXF: ``relations``
    as tuples again, ``weight_<relation>`` as ``weights``, the graph's relation lists as lists.

    Examples
    --------
    >>> G = nx.DiGraph(relations=["advice", "learning"])
    >>> G.add_edge("1", "2", relations=("advice", "learning"), weights={"advice": 1.0, "learning": 2.0})
    >>> back = graph_from_export(graph_for_export(G))
    >>> back.edges["1", "2"]["relations"], back.edges["1", "2"]["weights"], back.graph["relations"]
    (('advice', 'learning'), {'advice': 1.0, 'learning': 2.0}, ['advice', 'learning'])
    """
    G = nx.DiGraph()
    G.graph.update({k: v for k, v in H.graph.items() if k not in ("node_default", "edge_default")})
    for key in _LIST_GRAPH_ATTRIBUTES:
        if isinstance(G.graph.get(key), str):
            G.graph[key] = [part for part in G.graph[key].split(";") if part]
    G.add_nodes_from(H.nodes(data=True))
    for u, v, data in H.edges(data=True):
        attrs = {k: val for k, val in data.items() if not k.startswith("weight_")}
        if isinstance(attrs.get("relations"), str):
            attrs["relations"] = tuple(part for part in attrs["relations"].split(";") if part)
        weights = {k[len("weight_"):]: float(val) for k, val in data.items() if k.startswith("weight_")}
        relations = attrs.get("relations") or ()
        attrs["weights"] = {r: weights.get(r, 1.0) for r in relations} if relations else weights
        G.add_edge(u, v, **attrs)
    return G


def write_graphml(G: nx.DiGraph, path) -> Path:
    """``G`` as GraphML, its attributes as :func:`graph_for_export` makes them, written column by column
    (:mod:`plnetwork.graphml`): ``nx.read_graphml`` reads back what it reads from
    ``nx.write_graphml(graph_for_export(G))`` (the same nodes, edges, attributes and types), written in a
    twentieth of the time."""
    from .graphml import graphml_table_chunks, write_chunks

    with gc_paused():
        columns = _export_columns(G)
        return _atomic(path, lambda tmp: write_chunks(graphml_table_chunks(*columns), tmp))


def write_gexf(G: nx.DiGraph, path) -> Path:
    return _atomic(path, lambda tmp: nx.write_gexf(graph_for_export(G), tmp))


def write_records_json(frame: pd.DataFrame, path) -> Path:
    """A table as a JSON list of records (missing values as ``null``)."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return write_json(records, path)


#: The extra export formats of ``plnetwork analyze --export``.
EXPORT_FORMATS = ("xlsx", "parquet", "json", "gexf")


def write_exports(tables: Mapping[str, pd.DataFrame], G: nx.DiGraph | None, out_dir, formats
                  ) -> dict[str, Path]:
    """Write ``tables`` (name -> frame) and the graph in each of ``formats`` (see :data:`EXPORT_FORMATS`).

    ``xlsx`` -> one workbook ``tables.xlsx`` with a sheet per table; ``parquet`` and ``json`` -> one file
    per table (``people.parquet``, ``people.json`` ...); ``gexf`` -> ``network.gexf`` for Gephi.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> written = write_exports({"people": pd.DataFrame({"staff_id": ["1"]})}, None, out, ["json", "xlsx"])
    >>> sorted(written)
    ['people.json', 'tables.xlsx']
    """
    out = Path(out_dir)
    written: dict[str, Path] = {}
    for fmt in dict.fromkeys(f.lower() for f in formats):
        if fmt == "xlsx":
            written["tables.xlsx"] = write_xlsx(tables, out / "tables.xlsx")
        elif fmt in ("parquet", "json"):
            writer = write_parquet if fmt == "parquet" else write_records_json
            for name, frame in tables.items():
                written[f"{name}.{fmt}"] = writer(frame, out / f"{name}.{fmt}")
        elif fmt == "gexf":
            if G is not None:
                written["network.gexf"] = write_gexf(G, out / "network.gexf")
        else:
            raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    return written


def unescape_formula(value):
    """The inverse of :func:`escape_formula`, for reading back a file this module wrote.

    >>> unescape_formula(escape_formula("=1+2")), unescape_formula("'quoted'")
    ('=1+2', "'quoted'")
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


#: The files of an analysis folder, by the key :func:`read_outputs` returns them under.
OUTPUT_FILES = {"people": "people.csv", "ties": "ties.csv", "issues": "issues.csv",
                "summary": "summary.json", "graph": "network.graphml"}

_ID_COLUMNS = {"people": ["staff_id"], "ties": ["source_id", "target_id"],
               "issues": ["file", "column", "value", "message"]}


def _read_csv(path: Path, text_columns) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={c: str for c in text_columns}, keep_default_na=False,
                        na_values=[""], encoding="utf-8")
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(unescape_formula)
    return frame


def read_outputs(folder) -> dict:
    """Read back the files ``plnetwork analyze --out FOLDER`` wrote (``people``, ``ties``, ``issues``,
    ``summary``, ``graph``); a missing file is ``None``, except ``people.csv`` which must exist."""
    folder = Path(folder)
    if not (folder / OUTPUT_FILES["people"]).is_file():
        from .issues import InputError

        raise InputError.make("not_an_analysis", "is not an analysis folder (no people.csv): run "
                              "plnetwork analyze ... --out on it first", file=str(folder))
    outputs: dict = {"folder": folder}
    for key, name in OUTPUT_FILES.items():
        path = folder / name
        if not path.is_file():
            outputs[key] = None
        elif key == "summary":
            outputs[key] = json.loads(path.read_text(encoding="utf-8"))
        elif key == "graph":
            outputs[key] = graph_from_export(nx.read_graphml(path))
        else:
            outputs[key] = _read_csv(path, _ID_COLUMNS[key])
    return outputs


def write_outputs(outputs: Mapping, out_dir) -> dict[str, Path]:
    """Write the tables of :func:`read_outputs` (the same names) into ``out_dir``; returns them by key."""
    out = Path(out_dir)
    written: dict[str, Path] = {}
    for key, name in OUTPUT_FILES.items():
        value = outputs.get(key)
        if value is None:
            continue
        if key == "summary":
            written[key] = write_json(value, out / name)
        elif key == "graph":
            written[key] = write_graphml(value, out / name)
        else:
            written[key] = write_csv(value, out / name)
    return written
