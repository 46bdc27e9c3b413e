"""Database fixtures for store/ingest/export tests: every test runs on SQLite AND PostgreSQL.

The PostgreSQL variant uses ``ARMSWATCH_TEST_PG_URL`` (CI exports it); it is skipped, saying so,
only when that variable is unset. Each test session creates its own uniquely named database on
the server (so parallel sessions and other stages' tests never collide) and drops it at the end;
each test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from armswatch.store import Store

PG_ENV = "ARMSWATCH_TEST_PG_URL"
SKIP_PG = f"PostgreSQL variant skipped: set {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"


def _admin_engine(base: str):  # type: ignore[no-untyped-def]
    return create_engine(base, isolation_level="AUTOCOMMIT")


def create_pg_database(base: str, prefix: str = "aw_t") -> str:
    """Create a fresh, uniquely named database next to ``base``; return its URL."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    eng = _admin_engine(base)
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(base: str, url: str) -> None:
    """Drop a database made by :func:`create_pg_database` (closing other sessions on it)."""
    name = make_url(url).database
    eng = _admin_engine(base)
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """One migrated PostgreSQL database for the whole session."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(SKIP_PG)
    url = create_pg_database(base)
    Store.open(url).close()  # migrate once
    try:
        yield url
    finally:
        drop_pg_database(base, url)


def _truncate_pg(url: str) -> None:
    eng = create_engine(url)
    names = [n for n in inspect(eng).get_table_names() if n != "alembic_version"]
    if names:
        with eng.begin() as conn:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))
    eng.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL with the schema migrated and no rows: SQLite file or PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = request.getfixturevalue("pg_session_url")
    _truncate_pg(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(SKIP_PG)
    url = create_pg_database(base, "aw_fresh")
    try:
        yield url
    finally:
        drop_pg_database(base, url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open :class:`Store` on ``db_url``."""
    s = Store.open(db_url)
    try:
        yield s
    finally:
        s.close()
