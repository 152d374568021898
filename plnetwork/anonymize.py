"""Pseudonymized copies of an analysis, for sharing with researchers.

Every staff id becomes a stable pseudonym — a keyed hash (HMAC-SHA256) of the id, so the same person has
the same pseudonym in every wave analysed with the same key, and nobody without the key can recompute it.
The key is kept outside the output folder: ``PLNETWORK_PSEUDONYM_KEY`` if set, else a key file
(``~/.config/plnetwork/pseudonym.key`` by default, created with permissions 0600 when missing).

Names, emails and what respondents typed are removed; a school, role, team or level with fewer than
:data:`MIN_GROUP_SIZE` people is shown as ``"suppressed"`` in the people table and left out of the summary's
breakdowns — and where only one group of a kind is small, the next smallest is suppressed too, so the
small one cannot be recovered by subtracting the others from the total.

Examples
--------
>>> key = b"0123456789abcdef0123456789abcdef"
>>> pseudonym("007", key)
'P-feaff9f7df'
>>> pseudonym("007", key) == pseudonym("007", key) != pseudonym("7", key)
True
>>> sorted(small_groups(pd.Series(["Oak"] * 9 + ["Elm"] * 6 + ["Ash"] * 2)))
['Ash', 'Elm']
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import re
import secrets
from pathlib import Path

import networkx as nx
import pandas as pd

from .export import read_outputs, write_outputs
from .issues import InputError

__all__ = ["MIN_GROUP_SIZE", "SUPPRESSED", "DEFAULT_KEY_FILE", "KEY_ENV", "GROUP_COLUMNS", "load_key",
           "pseudonym", "pseudonyms", "small_groups", "anonymize_outputs", "anonymize_folder",
           "PRIVACY_NOTE", "REMOVED", "ScrubberBase"]

MIN_GROUP_SIZE = 5
SUPPRESSED = "suppressed"
REMOVED = "[removed]"
KEY_ENV = "PLNETWORK_PSEUDONYM_KEY"
DEFAULT_KEY_FILE = Path("~/.config/plnetwork/pseudonym.key")

#: Group columns whose small cells are suppressed (``team`` is counted within its school unit).
GROUP_COLUMNS = ("school", "role", "team", "level", "subject", "grade")

#: Columns removed outright: they name, or reach, a person.
_IDENTIFYING = re.compile(r"name|e_?mail|mail|phone|address|birth|dob|ssn|social_security|answer", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|“[^”]*”|‘[^’]*’")

PRIVACY_NOTE = (
    "Pseudonymized for sharing: staff ids are replaced by keyed-hash pseudonyms (HMAC-SHA256; the key is "
    "kept by the district, outside this folder), names, emails and typed answers are removed, and any "
    "school, role, team, level, subject or grade with fewer than {min_size} people is shown as "
    "'suppressed' and left out of the breakdowns, so nobody can be recognised from a small group's "
    "figures (where one group alone was small, the next smallest was suppressed too, so it cannot be "
    "recovered by subtraction). The network's shape can still single out a person to someone who knows "
    "the school: share it only with researchers bound to keep it confidential.")


def load_key(key_file: str | os.PathLike | None = None, *, out_dir: str | os.PathLike | None = None) -> bytes:
    """The pseudonym key: ``$PLNETWORK_PSEUDONYM_KEY``, else the key file (created 0600 when missing).

    Raises :class:`~plnetwork.issues.InputError` when the key file lies inside ``out_dir`` (a key shared
    with the data would let anyone recompute the pseudonyms) or is too short.
    """
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return env.encode("utf-8")
    path = Path(key_file or DEFAULT_KEY_FILE).expanduser().resolve()
    if out_dir is not None and path.is_relative_to(Path(out_dir).expanduser().resolve()):
        raise InputError.make("key_in_output", f"the pseudonym key must be kept outside the output folder "
                              f"{out_dir}", file=str(path))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    key = path.read_bytes().strip()
    if len(key) < 16:
        raise InputError.make("key_too_short", "the pseudonym key is too short (at least 16 characters)",
                              file=str(path))
    return key


def pseudonym(staff_id, key: bytes, *, length: int = 10) -> str:
    """``P-`` and the first ``length`` hex digits of HMAC-SHA256(key, staff id)."""
    digest = hmac.new(key, str(staff_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"P-{digest[:length]}"


def pseudonyms(staff_ids, key: bytes) -> dict[str, str]:
    """Staff id -> pseudonym for every id, lengthening all pseudonyms if two would collide."""
    ids = list(dict.fromkeys(str(i) for i in staff_ids))
    for length in (10, 16, 64):
        mapping = {i: pseudonym(i, key, length=length) for i in ids}
        if len(set(mapping.values())) == len(mapping):
            return mapping
    raise ValueError("pseudonyms collide")  # pragma: no cover - SHA-256 collisions


def small_groups(values: pd.Series, *, min_size: int = MIN_GROUP_SIZE) -> set:
    """Values of ``values`` held by fewer than ``min_size`` rows, plus the next smallest when only one is.

    Missing and empty values are not a group.
    """
    counts = values[values.notna() & (values.astype(str).str.strip() != "")].value_counts()
    small = set(counts[counts < min_size].index)
    if len(small) == 1 and len(counts) > 1:
        rest = counts.drop(list(small)).sort_values(kind="stable")
        small.add(rest.index[0])
    return small


class ScrubberBase:
    """What :class:`_Scrubber` and :class:`plnetwork.store.privacy.Redactor` share, on top of their ``text``.

    A subclass sets ``ids`` (id -> replacement) and defines ``text``; ``removed`` replaces what goes.
    """

    ids: dict
    removed = REMOVED

    def value(self, value):
        """A cell that may be an id: an id becomes its mapped value; a number stays; other text goes."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return value
        text = str(value)
        if text in self.ids:
            return self.ids[text]
        return value if re.fullmatch(r"-?\d+(\.\d+)?", text) else self.removed

    def deep(self, data):
        """A JSON-like structure with every string and key passed through ``text``."""
        if isinstance(data, dict):
            return {self.text(k): self.deep(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.deep(v) for v in data]
        return self.text(data)


class _Scrubber(ScrubberBase):
    """Replaces staff ids by pseudonyms, removes names and emails, and hides suppressed group labels."""

    def __init__(self, ids: dict[str, str], names, emails, groups=()):
        self.ids = ids
        self.names = _alternation({str(n).strip() for n in names if isinstance(n, str) and len(n.strip()) > 1}
                                  | {str(e).strip() for e in emails if isinstance(e, str) and e.strip()})
        self.groups = _alternation({str(g) for g in groups if str(g).strip()})

    def text(self, value, *, quoted=False):
        """``value`` with ids mapped, names and emails (and with ``quoted``, quoted text) removed."""
        if not isinstance(value, str):
            return value
        if value in self.ids:
            return self.ids[value]
        if quoted:
            value = _QUOTED.sub(REMOVED, value)
        value = _EMAIL.sub(REMOVED, value)
        if self.names:
            value = self.names.sub(REMOVED, value)
        return self.groups.sub(SUPPRESSED, value) if self.groups else value


def _alternation(words):
    """One case-insensitive pattern matching any of ``words`` as a whole word (longest first)."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)", re.I)


def _cells(people: pd.DataFrame) -> dict[str, pd.Series]:
    """Each person's cell per group column: the school unit, role, ``unit/team`` (as the analysis keys
    teams), level, and subject and grade where the roster has them."""
    unit = people["school_unit"] if "school_unit" in people else people.get("school")
    cells = {}
    if unit is not None:
        cells["school"] = unit.astype(object)
    for column in ("role", "level", "subject", "grade"):
        if column in people:
            cells[column] = people[column].astype(object)
    if "team" in people and unit is not None:
        team = people["team"].astype(object)
        has_team = team.notna() & (team.astype(str).str.strip() != "")
        cells["team"] = (unit.astype(str) + "/" + team.astype(str)).where(has_team, None)
    return cells


def anonymize_outputs(outputs: dict, key: bytes, *, min_size: int = MIN_GROUP_SIZE) -> dict:
    """Pseudonymized copies of ``outputs`` (``people``, ``ties``, ``issues``, ``summary``, ``graph``).

    ``outputs["people"]`` must hold every roster person (``staff_id``, ``name``, optionally ``email``).
    """
    people = outputs["people"].reset_index(drop=True)
    ids = pseudonyms(people["staff_id"], key)
    cells = _cells(people)
    small = {column: small_groups(values, min_size=min_size) for column, values in cells.items()}
    masks = {column: cells[column].isin(small[column]) for column in cells}
    labels = set().union(*small.values()) if small else set()
    if "school" in small and "school" in people:   # a small unit's school names, as people wrote them
        labels |= set(people.loc[masks["school"], "school"].dropna().astype(str))
    none = pd.Series(dtype=str)
    scrub = _Scrubber(ids, people.get("name", none), people.get("email", none), labels)
    result = dict(outputs)
    result["people"] = _people(people, ids, scrub, masks)
    if outputs.get("ties") is not None:
        result["ties"] = _ties(outputs["ties"], ids, scrub)
    if outputs.get("issues") is not None:
        result["issues"] = _issues(outputs["issues"], scrub)
    if outputs.get("graph") is not None:
        masked = {ids[str(i)]: [c for c, m in masks.items() if m.iat[n]]
                  for n, i in enumerate(people["staff_id"].astype(str))}
        result["graph"] = _graph(outputs["graph"], ids, scrub, masked)
    result["summary"] = _summary(outputs.get("summary") or {}, scrub, small, min_size)
    result.pop("mapping", None)   # question texts may quote names; a researcher does not need them
    return result


def anonymize_folder(src, dst, *, key: bytes, min_size: int = MIN_GROUP_SIZE, report: bool = True
                     ) -> dict[str, Path]:
    """Read the files ``plnetwork analyze`` wrote to ``src``; write pseudonymized ones to ``dst``."""
    if Path(src).resolve() == Path(dst).resolve():
        raise ValueError("write the pseudonymized copy to another folder than the original")
    outputs = anonymize_outputs(read_outputs(src), key, min_size=min_size)
    written = write_outputs(outputs, dst)
    if report:
        from .report import write_report_from_outputs

        written["report"] = write_report_from_outputs(outputs, Path(dst) / "report.html")
    return written


#: People-table columns coarsened by each cell (the team cell coarsens the team column, and so on).
_COARSENS = {"school": ("school", "school_unit"), "role": ("role",), "level": ("level",),
             "subject": ("subject",), "grade": ("grade",), "team": ("team",)}


def _text_columns(frame: pd.DataFrame):
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]


def _people(people, ids, scrub, masks):
    out = people.drop(columns=[c for c in people.columns if c != "name" and _IDENTIFYING.search(str(c))])
    out["staff_id"] = out["staff_id"].astype(str).map(ids)
    if "name" in out:
        out["name"] = out["staff_id"]
    grouped = {c for columns in _COARSENS.values() for c in columns}
    for column in _text_columns(out):
        if column not in {"staff_id", "name"} | grouped:
            out[column] = out[column].map(scrub.text)
    for cell, mask in masks.items():
        for column in _COARSENS[cell]:
            if column in out and mask.any():
                out[column] = out[column].astype(object).where(~mask, SUPPRESSED)
    return out.sort_values("staff_id", kind="stable").reset_index(drop=True)


def _ties(ties, ids, scrub):
    out = ties.drop(columns=[c for c in ties.columns if _IDENTIFYING.search(str(c))])
    for column in ("source_id", "target_id"):
        out[column] = out[column].astype(str).map(lambda i: ids.get(i, REMOVED))
    for column in _text_columns(out):
        if column not in ("source_id", "target_id"):
            out[column] = out[column].map(scrub.text)
    return out.sort_values(["source_id", "target_id"], kind="stable").reset_index(drop=True)


def _issues(issues, scrub):
    out = issues.copy()
    if "value" in out:
        out["value"] = out["value"].astype(object).map(scrub.value)
    for column in ("message", "column"):
        if column in out:
            out[column] = out[column].map(lambda v: scrub.text(v, quoted=True))
    return out


def _graph(G, ids, scrub, masked):
    H = nx.DiGraph()
    H.graph.update(scrub.deep(dict(G.graph)))
    for node in sorted(G.nodes, key=lambda n: ids[str(n)]):
        pseudonym_ = ids[str(node)]
        hidden = {c for cell in masked.get(pseudonym_, ()) for c in _COARSENS[cell]}
        attrs = {}
        for name, value in G.nodes[node].items():
            if name == "name":
                attrs[name] = pseudonym_
            elif not _IDENTIFYING.search(name):
                attrs[name] = SUPPRESSED if name in hidden else scrub.text(value)
        H.add_node(pseudonym_, **attrs)
    for u, v, data in G.edges(data=True):
        H.add_edge(ids[str(u)], ids[str(v)],
                   **{k: scrub.deep(val) for k, val in data.items() if not _IDENTIFYING.search(k)})
    return H


_REASON = "fewer than the minimum group size (or needed to protect one that was)"


def _summary(summary, scrub, small, min_size):
    out = dict(summary)
    for section, cell in (("schools", "school"), ("teams", "team"), ("levels", "level")):
        if isinstance(out.get(section), dict):
            out[section] = _drop_groups(out[section], small.get(cell, set()))
    district = out.get("district")
    if isinstance(district, dict) and isinstance(district.get("staff"), int) and district["staff"] < min_size:
        out["district"] = {SUPPRESSED: {"groups": 1, "reason": _REASON}}
    out = scrub.deep(out)
    out["privacy"] = {
        "pseudonyms": "HMAC-SHA256 of the staff id with a key kept outside this folder",
        "min_group_size": min_size,
        "suppressed_groups": {column: len(groups) for column, groups in small.items()},
        "note": PRIVACY_NOTE.format(min_size=min_size),
    }
    return out


def _drop_groups(section: dict, small: set) -> dict:
    """A breakdown without the small groups (and without their rows and columns of a ``matrix``)."""
    if not small:
        return section
    kept = {k: v for k, v in section.items() if k not in small}
    if isinstance(kept.get("matrix"), dict):
        kept["matrix"] = {k: ({kk: n for kk, n in row.items() if kk not in small} if isinstance(row, dict)
                              else row)
                          for k, row in kept["matrix"].items() if k not in small}
    kept[SUPPRESSED] = {"groups": len(small & set(section)), "reason": _REASON}
    return kept
