"""A wave's tables in and out of the database: :class:`WaveTables`, rows for each stored table, JSON."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

import pandas as pd

from ..issues import Issue, IssueReport
from ..model import NOMINATION_COLUMNS, RESPONDENT_COLUMNS, ROSTER_COLUMNS
from .schema import IssueRow, Nomination, Respondent, RosterRow, Unresolved

__all__ = ["WaveTables", "ISSUE_FIELDS", "UNRESOLVED_COLUMNS", "tables_from_dataset", "records",
           "fingerprint", "tables_from_rows", "to_dataset", "dumps", "frame_to_json", "frame_from_json",
           "plain"]

ISSUE_FIELDS = ["code", "severity", "message", "file", "row", "column", "value"]
UNRESOLVED_COLUMNS = ["file", "row", "column", "answer", "respondent_id", "status", "suggestions"]
_ROSTER_FIXED = [c for c in ROSTER_COLUMNS if c != "staff_id"]


@dataclass
class WaveTables:
    """One wave as plain tables: what is stored, and what a view (slice, pseudonyms) works on."""

    roster: pd.DataFrame
    nominations: pd.DataFrame
    respondents: pd.DataFrame
    issues: pd.DataFrame                      # ISSUE_FIELDS
    unresolved: pd.DataFrame                  # UNRESOLVED_COLUMNS
    issues_dropped: dict = field(default_factory=dict)
    platform: str | None = None
    files: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    complete_respondents: bool = True


def plain(value):
    """A cell as a plain Python value for the database or JSON: missing -> None, numpy -> Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _text(value):
    value = plain(value)
    return None if value is None else str(value)


def _integer(value):
    value = plain(value)
    return None if value is None else int(value)


def _float(value):
    value = plain(value)
    return None if value is None else float(value)


def _bool(value):
    value = plain(value)
    return None if value is None or value == "" else bool(value)


def tables_from_dataset(dataset) -> WaveTables:
    """The tables of a :class:`~plnetwork.dataset.Dataset` (its issues as a frame)."""
    issues = pd.DataFrame([[getattr(i, f) for f in ISSUE_FIELDS] for i in dataset.issues.issues],
                          columns=ISSUE_FIELDS)
    unresolved = dataset.unresolved if dataset.unresolved is not None else pd.DataFrame(
        columns=UNRESOLVED_COLUMNS)
    raw = dataset.raw
    return WaveTables(dataset.roster, dataset.nominations, dataset.respondents, issues, unresolved,
                      dict(dataset.issues.dropped), raw.platform if raw else None, list(dataset.files),
                      dict(raw.mapping) if raw else {}, raw.complete_respondents if raw else True)


def _iter(frame: pd.DataFrame, columns):
    present = [c for c in columns if c in frame.columns]
    for position, values in enumerate(frame[present].itertuples(index=False, name=None)):
        row = dict.fromkeys(columns)
        row.update(zip(present, values))
        yield position, row


def records(tables: WaveTables) -> dict:
    """Model -> list of row dicts (without ``wave_id``) for every stored table of the wave."""
    roster_extras = [c for c in tables.roster.columns if c not in ROSTER_COLUMNS]
    roster = []
    for position, row in _iter(tables.roster, ROSTER_COLUMNS + roster_extras):
        roster.append({"position": position, "staff_id": _text(row["staff_id"]),
                       **{c: _text(row[c]) for c in ("name", "email", "school", "role", "level", "team")},
                       "formal_leader": _bool(row["formal_leader"]),
                       "attributes": dumps({c: plain(row[c]) for c in roster_extras})})
    nominations = [{"position": p, "respondent_id": _text(r["respondent_id"]),
                    "nominee_id": _text(r["nominee_id"]), "relation": _text(r["relation"]),
                    "weight": _float(r["weight"]), "source": _text(r["source"]), "match": _text(r["match"]),
                    "file": _text(r["file"]), "row": _integer(r["row"]), "column": _text(r["column"]),
                    "answer": _text(r["answer"])}
                   for p, r in _iter(tables.nominations, NOMINATION_COLUMNS)]
    respondents = [{"position": p, "staff_id": _text(r["staff_id"]), "file": _text(r["file"]),
                    "row": _integer(r["row"]), "submitted_at": _text(r["submitted_at"])}
                   for p, r in _iter(tables.respondents, RESPONDENT_COLUMNS)]
    issues = [{"position": p, **{c: _text(r[c]) for c in ISSUE_FIELDS}, "row": _integer(r["row"])}
              for p, r in _iter(tables.issues, ISSUE_FIELDS)]
    for issue in issues:
        issue["message"] = issue["message"] or ""
    unresolved = [{"position": p, **{c: _text(r[c]) for c in UNRESOLVED_COLUMNS}, "row": _integer(r["row"])}
                  for p, r in _iter(tables.unresolved, UNRESOLVED_COLUMNS)]
    return {RosterRow: roster, Nomination: nominations, Respondent: respondents, IssueRow: issues,
            Unresolved: unresolved}


