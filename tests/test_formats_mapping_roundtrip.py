"""Every reader's mapping is a flat ``{column: entry}`` that dump_mapping writes and --map reads back the same."""

import pytest

from exports import OPTIONS, make_google_forms_csv
from plnetwork.formats import ReadContext, read_export
from plnetwork.formats.mapping import dump_mapping, load_mapping

ROSTER = OPTIONS + ["Doe, Jane", "Bo Diaz", "Ann Lee"]

EXPORTS = {
    "wide": ("wide.csv", "Staff ID,Email,Timestamp,nominee1,nominee2,advice,leaders,Colour\n"
                         '1,a@x.org,2024-10-01 10:00,Bo Diaz,,"Doe, Jane, Bo Diaz","Lee, Ann; Bo",red\n'
                         '2,,,Ann Lee,None,"Smith, Kim","Ho, Cy",\n'),
    "edgelist": ("ties.csv", "respondent,nominee,relation,weight,note\nAnn,Bo,advice,2,x\nAnn,Cy,Learning,,\n"
                             "Bo,,,,\n"),
    "matrix": ("m.csv", ",Ann,Bo,Cy\nAnn,0,1,2\nBo,0,,0\nCy,,,\n"),
    "google_forms": ("g.csv", make_google_forms_csv()),
}


def _read(path, mapping=None):
    return read_export(path, context=ReadContext(roster_names=ROSTER, mapping=mapping))


@pytest.mark.parametrize("layout", EXPORTS)
def test_the_written_mapping_reads_back_to_the_same_answers(layout, write, tmp_path):
    path = write(*EXPORTS[layout])
    detected = _read(path)
    assert detected.platform == layout and detected.answers
    assert all(isinstance(entry, dict) and "role" in entry for entry in detected.mapping.values())
    (tmp_path / "mapping.yaml").write_text(dump_mapping(detected.mapping, platform=layout), encoding="utf-8")
    mapping = load_mapping(tmp_path / "mapping.yaml")
    assert mapping == detected.mapping
    again = _read(path, mapping)
    assert again.answers == detected.answers
    assert [vars(r) for r in again.responses] == [vars(r) for r in detected.responses]   # compared by identity
    assert again.mapping == detected.mapping


def test_the_generic_mappings_in_the_flat_shape(write):
    assert _read(write(*EXPORTS["edgelist"])).mapping == {
        "respondent": {"role": "respondent"}, "nominee": {"role": "nominee"},
        "relation": {"role": "relation_label"}, "weight": {"role": "weight"},
        "note": {"role": "ignore", "note": "not an edge-list column"}}
    wide = _read(write(*EXPORTS["wide"])).mapping
    assert wide["Staff ID"] == {"role": "staff_id"} and wide["Timestamp"] == {"role": "submitted_at"}
    assert wide["nominee1"] == {"role": "relation", "relation": "advice", "source": "free_text", "split": "none"}
    assert (wide["advice"]["split"], wide["leaders"]["split"]) == (",", ";")
    assert wide["leaders"]["relation"] == "leadership" and wide["Colour"]["role"] == "ignore"
    assert _read(write(*EXPORTS["matrix"])).mapping == {}      # nothing to map: no mapping.yaml is written


def test_an_empty_mapping_dumps_to_a_file_that_loads():
    assert load_mapping(dump_mapping({})) == {}


@pytest.mark.parametrize("column", ["Yes", "no", "null", "On", "True"])
def test_a_column_named_like_a_yaml_word_reads_back_as_itself(column):
    assert load_mapping(dump_mapping({column: {"role": "email"}})) == {column: {"role": "email"}}
