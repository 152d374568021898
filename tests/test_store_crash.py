"""A crash mid-save never leaves a half-stored wave: the importing process is killed a hundred times.

A forked child opens the store and saves waves in a loop (each: upload the raw bytes, then save the
wave). Half the time the parent SIGKILLs it after a random delay; the other half the child ends itself
with ``os._exit`` right before a random SQL statement of its own (or right before a COMMIT). After every
kill the database must pass ``PRAGMA integrity_check`` and ``foreign_key_check``, hold no orphan rows,
and every wave in it must be complete: its rows are exactly those of the dataset saved under its label.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time

import pytest

from plnetwork.store import Scope, Store
from plnetwork.store.engine import DATABASE_URL_ENV
from plnetwork.store.testing import expected_wave, kill_importer, upload_payload

KILLS = 100
WAVE_CHILDREN = ("roster", "nominations", "respondents", "issues", "unresolved", "results")


def check_consistent(path) -> int:
    """Assert the database is sound and every wave complete; returns the number of waves."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for child in WAVE_CHILDREN:
            orphans = connection.execute(f"SELECT count(*) FROM {child} WHERE wave_id NOT IN "
                                         "(SELECT id FROM waves)").fetchone()[0]
            assert orphans == 0, child
        assert connection.execute("SELECT count(*) FROM wave_uploads WHERE upload_id NOT IN "
                                  "(SELECT id FROM uploads) OR wave_id NOT IN (SELECT id FROM waves)"
                                  ).fetchone()[0] == 0
        for sha, size, data, filename in connection.execute("SELECT sha256, size, data, filename FROM uploads"):
            assert hashlib.sha256(data).hexdigest() == sha and len(data) == size
            assert data == upload_payload(filename.removesuffix(".csv"))
        waves = connection.execute("SELECT id, label, staff, respondents, nominations, issues FROM waves").fetchall()
        for wave_id, label, staff, respondents, nominations, issues in waves:
            counts, roster_ids = expected_wave(label)
            stored = {table: connection.execute(f"SELECT count(*) FROM {table} WHERE wave_id = ?",
                                                (wave_id,)).fetchone()[0]
                      for table in ("roster", "respondents", "nominations", "issues")}
            assert stored == counts, label
            assert (staff, respondents, nominations, issues) == tuple(stored.values())
            ids = [r[0] for r in connection.execute("SELECT staff_id FROM roster WHERE wave_id = ? ORDER BY "
                                                    "position", (wave_id,))]
            assert ids == roster_ids, label
            assert connection.execute("SELECT count(*) FROM wave_uploads WHERE wave_id = ?",
                                      (wave_id,)).fetchone()[0] == 1
        return len(waves)
    finally:
        connection.close()


@pytest.mark.slow
def test_killing_the_importer_a_hundred_times_never_leaves_a_partial_wave(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    data_dir = tmp_path / "data"
    store = Store(None, data_dir)                  # created and migrated before the first kill
    url, path = store.url, data_dir / "plnetwork.sqlite3"
    store.close()
    rng = random.Random(20240607)
    started, seed, mid_save, outcomes = time.monotonic(), 0, 0, {"kill": 0, "exit": 0}
    for _ in range(KILLS):
        how, progress = kill_importer(url, data_dir, seed, rng)
        outcomes[how] += 1
        mid_save += progress.endswith(b"B")        # killed between starting a save and its return
        seed += progress.count(b"B") + 1           # labels never repeat across children
        waves = check_consistent(path)
    print(f"\n{KILLS} kills ({outcomes}), {mid_save} in the middle of a save, {waves} complete waves, "
          f"{time.monotonic() - started:.1f} s")
    assert sum(outcomes.values()) == KILLS
    assert mid_save >= KILLS // 4                   # the kills really land inside saves
    assert waves > 0
    reopened = Store(url, data_dir)                 # and the store opens and reads it as usual
    assert len(reopened.waves(Scope("admin"))) == waves
    reopened.close()
