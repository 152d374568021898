"""What a scope sees of a wave: one school's slice of a district-wide wave, and pseudonymized copies.

- **School slice**: the school's people, the ties among them, their responses and the issues of their
  responses; anyone outside the school is removed from the text that remains.
- **Pseudonymized** (researchers, and anyone with names hidden): staff ids become HMAC pseudonyms (the
  ``name`` column holds the pseudonym too, so every display shows it), emails, typed answers and other
  identifying columns go, question texts and issue messages lose names and quoted text, and a school,
  role, team or level held by fewer than 5 people reads ``"suppressed"`` (:mod:`plnetwork.anonymize`).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from ..anonymize import GROUP_COLUMNS, SUPPRESSED, pseudonyms, small_groups
from .privacy import REMOVED, Redactor
from .rows import WaveTables

__all__ = ["people_words", "slice_tables", "slice_people", "pseudonymize_tables", "pseudonymize_people",
           "IDENTIFYING"]

#: Columns removed from pseudonymized tables: they name or reach a person.
IDENTIFYING = re.compile(r"name|e_?mail|mail|phone|address|birth|dob|ssn|social_security|answer", re.I)


def people_words(roster: pd.DataFrame, ids=None) -> list[str]:
    """The names and emails of the roster's people (of ``ids`` only, when given)."""
    rows = roster if ids is None else roster[roster["staff_id"].astype(str).isin(set(ids))]
    words = []
    for column in ("name", "email"):
        if column in rows:
            words.extend(v for v in rows[column].tolist() if isinstance(v, str) and v.strip())
    return words


def _school_ids(roster: pd.DataFrame, school: str) -> set[str]:
    schools = roster["school"].astype(str).str.strip() if "school" in roster else pd.Series("", roster.index)
    return set(roster.loc[schools == school.strip(), "staff_id"].astype(str))


def slice_tables(tables: WaveTables, school: str) -> WaveTables:
    """Only ``school``'s people of a wave, and nothing that names anyone else."""
    roster = tables.roster
    inside = _school_ids(roster, school)
    outside = set(roster["staff_id"].astype(str)) - inside
    redact = Redactor(ids=dict.fromkeys(outside, REMOVED), words=people_words(roster, outside))
    noms = tables.nominations
    nominations = noms[noms["respondent_id"].astype(str).isin(inside) & noms["nominee_id"].astype(str).isin(inside)]
    respondents = tables.respondents[tables.respondents["staff_id"].astype(str).isin(inside)]
    answered = set(zip(respondents["file"], respondents["row"]))
    issues = tables.issues[[(f, r) in answered for f, r in zip(tables.issues["file"], tables.issues["row"])]]
    unresolved = tables.unresolved[tables.unresolved["respondent_id"].astype(str).isin(inside)].copy()
    unresolved["suggestions"] = unresolved["suggestions"].map(lambda s: _keep_ids(s, inside))
    return replace(
        tables, roster=roster[roster["staff_id"].astype(str).isin(inside)].reset_index(drop=True),
        nominations=redact.frame(nominations, ["column", "answer"]).reset_index(drop=True),
        respondents=respondents.reset_index(drop=True),
        issues=redact.frame(issues, ["message", "value", "column"]).reset_index(drop=True),
        unresolved=redact.frame(unresolved, ["column", "answer"]).reset_index(drop=True), issues_dropped={})


def _keep_ids(text, ids) -> str:
    if not isinstance(text, str):
        return text
    return ";".join(i for i in text.split(";") if i in ids)


def slice_people(people: pd.DataFrame, summary: dict, roster: pd.DataFrame, school: str):
    """The cached results of a district-wide wave as a school sees them."""
    inside = _school_ids(roster, school)
    outside = set(roster["staff_id"].astype(str)) - inside
    redact = Redactor(ids=dict.fromkeys(outside, REMOVED), words=people_words(roster, outside))
    kept = people[people["staff_id"].astype(str).isin(inside)].reset_index(drop=True)
    return kept, redact.deep(summary)


