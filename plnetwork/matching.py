"""Resolving what respondents typed or picked to roster people.

A :class:`NameResolver` indexes a roster once; :meth:`NameResolver.resolve` then turns one answer
(an id, an email or a name as typed) into a :class:`Resolution`. The rules are tried in this order and
the first that finds anyone decides: one person is a match, several equally good people are
``"ambiguous"`` (their ids are the ``candidates``) and no lower rule is tried, so a weaker rule never
picks one of them arbitrarily.

1. ``id`` — the stripped text equals a ``staff_id`` exactly (ids are strings: ``"007" != "7"``).
   Spreadsheet formula junk is removed first, so ``="007"`` is ``007``.
2. ``email`` — an address in the text (bare, ``Name <address>`` or ``mailto:``) equals a roster
   email, ignoring case and surrounding space. An address not on the roster leaves the name part to
   the rules below; a bare address whose local part splits into two or more words
   (``jane.doe@...``) is read as that name.
3. ``exact`` — the names are equal after :func:`normalize_name`: accents folded (José == Jose),
   curly quotes straightened and apostrophes dropped (O’Brien == O'Brien == OBrien), hyphens read as
   spaces, case and spacing ignored, leading honorifics (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sr, Sra,
   Srta, Mme, Coach, ...) dropped, generational suffixes (Jr, Sr, II, III, IV) and credentials (PhD,
   EdD, M.Ed., NBCT ...) set aside, ``Last, First`` read as ``First Last``, notes in brackets and a
   role after a spaced dash (``Jane Doe (5th grade)``, ``Jane Doe - Math``) dropped, and a
   ``=HYPERLINK(url, "text")`` formula read as its text (nothing is ever evaluated). Tried in
   turn: the whole name; the name with spaces removed (``Mary Jane`` == ``Maryjane``); first and
   last name with middle names tolerated (``Jane Q. Doe`` == ``Jane Doe`` == ``Jane Quinn Doe``,
   an agreeing middle name or initial beating a missing one, a conflicting one excluding). A suffix
   on both sides must agree; a suffix on one side only is tolerated. For ``Jane Doe, Math teacher``
   the part before the comma is also tried as a name (only when it has two or more words).
   Namesakes (two Jane Does, in any schools) are ambiguous: the text is equally close to both, and
   taking the one in the respondent's school would misattribute every tie across schools.
4. ``nickname`` — first names equivalent through the nickname table (:data:`NICKNAMES`; Bob, Rob,
   Bobby == Robert, and two nicknames of one name match each other) and the same last name;
   namesakes are ambiguous as in rule 3.
5. ``surname`` — a single word (``Doe``), or anything after an honorific (``Ms. Garcia Lopez``),
   equal to a surname (the last word, each part of a hyphenated one, the last two words of a longer
   name, with particles as in ``van der Berg``); or initials and a surname (``J. Smith``). Looked up
   among the respondent's school first and, only when nobody there has it, across the roster.
6. ``first_name`` — a single word (``Ms. Jane`` too) equal to a first name, or else a nickname or
   formal name of one (``Mr. Dan`` for Daniel), within the respondent's school only. A first name
   alone across a district is too weak to name anyone: without a (known) school it is accepted
   only if the roster has at most :attr:`NameResolver.small_roster` (60) people — one small school,
   where first names are how colleagues are named.
7. ``fuzzy`` — the similarity (0-100, rapidfuzz ``fuzz.ratio`` of the normalized names) of the text
   to a roster name. The text is compared as written, with its first word moved last (``Doe Jane``)
   and with a nickname replaced by its formal names; roster names as written and with their first
   name replaced by its nicknames and formal names (so ``Bboby Smith`` meets Robert Smith). A
   person matches when their best score is at least ``fuzzy_threshold`` (88), every word of the
   text is a typo of one of their words (at most 1 edit, a transposition counting one, in a word of
   up to 4 letters, 2 up to 8, 3 beyond — so a long shared surname cannot carry a different first
   name), and nobody else scores within ``fuzzy_margin`` (3) of them; otherwise the people within
   the margin are ambiguous. A single word is compared with surnames, then narrowed by school as
   in rule 5. The school does not break fuzzy ties: choosing the in-school person among close
   candidates picked the wrong person for colleagues named across schools, for 0.04 points more
   correct answers. Only roster names sharing a word with the text are compared (a word's first or
   last three letters when no word of the text is in any roster name), which keeps a lookup fast
   on a roster of 50,000.

The defaults come from ``tests/test_matching_quality.py``: 500 people in 5 schools and 4,559 typed
variants (misspellings, nicknames, honorific and surname, ``Last, First``, case and space noise,
middle initials, stripped accents, curly apostrophes), plus 1,000 names of people not on the roster.
With ``fuzzy_threshold=88`` and ``fuzzy_margin=3``: 95.6% resolve to the right person, none to a
wrong one, 4.1% are ambiguous (mostly ``Ms. Smith`` where the school has two Smiths, and namesakes)
and 0.2% unmatched; 1.2% of the outsiders are taken for someone with a similar name (Stephen for
Steven Peña). A threshold of 84 gains 0.2 points and takes 1.4% of outsiders; 90 loses 0.7 points. Sorting words before comparing
(``token_sort_ratio``) resolved 2.3 points fewer (a typo in a first letter moves the word);
``WRatio`` resolved the same at several times the cost. Margins from 1 to 8 all gave no wrong match.

Anything not matched is ``"unmatched"`` with up to three suggestions (best first, the respondent's
school first among equals); text with no letters or digits, or ``N/A``, ``none``, is ``"empty"``.
Results are cached per ``(text, school)`` (matches by id, email, exact name or nickname once for
every school) because the same answers repeat thousands of times in a survey.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = ["NameResolver", "Resolution", "normalize_name", "load_nicknames", "NICKNAMES", "STATUSES"]

#: What became of one answer.
STATUSES = ("matched", "ambiguous", "unmatched", "empty")

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "mister", "missus", "dr", "doctor", "prof", "professor",
    "sr", "sra", "srta", "senor", "senora", "senorita", "mme", "mlle", "madame", "mademoiselle",
    "monsieur", "herr", "frau", "sir", "dame", "rev", "fr", "father", "sister", "br", "brother",
    "coach", "principal", "maestro", "maestra", "profe",
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"})
#: Credentials dropped at the end of a name; those that are also surnames (Ma, Ms) only after a comma.
CREDENTIALS = frozenset({"phd", "edd", "med", "msed", "mat", "mba", "nbct", "esq", "lcsw", "eds"})
COMMA_CREDENTIALS = CREDENTIALS | {"ma", "ms", "ba", "bs", "bsc", "msc", "md", "jd", "rn", "cpa"}
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "dela", "la", "le", "da",
                       "das", "dos", "di", "du", "st", "saint", "ter", "ten", "bin", "ibn", "al", "el", "y"})

_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae",
                       "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})
_APOSTROPHES = re.compile(r"['’‘‛ʼʻ`´′＇]")
_DASHES = re.compile(r"[‐‑‒–—―−﹣－]")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|\"[^\"]*\"|“[^”]*”")
_ROLE_SEPARATOR = re.compile(r"\s+[-|]\s+|\s*\|\s*")
_NOT_NAME = re.compile(r"[^\w\s,\-]|_")
_ARGUMENT = r'("(?:[^"]|"")*"|[^,;)]*)'
_HYPERLINK = re.compile(rf"^\s*[=+@-]*\s*hyperlink\s*\(\s*{_ARGUMENT}\s*(?:[,;]\s*{_ARGUMENT})?\s*\)", re.IGNORECASE)
#: Similarity of two names whose tokens are sorted (so this is ``token_sort_ratio``); see the module docstring.
_SCORER = fuzz.ratio
#: The lowest similarity at which someone is suggested for an unmatched answer.
_SUGGEST_FLOOR = 40.0
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"'.]+")
#: Answers that mean "nobody" (compared in lowercase letters only: "N/A" is "na").
_EMPTY_ANSWERS = frozenset({"na", "none", "null", "nan", "nobody", "noone"})


def load_nicknames(path=None) -> dict[str, frozenset[str]]:
    """Read a ``nickname,formal`` CSV (one pair a line) into ``{nickname: {formal names}}``.

    Without ``path``, the table shipped in ``plnetwork/data/nicknames.csv``.
    """
    if path is None:
        text = resources.files("plnetwork").joinpath("data", "nicknames.csv").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    table: dict[str, set[str]] = {}
    rows = csv.reader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for nickname, formal in rows:
        if nickname != "nickname":
            table.setdefault(_given(nickname), set()).add(_given(formal))
    return {nickname: frozenset(formals) for nickname, formals in table.items()}


def _given(name: str) -> str:
    """A given name as the nickname table holds it: lowercase, accent-free, one word."""
    return "".join(ch for ch in _fold(str(name)).casefold() if ch.isalnum())


@dataclass(frozen=True)
class Resolution:
    """What one answer resolved to.

    ``kind`` is the rule that matched (one of :data:`plnetwork.model.MATCH_KINDS`) or None;
    ``candidates`` holds the equally good people when ambiguous and up to three suggestions when
    unmatched, as staff ids.
    """

    staff_id: str | None = None
    kind: str | None = None
    status: str = "unmatched"
    score: float = 0.0
    candidates: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        return self.status == "matched"


EMPTY = Resolution(status="empty")
#: Matches that the respondent's school cannot change, cached once for every school.
_SCHOOL_FREE = frozenset({"id", "email", "exact", "nickname"})
_ANY_SCHOOL = object()


class _Name:
    """A parsed name: ``words`` keep hyphens (the shape of a surname), ``tokens`` split them."""

    __slots__ = ("words", "suffix", "honorific", "tokens", "key", "compact", "surname")

    def __init__(self, words: tuple[str, ...], suffix: str = "", honorific: bool = False):
        self.words, self.suffix, self.honorific = words, suffix, honorific
        self.tokens = tuple(part for word in words for part in word.split("-") if part)
        self.key = " ".join(self.tokens)
        self.compact = "".join(self.tokens)
        self.surname = words[-1].replace("-", " ").strip() if words else ""


# ---------------------------------------------------------------- text -> name

def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def _strip_formula(text: str) -> str:
    """The display text of spreadsheet formula junk (``=HYPERLINK(url, "Jane")`` -> ``Jane``)."""
    text = text.strip()
    if not text or text[0] not in "=+@-":
        return text
    link = _HYPERLINK.match(text)
    if link:
        return _unquote(link.group(2) if link.group(2) is not None else link.group(1))
    return _unquote(text.lstrip("=+@- \t"))


def _fold(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _clean(text: str) -> str:
    """Lowercase, accent-free text with notes, roles and punctuation other than ``,`` and ``-`` gone."""
    if not text.isascii():
        text = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    text = _APOSTROPHES.sub("", text)
    without_notes = _BRACKETS.sub(" ", text)
    if _NOT_NAME.sub("", without_notes).strip(" ,-"):
        text = without_notes
    text = _ROLE_SEPARATOR.split(text.strip(), maxsplit=1)[0]
    text = _fold(text).casefold().replace(".", " ")
    return _NOT_NAME.sub(" ", text)


def _part(text: str) -> _Name:
    """One comma-separated part: honorifics off the front, suffixes and credentials off the end."""
    words = [word.strip("-") for word in text.split()]
    words = [word for word in words if word]
    honorific = False
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
        honorific = True
    suffix = ""
    while len(words) > 1:
        for size in (1, 2):  # "ph d" is "Ph.D." with its dots read as spaces
            tail = "".join(words[-size:])
            if len(words) > size and (tail in SUFFIXES or tail in CREDENTIALS):
                suffix = tail if tail in SUFFIXES else suffix
                del words[-size:]
                break
        else:
            break
    return _Name(tuple(words), suffix, honorific)


def _parse(text) -> tuple[_Name, ...]:
    """The readings of ``text`` as a name, most likely first (empty when it holds no name)."""
    return _parse_text(_as_text(text))


@lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> tuple[_Name, ...]:
    cleaned = _clean(_strip_formula(text))
    parts = []
    for piece in cleaned.split(","):
        compact = piece.replace(" ", "").replace("-", "")
        if parts and (compact in COMMA_CREDENTIALS or compact in SUFFIXES):  # "Ma, Renée" is a name
            if compact in SUFFIXES and parts:
                parts[-1] = _Name(parts[-1].words, compact, parts[-1].honorific)
            continue
        name = _part(piece)
        if name.tokens:
            parts.append(name)
    if len(parts) <= 1:
        return tuple(parts)
    last, first = parts[0], parts[1]
    reordered = _Name(first.words + last.words, last.suffix or first.suffix, last.honorific or first.honorific)
    return (reordered, last) if len(last.tokens) >= 2 else (reordered,)


def normalize_name(text) -> str:
    """The form in which two names are compared by the ``exact`` rule.

    Examples
    --------
    >>> normalize_name("  Dr. José O’Brien-Smith Jr. (5th grade)")
    'jose obrien smith'
    >>> normalize_name("Doe, Jane Q.")
    'jane q doe'
    >>> normalize_name('=HYPERLINK("mailto:jd@x.org", "Jane Doe")')
    'jane doe'
    """
    names = _parse(text)
    return names[0].key if names else ""


NICKNAMES: Mapping[str, frozenset[str]] = MappingProxyType(load_nicknames())
"""The default nickname table: ``{nickname: frozenset of formal names}``, lowercase and accent-free."""


# ---------------------------------------------------------------- the resolver

def _add(index: dict, key, person: int) -> None:
    bucket = index.setdefault(key, [])
    if not bucket or bucket[-1] != person:
        bucket.append(person)


def _middle_tier(query: tuple[str, ...], person: tuple[str, ...]) -> int:
    """How middle names compare: 2 agree (equal words or initials), 1 one side has none, 0 conflict.

    Words on both sides (the first part of a hyphenated surname, ``van der``) are set aside first.
    """
    shared = set(query) & set(person)
    query = [q for q in query if q not in shared]
    person = [m for m in person if m not in shared]
    if not query or not person:
        return 2 if shared else 1
    agrees = all(any(q == m or (len(q) == 1 and m.startswith(q)) or (len(m) == 1 and q.startswith(m))
                     for m in person) for q in query)
    return 2 if agrees else 0


def _words_agree(words: list[str], choice: str) -> bool:
    """Whether each word is a typo of a word of ``choice``: at most one edit (a transposition is one)
    in a word of up to four letters, two up to eight, three beyond; or an initial of the word."""
    others = choice.split()
    return all(any((len(word) == 1 and other.startswith(word))
                   or OSA.distance(word, other, score_cutoff=_edits(word)) <= _edits(word) for other in others)
               for word in words)


def _edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3


class _FuzzyIndex:
    """Roster names (and their nickname forms), found by the words they share with a text.

    Each form is filed under each of its words; a roster name itself also under each word's first and
    last three letters, for a text that shares no whole word with anyone (``wide``).
    """

    def __init__(self):
        self._owners: dict[str, list[int]] = {}
        self._blocks: dict[str, list[str]] = {}
        self._names: list[str] = []  # every roster name as written, for the last resort

    @staticmethod
    def _keys(words: list[str], wide: bool) -> set[str]:
        keys = {"=" + word for word in words}
        if wide:
            keys.update(["^" + word[:3] for word in words] + ["$" + word[-3:] for word in words])
        return keys

    def add(self, form: str, person: int, *, wide: bool) -> None:
        owners = self._owners.get(form)
        if owners is None:
            self._owners[form] = [person]
            if wide:
                self._names.append(form)
            for key in self._keys(form.split(), wide):
                self._blocks.setdefault(key, []).append(form)
        elif owners[-1] != person:
            owners.append(person)

    def knows(self, words) -> bool:
        """Whether any of ``words`` is a word of some roster name."""
        return any("=" + word in self._blocks for word in words)

    def search(self, forms, cutoff: float, *, check: bool = False, wide: bool = False,
               everyone: bool = False) -> dict[int, float]:
        """``{person: best score}`` for the people scoring at least ``cutoff`` with one of ``forms``.

        Among the names sharing a word with a form; with ``wide``, also the beginning or end of a word;
        with ``everyone``, among all roster names (slow on a large roster: a last resort).

        With ``check``, only roster forms of which every word of the text is a typo count (so a long
        shared surname cannot carry a different first name: "Betty Papadopoulos" is not "Benjamin
        Papadopoulos").
        """
        scores: dict[int, float] = {}
        for form in forms:
            words, seen = form.split(), set()
            keys = sorted(self._keys(words, wide))
            blocks = [self._names] if everyone else [self._blocks.get(key, ()) for key in keys]
            for block in blocks:
                for choice, score, _ in process.extract(form, block, scorer=_SCORER, limit=10, score_cutoff=cutoff):
                    if choice in seen or (check and not _words_agree(words, choice)):
                        continue
                    seen.add(choice)
                    for person in self._owners[choice]:
                        scores[person] = max(float(score), scores.get(person, 0.0))
        return scores


class NameResolver:
    """Resolves answers to roster people by id, email and name; see the module docstring for the rules.

    Parameters
    ----------
    roster : pandas.DataFrame
        At least ``staff_id`` and ``name``; ``email`` and ``school`` are used when present.
    fuzzy_threshold : float
        The lowest similarity (0-100) that a fuzzy match may have.
    nicknames : mapping of str to set of str, optional
        ``{nickname: formal names}`` replacing :data:`NICKNAMES`.
    fuzzy_margin : float
        How far the best fuzzy candidate must score above every other person.
    """

    small_roster = 60
    suggestions = 3
    cache_size = 1_000_000

    def __init__(self, roster, *, fuzzy_threshold: float = 88.0, nicknames=None, fuzzy_margin: float = 3.0):
        missing = {"staff_id", "name"} - set(roster.columns)
        if missing:
            raise ValueError(f"the roster has no {', '.join(sorted(missing))} column")
        self.fuzzy_threshold = float(fuzzy_threshold)
        self.fuzzy_margin = float(fuzzy_margin)
        table = NICKNAMES if nicknames is None else {
            _given(nick): frozenset(_given(f) for f in ([formals] if isinstance(formals, str) else formals))
            for nick, formals in nicknames.items()}
        self.nicknames = table
        self._nicknames_of: dict[str, list[str]] = {}
        for nickname, formals in sorted(table.items()):
            for formal in formals:
                self._nicknames_of.setdefault(formal, []).append(nickname)

        def column(name):
            if name not in roster.columns:
                return [""] * len(roster)
            return [_as_text(value).strip() for value in roster[name].tolist()]

        self._ids, self._schools = column("staff_id"), column("school")
        self._names: list[_Name | None] = []
        self._cache: dict = {}
        self._by_id: dict[str, list[int]] = {}
        self._by_email: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._by_compact: dict[str, list[int]] = {}
        self._by_first_last: dict[tuple[str, str], list[int]] = {}
        self._by_group_last: dict[tuple[str, str], list[int]] = {}
        self._by_surname: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_group_first: dict[str, list[int]] = {}
        self._fuzzy_index = _FuzzyIndex()
        for person, (staff_id, email, name) in enumerate(zip(self._ids, column("email"), column("name"))):
            if staff_id:
                _add(self._by_id, staff_id, person)
            if email:
                _add(self._by_email, email.casefold(), person)
            parsed = _parse(name)
            self._names.append(parsed[0] if parsed else None)
            if parsed:
                self._index_name(parsed[0], person)
        self._surname_choices = list(self._by_surname)
        self._school_set = set(self._schools) - {""}

    def _groups(self, given: str) -> frozenset[str]:
        return self.nicknames.get(given, frozenset()) | {given}

    def _index_name(self, name: _Name, person: int) -> None:
        tokens = name.tokens
        first, last = tokens[0], tokens[-1]
        _add(self._by_key, name.key, person)
        _add(self._by_compact, name.compact, person)
        surnames = {name.surname, name.surname.replace(" ", ""), last, *name.words[-1].split("-")}
        start = len(name.words) - 1
        while start > 1 and name.words[start - 1] in PARTICLES:
            start -= 1
        if len(name.words) >= 3:  # "Ana Garcia Lopez": the last two words may be the surname
            start = min(start, len(name.words) - 2)
        tail = [t for word in name.words[start:] for t in word.split("-") if t]
        surnames |= {" ".join(tail), "".join(tail)}
        if len(tokens) > 1:
            for surname in sorted(surnames - {""}):
                _add(self._by_surname, surname, person)
            for part in sorted({last, *name.words[-1].split("-")} - {""}):
                _add(self._by_first_last, (first, part), person)
                for group in sorted(self._groups(first)):
                    _add(self._by_group_last, (group, part), person)
            for given in sorted({first, name.words[0].replace("-", " "), name.words[0].replace("-", "")}):
                _add(self._by_first, given, person)
            for group in sorted(self._groups(first)):
                _add(self._by_group_first, group, person)
        self._index_fuzzy(name, person)

    def _index_fuzzy(self, name: _Name, person: int) -> None:
        self._fuzzy_index.add(name.key, person, wide=True)
        rest = name.key[len(name.tokens[0]):]
        for given in sorted({*self.nicknames.get(name.tokens[0], ()), *self._nicknames_of.get(name.tokens[0], ())}):
            self._fuzzy_index.add(given + rest, person, wide=False)

    # ------------------------------------------------------------ public

    def resolve(self, text, *, school=None) -> Resolution:
        """Resolve one answer (an id, an email or a name) to a roster person.

        Parameters
        ----------
        text : str
            What the export holds.
        school : str, optional
            The respondent's school: the surname and first-name rules look there first, and
            ambiguous candidates and suggestions from it come first.

        Returns
        -------
        Resolution

        Examples
        --------
        >>> import pandas as pd
        >>> roster = pd.DataFrame({
        ...     "staff_id": ["007", "102", "103", "104"],
        ...     "name": ["Jane Doe", "Robert Smith", "Ann Smith", "José Núñez"],
        ...     "email": ["jane.doe@school.org", "", "", ""],
        ...     "school": ["North", "North", "South", "South"]})
        >>> resolver = NameResolver(roster)
        >>> resolver.resolve("007")
        Resolution(staff_id='007', kind='id', status='matched', score=100.0, candidates=())
        >>> resolver.resolve(" Jane.Doe@School.ORG ").kind
        'email'
        >>> resolver.resolve("Nunez, Jose").staff_id
        '104'
        >>> resolver.resolve("Bob Smith").kind
        'nickname'
        >>> resolver.resolve("Mr. Smith", school="North").staff_id
        '102'
        >>> resolver.resolve("Smith").candidates
        ('102', '103')
        >>> resolver.resolve("Robret Smith").kind
        'fuzzy'
        >>> resolver.resolve("   ").status
        'empty'
        """
        try:
            hit = self._cache.get((text, _ANY_SCHOOL)) or self._cache.get((text, school))
        except TypeError:  # an unhashable value: resolve without caching
            return self._resolve(text, school)
        if hit is not None:
            return hit
        result = self._resolve(text, school)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[text, _ANY_SCHOOL if result.kind in _SCHOOL_FREE else school] = result
        return result

    def resolve_respondent(self, staff_id=None, email=None, name=None, school=None) -> Resolution:
        """Identify a respondent by id, then email, then name: the first that matches wins.

        ``staff_id`` is tried by the ``id`` rule only and ``email`` by the ``email`` rule only;
        ``name`` by all the rules. Without a match, the most informative result is returned
        (ambiguous before unmatched before empty).
        """
        results = [self._resolve_id(_as_text(staff_id)), self._resolve_email(_as_text(email))]
        results.append(self.resolve(name, school=school) if _as_text(name).strip() else EMPTY)
        for result in results:
            if result.matched:
                return result
        order = {"ambiguous": 0, "unmatched": 1, "empty": 2}
        return min(results, key=lambda result: order[result.status])

    # ------------------------------------------------------------ the rules

    def _resolve(self, text, school) -> Resolution:
        raw = _as_text(text).strip()
        if not raw:
            return EMPTY
        if raw in self._by_id:
            return self._pick(self._by_id[raw], "id")
        text = _strip_formula(raw)
        if text != raw and text in self._by_id:
            return self._pick(self._by_id[text], "id")
        emails = _EMAIL.findall(text.replace("mailto:", " ")) if "@" in text else []
        for email in emails:
            if email.casefold() in self._by_email:
                return self._pick(self._by_email[email.casefold()], "email")
        if emails:  # not on the roster: resolve the name beside it, or the one in it
            text = _EMAIL.sub(" ", text.replace("mailto:", " ")).replace("<", " ").replace(">", " ")
            if not _NOT_NAME.sub("", text).strip(" ,-"):
                local = [word for word in re.split(r"[._\-+]", emails[0].split("@")[0]) if word]
                text = " ".join(local) if len(local) >= 2 else ""
        names = _parse(text)
        if not names:
            return Resolution() if emails else EMPTY
        if re.sub(r"[^a-z]", "", raw.casefold()) in _EMPTY_ANSWERS:
            return EMPTY
        school = school.strip() if isinstance(school, str) and school.strip() in self._school_set else None
        for rule in (self._exact, self._nickname, self._surname, self._first_name):
            for name in names:
                result = rule(name, school)
                if result is not None:
                    return result
        return self._fuzzy(names, school)

    def _resolve_id(self, text: str) -> Resolution:
        for candidate in dict.fromkeys((text.strip(), _strip_formula(text))):
            if candidate in self._by_id:
                return self._pick(self._by_id[candidate], "id")
        return Resolution() if text.strip() else EMPTY

    def _resolve_email(self, text: str) -> Resolution:
        for email in _EMAIL.findall(text.replace("mailto:", " ")):
            if email.casefold() in self._by_email:
                return self._pick(self._by_email[email.casefold()], "email")
        return Resolution() if text.strip() else EMPTY

    def _exact(self, name: _Name, school) -> Resolution | None:
        for index, key in ((self._by_key, name.key), (self._by_compact, name.compact)):
            people = self._with_suffix(index.get(key, ()), name.suffix)
            if people:
                return self._pick(people, "exact", school)
        tokens = name.tokens
        if len(tokens) < 2 or len(tokens[0]) < 2:
            return None
        people = self._best_middle(self._by_first_last.get((tokens[0], tokens[-1]), ()), name)
        return self._pick(people, "exact", school) if people else None

    def _nickname(self, name: _Name, school) -> Resolution | None:
        tokens = name.tokens
        if len(tokens) < 2 or len(tokens[0]) < 2:
            return None
        people: dict[int, None] = {}
        for group in sorted(self._groups(tokens[0])):
            people.update(dict.fromkeys(self._by_group_last.get((group, tokens[-1]), ())))
        people = self._best_middle(sorted(people), name)
        return self._pick(people, "nickname", school) if people else None

    def _surname(self, name: _Name, school) -> Resolution | None:
        people = ()
        if len(name.words) == 1 or name.honorific:
            people = self._by_surname.get(name.key) or self._by_surname.get(name.compact, ())
        if not people and len(name.words) >= 2 and all(len(word) == 1 for word in name.words[:-1]):
            initial = name.words[0]  # "J. Smith"
            people = [p for p in self._by_surname.get(name.surname, ()) if self._names[p].tokens[0][0] == initial]
        people = self._with_suffix(people, name.suffix)
        return self._narrow(people, school, "surname") if people else None

    def _first_name(self, name: _Name, school) -> Resolution | None:
        if len(name.words) != 1:
            return None
        if school is None and len(self._ids) > self.small_roster:
            return None
        by_group = {p: None for group in sorted(self._groups(name.key)) for p in self._by_group_first.get(group, ())}
        for people in (self._by_first.get(name.key, ()), sorted(by_group)):
            if school is not None:
                people = [p for p in people if self._schools[p] == school]
            if people:
                return self._pick(people, "first_name", school)
        return None

    def _fuzzy(self, names, school) -> Resolution:
        """Rule 7; when it finds nobody, the unmatched result with the nearest people as suggestions."""
        nearby: dict[int, float] = {}
        for name in names:
            result = self._fuzzy_name(name, school)
            if result is not None:
                return result
            forms = self._forms(name)
            if self._fuzzy_index.knows(name.tokens):
                scores = self._fuzzy_index.search(forms, _SUGGEST_FLOOR)
            else:  # no word in common with anyone: words that begin or end alike, else anyone
                scores = (self._fuzzy_index.search(forms[:1], _SUGGEST_FLOOR, wide=True)
                          or self._fuzzy_index.search(forms[:1], _SUGGEST_FLOOR, everyone=True))
            for person, score in scores.items():
                nearby[person] = max(score, nearby.get(person, 0.0))
        ranked = sorted(nearby, key=lambda p: (-nearby[p], self._schools[p] != school, p))[: self.suggestions]
        return Resolution(score=nearby[ranked[0]] if ranked else 0.0, candidates=tuple(self._ids[p] for p in ranked))

    def _fuzzy_name(self, name: _Name, school) -> Resolution | None:
        """The text as written first; its other forms only when that finds nobody good enough; people
        sharing the beginning or end of a word only when no word of the text is in any roster name."""
        floor = self.fuzzy_threshold - self.fuzzy_margin
        if len(name.words) == 1:
            return self._fuzzy_surname(name, school, floor)
        forms = self._forms(name)
        agreed: dict[int, float] = {}
        for stage, wide in ((forms[:1], False), (forms[1:], False), (forms[:1], True)):
            if wide and self._fuzzy_index.knows(name.tokens):
                break
            for person, score in self._fuzzy_index.search(stage, floor, check=True, wide=wide).items():
                agreed[person] = max(score, agreed.get(person, 0.0))
            best = max(agreed.values(), default=0.0)
            if best >= self.fuzzy_threshold:
                contenders = [p for p, score in agreed.items() if score > best - self.fuzzy_margin]
                return self._pick(sorted(contenders), "fuzzy", school, score=best)
        return self._fuzzy_surname(name, school, floor) if name.honorific else None

    def _fuzzy_surname(self, name: _Name, school, floor) -> Resolution | None:
        found = process.extract(name.key, self._surname_choices, scorer=_SCORER, limit=10, score_cutoff=floor)
        if not found or found[0][1] < self.fuzzy_threshold:
            return None
        best = found[0][1]
        people = {p: None for surname, score, _ in found if score > best - self.fuzzy_margin
                  for p in self._by_surname[surname]}
        return self._narrow(sorted(people), school, "fuzzy", score=best)

    def _forms(self, name: _Name) -> list[str]:
        """The forms of a text compared fuzzily with roster names (each filed as written, and under its
        first name's nicknames and formal names, so "Robert Smith" meets "Bboby Smith").

        The text as written, with its first word moved last ("Doe Jane Q" read as "Jane Q Doe"), and
        with a nickname replaced by each of its formal names ("Bob Smyth" read as "Robert Smyth").
        """
        tokens = name.tokens
        forms = [name.key, " ".join(tokens[1:] + tokens[:1])]
        forms += [" ".join((formal,) + tokens[1:]) for formal in sorted(self.nicknames.get(tokens[0], ()))]
        return list(dict.fromkeys(forms))

    # ------------------------------------------------------------ helpers

    def _with_suffix(self, people, suffix: str):
        if not suffix:
            return people
        same = [p for p in people if self._names[p].suffix == suffix]
        return same or [p for p in people if not self._names[p].suffix]

    def _best_middle(self, people, name: _Name) -> list[int]:
        tiers = {}
        middle = name.tokens[1:-1]
        for person in self._with_suffix(people, name.suffix):
            tier = _middle_tier(middle, self._names[person].tokens[1:-1])
            if tier:
                tiers.setdefault(tier, []).append(person)
        return tiers[max(tiers)] if tiers else []

    def _narrow(self, people, school, kind: str, score: float = 100.0) -> Resolution:
        """Among the respondent's school's people if any; else among all."""
        local = [p for p in people if self._schools[p] == school] if school is not None else []
        return self._pick(local or people, kind, school, score)

    def _pick(self, people, kind: str, school=None, score: float = 100.0) -> Resolution:
        if len(people) == 1:
            return Resolution(self._ids[people[0]], kind, "matched", float(score))
        order = sorted(people, key=lambda p: (self._schools[p] != school, p))
        return Resolution(status="ambiguous", score=float(score), candidates=tuple(self._ids[p] for p in order))
