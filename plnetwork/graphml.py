"""GraphML written as text, a column of values at a time, instead of through an XML tree.

NetworkX's ``write_graphml`` builds an ElementTree of every node, edge and value before writing: over ten
seconds for 10,000 staff (a million elements), a minute for 50,000. This writer takes the graph as columns
(every node has a value for every node column, likewise for edges) and writes the document NetworkX would:
``<key>`` declarations typed as NetworkX types them (``str`` -> ``string``, ``int`` -> ``long``, ``float``
-> ``double``, ``bool`` -> ``boolean``; a column holding two types gets a key for each), values written as
``str(value)`` and escaped as ElementTree escapes them, so ``networkx.read_graphml`` reads back the same
attributes with the same types. :func:`plnetwork.export.write_graphml` turns a graph into such columns.

Examples
--------
>>> import io
>>> text = "".join(graphml_table_chunks({"name": "demo"}, ["a", "b"], {"size": [2, 3], "ok": [True, False]},
...                                     ["a"], ["b"], {"weight": [0.5]}))
>>> back = nx.read_graphml(io.StringIO(text))
>>> back.nodes["a"], back.edges["a", "b"], back.graph["name"]
({'size': 2, 'ok': True}, {'weight': 0.5}, 'demo')
"""

from __future__ import annotations

from itertools import chain, repeat
from typing import IO, Iterable, Iterator

import networkx as nx

__all__ = ["graphml_table_chunks", "write_chunks"]

_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')

#: Elements formatted at once: enough to keep the work in C, few enough to keep the memory flat.
_CHUNK = 5000


