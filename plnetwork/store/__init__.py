"""Storage: raw uploads, survey waves, cached results, accounts and an audit log, with access enforced.

SQLite in the data directory by default (WAL mode), PostgreSQL when ``PLNETWORK_DATABASE_URL`` is set;
the schema is migrated with Alembic when a store is opened. Every read and write takes a :class:`Scope`
and is checked here, in the data layer, whatever interface is in front (see :mod:`.access`).

>>> from plnetwork.store import Store, Scope, AccessDenied
>>> Scope("school", district="Maple USD", school="Oak").role
'school'
"""

from .access import AccessDenied, Scope
from .accounts import User
from .core import AuditRecord, Store, UploadInfo, WaveInfo, WavePurged

__all__ = ["Store", "Scope", "AccessDenied", "WaveInfo", "UploadInfo", "AuditRecord", "WavePurged", "User"]
