"""Helpers shared by the batch tests: small WARC files and HTML pages written for them."""

from __future__ import annotations

import io
from pathlib import Path


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    """A gzipped WARC: request + response per page; .png URLs as images, URLs with 'missing' as 404s."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for k, (url, body) in enumerate(pages):
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            status, ctype = ("404 Not Found", "text/html") if "missing" in url else ("200 OK", "text/html")
            if url.endswith(".png"):
                ctype = "image/png"
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
            w.write_record(rec)
            if k == 1:
                meta = w.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12"))
                w.write_record(meta)


def page(title: str, para: str) -> str:
    """A small news page (navigation, article, footer) around ``para``."""
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{title}</h1><p>{para}</p><p>{para} Officials gave no further detail on the matter "
        "when reached by telephone late on Tuesday evening.</p></article>"
        "<footer>Contact us</footer></body></html>"
    )
