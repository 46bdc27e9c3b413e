"""The outbox: alerts persisted with per-sink rows, deliver-then-mark, backoff, outages, restarts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from armswatch.store import alerts_repo
from armswatch.store.engine import write_transaction
from armswatch.watch.alerts import Alert
from armswatch.watch.config import DeliveryConfig
from armswatch.watch.outbox import Dispatcher, backoff_seconds
from armswatch.watch.sinks.jsonl import JsonlSink
from armswatch.watch.sinks.webhook import WebhookSink
from watch_db import BACKENDS, database_url, open_store
from watch_fixtures import WebhookReceiver, make_alert


class FakeClock:
    """A controllable clock (time is the one thing tests may not wait for in real time)."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    gen = database_url(request.param, tmp_path)
    url = next(gen)
    s = open_store(url)
    yield s
    s.close()
    for _ in gen:
        pass


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver(secret="k")
    r.start()
    yield r
    r.stop()


def queue(store, alert: Alert, sinks: list[str]) -> bool:  # type: ignore[no-untyped-def]
    with write_transaction(store.engine) as conn:
        return alerts_repo.add_alert(
            conn,
            alert_id=alert.id,
            kind=alert.kind,
            rule=alert.rule,
            story_id=alert.story_id,
            supplier=alert.supplier,
            recipient=alert.recipient,
            title=alert.title,
            created_at=alert.created_at,
            payload=alert.to_json(),
            sinks=sinks,
        )


def states(store, alert_id: str) -> dict[str, tuple[str, int]]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        rows, _ = alerts_repo.list_alerts(conn, limit=100)
    for r in rows:
        if r.id == alert_id:
            return {d.sink: (d.status, d.attempts) for d in r.deliveries}
    raise AssertionError(alert_id)


def test_backoff_is_exponential_and_capped() -> None:
    assert [backoff_seconds(n, 1.0, 10.0) for n in range(6)] == [0.0, 1.0, 2.0, 4.0, 8.0, 10.0]


def test_same_alert_is_queued_once(store) -> None:  # type: ignore[no-untyped-def]
    a = make_alert()
    assert queue(store, a, ["hook", "jsonl"]) is True
    assert queue(store, a, ["hook", "jsonl"]) is False
    assert states(store, a.id) == {"hook": ("pending", 0), "jsonl": ("pending", 0)}


def test_retries_with_backoff_until_receiver_recovers(
    store, receiver: WebhookReceiver, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    receiver.fail_first = 2
    clock = FakeClock()
    sinks = {
        "hook": WebhookSink("hook", receiver.base + "/hook", secret="k"),
        "jsonl": JsonlSink("jsonl", tmp_path / "a.jsonl"),
    }
    d = Dispatcher(store.engine, sinks, DeliveryConfig(backoff_base=1.0, backoff_max=60.0), clock=clock)
    a = make_alert()
    queue(store, a, ["hook", "jsonl"])
    assert d.deliver_due("hook") == 0  # 503 #1
    assert d.deliver_due("jsonl") == 1  # the other sink is not held up
    assert states(store, a.id) == {"hook": ("pending", 1), "jsonl": ("delivered", 1)}
    assert d.deliver_due("hook") == 0 and len(receiver.requests) == 1  # backing off: no request
    clock.advance(1.0)
    assert d.deliver_due("hook") == 0  # 503 #2; next wait is 2 s
    clock.advance(1.5)
    assert d.deliver_due("hook") == 0 and len(receiver.requests) == 2
    clock.advance(0.5)
    assert d.deliver_due("hook") == 1
    assert states(store, a.id) == {"hook": ("delivered", 3), "jsonl": ("delivered", 1)}
    assert len(receiver.requests) == 3 and list(receiver.accepted) == [a.id]
    assert d.deliver_all_due() == 0  # nothing is delivered twice


def test_outage_queues_and_restart_delivers_each_once(store, receiver: WebhookReceiver) -> None:  # type: ignore[no-untyped-def]
    receiver.fail_first = 10**6  # down
    clock = FakeClock()
    policy = DeliveryConfig(backoff_base=1.0, backoff_max=4.0)
    d1 = Dispatcher(
        store.engine, {"hook": WebhookSink("hook", receiver.base + "/hook", secret="k")}, policy, clock=clock
    )
    alerts = [make_alert(i) for i in range(5)]
    for a in alerts:
        queue(store, a, ["hook"])
    for _ in range(6):
        d1.deliver_due("hook")
        clock.advance(5)
    assert receiver.accepted == {}
    with store.engine.connect() as conn:
        assert alerts_repo.pending_count(conn, "hook") == 5
    # the process "restarts" (new dispatcher, same DB) and the receiver comes back
    receiver.fail_first = 0
    d2 = Dispatcher(
        store.engine, {"hook": WebhookSink("hook", receiver.base + "/hook", secret="k")}, policy, clock=clock
    )
    assert d2.deliver_due("hook") == 5
    assert sorted(receiver.accepted) == sorted(a.id for a in alerts)
    assert len(receiver.requests) - receiver.failed == 5  # each accepted exactly once
    with store.engine.connect() as conn:
        assert alerts_repo.pending_count(conn) == 0


def test_max_attempts_gives_up_and_requeue(store, receiver: WebhookReceiver) -> None:  # type: ignore[no-untyped-def]
    receiver.fail_first = 3
    clock = FakeClock()
    d = Dispatcher(
        store.engine,
        {"hook": WebhookSink("hook", receiver.base + "/hook", secret="k")},
        DeliveryConfig(backoff_base=1.0, backoff_max=1.0, max_attempts=2),
        clock=clock,
    )
    a = make_alert()
    queue(store, a, ["hook"])
    d.deliver_due("hook")
    clock.advance(2)
    d.deliver_due("hook")
    assert states(store, a.id) == {"hook": ("failed", 2)}
    clock.advance(2)
    assert d.deliver_due("hook") == 0  # given up: not retried
    with write_transaction(store.engine) as conn:
        assert alerts_repo.requeue(conn, "hook", clock()) == 1
    receiver.fail_first = 0
    assert d.deliver_due("hook") == 1 and list(receiver.accepted) == [a.id]


def test_worker_threads_deliver_and_stop(store, receiver: WebhookReceiver) -> None:  # type: ignore[no-untyped-def]
    d = Dispatcher(
        store.engine, {"hook": WebhookSink("hook", receiver.base + "/hook", secret="k")}, idle_wait=0.2
    )
    d.start()
    try:
        a = make_alert()
        queue(store, a, ["hook"])
        d.wake()
        assert receiver.wait_for(1, timeout=10)
    finally:
        d.stop(timeout=5)
    assert all(not t.is_alive() for t in d._threads)


def test_list_alerts_filters(store) -> None:  # type: ignore[no-untyped-def]
    old = make_alert(1)
    new = make_alert(2)
    object.__setattr__(new, "created_at", old.created_at + timedelta(days=2))
    queue(store, old, ["jsonl"])
    queue(store, new, ["jsonl"])
    with store.engine.connect() as conn:
        rows, total = alerts_repo.list_alerts(conn, since=old.created_at + timedelta(days=1))
        assert total == 1 and rows[0].id == new.id and rows[0].created_at == new.created_at
        rows, total = alerts_repo.list_alerts(conn)
        assert total == 2 and [r.id for r in rows] == [new.id, old.id]
        assert rows[0].deliveries[0].sink == "jsonl"
