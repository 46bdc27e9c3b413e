"""Turn the SOURCE arguments of ``armswatch ingest`` into a stream of Documents and failures.

A SOURCE is an ``http(s)://`` URL (a page or a feed, told apart by content), a file, or a
directory (walked recursively, in sorted order, hidden entries skipped). Files by suffix:
``.txt``/``.md``/``.html``/``.htm``/``.jsonl``/``.ndjson`` (via :mod:`armswatch.ingest.readers`),
``.warc``/``.warc.gz`` (:mod:`armswatch.ingest.warc`), ``.xml``/``.rss``/``.atom`` feeds
(:mod:`armswatch.ingest.feeds`; their articles are fetched when a fetcher is given).
Every problem is a :class:`~armswatch.ingest.readers.ReadFailure` naming the input; nothing raises.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from armswatch.errors import ArmswatchError, IngestError, InputError
from armswatch.ingest.canonical import canonical_url
from armswatch.ingest.feeds import feed_documents, looks_like_feed
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.readers import (
    HTML_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    ReadFailure,
    read_path,
)
from armswatch.ingest.warc import is_warc_path, warc_documents
from armswatch.records import Document
from armswatch.settings import Settings

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
INGEST_SUFFIXES = SUPPORTED_SUFFIXES | FEED_SUFFIXES | {".warc"}


@dataclass(frozen=True, slots=True)
class Item:
    """One element of the source stream: a Document or a failure, and the SOURCE argument it came from."""

    origin: str
    document: Document | None = None
    failure: ReadFailure | None = None


def is_url(source: str) -> bool:
    """True for http(s) URLs."""
    return source.lower().startswith(("http://", "https://"))


def _ingestable(path: Path) -> bool:
    return is_warc_path(path) or path.suffix.lower() in INGEST_SUFFIXES


def walk(directory: Path) -> Iterator[Path]:
    """Ingestable files under ``directory``, recursively, sorted, hidden entries skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            p = Path(root) / f
            if not f.startswith(".") and _ingestable(p):
                yield p


def _failure(exc: ArmswatchError, source: str) -> ReadFailure:
    return ReadFailure.from_error(exc, source)


def file_documents(
    path: Path, settings: Settings, fetcher: Fetcher | None
) -> Iterator[Document | ReadFailure]:
    """Documents of one file, by suffix."""
    name = str(path)
    if is_warc_path(path):
        yield from warc_documents(path, settings)
        return
    if path.suffix.lower() in FEED_SUFFIXES:
        try:
            size = path.stat().st_size
            if size > settings.max_doc_bytes:
                raise InputError("E106", path=name, size=size, limit=settings.max_doc_bytes)
            data = path.read_bytes()
        except FileNotFoundError:
            yield _failure(InputError("E111", path=name), name)
            return
        except OSError as exc:
            yield _failure(InputError("E101", path=name, reason=exc.strerror or str(exc)), name)
            return
        except ArmswatchError as exc:
            yield _failure(exc, name)
            return
        if not looks_like_feed(data):
            yield _failure(
                IngestError("E507", source=name, reason="root element is not rss, feed or rdf:RDF"), name
            )
            return
        yield from feed_documents(data, name, fetcher=fetcher, settings=settings)
        return
    for got in read_path(path, settings):
        if isinstance(got, Document) and (
            path.suffix.lower() in TEXT_SUFFIXES or (path.suffix.lower() in HTML_SUFFIXES and not got.url)
        ):
            # a file stem is not unique across directories: identify such files by their content
            got = replace(got, id=Document.make_id(got.text))
        yield got


def url_documents(url: str, settings: Settings, fetcher: Fetcher) -> Iterator[Document | ReadFailure]:
    """Documents of one URL: a page, or a feed and its linked articles."""
    from armswatch.ingest.html import html_to_document

    try:
        got = fetcher.fetch(url)
        if got.kind != "html" and looks_like_feed(got.body):
            yield from feed_documents(got.body, url, fetcher=fetcher, settings=settings)
            return
        if got.kind == "xml":
            raise IngestError("E507", source=url, reason="XML whose root is not rss, feed or rdf:RDF")
        doc = html_to_document(got.body, url=got.final_url, source=url, settings=settings)
        canon = canonical_url(doc.url)
        yield replace(doc, id=Document.make_id(doc.text, canon)) if canon else doc
    except ArmswatchError as exc:
        yield _failure(exc, url)


def iter_sources(
    sources: Sequence[str], settings: Settings, fetcher: Fetcher | None = None
) -> Iterator[Item]:
    """Everything the SOURCE arguments hold, in order, as :class:`Item`s."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        for source in sources:
            if is_url(source):
                stream: Iterator[Document | ReadFailure] = url_documents(source, settings, fetcher)
            elif "://" in source:
                stream = iter([_failure(IngestError("E512", source=source), source)])
            else:
                path = Path(source)
                if path.is_dir():
                    stream = _dir_documents(path, settings, fetcher)
                else:
                    stream = file_documents(path, settings, fetcher)
            for got in stream:
                if isinstance(got, Document):
                    yield Item(source, document=got)
                else:
                    yield Item(source, failure=got)
    finally:
        if own:
            fetcher.close()


def _dir_documents(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[Document | ReadFailure]:
    for f in walk(path):
        yield from file_documents(f, settings, fetcher)
