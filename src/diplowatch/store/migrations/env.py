"""Alembic's environment for the store: migrations run on the connection the store hands over
(``config.attributes["connection"]``), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic import context

from diplowatch.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
