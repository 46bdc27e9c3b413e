"""URL guards and the fetcher, against the loopback server (real sockets)."""

# ruff: noqa: F811  (pytest fixtures imported from tests/*_fixtures.py are redefined as arguments)

from __future__ import annotations

import pytest

from armswatch.errors import FetchError
from armswatch.ingest.feeds import looks_like_feed, parse_feed
from armswatch.ingest.fetch import Fetcher, check_url, content_kind
from armswatch.settings import Settings
from ingest_fixtures import LoopbackServer, http_server  # noqa: F401


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/x",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
    ],
)
def test_private_and_special_addresses_refused(url: str) -> None:
    with pytest.raises(FetchError, match="E511"):
        check_url(url, allow_private=False)
    check_url(url, allow_private=True)  # allowed on request


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"]
)
def test_non_http_refused(url: str) -> None:
    with pytest.raises(FetchError, match="E512"):
        check_url(url, allow_private=True)


def test_public_address_allowed() -> None:
    check_url("http://93.184.215.14/page", allow_private=False)  # an IP literal: no DNS lookup needed


def test_content_kinds() -> None:
    assert content_kind("text/html; charset=utf-8") == "html"
    assert content_kind("application/rss+xml") == "xml"
    assert content_kind("application/atom+xml") == "xml"
    assert content_kind("") == "unknown"
    assert content_kind("application/pdf") is None
    assert content_kind("image/jpeg") is None


def test_fetch_follows_redirect_and_sends_user_agent(http_server: LoopbackServer) -> None:
    s = Settings(allow_private=True, user_agent="armswatch-test/1")
    with Fetcher(s) as f:
        got = f.fetch(http_server.url("/redirect"))
    assert got.final_url.endswith("/pages/drones.html") and got.kind == "html"
    assert b"Shahed-136" in got.body


def test_each_redirect_hop_is_checked(http_server: LoopbackServer) -> None:
    s = Settings(allow_private=True, fetch_max_redirects=2)
    with Fetcher(s) as f, pytest.raises(FetchError, match="E505"):
        f.fetch(http_server.url("/chain/0"))
    with Fetcher(Settings(allow_private=False)) as f, pytest.raises(FetchError, match="E511"):
        f.fetch(http_server.url("/redirect"))


def test_size_cap_aborts_stream(http_server: LoopbackServer) -> None:
    s = Settings(allow_private=True, fetch_max_bytes=200_000)
    before = len(http_server.huge_sent)
    with Fetcher(s) as f, pytest.raises(FetchError, match="E504"):
        f.fetch(http_server.url("/huge"))
    # the server stops when the client hangs up: far less than the 200 MB it offered
    import time

    for _ in range(50):
        if len(http_server.huge_sent) > before:
            break
        time.sleep(0.05)
    assert http_server.huge_sent[-1] < 20 * 1024 * 1024


def test_feed_detection_and_bomb() -> None:
    from ingest_fixtures import BILLION_LAUGHS, atom_feed, rss_feed

    assert looks_like_feed(rss_feed("http://x"))
    assert looks_like_feed(atom_feed("http://x"))
    assert looks_like_feed(BILLION_LAUGHS)
    assert not looks_like_feed(b"<?xml version='1.0'?><html><body/></html>")
    assert len(parse_feed(rss_feed("http://x"), "f")) == 3
    with pytest.raises(Exception, match="E508"):
        parse_feed(BILLION_LAUGHS, "bomb")
    with pytest.raises(Exception, match="E507"):
        parse_feed(b"<rss><channel><item>", "broken")
