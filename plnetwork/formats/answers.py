"""What an answer cell holds: names (split knowing the roster's), "nobody" answers, and scale labels.

The helpers every reader shares: :func:`fold` (text as compared), :func:`split_names` (several names in one
cell, roster names kept whole), :func:`is_none_answer`, the answer scales (``Never`` ... ``Daily`` -> 0 ... 4)
and :func:`answer_reader`, which reads one cell of a mapped column into answers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

from ..issues import WARNING, IssueReport

__all__ = ["fold", "NameSet", "is_none_answer", "split_names", "SCALES", "scale_for", "scale_labels",
           "CHECKED", "UNCHECKED", "answer_reader"]


# --- names in cells -----------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "`": "'",
                         "\u00a0": " "})
_NONE_ANSWERS = {"none", "no one", "noone", "nobody", "n/a", "-", "none of the above", "not applicable",
                 "no one else", "nobody else", "nothing", "no", "na"}


def fold(text: str) -> str:
    """Text as compared: Unicode-normalized, straight quotes, lowercase, single spaces.

    >>> fold("  Siobhan  O\u2019Brien ")
    "siobhan o'brien"
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


_PLACEHOLDER = re.compile(r"^(other|someone else|somebody else|someone not (on the )?list(ed)?)\s*(\(.*\))?:?$")


def is_none_answer(text: str) -> bool:
    """Whether an answer names nobody: ``None``, ``No one``, ``N/A``, or the label of an "Other" choice.

    >>> is_none_answer("No one"), is_none_answer("Other (please specify)"), is_none_answer("Ann Other")
    (True, True, False)
    """
    folded = fold(text).strip(".! ")
    return folded in _NONE_ANSWERS or bool(_PLACEHOLDER.match(folded))


class NameSet:
    """The names a cell's parts are matched against (roster names, a question's options), folded."""

    def __init__(self, names: Iterable[str] = ()):
        self._names = {fold(name) for name in names if name and name.strip()}

    def __contains__(self, text: str) -> bool:
        return fold(text) in self._names

    def __bool__(self) -> bool:
        return bool(self._names)


_SEPARATORS = {";": re.compile(r";"), ",": re.compile(r","), "lines": re.compile(r"[\r\n;]+")}


def split_names(cell: str, separator: str | None, known: NameSet, *, typed: bool = False
                ) -> list[tuple[str, str]]:
    """The names in one cell as ``(text, source)``, ``source`` "choice" for a known option else "free_text".

    ``separator`` is how the platform joins several picks (``";"``, ``","``), ``"lines"`` for typed text
    (new lines and semicolons, then commas as below), or None for a cell that holds one answer. Known
    names are matched first, so a roster name containing the separator stays whole; what is left between
    them is typed text (an "Other" answer), split at commas except that a one-word part is a surname
    joined to the part after it (``"Smith, Jordan"`` is one "Last, First" name). Answers that mean "nobody"
    are dropped.

    Examples
    --------
    >>> known = NameSet(["Robert Ray", "Maria Garcia", "Lee, Ann"])
    >>> split_names("Robert Ray, Lee, Ann, Smith, Jordan", ",", known)
    [('Robert Ray', 'choice'), ('Lee, Ann', 'choice'), ('Smith, Jordan', 'free_text')]
    >>> split_names("Maria Garcia;Smith, Jordan;", ";", known)
    [('Maria Garcia', 'choice'), ('Smith, Jordan', 'free_text')]
    >>> split_names("Priya Natarajn, Siobhan O'Brien", "lines", NameSet())
    [('Priya Natarajn', 'free_text'), ("Siobhan O'Brien", 'free_text')]
    """
    cell = (cell or "").strip()
    if not cell:
        return []
    if separator is None:
        if is_none_answer(cell) and cell not in known:
            return []
        return [(cell, "choice" if cell in known or not typed else "free_text")]
    if separator == "lines":
        out = []
        for piece in _SEPARATORS["lines"].split(cell):
            out.extend(split_names(piece, ",", known, typed=True))
        return out
    parts = [part.strip() for part in _SEPARATORS[separator].split(cell)]
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    i = 0
    while i < len(parts):
        end = _longest_known(parts, i, separator, known)
        if end:
            out.extend(_leftover(pending, separator, typed=typed or bool(known)))
            pending = []
            out.append((f"{separator} ".join(parts[i:end]) if separator == "," else ";".join(parts[i:end]),
                        "choice"))
            i = end
        else:
            pending.append(parts[i])
            i += 1
    out.extend(_leftover(pending, separator, typed=typed or bool(known)))
    return [(text, source) for text, source in out if text and (text in known or not is_none_answer(text))]


def _longest_known(parts: Sequence[str], start: int, separator: str, known: NameSet) -> int | None:
    if not known:
        return None
    for end in range(min(len(parts), start + 4), start, -1):
        joined = f"{separator} ".join(parts[start:end]) if separator == "," else ";".join(parts[start:end])
        if joined and joined in known:
            return end
    return None


def _leftover(parts: list[str], separator: str, *, typed: bool) -> list[tuple[str, str]]:
    parts = [part for part in parts if part]
    if not parts:
        return []
    source = "free_text" if typed else "choice"
    if separator != ",":
        return [(part, source) for part in parts]
    out, i = [], 0
    while i < len(parts):       # a one-word part is a surname written "Last, First": keep the pair whole
        if len(parts[i].split()) == 1 and i + 1 < len(parts):
            out.append((f"{parts[i]}, {parts[i + 1]}", source))
            i += 2
        else:
            out.append((parts[i], source))
            i += 1
    return out



