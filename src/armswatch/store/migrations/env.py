"""Alembic environment: uses the engine handed over in ``config.attributes['engine']``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from armswatch.store.schema import metadata

#: Key of the PostgreSQL advisory lock that serialises concurrent migrations.
PG_MIGRATION_LOCK = 4_242_001


def _run(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # take the write lock before reading the current revision: concurrent upgraders queue
        connection = connection.execution_options(sqlite_begin="IMMEDIATE")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})"))
        context.run_migrations()


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        from armswatch.store.engine import make_engine

        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///armswatch.db")
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("armswatch migrations run online only (armswatch db upgrade)")
run_migrations_online()
