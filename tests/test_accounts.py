"""Accounts: argon2id hashes, roles, login rate limiting, and the ``plnetwork users`` commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from plnetwork.cli import cli
from plnetwork.store import Scope
from plnetwork.store.schema import utcnow
from plnetwork.store.testing import open_test_store

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)   # same algorithm, quicker tests


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    store = open_test_store(request.param, tmp_path / "data")
    store.users.hasher = FAST
    yield store
    store.close()


@pytest.fixture
def users(store):
    return store.users


def test_the_right_password_signs_in_and_nothing_else_does(users):
    user = users.add_user("Lead@Maple.org ", PASSWORD, "district", district="Maple")
    assert user.email == "lead@maple.org" and user.role == "district"
    signed_in = users.authenticate("LEAD@maple.org", PASSWORD)
    assert signed_in.id == user.id and signed_in.last_login_at is not None
    assert users.authenticate("lead@maple.org", PASSWORD + "!") is None
    assert users.authenticate("nobody@maple.org", PASSWORD) is None
    assert users.authenticate("lead@maple.org", "") is None


def test_passwords_are_stored_only_as_argon2id_hashes(store, users):
    users.hasher = PasswordHasher()                       # the library's default parameters
    users.add_user("a@maple.org", PASSWORD, "researcher")
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2id$") and "m=65536" in stored
    with store.engine.connect() as connection:
        every_text = " ".join(str(v) for row in connection.exec_driver_sql("SELECT * FROM users") for v in row)
        every_text += " ".join(str(v) for row in connection.exec_driver_sql("SELECT * FROM audit_log") for v in row)
    assert PASSWORD not in every_text


def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(store, users):
    users.add_user("a@maple.org", PASSWORD, "researcher")
    users.hasher = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    assert users.authenticate("a@maple.org", PASSWORD)
    with store.engine.connect() as connection:
        assert "m=2048" in connection.exec_driver_sql("SELECT password_hash FROM users").scalar()


@pytest.mark.parametrize("role, district, school, problem", [
    ("teacher", None, None, "role"), ("district", None, None, "district"), ("school", "Maple", None, "school"),
    ("researcher", None, "Oak", "school"), ("admin", None, "Oak", "school")])
def test_an_account_must_fit_its_role(users, role, district, school, problem):
    with pytest.raises(ValueError, match=problem):
        users.add_user("x@maple.org", PASSWORD, role, district=district, school=school)


def test_an_address_is_used_once_and_passwords_are_long(users):
    users.add_user("x@maple.org", PASSWORD, "admin")
    with pytest.raises(ValueError, match="exists"):
        users.add_user("X@maple.org", PASSWORD, "admin")
    with pytest.raises(ValueError, match="at least"):
        users.add_user("y@maple.org", "short", "admin")
    with pytest.raises(ValueError, match="email"):
        users.add_user("not-an-address", PASSWORD, "admin")


def test_each_role_gets_its_scope(users):
    school = users.add_user("s@oak.org", PASSWORD, "school", district="Maple", school="Oak")
    assert school.scope() == Scope("school", district="Maple", school="Oak", user_id=school.id)
    researcher = users.add_user("r@uni.edu", PASSWORD, "researcher")
    assert researcher.scope().hide_names and not researcher.is_admin
    admin = users.add_user("a@maple.org", PASSWORD, "admin")
    assert admin.is_admin and admin.scope().role == "admin"
    assert admin.get_id() == str(admin.id) and admin.is_authenticated and not admin.is_anonymous


def test_accounts_are_listed_found_and_removed(store, users):
    first = users.add_user("b@maple.org", PASSWORD, "district", district="Maple")
    users.add_user("a@maple.org", PASSWORD, "admin")
    assert [u.email for u in users.list_users()] == ["a@maple.org", "b@maple.org"]
    assert users.get_user(first.id) == first and users.get_user(str(first.id)) == first
    assert users.get_user("nonsense") is None and users.get_user(9999) is None
    assert users.get_user_by_email("B@maple.org") == first
    assert users.remove_user("b@maple.org") and not users.remove_user("b@maple.org")
    assert users.authenticate("b@maple.org", PASSWORD) is None
    actions = [e.action for e in store.audit_log(Scope("admin"))]
    assert actions[:3] == ["user_removed", "user_added", "user_added"]


def test_too_many_failures_lock_the_address_for_a_while(users):
    users.add_user("a@maple.org", PASSWORD, "admin")
    now = utcnow()
    for attempt in range(users.max_failures):
        assert not users.is_locked("a@maple.org", now=now)
        assert users.authenticate("a@maple.org", f"guess {attempt}", now=now) is None
    assert users.is_locked("a@maple.org", now=now)
    assert users.authenticate("a@maple.org", PASSWORD, now=now + timedelta(minutes=1)) is None   # even right
    later = now + users.lockout + timedelta(seconds=1)
    assert not users.is_locked("a@maple.org", now=later)
    assert users.authenticate("a@maple.org", PASSWORD, now=later) is not None


def test_failures_spread_beyond_the_window_do_not_lock(users):
    users.add_user("a@maple.org", PASSWORD, "admin")
    start = utcnow()
    for attempt in range(users.max_failures * 2):
        users.authenticate("a@maple.org", "wrong", now=start + attempt * (users.window / 2))
    assert users.authenticate("a@maple.org", PASSWORD, now=start + users.max_failures * users.window) is not None


def test_an_unknown_address_locks_like_a_known_one(users):
    now = utcnow()
    for _ in range(users.max_failures):
        users.authenticate("ghost@maple.org", "guess", now=now)
    assert users.is_locked("ghost@maple.org", now=now)


def test_a_successful_sign_in_clears_the_failures(users):
    users.add_user("a@maple.org", PASSWORD, "admin")
    now = utcnow()
    for _ in range(users.max_failures - 1):
        users.authenticate("a@maple.org", "wrong", now=now)
    assert users.authenticate("a@maple.org", PASSWORD, now=now)
    for _ in range(users.max_failures - 1):
        users.authenticate("a@maple.org", "wrong", now=now)
    assert not users.is_locked("a@maple.org", now=now)


# --- plnetwork users ---------------------------------------------------------------------------------

def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_the_first_administrator_is_added_from_the_command_line(tmp_path, monkeypatch):
    monkeypatch.delenv("PLNETWORK_DATABASE_URL", raising=False)
    data = str(tmp_path / "data")
    added = run("users", "add", "Head@Maple.org", "--admin", "--password-stdin", "--data-dir", data,
                input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "head@maple.org" in added.output and PASSWORD not in added.output
    prompted = run("users", "add", "lead@maple.org", "--role", "school", "--district", "Maple", "--school", "Oak",
                   "--data-dir", data, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    listed = run("users", "list", "--data-dir", data)
    assert "head@maple.org" in listed.output and "school of Maple / Oak" in listed.output
    from plnetwork.store import Store

    store = Store(None, data)
    assert store.users.authenticate("head@maple.org", PASSWORD).is_admin
    store.close()
    assert run("users", "remove", "lead@maple.org", "--data-dir", data).exit_code == 0
    assert "lead@maple.org" not in run("users", "list", "--data-dir", data).output


@pytest.mark.parametrize("args, message", [
    (["--role", "school", "--district", "Maple"], "school"),
    ([], "--role"), (["--admin", "--role", "district"], "--role"),
])
def test_a_bad_account_is_refused_with_one_line(tmp_path, monkeypatch, args, message):
    monkeypatch.delenv("PLNETWORK_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["users", "add", "x@maple.org", *args, "--password-stdin",
                                      "--data-dir", str(tmp_path)], input=PASSWORD + "\n")
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    removed = CliRunner().invoke(cli, ["users", "remove", "nobody@maple.org", "--data-dir", str(tmp_path)])
    assert removed.exit_code == 1 and "no account" in removed.output
