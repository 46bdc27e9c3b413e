"""Fetch web pages and feeds with httpx, guarded against hostile or accidental inputs.

Guards (each failure is a :class:`~armswatch.errors.FetchError` with a one-line message):

- only ``http``/``https`` URLs;
- every hop's host is resolved (DNS) and refused when any address is loopback, private,
  link-local, multicast, reserved or unspecified, unless ``Settings.allow_private``;
- redirects are followed by hand, at most ``Settings.fetch_max_redirects``, each hop checked again
  (a redirect loop ends as "too many redirects");
- connect/read timeouts (``Settings.fetch_timeout``); a User-Agent;
- bodies are streamed and the download aborted as soon as it passes ``Settings.fetch_max_bytes``
  (a ``Content-Length`` over the cap is refused before reading);
- content type: HTML (``text/html``, ``application/xhtml+xml``) or XML feeds (RSS/Atom/RDF/XML);
  anything else (PDF, images, JSON...) is skipped with its type as the reason.

Known limit: the address is checked when resolved here; a DNS server that answers differently to
httpx's own lookup a moment later (DNS rebinding) is not defended against.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from armswatch.errors import FetchError
from armswatch.settings import Settings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+xml",
    }
)
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

Kind = Literal["html", "xml", "unknown"]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and where it finally came from."""

    url: str
    """The URL asked for."""
    final_url: str
    """The URL after redirects."""
    content_type: str
    kind: Kind
    body: bytes


def content_kind(content_type: str) -> Kind | None:
    """``html``/``xml`` for accepted media types, ``unknown`` when none is given, None to refuse."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not media:
        return "unknown"
    if media in HTML_TYPES:
        return "html"
    if media in FEED_TYPES or media.endswith("+xml"):
        return "xml"
    return None


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _is_public(ip.ipv4_mapped)
    bad = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )
    if isinstance(ip, ipaddress.IPv6Address):
        bad = bad or ip.is_site_local
    return not bad


def check_url(url: str, *, allow_private: bool, source: str | None = None) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    name = source or url
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise FetchError("E512", source=name) from exc
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise FetchError("E512", source=name)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(
            host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("E502", source=name, reason=f"cannot resolve host {host!r}: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not _is_public(addr):
            raise FetchError("E511", source=name, address=str(addr))


class Fetcher:
    """An HTTP client with the guards above. Use as a context manager, or call :meth:`close`."""

    def __init__(self, settings: Settings | None = None, *, client: httpx.Client | None = None) -> None:
        self.settings = settings or Settings()
        t = self.settings.fetch_timeout
        self._client = client or httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(t, connect=min(t, 10.0)),
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept": "text/html, application/xhtml+xml, "
                "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
            },
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Fetched:
        """GET ``url`` with every guard; raises :class:`FetchError` with a one-line reason."""
        s = self.settings
        current = url
        seen: set[str] = set()
        for _hop in range(s.fetch_max_redirects + 1):
            check_url(
                current,
                allow_private=s.allow_private,
                source=current if current == url else f"{url} -> {current}",
            )
            seen.add(current)
            try:
                with self._client.stream("GET", current) as resp:
                    if resp.status_code in REDIRECT_CODES:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(
                                "E502", source=url, reason=f"redirect {resp.status_code} without Location"
                            )
                        nxt = urljoin(current, location)
                        if nxt in seen:
                            raise FetchError("E505", source=url, limit=s.fetch_max_redirects)
                        current = nxt
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(
                            "E503", source=url, status=f"{resp.status_code} {resp.reason_phrase}".strip()
                        )
                    ctype = resp.headers.get("content-type", "")
                    kind = content_kind(ctype)
                    if kind is None:
                        raise FetchError("E506", source=url, content_type=ctype.split(";", 1)[0].strip())
                    body = self._read_capped(resp, url)
                    return Fetched(url=url, final_url=current, content_type=ctype, kind=kind, body=body)
            except httpx.TimeoutException as exc:
                raise FetchError("E502", source=url, reason=f"timed out ({type(exc).__name__})") from exc
            except httpx.TooManyRedirects as exc:  # pragma: no cover - we never let httpx follow
                raise FetchError("E505", source=url, limit=s.fetch_max_redirects) from exc
            except httpx.HTTPError as exc:
                raise FetchError("E502", source=url, reason=_one_line(exc)) from exc
        raise FetchError("E505", source=url, limit=s.fetch_max_redirects)

    def _read_capped(self, resp: httpx.Response, url: str) -> bytes:
        limit = self.settings.fetch_max_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError("E504", source=url, limit=limit)
        chunks: list[bytes] = []
        total = 0
        for chunk in resp.iter_bytes(65536):
            total += len(chunk)
            if total > limit:
                raise FetchError("E504", source=url, limit=limit)
            chunks.append(chunk)
        return b"".join(chunks)


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
