"""Retention: individual-level data older than the retention period is purged; aggregates stay.

A wave is *expired* when it was saved more than ``retention_days`` ago. Purging it deletes its roster,
nominations, respondents, issues and unresolved answers, the people table of its cached results (who is
isolated, who leads) and the raw uploads no other wave still uses; names and ids left in the cached
summary are replaced by ``[purged]``. The wave row stays with its counts (staff, respondents, response
rate) and the summary's aggregates, so trends over years remain, and ``waves()`` marks it ``purged``.
Uploads never used by a wave expire the same way.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select

from .privacy import Redactor
from .rows import dumps
from .schema import WAVE_TABLES, AuditEntry, Result, RosterRow, Upload, Wave, WaveUpload, utcnow

__all__ = ["DEFAULT_RETENTION_DAYS", "PURGED", "purge_expired", "purge_wave"]

DEFAULT_RETENTION_DAYS = 365
PURGED = "[purged]"


def purge_wave(session, wave: Wave, now: datetime) -> None:
    """Delete one wave's individual-level rows, keeping the wave and its aggregates."""
    people = session.execute(select(RosterRow.staff_id, RosterRow.name, RosterRow.email)
                             .where(RosterRow.wave_id == wave.id)).all()
    redact = Redactor(ids=dict.fromkeys((p.staff_id for p in people), PURGED),
                      words=[w for p in people for w in (p.name, p.email) if w], removed=PURGED)
    result = session.get(Result, wave.id)
    if result is not None:
        result.people = None
        result.summary = dumps(redact.deep(json.loads(result.summary or "{}")))
    for model in WAVE_TABLES:
        session.execute(delete(model).where(model.wave_id == wave.id))
    session.execute(delete(WaveUpload).where(WaveUpload.wave_id == wave.id))
    wave.mapping = "{}"
    wave.purged_at = now


def purge_expired(session, *, retention_days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None) -> int:
    """Purge every expired wave and unused upload; returns the number of waves purged."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    waves = session.scalars(select(Wave).where(Wave.created_at < cutoff, Wave.purged_at.is_(None))).all()
    for wave in waves:
        purge_wave(session, wave, now)
    unused = ~exists(select(WaveUpload.upload_id).where(WaveUpload.upload_id == Upload.id))
    uploads = session.execute(delete(Upload).where(Upload.created_at < cutoff, unused)).rowcount
    if waves or uploads:
        session.add(AuditEntry(at=now, action="retention_purge",
                               detail=f"purged {len(waves)} waves and {uploads} uploads older than "
                                      f"{retention_days} days"))
    return len(waves)
