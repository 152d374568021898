"""Qualtrics "Export data" (CSV or TSV, any encoding Qualtrics writes; or its Excel export).

Layouts:

- **Current**: three header rows — the export tag (``StartDate``, ``Q2``, ``Q2_3``, ``Q2_13_TEXT``), the
  question label (``Who ...? - Selected Choice - Ann Lee``) and an ``{"ImportId": ...}`` JSON row; data
  from row 4.
- **Legacy**: two header rows — ``V1 .. V10`` then the tags (``ResponseID``, ``Status`` ... in the label
  row); data from row 3.

A multi-select question is one comma-joined column (``Q2``) or, split, one column per choice (``Q2_1 ..
Q2_12``) holding the choice text or ``1``; the typed "Other" text is in ``Q2_13_TEXT``. A matrix is one
column per row (``Q5_1``), holding the scale label. Rows whose ``Status`` is ``Survey Preview`` or ``Survey
Test`` (``1`` / ``2`` in numeric exports) or whose ``DistributionChannel`` is ``preview`` / ``test`` are
dropped, each with an info issue. A numeric export holds codes, not names: without a mapping naming the
choices it is refused with a clear message rather than guessed.
"""

from __future__ import annotations

import os
import re

from ..headers import normalize_header, report_duplicate_headers
from ..issues import INFO, InputError, IssueReport
from ..tables import Table
from .base import RawSurvey
from .answers import fold
from .mapping import read_survey
from .questions import Column, classify_header, resolve_kinds, unique_keys

__all__ = ["NAME", "detect", "read"]

NAME = "qualtrics"

_SUB = re.compile(r"^(?P<base>.+?)_(?P<n>\d+)$")
_TEXT = re.compile(r"^(?P<base>.+?)(?:_(?P<n>\d+))?_TEXT$")
_SELECTED = re.compile(r"\s+-\s+Selected Choice(?:\s+-\s+(?P<choice>.+))?$", re.DOTALL)
_CODES = re.compile(r"^\d+(,\d+)*$")
_PREVIEW_STATUS = {"survey preview", "survey test", "preview spam", "offline survey preview", "1", "2", "9", "17"}
_PREVIEW_CHANNEL = {"preview", "test"}
_QUALTRICS_TAGS = {"startdate", "enddate", "status", "ipaddress", "progress", "finished", "recordeddate",
                   "responseid", "distributionchannel", "userlanguage", "recipientemail"}
#: Qualtrics' own columns (current tags; legacy labels), whose role holds whatever mapping is given
_META_ROLES = {"enddate": "submitted_at", "recordeddate": "submitted_at", "recipientemail": "email",
               "recipientfirstname": "first_name", "recipientlastname": "last_name", "emailaddress": "email",
               "name": "name", **{tag: "ignore" for tag in (
                   "startdate", "status", "ipaddress", "progress", "durationinseconds", "finished", "responseid",
                   "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
                   "distributionchannel", "userlanguage", "responseset")}}


def detect(table: Table) -> float:
    """0.99 with the ImportId row, 0.95 for the legacy layout, 0.9 for Qualtrics' metadata tags alone."""
    rows = table.rows
    if _has_import_ids(rows):
        return 0.99
    if _is_legacy(rows):
        return 0.95
    tags = {normalize_header(cell).replace(" ", "") for cell in rows[0]}
    return 0.9 if {"startdate", "enddate"} <= tags and len(tags & _QUALTRICS_TAGS) >= 4 else 0.0


def _has_import_ids(rows) -> bool:
    return len(rows) >= 3 and any(cell.strip().startswith('{"ImportId"') for cell in rows[2])


def _is_legacy(rows) -> bool:
    return (len(rows) >= 2 and [cell.strip() for cell in rows[0][:2]] == ["V1", "V2"]
            and normalize_header(rows[1][0]) == "responseid")


def read(table: Table, context) -> RawSurvey:
    """Read a Qualtrics export into a :class:`RawSurvey` (see the module docstring for the layouts)."""
    rows = table.rows
    first = 3 if _has_import_ids(rows) else 2
    legacy = _is_legacy(rows)
    tags = rows[0]
    labels = (rows[1] + [""] * len(tags))[:len(tags)] if len(rows) > 1 else [""] * len(tags)
    issues = IssueReport()
    report_duplicate_headers(tags, table.file, issues)
    skip = _previews(table, tags, labels, first, issues)
    data = [i for i in range(first, len(rows)) if i not in skip]
    columns = resolve_kinds(_columns(tags, labels), lambda c: [_cell(rows[i], c.index) for i in data])
    if not context.mapping:
        _refuse_codes(table, columns, data, legacy, labels)
    return read_survey(table, columns, context, platform=NAME, first_row=first, separator=",", skip=skip,
                       issues=issues)


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _columns(tags: list[str], labels: list[str]) -> list[Column]:
    """Columns with their question stem and choice, from the tags (``Q2_3``) and labels."""
    keys = unique_keys(tags)
    subs: dict[str, list[int]] = {}
    for index, tag in enumerate(tags):
        match = _SUB.match(tag.strip())
        if match and not _TEXT.match(tag.strip()):
            subs.setdefault(match["base"], []).append(index)
    stems, choices = {}, {}
    for base, indexes in subs.items():
        stem, picked = _split_labels([labels[i] for i in indexes])
        stems[base] = stem
        choices.update(zip(indexes, picked))
    columns = []
    for index, (tag, key, label) in enumerate(zip(tags, keys, labels)):
        tag = tag.strip()
        text = label.strip() or tag
        other, sub = _TEXT.match(tag), _SUB.match(tag)
        if other:
            stem = stems.get(other["base"]) or _selected_stem(_label_of(tags, labels, other["base"])) or ""
            columns.append(Column(index, key, text, stem=stem, kind="other" if stem else "typed"))
        elif sub:
            columns.append(Column(index, key, text, stem=stems[sub["base"]], choice=choices[index], kind="rows"))
        else:
            stem = _selected_stem(text)
            columns.append(Column(index, key, text, stem=stem if stem != text else "", role=_meta_role(tag, label)))
            stems.setdefault(tag, stem)
    return columns


