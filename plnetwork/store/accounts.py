"""User accounts: argon2id password hashes, roles, and the bookkeeping of login rate limiting.

After ``max_failures`` failed logins for one email address within ``window``, that address is locked for
``lockout``: even the right password is refused until then. Failures are counted per address whether or
not an account has it, and an unknown address costs a hash verification too, so neither the lockout nor
the timing tells which addresses have accounts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from .access import Scope
from .schema import AuditEntry, LoginFailure, User as UserRow, utcnow

__all__ = ["User", "Accounts", "MIN_PASSWORD_LENGTH"]

MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class User:
    """An account. Also works as a Flask-Login user (``get_id``, ``is_authenticated``...)."""

    id: int
    email: str
    role: str
    district: str | None
    school: str | None
    created_at: datetime
    last_login_at: datetime | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def scope(self, *, hide_names: bool = False) -> Scope:
        """The :class:`Scope` this account reads and writes with."""
        return Scope(self.role, district=self.district, school=self.school, user_id=self.id,
                     hide_names=hide_names)

    # Flask-Login's user interface
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.role, row.district, row.school, row.created_at, row.last_login_at)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


class Accounts:
    """The accounts of a store (``store.users``)."""

    def __init__(self, sessions, *, max_failures: int = 5, window: timedelta = timedelta(minutes=15),
                 lockout: timedelta = timedelta(minutes=15), hasher: PasswordHasher | None = None):
        self._sessions = sessions
        self.max_failures = max_failures
        self.window = window
        self.lockout = lockout
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash = None

    def add_user(self, email: str, password: str, role: str, district: str | None = None,
                 school: str | None = None) -> User:
        """A new account; ``ValueError`` for a taken email, a bad role or a short password."""
        email = normalize_email(email)
        if "@" not in email or len(email) > 320:
            raise ValueError(f"{email!r} is not an email address")
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        Scope(role, district=district or None, school=school or None)   # validates role, district, school
        if role in ("admin", "researcher") and school:
            raise ValueError(f"a {role} account is not bound to a school")
        with self._sessions(write=True) as session:
            if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
                raise ValueError(f"an account for {email} exists already")
            row = UserRow(email=email, password_hash=self.hasher.hash(password), role=role,
                          district=district or None, school=school or None, created_at=utcnow())
            session.add(row)
            session.flush()
            session.add(AuditEntry(at=utcnow(), action="user_added", district=district or None,
                                   detail=f"account {row.id} ({role})"))
            return _user(row)

    def authenticate(self, email: str, password: str, *, now: datetime | None = None) -> User | None:
        """The account when ``password`` is right and the address is not locked; else None."""
        key, now = normalize_email(email), now or utcnow()
        with self._sessions() as session:
            failure = session.get(LoginFailure, key)
            locked = failure is not None and failure.locked_until is not None and failure.locked_until > now
            row = None if locked else session.scalar(select(UserRow).where(UserRow.email == key))
            stored_hash = row.password_hash if row is not None else self._dummy()
        if locked or not self._verify(stored_hash, password) or row is None:
            if not locked:
                self._record_failure(key, now)
            return None
        with self._sessions(write=True) as session:
            session.execute(delete(LoginFailure).where(LoginFailure.email == key))
            fresh = session.get(UserRow, row.id)
            if fresh is None:
                return None
            fresh.last_login_at = now
            if self.hasher.check_needs_rehash(fresh.password_hash):
                fresh.password_hash = self.hasher.hash(password)
            return _user(fresh)

    def is_locked(self, email: str, *, now: datetime | None = None) -> bool:
        """Whether logins for ``email`` are refused for now (for the login page's message)."""
        with self._sessions() as session:
            failure = session.get(LoginFailure, normalize_email(email))
            return bool(failure and failure.locked_until and failure.locked_until > (now or utcnow()))

    def get_user(self, user_id) -> User | None:
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        with self._sessions() as session:
            row = session.get(UserRow, user_id)
            return _user(row) if row is not None else None

    def get_user_by_email(self, email: str) -> User | None:
        with self._sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == normalize_email(email)))
            return _user(row) if row is not None else None

    def list_users(self) -> list[User]:
        with self._sessions() as session:
            return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.email))]

    def remove_user(self, email: str) -> bool:
        """Remove the account; False when there was none."""
        with self._sessions(write=True) as session:
            row = session.scalar(select(UserRow).where(UserRow.email == normalize_email(email)))
            if row is None:
                return False
            session.add(AuditEntry(at=utcnow(), action="user_removed", district=row.district,
                                   detail=f"account {row.id} ({row.role})"))
            session.delete(row)
            return True

    def set_password(self, email: str, password: str) -> None:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        with self._sessions(write=True) as session:
            row = session.scalar(select(UserRow).where(UserRow.email == normalize_email(email)))
            if row is None:
                raise ValueError(f"no account for {email}")
            row.password_hash = self.hasher.hash(password)

    def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(secrets.token_hex(16))
        return self._dummy_hash

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored_hash, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _record_failure(self, key: str, now: datetime) -> None:
        try:
            self._count_failure(key, now)
        except IntegrityError:      # a concurrent first failure of the same address inserted the row
            self._count_failure(key, now)

    def _count_failure(self, key: str, now: datetime) -> None:
        with self._sessions(write=True) as session:
            session.execute(delete(LoginFailure).where(
                LoginFailure.window_start < now - self.window,
                or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < now)))
            failure = session.scalar(select(LoginFailure).where(LoginFailure.email == key).with_for_update())
            if failure is None:
                failure = LoginFailure(email=key, count=0, window_start=now)
                session.add(failure)
            if failure.window_start < now - self.window:
                failure.count, failure.window_start = 0, now
            failure.count += 1
            if failure.count >= self.max_failures:
                failure.locked_until = now + self.lockout
                failure.count, failure.window_start = 0, now
                session.add(AuditEntry(at=now, action="login_locked", detail="an address was locked after "
                                       f"{self.max_failures} failed logins"))
