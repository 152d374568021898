"""What a survey column asks: identity, a colleague (name-generator) question, a grid, metadata.

Platform readers describe their columns as :class:`Column` objects (the export tag or header, the question
text, and — for per-choice and grid columns — the choice or row the column stands for); this module turns
them into the column mapping (:func:`detect_mapping`) that :mod:`plnetwork.formats.mapping` applies and
writes out. What a cell holds (names, scales) is :mod:`plnetwork.formats.answers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from ..headers import normalize_header
from ..issues import INFO, IssueReport
# NameSet, fold, scale_for and split_names are also imported from here by older code and tests
from .answers import CHECKED, UNCHECKED, NameSet, fold, is_none_answer, scale_for, scale_labels, split_names

__all__ = ["Column", "Question", "ROLES", "IDENTITY_ROLES", "EDGE_ROLES", "classify_header", "relation_of",
           "parse_limit", "split_grid_header", "detect_mapping", "resolve_kinds", "unique_keys", "grid_cells"]

IDENTITY_ROLES = ("email", "name", "first_name", "last_name", "staff_id", "school")
#: The columns of an edge list (one row a tie): who answered, whom they named, the tie's relation and weight.
EDGE_ROLES = ("respondent", "nominee", "relation_label", "weight")
#: What a column can be in a mapping.
ROLES = IDENTITY_ROLES + ("submitted_at", "relation", "ignore") + EDGE_ROLES


@dataclass(frozen=True)
class Column:
    """One column of an export, as its reader understands the layout.

    ``key`` is what a mapping names it by (the export tag, or the header); ``text`` the question text
    shown to respondents; ``stem`` the question without its choice or row part; ``choice`` the option or
    grid row the column stands for. ``kind`` is ``"cell"`` (the whole answer is in the cell), ``"typed"``
    (a text box: the cell holds typed names), ``"option"`` (one checkbox: set when chosen), ``"grid"`` (a
    scale answer about ``choice``), ``"other"`` (the typed text of an "Other" choice) or ``"rows"`` (a
    sub-column whose kind the cells decide). ``role`` is a role the platform fixes (its metadata columns).
    """

    index: int
    key: str
    text: str
    stem: str = ""
    choice: str | None = None
    kind: str = "cell"
    role: str | None = None

    @property
    def question(self) -> str:
        return self.stem or self.text


@dataclass(frozen=True)
class Question:
    """What a header says: its ``role``, and for a colleague question its relation and limit."""

    role: str                       # one of ROLES, or "unknown"
    relation: str | None = None
    limit: int | None = None
    followup: bool = False          # "Anyone else ...?": adds to the relation of the question before


# --- header classification ---------------------------------------------------------------------------

_SUBMITTED = {"timestamp", "completion time", "last modified time", "end date", "enddate", "recorded date",
              "recordeddate", "submitted at", "submission date", "date submitted", "survey timestamp",
              "submitted", "completed at"}
_METADATA = {"id", "start time", "start date", "startdate", "response id", "responseid", "respondent id",
             "collector id", "ip address", "ipaddress", "status", "response type", "progress",
             "duration in seconds", "duration", "finished", "distribution channel", "distributionchannel",
             "user language", "userlanguage", "external data reference", "externalreference",
             "externaldatareference", "response set", "responseset", "score", "total points", "quiz feedback",
             "record id", "custom data 1", "custom data", "complete", "survey identifier", "language",
             "location latitude", "location longitude", "locationlatitude", "locationlongitude"}
_METADATA_PATTERN = re.compile(r"^(q |v\d+$|redcap |points |feedback )|latitude|longitude| complete$")

_EMAIL = re.compile(r"\be ?mail\b|\bemailaddress\b|\brecipientemail\b")
_SELF_NAME = re.compile(r"\byour (full |first and last |own )?name\b|^(full |respondent |recipient )?name$"
                        r"|^(name|full name) of respondent$")
_FIRST = re.compile(r"^(your )?(first|given) name$|^recipient ?first ?name$|^firstname$")
_LAST = re.compile(r"^(your )?(last|family|sur) ?name$|^recipient ?last ?name$|^lastname$")
_STAFF_ID = re.compile(r"\b(staff|employee|teacher|educator|personnel) (id|number|no)\b|\byour id\b")
_SCHOOL = re.compile(r"^(your |which |what )?(school|building|campus|site|work ?place)( name)?$"
                     r"|\b(which|what) (school|building|campus)\b|\bschool do you\b|\byour school\b")

_LEADERSHIP = re.compile(r"\bleaders?\b|\bleadership\b|\bleads\b")
_LEARNING = re.compile(r"\blearn(s|ed|t)?\b")
_ADVICE = re.compile(r"\badvice\b|\badvise\b|\bgo(es)? to\b|\bturn to\b|\bask\w*\b.*\b(help|questions?)\b"
                     r"|\bfor help\b|\bhelp (with|you)\b|\bconsult\b|\brely on\b|\bseek\b")
_FREQUENCY = re.compile(r"\bhow (often|frequently)\b|\bfrequency\b|\bhow many times\b")
_COLLEAGUE = re.compile(r"\b(who|whom|whose|colleagues?|co ?workers?|peers?|staff|educators?|teachers?|"
                        r"people|person|persons|someone|somebody|anyone|anybody)\b")
_FOLLOWUP = re.compile(r"\b(anyone|anybody|someone|somebody|who) else\b|\bother (colleagues?|people|staff|"
                       r"names?|persons?)\b|\bnot (on|in) (the|this) list\b|\bnot listed\b|\badditional "
                       r"(colleagues|names|people)\b|^others?\b")


def _words(text: str) -> str:
    """Header text as lowercase words, keeping notes in brackets (``normalize_header`` drops some)."""
    return normalize_header(text)


def relation_of(text: str) -> str | None:
    """The relation a colleague question asks about, from its words; None when no word says.

    Leadership is looked for first (a "leader of professional learning" is not a learning tie), then
    learning ("learn from"), then advice ("go to", "turn to", "ask for help").

    Examples
    --------
    >>> relation_of("Whom do you see as a leader of professional learning?")
    'leadership'
    >>> relation_of("Who do you go to for advice about teaching and learning?")
    'advice'
    >>> relation_of("From whom have you learned the most this year?")
    'learning'
    >>> relation_of("Which colleagues do you work with?") is None
    True
    """
    words = _words(text)
    for relation, pattern in (("leadership", _LEADERSHIP), ("learning", _LEARNING), ("advice", _ADVICE)):
        if pattern.search(words):
            return relation
    return None


def classify_header(text: str, *, default_relation: str = "advice") -> Question:
    """What a column header (question text) says the column holds.

    Examples
    --------
    >>> classify_header("Email Address").role
    'email'
    >>> classify_header("What is your name?").role
    'name'
    >>> q = classify_header("Who do you go to for advice about teaching? (choose up to 6)")
    >>> q.role, q.relation, q.limit
    ('relation', 'advice', 6)
    >>> q = classify_header("Anyone else? Type their names.")
    >>> q.followup, q.relation
    (True, None)
    >>> classify_header("Which colleagues do you plan lessons with?").relation
    'advice'
    >>> classify_header("Timestamp").role, classify_header("IP Address").role
    ('submitted_at', 'ignore')
    """
    words = _words(text)
    if not words:
        return Question("unknown")
    if words in _SUBMITTED or words.endswith(" timestamp"):
        return Question("submitted_at")
    if words in _METADATA or _METADATA_PATTERN.search(words):
        return Question("ignore")
    for role, pattern in (("first_name", _FIRST), ("last_name", _LAST), ("name", _SELF_NAME)):
        if pattern.search(words):
            return Question(role)
    colleague = bool(_COLLEAGUE.search(words))
    if _EMAIL.search(words) and ("your" in words.split() or not colleague):
        return Question("email")
    if _STAFF_ID.search(words) and ("your" in words.split() or not colleague):
        return Question("staff_id")
    if _SCHOOL.search(words) and not (colleague and not words.startswith(("which school", "what school"))):
        return Question("school")
    relation = relation_of(text)
    if _FOLLOWUP.search(words) and (colleague or relation):
        return Question("relation", relation, None, followup=True)
    if relation or colleague:
        return Question("relation", relation or default_relation, parse_limit(text))
    return Question("unknown")


# --- limits and grids --------------------------------------------------------------------------------

_NUMBER_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_LIMIT = re.compile(r"\b(?:up to|at most|no more than|maximum of|max(?:imum)?|a maximum of|(?:choose|select|"
                    r"pick|name|list|check|mark) (?:up to )?)\s*\(?(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b",
                    re.IGNORECASE)


def parse_limit(text: str) -> int | None:
    """The most names a question allows, when its text says (``"choose up to 6"``, ``"up to five"``).

    Examples
    --------
    >>> parse_limit("Who do you go to for advice? (choose up to 6)"), parse_limit("Name up to five people")
    (6, 5)
    >>> parse_limit("Who do you go to for advice?") is None
    True
    """
    match = _LIMIT.search(text or "")
    if not match:
        return None
    value = match.group(1).lower()
    number = int(value) if value.isdigit() else _NUMBER_WORDS[value]
    return number or None


_GRID = re.compile(r"^(?P<stem>.*\S)\s*\[(?P<row>[^\[\]]+)\]\s*$", re.DOTALL)


def split_grid_header(header: str) -> tuple[str, str] | None:
    """``"Question [Row]"`` (a Google Forms grid column) -> ``("Question", "Row")``; else None.

    Examples
    --------
    >>> split_grid_header("How often do you talk with each colleague? [Ann Lee]")
    ('How often do you talk with each colleague?', 'Ann Lee')
    """
    match = _GRID.match(header or "")
    return (match.group("stem").strip(), match.group("row").strip()) if match else None


# --- the automatic mapping -----------------------------------------------------------------------------

def resolve_kinds(columns: Sequence[Column], cells) -> list[Column]:
    """Decide what the ``"rows"`` sub-columns of each question are, from their cells together.

    ``cells(column)`` gives the column's data cells. When every cell of the question is empty, ``1``,
    Checked/Unchecked or its own column's choice text, its columns are checkboxes (``"option"``); when the
    cells fit a scale they are grid rows (``"grid"``: a row nobody answered follows its siblings); else
    they are text boxes holding typed names (``"typed"``).
    """
    groups: dict[str, set[str]] = {}
    for column in columns:
        if column.kind == "rows":
            own = fold(column.choice or "")
            groups.setdefault(column.question, set()).update(
                "1" if fold(v) == own else fold(v) for v in cells(column) if v.strip())
    kinds = {}
    for stem, values in groups.items():
        if values <= CHECKED | UNCHECKED:
            kinds[stem] = "option"
        elif scale_for(values) is not None:
            kinds[stem] = "grid"
        else:
            kinds[stem] = "typed"
    return [replace(column, kind=kinds[column.question]) if column.kind == "rows" else column
            for column in columns]


def unique_keys(keys: Sequence[str]) -> list[str]:
    """Keys made unique by numbering repeats (``"Q"``, ``"Q (2)"``), so a mapping can name each column.

    >>> unique_keys(["Name", "Q", "Q"])
    ['Name', 'Q', 'Q (2)']
    """
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        key = key.strip()
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key} ({seen[key]})")
    return out


def detect_mapping(columns: Sequence[Column], cells, *, known: NameSet, separator: str | None,
                   default_relation: str = "advice", issues: IssueReport | None = None,
                   file: str | None = None, header_row: int = 1) -> dict[str, dict]:
    """The automatic column mapping, in the shape :mod:`plnetwork.formats.mapping` reads and writes.

    Parameters
    ----------
    columns : sequence of Column
        Every column of the export (``"rows"`` sub-columns already resolved by :func:`resolve_kinds`).
    cells : callable
        ``cells(column)`` gives a column's data cells, for the content hints: answers that are mostly
        roster names make a name question whatever its header; a grid's answers give its scale; a "name"
        question answered on a scale is not one.
    known : NameSet
        The roster's names.
    separator : str or None
        How the platform joins several picks in one cell.
    default_relation : str
        The relation of a colleague question whose words name none.
    issues : IssueReport, optional
        Receives an ``unknown_column`` info issue for each column not recognised.

    Returns
    -------
    dict
        ``{column key: entry}``; columns not recognised are ``{"role": "ignore", "note": ...}``.
    """
    issues = issues if issues is not None else IssueReport()
    mapping: dict[str, dict] = {}
    relations: dict[str, tuple[str, int | None] | None] = {}   # question stem -> (relation, limit)
    grids = grid_cells(columns, cells)
    last_relation = None
    for column in columns:
        entry = _entry(column, cells, grids, known, separator, default_relation, relations, last_relation)
        if entry.get("role") == "relation" and column.kind in ("cell", "typed") and not entry.get("_followup"):
            last_relation = entry["relation"]
        entry.pop("_followup", None)
        if column.key != column.text and column.text:
            entry["question"] = column.text
        if entry.get("note") == "not recognised":
            issues.add("unknown_column", INFO, "was not recognised as an identity, colleague or grid question; "
                       "not read (name it in a --map file to use it)", file=file, row=header_row,
                       column=column.key)
        mapping[column.key] = entry
    return mapping


def grid_cells(columns: Sequence[Column], cells) -> dict[str, list[str]]:
    """The cells of each grid question (all its rows together): a row nobody answered shares the scale."""
    grids: dict[str, list[str]] = {}
    for column in columns:
        if column.kind == "grid":
            grids.setdefault(column.question, []).extend(cells(column))
    return grids


def _entry(column, cells, grids, known, separator, default_relation, relations, last_relation) -> dict:
    if column.role:
        return {"role": column.role}
    if column.kind in ("option", "grid", "other"):
        return _grouped_entry(column, grids, known, default_relation, relations)
    question = classify_header(column.question, default_relation=default_relation)
    values = cells(column)
    answered = [v for v in values if v.strip() and not is_none_answer(v)]
    if question.role == "relation" and answered and scale_for(answered):
        return {"role": "ignore", "note": "answers are a scale, not names"}
    if question.role == "relation":
        if question.followup:
            relation = question.relation or last_relation or default_relation
            return {"role": "relation", "relation": relation, "source": "free_text", "_followup": True}
        typed = column.kind == "typed" or (bool(known) and _names_share(values, separator, known) < 0.5)
        entry = {"role": "relation", "relation": question.relation, "source": "free_text" if typed else "choice"}
        if question.limit:
            entry["limit"] = question.limit
        return entry
    if question.role == "unknown":
        if known and _names_share(values, separator, known) >= 0.5:
            return {"role": "relation", "relation": default_relation,
                    "source": "free_text" if column.kind == "typed" else "choice",
                    "note": "answers are roster names"}
        return {"role": "ignore", "note": "not recognised"}
    return {"role": question.role}


def _grouped_entry(column, grids, known, default_relation, relations) -> dict:
    stem = column.question
    if stem not in relations:
        relations[stem] = _group_relation(column, stem, known, default_relation)
    found = relations[stem]
    if found is None:
        return {"role": "ignore", "note": "not recognised"}
    relation, limit = found
    if column.kind == "other":     # the typed "Other" is one of the question's answers: same limit
        entry = {"role": "relation", "relation": relation, "source": "free_text"}
        return {**entry, "limit": limit} if limit else entry
    if column.kind == "option":
        if is_none_answer(column.choice or "") and column.choice not in known:
            return {"role": "ignore", "note": "an 'Other' or 'None' choice, not a person"}
        entry = {"role": "relation", "relation": relation, "source": "choice", "nominee": column.choice}
        return {**entry, "limit": limit} if limit else entry
    values = grids.get(stem, [])
    scale = scale_for(values)
    if scale is None:
        return {"role": "ignore", "note": "grid answers are not a known scale: give its scale in a --map file"}
    entry = {"role": "relation", "relation": relation, "source": "matrix", "nominee": column.choice}
    entry["scale"] = scale_labels(scale, values) if scale else "numeric"
    return entry


def _group_relation(column, stem, known, default_relation):
    words = _words(stem)
    if column.kind == "grid":
        people = bool(_COLLEAGUE.search(words)) or (known and column.choice in known)
        if not people:
            return None
        if _FREQUENCY.search(words):
            return "frequency", None
        return relation_of(stem) or "frequency", None
    question = classify_header(stem, default_relation=default_relation)
    if question.role == "relation":
        return question.relation or default_relation, question.limit
    if column.kind == "option" and known and column.choice in known:
        return default_relation, parse_limit(stem)
    return None


def _names_share(cells: Sequence[str], separator: str | None, known: NameSet) -> float:
    """Share of non-empty cells whose every part is a known name."""
    filled = [cell for cell in cells if cell.strip() and not is_none_answer(cell)]
    if not filled or not known:
        return 0.0
    whole = sum(1 for cell in filled
                if all(source == "choice" for _, source in split_names(cell, separator or ",", known)))
    return whole / len(filled)
