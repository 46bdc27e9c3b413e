"""A real loopback HTTP server (127.0.0.1, a thread) serving pages, feeds, redirects and hostile
responses, plus helpers that write WARC files and JSONL collections for ingest tests."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "ingest"
PAGES = DATA / "pages"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>laughs</title><link>http://127.0.0.1/x</link><description>&lol9;</description></item>
</channel></rss>
"""


def rss_feed(base: str) -> bytes:
    """An RSS 2.0 feed: two fetchable articles, one 404 (falls back to its summary)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Harbour Ledger: World</title><link>{base}/</link><description>World news</description>
<item><title>Seoul says Pyongyang shipped more shells to Moscow</title>
 <link>{base}/pages/shells.html</link><pubDate>Mon, 26 Feb 2024 08:00:00 GMT</pubDate>
 <description>Munitions shipments from the North continue, Seoul says.</description></item>
<item><title>Late frost threatens orchard harvest</title>
 <link>{base}/pages/weather.html</link><pubDate>Thu, 18 Apr 2024 06:00:00 GMT</pubDate>
 <description>Growers fight the cold.</description></item>
<item><title>Belarus to receive more Russian air-defence systems, Minsk says</title>
 <link>{base}/gone/air-defence.html</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
 <description>Belarus will receive additional Russian S-400 air-defence systems this year under a
 deal signed in Moscow, the Belarusian defence ministry said on Tuesday, adding that crews had
 already finished their training at a range near Astrakhan.</description></item>
</channel></rss>
""".encode()


def atom_feed(base: str) -> bytes:
    """An Atom feed with one entry linking to the drones page."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger Atom</title><id>urn:ledger</id>
<updated>2023-10-12T09:15:00Z</updated>
<entry><title>Tehran delivered attack drones to Russia, Kyiv says</title><id>urn:e1</id>
 <link href="{base}/pages/drones.html"/><updated>2023-10-12T09:15:00Z</updated>
 <summary>Another batch of drones, according to Ukraine's air force.</summary></entry>
</feed>
""".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        server: LoopbackServer = self.server.owner  # type: ignore[attr-defined]
        server.hits.append(self.path)
        base = server.base
        p = self.path.split("?", 1)[0]
        if p.startswith("/pages/"):
            f = PAGES / p.removeprefix("/pages/")
            if f.is_file():
                self._send(200, f.read_bytes())
            else:
                self._send(404, b"<html><body>not here</body></html>")
        elif p == "/feed.xml":
            self._send(200, rss_feed(base), "application/rss+xml")
        elif p == "/atom.xml":
            self._send(200, atom_feed(base), "application/atom+xml; charset=utf-8")
        elif p == "/feed-as-text-xml":
            self._send(200, rss_feed(base), "text/xml")
        elif p == "/bomb.xml":
            self._send(200, BILLION_LAUGHS, "application/rss+xml")
        elif p == "/redirect":
            self._redirect("/pages/drones.html", 301)
        elif p == "/loop-a":
            self._redirect("/loop-b")
        elif p == "/loop-b":
            self._redirect("/loop-a")
        elif p.startswith("/chain/"):
            n = int(p.rsplit("/", 1)[1])
            self._redirect(f"/chain/{n + 1}")
        elif p == "/doc.pdf":
            self._send(200, b"%PDF-1.4 not really", "application/pdf")
        elif p == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif p == "/huge":
            # 200 MB of HTML streamed without Content-Length: the client must stop early.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"padding " * 8000 + b"</p>\n"
            sent = 0
            try:
                while sent < 200 * 1024 * 1024:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            server.huge_sent.append(sent)
            self.close_connection = True
        elif p == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(200 * 1024 * 1024))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
        elif p == "/slow":
            time.sleep(3)
            self._send(200, (PAGES / "weather.html").read_bytes())
        elif p == "/empty.html":
            self._send(200, b"<html><body><nav>menu</nav></body></html>")
        else:
            self._send(404, b"<html><body>no such page</body></html>")


@dataclass
class LoopbackServer:
    base: str
    hits: list[str]
    huge_sent: list[int]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def http_server() -> Iterator[LoopbackServer]:
    """The loopback server, for the whole session."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    owner = LoopbackServer(f"http://{host}:{port}", [], [])
    httpd.owner = owner  # type: ignore[attr-defined]
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield owner
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, extra_records: bool = True) -> Path:
    """A gzipped WARC with a response record per (url, html) page, plus a request and an image record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, html in pages:
            if extra_records:
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
                w.write_record(w.create_warc_record(url, "request", http_headers=req))
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers)
            )
        if extra_records:
            img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    "https://img.example/x.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=img
                )
            )
    return path


UNRELATED_TOPICS = (
    "The city council approved a new budget for road repairs after a long debate about potholes",
    "A local bakery won the regional bread contest with a sourdough recipe passed down four generations",
    "Heavy rain flooded several basements downtown and the fire brigade pumped water through the night",
    "The university library extended its opening hours for the exam season and added quiet rooms",
    "A rare owl was spotted in the municipal park and birdwatchers gathered with long lenses",
    "Train services between the two northern towns resumed after the bridge inspection ended early",
)


def synthetic_docs(n: int, *, seed: int = 7) -> list[dict[str, object]]:
    """``n`` distinct JSONL records (numbers and word order vary, so none is a duplicate of another)."""
    import random

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        topic = UNRELATED_TOPICS[i % len(UNRELATED_TOPICS)]
        words = topic.split()
        rnd.shuffle(words)
        text = (
            f"Report {i}: {topic}. Officials counted {rnd.randint(1, 10**6)} visitors on day {i}. "
            + " ".join(words)
            + f". Reference number {i * 7919 % 100003}-{rnd.randint(1000, 9999)}."
        )
        out.append(
            {"id": f"syn-{i:05d}", "text": text, "published": f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"}
        )
    return out


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    """Write records one JSON object a line."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
