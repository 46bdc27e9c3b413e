"""Alembic migrations, run programmatically from the scripts shipped inside the package.

Revision ids are fixed strings so stages can chain: ``0001_base`` (store), ``0002_stories``,
``0003_alerts``. ``upgrade(url)`` brings a database to the newest revision; :class:`Store` calls
it on first use of a fresh database.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_LOCK = threading.Lock()
"""Alembic keeps its running context in module globals: one migration at a time per process."""


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the package's migrations, bound to ``engine``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revisions(engine: Engine) -> tuple[str, ...]:
    """The newest revision(s) the shipped scripts define."""
    return tuple(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revision(s) the database is at (empty for a fresh database)."""
    with engine.connect() as conn:
        return tuple(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply every migration up to ``revision`` (default: all heads)."""
    with _LOCK:
        command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` (``base`` removes every table)."""
    with _LOCK:
        command.downgrade(alembic_config(engine), revision)
