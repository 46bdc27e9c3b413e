"""Databases for the watch tests: a fresh SQLite file, and (when ARMSWATCH_TEST_PG_URL is set) a fresh
PostgreSQL schema per test, so tests never see each other's rows nor other stages' tables."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("ARMSWATCH_TEST_PG_URL")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not PG_URL, reason="ARMSWATCH_TEST_PG_URL is not set: PostgreSQL variant skipped"
            ),
        ],
    ),
]


def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield a URL of an empty database for ``backend``; drop it afterwards (PG schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'watch.db'}"
        return
    assert PG_URL
    schema = "watch_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def open_store(url: str):  # type: ignore[no-untyped-def]
    """Open (and migrate) the store at ``url``."""
    from armswatch.store.repository import Store

    return Store.open(url)
