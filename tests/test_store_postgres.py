"""The store on a real PostgreSQL, started by the test itself from the system's packages.

The common store tests (``test_store.py``, ``test_access.py``, ``test_accounts.py``) already run on
PostgreSQL through their ``store`` fixture; this file adds what only a server shows: several processes
migrating, saving and being killed at once. Skipped only where PostgreSQL is not installed and ``$CI`` is
unset; in CI a missing PostgreSQL fails.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import threading

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from plnetwork.store import Scope, Store
from plnetwork.store.testing import (expected_wave, kill_importer, postgres_database_or_skip, tiny_dataset,
                                     upload_payload)

ADMIN = Scope("admin")


@pytest.fixture
def url():
    return postgres_database_or_skip()


def test_postgresql_runs_here(url):
    store = Store(url)
    with store.engine.connect() as connection:
        assert connection.dialect.name == "postgresql"
        assert connection.execute(text("SELECT version()")).scalar().startswith("PostgreSQL")
    store.close()


def in_processes(work, count: int) -> list:
    """Run ``work(index)`` in ``count`` forked processes released together; their results, in order."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(count), context.SimpleQueue()

    def child(index):
        try:
            barrier.wait(timeout=60)
            results.put((index, work(index)))
        except BaseException as exc:   # the parent asserts on it
            results.put((index, f"error: {exc!r}"))
        finally:
            os._exit(0)

    processes = [context.Process(target=child, args=(i,)) for i in range(count)]
    for process in processes:
        process.start()
    found = dict(results.get() for _ in processes)
    for process in processes:
        process.join(timeout=60)
    return [found[i] for i in range(count)]


def test_a_new_database_opened_by_several_processes_at_once_is_migrated_once(url):
    def open_it(_index):
        store = Store(url)
        waves = store.waves(ADMIN)
        store.close()
        return len(waves)

    assert in_processes(open_it, 4) == [0, 0, 0, 0]
    store = Store(url)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    store.close()


def test_uploads_and_saves_racing_in_processes(url):
    Store(url).close()
    data = os.urandom(30_000)

    def upload(_index):
        return Store(url).put_upload(data, "same.csv", district="Maple", school=None)

    assert set(in_processes(upload, 4)) == {hashlib.sha256(data).hexdigest()}

    def save(index):                 # one label, different content: each becomes a version
        store = Store(url)
        return store.save_wave(tiny_dataset(100 + index), district="Maple", school=None, label="fall",
                               upload_ids=[hashlib.sha256(data).hexdigest()], scope=ADMIN)

    ids = in_processes(save, 4)
    assert all(isinstance(i, int) for i in ids), ids
    store = Store(url)
    assert sorted(w.version for w in store.waves(ADMIN)) == [1, 2, 3, 4]
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM uploads")).scalar() == 1
    store.close()


def test_concurrent_failed_logins_are_all_counted(url):
    store = Store(url)
    store.users.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    store.users.add_user("a@maple.org", "correct horse battery", "admin")
    barrier = threading.Barrier(store.users.max_failures)

    def fail():
        barrier.wait()
        store.users.authenticate("a@maple.org", "wrong")

    threads = [threading.Thread(target=fail) for _ in range(store.users.max_failures)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.users.is_locked("a@maple.org")
    store.close()


def test_killing_the_importer_never_leaves_a_partial_wave(url, tmp_path):
    Store(url).close()
    rng, seed, mid_save = random.Random(7), 0, 0
    for _ in range(25):
        how, progress = kill_importer(url, tmp_path, seed, rng)
        mid_save += progress.endswith(b"B")
        seed += progress.count(b"B") + 1
    store = Store(url)
    with store.engine.connect() as connection:
        for child in ("roster", "nominations", "respondents", "issues", "unresolved", "results", "wave_uploads"):
            assert connection.execute(text(f"SELECT count(*) FROM {child} WHERE wave_id NOT IN "
                                           "(SELECT id FROM waves)")).scalar() == 0, child
        waves = connection.execute(text("SELECT id, label FROM waves")).all()
        for wave_id, label in waves:
            counts, roster_ids = expected_wave(label)
            stored = {table: connection.execute(text(f"SELECT count(*) FROM {table} WHERE wave_id = :w"),
                                                {"w": wave_id}).scalar() for table in counts}
            assert stored == counts, label
        for sha, data, filename in connection.execute(text("SELECT sha256, data, filename FROM uploads")):
            assert hashlib.sha256(data).hexdigest() == sha
            assert data == upload_payload(filename.removesuffix(".csv"))
    assert waves and mid_save >= 5
    store.close()
