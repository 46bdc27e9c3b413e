"""Polling: conditional GET with ETag/Last-Modified against a loopback feed whose content changes,
feed entries tracked by link, folders by mtime/size/sha256."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from armswatch.errors import ArmswatchError
from armswatch.settings import Settings
from armswatch.store.alerts_repo import SourceState
from armswatch.watch.config import SourceConfig
from armswatch.watch.poll import poll_path, poll_url
from watch_fixtures import FeedServer

SETTINGS = Settings(allow_private=True, fetch_timeout=5)


def _after(res, key: str, old: dict) -> tuple[SourceState, dict]:  # type: ignore[no-untyped-def,type-arg]
    state = SourceState(
        key=key, etag=res.etag, last_modified=res.last_modified, content_hash=res.content_hash
    )
    seen = dict(old)
    seen.update({i.path: i for i in res.items})
    return state, seen


def test_feed_conditional_get_and_new_entries(feed: FeedServer) -> None:
    src = SourceConfig(url=feed.base + "/feed.xml", every=10)
    feed.set_items(["shells-1"])
    r1 = poll_url(src, SourceState(key=src.key), {}, SETTINGS)
    assert [d.title for d in r1.documents] == ["Pyongyang ships artillery rounds to Moscow"]
    assert r1.etag and r1.last_modified and feed.article_requests == {"shells-1": 1}
    state, seen = _after(r1, src.key, {})

    r2 = poll_url(src, state, seen, SETTINGS)  # unchanged: the server answers 304
    assert r2.not_modified and r2.documents == [] and r2.http_status == 304
    assert feed.not_modified == 1 and feed.conditional_headers[-1] == (r1.etag, r1.last_modified)

    feed.set_items(["shells-1", "shells-2"])  # a new item appears
    r3 = poll_url(src, state, seen, SETTINGS)
    assert not r3.not_modified and [d.title for d in r3.documents] == [
        "More North Korean shells reach Russia"
    ]
    assert feed.article_requests == {"shells-1": 1, "shells-2": 1}  # the old entry is not fetched again
    assert r3.etag != r1.etag


def test_failed_entry_is_retried_on_the_next_poll(feed: FeedServer) -> None:
    src = SourceConfig(url=feed.base + "/feed.xml", every=10)
    feed.broken = {"shells-2"}
    feed.set_items(["shells-1", "shells-2"])
    r1 = poll_url(src, SourceState(key=src.key), {}, SETTINGS)
    assert [d.title for d in r1.documents] == ["Pyongyang ships artillery rounds to Moscow"]
    assert len(r1.failures) == 1 and "503" in r1.failures[0]
    assert r1.etag is None and r1.content_hash is None  # validators not advanced: the feed is read again
    state, seen = _after(r1, src.key, {})
    feed.broken = set()
    r2 = poll_url(src, state, seen, SETTINGS)
    assert [d.title for d in r2.documents] == ["More North Korean shells reach Russia"] and r2.etag
    assert feed.article_requests == {"shells-1": 1, "shells-2": 1}


def test_feed_without_validators_uses_body_hash(feed: FeedServer) -> None:
    feed.validators = False
    src = SourceConfig(url=feed.base + "/feed.xml", every=10)
    feed.set_items(["drones"])
    r1 = poll_url(src, SourceState(key=src.key), {}, SETTINGS)
    assert r1.etag is None and len(r1.documents) == 1
    state, seen = _after(r1, src.key, {})
    r2 = poll_url(src, state, seen, SETTINGS)
    assert r2.not_modified and r2.documents == [] and feed.conditional_headers[-1] == (None, None)


def test_feed_error_raises_one_line(feed: FeedServer) -> None:
    feed.fail_feed = 1
    src = SourceConfig(url=feed.base + "/feed.xml", every=10)
    with pytest.raises(ArmswatchError) as info:
        poll_url(src, SourceState(key=src.key), {}, SETTINGS)
    assert "503" in str(info.value) and "\n" not in str(info.value)


def test_private_urls_refused_without_allow_private(feed: FeedServer) -> None:
    src = SourceConfig(url=feed.base + "/feed.xml", every=10)
    with pytest.raises(ArmswatchError, match="E511"):
        poll_url(src, SourceState(key=src.key), {}, Settings(allow_private=False))


def test_folder_new_changed_touched_and_gone(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    a = inbox / "a.txt"
    a.write_text("Iran supplied Shahed-136 drones to Russia, Ukrainian intelligence said.", encoding="utf-8")
    (inbox / "sub" / "b.md").write_text("North Korea sent artillery shells to Russia.", encoding="utf-8")
    (inbox / "ignored.pdf").write_bytes(b"%PDF-1.4")
    src = SourceConfig(path=str(inbox), every=5)

    r1 = poll_path(src, {}, SETTINGS)
    assert len(r1.documents) == 2 and len(r1.items) == 2 and r1.failures == []
    seen = {i.path: i for i in r1.items}

    assert poll_path(src, seen, SETTINGS).documents == []  # nothing changed

    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # touched, same content
    r3 = poll_path(src, seen, SETTINGS)
    assert r3.documents == [] and len(r3.items) == 1
    seen.update({i.path: i for i in r3.items})

    a.write_text("Iran supplied more Shahed-136 drones to Russia, officials said.", encoding="utf-8")
    (inbox / "sub" / "b.md").unlink()
    r4 = poll_path(src, seen, SETTINGS)
    assert [d.text for d in r4.documents] == [
        "Iran supplied more Shahed-136 drones to Russia, officials said."
    ]
    assert r4.gone == [str((inbox / "sub" / "b.md").resolve())]


def test_missing_folder_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(ArmswatchError, match="E705"):
        poll_path(SourceConfig(path=str(tmp_path / "nope"), every=5), {}, SETTINGS)