def fingerprint(rows: dict, upload_ids) -> str:
    """SHA-256 of the upload ids and the people, ties and respondents: what makes two saves the same."""
    digest = hashlib.sha256()
    digest.update(dumps(sorted(upload_ids)).encode())
    for model in (RosterRow, Nomination, Respondent):
        digest.update(dumps(rows[model]).encode())
    return digest.hexdigest()


def tables_from_rows(rows: dict, meta: dict) -> WaveTables:
    """:class:`WaveTables` from stored rows (dicts, in ``position`` order) and the wave's metadata."""
    roster_columns = meta["roster_columns"] or ROSTER_COLUMNS
    roster_records = []
    for row in rows[RosterRow]:
        record = {"staff_id": row["staff_id"], **{c: row[c] for c in _ROSTER_FIXED}}
        record.update(json.loads(row["attributes"] or "{}"))
        roster_records.append(record)
    roster = pd.DataFrame.from_records(roster_records, columns=roster_columns)
    nominations = pd.DataFrame([tuple(r[c] for c in NOMINATION_COLUMNS) for r in rows[Nomination]],
                               columns=NOMINATION_COLUMNS)
    respondents = pd.DataFrame([tuple(r[c] for c in RESPONDENT_COLUMNS) for r in rows[Respondent]],
                               columns=RESPONDENT_COLUMNS)
    issues = pd.DataFrame([tuple(r[c] for c in ISSUE_FIELDS) for r in rows[IssueRow]], columns=ISSUE_FIELDS)
    unresolved = pd.DataFrame([tuple(r[c] for c in UNRESOLVED_COLUMNS) for r in rows[Unresolved]],
                              columns=UNRESOLVED_COLUMNS)
    return WaveTables(roster, nominations, respondents, issues, unresolved, meta["issues_dropped"],
                      meta["platform"], meta["files"], meta["mapping"], meta["complete_respondents"])


def to_dataset(tables: WaveTables):
    """A :class:`~plnetwork.dataset.Dataset` (graph rebuilt with :func:`~plnetwork.network.build_graph`)."""
    from collections import Counter

    from ..dataset import Dataset
    from ..formats.base import RawSurvey
    from ..network import build_graph

    report = IssueReport()
    for record in tables.issues.itertuples(index=False):
        report.issues.append(Issue(**{f: plain(getattr(record, f)) for f in ISSUE_FIELDS}))
    report.dropped = Counter(tables.issues_dropped)
    raw = RawSurvey(tables.platform or "stored", list(tables.files), mapping=dict(tables.mapping),
                    complete_respondents=tables.complete_respondents)
    graph = build_graph(tables.roster, tables.nominations, tables.respondents)
    return Dataset(tables.roster, tables.nominations, tables.respondents, report, graph, raw,
                   tables.unresolved, list(tables.files))


def _jsonable(data):
    if isinstance(data, dict):
        return {str(plain(k)): _jsonable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in data]
    if isinstance(data, pd.DataFrame):
        return _jsonable(data.to_dict(orient="split"))
    if isinstance(data, pd.Series):
        return _jsonable(data.to_dict())
    value = plain(data)
    if isinstance(value, float) and math.isinf(value):
        return None
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def dumps(data) -> str:
    """Deterministic JSON of ``data`` (numpy values, NaN, tuples and non-text keys made plain)."""
    return json.dumps(_jsonable(data), sort_keys=True, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":"))


def frame_to_json(frame: pd.DataFrame) -> str:
    columns = [str(c) for c in frame.columns]
    data = [[plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return dumps({"columns": columns, "data": data})


def frame_from_json(text: str | None, columns) -> pd.DataFrame:
    if not text:
        return pd.DataFrame(columns=list(columns))
    payload = json.loads(text)
    return pd.DataFrame(payload["data"], columns=payload["columns"])