def _meta_role(tag: str, label: str) -> str | None:
    """The role of one of Qualtrics' own columns (``RecordedDate``, legacy ``V9`` = ``EndDate``), else None."""
    if tag.startswith("Q_"):                    # embedded metadata: Q_RecaptchaScore, Q_TotalDuration ...
        return "ignore"
    name = label if re.fullmatch(r"V\d+", tag) else tag
    return _META_ROLES.get(normalize_header(name).replace(" ", ""))


def _label_of(tags: list[str], labels: list[str], tag: str) -> str:
    return next((label for t, label in zip(tags, labels) if t.strip() == tag), "")


def _selected_stem(label: str) -> str:
    """``"Who ...? - Selected Choice"`` -> ``"Who ...?"``."""
    return _SELECTED.sub("", label).strip() if label else ""


def _split_labels(labels: list[str]) -> tuple[str, list[str]]:
    """A question's stem and each column's choice, from labels like ``Stem - Selected Choice - Ann Lee``
    (current) or ``Stem-Ann Lee`` (legacy): the stem is the labels' common start, up to a dash."""
    if all(_SELECTED.search(label) and _SELECTED.search(label)["choice"] for label in labels):
        return _selected_stem(labels[0]), [_SELECTED.search(label)["choice"].strip() for label in labels]
    if len(labels) > 1:
        prefix = os.path.commonprefix(labels)
    else:                                        # one row: split at its last " - " (else "-")
        at = labels[0].rfind(" - ")
        prefix = labels[0][:at + 3] if at >= 0 else labels[0][:labels[0].rfind("-") + 1]
    after_question = list(re.finditer(r"[?:).]\s*-\s*", prefix))     # "...?-Mary-Kate": cut after the "?"
    cut = prefix.rfind(" - ")
    cut = after_question[-1].end() if after_question else cut + 3 if cut >= 0 else prefix.rfind("-") + 1
    stem = prefix[:cut].rstrip(" -")
    return stem, [label[cut:].strip(" -") or label for label in labels]


def _previews(table: Table, tags: list[str], labels: list[str], first: int, issues: IssueReport) -> set[int]:
    """Rows that are previews or generated tests, each reported."""
    status = _find(tags, labels, "status")
    channel = _find(tags, labels, "distributionchannel")
    dropped = set()
    for i in range(first, len(table.rows)):
        row = table.rows[i]
        for index, values, what in ((status, _PREVIEW_STATUS, "Status"), (channel, _PREVIEW_CHANNEL,
                                                                           "DistributionChannel")):
            value = _cell(row, index).strip() if index is not None else ""
            if value and fold(value) in values:
                dropped.add(i)
                issues.add("preview_row", INFO, f"is a survey preview or test ({what} {value!r}), not a real "
                           "response; dropped", file=table.file, row=i + 1, column=tags[index], value=value)
                break
    return dropped


def _find(tags: list[str], labels: list[str], name: str) -> int | None:
    for index, (tag, label) in enumerate(zip(tags, labels)):
        if normalize_header(tag).replace(" ", "") == name or normalize_header(label).replace(" ", "") == name:
            return index
    return None


def _refuse_codes(table: Table, columns: list[Column], data: list[int], legacy: bool, labels: list[str]) -> None:
    """A numeric export names colleagues by codes: refuse it with what to do instead."""
    status = _find([c.key for c in columns], labels, "status")
    numeric = not legacy and status is not None and all(
        _cell(table.rows[i], status).strip().isdigit() for i in data if _cell(table.rows[i], status).strip())
    for column in columns:
        values = [_cell(table.rows[i], column.index).strip() for i in data]
        filled = [v for v in values if v]
        question = classify_header(column.question)
        coded = (column.kind == "cell" and question.role == "relation" and not question.followup and filled
                 and all(_CODES.match(v) for v in filled)) or (numeric and column.kind == "grid" and filled)
        if coded:
            what = "grid answers are codes" if column.kind == "grid" else "colleagues picked are codes"
            raise InputError.make("numeric_export", f"is a Qualtrics export of numeric values: the {what} (such "
                                  f"as {filled[0]!r}), not names or labels. Export again with 'Use choice text' "
                                  "(Data & Analysis > Export data > CSV), or give a --map file naming each code "
                                  "('choices:' for names, 'scale:' for a grid)", file=table.file,
                                  row=data[values.index(filled[0])] + 1, column=column.key)