def _coarsen(frame: pd.DataFrame, small: dict) -> pd.DataFrame:
    for column, values in small.items():
        if column in frame and values:
            frame[column] = frame[column].astype(object).where(~frame[column].isin(values), SUPPRESSED)
    return frame


def _small_groups(roster: pd.DataFrame) -> dict:
    return {column: small_groups(roster[column]) for column in GROUP_COLUMNS if column in roster}


def _all_ids(tables: WaveTables) -> list[str]:
    ids = list(tables.roster["staff_id"].astype(str))
    for frame, column in ((tables.nominations, "respondent_id"), (tables.nominations, "nominee_id"),
                          (tables.respondents, "staff_id"), (tables.unresolved, "respondent_id")):
        ids.extend(frame[column].dropna().astype(str))
    return ids


def _pseudonymous_people(frame: pd.DataFrame, ids: dict, redact: Redactor, small: dict) -> pd.DataFrame:
    keep = [c for c in frame.columns if c in ("staff_id", "name") or not IDENTIFYING.search(str(c))]
    out = frame[keep].copy()
    out["staff_id"] = out["staff_id"].astype(str).map(ids)
    if "name" in out:
        out["name"] = out["staff_id"]
    protected = ("staff_id", "name", *GROUP_COLUMNS)
    for column in out.columns:
        if column not in protected and (out[column].dtype == object
                                        or pd.api.types.is_string_dtype(out[column])):
            out[column] = out[column].astype(object).map(redact.text)
    return _coarsen(out, small)


def pseudonymize_tables(tables: WaveTables, key: bytes) -> WaveTables:
    """A copy of the wave with no name, email or real id in it (see the module docstring)."""
    ids = pseudonyms(_all_ids(tables), key)
    redact = Redactor(ids=ids, words=people_words(tables.roster), quoted=True)
    small = _small_groups(tables.roster)
    roster = _pseudonymous_people(tables.roster, ids, redact, small)
    if "email" in tables.roster:
        roster.insert(min(2, len(roster.columns)), "email", "")
    noms = tables.nominations.copy()
    for column in ("respondent_id", "nominee_id"):
        noms[column] = noms[column].astype(str).map(ids)
    noms["answer"] = REMOVED
    noms["column"] = noms["column"].astype(object).map(redact.text)
    respondents = tables.respondents.copy()
    respondents["staff_id"] = respondents["staff_id"].astype(str).map(ids)
    issues = tables.issues.copy()
    issues["value"] = issues["value"].astype(object).map(redact.value)
    for column in ("message", "column"):
        issues[column] = issues[column].astype(object).map(redact.text)
    unresolved = tables.unresolved.copy()
    unresolved["respondent_id"] = unresolved["respondent_id"].map(lambda i: ids.get(str(i), REMOVED))
    unresolved["suggestions"] = unresolved["suggestions"].map(
        lambda s: ";".join(ids.get(i, REMOVED) for i in s.split(";") if i) if isinstance(s, str) else s)
    unresolved["answer"] = REMOVED
    unresolved["column"] = unresolved["column"].astype(object).map(redact.text)
    return replace(tables, roster=roster, nominations=noms, respondents=respondents, issues=issues,
                   unresolved=unresolved, mapping={})


def pseudonymize_people(people: pd.DataFrame, summary: dict, roster: pd.DataFrame, key: bytes):
    """Cached results with pseudonyms; ``roster`` (may be empty once purged) supplies names to remove."""
    all_ids = list(people["staff_id"].astype(str)) + list(roster["staff_id"].astype(str))
    ids = pseudonyms(all_ids, key)
    redact = Redactor(ids=ids, words=people_words(roster) + people_words(people), quoted=True)
    out = _pseudonymous_people(people, ids, redact, _small_groups(people))
    return out.reset_index(drop=True), redact.deep(summary)
