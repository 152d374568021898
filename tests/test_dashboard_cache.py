"""Erasure, retention purge and wave deletion leave nothing of a person in the dashboard's caches, in
memory or on disk, and the next response shows no trace of them (issue 7)."""

from __future__ import annotations

import contextlib
import pickle
import sys
from datetime import timedelta

import flask_login
import pytest

pytest.importorskip("dash")

from plnetwork.store import Scope, Store  # noqa: E402
from plnetwork.store.schema import utcnow  # noqa: E402

from dashboard import create_app  # noqa: E402
from dashboard.auth import SessionUser  # noqa: E402
from dashboard.data import SERVICE_KEY, DataService  # noqa: E402
from dashboard.demo import load_demo  # noqa: E402

DISTRICT = "Demo District"
ADMIN = Scope("admin")


@pytest.fixture
def setup(tmp_path):
    store = Store(data_dir=tmp_path / "store")
    waves = load_demo(store, district=DISTRICT, staff=60, schools=1, seed=13)
    app = create_app(store=store, data_dir=tmp_path / "data", login_required=True,
                     config={"SECRET_KEY": "test-secret", "BACKGROUND_CALLBACKS": False})
    lead = SessionUser.from_store(store.users.add_user("lead@example.org", "long enough pw", "district", DISTRICT))
    yield store, app, lead, waves
    store.close()


@contextlib.contextmanager
def signed_in(app, user):
    """One request, as ``user`` (each response of the dashboard is its own request)."""
    with app.server.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        flask_login.login_user(user)
        yield


def responses(app, user, wave) -> str:
    """What the overview, People (searched and not), the school view and the report answer, as text."""
    pages = {name: sys.modules[f"dashboard.pages.{name}"] for name in ("overview", "people", "school")}
    ready = {"wave": str(wave), "relation": "all", "hide": False}
    out = []
    with signed_in(app, user):
        out.append(str(pages["overview"].render(ready)))
    with signed_in(app, user):
        out.append(str(pages["people"].table(ready, None, None, None, None, None, None, 0, [])))
        options = pages["school"].choose(ready, None)[0]
        for school in (o["value"] for o in options):
            out.append(str(pages["school"].render(ready, school, "team", None)))
        out.append(app.server.extensions[SERVICE_KEY].report_html(
            Scope("district", district=DISTRICT), wave) if options else "")
    return "\n".join(out)


def cached_text(service: DataService) -> bytes:
    """Everything the service holds, in memory and on disk, as bytes to search."""
    blobs = []
    for cache in (service._analyses, service._views, service._derived, service._layouts, service._reports):
        blobs += [repr(k).encode() for k in cache._items] + [_bytes(v) for v in cache._items.values()]
    disk = service._disk
    blobs += [repr(k).encode() + _bytes(disk.get(k)) for k in disk.iterkeys()]
    return b"\n".join(blobs)


def _bytes(value) -> bytes:
    try:
        return pickle.dumps(value)
    except Exception:          # a Dash component that does not pickle: its repr holds its text
        return repr(value).encode()


def tmp_cache_mode(service) -> int:
    from pathlib import Path

    return Path(service._disk.directory).parent.stat().st_mode   # DATA_DIR/cache


def someone_named(store, wave):
    """A person colleagues name (so they appear on others' cards and in the ties too)."""
    data = store.load_wave(wave, ADMIN)
    named = data.nominations["nominee_id"].astype(str).value_counts()
    staff_id = named.index[0]
    name = data.roster.set_index(data.roster["staff_id"].astype(str)).loc[staff_id, "name"]
    return staff_id, name


@pytest.mark.parametrize("removal", ["erase", "purge", "delete"])
def test_a_removal_leaves_no_trace_in_the_caches_or_the_next_response(setup, removal):
    store, app, lead, waves = setup
    service = app.server.extensions[SERVICE_KEY]
    staff_id, name = someone_named(store, waves[-1])
    before = responses(app, lead, waves[-1])
    assert name in before and name.encode() in cached_text(service) and len(service._disk) > 1

    if removal == "erase":
        store.erase_person(staff_id, district=DISTRICT, scope=Scope("district", district=DISTRICT))
    elif removal == "purge":
        assert store.purge_expired(now=utcnow() + timedelta(days=store.retention_days + 1)) == len(waves)
    else:
        for wave in waves:
            store.delete_wave(wave, Scope("district", district=DISTRICT))

    after = responses(app, lead, waves[-1])
    assert tmp_cache_mode(service) & 0o077 == 0          # the cache folder is the server account's only
    assert name not in after
    held = cached_text(service)
    assert name.encode() not in held and f"'{staff_id}'".encode() not in held
    if removal == "erase":                    # the rest of the wave is still there, recomputed
        assert "of 59 people" in after or "59 of 59" in after


def test_another_worker_sharing_the_disk_cache_drops_what_it_held(setup, tmp_path):
    store, app, lead, waves = setup
    service = app.server.extensions[SERVICE_KEY]
    other = DataService(store, secret_key="test-secret", cache_dir=tmp_path / "data" / "cache" / "analyses")
    district = Scope("district", district=DISTRICT)
    staff_id, name = someone_named(store, waves[-1])
    other.view(district, waves[-1])               # the other worker holds the wave in its memory
    responses(app, lead, waves[-1])
    store.erase_person(staff_id, district=DISTRICT, scope=district)
    service.check_removals()                      # this worker looks first and clears the shared disk
    assert name.encode() not in cached_text(service)
    assert name.encode() in b"".join(_bytes(v) for v in other._analyses._items.values())
    assert name not in other.view(district, waves[-1]).people["name"].tolist()   # its next look drops it
    assert name.encode() not in cached_text(other)
