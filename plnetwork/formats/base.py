"""What every export reader returns: the raw answers, before names are resolved to roster people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..issues import IssueReport

__all__ = ["RawResponse", "RawAnswer", "RawSurvey"]


@dataclass(eq=False)   # compared and hashed by identity: two identical rows are two submissions
class RawResponse:
    """One submission (a row of a wide export, or one respondent of an edge list or matrix).

    The respondent is identified by whichever of ``staff_id``, ``email`` and ``name`` the export carries;
    :mod:`plnetwork.responses` resolves them against the roster in that order.
    ``submitted_at`` (an ISO-8601 string or None) decides which of duplicate submissions is kept;
    without it the later row wins.
    """

    key: str                      # unique within the survey, e.g. "file.csv:7"
    file: str
    row: int                      # 1-based row as a spreadsheet shows it
    staff_id: Optional[str] = None
    email: Optional[str] = None
    name: Optional[str] = None
    submitted_at: Optional[str] = None
    column: Optional[str] = None  # the column that identified the respondent (for issues)
    school: Optional[str] = None  # the school the respondent chose, if the form asks


@dataclass
class RawAnswer:
    """One colleague named (picked or typed) in one submission, for one relation.

    ``text`` is what the export holds: an id, an email or a name. ``weight`` is None for a plain
    nomination, or the numeric value of a frequency / rating scale. An explicit zero on a scale
    (``Never``) is an observed non-tie: it is kept with ``weight=0`` and does not become an edge.
    """

    response: str                 # RawResponse.key
    relation: str
    text: str
    source: str                   # "choice" | "free_text" | "matrix" | "edge_list"
    file: str
    row: int
    column: str
    weight: Optional[float] = None
    limit: Optional[int] = None   # the instrument's cap on names for this question, if any


@dataclass
class RawSurvey:
    """A survey export read into responses and answers, with the issues met while reading it."""

    platform: str
    files: list[str]
    responses: list[RawResponse] = field(default_factory=list)
    answers: list[RawAnswer] = field(default_factory=list)
    issues: IssueReport = field(default_factory=IssueReport)
    #: the detected question -> relation mapping, written to the output so a user can correct and reuse it
    mapping: dict = field(default_factory=dict)
    #: True when every row of the export is a respondent (wide files); False when respondents are only
    #: inferred from who named someone (edge lists), so people with no ties cannot be told from non-respondents
    complete_respondents: bool = True
    #: True when several responses of one person are parts of one answer (edge list rows naming the
    #: respondent differently) rather than duplicate submissions
    merge_same_person: bool = False

    def merge(self, other: "RawSurvey") -> "RawSurvey":
        """Both surveys as one (several exports of the same wave)."""
        issues = IssueReport()
        issues.extend(self.issues)
        issues.extend(other.issues)
        platform = self.platform if self.platform == other.platform else f"{self.platform}+{other.platform}"
        return RawSurvey(platform, self.files + other.files, self.responses + other.responses,
                         self.answers + other.answers, issues, {**self.mapping, **other.mapping},
                         self.complete_respondents and other.complete_respondents,
                         self.merge_same_person and other.merge_same_person)
