"""Polling one watched source: what is new since the last poll, as Documents (nothing is stored here).

- **URL** (feed or page): a conditional GET through ingest's guarded :class:`~armswatch.ingest.fetch.Fetcher`
  (same private-network refusal, redirect bound, size cap and content-type checks), adding
  ``If-None-Match``/``If-Modified-Since`` from the stored ETag/Last-Modified. ``304`` or a body whose
  hash equals the last one means "nothing new". A feed's entries are tracked by link: only entries
  not seen before are fetched (with the same guards) and turned into Documents.
- **Folder or file**: files that ingest can read, compared by (mtime, size) and then by sha256 with
  what was last ingested; only new or changed files are read.

A :class:`PollResult` carries the Documents plus the state to persist. The caller commits that state
only **after** the Documents are stored, so a crash in between means the next poll sees the same
content again (and ingest's deduplication makes re-reading it harmless) — never that content is skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from armswatch.errors import ArmswatchError, FetchError, IngestError, WatchError
from armswatch.ingest.canonical import canonical_url
from armswatch.ingest.feeds import FeedEntry, entry_document, looks_like_feed, parse_feed
from armswatch.ingest.fetch import Fetched, Fetcher
from armswatch.ingest.html import html_to_document
from armswatch.ingest.readers import ReadFailure
from armswatch.ingest.sources import file_documents, walk
from armswatch.records import Document
from armswatch.settings import Settings
from armswatch.store.alerts_repo import FileState, SourceState
from armswatch.watch.config import SourceConfig

ACCEPT = (
    "application/rss+xml, application/atom+xml, text/html, application/xhtml+xml, "
    "application/xml;q=0.9, */*;q=0.1"
)


@dataclass
class PollResult:
    """New documents from one poll, failures met on the way, and the source state to save after storing."""

    documents: list[Document] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    items: list[FileState] = field(default_factory=list)
    """Files (or feed entries) read this time, recorded once the documents are stored."""
    gone: list[str] = field(default_factory=list)
    """Recorded files that no longer exist."""
    http_status: int | None = None


class _Validators:
    """httpx event hooks that add conditional headers to requests and capture the response's validators."""

    def __init__(self) -> None:
        self.etag: str | None = None
        self.last_modified: str | None = None
        self.sent_etag: str | None = None
        self.sent_last_modified: str | None = None
        self.status: int | None = None

    def on_request(self, request: httpx.Request) -> None:
        if self.sent_etag:
            request.headers["If-None-Match"] = self.sent_etag
        if self.sent_last_modified:
            request.headers["If-Modified-Since"] = self.sent_last_modified

    def on_response(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.etag = response.headers.get("etag")
        self.last_modified = response.headers.get("last-modified")


def conditional_fetch(
    url: str, settings: Settings, etag: str | None, last_modified: str | None
) -> tuple[Fetched | None, _Validators]:
    """GET ``url`` with ingest's guards plus conditional headers. ``(None, v)`` when the server says 304."""
    v = _Validators()
    v.sent_etag, v.sent_last_modified = etag, last_modified
    t = settings.fetch_timeout
    client = httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(t, connect=min(t, 10.0)),
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        trust_env=False,
        event_hooks={"request": [v.on_request], "response": [v.on_response]},
    )
    with Fetcher(settings, client=client) as fetcher:
        try:
            got = fetcher.fetch(url)
        except FetchError:
            if v.status == 304:
                return None, v
            raise
    if v.status == 304:
        return None, v
    return got, v


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_key(entry: FeedEntry) -> str:
    """How a feed entry is recognised across polls: its canonical link, else a hash of its content."""
    canon = canonical_url(entry.link) if entry.link else None
    if canon:
        return canon
    return "entry:" + sha256(f"{entry.title}\x1f{entry.summary}\x1f{entry.published}".encode())


