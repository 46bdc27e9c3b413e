"""The watch cycle in process, all parts real: loopback feed → ingest (real extraction) → stories →
rules → outbox → webhook/JSONL sinks; source backoff; crash recovery of pending detections."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.settings import Settings
from armswatch.store import alerts_repo
from armswatch.watch.config import config_from_dict
from armswatch.watch.runner import Watcher, default_stories_update
from watch_db import BACKENDS, database_url, open_store
from watch_fixtures import FeedServer, WebhookReceiver

SETTINGS = Settings(allow_private=True, fetch_timeout=5)


@pytest.fixture(scope="module")
def extractor() -> Any:
    from armswatch.ingest.pipeline import default_extractor

    return default_extractor()


@pytest.fixture(scope="module")
def stories_update() -> Any:
    return default_stories_update()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)


def make_watcher(
    db_url: str,
    feed: FeedServer,
    receiver: WebhookReceiver,
    tmp_path: Path,
    extractor: Any,
    stories_update: Any,
    **rule: Any,
) -> Watcher:
    from armswatch.ingest.pipeline import Ingestor

    cfg = config_from_dict(
        {
            "watch": {"allow_private": True, "link_base": "http://dash.example"},
            "delivery": {"backoff_base": "100ms", "backoff_max": "1s"},
            "sources": [{"url": feed.base + "/feed.xml", "every": "10s"}],
            "rules": [{"name": "dprk", "pairs": ["PRK:RUS"], **rule}],
            "sinks": [
                {"type": "webhook", "name": "hook", "url": receiver.base + "/hook", "secret": "k"},
                {"type": "jsonl", "name": "log", "path": str(tmp_path / "alerts.jsonl")},
            ],
        }
    )
    store = open_store(db_url)
    return Watcher(
        cfg, store, Ingestor(store, SETTINGS, extract=extractor), stories_update, settings=SETTINGS
    )


def bodies(receiver: WebhookReceiver) -> list[dict[str, Any]]:
    return [r.json() for r in receiver.accepted.values()]


def test_cycle_new_story_escalation_contradiction(
    db_url: str,
    feed: FeedServer,
    receiver: WebhookReceiver,
    tmp_path: Path,
    extractor: Any,
    stories_update: Any,
) -> None:
    w = make_watcher(db_url, feed, receiver, tmp_path, extractor, stories_update)
    try:
        feed.set_items(["shells-1", "drones"])
        rep = w.run_cycle(poll_all=True)
        assert rep.polled[0].new_documents == 2 and rep.new_alerts == 1
        assert w.dispatcher.deliver_all_due() == 2  # webhook + jsonl
        [first] = bodies(receiver)
        assert first["kind"] == "new_story" and first["story"]["supplier"] == "PRK"
        assert first["story"]["link"] == f"http://dash.example/stories/{first['story']['id']}"
        assert any("shipped artillery shells to Russia" in e["quote"] for e in first["evidence"])

        rep = w.run_cycle(poll_all=True)  # nothing new: 304, no alert
        assert rep.polled[0].not_modified and rep.new_alerts == 0

        feed.set_items(["shells-1", "drones", "shells-2"])
        rep = w.run_cycle(poll_all=True)
        assert rep.new_alerts == 1
        w.dispatcher.deliver_all_due()
        second = bodies(receiver)[1]
        assert second["kind"] == "escalation" and second["story"]["id"] == first["story"]["id"]
        changed = {c["kind"] for c in second["changes"]}
        assert {"new_system", "new_category"} <= changed
        assert any("KN-23" in str(c["after"]) for c in second["changes"])

        feed.set_items(["shells-1", "drones", "shells-2", "denial"])
        w.run_cycle(poll_all=True)
        w.dispatcher.deliver_all_due()
        third = bodies(receiver)[2]
        assert third["kind"] == "contradiction" and third["changes"][0]["after"] == ["PRK"]

        lines = [json.loads(x) for x in (tmp_path / "alerts.jsonl").read_text().splitlines()]
        assert [x["id"] for x in lines] == list(receiver.accepted)  # same alerts, same order, once each
        assert len(receiver.requests) == 3
        with w.store.engine.connect() as conn:
            rows, total = alerts_repo.list_alerts(conn)
            assert total == 3 and all(d.status == "delivered" for r in rows for d in r.deliveries)
            assert alerts_repo.pending_documents(conn) == []
    finally:
        w.store.close()


def test_rule_filters_keep_unwatched_pairs_quiet(
    db_url: str,
    feed: FeedServer,
    receiver: WebhookReceiver,
    tmp_path: Path,
    extractor: Any,
    stories_update: Any,
) -> None:
    w = make_watcher(db_url, feed, receiver, tmp_path, extractor, stories_update, categories=["uav"])
    try:
        feed.set_items(["shells-1", "drones"])
        rep = w.run_cycle(poll_all=True)
        assert rep.story_changes >= 2 and rep.new_alerts == 0
    finally:
        w.store.close()


def test_failing_source_backs_off_then_recovers(
    db_url: str,
    feed: FeedServer,
    receiver: WebhookReceiver,
    tmp_path: Path,
    extractor: Any,
    stories_update: Any,
) -> None:
    w = make_watcher(db_url, feed, receiver, tmp_path, extractor, stories_update)
    src = w.config.sources[0]
    try:
        feed.fail_feed = 2
        feed.set_items(["shells-1"])
        r1 = w.run_cycle(poll_all=True)
        assert r1.polled[0].error and "503" in r1.polled[0].error
        with w.store.engine.connect() as conn:
            s1 = alerts_repo.get_source_state(conn, src.key)
        assert s1.failures == 1 and (s1.next_due_at - s1.last_polled_at).total_seconds() == pytest.approx(10)
        w.run_cycle(poll_all=True)
        with w.store.engine.connect() as conn:
            s2 = alerts_repo.get_source_state(conn, src.key)
        assert s2.failures == 2 and (s2.next_due_at - s2.last_polled_at).total_seconds() == pytest.approx(20)
        assert w.due_sources(s2.last_polled_at) == []  # backing off
        r3 = w.run_cycle(poll_all=True)
        assert r3.polled[0].error is None and r3.new_alerts == 1
        with w.store.engine.connect() as conn:
            s3 = alerts_repo.get_source_state(conn, src.key)
        assert s3.failures == 0 and s3.etag
    finally:
        w.store.close()


def test_documents_stored_before_a_crash_are_detected_on_restart(
    db_url: str,
    feed: FeedServer,
    receiver: WebhookReceiver,
    tmp_path: Path,
    extractor: Any,
    stories_update: Any,
) -> None:
    w = make_watcher(db_url, feed, receiver, tmp_path, extractor, stories_update)
    feed.set_items(["shells-1"])
    try:
        rep = w.poll_source(w.config.sources[0])  # ingest + source state committed; "crash" before detect
        assert rep.new_documents == 1
    finally:
        w.store.close()
    w2 = make_watcher(db_url, feed, receiver, tmp_path, extractor, stories_update)
    try:
        rep2 = w2.run_cycle(detect=True)  # nothing due to poll, but the pending detection runs
        assert rep2.polled == [] and rep2.new_alerts == 1
        w2.dispatcher.deliver_all_due()
        assert [b["kind"] for b in bodies(receiver)] == ["new_story"]
    finally:
        w2.store.close()


def test_folder_source_and_email_sink(tmp_path: Path, extractor: Any, stories_update: Any) -> None:
    """A watched folder (a report dropped in later) alerting by email through a loopback SMTP server."""
    from armswatch.ingest.pipeline import Ingestor
    from watch_fixtures import smtp_server

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "old.txt").write_text(
        "Iran supplied Shahed-136 drones to Russia, Ukrainian intelligence said.\n"
    )
    for host, port, mailbox in smtp_server():
        cfg = config_from_dict(
            {
                "watch": {"link_base": "http://dash.example"},
                "sources": [{"path": str(inbox), "every": "1s"}],
                "rules": [{"name": "to-ukraine", "pairs": ["*:UKR"], "categories": ["air_defence"]}],
                "sinks": [
                    {
                        "type": "email",
                        "host": host,
                        "port": port,
                        "from": "aw@example.org",
                        "to": ["desk@example.org"],
                    }
                ],
            }
        )
        store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
        w = Watcher(
            cfg, store, Ingestor(store, SETTINGS, extract=extractor), stories_update, settings=SETTINGS
        )
        try:
            assert w.run_cycle(poll_all=True).new_alerts == 0  # Iran → Russia: not watched
            (inbox / "new.txt").write_text(
                "Germany delivered IRIS-T air defence systems to Ukraine, the German defence ministry said.\n"
            )
            rep = w.run_cycle(poll_all=True)
            assert rep.polled[0].new_documents == 1 and rep.new_alerts == 1  # old.txt is not read again
            assert w.dispatcher.deliver_all_due() == 1
            [(_, rcpts, msg)] = mailbox.messages
            assert rcpts == ["desk@example.org"] and "New story" in msg["Subject"]
            body = msg.get_content()
            assert "http://dash.example/stories/" in body and "IRIS-T" in body
        finally:
            store.close()
