"""The store on a real SQLite file (and the same tests on a real PostgreSQL): uploads, waves, results,
erasure, retention, the audit log, and concurrent writers."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from datetime import timedelta

import networkx as nx
import pandas as pd
import pytest
from sqlalchemy import MetaData, func, select, text
from sqlalchemy.exc import IntegrityError

import plnetwork
from plnetwork.formats.base import RawSurvey
from plnetwork.issues import InputError
from plnetwork.model import NOMINATION_COLUMNS, RESPONDENT_COLUMNS
from plnetwork.store import AccessDenied, Scope, Store, WavePurged
from plnetwork.store.engine import DATABASE_URL_ENV
from plnetwork.store.schema import Base, utcnow
from plnetwork.store.testing import tiny_dataset

ADMIN = Scope("admin")


def count(store, table, where="1=1", **params) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar()


def save(store, dataset, label="fall", *, district="Maple", school=None, data=None):
    upload = store.put_upload(data or label.encode(), f"{label}.csv", district=district, school=school)
    return store.save_wave(dataset, district=district, school=school, label=label, upload_ids=[upload],
                           scope=ADMIN)


def in_threads(call, count: int) -> tuple[list, list]:
    """Run ``call()`` in ``count`` threads released together; what they returned, and what they raised."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


# --- opening -----------------------------------------------------------------------------------------

def test_migrated_schema_matches_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_reopening_keeps_data_and_does_not_migrate_again(store):
    wave = save(store, tiny_dataset(1))
    again = Store(store.url, store.data_dir)
    assert [w.id for w in again.waves(ADMIN)] == [wave]
    assert count(again, "alembic_version") == 1
    again.close()


def test_sqlite_file_is_private_in_wal_mode_with_foreign_keys(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    store = Store(None, tmp_path / "data")
    path = tmp_path / "data" / "plnetwork.sqlite3"
    assert store.url == f"sqlite:///{path.resolve()}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    other = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{other}")
    store = Store.from_env(tmp_path / "data")
    save(store, tiny_dataset(2))
    assert other.exists() and not (tmp_path / "data" / "plnetwork.sqlite3").exists()
    assert "sqlite" in repr(store)


# --- uploads -----------------------------------------------------------------------------------------

def test_same_bytes_uploaded_again_is_recognised_and_changes_nothing(store):
    data = b"staff_id,advice_1\n1,Ann Lee\n"
    first = store.put_upload(data, "answers.csv", district="Maple", school="Oak")
    assert first == hashlib.sha256(data).hexdigest()
    second = store.put_upload(data, "renamed.csv", district="Maple", school="Oak")
    assert second == first
    assert count(store, "uploads") == 1
    assert store.get_upload(first, Scope("district", district="Maple")) == ("answers.csv", data)
    assert [u.filename for u in store.uploads(ADMIN)] == ["answers.csv"]


def test_the_raw_upload_is_kept_when_parsing_fails(store):
    broken = b"colour,shape\nred,round\n"            # not a roster: parsing raises
    upload = store.put_upload(broken, "staff.csv", district="Maple", school=None)
    with pytest.raises(InputError):
        plnetwork.load([("answers.csv", b"staff_id,advice_1\n1,x\n")], roster=("staff.csv", broken))
    assert store.get_upload(upload, ADMIN, district="Maple")[1] == broken   # there to retry after a fix


def test_concurrent_identical_uploads_from_threads_end_as_one_record(store):
    data = os.urandom(50_000)
    ids, errors = in_threads(lambda: store.put_upload(data, "same.csv", district="Maple", school=None), 8)
    assert errors == [] and len(set(ids)) == 1 and len(ids) == 8
    assert count(store, "uploads") == 1


def test_concurrent_identical_uploads_from_processes_end_as_one_record(store):
    data = os.urandom(20_000)
    assert _race_in_processes(store.url, store.data_dir, data, processes=4) == {hashlib.sha256(data).hexdigest()}
    assert count(store, "uploads") == 1


