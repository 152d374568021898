"""Right to erasure: remove one person of a district from everything stored.

The person's rows go (roster, respondents, nominations at either end, unresolved answers they gave);
their id, name, email and the words others typed for them are replaced by ``[erased]`` wherever text
remains (issues, unresolved answers, question texts, other people's attributes, cached summaries, the
audit log); cached results of the waves they were in are dropped (recomputed from what remains); the
raw uploads of those waves, and any other upload of the district that mentions them, are deleted —
a spreadsheet cannot be reliably edited in place, and the parsed wave no longer needs it. The store's
audit entry records that an erasure happened, not whom it concerned.
"""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import delete, func, or_, select, update

from .privacy import Redactor
from .rows import dumps
from .schema import (AuditEntry, IssueRow, Nomination, Respondent, Result, RosterRow, Unresolved, Upload,
                     Wave, WaveUpload)

__all__ = ["ERASED", "erase_person"]

ERASED = "[erased]"
_MAX_MEMBER = 64 * 1024 * 1024


def erase_person(session, staff_id: str, district: str) -> dict:
    """Erase ``staff_id`` from ``district``'s data; returns counts of what changed (no identities)."""
    wave_ids = list(session.scalars(select(Wave.id).where(Wave.district == district)))
    person = session.execute(select(RosterRow.name, RosterRow.email).where(
        RosterRow.wave_id.in_(wave_ids), RosterRow.staff_id == staff_id)).all()
    words = {w for row in person for w in row if w}
    words.update(a for a in session.scalars(select(Nomination.answer).where(
        Nomination.wave_id.in_(wave_ids), Nomination.nominee_id == staff_id)) if a)
    for answer, suggestions in session.execute(select(Unresolved.answer, Unresolved.suggestions).where(
            Unresolved.wave_id.in_(wave_ids))):
        if answer and staff_id in (suggestions or "").split(";"):
            words.add(answer)
    redact = Redactor(ids={staff_id: ERASED}, words=words, removed=ERASED)
    affected = _affected_waves(session, wave_ids, staff_id)
    counts = {"waves": len(affected), "rows": _delete_rows(session, wave_ids, staff_id)}
    counts["texts"] = _redact_texts(session, wave_ids, staff_id, redact)
    session.execute(delete(Result).where(Result.wave_id.in_(affected)))
    _recount(session, affected)
    counts["uploads"] = _delete_uploads(session, district, affected, redact, staff_id, words)
    for entry in session.scalars(select(AuditEntry)):
        detail = redact.text(entry.detail)
        if detail != entry.detail:
            entry.detail = detail
    return counts


def _affected_waves(session, wave_ids, staff_id) -> list[int]:
    found = set()
    for model, columns in ((RosterRow, [RosterRow.staff_id]), (Respondent, [Respondent.staff_id]),
                           (Nomination, [Nomination.respondent_id, Nomination.nominee_id]),
                           (Unresolved, [Unresolved.respondent_id])):
        found.update(session.scalars(select(model.wave_id).distinct().where(
            model.wave_id.in_(wave_ids), or_(*(c == staff_id for c in columns)))))
    return sorted(found)


def _delete_rows(session, wave_ids, staff_id) -> int:
    deleted = 0
    for model, condition in (
            (RosterRow, RosterRow.staff_id == staff_id), (Respondent, Respondent.staff_id == staff_id),
            (Nomination, or_(Nomination.respondent_id == staff_id, Nomination.nominee_id == staff_id)),
            (Unresolved, Unresolved.respondent_id == staff_id)):
        deleted += session.execute(delete(model).where(model.wave_id.in_(wave_ids), condition)).rowcount
    return deleted


def _redact_texts(session, wave_ids, staff_id, redact: Redactor) -> int:
    """Redact every remaining text of the district's waves; returns how many values changed."""
    def suggestions(text):
        return ";".join(i for i in text.split(";") if i != staff_id) if isinstance(text, str) else text

    def deep_json(text):
        return dumps(redact.deep(json.loads(text))) if text else text

    plans = [(RosterRow, {"attributes": deep_json, "role": redact.text, "team": redact.text}),
             (Nomination, {"column": redact.text, "answer": redact.text}),
             (IssueRow, {"message": redact.text, "value": redact.text, "column": redact.text}),
             (Unresolved, {"answer": redact.text, "column": redact.text, "suggestions": suggestions}),
             (Result, {"summary": deep_json, "people": deep_json}),
             (Wave, {"mapping": deep_json, "files": deep_json})]
    changed = 0
    for model, columns in plans:
        key = model.wave_id if hasattr(model, "wave_id") else model.id
        for row in session.scalars(select(model).where(key.in_(wave_ids))):
            for column, change in columns.items():
                before = getattr(row, column)
                after = change(before)
                if after != before:     # stored JSON was written by dumps() too: equal text if unchanged
                    setattr(row, column, after)
                    changed += 1
    session.flush()
    return changed


def _recount(session, wave_ids) -> None:
    for wave_id in wave_ids:
        counts = {name: session.scalar(select(func.count()).select_from(model).where(model.wave_id == wave_id))
                  for name, model in (("staff", RosterRow), ("respondents", Respondent),
                                      ("nominations", Nomination), ("issues", IssueRow))}
        answered = session.scalar(select(func.count(func.distinct(Respondent.staff_id))).where(
            Respondent.wave_id == wave_id, Respondent.staff_id.in_(
                select(RosterRow.staff_id).where(RosterRow.wave_id == wave_id))))
        rate = answered / counts["staff"] if counts["staff"] else None
        session.execute(update(Wave).where(Wave.id == wave_id).values(response_rate=rate, **counts))


def _delete_uploads(session, district, affected, redact, staff_id, words) -> int:
    linked = set(session.scalars(select(WaveUpload.upload_id).where(WaveUpload.wave_id.in_(affected))))
    needles = [w.lower() for w in words if len(w) > 2] + ([staff_id.lower()] if len(staff_id) >= 4 else [])
    for upload_id, data in session.execute(select(Upload.id, Upload.data).where(
            Upload.district == district, Upload.id.not_in(linked))):
        if needles and _mentions(data, needles):
            linked.add(upload_id)
    session.execute(delete(WaveUpload).where(WaveUpload.upload_id.in_(linked)))
    session.execute(delete(Upload).where(Upload.id.in_(linked)))
    for upload in session.scalars(select(Upload).where(Upload.district == district)):
        upload.filename = redact.text(upload.filename)
    return len(linked)


def _texts(data: bytes):
    """The text of a file as far as it can be read: decoded, or each member of a zip (xlsx)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if info.file_size <= _MAX_MEMBER:
                        yield archive.read(info).decode("utf-8", "ignore")
            return
        except zipfile.BadZipFile:
            pass
    for encoding in ("utf-8", "utf-16", "cp1252"):
        yield data.decode(encoding, "ignore")


def _mentions(data: bytes, needles) -> bool:
    return any(needle in text.lower() for text in _texts(data) for needle in needles)
