"""The upload page's work, without Dash: decode the files, read them, show what was found, apply the
user's corrections (question -> relation mapping, accepted name matches), save the wave.

Bad input is data: every failure becomes a plain message (:class:`UploadProblem`), never a traceback.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import pandas as pd

from plnetwork.dataset import Dataset, load
from plnetwork.formats.mapping import dump_mapping
from plnetwork.formats.questions import EDGE_ROLES
from plnetwork.issues import InputError
from plnetwork.model import NAME_GENERATORS, NOMINATION_COLUMNS
from plnetwork.network import build_graph

__all__ = ["UploadProblem", "Inspection", "decode", "inspect", "mapping_rows", "mapping_from_rows",
           "apply_accepted", "uses_for", "USES", "SURVEY_USES", "EDGE_USES", "ACCEPTED_MATCH"]

#: What a column of a survey export can be used as, as the mapping table offers it.
SURVEY_USES = ("email", "name", "first_name", "last_name", "staff_id", "school", "submitted_at") + tuple(
    f"relation: {r}" for r in NAME_GENERATORS + ("frequency",)) + ("ignore",)
#: What a column of an edge list (one row a tie) can be used as: the roles only it reads
#: (:data:`plnetwork.formats.questions.EDGE_ROLES`), the time, or nothing.
EDGE_USES = EDGE_ROLES + ("submitted_at", "ignore")
#: Every use a correction may name.
USES = SURVEY_USES + EDGE_ROLES
ACCEPTED_MATCH = "accepted"          # the match kind of a nomination whose name the user matched by hand


class UploadProblem(Exception):
    """A file that cannot be used, with the sentence to show the user."""


@dataclass
class Inspection:
    """What the page shows before saving."""

    dataset: Dataset
    platform: str
    mapping: dict
    preview: pd.DataFrame
    issues: pd.DataFrame
    unresolved: pd.DataFrame


def decode(contents: str | None, filename: str | None, *, max_bytes: int) -> tuple[str, bytes]:
    """``(filename, bytes)`` of a ``dcc.Upload`` data URL, refusing a file over ``max_bytes``."""
    name = (filename or "upload").replace("/", "_").replace("\\", "_")[-200:]
    if not contents or "," not in contents:
        raise UploadProblem(f"{name}: the file arrived empty; choose it again.")
    payload = contents.split(",", 1)[1]
    if len(payload) * 3 // 4 > max_bytes + 3:
        raise UploadProblem(f"{name} is larger than the {max_bytes // (1024 * 1024)} MB limit.")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadProblem(f"{name}: the file could not be read as sent; choose it again.") from None
    if len(data) > max_bytes:
        raise UploadProblem(f"{name} is larger than the {max_bytes // (1024 * 1024)} MB limit.")
    if not data.strip():
        raise UploadProblem(f"{name} is empty.")
    return name, data


def inspect(exports: list[tuple[str, bytes]], roster: tuple[str, bytes], *, mapping: dict | None = None,
            accepted: list[dict] | None = None) -> Inspection:
    """Read the exports and the roster; apply a corrected ``mapping`` and ``accepted`` matches if given."""
    mapping_source = ("mapping.yaml", dump_mapping(mapping).encode("utf-8")) if mapping else None
    try:
        data = load(exports, roster=roster, mapping=mapping_source)
    except InputError as exc:
        raise UploadProblem(exc.issue.one_line()) from None
    except (UnicodeError, ValueError, KeyError) as exc:     # a reader's gap must still read as a message
        raise UploadProblem(f"{exports[0][0] if exports else 'the file'} could not be read: {exc}") from None
    if accepted:
        data = apply_accepted(data, accepted)
    names = dict(zip(data.roster["staff_id"].astype(str), data.roster["name"].astype(str)))
    preview = data.nominations.head(12).assign(
        respondent=lambda f: f["respondent_id"].map(names), nominee=lambda f: f["nominee_id"].map(names))
    preview = preview[["respondent", "relation", "nominee", "match", "answer"]]
    return Inspection(data, data.platform or "unknown", dict(data.raw.mapping if data.raw else {}), preview,
                      data.issues.to_frame(), _unresolved(data, names))


def _unresolved(data: Dataset, names: dict) -> pd.DataFrame:
    """Unmatched names with their suggestions as ``"Name (id)"`` options, one row per answer."""
    frame = data.unresolved if data.unresolved is not None else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=["key", "file", "row", "column", "answer", "respondent", "status",
                                     "suggestions", "accept"])
    frame = frame.reset_index(drop=True).copy()
    frame["key"] = [f"{r.file}|{r.row}|{r.column}|{r.answer}" for r in frame.itertuples()]
    frame["respondent"] = frame["respondent_id"].astype(str).map(names)
    frame["suggestions"] = frame["suggestions"].fillna("").astype(str)
    frame["accept"] = ""
    return frame[["key", "file", "row", "column", "answer", "respondent", "respondent_id", "status",
                  "suggestions", "accept"]]


def uses_for(platform: str | None) -> tuple[str, ...]:
    """The uses the mapping table offers for a file of ``platform``: an edge list's roles for an edge list
    (``edgelist``, alone or read with another file), a survey's otherwise.

    >>> uses_for("edgelist")[:2], uses_for("google_forms")[0]
    (('respondent', 'nominee'), 'email')
    """
    parts = str(platform or "").split("+")
    if "edgelist" not in parts:
        return SURVEY_USES
    return EDGE_USES if len(parts) == 1 else SURVEY_USES[:-1] + EDGE_USES


def mapping_rows(mapping: dict) -> pd.DataFrame:
    """The mapping as rows ``column, use`` (``use`` from :data:`USES`) for the editable table."""
    rows = []
    for column, entry in mapping.items():
        role = entry.get("role") if isinstance(entry, dict) else str(entry)
        use = f"relation: {entry.get('relation')}" if role == "relation" else role
        rows.append({"column": column, "use": use, "detected": use})
    return pd.DataFrame(rows, columns=["column", "use", "detected"])


def mapping_from_rows(mapping: dict, rows: list[dict]) -> dict:
    """``mapping`` with the user's corrections from the table applied."""
    fixed = {column: dict(entry) if isinstance(entry, dict) else {"role": entry}
             for column, entry in mapping.items()}
    for row in rows or []:
        column, use = row.get("column"), row.get("use")
        if column not in fixed or use not in USES or use == row.get("detected"):
            continue
        entry = fixed[column]
        if use.startswith("relation: "):
            entry.update(role="relation", relation=use.split(": ", 1)[1])
            entry.setdefault("source", "choice")
        else:
            fixed[column] = {"role": use}
    return fixed