def _text(value: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    value = _text(value)
    for char, entity in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in value:
            value = value.replace(char, entity)
    return value


def _xml_type(kind: type) -> str:
    try:
        return _XML_TYPES[kind]
    except KeyError:
        import numpy as np

        if issubclass(kind, np.integer):
            return "int"
        if issubclass(kind, np.floating):
            return "float"
        raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.") from None


class _Keys:
    """The ``<key>`` declarations, numbered ``d0, d1 ...`` in order of first use, like NetworkX's."""

    def __init__(self):
        self.ids: dict[tuple[str, str, str], str] = {}

    def id(self, name, kind: type, scope: str) -> str:
        key = (str(name), _xml_type(kind), scope)
        if key not in self.ids:
            self.ids[key] = f"d{len(self.ids)}"
        return self.ids[key]

    def declarations(self) -> str:
        # NetworkX inserts each new key before the others: the last one comes first
        return "".join(f'  <key id="{kid}" for="{scope}" attr.name="{_attribute(name)}" '
                       f'attr.type="{xml}" />\n' for (name, xml, scope), kid in reversed(self.ids.items()))


def graphml_table_chunks(graph: dict, nodes: list, node_columns: dict[str, list], sources: list,
                         targets: list, edge_columns: dict[str, list], *, directed: bool = True
                         ) -> Iterator[str]:
    """The GraphML text of a graph, in pieces: its attributes ``graph``, its ``nodes`` with
    ``node_columns[name][i]`` the value of ``name`` for ``nodes[i]``, its edges ``sources[i]`` ->
    ``targets[i]`` with ``edge_columns`` likewise. Values are ``str``, ``int``, ``float`` or ``bool``.
    """
    keys = _Keys()
    graph_data = {k: v for k, v in graph.items() if k not in ("node_default", "edge_default", "id")}
    graph_ids = {name: keys.id(name, type(value), "graph") for name, value in graph_data.items()}
    node_kinds = {name: _kinds(column) for name, column in node_columns.items()}
    edge_kinds = {name: _kinds(column) for name, column in edge_columns.items()}
    for scope, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        for name, found in kinds.items():
            keys.id(name, found[0], scope)
        for name, found in kinds.items():     # a second type in a column gets its own key, as in NetworkX
            for kind in found[1:]:
                keys.id(name, kind, scope)
    yield _HEAD + keys.declarations()
    graph_id = graph.get("id")
    open_graph = (f'  <graph edgedefault="{"directed" if directed else "undirected"}"'
                  + (f' id="{_attribute(str(graph_id))}"' if graph_id is not None else ""))
    if not (nodes or sources or graph_data):
        yield open_graph + " />\n</graphml>\n"
        return
    yield open_graph + ">\n"
    ids = {n: _attribute(str(n)) for n in nodes}
    yield from _elements([(ids[n],) for n in nodes], '    <node id="{}"', "    </node>\n", node_columns,
                         node_kinds, keys, "node")
    yield from _elements(list(zip(map(ids.__getitem__, sources), map(ids.__getitem__, targets))),
                         '    <edge source="{}" target="{}"', "    </edge>\n", edge_columns, edge_kinds,
                         keys, "edge")
    yield "".join(_data(graph_ids[name], value, "    ") for name, value in graph_data.items())
    yield "  </graph>\n</graphml>\n"


def _data(kid: str, value, indent: str) -> str:
    text = _text(value) if type(value) is str else str(value)
    return f'{indent}<data key="{kid}">{text}</data>\n' if text else f'{indent}<data key="{kid}" />\n'


def _kinds(column: list) -> list[type]:
    """The value types of a column, in order of first appearance."""
    return list(dict.fromkeys(map(type, column)))


def _elements(ends: list[tuple], head: str, close: str, columns: dict[str, list], kinds: dict, keys: _Keys,
              scope: str) -> Iterator[str]:
    """The elements of one scope, :data:`_CHUNK` at a time. Each element is its opening tag, then for each
    column a ``<data key=...>`` tag, the value's text and ``</data>``, then its closing tag. These pieces
    are interleaved by ``zip`` and joined once, the fixed text between two values (``</data>`` and the
    next tag) as one piece: no string is built per value but the value's text."""
    if not columns:
        template = head + " />\n"
        yield from _batches(template.format(*end) for end in ends)
        return
    opening = (head + ">\n").format
    for start in range(0, len(ends), _CHUNK):
        stop = min(start + _CHUNK, len(ends))
        segments: list = [[opening(*end) for end in ends[start:stop]]]
        for name in columns:
            segments += [*_data_texts(columns[name][start:stop], name, kinds[name], keys, scope), "</data>\n"]
        segments.append(close)
        pieces: list = []   # per-element lists of text, and fixed texts (adjacent ones merged)
        for segment in segments:
            if isinstance(segment, str) and isinstance(pieces[-1], str):
                pieces[-1] += segment
            else:
                pieces.append(segment)
        if isinstance(pieces[1], str):   # the first tag goes into each opening
            pieces[0:2] = [[text + pieces[1] for text in pieces[0]]]
        yield "".join(chain.from_iterable(zip(*(repeat(p) if isinstance(p, str) else p for p in pieces))))


def _data_texts(values: list, name, kinds: list[type], keys: _Keys, scope: str):
    """The ``<data key=...>`` tag of the values (one string, or one per value where a column mixes
    types) and each value's text (``str(value)``, escaped where text)."""
    tag = {kind: f'      <data key="{keys.id(name, kind, scope)}">' for kind in kinds}
    if len(kinds) == 1:
        kind = kinds[0]
        if kind is str:
            return tag[str], list(map(_text, values)) if _needs_escape(values) else values
        return tag[kind], list(map(str, values))
    texts = [_text(v) if type(v) is str else str(v) for v in values]
    return [tag[type(v)] for v in values], texts


def _needs_escape(texts: list[str]) -> bool:
    """Whether any of ``texts`` has a character XML escapes in text (one join, three searches)."""
    joined = "".join(texts)
    return "&" in joined or "<" in joined or ">" in joined


def _batches(pieces: Iterable[str]) -> Iterator[str]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == _CHUNK:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def write_chunks(chunks: Iterable[str], path_or_file: str | IO[bytes]) -> None:
    """Write text ``chunks`` as UTF-8 to a path or a binary file object."""
    if hasattr(path_or_file, "write"):
        for chunk in chunks:
            path_or_file.write(chunk.encode("utf-8"))
        return
    with open(path_or_file, "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(chunks)
