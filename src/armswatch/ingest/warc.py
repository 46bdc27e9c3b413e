"""WARC archives (``.warc``, ``.warc.gz``): HTML response records become Documents (via warcio).

Each HTML ``response`` record is read up to ``Settings.fetch_max_bytes`` and passed to
:func:`~armswatch.ingest.html.html_to_document`; other records (requests, metadata, images, PDFs)
are passed over. A file that is not a WARC, or is truncated, ends with a one-line reason; the
documents read before the damage are kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from armswatch.errors import ArmswatchError, IngestError
from armswatch.ingest.canonical import canonical_url
from armswatch.ingest.fetch import content_kind
from armswatch.ingest.readers import ReadFailure
from armswatch.records import Document
from armswatch.settings import Settings

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc_path(path: str | os.PathLike[str]) -> bool:
    """True for ``.warc`` and ``.warc.gz`` names."""
    return os.fspath(path).lower().endswith(WARC_SUFFIXES)


def _sniff(name: str) -> str | None:
    """Why the file is not a WARC (None when it starts like one): warcio alone would read junk as ARC."""
    import zlib

    with open(name, "rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error as exc:
            return f"broken gzip stream ({exc})"
    if not head:
        return "file is empty"
    if not head.startswith(b"WARC/"):
        return "no WARC/1.x record header at the start"
    return None


def warc_record_document(record: Any, name: str, index: int, settings: Settings) -> Document | None:
    """A Document from one WARC record, or None for records that are not 2xx HTML responses.

    Used by ``ingest`` and by ``batch`` (which reads partitions of a WARC file by offset), so both
    give the same ids. Raises :class:`ArmswatchError` for a page that cannot be used (too large,
    no main text).
    """
    from armswatch.ingest.html import html_to_document

    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    if not status or not status.startswith("2"):
        return None
    if content_kind(record.http_headers.get_header("Content-Type") or "") != "html":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{name}#{uri}" if uri else f"{name}#{index}"
    body = record.content_stream().read(settings.fetch_max_bytes + 1)
    if len(body) > settings.fetch_max_bytes:
        raise IngestError("E504", source=where, limit=settings.fetch_max_bytes)
    doc = html_to_document(body, url=uri, source=where, settings=settings)
    canon = canonical_url(doc.url)
    return replace(doc, id=Document.make_id(doc.text, canon)) if canon else doc


def warc_documents(path: str | os.PathLike[str], settings: Settings) -> Iterator[Document | ReadFailure]:
    """Documents from the HTML response records of one WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = os.fspath(path)
    found = 0
    try:
        why = _sniff(name)
        if why:
            yield ReadFailure.from_error(IngestError("E509", source=name, reason=why), name)
            return
        with open(name, "rb") as fh:
            for index, record in enumerate(ArchiveIterator(fh)):
                if record.format != "warc":
                    raise ArchiveLoadFailed(f"unexpected {record.format} record")
                try:
                    doc = warc_record_document(record, name, index, settings)
                except ArmswatchError as exc:
                    where = str(exc.values.get("source") or name)
                    yield ReadFailure.from_error(exc, where)
                    continue
                if doc is None:
                    continue
                found += 1
                yield doc
    except FileNotFoundError:
        yield ReadFailure.from_error(IngestError("E509", source=name, reason="file does not exist"), name)
        return
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield ReadFailure.from_error(IngestError("E509", source=name, reason=reason), name)
        return
    if found == 0:
        yield ReadFailure.from_error(IngestError("E510", source=name), name)
