"""The Python API: load a wave's exports and roster, then analyse it.

Examples
--------
>>> import plnetwork
>>> roster = ("roster.csv", b"staff_id,name,school,role\\n1,Ann Lee,Oak,Teacher\\n2,Bo Diaz,Oak,Coach\\n")
>>> export = ("answers.csv", b"staff_id,advice_1,advice_2\\n1,Bo Diaz,\\n2,,\\n")
>>> data = plnetwork.load([export], roster=roster)
>>> data.nominations[["respondent_id", "nominee_id", "relation"]].values.tolist()
[['1', '2', 'advice']]
>>> result = data.analyze()
>>> result.people.set_index("staff_id").loc["2", "in_degree"]
np.int64(1)
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Sequence

import networkx as nx
import pandas as pd

from .formats import ReadContext, read_exports
from .formats.base import RawSurvey
from .formats.mapping import load_mapping
from .issues import IssueReport
from .model import RoleTable
from .network import build_graph
from .responses import resolve_survey
from .roster import read_roster
from .tables import Source

__all__ = ["Dataset", "load"]


@dataclass
class Dataset:
    """One wave: the roster, the resolved nominations and respondents, every issue, and the graph."""

    roster: pd.DataFrame
    nominations: pd.DataFrame
    respondents: pd.DataFrame
    issues: IssueReport
    graph: nx.DiGraph
    raw: RawSurvey | None = None
    unresolved: pd.DataFrame | None = None
    files: list[str] = field(default_factory=list)

    @property
    def platform(self) -> str | None:
        return self.raw.platform if self.raw else None

    def analyze(self, **options):
        """Every measure and classification (see :func:`plnetwork.analysis.analyze_graph`)."""
        from .analysis import analyze_graph

        analysis = analyze_graph(self.graph, **options)
        analysis.ties = self.nominations
        analysis.issues = self.issues
        return analysis


def load(exports: Sequence[Source], *, roster: Source, format: str | None = None,
         mapping: Source | None = None, role_table: RoleTable | None = None,
         default_relation: str = "advice") -> Dataset:
    """Read survey exports (paths or ``(name, bytes)``) and a roster into a :class:`Dataset`.

    Raises :class:`~plnetwork.issues.InputError` when an input cannot be used at all; everything else
    found is in ``Dataset.issues``.
    """
    people, issues = read_roster(roster, role_table=role_table)
    context = ReadContext(roster_names=people["name"].tolist(), default_relation=default_relation,
                          mapping=load_mapping(mapping) if mapping is not None else None)
    raw = read_exports(list(exports), format=format, context=context)
    resolved = resolve_survey(raw, people)
    issues.extend(resolved.issues)
    graph = build_graph(people, resolved.nominations, resolved.respondents)
    _freeze_once()
    return Dataset(people, resolved.nominations, resolved.respondents, issues, graph, raw,
                   resolved.unresolved, list(raw.files))


_frozen = False


def _freeze_once() -> None:
    """Move everything alive (the first dataset loaded) out of the garbage collector's sight.

    The analysis then builds millions of objects, and each full collection would scan the dataset again:
    freezing saves about 0.6 s of 6 at 50,000 staff. Frozen objects are still freed when no longer used,
    except those in reference cycles, so only the first dataset of a process is frozen (a notebook that
    loads wave after wave keeps at most one dataset's cycles).
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
