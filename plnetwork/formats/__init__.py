"""Survey export readers: one module per platform plus generic layouts, chosen by detection.

Each reader module has ``NAME``, ``detect(table) -> float`` (0 = not this layout, 1 = surely this
layout, read from the header rows only) and ``read(table, context) -> RawSurvey``. A module may also
have ``is_companion(table) -> bool`` for a file that only completes another (REDCap's data dictionary):
such files are handed to the reader in ``context.companions`` rather than read as exports.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Sequence

from ..headers import describe_header
from ..issues import InputError
from ..tables import Source, Table, read_table
from .base import RawAnswer, RawResponse, RawSurvey

__all__ = ["ReadContext", "READER_NAMES", "reader", "detect_format", "read_export", "read_exports",
           "RawSurvey", "RawResponse", "RawAnswer"]

#: Reader modules in the order they are tried: platforms before the generic layouts they resemble.
READER_NAMES = ("redcap", "qualtrics", "surveymonkey", "microsoft_forms", "google_forms",
                "matrix", "edgelist", "wide")

FORMAT_ALIASES = {"google": "google_forms", "gforms": "google_forms", "msforms": "microsoft_forms",
                  "ms_forms": "microsoft_forms", "microsoft": "microsoft_forms", "edge_list": "edgelist",
                  "adjacency": "matrix", "survey_monkey": "surveymonkey", "csv": "wide", "xlsx": "wide"}


@dataclass
class ReadContext:
    """What a reader may use besides its own file.

    ``roster_names`` are the people's display names (the choices a roster-based question offers: used
    to split a cell whose free-text "Other" answer itself contains commas). ``mapping`` is an explicit
    question -> relation mapping (``--map FILE``) that replaces detection. ``companions`` are files that
    complete an export (a REDCap data dictionary).
    """

    roster_names: Sequence[str] = ()
    mapping: dict | None = None
    companions: list[Table] = field(default_factory=list)
    default_relation: str = "advice"


def reader(name: str):
    """The reader module for a format name (aliases accepted)."""
    key = FORMAT_ALIASES.get(name.lower().replace("-", "_"), name.lower().replace("-", "_"))
    if key not in READER_NAMES:
        raise InputError.make("unknown_format", f"unknown format {name!r}; choose one of "
                              f"{', '.join(READER_NAMES)}")
    return importlib.import_module(f"{__name__}.{key}")


def _available_readers():
    for name in READER_NAMES:
        try:
            yield importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


def detect_format(table: Table) -> str | None:
    """The name of the reader whose layout fits ``table`` best, or None."""
    best, best_score = None, 0.0
    for module in _available_readers():
        score = module.detect(table)
        if score > best_score:
            best, best_score = module.NAME, score
    return best


def _is_companion(table: Table) -> bool:
    return any(getattr(module, "is_companion", lambda t: False)(table) for module in _available_readers())


def read_export(source: Source, *, format: str | None = None, context: ReadContext | None = None,
                name: str | None = None) -> RawSurvey:
    """Read one survey export (a path or bytes) into a :class:`RawSurvey`."""
    return read_exports([source], format=format, context=context, names=[name] if name else None)


def read_exports(sources: Sequence[Source], *, format: str | None = None,
                 context: ReadContext | None = None, names: Sequence[str] | None = None) -> RawSurvey:
    """Read several exports of one wave (and their companion files) into one :class:`RawSurvey`."""
    context = context or ReadContext()
    tables = [read_table(src, name=(names[i] if names else None)) for i, src in enumerate(sources)]
    exports = []
    for table in tables:
        if format is None and _is_companion(table):
            context.companions.append(table)
        else:
            exports.append(table)
    if not exports:
        raise InputError.make("no_export", "only companion files (such as a data dictionary) were given; "
                              "add the survey export itself", file=tables[0].file if tables else None)
    survey = None
    for table in exports:
        module = reader(format) if format else _detected(table)
        part = module.read(table, context)
        part.issues.extend(table.issues)
        survey = part if survey is None else survey.merge(part)
    return survey


def _detected(table: Table):
    name = detect_format(table)
    if name is None:
        header = describe_header(table.rows[0])
        raise InputError.make("unknown_layout", "is not a survey export this tool recognises (header: "
                              f"{header}); name its layout with --format", file=table.file, row=1)
    return reader(name)

