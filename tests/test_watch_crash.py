"""The watcher as a real subprocess (`armswatch watch`), killed with SIGKILL at the worst moments,
then restarted: every alert must reach the webhook receiver and the JSONL file exactly once.

- killed right after the outbox commit (before any delivery);
- killed after the sink accepted an alert but before the delivery was marked (the alert is sent
  again with the same id; the receiver's idempotency-key check and the JSONL sink's id check make
  the observable effect exactly once);
- killed while the webhook receiver is down (alerts queued), receiver back, restart;
- SIGTERM shuts it down cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.watch.hooks import ENV as HOOK_ENV
from watch_db import BACKENDS, database_url
from watch_fixtures import FeedServer, WebhookReceiver

pytestmark = pytest.mark.slow

ARMSWATCH = str(Path(sys.executable).with_name("armswatch"))


def write_config(tmp_path: Path, feed: FeedServer, receiver: WebhookReceiver, db: str | None = None) -> Path:
    cfg = tmp_path / "watch.toml"
    db = db or f"sqlite:///{tmp_path / 'watch.db'}"
    cfg.write_text(
        f"""
[watch]
database = "{db}"
allow_private = true
link_base = "http://dash.example"

[delivery]
backoff_base = "200ms"
backoff_max = "1s"

[[sources]]
url = "{feed.base}/feed.xml"
every = "1s"

[[rules]]
name = "dprk"
pairs = ["PRK:RUS"]

[[sinks]]
name = "hook"
type = "webhook"
url = "{receiver.base}/hook"
secret = "k"
timeout = "5s"

[[sinks]]
name = "log"
type = "jsonl"
path = "{tmp_path / "alerts.jsonl"}"
""",
        encoding="utf-8",
    )
    return cfg


def start(cfg: Path, tmp_path: Path, hook: str | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != HOOK_ENV}
    if hook:
        env[HOOK_ENV] = hook
    log = (tmp_path / "watch.log").open("ab")
    return subprocess.Popen(
        [ARMSWATCH, "watch", "--config", str(cfg)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
    )


def wait_until(cond, timeout: float = 60.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def jsonl_ids(tmp_path: Path) -> list[str]:
    p = tmp_path / "alerts.jsonl"
    return [json.loads(x)["id"] for x in p.read_text().splitlines()] if p.exists() else []


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


def test_sigkill_after_outbox_commit_then_restart_delivers_once(
    tmp_path: Path, feed: FeedServer, receiver: WebhookReceiver
) -> None:
    feed.set_items(["shells-1"])
    cfg = write_config(tmp_path, feed, receiver)
    marker = tmp_path / "outbox.marker"
    proc = start(cfg, tmp_path, hook=f"outbox:{marker}")
    try:
        wait_until(marker.exists, what="the outbox commit")
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert receiver.requests == [] and jsonl_ids(tmp_path) == []  # detected, not delivered
    proc = start(cfg, tmp_path)
    try:
        wait_until(lambda: len(receiver.accepted) == 1 and len(jsonl_ids(tmp_path)) == 1, what="delivery")
        time.sleep(2.5)  # more polls: nothing more must arrive
        assert stop(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(receiver.requests) == 1 and jsonl_ids(tmp_path) == list(receiver.accepted)
    assert next(iter(receiver.accepted.values())).json()["kind"] == "new_story"


def test_sigkill_between_delivery_and_mark_redelivers_same_id(
    tmp_path: Path, feed: FeedServer, receiver: WebhookReceiver
) -> None:
    feed.set_items(["shells-1"])
    cfg = write_config(tmp_path, feed, receiver)
    marker = tmp_path / "deliver.marker"
    proc = start(cfg, tmp_path, hook=f"deliver@hook:{marker}")
    try:
        wait_until(marker.exists, what="a delivery")
        assert len(receiver.requests) == 1  # accepted by the receiver, not yet marked
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    proc = start(cfg, tmp_path)
    try:
        wait_until(lambda: len(receiver.accepted) == 1 and len(jsonl_ids(tmp_path)) == 1, what="delivery")
        wait_until(lambda: len(receiver.requests) == 2, timeout=20, what="the redelivery")
        time.sleep(2.0)
        assert stop(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    # at-least-once on the wire (the same id twice), exactly once in effect
    ids = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert len(ids) == 2 and len(set(ids)) == 1
    assert len(receiver.accepted) == 1 and jsonl_ids(tmp_path) == ids[:1]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)


def test_sink_outage_then_sigkill_then_restart_delivers_each_once(
    tmp_path: Path, feed: FeedServer, receiver: WebhookReceiver, db_url: str
) -> None:
    receiver.fail_first = 10**6  # down
    feed.set_items(["shells-1"])
    cfg = write_config(tmp_path, feed, receiver, db_url)
    proc = start(cfg, tmp_path)
    try:
        wait_until(lambda: receiver.failed >= 2 and len(jsonl_ids(tmp_path)) == 1, what="failed attempts")
        feed.set_items(["shells-1", "shells-2"])  # an escalation arrives while the sink is down
        wait_until(lambda: len(jsonl_ids(tmp_path)) == 2, what="the second alert (JSONL)")
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert receiver.accepted == {}
    receiver.fail_first = 0  # back up
    proc = start(cfg, tmp_path)
    try:
        wait_until(lambda: len(receiver.accepted) == 2, what="queued alerts after restart")
        time.sleep(2.0)
        assert stop(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(receiver.requests) - receiver.failed == 2  # each delivered once
    assert list(receiver.accepted) == jsonl_ids(tmp_path)  # same alerts, same order
    assert [b.json()["kind"] for b in receiver.accepted.values()] == ["new_story", "escalation"]
    out = subprocess.run(
        [ARMSWATCH, "alerts", "--db", db_url, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(out.stdout)
    assert {a["id"] for a in listed} == set(receiver.accepted)
    assert all(d["status"] == "delivered" for a in listed for d in a["deliveries"])


def test_sigterm_is_a_clean_shutdown(tmp_path: Path, feed: FeedServer, receiver: WebhookReceiver) -> None:
    feed.set_items(["drones"])
    cfg = write_config(tmp_path, feed, receiver)
    proc = start(cfg, tmp_path)
    try:
        wait_until(lambda: feed.feed_requests >= 2, what="two polls")
        t0 = time.monotonic()
        assert stop(proc) == 0
        assert time.monotonic() - t0 < 10
    finally:
        if proc.poll() is None:
            proc.kill()
    log = (tmp_path / "watch.log").read_text()
    assert "polled 1 source(s)" in log and "stopped" in log
