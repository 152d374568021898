"""Typed issues found while reading and resolving input, and the report that collects them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

__all__ = ["Issue", "IssueReport", "InputError", "ERROR", "WARNING", "INFO", "ISSUE_COLUMNS"]

ERROR = "error"
WARNING = "warning"
INFO = "info"

#: Column order of ``issues.csv`` (the command-line contract).
ISSUE_COLUMNS = ["code", "severity", "file", "row", "column", "value", "message"]


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, and where.

    ``row`` is the 1-based line of the file as a spreadsheet shows it (the header is row 1);
    ``column`` is the header text of the column (or its letter where there is no header).
    """

    code: str
    severity: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self) -> str:
        """``file, row 3, column "Name"`` — the parts that are known."""
        parts = [self.file or "<input>"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    def one_line(self) -> str:
        """The issue as one line for a terminal: location, then message."""
        return f"{self.location()}: {self.message}"


class InputError(Exception):
    """Input that cannot be used at all; carries the :class:`Issue` that says why."""

    def __init__(self, issue: Issue):
        super().__init__(issue.one_line())
        self.issue = issue

    @classmethod
    def make(cls, code: str, message: str, **where) -> "InputError":
        return cls(Issue(code, ERROR, message, **where))


@dataclass
class IssueReport:
    """Collects issues, keeping at most ``cap`` of them and counting the rest by code."""

    cap: int = 100_000
    issues: list[Issue] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)

    def add(self, code: str, severity: str, message: str, **where) -> Issue:
        issue = Issue(code, severity, message, **where)
        self.append(issue)
        return issue

    def append(self, issue: Issue) -> None:
        if len(self.issues) < self.cap:
            self.issues.append(issue)
        else:
            self.dropped[issue.code] += 1

    def extend(self, other: "IssueReport | Iterable[Issue]") -> None:
        for issue in other:
            self.append(issue)
        if isinstance(other, IssueReport):
            self.dropped.update(other.dropped)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def counts(self) -> dict[str, int]:
        """Number of issues by code, including those beyond the cap."""
        counts = Counter(issue.code for issue in self.issues)
        counts.update(self.dropped)
        return dict(sorted(counts.items()))

    def has_errors(self) -> bool:
        return any(issue.severity == ERROR for issue in self.issues)

    def records(self) -> list[dict]:
        """Rows for ``issues.csv``; a last row says how many were left out by the cap."""
        rows = [{name: getattr(issue, name) for name in ISSUE_COLUMNS} for issue in self.issues]
        if self.dropped:
            total = sum(self.dropped.values())
            rows.append({"code": "issues_capped", "severity": INFO, "file": None, "row": None,
                         "column": None, "value": str(total),
                         "message": f"{total} more issues were found than the {self.cap} kept: "
                                    + ", ".join(f"{c} x{n}" for c, n in sorted(self.dropped.items()))})
        return rows

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.records(), columns=ISSUE_COLUMNS)

