"""Privacy helpers: small-group suppression, the reading of a response rate, and redaction of text.

Pseudonyms themselves come from :mod:`plnetwork.anonymize` (HMAC-SHA256 of the staff id), so the store's
researcher views and ``anonymize`` exports made with the same key agree.

Examples
--------
>>> import pandas as pd
>>> by_school = pd.DataFrame({"school": ["Oak", "Elm", "Ash", "Fir"], "staff": [30, 12, 3, 9],
...                           "isolated": [2, 1, 1, 0]})
>>> out = suppress_small(by_school, ["school"])
>>> out[["school", "staff", "suppressed"]].values.tolist()  # Ash is small; Fir too, or Ash = total - rest
[['Oak', 30.0, ''], ['Elm', 12.0, ''], ['Ash', nan, 'small'], ['Fir', nan, 'complementary']]
>>> response_rate_reading(0.72).level
'indicative'
>>> Redactor(ids={"S-0042": "[erased]"}, words=["Zelda Quixote"]).text("'S-0042' is zelda quixote")
"'[erased]' is [removed]"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ..anonymize import _QUOTED, MIN_GROUP_SIZE, REMOVED, ScrubberBase, pseudonym, pseudonyms

__all__ = ["MIN_GROUP_SIZE", "SUPPRESSION_NOTE", "STATEMENT_OF_USE", "REMOVED", "suppress_small",
           "ResponseReading", "response_rate_reading", "DEPENDABLE_RATE", "INDICATIVE_RATE", "Redactor",
           "pseudonym", "pseudonyms"]

DEPENDABLE_RATE = 0.80
INDICATIVE_RATE = 0.65

SUPPRESSION_NOTE = ("Groups of fewer than {min_size} people are not shown, so that nobody can be recognised "
                    "from a small group's figures; where a total would let a hidden group be worked out by "
                    "subtraction, the next smallest group is hidden too.")

STATEMENT_OF_USE = ("This analysis is for designing support and professional learning. It is not for "
                    "evaluating individual staff.")

_SIZE_COLUMNS = ("staff", "n", "count", "size")


def suppress_small(frame: pd.DataFrame, group_columns, min_size: int = MIN_GROUP_SIZE, *,
                   size: str | None = None, note: str = "suppressed") -> pd.DataFrame:
    """A copy of a breakdown ``frame`` (one row per group) with the figures of small groups blanked.

    A group with 1 to ``min_size - 1`` people (column ``size``: by default the first of ``staff``,
    ``n``, ``count``, ``size`` present) is *small*: every column except ``group_columns`` becomes missing,
    and column ``note`` says ``"small"``. Then, along each of the ``group_columns``, wherever a row of the
    table (the groups sharing the other columns' values) has exactly one blanked cell, the next smallest
    cell of that row is blanked too (``"complementary"``), so the total cannot give the small one away;
    this repeats until nothing changes. Groups of 0 people reveal nobody and are kept unless needed as a
    complement.
    """
    group_columns = [group_columns] if isinstance(group_columns, str) else list(group_columns)
    size = size or next((c for c in _SIZE_COLUMNS if c in frame.columns), None)
    if size is None or size not in frame.columns:
        raise ValueError(f"suppress_small needs a group size column ({', '.join(_SIZE_COLUMNS)} or size=...)")
    sizes = pd.to_numeric(frame[size], errors="coerce").to_numpy(dtype=float)
    reason = np.where((sizes > 0) & (sizes < min_size), "small", "")
    reason = _complements(frame, group_columns, sizes, reason.astype(object))
    hidden = reason != ""
    out = frame.copy()
    for column in out.columns:
        if column not in group_columns:
            out[column] = out[column].mask(hidden)
    out[note] = reason
    return out


def _complements(frame, group_columns, sizes, reason):
    changed = True
    while changed:
        changed = False
        for column in group_columns:
            others = [c for c in group_columns if c != column]
            rows = (frame.groupby(others, dropna=False, sort=False).indices.values() if others
                    else [np.arange(len(frame))])
            for positions in rows:
                hidden = positions[reason[positions] != ""]
                shown = positions[reason[positions] == ""]
                if len(hidden) == 1 and len(shown):
                    smallest = shown[np.argmin(np.nan_to_num(sizes[shown], nan=np.inf))]
                    reason[smallest] = "complementary"
                    changed = True
    return reason


@dataclass(frozen=True)
class ResponseReading:
    """How far a result can be trusted at this response rate: ``level`` and a sentence saying so."""

    rate: float | None
    level: str          # "dependable" | "indicative" | "low" | "unknown"
    message: str


def response_rate_reading(rate: float | None) -> ResponseReading:
    """The usual reading of a response rate (a fraction, 0 to 1).

    >>> [response_rate_reading(r).level for r in (0.8, 0.65, 0.649, None)]
    ['dependable', 'indicative', 'low', 'unknown']
    """
    if rate is None or (isinstance(rate, float) and np.isnan(rate)):
        return ResponseReading(None, "unknown", "Response rate unknown: read the map with care.")
    if not 0 <= rate <= 1:
        raise ValueError(f"a response rate is a fraction between 0 and 1, not {rate!r}")
    percent = f"{rate:.0%}"
    if rate >= DEPENDABLE_RATE:
        return ResponseReading(rate, "dependable", f"{percent} responded: the map of leaders and brokers "
                               "is dependable.")
    if rate >= INDICATIVE_RATE:
        return ResponseReading(rate, "indicative", f"{percent} responded: the map of leaders and brokers "
                               "is indicative only.")
    return ResponseReading(rate, "low", f"Only {percent} responded: too few for a dependable map — people "
                           "who did not answer may look isolated or less sought out than they are.")


_WORD = re.compile(r"\w+")
_CITED = re.compile(r"(?<=['\"(])[^'\"()]+(?=['\")])")
_TOKEN = re.compile(r"[\w@.+-]+")


class Redactor(ScrubberBase):
    """Replaces given ids (by their mapped value) and words — names, emails, typed answers — in text.

    Words match case-insensitively as whole words (as sequences of word tokens, so ``Ann Lee`` matches
    ``ANN LEE`` but not ``Joann Lee`` or ``Ann Leeds``). An id matches where it is quoted or in
    parentheses (as issue messages cite ids: ``'007'``, ``Ann Lee (007)``), and anywhere as a whole token
    when it is at least 4 characters long (a short id like ``3`` would also match counts).
    ``quoted=True`` removes all quoted text too (what a respondent typed is quoted in issue messages).
    Lookups are by token, so thousands of names cost no more than a few. ``value`` and ``deep`` come from
    :class:`plnetwork.anonymize.ScrubberBase`.
    """

    def __init__(self, ids: Mapping[str, str] | None = None, words: Iterable[str] = (), *,
                 removed: str = REMOVED, quoted: bool = False):
        self.ids = {str(k): v for k, v in (ids or {}).items() if str(k)}
        self.removed = removed
        self.quoted = quoted
        self._phrases: dict[str, set] = {}
        for word in words:
            if isinstance(word, str) and len(word.strip()) > 1:
                tokens = tuple(t.lower() for t in _WORD.findall(word))
                if tokens:
                    self._phrases.setdefault(tokens[0], set()).add(tokens)
        self._longest = max((len(t) for group in self._phrases.values() for t in group), default=0)
        self._long_ids = any(len(i) >= 4 for i in self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids or self._phrases or self.quoted)

    def text(self, value):
        """``value`` with the ids mapped and the words removed; non-text values unchanged."""
        if not isinstance(value, str) or not value:
            return value
        if value in self.ids:
            return self.ids[value]
        if self.quoted:
            value = _QUOTED.sub(self.removed, value)
        if self.ids:
            value = _CITED.sub(lambda m: self.ids.get(m[0], m[0]), value)
        if self._long_ids:
            value = _TOKEN.sub(self._token, value)
        return self._remove_words(value) if self._phrases else value

    def _token(self, match) -> str:
        token = match[0]
        if token in self.ids and len(token) >= 4:
            return self.ids[token]
        bare = token.rstrip(".-")                      # an id ending a sentence
        if bare != token and bare in self.ids and len(bare) >= 4:
            return self.ids[bare] + token[len(bare):]
        return token

    def _remove_words(self, text: str) -> str:
        words = list(_WORD.finditer(text))
        lower = [w[0].lower() for w in words]
        parts, done, i = [], 0, 0
        while i < len(words):
            phrases = self._phrases.get(lower[i])
            size = next((n for n in range(min(self._longest, len(words) - i), 0, -1)
                         if tuple(lower[i:i + n]) in phrases), 0) if phrases else 0
            if size:
                parts += [text[done:words[i].start()], self.removed]
                done = words[i + size - 1].end()
                i += size
            else:
                i += 1
        return "".join(parts) + text[done:] if parts else text

    def frame(self, frame: pd.DataFrame, columns) -> pd.DataFrame:
        """``frame`` with :meth:`text` applied to ``columns`` (those present)."""
        out = frame.copy()
        for column in columns:
            if column in out.columns:
                out[column] = out[column].astype(object).map(self.text)
        return out
