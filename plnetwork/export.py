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
           "write_json", "write_text", "write_graphml", "write_gexf", "graph_for_export", "FORMULA_PREFIXES"]

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


def write_parquet(frame: pd.DataFrame, path) -> Path:
    return _atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))


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
    # GraphML needs one type per key: make a key that is sometimes missing present everywhere
    for items in (H.nodes.values(), [d for _, _, d in H.edges(data=True)]):
        keys = {k for d in items for k in d}
        for d in items:
            for key in keys - d.keys():
                d[key] = 0.0 if key.startswith("weight_") else ""
    return H


def write_graphml(G: nx.DiGraph, path) -> Path:
    return _atomic(path, lambda tmp: nx.write_graphml(graph_for_export(G), tmp))


def write_gexf(G: nx.DiGraph, path) -> Path:
    return _atomic(path, lambda tmp: nx.write_gexf(graph_for_export(G), tmp))
