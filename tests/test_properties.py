"""Property-based tests: the readers never crash on arbitrary input, and an edge list survives a round trip."""

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from plnetwork.export import FORMULA_PREFIXES, write_csv
from plnetwork.formats import ReadContext, edgelist, matrix, wide
from plnetwork.issues import InputError
from plnetwork.roster import roster_from_table
from plnetwork.tables import read_table

SETTINGS = settings(derandomize=True, max_examples=200, deadline=None)
CONTEXT = ReadContext(roster_names=["Doe, Jane", "Ann Lee"])


def _read_everything(data: bytes) -> None:
    """Read ``data`` as a table, then as a roster and with each generic reader; only InputError may escape."""
    try:
        table = read_table(("input.csv", data))
    except InputError as error:
        assert error.issue.file == "input.csv" and "\n" not in str(error)
        return
    assert table.rows and all(isinstance(cell, str) for row in table.rows for cell in row)
    for read in [roster_from_table] + [lambda t, m=m: m.read(t, CONTEXT) for m in (edgelist, wide, matrix)]:
        try:
            read(table)
        except InputError as error:
            assert error.issue.file == "input.csv" and "\n" not in str(error)
    for module in (edgelist, wide, matrix):
        assert 0 <= module.detect(table) <= 1


@SETTINGS
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    _read_everything(text.encode("utf-8"))


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=20), max_size=6), max_size=8),
       st.sampled_from([",", ";", "\t", "|"]))
def test_arbitrary_csv_rows_never_crash(rows, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    _read_everything(buffer.getvalue().encode("utf-8"))


@SETTINGS
@given(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
       st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(prefix, data):
    _read_everything(prefix + data)


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    for row in [["source", "target", "weight"], ["Ann", "Bo", 2], ["Bo", "Ann", 1.5]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook()


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_corrupted_workbooks_never_crash(flips):
    data = bytearray(WORKBOOK)
    for position, value in flips:
        data[position] = value
    _read_everything(bytes(data))


# --- round trip ------------------------------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


# Names as people type them: any letters, marks, digits, punctuation, symbols and inner spaces or new
# lines; not starting with a formula character (the export escapes those: see the test below).
NAME = st.text(st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n"), min_size=1,
               max_size=15).map(str.strip).filter(lambda s: s and not s.startswith(FORMULA_PREFIXES))
RELATION = st.sampled_from(["", "advice", "learning", "leadership", "co planning"])
WEIGHT = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def edge_lists(draw):
    people = draw(st.lists(NAME, min_size=1, max_size=8, unique_by=_key))
    person = st.sampled_from(people)
    return draw(st.lists(st.tuples(person, person, RELATION, WEIGHT), min_size=1, max_size=20))


def _read_ties(path) -> set:
    survey = edgelist.read(read_table(path), ReadContext())
    who = {r.key: r.staff_id or r.email for r in survey.responses}
    return {(who[a.response], a.text, a.relation, a.weight) for a in survey.answers}


def _frame(ties) -> pd.DataFrame:
    return pd.DataFrame(sorted(ties, key=repr), columns=["source", "target", "relation", "weight"])


@SETTINGS
@given(edge_lists())
def test_edge_list_round_trip_loses_nothing(tmp_path_factory, ties):
    folder = tmp_path_factory.mktemp("roundtrip")
    first = folder / "ties.csv"
    with open(first, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "relation", "weight"])
        writer.writerows((s, t, r, "" if w is None else repr(w)) for s, t, r, w in ties)
    read_once = _read_ties(first)
    assert read_once == {(s, t, r or "advice", w) for s, t, r, w in ties}
    second = write_csv(_frame(read_once), folder / "again.csv")
    assert _read_ties(second) == read_once


def test_formula_escape_round_trips_as_documented(tmp_path):
    """Names starting with = + - @ are written with a leading apostrophe and read back with it."""
    ties = {("=SUM(A1)", "+Bo", "advice", None), ("@Cy", "-Di", "advice", 1.0)}
    path = write_csv(_frame(ties), tmp_path / "ties.csv")
    assert _read_ties(path) == {("'" + s, "'" + t, r, w) for s, t, r, w in ties}
