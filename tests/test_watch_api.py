"""``GET /api/v1/alerts`` over real HTTP (uvicorn on loopback) against a real SQLite store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from armswatch.settings import Settings
from armswatch.store import alerts_repo
from armswatch.store.engine import write_transaction
from armswatch.store.repository import Store
from watch_fixtures import free_port, make_alert


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, list]]:  # type: ignore[type-arg]
    import uvicorn

    from armswatch.api.app import create_app

    url = f"sqlite:///{tmp_path / 'api.db'}"
    store = Store.open(url)
    a1 = make_alert(1)
    a2 = replace(make_alert(2), kind="contradiction", created_at=a1.created_at + timedelta(days=3))
    with write_transaction(store.engine) as conn:
        for a in (a1, a2):
            alerts_repo.add_alert(
                conn,
                alert_id=a.id,
                kind=a.kind,
                rule=a.rule,
                story_id=a.story_id,
                supplier=a.supplier,
                recipient=a.recipient,
                title=a.title,
                created_at=a.created_at,
                payload=a.to_json(),
                sinks=["hook", "log"],
            )
        alerts_repo.mark_delivered(conn, a1.id, "hook", a1.created_at + timedelta(seconds=2))
    store.close()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(database_url=url)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", [a1, a2]
    server.should_exit = True
    t.join(timeout=10)


def test_alerts_endpoint_lists_newest_first_with_deliveries(api: tuple[str, list]) -> None:  # type: ignore[type-arg]
    base, (a1, a2) = api
    r = httpx.get(base + "/api/v1/alerts", timeout=10)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2 and [a["id"] for a in body["data"]] == [a2.id, a1.id]
    first = body["data"][1]
    assert first["link"] == a1.link and first["changes"][0]["kind"] == "status_rise"
    assert first["evidence"][0]["quote"].startswith("North Korea")
    deliveries = {d["sink"]: d for d in first["deliveries"]}
    assert deliveries["hook"]["status"] == "delivered" and deliveries["log"]["status"] == "pending"


def test_alerts_endpoint_filters_and_errors(api: tuple[str, list]) -> None:  # type: ignore[type-arg]
    base, (a1, a2) = api
    since = (a1.created_at + timedelta(days=1)).date().isoformat()
    assert [a["id"] for a in httpx.get(base + "/api/v1/alerts", params={"since": since}).json()["data"]] == [
        a2.id
    ]
    assert httpx.get(base + "/api/v1/alerts", params={"kind": "contradiction"}).json()["count"] == 1
    assert (
        httpx.get(base + "/api/v1/alerts", params={"limit": 1, "offset": 1}).json()["data"][0]["id"] == a1.id
    )
    bad = httpx.get(base + "/api/v1/alerts", params={"since": "yesterday"})
    assert bad.status_code == 422 and "since" in bad.json()["error"]["message"]
