"""Alembic environment: runs on the connection the store hands over (``config.attributes["connection"]``).

New revisions are written by hand beside ``versions/0001_initial.py`` (copy its header; the package ships
only ``.py`` files), and ``tests/test_store.py`` checks that the migrated schema matches ``schema.py``.
Imported outside a migration (e.g. by pytest's doctest collection), this module does nothing.
"""

from alembic import context

from plnetwork.store.schema import Base


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("the store's migrations run on a connection passed in config.attributes['connection']")
    run_migrations(connection)
