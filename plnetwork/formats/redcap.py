"""REDCap "Export Data" CSV, read with the project's data dictionary.

A raw export is headed by field names: ``record_id``, ``redcap_survey_identifier``,
``<instrument>_timestamp``, the fields, ``<instrument>_complete``. A checkbox field becomes one column per
choice, ``field___1 .. field___N``, holding ``0``/``1`` (or ``Unchecked``/``Checked`` when labels were
exported); radio and dropdown fields hold codes. Only the data dictionary (Project Setup > Data Dictionary
> Download) says what a code means and what each field asks, so it is passed as another file of the same
command and recognised by its header (``Variable / Field Name, Form Name, Section Header, Field Type,
Field Label, "Choices, Calculations, OR Slider Labels", ...``). A matrix of radio fields (one
``Matrix Group Name``) is a grid: each field's label is the row, the group's section header the question.

An export with label headers (``Who ...? (choice=Ann Lee)``) is read without the dictionary; a raw export
without it (and without a ``--map`` file) is refused, naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..headers import find_columns, normalize_header, report_duplicate_headers
from ..issues import InputError, IssueReport
from ..tables import Table
from .base import RawSurvey
from .answers import NameSet
from .mapping import read_survey
from .questions import Column, unique_keys

__all__ = ["NAME", "detect", "read", "is_companion", "read_dictionary"]

NAME = "redcap"

_CHECKBOX = re.compile(r"^(?P<field>[a-z][a-z0-9_]*?)___(?P<code>[a-z0-9_]+)$")
_LABEL_CHOICE = re.compile(r"^(?P<label>.*?)\s*\(choice=(?P<choice>.*)\)\s*$", re.DOTALL)
_DICTIONARY_COLUMNS = {"field": ["variable field name"], "form": ["form name"], "section": ["section header"],
                       "type": ["field type"], "label": ["field label"],
                       "choices": ["choices calculations or slider labels"],
                       "validation": ["text validation type or show slider number"],
                       "matrix": ["matrix group name"]}
_CODED = {"radio", "dropdown", "yesno", "truefalse"}
_NOT_ANSWERS = {"descriptive", "file", "calc", "slider", "sql"}
_COLLEAGUE_GRID = "Colleagues (grid)"


@dataclass
class Field:
    """One field of the data dictionary."""

    name: str
    type: str
    label: str
    choices: dict[str, str] = field(default_factory=dict)   # code -> label, in the dictionary's order
    validation: str = ""
    question: str = ""                                      # a matrix field's question (its group's header)


def is_companion(table: Table) -> bool:
    """Whether ``table`` is a REDCap data dictionary (it completes an export rather than being one)."""
    header = [normalize_header(cell) for cell in table.rows[0]]
    return bool(header) and header[0] == "variable field name" and {"field type", "field label"} <= set(header)


def detect(table: Table) -> float:
    """0.95 for a raw export with checkbox columns or instrument status columns, 0.9 for a labels export."""
    header = [cell.strip() for cell in table.rows[0]]
    if not header or is_companion(table):
        return 0.0
    status = any(h.endswith("_complete") or h.startswith("redcap_") for h in header)
    if status and (header[0] == "record_id" or any(_CHECKBOX.match(h) for h in header)):
        return 0.95
    if header[0].lower() == "record id" and any("(choice=" in h or h == "Complete?" for h in header):
        return 0.9
    return 0.8 if status else 0.0


def read_dictionary(table: Table) -> dict[str, Field]:
    """The fields of a data dictionary, by name."""
    found = find_columns(table.rows[0], _DICTIONARY_COLUMNS)
    fields, headers = {}, {}
    for row in table.rows[1:]:
        get = lambda key: row[found[key]].strip() if key in found and found[key] < len(row) else ""
        if not get("field"):
            continue
        label = _plain(get("label"))
        group = get("matrix")
        if group and group not in headers:
            headers[group] = _plain(get("section")) or group
        fields[get("field")] = Field(get("field"), get("type").lower(), label, _choices(get("choices"), get("type")),
                                     get("validation").lower(), headers.get(group, ""))
    return fields


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _choices(text: str, kind: str) -> dict[str, str]:
    if kind.lower() == "yesno":
        return {"1": "Yes", "0": "No"}
    if kind.lower() == "truefalse":
        return {"1": "True", "0": "False"}
    choices = {}
    for item in text.split("|"):
        code, _, label = item.partition(",")
        if code.strip() and label.strip():
            choices[code.strip()] = _plain(label)
    return choices


def read(table: Table, context) -> RawSurvey:
    """Read a REDCap export (with its dictionary among ``context.companions``) into a :class:`RawSurvey`."""
    header = table.rows[0]
    issues = IssueReport()
    report_duplicate_headers(header, table.file, issues)
    dictionary = next((read_dictionary(t) for t in context.companions if is_companion(t)), None)
    labelled = bool(header) and header[0].strip().lower() == "record id" or any("(choice=" in h for h in header)
    if labelled:
        columns = _label_columns(header, NameSet(context.roster_names))
    elif dictionary is not None:
        columns = _raw_columns(header, dictionary)
        table = Table(table.file, _decoded(table.rows, columns, dictionary), table.kind, table.encoding,
                      table.sheet, table.issues)
    elif context.mapping:
        columns = [Column(i, key, h.strip(), kind="option" if _CHECKBOX.match(h.strip()) else "cell")
                   for i, (h, key) in enumerate(zip(header, unique_keys(header)))]
    else:
        raise InputError.make("redcap_dictionary_missing", "is a REDCap export of field names and codes, which "
                              "only the project's data dictionary explains: download it (Project Setup > Data "
                              "Dictionary > Download the current Data Dictionary) and pass it with the export, "
                              "e.g. plnetwork analyze export.csv DataDictionary.csv --roster ...",
                              file=table.file, row=1)
    return read_survey(table, _identifier(columns, table), context, platform=NAME, first_row=1, separator=None,
                       issues=issues)


def _identifier(columns: list[Column], table: Table) -> list[Column]:
    """The survey participant identifier (set from a participant list) as an email or a name, when filled."""
    out = []
    for column in columns:
        if column.key == "redcap_survey_identifier":
            values = [row[column.index].strip() for row in table.rows[1:] if column.index < len(row)]
            filled = [v for v in values if v]
            if filled:
                role = "email" if sum("@" in v for v in filled) * 2 > len(filled) else "name"
                column = replace(column, role=role)
        out.append(column)
    return out


def _raw_columns(header: list[str], dictionary: dict[str, Field]) -> list[Column]:
    columns = []
    for index, (name, key) in enumerate(zip(header, unique_keys(header))):
        name = name.strip()
        box = _CHECKBOX.match(name)
        field = dictionary.get(name)
        if name.endswith("_timestamp"):
            columns.append(Column(index, key, name, role="submitted_at"))
        elif name.startswith("redcap_") or name.endswith("_complete"):
            columns.append(Column(index, key, name, role="ignore"))
        elif box and box["field"] in dictionary:
            base = dictionary[box["field"]]
            codes = {code.lower().replace("-", "_"): label for code, label in base.choices.items()}
            label = codes.get(box["code"], box["code"])
            columns.append(Column(index, key, f"{base.label} (choice={label})", stem=base.label, choice=label,
                                  kind="option"))
        elif field is None:
            columns.append(Column(index, key, name))
        elif field.type in _NOT_ANSWERS:
            columns.append(Column(index, key, field.label, role="ignore"))
        elif field.validation == "email":
            columns.append(Column(index, key, field.label, role="email"))
        elif field.question and field.type in ("radio", "dropdown"):
            columns.append(Column(index, key, field.label, stem=field.question, choice=field.label, kind="grid"))
        else:
            columns.append(Column(index, key, field.label))
    return columns


def _decoded(rows: list[list[str]], columns: list[Column], dictionary: dict[str, Field]) -> list[list[str]]:
    """Rows with radio and dropdown codes replaced by their labels (the dictionary's meaning of each code)."""
    coded = {c.index: dictionary[c.key].choices for c in columns
             if c.key in dictionary and dictionary[c.key].type in _CODED}
    out = [rows[0]]
    for row in rows[1:]:
        out.append([coded[i].get(cell.strip(), cell) if i in coded else cell for i, cell in enumerate(row)])
    return out


def _label_columns(header: list[str], known: NameSet) -> list[Column]:
    """Columns of a labels export: ``Question (choice=Ann Lee)`` checkboxes; a colleague's name heads a grid row."""
    columns = []
    for index, (text, key) in enumerate(zip(header, unique_keys(header))):
        box = _LABEL_CHOICE.match(text)
        if box:
            columns.append(Column(index, key, text, stem=box["label"], choice=box["choice"].strip(), kind="option"))
        elif known and text.strip() in known:
            columns.append(Column(index, key, text, stem=_COLLEAGUE_GRID, choice=text.strip(), kind="grid"))
        else:
            columns.append(Column(index, key, text))
    return columns
