"""The stored tables, as SQLAlchemy 2.0 declarative models (Alembic's migrations create them).

A wave belongs to a district and, optionally, one school (``school = ""`` is a district-wide wave).
Every row derived from a wave (roster, nominations, respondents, issues, unresolved answers, cached
results, links to uploads) references it with ``ON DELETE CASCADE``. Raw uploads are kept as blobs,
content-addressed by SHA-256 within a district.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "UTCDateTime", "Upload", "Wave", "WaveUpload", "RosterRow", "Nomination", "Respondent",
           "IssueRow", "Unresolved", "Result", "User", "LoginFailure", "AuditEntry", "Setting",
           "WAVE_TABLES", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite has no time zones: stored naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored must be timezone-aware")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None else None


class Base(DeclarativeBase):
    pass


def _wave_fk():
    return mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), nullable=False, index=True)


class Upload(Base):
    """The raw bytes of an uploaded file, stored before they are parsed."""

    __tablename__ = "uploads"
    __table_args__ = (UniqueConstraint("district", "sha256", name="uq_uploads_district_sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(200))
    school: Mapped[str] = mapped_column(String(200), default="")
    filename: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Wave(Base):
    """One survey wave of a district or school; ``version`` grows when a label is saved with new content."""

    __tablename__ = "waves"
    __table_args__ = (
        UniqueConstraint("district", "school", "label", "version", name="uq_waves_version"),
        UniqueConstraint("district", "school", "label", "fingerprint", name="uq_waves_fingerprint"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    district: Mapped[str] = mapped_column(String(200), index=True)
    school: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    staff: Mapped[int] = mapped_column(Integer)
    respondents: Mapped[int] = mapped_column(Integer)
    nominations: Mapped[int] = mapped_column(Integer)
    issues: Mapped[int] = mapped_column(Integer)
    response_rate: Mapped[float | None] = mapped_column(Float)
    platform: Mapped[str | None] = mapped_column(String(200))
    files: Mapped[str] = mapped_column(Text, default="[]")            # JSON list
    mapping: Mapped[str] = mapped_column(Text, default="{}")          # JSON: question -> relation
    complete_respondents: Mapped[bool] = mapped_column(Boolean, default=True)
    roster_columns: Mapped[str] = mapped_column(Text, default="[]")   # JSON: the roster's column order
    issues_dropped: Mapped[str] = mapped_column(Text, default="{}")   # JSON: code -> count beyond the cap
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WaveUpload(Base):
    __tablename__ = "wave_uploads"
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class RosterRow(Base):
    __tablename__ = "roster"
    __table_args__ = (Index("ix_roster_staff_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = _wave_fk()
    position: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    school: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(20))
    formal_leader: Mapped[bool | None] = mapped_column(Boolean)
    team: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[str] = mapped_column(Text, default="{}")      # JSON: the roster's other columns


class Nomination(Base):
    __tablename__ = "nominations"
    __table_args__ = (Index("ix_nominations_respondent_id", "respondent_id"),
                      Index("ix_nominations_nominee_id", "nominee_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = _wave_fk()
    position: Mapped[int] = mapped_column(Integer)
    respondent_id: Mapped[str] = mapped_column(String(200))
    nominee_id: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100))
    weight: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(50))
    match: Mapped[str | None] = mapped_column(String(50))
    file: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)


class Respondent(Base):
    __tablename__ = "respondents"
    __table_args__ = (Index("ix_respondents_staff_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = _wave_fk()
    position: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(String(200))
    file: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[str | None] = mapped_column(Text)


class IssueRow(Base):
    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = _wave_fk()
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)


class Unresolved(Base):
    """Answers that matched nobody or several people, with suggested staff ids (for review)."""

    __tablename__ = "unresolved"
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = _wave_fk()
    position: Mapped[int] = mapped_column(Integer)
    file: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    respondent_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str | None] = mapped_column(String(50))
    suggestions: Mapped[str | None] = mapped_column(Text)


class Result(Base):
    """Cached analysis of a wave: ``people`` is individual-level (purged), ``summary`` aggregate."""

    __tablename__ = "results"
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    people: Mapped[str | None] = mapped_column(Text)                 # JSON (pandas "split" orient)
    people_columns: Mapped[str] = mapped_column(Text, default="[]")  # JSON: kept when people is purged
    summary: Mapped[str] = mapped_column(Text, default="{}")         # JSON


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(200))
    school: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """Failed logins per (normalized) email, known or not: the bookkeeping of login rate limiting."""

    __tablename__ = "login_failures"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)   # no FK: the log outlives removed accounts
    role: Mapped[str | None] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """Store-wide values, e.g. the key pseudonyms are derived from."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: Tables holding one wave's individual-level rows (each has ``wave_id`` and ``position``).
WAVE_TABLES = (RosterRow, Nomination, Respondent, IssueRow, Unresolved)
