"""Alembic environment: uses the engine handed over in ``config.attributes['engine']``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from armswatch.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
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
