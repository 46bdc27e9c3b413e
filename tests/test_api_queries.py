"""The API's store queries agree with the store's own claim query, on a real SQLite database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from api_fixtures import fill_store
from armswatch.api.state import VersionedCache
from armswatch.store import api_queries
from armswatch.store.repository import Store
from armswatch.store.rows import ClaimFilter
from store_fixtures import PG_ENV, SKIP_PG, create_pg_database, drop_pg_database

FILTERS = [
    ClaimFilter(),
    ClaimFilter(supplier="PRK"),
    ClaimFilter(supplier="PRK", recipient="RUS"),
    ClaimFilter(recipient="UKR"),
    ClaimFilter(category="uav"),
    ClaimFilter(category="ammunition", status="confirmed"),
    ClaimFilter(status="denied"),
    ClaimFilter(since=date(2023, 10, 1), until=date(2023, 10, 31)),
    ClaimFilter(since=date(2024, 1, 1)),
    ClaimFilter(text="shahed"),
    ClaimFilter(supplier="nobody"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The fixture corpus in a real SQLite file and in a real PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('q') / 'q.db'}"
        base = None
    else:
        base = os.environ.get(PG_ENV)
        if not base:
            pytest.skip(SKIP_PG)
        url = create_pg_database(base, prefix="aw_api")
    fill_store(url)
    st = Store.open(url)
    try:
        yield st
    finally:
        st.close()
        if base:
            drop_pg_database(base, url)


@pytest.mark.parametrize(
    "flt",
    FILTERS,
    ids=lambda f: repr({k: v for k, v in f.__dict__.items() if v} if hasattr(f, "__dict__") else f),
)
def test_count_page_and_pairs_agree_with_query_claims(store: Store, flt: ClaimFilter) -> None:
    every = store.query_claims(flt)
    assert api_queries.count_claims(store.engine, flt) == len(every)
    for limit, offset in ((3, 0), (3, 3), (50, 0), (2, 7)):
        page = replace(flt, limit=limit, offset=offset)
        assert api_queries.page_claims(store, page) == store.query_claims(page)
    pairs = api_queries.pair_stats(store.engine, flt) if not flt.text else []
    if not flt.text:
        assert sum(p.count for p in pairs) == len(every)
        for p in pairs:
            mine = [c for c in every if (c.supplier, c.recipient) == (p.supplier, p.recipient)]
            assert p.count == len(mine)
            assert dict(p.by_status) == {
                s: sum(c.status == s for c in mine) for s in {c.status for c in mine}
            }
            cats = {k for c in mine for k in c.categories}
            assert dict(p.by_category) == {k: sum(k in c.categories for c in mine) for k in cats}
            dated = [c.published for c in mine if c.published]
            assert p.first_published == min(dated) and p.last_published == max(dated)


def test_role_checks_documents_and_stories_queries(store: Store) -> None:
    rows, total = api_queries.list_role_checks(store.engine, correct=False)
    assert total == 2 and {r.document_id for r in rows} == {"doc-shells-1", "doc-xss"}
    docs, n = api_queries.list_documents(store.engine, limit=3)
    assert n == 8 and len(docs) == 3 and docs[0].published == date(2024, 3, 1)
    assert api_queries.get_document_summary(store.engine, "doc-shells-1").claim_count == 1  # type: ignore[union-attr]
    assert api_queries.get_document_summary(store.engine, "nope") is None
    assert len(api_queries.story_ids_of_document(store.engine, "doc-shells-1")) == 1
    assert api_queries.find_document_id(store.engine, canonical_url=None, content_hash="0" * 64) is None


def test_versioned_cache_serves_only_the_current_version(tmp_path: Path) -> None:
    version = [1]
    calls = []
    cache = VersionedCache(lambda: version[0], check_every=0.0)

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1  # cached
    version[0] = 2  # data changed elsewhere
    assert cache.get("k", compute) == 2
    cache.clear()
    assert cache.get("k", compute) == 3
    small = VersionedCache(lambda: 0, size=2, check_every=0.0)
    for k in "abc":
        small.get(k, lambda k=k: k)
    assert small.get("a", lambda: "recomputed") == "recomputed"  # evicted (LRU, size 2)
