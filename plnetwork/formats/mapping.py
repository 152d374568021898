"""The column mapping: which column of an export holds what, as a small YAML file a user can edit.

Every platform reader maps its columns (detected, or given with ``--map FILE``) and reads its rows through
that mapping; the mapping it used is kept on :attr:`RawSurvey.mapping` and written out in the same shape,
so a user can correct it and pass it back. The shape::

    columns:
      Timestamp: {role: submitted_at}
      Email Address: {role: email}
      "Who do you go to for advice about teaching? (choose up to 6)":
        {role: relation, relation: advice, source: choice, limit: 6}
      "Anyone else you go to for advice?": {role: relation, relation: advice, source: free_text}
      "How often do you talk with each colleague about teaching? [Ann Lee]":
        {role: relation, relation: frequency, source: matrix, nominee: Ann Lee,
         scale: [Never, Yearly, Monthly, Weekly, Daily]}
      Q2_7: {role: relation, relation: advice, nominee: Ann Lee, question: "Who do you go to ...?"}
      Score: {role: ignore}

A column is named by its export tag (``Q2_7``, ``advice___3``) or its exact header, or by its question text
alone, which then covers all the question's columns (each checkbox or grid row keeps its own colleague).
Entry fields: ``role`` (``email``, ``name``, ``first_name``, ``last_name``, ``staff_id``, ``school``,
``submitted_at``, ``relation`` or ``ignore``; a bare string is shorthand: ``Email Address: email``,
``Q2: advice``); ``relation``; ``source`` (``choice``, ``free_text``, ``matrix``); ``limit``; ``nominee`` (the
one colleague a checkbox or grid-row column is about); ``scale`` (labels in weight order, a
``{label: weight}`` map, ``numeric``, or the name of a scale under a top-level ``scales:`` or built in:
``frequency``, ``often``, ``amount``); ``choices`` (``{code: name}`` for coded answers); ``split`` (``";"``,
``","``, ``lines`` or ``none``: how one cell joins several names); and, for people only, ``question``,
``note``, ``type``, ``help``.

An edge list (one row a tie, :mod:`plnetwork.formats.edgelist`) names its columns by the roles
``respondent``, ``nominee``, ``relation_label`` (each row's relation) and ``weight``, which only it reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import yaml

from ..issues import INFO, WARNING, InputError, IssueReport
from ..tables import Table
from .answers import SCALES, NameSet, answer_reader, fold, is_none_answer, scale_for, scale_labels
from .base import RawAnswer, RawResponse, RawSurvey
from .questions import EDGE_ROLES, ROLES, Column, detect_mapping, grid_cells
from .timestamps import instant, is_day_first, parse_timestamp

__all__ = ["load_mapping", "dump_mapping", "column_mapping", "read_survey", "checked_entry", "parse_timestamp"]

_ENTRY_KEYS = {"role", "relation", "source", "limit", "nominee", "scale", "choices", "split", "question", "note",
               "type", "help"}
_TOP_KEYS = {"columns", "scales", "platform", "default_relation", "relations", "name", "title", "version",
             "description", "consent", "notes", "instructions", "questions"}
_SOURCES = {"choice", "free_text", "matrix"}
_SPLITS = {";", ",", "lines", "none"}
_RELATION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


# --- YAML in and out -------------------------------------------------------------------------------------

def load_mapping(source) -> dict[str, dict]:
    """Read a mapping file into ``{column: entry}``, the shape ``ReadContext.mapping`` takes.

    Parameters
    ----------
    source : path, bytes, (name, bytes) or str
        The YAML file (a ``str`` holding a new line is read as the YAML text itself).

    Returns
    -------
    dict
        Each column's entry with ``role`` set, shorthand expanded and named scales resolved.

    Raises
    ------
    InputError
        ``bad_mapping`` naming the file and line of the first mistake (bad YAML, an unknown field or
        role, a column named twice ...), or ``file_not_found``.

    Examples
    --------
    >>> load_mapping("columns:\\n  Email Address: email\\n  Q2: {relation: learning, limit: 3}\\n")
    {'Email Address': {'role': 'email'}, 'Q2': {'relation': 'learning', 'limit': 3, 'role': 'relation'}}
    """
    name, text = _mapping_text(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError.make("bad_mapping", f"is not valid YAML: {problem}", file=name,
                              row=mark.line + 1 if mark else None) from None
    lines = _key_lines(root, name)
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError.make("bad_mapping", "must have a 'columns:' section mapping each column to its role",
                              file=name, row=1)
    for key in data:
        if key not in _TOP_KEYS:
            raise InputError.make("bad_mapping", f"has an unknown section {key!r} (known: columns, scales, "
                                  "default_relation, relations, ...)", file=name, row=lines.get(("", str(key))))
    scales = data.get("scales") or {}
    mapping = {}
    for key, entry in data["columns"].items():
        line = lines.get(("columns", str(key)))
        mapping[str(key)] = checked_entry(entry, scales, name, line, str(key))
    return mapping


def _mapping_text(source) -> tuple[str, str]:
    """``(name, text)`` of a mapping given as a path, ``(name, bytes)``, bytes, or YAML text."""
    if isinstance(source, tuple):
        name, data = source
        return name, _decoded(data, name)
    if isinstance(source, (bytes, bytearray)):
        return "<mapping>", _decoded(bytes(source), "<mapping>")
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and (
            source.endswith((".yaml", ".yml")) or Path(source).is_file())):
        path = Path(source)
        try:
            return path.name, _decoded(path.read_bytes(), path.name)
        except FileNotFoundError:
            raise InputError.make("file_not_found", "no such mapping file", file=path.name) from None
        except OSError as exc:
            raise InputError.make("bad_mapping", f"cannot be read ({exc.strerror})", file=path.name) from None
    return "<mapping>", str(source)


def _decoded(data, name: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.make("bad_mapping", "is not UTF-8 text (is it a YAML mapping file?)", file=name) from None


def _key_lines(root, file: str) -> dict[tuple[str, str], int]:
    """Line of each top-level key and of each key under ``columns:``; duplicates are refused."""
    lines: dict[tuple[str, str], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[("", str(key_node.value))] = key_node.start_mark.line + 1
        if key_node.value == "columns" and isinstance(value_node, yaml.MappingNode):
            for column_node, _ in value_node.value:
                where = ("columns", str(column_node.value))
                if where in lines:
                    raise InputError.make("bad_mapping", f"names column {column_node.value!r} twice (first on "
                                          f"line {lines[where]})", file=file, row=column_node.start_mark.line + 1)
                lines[where] = column_node.start_mark.line + 1
    return lines


def checked_entry(entry, scales: dict, file: str, line: int | None, key: str) -> dict:
    """One column's entry with ``role`` set and shorthand expanded; ``bad_mapping`` naming ``file`` and
    ``line`` when it is not a valid entry."""
    def fail(message: str):
        raise InputError.make("bad_mapping", f"column {key!r}: {message}", file=file, row=line)

    if isinstance(entry, str):
        entry = {"role": entry} if entry in ROLES else {"role": "relation", "relation": entry}
    if not isinstance(entry, dict):
        fail("give a role (e.g. {role: email}) or a relation name")
    entry = dict(entry)
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        fail(f"unknown field {sorted(unknown)[0]!r} (fields: {', '.join(sorted(_ENTRY_KEYS))})")
    entry.setdefault("role", "relation" if "relation" in entry else None)
    if entry["role"] not in ROLES:
        fail(f"role must be one of {', '.join(ROLES)}, not {entry['role']!r}")
    if entry["role"] == "relation":
        if not _RELATION_NAME.match(str(entry.get("relation", ""))):
            fail("a relation column needs 'relation:' — a lowercase name such as advice or learning")
        if entry.get("source", "choice") not in _SOURCES:
            fail(f"source must be one of {', '.join(sorted(_SOURCES))}")
        if "limit" in entry and not (isinstance(entry["limit"], int) and entry["limit"] > 0):
            fail("limit must be a whole number above 0")
        if "split" in entry and str(entry["split"]) not in _SPLITS:
            fail("split must be one of ';', ',', lines, none")
        if "choices" in entry:
            if not isinstance(entry["choices"], dict):
                fail("choices must map each code to a name, e.g. {1: Ann Lee, 2: Robert Ray}")
            entry["choices"] = {str(code): str(label) for code, label in entry["choices"].items()}
        if "scale" in entry:
            entry["scale"] = _checked_scale(entry["scale"], scales, fail)
        if "nominee" in entry:
            entry["nominee"] = str(entry["nominee"])
    return entry


def _checked_scale(scale, scales: dict, fail):
    if isinstance(scale, str) and scale != "numeric":
        if scale in scales:
            scale = scales[scale]
        elif scale in SCALES:
            scale = [alternatives[0].capitalize() for alternatives in SCALES[scale]]
        else:
            fail(f"unknown scale {scale!r}: list its labels in order, or define it under 'scales:'")
    if isinstance(scale, list) and all(isinstance(label, (str, int, float)) for label in scale):
        return [str(label) for label in scale]
    if isinstance(scale, dict) and all(isinstance(w, (int, float)) for w in scale.values()):
        return {str(label): float(weight) for label, weight in scale.items()}
    if scale == "numeric":
        return scale
    fail("scale must list its labels in order (weights 0, 1, 2 ...), map labels to numbers, or be 'numeric'")


def dump_mapping(mapping: dict, *, platform: str | None = None) -> str:
    """The mapping as YAML for a user to correct and pass back with ``--map`` (read by :func:`load_mapping`).

    Examples
    --------
    >>> print(dump_mapping({"Email Address": {"role": "email"}}, platform="google_forms"), end="")
    # plnetwork column mapping (google_forms). Correct it and pass it back: plnetwork analyze ... --map FILE
    # Each column: role (email, name, first_name, last_name, staff_id, school, submitted_at, relation, ignore;
    # edge lists: respondent, nominee, relation_label, weight);
    # relation columns: relation, source, limit, nominee, scale, choices, split. See plnetwork.formats.mapping.
    columns:
      Email Address: {role: email}
    """
    columns = _flat(mapping)
    head = (f"# plnetwork column mapping{f' ({platform})' if platform else ''}. Correct it and pass it back: "
            "plnetwork analyze ... --map FILE\n"
            "# Each column: role (email, name, first_name, last_name, staff_id, school, submitted_at, relation, "
            "ignore;\n# edge lists: respondent, nominee, relation_label, weight);\n"
            "# relation columns: relation, source, limit, nominee, scale, choices, split. "
            "See plnetwork.formats.mapping.\n")
    lines = ["columns:" if columns else "columns: {}"]
    for key, entry in columns.items():       # one line a column: easy to read, grep and edit
        value = yaml.safe_dump(dict(entry), sort_keys=False, allow_unicode=True, default_flow_style=True,
                               width=float("inf")).strip()
        lines.append(f"  {_yaml_key(str(key))}: {value}")
    return head + "\n".join(lines) + "\n"


def _flat(mapping: dict) -> dict:
    """``{column: entry}`` from a mapping in that shape, in the file's shape (``{columns: ...}``), or in the
    shape the generic wide reader used to give (``{identity: ..., questions: ...}``)."""
    if not isinstance(mapping, dict):
        return {}
    if "questions" in mapping and "identity" in mapping:
        columns = {header: {"role": role} for role, header in mapping["identity"].items()}
        columns.update({header: {"role": "relation", **entry} for header, entry in mapping["questions"].items()})
        return columns
    wrapped = mapping.get("columns")
    if isinstance(wrapped, dict) and "role" not in wrapped:     # not a column named "columns"
        return wrapped
    return mapping


def _yaml_key(key: str) -> str:
    """A column name as a YAML key: plain when it reads back as itself (not ``yes`` or ``null``), else
    double-quoted (JSON strings are YAML)."""
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ ]*", key) and key.strip() == key and yaml.safe_load(key) == key
    return key if plain else json.dumps(key, ensure_ascii=False)


# --- mapping the columns of one export --------------------------------------------------------------------

def column_mapping(columns: Sequence[Column], cells, context, *, separator: str | None, issues: IssueReport,
                   file: str, header_row: int = 1, detect=None) -> dict[str, dict]:
    """Each column's entry: from ``context.mapping`` when given, else detected from headers and cells.

    A given mapping names columns by tag, header or question text; a platform's own columns (timestamps,
    recipient emails) keep their role, other columns it does not name are not read (``unmapped_column``),
    and names it gives that no column has are reported (``mapping_unused``). An edge list's roles
    (``respondent``, ``nominee`` ...) are not read from a survey export (``mapping_role_unused``).
    ``detect`` replaces :func:`~plnetwork.formats.questions.detect_mapping` (same arguments) for a layout
    that detects its columns its own way.

    Returns
    -------
    dict
        ``{column key: entry}`` for every column, ``{"role": "ignore", ...}`` for those not read.
    """
    known = NameSet(context.roster_names)
    if not context.mapping:
        return (detect or detect_mapping)(columns, cells, known=known, separator=separator,
                                          default_relation=context.default_relation, issues=issues, file=file,
                                          header_row=header_row)
    given = {fold(key): (key, checked_entry(entry, {}, "<mapping>", None, key))   # a dict from the API too
             for key, entry in context.mapping.items()}
    grids = grid_cells(columns, cells)
    used, mapping = set(), {}
    for column in columns:
        found = next((given[fold(name)] for name in (column.key, column.text, column.stem)
                      if name and fold(name) in given), None)
        if found is None:
            mapping[column.key] = {"role": column.role} if column.role else {"role": "ignore",
                                                                             "note": "not in the mapping"}
            if not column.role:
                issues.add("unmapped_column", INFO, "is not named in the mapping; not read", file=file,
                           row=header_row, column=column.key)
            continue
        used.add(found[0])
        if found[1]["role"] in EDGE_ROLES:
            issues.add("mapping_role_unused", WARNING, f"has role {found[1]['role']!r}, which only an edge list "
                       "reads; not read", file=file, row=header_row, column=column.key)
            mapping[column.key] = {"role": "ignore", "note": "an edge-list role"}
            continue
        mapping[column.key] = _fit_entry(dict(found[1]), column, grids.get(column.question, []), issues, file,
                                         header_row)
    for key in context.mapping:
        if key not in used:
            issues.add("mapping_unused", WARNING, "is named in the mapping but no column of this export has "
                       "that header or tag", file=file, column=key)
    return mapping


def _fit_entry(entry: dict, column: Column, grid: list[str], issues: IssueReport, file: str, header_row: int
               ) -> dict:
    """A mapping entry fitted to one column: its colleague and scale come from the layout where not given."""
    if entry.get("role") != "relation":
        return entry
    if column.kind == "option" and is_none_answer(column.choice or ""):
        return {"role": "ignore", "note": "an 'Other' or 'None' choice, not a person"}
    if column.kind in ("other", "typed"):
        entry = {**entry, "source": "free_text"}
    if column.kind in ("option", "grid") and column.choice and "nominee" not in entry:
        entry["nominee"] = column.choice
    if column.kind == "grid" and "scale" not in entry:
        scale = scale_for(grid)
        if scale is None:
            issues.add("unknown_scale", WARNING, "grid answers are not a known scale; give 'scale:' in the "
                       "mapping — not read", file=file, row=header_row, column=column.key)
            return {"role": "ignore", "note": "grid scale unknown"}
        entry["scale"] = scale_labels(scale, grid) if scale else "numeric"
        entry.setdefault("source", "matrix")
    return entry


# --- reading rows through the mapping ---------------------------------------------------------------------

def read_survey(table: Table, columns: Sequence[Column], context, *, platform: str, first_row: int,
                separator: str | None, skip: frozenset[int] = frozenset(), issues: IssueReport | None = None,
                header_row: int = 1, detect=None, splitter=None) -> RawSurvey:
    """Map an export's columns and read its data rows into a :class:`RawSurvey` — the readers' shared core.

    Parameters
    ----------
    table : Table
        The export, as :func:`plnetwork.tables.read_table` gives it.
    columns : sequence of Column
        Every column, as the platform reader understands its layout.
    context : ReadContext
        Roster names (for splitting cells) and an explicit mapping, if any.
    platform : str
        The reader's ``NAME``.
    first_row : int
        0-based index of the first data row (1 after one header row, 3 after Qualtrics' three).
    separator : str or None
        How the platform joins several picks in one cell (``";"``, ``","``), None for one answer a cell.
    skip : frozenset of int
        0-based indexes of rows already dropped (previews); blank rows are passed over too.
    detect : callable, optional
        The layout's own column detection, used when no mapping is given (see :func:`column_mapping`).
    splitter : callable, optional
        How the layout splits a cell of several names (see :func:`~plnetwork.formats.answers.answer_reader`).

    Returns
    -------
    RawSurvey
        One response a data row (an empty answer is a response with no answers), the answers with their
        file, row and column, the issues, and the mapping used.

    Raises
    ------
    InputError
        When no column asks about colleagues.
    """
    issues = issues if issues is not None else IssueReport()
    data = [i for i in range(first_row, len(table.rows)) if i not in skip and any(c.strip() for c in table.rows[i])]

    def cells(column: Column) -> list[str]:
        return [_cell(table.rows[i], column.index) for i in data]

    mapping = column_mapping(columns, cells, context, separator=separator, issues=issues, file=table.file,
                             header_row=header_row, detect=detect)
    plan = [(column, mapping[column.key]) for column in columns if mapping[column.key].get("role") != "ignore"]
    if not any(entry["role"] == "relation" for _, entry in plan):
        raise InputError.make("no_name_questions", "has no question recognised as naming colleagues; name them "
                              "in a mapping file (--map) — see surveys/README.md", file=table.file, row=header_row)
    dayfirst = {column.key: is_day_first(cells(column)) for column, entry in plan if entry["role"] == "submitted_at"}
    known = NameSet(context.roster_names)
    readers = {column.key: answer_reader(entry, separator, known, splitter=splitter) for column, entry in plan
               if entry["role"] == "relation"}
    survey = RawSurvey(platform, [table.file], issues=issues, mapping=mapping)
    for i in data:
        row = table.rows[i]
        response = _response(table.file, i + 1, row, plan, dayfirst, issues)
        survey.responses.append(response)
        for column, entry in plan:
            if entry["role"] == "relation":
                for text, source, weight in readers[column.key](_cell(row, column.index), issues, table.file,
                                                                 i + 1, column.key):
                    survey.answers.append(RawAnswer(response.key, entry["relation"], text, source, table.file,
                                                    i + 1, column.key, weight, entry.get("limit")))
    return survey


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _response(file: str, row_no: int, row: list[str], plan, dayfirst: dict, issues: IssueReport) -> RawResponse:
    found: dict[str, tuple[str, str]] = {}
    stamps = []
    for column, entry in plan:
        value = _cell(row, column.index).strip()
        role = entry["role"]
        if not value or role == "relation":
            continue
        if role == "submitted_at":
            if value.startswith("["):       # REDCap's "[not completed]"
                continue
            stamp = parse_timestamp(value, dayfirst=dayfirst.get(column.key, False))
            if stamp is None:
                issues.add("timestamp_unreadable", WARNING, "is not a date and time this tool reads; the "
                           "submission time was not used", file=file, row=row_no, column=column.key, value=value)
            else:
                stamps.append(stamp)
        elif role == "email" and fold(value) == "anonymous":
            continue
        elif role not in found:
            found[role] = (value, column.key)
    name = found.get("name", ("", None))[0] or " ".join(
        found[k][0] for k in ("first_name", "last_name") if k in found)
    column = next((found[k][1] for k in ("staff_id", "email", "name", "first_name", "last_name") if k in found), None)
    get = lambda role: found[role][0] if role in found else None
    return RawResponse(f"{file}:{row_no}", file, row_no, staff_id=get("staff_id"), email=get("email"),
                       name=name or None, submitted_at=max(stamps, key=instant) if stamps else None,
                       column=column, school=get("school"))