def entry_to_document(entry: FeedEntry, feed: str, settings: Settings, fetcher: Fetcher) -> Document:
    """The entry's linked article (fetched with the guards), else the entry's own title and summary."""
    article_error: ArmswatchError | None = None
    if entry.link:
        try:
            got = fetcher.fetch(entry.link)
            if got.kind == "xml":
                raise FetchError("E506", source=entry.link, content_type=got.content_type)
            doc = html_to_document(got.body, url=got.final_url, source=entry.link, settings=settings)
            if doc.published is None and entry.published is not None:
                doc = replace(doc, published=entry.published)
            canon = canonical_url(doc.url)
            return replace(doc, id=Document.make_id(doc.text, canon)) if canon else doc
        except ArmswatchError as exc:
            article_error = exc
    try:
        doc = entry_document(entry, feed)
    except ArmswatchError:
        if article_error is not None:
            raise article_error from None
        raise
    if article_error is not None:
        doc = replace(doc, extra={**doc.extra, "article_error": article_error.message})
    return doc


def poll_url(
    source: SourceConfig,
    state: SourceState,
    seen: dict[str, FileState],
    settings: Settings,
) -> PollResult:
    """Poll a feed or page URL (see the module docstring). Raises on a failed fetch of the URL itself."""
    url = source.target
    got, v = conditional_fetch(url, settings, state.etag, state.last_modified)
    res = PollResult(http_status=v.status)
    if got is None:
        res.not_modified = True
        res.etag, res.last_modified, res.content_hash = state.etag, state.last_modified, state.content_hash
        return res
    res.etag = v.etag or None
    res.last_modified = v.last_modified or None
    res.content_hash = sha256(got.body)
    if res.content_hash == state.content_hash:
        res.not_modified = True
        return res
    with Fetcher(settings) as fetcher:
        if got.kind != "html" and looks_like_feed(got.body):
            for entry in parse_feed(got.body, url):
                key = entry_key(entry)
                if key in seen:
                    continue
                try:
                    res.documents.append(entry_to_document(entry, url, settings, fetcher))
                except ArmswatchError as exc:
                    res.failures.append(exc.message)
                    continue  # not recorded as seen: retried on the next poll
                res.items.append(FileState(path=key, mtime_ns=0, size=0, sha256=sha256(key.encode())))
            if res.failures:
                # Keep the old validators so the next poll gets the feed again and retries the
                # entries that failed (the ones read now are skipped as seen).
                res.etag, res.last_modified, res.content_hash = (
                    state.etag,
                    state.last_modified,
                    state.content_hash,
                )
            return res
    if got.kind == "xml":
        raise IngestError("E507", source=url, reason="XML whose root is not rss, feed or rdf:RDF")
    doc = html_to_document(got.body, url=got.final_url, source=url, settings=settings)
    canon = canonical_url(doc.url)
    res.documents.append(replace(doc, id=Document.make_id(doc.text, canon)) if canon else doc)
    return res


def poll_path(
    source: SourceConfig,
    seen: dict[str, FileState],
    settings: Settings,
    *,
    fetcher_factory: Callable[[], Fetcher] | None = None,
) -> PollResult:
    """Poll a folder (recursively) or one file: read files that are new or whose content changed."""
    root = Path(str(source.path)).expanduser()
    res = PollResult()
    if not root.exists():
        raise WatchError("E705", source=str(root), reason="the path does not exist")
    files = [root] if root.is_file() else list(walk(root))
    present: set[str] = set()
    fetcher = fetcher_factory() if fetcher_factory else None
    try:
        for f in files:
            key = str(f.resolve())
            present.add(key)
            try:
                st = f.stat()
            except OSError as exc:
                res.failures.append(f"{f}: cannot stat: {exc.strerror or exc}")
                continue
            old = seen.get(key)
            if old is not None and old.mtime_ns == st.st_mtime_ns and old.size == st.st_size:
                continue
            try:
                digest = _file_sha256(f)
            except OSError as exc:
                res.failures.append(f"{f}: cannot read: {exc.strerror or exc}")
                continue
            res.items.append(FileState(path=key, mtime_ns=st.st_mtime_ns, size=st.st_size, sha256=digest))
            if old is not None and old.sha256 == digest:
                continue  # touched, not changed
            for got in file_documents(f, settings, fetcher):
                if isinstance(got, ReadFailure):
                    res.failures.append(got.message)
                else:
                    res.documents.append(got)
    finally:
        if fetcher is not None:
            fetcher.close()
    res.gone = [k for k in seen if k not in present]
    return res


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
