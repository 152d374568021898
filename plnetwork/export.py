"""Write results safely: atomic files, formula-escaped CSV and XLSX, GraphML/GEXF with attributes.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe in CSV and XLSX, so a spreadsheet shows it as text instead of running it (formula injection).
Every file is written to a temporary name in the same folder and renamed into place, so a reader never
sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping

import networkx as nx
import pandas as pd

__all__ = ["escape_formula", "escape_frame", "atomic_path", "write_csv", "write_xlsx", "write_parquet",
           "write_json", "write_text", "write_graphml", "write_gexf", "graph_for_export", "FORMULA_PREFIXES",
           "EXPORT_FORMATS", "write_records_json", "write_exports", "unescape_formula", "read_outputs",
           "write_outputs", "OUTPUT_FILES", "graph_from_export"]

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
    """A copy of ``frame`` whose text cells (and column names) are formula-escaped."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(escape_formula)
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


def _atomic(path, write: Callable[[Path], None]) -> Path:
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_csv(frame: pd.DataFrame, path) -> Path:
    return _atomic(path, lambda tmp: escape_frame(frame).to_csv(tmp, index=False, encoding="utf-8"))


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
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def write_json(data, path) -> Path:
    def write(tmp):
        tmp.write_text(json.dumps(data, indent=2, default=_plain, allow_nan=False, ensure_ascii=False),
                       encoding="utf-8")
    return _atomic(path, write)


def _export_value(value):
    if value is None:
        return ""
    if isinstance(value, (tuple, list, set)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def graph_for_export(G: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML and GEXF can hold: per-relation weights become ``weight_<rel>``."""
    H = nx.DiGraph()
    H.graph.update({k: _export_value(v) for k, v in G.graph.items()})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _export_value(v) for k, v in data.items()})
    for u, v, data in G.edges(data=True):
        attrs = {k: _export_value(val) for k, val in data.items() if k != "weights"}
        for relation, weight in (data.get("weights") or {}).items():
            attrs[f"weight_{relation}"] = float(weight)
        H.add_edge(u, v, **attrs)
    # GraphML and GEXF need one type per key: a key that is sometimes missing is filled everywhere, with
    # NaN where the key is numeric (a measure undefined for that person), else with ""
    for items in (list(H.nodes.values()), [d for _, _, d in H.edges(data=True)]):
        keys = {k for d in items for k in d}
        for key in keys:
            if all(key in d for d in items):
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
    return _atomic(path, lambda tmp: nx.write_graphml(graph_for_export(G), tmp))


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
