"""Schema migrations (Alembic) for SQLite and PostgreSQL: every store is brought to the latest
revision when it is opened. A store made before migrations existed (tables, no version) is
taken as the first revision and upgraded from there.

A store already at the latest revision (``HEAD``) is opened without importing Alembic (half a
second of every command that reads a store); a test checks that ``HEAD`` is Alembic's head. An
empty database is given the latest schema at once (``create_fresh``: the tables as
``schema.metadata`` describes them, search, and the revision), without Alembic either; a test
checks that this is the schema the migrations build."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from diplowatch.store import schema

if TYPE_CHECKING:
    from alembic.config import Config

BASELINE = "0001"
# The latest revision, the last file of ``migrations/versions``.
HEAD = "0006"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the store's migrations (no ini file: they ship inside the
    package); with a connection, the one its commands run on (``migrations/env.py``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("diplowatch.store").joinpath("migrations"))
    )
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The latest revision of the migrations Alembic finds in the package."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The store's revision; None for an empty database or one made before migrations."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    revisions = list(found)
    return revisions[0] if len(revisions) == 1 else None


def migrate(engine: Engine) -> None:
    """Bring the store's schema to the latest revision, in one transaction."""
    head = HEAD
    with engine.connect() as connection:
        if current_revision(connection) == head:
            return
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to change a column; with foreign keys on, dropping the old
            # copy would delete the rows that refer to it. Only possible outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                _upgrade(connection, head)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _upgrade(connection: Connection, head: str) -> None:
    if connection.dialect.name == "postgresql":
        # One migrating process at a time; the others wait, then find nothing to do.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(7351)"))
    revision = current_revision(connection)
    if revision == head:
        return
    if not sa.inspect(connection).get_table_names():
        create_fresh(connection)
        return
    from alembic import command

    config = alembic_config(connection)
    if revision is None and sa.inspect(connection).has_table("pages"):
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")


def create_fresh(connection: Connection) -> None:
    """Give an empty database the latest schema: the tables, full-text search, and the
    revision stamped as Alembic stamps it."""
    schema.metadata.create_all(connection)
    for statement in schema.SEARCH_DDL.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)
    version = sa.Table(
        "alembic_version",
        sa.MetaData(),
        sa.Column("version_num", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )
    version.create(connection)
    connection.execute(sa.insert(version).values(version_num=HEAD))