# --- scales ------------------------------------------------------------------------------------------

#: Answer scales in order (position = weight); each position lists the labels that mean it.
SCALES: dict[str, tuple[tuple[str, ...], ...]] = {
    "frequency": (("never",), ("yearly", "a few times a year", "once or twice a year", "less than monthly",
                               "a few times this year", "once or twice"),
                  ("monthly", "once a month", "a few times a month", "every month"),
                  ("weekly", "once a week", "a few times a week", "every week"),
                  ("daily", "every day", "almost daily", "several times a day")),
    "often": (("never",), ("rarely", "seldom"), ("sometimes", "occasionally"), ("often", "frequently"),
              ("daily", "always", "very often", "almost always")),
    "amount": (("not at all", "none"), ("a little", "slightly", "a bit"), ("somewhat", "moderately", "some"),
               ("a lot", "very much", "quite a bit", "much"), ("a great deal", "extremely", "completely")),
}


def scale_for(values: Iterable[str]) -> dict[str, float] | None:
    """A label -> weight map covering every (non-empty) value, from the first known scale that fits.

    All-numeric values are their own weights (an empty map). None when no known scale fits.

    Examples
    --------
    >>> scale_for(["Weekly", "never", "Daily"])["weekly"]
    3.0
    >>> scale_for(["2", "0", "4"])
    {}
    >>> scale_for(["Strongly agree"]) is None
    True
    """
    seen = {fold(value) for value in values if value and value.strip()}
    if all(_is_number(value) for value in seen):
        return {}
    for positions in SCALES.values():
        labels = {label: float(weight) for weight, alternatives in enumerate(positions) for label in alternatives}
        if seen <= labels.keys():
            return {label: weight for label, weight in labels.items()}
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def scale_labels(scale: dict[str, float], values: Iterable[str]) -> list[str] | dict[str, float]:
    """A scale as the list of labels in weight order, using the export's own spelling where seen."""
    spelled = {fold(v): v.strip() for v in values if v and v.strip()}
    by_weight: dict[float, str] = {}
    for label, weight in scale.items():
        if label in spelled and weight not in by_weight:
            by_weight[weight] = spelled[label]
    for positions in SCALES.values():
        labels = {label: float(w) for w, alts in enumerate(positions) for label in alts}
        if labels == scale:
            for weight, alternatives in enumerate(positions):
                by_weight.setdefault(float(weight), alternatives[0].capitalize())
            break
    weights = sorted(by_weight)
    if weights == [float(i) for i in range(len(weights))]:
        return [by_weight[w] for w in weights]
    return {by_weight[w]: w for w in weights}


# --- reading one mapped cell ----------------------------------------------------------------------------

#: How a checkbox column's cell says "chosen" / "not chosen".
CHECKED = frozenset({"1", "checked", "x", "true", "yes", "selected", "y"})
UNCHECKED = frozenset({"", "0", "unchecked", "false", "no", "n", "not selected"})


def answer_reader(entry: dict, separator: str | None, known: NameSet, *, splitter=None):
    """A function ``(cell, issues, file, row, column) -> [(text, source, weight)]`` for one mapped column.

    ``separator`` is the platform's (the default ``split`` of a choice column); ``splitter(cell, split, known,
    typed=)`` splits a cell of names (default :func:`split_names`): a layout that joins names its own way
    passes its own.
    """
    splitter = splitter or split_names
    nominee, scale, choices = entry.get("nominee"), entry.get("scale"), entry.get("choices")
    source = entry.get("source", "matrix" if scale else "choice")
    split = entry.get("split", separator if source == "choice" else "lines")
    split = None if split == "none" else split
    weights = _weights(scale) if scale not in (None, "numeric") else None

    def read(cell: str, issues: IssueReport, file: str, row: int, column: str):
        value = cell.strip()
        if nominee is not None and scale is None:
            return [] if fold(value) in UNCHECKED else [(nominee, source, None)]
        if not value:
            return []
        if nominee is not None:
            weight = _number(value) if scale == "numeric" else weights.get(fold(value))
            if weight is None:
                issues.add("unknown_scale_value", WARNING, f"is not on the question's scale "
                           f"({', '.join(_scale_names(scale))}); not read", file=file, row=row, column=column,
                           value=value)
                return []
            return [(nominee, source, weight)]
        if choices is not None:
            out = []
            for code in re.split(r"[,;]", value):
                code = code.strip()
                if code and code in choices:
                    out.append((choices[code], "choice", None))
                elif code:
                    issues.add("unknown_choice_code", WARNING, f"holds code {code!r}, which the mapping's "
                               "choices do not name; not read", file=file, row=row, column=column, value=value)
            return out
        return [(text, "free_text" if source == "free_text" else kind, None)
                for text, kind in splitter(value, split, known, typed=source == "free_text")]

    return read


def _weights(scale) -> dict[str, float]:
    if isinstance(scale, dict):
        return {fold(label): float(weight) for label, weight in scale.items()}
    return {fold(label): float(weight) for weight, label in enumerate(scale)}


def _scale_names(scale) -> list[str]:
    return ["numbers"] if scale == "numeric" else [str(label) for label in scale]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
