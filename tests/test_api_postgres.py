"""The API and dashboard served from PostgreSQL (skipped, saying so, without ARMSWATCH_TEST_PG_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_fixtures import TOKEN, fill_store, run_server
from store_fixtures import PG_ENV, SKIP_PG, create_pg_database, drop_pg_database

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

REPORT = (
    "Seoul says Pyongyang shipped rockets to Moscow\n\n"
    "South Korea's spy agency said that North Korea had shipped thousands of 122 mm rockets to Russia "
    "in October."
)


@pytest.fixture(scope="module")
def pg_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(SKIP_PG)
    url = create_pg_database(base, prefix="aw_api")
    try:
        fill_store(url)
        log: Path = tmp_path_factory.mktemp("pg-serve") / "serve.log"
        yield from run_server(url, token=TOKEN, log=log)
    finally:
        drop_pg_database(base, url)


def test_reads_pages_and_write_on_postgresql(pg_served: str) -> None:
    def get(path: str, **params: object) -> httpx.Response:
        r = httpx.get(pg_served + path, params=params, timeout=30)  # type: ignore[arg-type]
        assert r.status_code == 200, (path, r.text[:300])
        return r

    assert get("/api/v1/claims").json()["count"] == 8
    assert get("/api/v1/claims", category="ammunition", supplier="prk").json()["count"] == 4
    pairs = get("/api/v1/pairs", category="uav").json()["data"]
    assert {(p["supplier"], p["recipient"]) for p in pairs} == {("IRN", "RUS"), ("TUR", "UKR")}
    assert get("/api/v1/stories").json()["count"] == 5
    assert "&lt;script&gt;" in get("/documents/doc-xss").text
    for page in ("/", "/stories", "/claims?text=shahed", "/documents/doc-shells-1"):
        get(page)
    r = httpx.post(
        pg_served + "/api/v1/documents",
        json={"text": REPORT},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert r.status_code == 201 and r.json()["claims"][0]["supplier"] == "PRK" and r.json()["stories"]
    assert get("/api/v1/claims").json()["count"] == 9
