"""Small-group suppression (with complementary suppression), the reading of response rates, redaction."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plnetwork.store.privacy import (STATEMENT_OF_USE, SUPPRESSION_NOTE, Redactor, response_rate_reading,
                                     suppress_small)


def hidden(frame) -> list:
    return frame.loc[frame["suppressed"] != "", frame.columns[0]].tolist()


def test_a_small_group_is_hidden_and_so_is_the_next_smallest():
    by_school = pd.DataFrame({"school": ["Oak", "Elm", "Ash", "Fir"], "staff": [30, 12, 3, 9],
                              "isolated": [2, 1, 1, 0], "share": [0.1, 0.2, 0.3, 0.0]})
    out = suppress_small(by_school, ["school"])
    assert hidden(out) == ["Ash", "Fir"]
    assert out.loc[2, "suppressed"] == "small" and out.loc[3, "suppressed"] == "complementary"
    assert out.loc[[2, 3], ["staff", "isolated", "share"]].isna().all().all()
    assert out.loc[[0, 1], "isolated"].tolist() == [2, 1]
    assert by_school["staff"].tolist() == [30, 12, 3, 9]          # the input is not changed


def test_two_small_groups_protect_each_other():
    frame = pd.DataFrame({"role": ["Teacher", "Coach", "Principal"], "n": [40, 3, 2], "leaders": [5, 1, 2]})
    assert hidden(suppress_small(frame, "role")) == ["Coach", "Principal"]


def test_nothing_small_nothing_hidden():
    frame = pd.DataFrame({"level": ["classroom", "school", "district"], "staff": [50, 10, 5]})
    out = suppress_small(frame, ["level"])
    assert hidden(out) == [] and out["staff"].tolist() == [50, 10, 5]


def test_an_empty_group_reveals_nobody_but_can_serve_as_the_complement():
    frame = pd.DataFrame({"team": ["A", "B", "C"], "staff": [20, 0, 2]})
    out = suppress_small(frame, ["team"])
    assert out.set_index("team")["suppressed"].to_dict() == {"A": "", "B": "complementary", "C": "small"}


def test_in_a_two_way_table_rows_and_columns_are_both_protected():
    cells = [("Oak", "classroom", 20), ("Oak", "school", 3), ("Oak", "district", 6),
             ("Elm", "classroom", 15), ("Elm", "school", 7), ("Elm", "district", 8)]
    frame = pd.DataFrame(cells, columns=["school", "level", "staff"])
    out = suppress_small(frame, ["school", "level"])
    marks = out.set_index(["school", "level"])["suppressed"]
    assert marks[("Oak", "school")] == "small"
    assert marks[("Oak", "district")] == "complementary"          # Oak's row total
    assert marks[("Elm", "school")] == "complementary"            # the school level's column total
    assert marks[("Elm", "district")] == "complementary"          # then Elm's row, then the district column
    assert_no_line_has_a_single_hidden_cell(out, ["school", "level"])


def assert_no_line_has_a_single_hidden_cell(out, group_columns):
    for column in group_columns:
        others = [c for c in group_columns if c != column]
        lines = out.groupby(others, dropna=False) if others else [(None, out)]
        for _, line in lines:
            if len(line) > 1:
                assert (line["suppressed"] != "").sum() != 1, line


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=4).flatmap(
    lambda row: st.lists(st.lists(st.integers(0, 12), min_size=len(row), max_size=len(row)), min_size=1,
                         max_size=4)))
def test_suppression_holds_for_any_table(rows):
    cells = [(f"s{i}", f"l{j}", n) for i, row in enumerate(rows) for j, n in enumerate(row)]
    frame = pd.DataFrame(cells, columns=["school", "level", "staff"])
    out = suppress_small(frame, ["school", "level"], min_size=5)
    small = frame["staff"].between(1, 4)
    assert (out.loc[small, "suppressed"] != "").all()
    assert out.loc[out["suppressed"] != "", "staff"].isna().all()
    assert_no_line_has_a_single_hidden_cell(out, ["school", "level"])


def test_the_size_column_is_found_or_named():
    frame = pd.DataFrame({"team": ["A", "B"], "members": [2, 30]})
    with pytest.raises(ValueError, match="size"):
        suppress_small(frame, ["team"])
    out = suppress_small(frame, ["team"], size="members", min_size=3, note="why")
    assert out["why"].tolist() == ["small", "complementary"]
    assert "5" in SUPPRESSION_NOTE.format(min_size=5)


@pytest.mark.parametrize("rate, level", [(1.0, "dependable"), (0.8, "dependable"), (0.79, "indicative"),
                                         (0.65, "indicative"), (0.6499, "low"), (0.0, "low"),
                                         (None, "unknown"), (float("nan"), "unknown")])
def test_the_response_rate_reading(rate, level):
    reading = response_rate_reading(rate)
    assert reading.level == level
    if level == "low":
        assert reading.message.startswith("Only")


def test_a_response_rate_is_a_fraction():
    assert "72%" in response_rate_reading(0.72).message
    with pytest.raises(ValueError):
        response_rate_reading(72)


def test_the_statement_of_use():
    assert "not for evaluating individual staff" in STATEMENT_OF_USE


# --- redaction ---------------------------------------------------------------------------------------

def test_names_are_removed_as_whole_words_whatever_their_case():
    redact = Redactor(words=["Ann Lee", "ann@x.org"])
    assert redact.text("ANN LEE asked ann@x.org") == "[removed] asked [removed]"
    assert redact.text("Ann Leeds and Joann Lee stay") == "Ann Leeds and Joann Lee stay"


def test_ids_are_replaced_where_messages_cite_them():
    redact = Redactor(ids={"3": "P-3", "S-0042": "P-42"})
    assert redact.text("staff id '3' was used; Bo (3)") == "staff id 'P-3' was used; Bo (P-3)"
    assert redact.text("has 3 cells") == "has 3 cells"             # a short id is not a count
    assert redact.text("row of S-0042 kept") == "row of P-42 kept"
    assert redact.text("S-0042") == "P-42" and redact.text("3") == "P-3"


def test_quoted_text_and_values():
    redact = Redactor(ids={"007": "P-7"}, quoted=True)
    assert redact.text("'Zed Nobody' is not on the roster") == "[removed] is not on the roster"
    assert [redact.value(v) for v in ("007", "Zed", "12", None)] == ["P-7", "[removed]", "12", None]


def test_deep_redaction_covers_keys_and_nested_values():
    redact = Redactor(ids={"S-0042": "[erased]"}, words=["Zelda Quixote"], removed="[erased]")
    data = {"leaders": ["Zelda Quixote", "Bo"], "by_id": {"S-0042": 3}, "n": 4}
    assert redact.deep(data) == {"leaders": ["[erased]", "Bo"], "by_id": {"[erased]": 3}, "n": 4}


def test_redaction_stays_fast_with_thousands_of_names():
    names = [f"First{i} Last{i}" for i in range(5000)]
    redact = Redactor(ids={f"{i:06d}": f"P-{i}" for i in range(5000)}, words=names)
    texts = [f"'first{i} last{i}' matches several people ({i:06d})" for i in range(2000)]
    started = time.perf_counter()
    out = [redact.text(t) for t in texts]
    assert time.perf_counter() - started < 2.0
    assert out[7] == "'[removed]' matches several people (P-7)"
    assert not np.any(["first" in o for o in out])
