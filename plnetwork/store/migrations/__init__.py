"""Alembic migrations of the store, run programmatically by :func:`plnetwork.store.migrate.upgrade`."""
