"""Opening the database: the engine (SQLite in WAL mode, or PostgreSQL by URL) and its migrations.

SQLite: every connection sets ``journal_mode=WAL``, ``foreign_keys=ON``, ``synchronous=FULL`` and a busy
timeout, and the store emits its own ``BEGIN`` (pysqlite's implicit transactions would not cover DDL):
``BEGIN IMMEDIATE`` for writes, so two writers queue on the busy timeout instead of failing when a read
snapshot would have to be upgraded. Migrations run under the same write lock (an advisory lock on
PostgreSQL), so processes opening a new database at once migrate it once.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

__all__ = ["DATABASE_URL_ENV", "BUSY_TIMEOUT_MS", "default_url", "make_engine", "write_engine", "upgrade",
           "head_revision"]

DATABASE_URL_ENV = "PLNETWORK_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
DB_FILENAME = "plnetwork.sqlite3"
_MIGRATIONS = Path(__file__).parent / "migrations"
_WRITE = "plnetwork_write"
_PG_MIGRATION_LOCK = 0x706C6E6574   # any constant shared by every process of this application


def default_url(data_dir) -> str:
    """``sqlite:///DATA_DIR/plnetwork.sqlite3``; the folder and the file are created private (0700/0600)."""
    folder = Path(data_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / DB_FILENAME
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return f"sqlite:///{path.resolve()}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``, set up as described in the module docstring."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine, marked so that its transactions take SQLite's write lock when they begin."""
    return engine.execution_options(**{_WRITE: True})


def _sqlite_connect(dbapi_connection, _record):
    dbapi_connection.isolation_level = None        # no implicit BEGIN/COMMIT from pysqlite: ours only
    cursor = dbapi_connection.cursor()
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "foreign_keys = ON",
                   "synchronous = FULL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection):
    immediate = connection.get_execution_options().get(_WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (a no-op when it is there already)."""
    head = head_revision()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    config = _alembic_config()
    with write_engine(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
