"""Read the documents of one partition (JSONL, JSONL.gz, WARC, WARC.gz, Parquet).

Bad records do not stop a partition: each is skipped and its one-line reason kept in a
:class:`SkipLog`, which the worker reports into the run manifest.

Record → :class:`Document` conversion is the ingest stage's (``armswatch.ingest.readers`` for JSONL
objects and Parquet rows, ``armswatch.ingest.html`` for WARC pages), so document ids and fields are
the same whether a file goes through ``ingest``, ``extract`` or ``batch``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from armswatch.batch.partitions import WARC_TYPES, Partition, iter_lines
from armswatch.errors import ArmswatchError, BatchError, InputError
from armswatch.records import Document
from armswatch.settings import Settings

#: Fields of a JSONL object / Parquet row that map onto :class:`Document` attributes.
DOC_FIELDS = ("id", "text", "url", "title", "published", "outlet", "author", "language")
MAX_REASONS = 20


@dataclass
class SkipLog:
    """Records skipped in a partition: a count and the first few reasons."""

    count: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        self.count += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(reason)


def _jsonl_converter() -> Callable[[Any, str, int], Document]:
    """The ingest stage's JSONL-object → Document function, so ids and fields match ``ingest``/``extract``."""
    from armswatch.ingest.readers import jsonl_record

    return jsonl_record


def read_partition(part: Partition, skips: SkipLog, settings: Settings) -> Iterator[Document]:
    """The documents of ``part`` in file order; bad records are skipped into ``skips``."""
    try:
        if part.format in ("jsonl", "jsonl.gz"):
            yield from _read_jsonl(part, skips, settings)
        elif part.format in ("warc", "warc.gz"):
            yield from _read_warc(part, skips, settings)
        else:
            yield from _read_parquet(part, skips, settings)
    except OSError as exc:
        raise BatchError("E810", path=part.path, reason=exc.strerror or str(exc)) from exc


def _read_jsonl(part: Partition, skips: SkipLog, settings: Settings) -> Iterator[Document]:
    convert = _jsonl_converter()
    limit = settings.max_doc_bytes
    for lineno, raw in iter_lines(part):
        if not raw.strip():
            continue
        try:
            if len(raw) > limit:
                raise InputError(
                    "E107", path=part.path, line=lineno, reason=f"line is over the {limit}-byte limit"
                )
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise InputError("E107", path=part.path, line=lineno, reason=str(exc)) from None
            yield convert(obj, part.path, lineno)
        except ArmswatchError as exc:
            skips.add(str(exc))


def _read_warc(part: Partition, skips: SkipLog, settings: Settings) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from armswatch.ingest.warc import warc_record_document

    seen = 0
    with open(part.path, "rb") as f:
        f.seek(part.offset)
        try:
            for record in ArchiveIterator(f):
                if record.rec_type not in WARC_TYPES:
                    continue
                if seen >= part.count:
                    return
                seen += 1
                try:
                    doc = warc_record_document(record, part.path, part.start + seen, settings)
                except ArmswatchError as exc:
                    skips.add(str(exc))
                    continue
                if doc is not None:
                    yield doc
        except (ArchiveLoadFailed, EOFError, ValueError) as exc:
            raise BatchError("E810", path=part.path, reason=f"invalid WARC: {exc}") from exc


def _read_parquet(part: Partition, skips: SkipLog, settings: Settings) -> Iterator[Document]:
    import pyarrow.parquet as pq

    convert = _jsonl_converter()
    pf = pq.ParquetFile(part.path)
    meta = pf.metadata
    wanted = [c for c in DOC_FIELDS if c in pf.schema_arrow.names]
    row = 0
    end = part.start + part.count
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        lo, hi = row, row + n
        row = hi
        if hi <= part.start:
            continue
        if lo >= end:
            break
        table = pf.read_row_group(g, columns=wanted)
        first = max(part.start, lo)
        table = table.slice(first - lo, min(end, hi) - first)
        for i, obj in enumerate(table.to_pylist()):
            try:
                text = obj.get("text")
                if isinstance(text, str) and len(text.encode("utf-8")) > settings.max_doc_bytes:
                    raise InputError(
                        "E106",
                        path=f"{part.path}:{first + i + 1}",
                        size=len(text),
                        limit=settings.max_doc_bytes,
                    )
                yield convert({k: v for k, v in obj.items() if v is not None}, part.path, first + i + 1)
            except ArmswatchError as exc:
                skips.add(str(exc))