def _race_in_processes(url, data_dir, data: bytes, *, processes: int) -> set[str]:
    """Fork ``processes`` children that each open the store and upload ``data`` at the same moment."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.SimpleQueue()

    def child():
        try:
            store = Store(url, data_dir)
            barrier.wait(timeout=30)
            results.put(store.put_upload(data, "same.csv", district="Maple", school=None))
        except BaseException as exc:   # the parent sees what went wrong
            results.put(f"error: {exc!r}")
        finally:
            os._exit(0)

    children = [context.Process(target=child) for _ in range(processes)]
    for process in children:
        process.start()
    found = {results.get() for _ in children}
    for process in children:
        process.join(timeout=30)
    return found


# --- waves -------------------------------------------------------------------------------------------

def test_a_wave_comes_back_as_it_was_saved(store):
    dataset = tiny_dataset(3)
    wave = save(store, dataset)
    back = store.load_wave(wave, ADMIN)
    pd.testing.assert_frame_equal(back.roster, dataset.roster)
    pd.testing.assert_frame_equal(back.nominations, dataset.nominations)
    pd.testing.assert_frame_equal(back.respondents, dataset.respondents)
    assert back.issues.records() == dataset.issues.records()
    assert nx.utils.graphs_equal(back.graph, dataset.graph)
    info, = store.waves(ADMIN)
    assert (info.id, info.district, info.school, info.label, info.version) == (wave, "Maple", None, "fall", 1)
    assert (info.staff, info.respondents) == (len(dataset.roster), len(dataset.respondents))
    assert info.response_rate == pytest.approx(len(dataset.respondents) / len(dataset.roster))
    assert info.created_at.tzinfo is not None


def test_a_wave_read_from_real_files_round_trips(store):
    roster = ("staff.csv", "staff_id,name,email,school,role,years\n007,Ann Lee,ann@x.org,Oak,Teacher,4\n"
                           "2,Bo Diaz,,Oak,Instructional Coach,\n3,Cy Moss,c@x.org,Elm,Principal,9\n".encode())
    export = ("answers.csv", b"staff_id,advice_1,advice_2\n007,Bo Diaz,Zed Nobody\n2,,\n3,Ann Lee,Bo Diaz\n")
    dataset = plnetwork.load([export], roster=roster)
    uploads = [store.put_upload(data, name, district="Maple", school=None) for name, data in (roster, export)]
    wave = store.save_wave(dataset, district="Maple", school=None, label="fall", upload_ids=uploads, scope=ADMIN)
    back = store.load_wave(wave, ADMIN)
    pd.testing.assert_frame_equal(back.roster, dataset.roster)
    pd.testing.assert_frame_equal(back.nominations, dataset.nominations, check_dtype=False)
    pd.testing.assert_frame_equal(back.respondents, dataset.respondents, check_dtype=False)
    assert back.issues.records() == dataset.issues.records()
    assert back.roster["staff_id"].tolist()[0] == "007"
    assert back.platform == dataset.platform and back.files == dataset.files
    assert back.raw.mapping == dataset.raw.mapping
    assert sorted(back.graph.edges) == sorted(dataset.graph.edges)


def test_saving_the_same_wave_again_is_idempotent(store):
    dataset = tiny_dataset(4)
    first = save(store, dataset)
    rows = count(store, "nominations")
    assert save(store, dataset) == first
    assert count(store, "waves") == 1 and count(store, "nominations") == rows
    assert count(store, "wave_uploads") == 1


def test_new_content_under_a_used_label_is_a_new_version(store):
    first = save(store, tiny_dataset(5))
    second = save(store, tiny_dataset(6))
    assert second != first
    assert [(w.label, w.version) for w in store.waves(ADMIN)] == [("fall", 1), ("fall", 2)]
    assert [w.id for w in store.waves(ADMIN, latest=True)] == [second]
    assert save(store, tiny_dataset(5)) == first       # the first content is still recognised


def test_a_wave_needs_its_uploads_stored_first(store):
    with pytest.raises(ValueError, match="put_upload"):
        store.save_wave(tiny_dataset(7), district="Maple", school=None, label="x", upload_ids=["ab" * 32],
                        scope=ADMIN)
    assert count(store, "waves") == 0 and count(store, "roster") == 0


def test_a_save_that_fails_midway_leaves_nothing(store):
    dataset = tiny_dataset(8)
    bad = dataset.nominations.copy()
    bad.loc[len(bad) - 1, "relation"] = None            # NOT NULL: fails after the wave and roster rows
    dataset.nominations = bad
    upload = store.put_upload(b"x", "x.csv", district="Maple", school=None)
    with pytest.raises(IntegrityError):
        store.save_wave(dataset, district="Maple", school=None, label="x", upload_ids=[upload], scope=ADMIN)
    for table in ("waves", "roster", "nominations", "respondents", "issues", "wave_uploads", "audit_log"):
        assert count(store, table) == 0, table
    assert count(store, "uploads") == 1


def test_concurrent_identical_saves_end_as_one_wave(store):
    dataset = tiny_dataset(9)
    upload = store.put_upload(b"same", "same.csv", district="Maple", school=None)
    ids, errors = in_threads(lambda: store.save_wave(dataset, district="Maple", school=None, label="fall",
                                                     upload_ids=[upload], scope=ADMIN), 6)
    assert errors == [] and len(set(ids)) == 1
    assert count(store, "waves") == 1 and count(store, "roster") == len(dataset.roster)


def test_deleting_a_wave_removes_everything_derived_from_it(store):
    keep = save(store, tiny_dataset(10), "spring", data=b"shared")
    gone = save(store, tiny_dataset(11), "fall", data=b"only-fall")
    store.put_upload(b"shared", "again.csv", district="Maple", school=None)
    shared = hashlib.sha256(b"shared").hexdigest()
    store.save_wave(tiny_dataset(11), district="Maple", school=None, label="fall", scope=ADMIN,
                    upload_ids=[shared, hashlib.sha256(b"only-fall").hexdigest()])
    store.save_results(gone, pd.DataFrame({"staff_id": ["a"]}), {"staff": 1}, ADMIN)
    store.delete_wave(gone, ADMIN)
    assert [w.id for w in store.waves(ADMIN)] != [] and gone not in [w.id for w in store.waves(ADMIN)]
    for table in ("roster", "nominations", "respondents", "issues", "unresolved", "results", "wave_uploads"):
        assert count(store, table, "wave_id = :w", w=gone) == 0, table
    with pytest.raises(AccessDenied):
        store.load_wave(gone, ADMIN)
    assert store.load_wave(keep, ADMIN).roster is not None
    assert count(store, "uploads", "sha256 = :s", s=shared) == 1       # still used by the other waves
    assert any(e.action == "wave_deleted" for e in store.audit_log(ADMIN))


# --- cached results ----------------------------------------------------------------------------------

def test_results_are_cached_per_wave(store):
    wave = save(store, tiny_dataset(12))
    assert store.load_results(wave, ADMIN) is None
    people = pd.DataFrame({"staff_id": ["007", "2"], "name": ["Ann Lee", "Bo Diaz"], "in_degree": [3, 0],
                           "pagerank": [0.7, float("nan")], "formal_leader": [False, True],
                           "isolation_status": ["connected", "isolated"]})
    summary = {"network": {"staff": 2, "density": 0.5}, "levels": {"matrix": {"classroom": {"school": 1}}}}
    assert store.save_results(wave, people, summary, ADMIN) is True
    back, back_summary = store.load_results(wave, ADMIN)
    pd.testing.assert_frame_equal(back, people)
    assert back_summary == summary
    store.save_results(wave, people.head(1), {"network": {"staff": 1}}, ADMIN)    # replaces
    assert len(store.load_results(wave, ADMIN)[0]) == 1


# --- erasure -----------------------------------------------------------------------------------------

TARGET, NAME, EMAIL = "S-0042", "Zelda Quixote", "zelda.q@maple.example"
TRACES = ("s-0042", "zelda", "quixot", "maple.example")


def erasure_dataset(seed: int):
    """A wave in which the person to erase leaves a trace in every kind of stored text."""
    from plnetwork.dataset import Dataset
    from plnetwork.issues import IssueReport
    from plnetwork.network import build_graph

    roster = pd.DataFrame({
        "staff_id": [TARGET, "S-1001", "S-1002", "S-1003"],
        "name": [NAME, "Bo Diaz", "Cy Moss", "Di Park"], "email": [EMAIL, "", "cy@x.org", ""],
        "school": ["Oak", "Oak", "Oak", "Elm"], "role": ["Teacher", "Coach", "Teacher", "Principal"],
        "level": ["classroom", "school", "classroom", "school"], "formal_leader": [False, True, False, True],
        "team": ["G3", "G3", "", ""], "mentor": ["", NAME, "", ""]})
    nominations = pd.DataFrame([
        (TARGET, "S-1001", "advice", None, "choice", "exact", "a.csv", 2, "advice", "Bo Diaz"),
        ("S-1001", TARGET, "advice", None, "free_text", "first_name", "a.csv", 3, "advice", "Zelda"),
        ("S-1002", "S-1001", "frequency", 2.0, "matrix", "id", "a.csv", 4, f"How often: {NAME}?", "Bo"),
        ("S-1003", "S-1002", "advice", None, "choice", "exact", "a.csv", 5, "advice", "Cy Moss"),
    ], columns=NOMINATION_COLUMNS)
    respondents = pd.DataFrame([(p, "a.csv", r, "") for p, r in ((TARGET, 2), ("S-1001", 3), ("S-1002", 4),
                                                                  ("S-1003", 5))], columns=RESPONDENT_COLUMNS)
    issues = IssueReport()
    issues.add("name_ambiguous", "warning", f"'Zelda Q' matches several people equally ({NAME} ({TARGET}); "
               "Bo Diaz (S-1001))", file="a.csv", row=5, column="advice", value="Zelda Q")
    issues.add("duplicate_submission", "warning", "is an earlier submission by the same person", file="a.csv",
               row=6, value=TARGET)
    issues.add("repeat_nomination", "info", f"names {NAME!r} again for advice; counted once", file="a.csv",
               row=3, value="Zelda")
    unresolved = pd.DataFrame([("a.csv", 5, "advice", "Zeldaa Quixot", "S-1003", "unmatched", f"{TARGET};S-1001")],
                              columns=["file", "row", "column", "answer", "respondent_id", "status", "suggestions"])
    raw = RawSurvey("matrix", ["a.csv"], mapping={f"How often: {NAME}?": "frequency"})
    return Dataset(roster, nominations, respondents, issues, build_graph(roster, nominations, respondents), raw,
                   unresolved, ["a.csv"])


def stored_texts(store):
    """Every text (and blob, decoded) cell of every table of the database."""
    metadata = MetaData()
    metadata.reflect(bind=store.engine)
    with store.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for column, value in row._mapping.items():
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "ignore")
                    if isinstance(value, str):
                        yield table.name, column, value


def test_erasure_removes_every_trace_of_the_person(store):
    district = Scope("district", district="Maple", user_id=None)
    waves = []
    for label in ("fall", "spring"):
        roster_upload = store.put_upload(f"staff_id,name,email\n{TARGET},{NAME},{EMAIL}\n{label}".encode(),
                                         "staff.csv", district="Maple", school=None)
        waves.append(store.save_wave(erasure_dataset(1), district="Maple", school=None, label=label,
                                     upload_ids=[roster_upload], scope=district))
    store.put_upload(f"unparsed file naming {EMAIL}".encode(), "retry.csv", district="Maple", school=None)
    kept_upload = store.put_upload(b"an upload about nobody", "other.csv", district="Maple", school=None)
    store.save_results(waves[0], pd.DataFrame({"staff_id": [TARGET, "S-1001"], "name": [NAME, "Bo Diaz"]}),
                       {"leaders": [NAME], "in_degree": {TARGET: 1}}, district)
    store.audit(district, "viewed_person", f"opened the card of {TARGET} ({NAME})")
    assert any(trace in value.lower() for _, _, value in stored_texts(store) for trace in TRACES)

    counts = store.erase_person(TARGET, district="Maple", scope=district)

    leaks = [(table, column, value[:80]) for table, column, value in stored_texts(store)
             if any(trace in value.lower() for trace in TRACES)]
    assert leaks == []
    assert counts["waves"] == 2 and counts["uploads"] == 3
    entry = store.audit_log(district)[0]
    assert entry.action == "person_erased" and TARGET not in entry.detail and "Zelda" not in entry.detail
    back = store.load_wave(waves[0], district)
    assert TARGET not in back.graph and len(back.roster) == 3
    assert back.nominations["nominee_id"].tolist() == ["S-1001", "S-1002"]
    assert store.waves(district)[0].staff == 3 and store.load_results(waves[0], district) is None
    assert store.get_upload(kept_upload, district)[1] == b"an upload about nobody"


def test_erasure_stays_within_its_district(store):
    save(store, erasure_dataset(1), district="Maple")
    other = save(store, erasure_dataset(1), district="Birch")
    store.erase_person(TARGET, district="Maple", scope=ADMIN)
    assert TARGET in store.load_wave(other, ADMIN).graph
    with pytest.raises(AccessDenied):
        store.erase_person(TARGET, district="Birch", scope=Scope("district", district="Maple"))
    with pytest.raises(AccessDenied):
        store.erase_person(TARGET, district="Birch", scope=Scope("school", district="Birch", school="Oak"))


# --- retention ---------------------------------------------------------------------------------------

def test_retention_purges_individual_data_and_keeps_aggregates(store):
    from sqlalchemy import update

    from plnetwork.store.schema import Upload, Wave

    old = save(store, erasure_dataset(1), "2023", data=b"old roster")
    people = pd.DataFrame({"staff_id": [TARGET], "name": [NAME], "isolation_status": ["isolated"]})
    store.save_results(old, people, {"network": {"staff": 4, "isolated": 1}, "isolates": [NAME, TARGET]}, ADMIN)
    store.put_upload(b"never parsed", "lost.csv", district="Maple", school=None)
    long_ago = utcnow() - timedelta(days=400)
    with store._session(write=True) as session:
        session.execute(update(Wave).values(created_at=long_ago))
        session.execute(update(Upload).values(created_at=long_ago))
    recent = save(store, tiny_dataset(16), "2025", data=b"recent")

    assert store.purge_expired() == 1
    purged, kept = store.waves(ADMIN)
    assert (purged.id, purged.purged, kept.id, kept.purged) == (old, True, recent, False)
    assert (purged.staff, purged.respondents, purged.response_rate) == (4, 4, 1.0)
    with pytest.raises(WavePurged):
        store.load_wave(old, ADMIN)
    purged_people, summary = store.load_results(old, ADMIN)
    assert purged_people.empty and list(purged_people.columns) == list(people.columns)
    assert summary["network"] == {"staff": 4, "isolated": 1} and summary["isolates"] == ["[purged]"] * 2
    for table in ("roster", "nominations", "respondents", "issues", "unresolved", "wave_uploads"):
        assert count(store, table, "wave_id = :w", w=old) == 0, table
    assert [u.filename for u in store.uploads(ADMIN)] == ["2025.csv"]
    assert len(store.load_wave(recent, ADMIN).roster) == len(tiny_dataset(16).roster)
    assert store.purge_expired() == 0                       # nothing left to purge
    assert any(e.action == "retention_purge" for e in store.audit_log(ADMIN))
    with pytest.raises(WavePurged):
        store.save_results(old, people, {}, ADMIN)


def test_retention_keeps_waves_younger_than_the_period(store):
    wave = save(store, tiny_dataset(13))
    assert store.retention_days == 365
    assert store.purge_expired(now=utcnow() + timedelta(days=364)) == 0
    assert len(store.load_wave(wave, ADMIN).roster) > 0
    shorter = Store(store.url, store.data_dir, retention_days=10)
    assert shorter.purge_expired(now=utcnow() + timedelta(days=11)) == 1
    shorter.close()


# --- audit log ---------------------------------------------------------------------------------------

def test_the_audit_log_records_who_did_what(store):
    scope = Scope("district", district="Maple", user_id=None)
    save(store, tiny_dataset(14))
    store.audit(scope, "export", "people.csv of wave 1")
    entries = store.audit_log(scope)
    assert [e.action for e in entries][:2] == ["export", "wave_saved"]
    assert entries[0].role == "district" and entries[0].district == "Maple"
    assert store.audit_log(Scope("district", district="Birch")) == []
    with pytest.raises(AccessDenied):
        store.audit_log(Scope("researcher"))


def test_counts_match_rows(store):
    wave = save(store, tiny_dataset(15))
    info, = store.waves(ADMIN)
    with store.engine.connect() as connection:
        from plnetwork.store.schema import Nomination
        assert connection.scalar(select(func.count()).select_from(Nomination).where(
            Nomination.wave_id == wave)) == info.nominations


# --- the command line --------------------------------------------------------------------------------

def test_analyze_save_keeps_the_files_and_the_wave(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from plnetwork.cli import cli

    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,school,role\n1,Ann Lee,Oak,Teacher\n2,Bo Diaz,Oak,Coach\n3,Cy Moss,Elm,Teacher\n")
    export = tmp_path / "answers.csv"
    export.write_text("staff_id,advice_1\n1,Bo Diaz\n2,Ann Lee\n3,Bo Diaz\n")
    data_dir = tmp_path / "data"
    args = ["analyze", str(export), "--roster", str(roster), "--out", str(tmp_path / "out"), "--save",
            "--district", "Maple", "--data-dir", str(data_dir)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "out" / "people.csv").exists() and "Saved as wave 1" in first.output
    again = CliRunner().invoke(cli, args)                    # the same files again: the same wave
    assert again.exit_code == 0 and "Saved as wave 1" in again.output
    store = Store(None, data_dir)
    info, = store.waves(ADMIN)
    assert (info.label, info.staff, info.respondents) == ("answers", 3, 3)
    assert sorted(u.filename for u in store.uploads(ADMIN)) == ["answers.csv", "staff.csv"]
    people, summary = store.load_results(info.id, ADMIN)
    assert sorted(people["staff_id"]) == ["1", "2", "3"] and summary
    store.close()

    no_district = CliRunner().invoke(cli, args[:-4] + ["--data-dir", str(data_dir)])
    assert no_district.exit_code == 2 and "--district" in no_district.output
    plain = CliRunner().invoke(cli, args[:6] + ["--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0 and "Saved" not in plain.output       # without --save: files only

    erased = CliRunner().invoke(cli, ["store", "erase-person", "2", "--district", "Maple", "--yes",
                                      "--data-dir", str(data_dir)])
    assert erased.exit_code == 0 and "Erased from 1 waves" in erased.output
    purged = CliRunner().invoke(cli, ["store", "purge", "--retention-days", "30", "--data-dir", str(data_dir)])
    assert purged.exit_code == 0 and "Purged 0 waves" in purged.output
    store = Store(None, data_dir)
    assert "Bo Diaz" not in store.load_wave(info.id, ADMIN).roster["name"].tolist()
    assert store.uploads(ADMIN) == []                          # the raw files named the erased person
    store.close()


def test_analyze_save_keeps_the_raw_files_even_when_they_cannot_be_parsed(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from plnetwork.cli import cli

    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    (tmp_path / "staff.csv").write_text("colour,shape\nred,round\n")
    (tmp_path / "answers.csv").write_text("staff_id,advice_1\n1,Bo\n")
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "answers.csv"), "--roster",
                                      str(tmp_path / "staff.csv"), "--out", str(tmp_path / "out"), "--save",
                                      "--district", "Maple", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 2
    store = Store(None, tmp_path / "data")
    assert sorted(u.filename for u in store.uploads(ADMIN)) == ["answers.csv", "staff.csv"]
    assert store.waves(ADMIN) == []
    store.close()
