"""Raw survey answers + roster -> the canonical nominations and respondents, with every problem reported.

Rules, in order:

1. Each response's respondent is resolved by id, then email, then name; a response that matches nobody
   is reported (``respondent_unmatched`` / ``respondent_ambiguous``) and its answers are not used.
2. Several responses of one person are duplicate submissions: the latest (``submitted_at``, else the
   later row) is kept and the others are reported (``duplicate_submission``).
3. Each answer is resolved to a roster person (:mod:`plnetwork.matching`); names that match nobody or
   several people are reported with suggestions (``name_unmatched`` / ``name_ambiguous``).
4. Naming oneself is dropped and reported (``self_nomination``); naming the same person twice in one
   relation counts once (``repeat_nomination``); names beyond a question's limit are kept and reported
   (``over_limit``). A scale answer of 0 ("Never") is an observed non-tie, not a nomination.
5. A response with no answers is a respondent with no ties (``empty_answer``, for information).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from .formats.base import RawResponse, RawSurvey
from .formats.timestamps import instant
from .issues import INFO, WARNING, InputError, IssueReport
from .matching import NameResolver
from .model import NOMINATION_COLUMNS, RESPONDENT_COLUMNS

__all__ = ["Resolved", "resolve_survey"]


@dataclass
class Resolved:
    """The canonical tables of one wave, and the issues met resolving them."""

    nominations: pd.DataFrame
    respondents: pd.DataFrame
    issues: IssueReport = field(default_factory=IssueReport)
    #: unmatched or ambiguous answers with suggested staff ids, for review (the dashboard offers them)
    unresolved: pd.DataFrame | None = None


def resolve_survey(raw: RawSurvey, roster: pd.DataFrame, *, resolver: NameResolver | None = None
                   ) -> Resolved:
    """Resolve a :class:`RawSurvey` against ``roster``.

    Examples
    --------
    >>> import pandas as pd
    >>> from plnetwork.formats.base import RawSurvey, RawResponse, RawAnswer
    >>> roster = pd.DataFrame({"staff_id": ["1", "2"], "name": ["Ann Lee", "Bo Diaz"],
    ...                        "email": ["", ""], "school": ["Oak", "Oak"]})
    >>> raw = RawSurvey("wide", ["s.csv"], [RawResponse("r2", "s.csv", 2, staff_id="1")],
    ...                 [RawAnswer("r2", "advice", "bo diaz", "free_text", "s.csv", 2, "advice_1")])
    >>> resolve_survey(raw, roster).nominations[["respondent_id", "nominee_id", "match"]].values.tolist()
    [['1', '2', 'exact']]
    """
    resolver = resolver or NameResolver(roster)
    names = dict(zip(roster["staff_id"], roster["name"]))
    issues = IssueReport()
    issues.extend(raw.issues)
    schools = dict(zip(roster["staff_id"], roster["school"].fillna("") if "school" in roster else [""] * len(roster)))
    kept = _kept_responses(raw.responses, resolver, names, issues, merge=raw.merge_same_person)
    answers_by_response = defaultdict(list)
    for answer in raw.answers:
        answers_by_response[answer.response].append(answer)
    answers_by_person: dict[str, list] = defaultdict(list)
    first_response: dict[str, RawResponse] = {}
    for response, staff_id in kept.items():
        answers_by_person[staff_id].extend(answers_by_response.get(response.key, []))
        first_response.setdefault(staff_id, response)
    rows, unresolved = [], []
    for staff_id, response in first_response.items():
        answers = answers_by_person[staff_id]
        if not answers:
            issues.add("empty_answer", INFO, "named nobody: a respondent with no ties", file=response.file,
                       row=response.row, column=response.column, value=staff_id)
        rows.extend(_resolve_answers(answers, staff_id, schools.get(staff_id) or None, resolver, names, issues,
                                     unresolved))
    nominations = pd.DataFrame(rows, columns=NOMINATION_COLUMNS)
    respondents = pd.DataFrame([(staff_id, r.file, r.row, r.submitted_at or "")
                                for staff_id, r in first_response.items()],
                               columns=RESPONDENT_COLUMNS)
    if raw.responses and respondents.empty and nominations.empty:
        raise InputError.make("no_roster_match", f"none of its {len(raw.responses)} respondents match anyone on "
                              "the roster: is it the right roster (or the right id/email column)?",
                              file=raw.files[0] if raw.files else None)
    return Resolved(nominations, respondents, issues,
                    pd.DataFrame(unresolved, columns=["file", "row", "column", "answer", "respondent_id",
                                                      "status", "suggestions"]))


def _kept_responses(responses: list[RawResponse], resolver: NameResolver, names: dict, issues: IssueReport,
                    *, merge: bool = False) -> dict[RawResponse, str]:
    """Resolve each response's respondent; keep the latest submission of each person (all of them when
    ``merge``: the parts of one answer)."""
    by_person: dict[str, list[RawResponse]] = defaultdict(list)
    for response in responses:
        result = resolver.resolve_respondent(staff_id=response.staff_id, email=response.email,
                                             name=response.name, school=response.school)
        value = response.email or response.staff_id or response.name or ""
        if result.status == "matched":
            by_person[result.staff_id].append(response)
        elif result.status == "empty":
            issues.add("respondent_missing", WARNING, "has answers but no respondent id, email or name; the "
                       "response was not used", file=response.file, row=response.row, column=response.column)
        else:
            issues.add(f"respondent_{result.status}", WARNING,
                       f"respondent {value!r} {_explain(result, names)}; the response was not used",
                       file=response.file, row=response.row, column=response.column, value=value)
    kept = {}
    for staff_id, group in by_person.items():
        if merge:
            kept.update({response: staff_id for response in group})
            continue
        ordered = sorted(group, key=_submission_order)
        latest = ordered[-1]
        kept[latest] = staff_id
        for older in ordered[:-1]:
            issues.add("duplicate_submission", WARNING, f"is an earlier submission by the same person as "
                       f"row {latest.row} of {latest.file}; the latest was kept", file=older.file,
                       row=older.row, column=older.column, value=staff_id)
    return dict(sorted(kept.items(), key=lambda item: (item[0].file, item[0].row)))


def _submission_order(response: RawResponse):
    stamp = _parse_time(response.submitted_at)
    return (stamp is not None, stamp or datetime.min, response.file, response.row)


def _parse_time(text: str | None) -> datetime | None:
    """An ISO-8601 ``submitted_at`` as naive UTC (see :func:`~plnetwork.formats.timestamps.instant`)."""
    if not text:
        return None
    try:
        return instant(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _explain(result, names: dict) -> str:
    names = [f"{names.get(candidate, '')} ({candidate})" for candidate in result.candidates]
    if result.status == "ambiguous":
        return f"matches several people equally ({'; '.join(names)})"
    return f"is not on the roster (closest: {'; '.join(names)})" if names else "is not on the roster"


def _resolve_answers(answers, respondent_id, school, resolver, names, issues, unresolved) -> list[tuple]:
    rows, seen = [], {}
    counts: dict[tuple, int] = defaultdict(int)
    for answer in answers:
        result = resolver.resolve(answer.text, school=school)
        where = {"file": answer.file, "row": answer.row, "column": answer.column, "value": answer.text}
        if result.status == "empty":
            continue
        if result.status != "matched":
            issues.add(f"name_{result.status}", WARNING, f"{answer.text!r} {_explain(result, names)}; the "
                       "nomination was not used", **where)
            unresolved.append((answer.file, answer.row, answer.column, answer.text, respondent_id,
                               result.status, ";".join(result.candidates)))
            continue
        nominee = result.staff_id
        if nominee == respondent_id:
            issues.add("self_nomination", INFO, "names the respondent themself; dropped", **where)
            continue
        if answer.weight is not None and answer.weight <= 0:
            continue  # an explicit "Never": observed, and not a tie
        key = (nominee, answer.relation)
        if key in seen:
            issues.add("repeat_nomination", INFO, f"names {names.get(nominee, nominee)!r} again for "
                       f"{answer.relation}; counted once", **where)
            previous = seen[key]
            if answer.weight is not None and (rows[previous][3] is None or answer.weight > rows[previous][3]):
                rows[previous] = rows[previous][:3] + (answer.weight,) + rows[previous][4:]
            continue
        counts[(answer.relation, answer.limit)] += 1
        if answer.limit is not None and counts[(answer.relation, answer.limit)] > answer.limit:
            issues.add("over_limit", WARNING, f"is beyond the question's limit of {answer.limit} names for "
                       f"{answer.relation}; kept", **where)
        seen[key] = len(rows)
        rows.append((respondent_id, nominee, answer.relation, answer.weight, answer.source, result.kind,
                     answer.file, answer.row, answer.column, answer.text))
    return rows
