"""The :class:`Store`: every read and write of stored data, each checked against a :class:`Scope`."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, exists, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..anonymize import KEY_ENV
from . import erasure, retention
from .access import AccessDenied, Scope, WaveView, check_district, check_write, read_view, wave_filter
from .accounts import Accounts
from .engine import DATABASE_URL_ENV, default_url, make_engine, upgrade, write_engine
from .rows import (frame_from_json, frame_to_json, fingerprint, records, tables_from_dataset, tables_from_rows,
                   to_dataset, dumps)
from .schema import (WAVE_TABLES, AuditEntry, IssueRow, Nomination, Respondent, Result, RosterRow, Setting,
                     Upload, Wave, WaveUpload, utcnow)
from .views import pseudonymize_people, pseudonymize_tables, slice_people, slice_tables

__all__ = ["Store", "WaveInfo", "UploadInfo", "AuditRecord", "WavePurged"]

_SAVE_ATTEMPTS = 5


class WavePurged(LookupError):
    """The wave's individual-level data was purged at the end of the retention period."""


@dataclass(frozen=True)
class WaveInfo:
    id: int
    district: str
    school: str | None          # None: a district-wide wave
    label: str
    created_at: datetime
    staff: int
    respondents: int
    response_rate: float | None
    version: int = 1
    purged: bool = False
    nominations: int = 0


@dataclass(frozen=True)
class UploadInfo:
    id: str                     # SHA-256 of the bytes
    filename: str
    size: int
    district: str
    school: str | None
    created_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    user_id: int | None
    role: str | None
    district: str | None
    action: str
    detail: str


def _wave_info(wave: Wave) -> WaveInfo:
    return WaveInfo(wave.id, wave.district, wave.school or None, wave.label, wave.created_at, wave.staff,
                    wave.respondents, wave.response_rate, wave.version, wave.purged_at is not None,
                    wave.nominations)


