"""Cached responses of the claims list and pairs endpoints are never older than the data version.

A real ``armswatch serve`` process on a real SQLite file; the writes come from this (another)
process through the store, as ``armswatch ingest`` would make them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from api_fixtures import fill_store, run_server
from armswatch.api.state import VersionedCache
from armswatch.records import Document, ExtractionResult, TransferClaim

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    d = tmp_path_factory.mktemp("api-cache")
    db = f"sqlite:///{d / 'c.db'}"
    fill_store(db)
    for base in run_server(db, token=None, log=d / "serve.log"):
        yield base, db


def _claims(base: str, **params: object) -> httpx.Response:
    return httpx.get(base + "/api/v1/claims", params=params, timeout=30)  # type: ignore[arg-type]


def _store_one_report(db: str) -> str:
    """Store a new report with one Belarus→Russia claim, as another process; its claim's document id."""
    from armswatch.store.repository import Store

    text = "Belarus handed Russia a further batch of armoured vehicles last week, the ministry said."
    evidence = "Belarus handed Russia a further batch of armoured vehicles"
    doc = Document(id="doc-cache-new", text=text, published=date(2025, 6, 1), title="Vehicles", outlet="Desk")
    claim = TransferClaim(
        supplier="BLR",
        recipient="RUS",
        categories=("armoured_vehicle",),
        systems=(),
        calibers_mm=(),
        quantity=None,
        status="reported",
        sources=("the ministry",),
        denied_by=(),
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        confidence=0.8,
    )
    with Store.open(db) as store:
        store.save_results([(doc, ExtractionResult(doc, (claim,)))])
    return doc.id


def test_repeated_pages_are_identical_and_a_write_elsewhere_shows_within_the_bound(
    server: tuple[str, str],
) -> None:
    base, db = server
    first = _claims(base, limit=3)
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    again = _claims(base, limit=3)
    assert again.content == first.content  # served from the cache: the same bytes
    assert _claims(base, limit=3, offset=3).json()["data"] != first.json()["data"]  # keyed by page
    assert _claims(base, limit=2).json()["data"] == first.json()["data"][:2]  # keyed by limit
    before = first.json()["count"]
    pairs_before = httpx.get(base + "/api/v1/pairs", timeout=30).json()["count"]

    doc_id = _store_one_report(db)
    # the version is re-read at most once a second: the new claim must show within that bound
    # (polled for up to 10 s so a loaded machine cannot fail the test; the bound is 1 s + a query)
    deadline = time.monotonic() + 10
    body = _claims(base, limit=3).json()
    while body["count"] == before and time.monotonic() < deadline:
        time.sleep(0.1)
        body = _claims(base, limit=3).json()
    assert body["count"] == before + 1
    assert body["data"][0]["document_id"] == doc_id  # newest first: the page itself changed
    pairs = httpx.get(base + "/api/v1/pairs", timeout=30).json()
    assert pairs["count"] == pairs_before + 1
    assert any(p["supplier"] == "BLR" and p["recipient"] == "RUS" for p in pairs["data"])


def test_versioned_cache_bounds_bytes_and_drops_values_computed_across_a_clear(tmp_path: Path) -> None:
    cache = VersionedCache(lambda: 0, size=100, max_bytes=10, check_every=60.0)
    cache.get("a", lambda: b"123456")
    cache.get("b", lambda: b"abcdef")  # 12 bytes > 10: the least recently used goes
    assert len(cache) == 1
    assert cache.get("a", lambda: b"again!") == b"again!"
    # a value computed while a write clears the cache is returned but not kept
    other = VersionedCache(lambda: 0, check_every=60.0)

    def compute() -> str:
        other.clear()
        return "computed before the write finished"

    assert other.get("k", compute) == "computed before the write finished"
    assert other.get("k", lambda: "fresh") == "fresh"
