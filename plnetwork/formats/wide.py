"""Generic wide file: one row per respondent, nominations in numbered columns or in one cell.

Numbered columns look like ``nominee1 .. nomineeN``, ``advice_1 .. advice_N`` or ``Learning 2`` (one name a
cell); a single cell column (``nominees``, ``advice``, ``learning from`` ...) holds names separated by ``;``
(or by ``,`` where the column never uses ``;``, keeping a cell whole when it is itself a roster name such as
``Doe, Jane``). The column's word gives the relation (advice, learning, leadership); ``nominee``,
``name``, ``colleague`` and ``alter`` take the default relation. The respondent's id, email, name, school
and submission time are found by their headers (``staff id``, ``email``, ``name``, ``school``, ``timestamp``).

The file is read like every platform export, through a column mapping (:mod:`plnetwork.formats.mapping`):
the detected one is kept on :attr:`RawSurvey.mapping`, and ``--map`` replaces detection. In a wide file a
relation column's ``split`` means: ``none``, one name a cell; ``";"`` or ``lines`` (the default), names
at semicolons and new lines; ``","``, names at commas, keeping a roster name whole (as written, or as
``Last, First``).
"""

from __future__ import annotations

import re

from ..headers import describe_header, find_columns, normalize_header
from ..issues import INFO, InputError, IssueReport
from ..tables import Table
from .base import RawSurvey
from .edgelist import EDGE_SYNONYMS
from .mapping import read_survey
from .questions import Column, unique_keys

__all__ = ["NAME", "detect", "read", "nomination_columns"]

NAME = "wide"

_IDENTITY = {
    "staff_id": ["staff id", "staff_id", "id", "respondent id", "employee id", "ego", "ego id", "respondent"],
    "email": ["email", "email address", "e mail", "respondent email"],
    "name": ["name", "your name", "respondent name", "full name", "ego name"],
    "school": ["school", "building", "site", "campus", "your school"],
    "submitted_at": EDGE_SYNONYMS["submitted_at"],
}
_WORDS = r"(nominee|nomination|name|colleague|alter|advice|learning|learn from|leadership|leader|contact|person)"
_NUMBERED = re.compile(rf"^{_WORDS}s? ?(\d+)$")
_SINGLE = re.compile(rf"^{_WORDS}s?( from| names?| list)?$")


def _relation(word: str, default: str) -> str:
    if word.startswith("advice"):
        return "advice"
    if word.startswith("learn"):
        return "learning"
    if word.startswith("leader"):
        return "leadership"
    return default


def nomination_columns(header: list[str], default: str, skip: set[int]) -> list[tuple[int, str, bool]]:
    """``(index, relation, single_cell)`` for each column that holds nominations."""
    out = []
    for index, cell in enumerate(header):
        if index in skip:
            continue
        key = normalize_header(cell)
        numbered, single = _NUMBERED.match(key), _SINGLE.match(key)
        if numbered:
            out.append((index, _relation(numbered.group(1), default), False))
        elif single and key not in ("name", "names", "person"):
            out.append((index, _relation(single.group(1), default), True))
    return out


def detect(table: Table) -> float:
    header = table.rows[0]
    identity = find_columns(header, _IDENTITY)
    nominations = nomination_columns(header, "advice", set(identity.values()))
    if not nominations:
        return 0.0
    return 0.6 if {"staff_id", "email", "name"} & identity.keys() else 0.3


def read(table: Table, context) -> RawSurvey:
    """Read a wide file into a :class:`RawSurvey` (see the module docstring for the layout)."""
    header = table.rows[0]
    if not context.mapping and not nomination_columns(header, context.default_relation,
                                                      set(find_columns(header, _IDENTITY).values())):
        raise InputError.make("wide_header", "is not a wide export: no nomination columns (such as nominee1 "
                              f"or advice) in the first row (found: {describe_header(header)})", file=table.file,
                              row=1)
    columns = [Column(index, key, text) for index, (text, key) in enumerate(zip(header, unique_keys(header)))
               if text.strip()]
    return read_survey(table, columns, context, platform=NAME, first_row=1, separator=";",
                       detect=_detect_mapping, splitter=_splitter(context.roster_names))


def _detect_mapping(columns: list[Column], cells, *, default_relation: str, issues: IssueReport, file: str,
                    header_row: int, **_) -> dict[str, dict]:
    """The wide layout's columns by their headers, in the shape :func:`~.mapping.column_mapping` gives."""
    header = [column.text for column in columns]
    identity = find_columns(header, _IDENTITY)
    roles = {position: role for role, position in identity.items()}
    nominations = {position: (relation, single) for position, relation, single
                   in nomination_columns(header, default_relation, set(identity.values()))}
    mapping = {}
    for position, column in enumerate(columns):
        if position in roles:
            mapping[column.key] = {"role": roles[position]}
        elif position in nominations:
            relation, single = nominations[position]
            split = (";" if any(";" in cell for cell in cells(column)) else ",") if single else "none"
            mapping[column.key] = {"role": "relation", "relation": relation, "source": "free_text",
                                   "split": split}
        else:
            mapping[column.key] = {"role": "ignore", "note": "not recognised"}
            issues.add("unknown_column", INFO, "is not an identity or nomination column; not read", file=file,
                       row=header_row, column=column.key)
    return mapping


def _splitter(roster_names):
    """The wide layout's ``splitter`` for :func:`~.answers.answer_reader` (see the module docstring)."""
    known = _known_names(roster_names)

    def split(cell: str, separator: str | None, _names, *, typed: bool = False) -> list[tuple[str, str]]:
        names = [cell.strip()] if separator is None else _split(cell, separator != ",", known)
        source = "free_text" if typed else "choice"
        return [(name, source) for name in names if name]

    return split


def _split(text: str, semicolons: bool, known: set[str]) -> list[str]:
    """A single cell's names: split on ``;`` (or new lines), else on ``,`` keeping roster names whole.

    Examples
    --------
    >>> _split("Doe, Jane, Ann Lee", False, {"doe, jane"})
    ['Doe, Jane', 'Ann Lee']
    >>> _split("Lee, Ann; Bo Diaz", True, set())
    ['Lee, Ann', 'Bo Diaz']
    """
    if not text:
        return []
    if semicolons or "\n" in text:
        parts = re.split(r"[;\n]", text)
    elif _name_key(text) in known:
        parts = [text]
    else:
        parts = _join_known(text.split(","), known)
    return [part.strip() for part in parts if part.strip()]


def _known_names(names) -> set[str]:
    """Roster names as typed in one cell: as written, and ``Last, First`` for ``First Last``.

    Examples
    --------
    >>> sorted(_known_names(["Jane  Doe", "Lee, Ann"]))
    ['doe, jane', 'jane doe', 'lee, ann']
    """
    known = set()
    for name in names:
        key = _name_key(name)
        known.add(key)
        words = key.split()
        if len(words) >= 2 and "," not in key:
            known.add(f"{words[-1]}, {' '.join(words[:-1])}")
    return known


def _name_key(text: str) -> str:
    return " ".join(re.sub(r"\s*,\s*", ", ", text).split()).lower()


def _join_known(parts: list[str], known: set[str]) -> list[str]:
    """Rejoin neighbouring comma-separated parts that together form a roster name (``Doe, Jane``)."""
    out, i = [], 0
    while i < len(parts):
        pair = ",".join(parts[i:i + 2])
        if i + 1 < len(parts) and _name_key(pair) in known:
            out.append(pair)
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out