class Store:
    """Uploads, waves, cached results, accounts and the audit log, in SQLite or PostgreSQL.

    ``url`` None: ``$PLNETWORK_DATABASE_URL`` if set, else ``sqlite:///DATA_DIR/plnetwork.sqlite3``. The
    schema is migrated to the newest version on open. ``pseudonym_key`` (bytes) is the key of researcher
    pseudonyms; by default ``$PLNETWORK_PSEUDONYM_KEY``, else a random key kept in the database.
    """

    def __init__(self, url: str | None = None, data_dir="data", *, retention_days: int | None = None,
                 pseudonym_key: bytes | None = None):
        self.data_dir = Path(data_dir)
        self.url = url or os.environ.get(DATABASE_URL_ENV) or default_url(self.data_dir)
        self.retention_days = retention_days or retention.DEFAULT_RETENTION_DAYS
        self.engine = make_engine(self.url)
        self._writer = write_engine(self.engine)
        self._key = pseudonym_key
        upgrade(self.engine)
        self.users = Accounts(self._session)

    @classmethod
    def from_env(cls, data_dir="data", **options) -> "Store":
        """The store ``$PLNETWORK_DATABASE_URL`` names, else the SQLite file in ``data_dir``."""
        return cls(os.environ.get(DATABASE_URL_ENV) or None, data_dir, **options)

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _session(self, write: bool = False):
        with Session(self._writer if write else self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def _insert_ignore(self, session, model, values: dict, keys: list[str]) -> None:
        """INSERT that does nothing when a row with the same ``keys`` exists (a concurrent twin)."""
        dialect = session.get_bind().dialect.name
        if dialect in ("sqlite", "postgresql"):
            module = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
            session.execute(module.insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))
            return
        try:
            with session.begin_nested():
                session.execute(insert(model).values(**values))
        except IntegrityError:
            pass

    def _caller(self, scope: Scope | None, user_id) -> Scope | None:
        if scope is not None or user_id is None:
            return scope
        user = self.users.get_user(user_id)
        if user is None:
            raise AccessDenied("unknown account")
        return user.scope()

    def _wave(self, session, wave_id) -> Wave:
        text = str(wave_id).strip()
        wave = session.get(Wave, int(text)) if text.isdigit() and int(text) < 2**31 else None
        if wave is None:
            raise AccessDenied("this wave is not in your scope (or does not exist)")
        return wave

    # --- uploads -------------------------------------------------------------------------------------

    def put_upload(self, data: bytes, filename: str, *, district: str, school: str | None = None,
                   user_id: int | None = None, scope: Scope | None = None) -> str:
        """Keep the raw bytes (before any parsing); returns their SHA-256. The same bytes again: no change.

        The write is checked against ``scope``, else against the account ``user_id``; with neither, the
        caller is trusted (the command line).
        """
        data = bytes(data)
        scope = self._caller(scope, user_id)
        if scope is not None:
            check_write(scope, district, school)
        sha = hashlib.sha256(data).hexdigest()
        with self._session(write=True) as session:
            self._insert_ignore(session, Upload, dict(
                sha256=sha, district=district, school=school or "", filename=Path(filename or "upload").name,
                size=len(data), data=data, user_id=user_id if scope is None else scope.user_id,
                created_at=utcnow()), ["district", "sha256"])
        return sha

    def get_upload(self, upload_id: str, scope: Scope, *, district: str | None = None) -> tuple[str, bytes]:
        """``(filename, bytes)`` of an upload of ``district`` (the scope's own by default)."""
        district = district or scope.district
        with self._session() as session:
            upload = session.scalar(select(Upload).where(Upload.district == district, Upload.sha256 == upload_id))
            if upload is None:
                raise AccessDenied("this upload is not in your scope (or does not exist)")
            check_write(scope, upload.district, upload.school)
            return upload.filename, upload.data

    def uploads(self, scope: Scope) -> list[UploadInfo]:
        """The uploads the scope may use (researchers: none)."""
        if scope.role == "researcher":
            return []
        query = select(Upload.sha256, Upload.filename, Upload.size, Upload.district, Upload.school,
                       Upload.created_at).order_by(Upload.created_at, Upload.id)
        if scope.role != "admin":
            query = query.where(Upload.district == scope.district)
        if scope.role == "school":
            query = query.where(Upload.school == scope.school)
        with self._session() as session:
            return [UploadInfo(r.sha256, r.filename, r.size, r.district, r.school or None, r.created_at)
                    for r in session.execute(query)]

    # --- waves ---------------------------------------------------------------------------------------

    def save_wave(self, dataset, *, district: str, school: str | None, label: str, upload_ids, scope: Scope,
                  ) -> int:
        """Store a wave in one transaction; returns its id.

        The same tables and uploads saved again under the same (district, school, label) return the
        existing wave; different content under a label already used becomes its next ``version``.
        """
        school = school or ""
        check_write(scope, district, school)
        if not label:
            raise ValueError("a wave needs a label")
        tables = tables_from_dataset(dataset)
        rows = records(tables)
        upload_ids = sorted(set(upload_ids))
        key = fingerprint(rows, upload_ids)
        for attempt in range(_SAVE_ATTEMPTS):
            try:
                return self._insert_wave(tables, rows, key, district=district, school=school, label=label,
                                         upload_ids=upload_ids, scope=scope)
            except IntegrityError:      # a concurrent save took the version number (PostgreSQL)
                if attempt == _SAVE_ATTEMPTS - 1:
                    raise

    def _insert_wave(self, tables, rows, key, *, district, school, label, upload_ids, scope) -> int:
        same = (Wave.district == district, Wave.school == school, Wave.label == label)
        with self._session(write=True) as session:
            existing = session.scalar(select(Wave.id).where(*same, Wave.fingerprint == key))
            if existing is not None:
                return existing
            uploads = dict(session.execute(select(Upload.sha256, Upload.id).where(
                Upload.district == district, Upload.sha256.in_(upload_ids))).all())
            missing = [u for u in upload_ids if u not in uploads]
            if missing:
                raise ValueError(f"no upload {missing[0]} in {district}: put_upload() it first")
            version = (session.scalar(select(func.max(Wave.version)).where(*same)) or 0) + 1
            staff = len(rows[RosterRow])
            on_roster = {r["staff_id"] for r in rows[RosterRow]}
            answered = len({r["staff_id"] for r in rows[Respondent]} & on_roster)
            wave = Wave(district=district, school=school, label=label, version=version, fingerprint=key,
                        created_at=utcnow(), user_id=scope.user_id, staff=staff,
                        respondents=len(rows[Respondent]), nominations=len(rows[Nomination]),
                        issues=len(rows[IssueRow]), response_rate=answered / staff if staff else None,
                        platform=tables.platform, files=dumps(tables.files), mapping=dumps(tables.mapping),
                        complete_respondents=bool(tables.complete_respondents),
                        roster_columns=dumps([str(c) for c in tables.roster.columns]),
                        issues_dropped=dumps(tables.issues_dropped))
            session.add(wave)
            session.flush()
            for model, model_rows in rows.items():
                if model_rows:
                    session.execute(insert(model), [dict(r, wave_id=wave.id) for r in model_rows])
            if uploads:
                session.execute(insert(WaveUpload), [{"wave_id": wave.id, "upload_id": i} for i in uploads.values()])
            self._audit(session, scope, "wave_saved", f"wave {wave.id} ({label!r} v{version}, school "
                        f"{school or '(district-wide)'!r}, {staff} staff)", district)
            return wave.id

    def waves(self, scope: Scope, *, latest: bool = False) -> list[WaveInfo]:
        """The waves the scope may see, oldest first (``latest``: only each label's newest version)."""
        with self._session() as session:
            found = session.scalars(select(Wave).where(wave_filter(scope, Wave))
                                    .order_by(Wave.created_at, Wave.id)).all()
        infos = [_wave_info(w) for w in found]
        if latest:
            newest = {}
            for info in infos:
                key = (info.district, info.school, info.label)
                if key not in newest or info.version > newest[key].version:
                    newest[key] = info
            infos = [i for i in infos if newest[(i.district, i.school, i.label)] is i]
        return infos

    def wave_info(self, wave_id: int, scope: Scope) -> WaveInfo:
        with self._session() as session:
            wave = self._wave(session, wave_id)
            read_view(scope, wave.district, wave.school)
            return _wave_info(wave)

    def load_wave(self, wave_id: int, scope: Scope):
        """The wave as a :class:`~plnetwork.dataset.Dataset`, as far as the scope may see it."""
        with self._session() as session:
            wave = self._wave(session, wave_id)
            view = read_view(scope, wave.district, wave.school)
            if wave.purged_at is not None:
                raise WavePurged(f"wave {wave.id}'s individual-level data was purged on "
                                 f"{wave.purged_at:%Y-%m-%d} (retention period); its aggregates remain")
            rows = {model: [dict(r) for r in session.execute(
                        select(model.__table__).where(model.wave_id == wave.id).order_by(model.position)
                    ).mappings()] for model in WAVE_TABLES}
            meta = {"roster_columns": json.loads(wave.roster_columns), "issues_dropped": json.loads(
                wave.issues_dropped), "platform": wave.platform, "files": json.loads(wave.files),
                "mapping": json.loads(wave.mapping), "complete_respondents": wave.complete_respondents}
        tables = self._view(tables_from_rows(rows, meta), view)
        return to_dataset(tables)

    def _view(self, tables, view: WaveView):
        if view.school:
            tables = slice_tables(tables, view.school)
        if view.pseudonymous:
            tables = pseudonymize_tables(tables, self.pseudonym_key())
        return tables

    def delete_wave(self, wave_id: int, scope: Scope) -> None:
        """Delete a wave, everything derived from it, and the uploads no other wave uses."""
        with self._session(write=True) as session:
            wave = self._wave(session, wave_id)
            read_view(scope, wave.district, wave.school)
            check_write(scope, wave.district, wave.school)
            uploads = list(session.scalars(select(WaveUpload.upload_id).where(WaveUpload.wave_id == wave.id)))
            session.execute(delete(Wave).where(Wave.id == wave.id))
            session.execute(delete(Upload).where(Upload.id.in_(uploads), ~exists(
                select(WaveUpload.upload_id).where(WaveUpload.upload_id == Upload.id))))
            self._audit(session, scope, "wave_deleted", f"wave {wave_id} ({wave.label!r})", wave.district)

    # --- cached results ------------------------------------------------------------------------------

    def save_results(self, wave_id: int, people: pd.DataFrame, summary: dict, scope: Scope) -> bool:
        """Cache a wave's analysis. Returns False (nothing stored) when the scope sees only part of the
        wave or sees it pseudonymized: those results must not be served to others."""
        with self._session(write=True) as session:
            wave = self._wave(session, wave_id)
            view = read_view(scope, wave.district, wave.school)
            if view.school or view.pseudonymous:
                return False
            check_write(scope, wave.district, wave.school)
            if wave.purged_at is not None:
                raise WavePurged(f"wave {wave.id} was purged; its results are not cached again")
            session.merge(Result(wave_id=wave.id, created_at=utcnow(), people=frame_to_json(people),
                                 people_columns=dumps([str(c) for c in people.columns]), summary=dumps(summary)))
        return True

    def load_results(self, wave_id: int, scope: Scope):
        """``(people, summary)`` cached for the wave as the scope may see them, or None if not cached.

        After the retention purge ``people`` is empty (its columns kept) and the summary remains.
        """
        with self._session() as session:
            wave = self._wave(session, wave_id)
            view = read_view(scope, wave.district, wave.school)
            result = session.get(Result, wave.id)
            if result is None:
                return None
            people = frame_from_json(result.people, json.loads(result.people_columns))
            summary = json.loads(result.summary)
            roster = pd.DataFrame([dict(r) for r in session.execute(
                select(RosterRow.staff_id, RosterRow.name, RosterRow.email, RosterRow.school)
                .where(RosterRow.wave_id == wave.id)).mappings()],
                columns=["staff_id", "name", "email", "school"])
        if "staff_id" in people:
            people["staff_id"] = people["staff_id"].astype(str)
        if view.school:
            people, summary = slice_people(people, summary, roster, view.school)
        if view.pseudonymous:
            people, summary = pseudonymize_people(people, summary, roster, self.pseudonym_key())
        return people, summary

    # --- privacy -------------------------------------------------------------------------------------

    def erase_person(self, staff_id: str, *, district: str, scope: Scope) -> dict:
        """Right to erasure (see :mod:`plnetwork.store.erasure`); returns counts of what changed."""
        check_district(scope, district)
        with self._session(write=True) as session:
            counts = erasure.erase_person(session, str(staff_id), district)
            self._audit(session, scope, "person_erased", f"one person erased from {counts['waves']} waves "
                        f"({counts['rows']} rows, {counts['texts']} texts, {counts['uploads']} uploads)", district)
        return counts

    def purge_expired(self, now: datetime | None = None) -> int:
        """Purge individual-level data older than ``retention_days``; returns the number of waves purged."""
        with self._session(write=True) as session:
            return retention.purge_expired(session, retention_days=self.retention_days, now=now)

    def pseudonym_key(self) -> bytes:
        """The key of pseudonyms: given, ``$PLNETWORK_PSEUDONYM_KEY``, or the store's own (made once)."""
        if self._key:
            return self._key
        env = os.environ.get(KEY_ENV, "").strip()
        if env:
            return env.encode("utf-8")
        with self._session() as session:
            value = session.scalar(select(Setting.value).where(Setting.key == "pseudonym_key"))
        if value is None:
            with self._session(write=True) as session:
                self._insert_ignore(session, Setting, {"key": "pseudonym_key", "value": secrets.token_hex(32)},
                                    ["key"])
            with self._session() as session:
                value = session.scalar(select(Setting.value).where(Setting.key == "pseudonym_key"))
        self._key = value.encode("utf-8")
        return self._key

    # --- audit log -----------------------------------------------------------------------------------

    def audit(self, scope: Scope, action: str, detail: str = "") -> None:
        """Record an action in the audit log (say what was done, never whom the data concerns)."""
        with self._session(write=True) as session:
            self._audit(session, scope, action, detail)

    def _audit(self, session, scope: Scope | None, action: str, detail: str, district: str | None = None):
        session.add(AuditEntry(at=utcnow(), user_id=scope.user_id if scope else None,
                               role=scope.role if scope else None,
                               district=district or (scope.district if scope else None),
                               action=action, detail=detail or ""))

    def audit_log(self, scope: Scope, *, limit: int = 200) -> list[AuditRecord]:
        """The newest entries: all for an administrator, the district's for a district account."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if scope.role != "admin":
            check_district(scope, scope.district)
            query = query.where(AuditEntry.district == scope.district)
        with self._session() as session:
            return [AuditRecord(e.at, e.user_id, e.role, e.district, e.action, e.detail)
                    for e in session.scalars(query)]

