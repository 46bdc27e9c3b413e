"""Real loopback servers for the watch tests: a feed server whose content changes, a webhook receiver
that fails its first N requests (and dedupes by idempotency key), and an SMTP server (aiosmtpd).

All reports served here are written for these tests.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from armswatch.watch.alerts import Alert, Change, Evidence
from armswatch.watch.sinks.webhook import verify

# -- reports (own words) -----------------------------------------------------------------------------

ARTICLES: dict[str, tuple[str, str, str]] = {
    # slug: (title, published, body)
    "shells-1": (
        "Pyongyang ships artillery rounds to Moscow",
        "2024-03-01",
        "North Korea has shipped artillery shells to Russia, South Korean officials said on Friday. "
        "The officials said the consignment of 152 mm shells left the port of Rajin by rail last week. "
        "Analysts said the deliveries could keep Russian guns firing for months.",
    ),
    "shells-2": (
        "More North Korean shells reach Russia",
        "2024-03-20",
        "North Korea delivered 1,000,000 artillery shells to Russia, the South Korean defence ministry said. "
        "The ministry added that KN-23 ballistic missiles were also sent to Russia in the same period. "
        "Moscow did not comment on the figures.",
    ),
    "denial": (
        "Pyongyang rejects shell reports",
        "2024-03-25",
        "North Korea denied sending artillery shells to Russia, calling the reports a smear campaign. "
        "A foreign ministry spokesman in Pyongyang said no weapons had been transferred.",
    ),
    "drones": (
        "Tehran's drones in Russian service",
        "2024-04-02",
        "Iran supplied Shahed-136 drones to Russia, Ukrainian intelligence said. "
        "The drones were shipped across the Caspian Sea, according to the report.",
    ),
}


def article_html(slug: str) -> str:
    title, published, body = ARTICLES[slug]
    paras = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        "<!doctype html><html><head>"
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="Loopback Defence News">'
        "</head><body><nav>Home | World | Defence</nav>"
        f"<article><h1>{title}</h1><p class='byline'>By a staff writer, {published}</p>{paras}</article>"
        "<footer>Copyright Loopback Defence News</footer></body></html>"
    )


# -- loopback HTTP servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> _Server:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class FeedServer(_Server):
    """Serves ``/feed.xml`` (RSS of the slugs in :attr:`items`, changeable between polls) and
    ``/articles/<slug>.html``. Supports ETag and Last-Modified; counts requests and 304s."""

    def __init__(self, *, validators: bool = True) -> None:
        super().__init__(_FeedHandler)
        self.items: list[str] = []
        self.validators = validators
        self.lock = threading.Lock()
        self.feed_requests = 0
        self.not_modified = 0
        self.article_requests: dict[str, int] = {}
        self.conditional_headers: list[tuple[str | None, str | None]] = []
        self.fail_feed = 0
        self.broken: set[str] = set()
        """Slugs whose article answers 503 (and whose feed entry has no summary to fall back on)."""
        self._modified = time.time()

    def set_items(self, items: list[str]) -> None:
        with self.lock:
            self.items = list(items)
            self._modified = time.time() + 1  # whole-second Last-Modified must move forward

    def feed_xml(self) -> bytes:
        entries = []
        for slug in reversed(self.items):
            title, published, body = ARTICLES[slug]
            summary = "" if slug in self.broken else body[:120]
            entries.append(
                f"<item><title>{title}</title><link>{self.base}/articles/{slug}.html</link>"
                f"<guid>{self.base}/articles/{slug}.html</guid>"
                f"<pubDate>{published}T08:00:00Z</pubDate><description>{summary}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Loopback Defence News</title><link>{self.base}/</link>"
            "<description>test feed</description>" + "".join(entries) + "</channel></rss>"
        ).encode()


class _FeedHandler(BaseHTTPRequestHandler):
    server_version = "LoopbackFeed/1.0"

    def log_message(self, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        srv: FeedServer = self.server.owner  # type: ignore[attr-defined]
        if self.path == "/feed.xml":
            with srv.lock:
                srv.feed_requests += 1
                srv.conditional_headers.append(
                    (self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
                )
                if srv.fail_feed > 0:
                    srv.fail_feed -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                body = srv.feed_xml()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                lastmod = formatdate(srv._modified, usegmt=True)
                if srv.validators and self.headers.get("If-None-Match") == etag:
                    srv.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if srv.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", lastmod)
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.startswith("/articles/") and self.path.endswith(".html"):
            slug = self.path[len("/articles/") : -len(".html")]
            if slug in srv.broken:
                self.send_response(503)
                self.end_headers()
                return
            if slug in ARTICLES:
                with srv.lock:
                    srv.article_requests[slug] = srv.article_requests.get(slug, 0) + 1
                body = article_html(slug).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        self.send_response(404)
        self.end_headers()


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]
    at: float

    def json(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


class WebhookReceiver(_Server):
    """``POST /hook``: answers 503 to the first ``fail_first`` requests, sleeps ``delay`` s per request,
    checks the HMAC signature, and records requests. Like a careful real receiver, it processes each
    ``Idempotency-Key`` once: :attr:`accepted` holds the first body per key."""

    def __init__(self, *, secret: str = "s3cret", fail_first: int = 0, delay: float = 0.0) -> None:
        super().__init__(_HookHandler)
        self.secret = secret
        self.fail_first = fail_first
        self.delay = delay
        self.lock = threading.Lock()
        self.requests: list[Received] = []
        self.accepted: dict[str, Received] = {}
        self.bad_signatures = 0
        self.failed = 0
        self.event = threading.Event()

    def wait_for(self, n: int, timeout: float = 30.0) -> bool:
        """Wait until ``n`` distinct alerts were accepted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.accepted) >= n:
                    return True
            time.sleep(0.05)
        return False


