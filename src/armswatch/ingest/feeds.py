"""RSS/Atom/RDF feeds: detect them by content, parse them safely, turn entries into Documents.

Parsing runs in two steps on bytes (never on a URL): defusedxml first — which refuses entity
declarations and external references, so a "billion laughs" or external-entity feed is rejected
with a one-line reason — then feedparser for the entries. Each entry's linked article is fetched
with the same guards as any URL; when that fails the entry's own summary becomes the document.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from armswatch.errors import ArmswatchError, FetchError, IngestError, InputError
from armswatch.ingest.canonical import canonical_url
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.readers import ReadFailure
from armswatch.records import Document
from armswatch.settings import Settings

FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_PROLOG = re.compile(
    rb"\s*(<\?xml[^>]*\?>\s*)?((<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)\s*)*", re.S | re.I
)
_ROOT = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: its link, title, plain-text summary and date."""

    link: str | None
    title: str | None
    summary: str | None
    published: date | None


def looks_like_feed(data: bytes) -> bool:
    """True when the document's root element is ``rss``, ``feed`` (Atom) or ``rdf:RDF``."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    m = _PROLOG.match(head)
    rest = head[m.end() :] if m else head
    root = _ROOT.match(rest)
    return root is not None and root.group(1).decode("ascii", "replace").lower() in FEED_ROOTS


def _plain(html: str | None) -> str | None:
    if not html:
        return None
    import html as html_mod

    text = " ".join(html_mod.unescape(_TAG.sub(" ", html)).split())
    return text or None


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def parse_feed(data: bytes, source: str) -> list[FeedEntry]:
    """Entries of a feed given as bytes. Raises IngestError E508 for entity declarations, E507 if invalid."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError("E508", source=source, reason=type(exc).__name__ + ": " + str(exc)) from exc
    except DET.ParseError as exc:
        raise IngestError("E507", source=source, reason=f"XML error: {exc}") from exc
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        raise IngestError(
            "E507", source=source, reason=str(parsed.get("bozo_exception", "unreadable")).splitlines()[0]
        )
    entries = []
    for e in parsed.entries:
        summary = _plain(e.get("summary")) or _plain(
            (e.get("content") or [{}])[0].get("value") if e.get("content") else None
        )
        entries.append(
            FeedEntry(
                link=e.get("link") or None,
                title=_plain(e.get("title")),
                summary=summary,
                published=_entry_date(e),
            )
        )
    return entries


def entry_document(entry: FeedEntry, feed_source: str) -> Document:
    """A Document made of the entry's own title and summary (used when its article cannot be fetched)."""
    parts = [p for p in (entry.title, entry.summary) if p]
    if not entry.summary:
        raise InputError("E110", path=entry.link or feed_source)
    text = "\n\n".join(parts)
    url = entry.link
    from armswatch.ingest.html import outlet_from_url

    return Document(
        id=Document.make_id(text, canonical_url(url) or url),
        text=text,
        published=entry.published,
        title=entry.title,
        url=url,
        outlet=outlet_from_url(url),
        source=feed_source,
        extra={"from_feed_summary": True},
    )


def feed_documents(
    data: bytes, source: str, *, fetcher: Fetcher | None, settings: Settings
) -> Iterator[Document | ReadFailure]:
    """Documents for a feed's entries: each linked article fetched (with ``fetcher``), else its summary.

    A feed read from disk may pass ``fetcher=None``: then only the summaries are used.
    """
    from armswatch.ingest.html import html_to_document

    try:
        entries = parse_feed(data, source)
    except ArmswatchError as exc:
        yield ReadFailure.from_error(exc, source)
        return
    if not entries:
        yield ReadFailure(source, None, "E507", f"[E507] {source}: invalid feed: no entries.")
        return
    for entry in entries:
        article_error: ArmswatchError | None = None
        if fetcher is not None and entry.link:
            try:
                got = fetcher.fetch(entry.link)
                if got.kind == "xml":
                    raise FetchError("E506", source=entry.link, content_type=got.content_type)
                doc = html_to_document(got.body, url=got.final_url, source=entry.link, settings=settings)
                if doc.published is None and entry.published is not None:
                    from dataclasses import replace

                    doc = replace(doc, published=entry.published)
                yield _with_canonical_id(doc)
                continue
            except ArmswatchError as exc:
                article_error = exc
        try:
            doc = entry_document(entry, source)
            if article_error is not None:
                doc = _note(doc, article_error.message)
            yield doc
        except ArmswatchError as exc:
            yield ReadFailure.from_error(article_error or exc, entry.link or source)


def _note(doc: Document, message: str) -> Document:
    from dataclasses import replace

    return replace(doc, extra={**doc.extra, "article_error": message})


def _with_canonical_id(doc: Document) -> Document:
    """Give a fetched page the id of its canonical URL, so one article read twice has one id."""
    from dataclasses import replace

    canon = canonical_url(doc.url)
    return replace(doc, id=Document.make_id(doc.text, canon)) if canon else doc