def apply_accepted(data: Dataset, accepted: list[dict]) -> Dataset:
    """``data`` with the user's accepted matches added as nominations (match ``accepted``).

    Each accepted item has ``respondent_id``, ``staff_id`` (the chosen person), ``column``, ``answer``,
    ``file``, ``row``; the relation is the column's in the mapping (``advice`` when it has none).
    """
    known = set(data.roster["staff_id"].astype(str))
    mapping = data.raw.mapping if data.raw else {}
    rows = []
    for item in accepted:
        nominee, respondent = str(item.get("staff_id") or ""), str(item.get("respondent_id") or "")
        if nominee not in known or respondent not in known or nominee == respondent:
            continue
        entry = mapping.get(item.get("column")) or {}
        relation = entry.get("relation") if isinstance(entry, dict) else None
        rows.append({"respondent_id": respondent, "nominee_id": nominee, "relation": relation or "advice",
                     "weight": None, "source": entry.get("source", "free_text") if isinstance(entry, dict)
                     else "free_text", "match": ACCEPTED_MATCH, "file": item.get("file"), "row": item.get("row"),
                     "column": item.get("column"), "answer": item.get("answer")})
    if not rows:
        return data
    extra = pd.DataFrame(rows, columns=NOMINATION_COLUMNS)
    nominations = pd.concat([data.nominations, extra], ignore_index=True)
    nominations = nominations.drop_duplicates(["respondent_id", "nominee_id", "relation"], keep="first")
    keys = {(str(r["file"]), str(r["row"]), str(r["column"]), str(r["answer"])) for r in rows}
    unresolved = data.unresolved
    if unresolved is not None and len(unresolved):
        done = [(str(f), str(r), str(c), str(a)) in keys for f, r, c, a in
                unresolved[["file", "row", "column", "answer"]].itertuples(index=False, name=None)]
        unresolved = unresolved[[not d for d in done]].reset_index(drop=True)
    for item in rows:
        data.issues.add("name_accepted", "info", f"{item['answer']!r} matched by hand to staff id "
                        f"{item['nominee_id']}", file=item["file"], row=item["row"], column=item["column"],
                        value=item["answer"])
    graph = build_graph(data.roster, nominations, data.respondents)
    return Dataset(data.roster, nominations, data.respondents, data.issues, graph, data.raw, unresolved,
                   data.files)
