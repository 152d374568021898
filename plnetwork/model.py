"""The canonical tables (roster, nominations, respondents) and the level vocabulary.

Every reader ends in these shapes, and everything downstream reads only these:

- **roster** — one row per staff member, :data:`ROSTER_COLUMNS` first, then any extra columns
  (kept as attributes for disaggregation). ``staff_id`` is a string kept exactly as written.
- **nominations** — one row per (respondent, nominee, relation), :data:`NOMINATION_COLUMNS`.
- **respondents** — one row per person who answered, :data:`RESPONDENT_COLUMNS`. A person with an empty
  answer is a respondent with no ties; a person absent from this table is missing data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LEVELS", "ROSTER_COLUMNS", "NOMINATION_COLUMNS", "RESPONDENT_COLUMNS", "MATCH_KINDS",
    "SOURCES", "DEFAULT_ROLE_TABLE", "RoleRule", "RoleTable", "NAME_GENERATORS",
]

#: The three levels at which leadership of professional learning is read, from the classroom up.
LEVELS = ("classroom", "school", "district")

ROSTER_COLUMNS = ["staff_id", "name", "email", "school", "role", "level", "formal_leader", "team"]

NOMINATION_COLUMNS = ["respondent_id", "nominee_id", "relation", "weight", "source", "match",
                      "file", "row", "column", "answer"]

RESPONDENT_COLUMNS = ["staff_id", "file", "row", "submitted_at"]

#: How a typed or picked answer was resolved to a roster person, from surest to least sure.
MATCH_KINDS = ("id", "email", "exact", "nickname", "surname", "first_name", "fuzzy")

#: Where an answer came from in the survey.
SOURCES = ("choice", "free_text", "matrix", "edge_list")

#: Relations that name colleagues ("name generators"); their union is the default network.
NAME_GENERATORS = ("advice", "learning", "leadership")


@dataclass(frozen=True)
class RoleRule:
    """Roles matching ``pattern`` (a regular expression, case-insensitive) sit at ``level``."""

    pattern: str
    level: str
    formal_leader: bool


#: The default role -> level / formal-leader table, first match wins. Override with
#: :meth:`RoleTable.from_mapping` or a roster that states ``level`` and ``formal_leader`` itself.
DEFAULT_ROLE_TABLE: tuple[RoleRule, ...] = (
    RoleRule(r"superintendent|district|central office|director|chief|coordinator|curriculum specialist",
             "district", True),
    RoleRule(r"principal|head ?teacher|head of school|dean", "school", True),
    RoleRule(r"coach|department (head|chair)|head of department|\bhod\b|instructional (lead|specialist)|"
             r"team lead|grade (level )?(lead|chair)|plc lead|specialist|interventionist|mentor",
             "school", True),
    RoleRule(r"counsel|librarian|media|psycholog|social worker|nurse|secretary|clerk|admin",
             "school", False),
    RoleRule(r"teacher|educator|paraprofessional|para\b|aide|assistant|tutor|instructor|sped|esl|ell",
             "classroom", False),
)


class RoleTable:
    """Derives ``level`` and ``formal_leader`` from a role title where the roster does not state them.

    Examples
    --------
    >>> table = RoleTable()
    >>> table.lookup("Instructional Coach")
    ('school', True)
    >>> table.lookup("3rd grade teacher")
    ('classroom', False)
    >>> RoleTable.from_mapping({"TOSA": ("school", True)}).lookup("tosa")
    ('school', True)
    """

    def __init__(self, rules=DEFAULT_ROLE_TABLE, *, default=("classroom", False)):
        self.rules = tuple(rules)
        self.default = default
        self._compiled = [(re.compile(rule.pattern, re.IGNORECASE), rule) for rule in self.rules]

    @classmethod
    def from_mapping(cls, mapping: dict[str, tuple[str, bool]], *, extend=True) -> "RoleTable":
        """A table whose exact role names (``mapping``) are tried before the default rules."""
        rules = [RoleRule(rf"^\s*{re.escape(role)}\s*$", level, bool(formal))
                 for role, (level, formal) in mapping.items()]
        for rule in rules:
            _check_level(rule.level)
        return cls(rules + (list(DEFAULT_ROLE_TABLE) if extend else []))

    def lookup(self, role: str | None) -> tuple[str, bool]:
        """``(level, formal_leader)`` for a role title; the default for an unknown or empty one."""
        if role:
            for regex, rule in self._compiled:
                if regex.search(role):
                    return rule.level, rule.formal_leader
        return self.default

    def matches(self, role: str | None) -> bool:
        """Whether any rule recognises ``role`` (an unrecognised role is reported)."""
        return bool(role) and any(regex.search(role) for regex, _ in self._compiled)


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level