class _HookHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        srv: WebhookReceiver = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if srv.delay:
            time.sleep(srv.delay)
        with srv.lock:
            rec = Received(body=body, headers={k: v for k, v in self.headers.items()}, at=time.time())
            srv.requests.append(rec)
            if srv.fail_first > 0:
                srv.fail_first -= 1
                srv.failed += 1
                status = 503
            elif not verify(body, srv.secret, self.headers.get("X-Armswatch-Signature")):
                srv.bad_signatures += 1
                status = 401
            else:
                key = self.headers.get("Idempotency-Key", "")
                srv.accepted.setdefault(key, rec)
                srv.event.set()
                status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


# -- SMTP ----------------------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(
            (
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message_from_bytes(envelope.content, policy=default),
            )
        )
        return "250 Message accepted for delivery"


def smtp_server() -> Iterator[tuple[str, int, SmtpSink]]:
    """Start an aiosmtpd server on loopback; yields (host, port, collected messages)."""
    from aiosmtpd.controller import Controller

    handler = SmtpSink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, handler
    finally:
        controller.stop()


# -- alerts ------------------------------------------------------------------------------------------


def make_alert(n: int = 1, quote: str = "North Korea shipped 152 mm shells to Russia.") -> Alert:
    changes = (Change(kind="status_rise", before="alleged", after="reported", description="Status rose"),)
    return Alert(
        id=Alert.make_id("r", f"st-{n}", "escalation", changes),
        kind="escalation",
        rule="r",
        story_id=f"st-{n}",
        title="North Korea → Russia: artillery shells",
        supplier="PRK",
        recipient="RUS",
        status="reported",
        link=f"http://127.0.0.1:8000/stories/st-{n}",
        api_link=f"http://127.0.0.1:8000/api/v1/stories/st-{n}",
        created_at=datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        changes=changes,
        evidence=(
            Evidence(quote=quote, document_id="doc-1", url="https://news.example/a", outlet="Example"),
        ),
        categories=("ammunition",),
        systems=("152 mm shell",),
    )


# -- fixtures shared by the watch tests (import them by name into a test module) --
@pytest.fixture
def feed() -> Iterator[FeedServer]:
    """A started loopback feed server."""
    srv = FeedServer()
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A started loopback webhook receiver with secret 'k'."""
    r = WebhookReceiver(secret="k")
    r.start()
    yield r
    r.stop()
