"""Generic wide file: one row per respondent, nominations in numbered columns or in one cell.

Numbered columns look like ``nominee1 .. nomineeN``, ``advice_1 .. advice_N`` or ``Learning 2``; a single
cell column (``nominees``, ``advice``, ``learning from`` ...) holds names separated by ``;`` (or by ``,``
where the column never uses ``;``, keeping a cell whole when it is itself a roster name such as
``Doe, Jane``). The column's word gives the relation (advice, learning, leadership); ``nominee``,
``name``, ``colleague`` and ``alter`` take the default relation.
"""

from __future__ import annotations

import re

from ..headers import describe_header, find_columns, normalize_header
from ..issues import INFO, InputError
from ..tables import Table
from .base import RawAnswer, RawResponse, RawSurvey
from .edgelist import EDGE_SYNONYMS

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
    header = table.rows[0]
    identity = find_columns(header, _IDENTITY)
    nominations = nomination_columns(header, context.default_relation, set(identity.values()))
    if not nominations:
        raise InputError.make("wide_header", "is not a wide export: no nomination columns (such as nominee1 "
                              f"or advice) in the first row (found: {describe_header(header)})", file=table.file,
                              row=1)
    known = _known_names(context.roster_names)
    semicolons = {index for index, _, single in nominations if single
                  and any(";" in row[index] for row in table.rows[1:] if index < len(row))}
    survey = RawSurvey(NAME, [table.file], mapping={"format": NAME, "identity": {
        key: header[index] for key, index in identity.items()}, "questions": {
        header[index]: {"relation": relation} for index, relation, _ in nominations}})
    used = set(identity.values()) | {index for index, _, _ in nominations}
    for index, cell in enumerate(header):
        if index not in used and cell.strip():
            survey.issues.add("unknown_column", INFO, "is not an identity or nomination column; not read",
                              file=table.file, row=1, column=cell)
    for offset, cells in enumerate(table.rows[1:]):
        row = offset + 2
        if not any(c.strip() for c in cells):
            continue
        get = lambda key: cells[identity[key]].strip() if key in identity and identity[key] < len(cells) else ""
        ident_column = next((header[identity[k]] for k in ("staff_id", "email", "name") if k in identity), None)
        response = RawResponse(key=f"{table.file}:{row}", file=table.file, row=row, staff_id=get("staff_id")
                               or None, email=get("email") or None, name=get("name") or None,
                               submitted_at=get("submitted_at") or None, column=ident_column,
                               school=get("school") or None)
        survey.responses.append(response)
        for index, relation, single in nominations:
            text = cells[index].strip() if index < len(cells) else ""
            names = _split(text, index in semicolons, known) if single else ([text] if text else [])
            for name in names:
                survey.answers.append(RawAnswer(response=response.key, relation=relation, text=name,
                                                source="free_text", file=table.file, row=row,
                                                column=header[index]))
    return survey


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
