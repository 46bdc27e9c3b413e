"""Batch inputs: expand paths and globs, recognise formats, and cut each file into partitions.

A :class:`Partition` is a small, picklable description of a slice of one input file (no data):
the worker that runs it opens the file and reads only its slice. Seekable inputs record a byte
offset (plain JSONL, WARC, WARC.gz — Common Crawl WARCs are one gzip member per record) or a row
range (Parquet); a single-stream JSONL.gz is read from the start, skipping the lines before the slice.

Planning is deterministic: the same inputs and partition size give the same partition ids.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from armswatch.errors import BatchError

Format = Literal["jsonl", "jsonl.gz", "warc", "warc.gz", "parquet"]

_SUFFIXES: tuple[tuple[str, Format], ...] = (
    (".jsonl.gz", "jsonl.gz"),
    (".ndjson.gz", "jsonl.gz"),
    (".warc.gz", "warc.gz"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".warc", "warc"),
    (".parquet", "parquet"),
)

#: WARC record types that can carry a page.
WARC_TYPES = ("response", "resource")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, with the fingerprint used to notice it changed between runs."""

    path: str
    format: Format
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Partition:
    """A slice of one input file: records ``start .. start+count-1`` (0-based, in file order).

    ``offset`` is the byte offset of record ``start`` for seekable formats, else -1.
    """

    id: str
    path: str
    format: Format
    start: int
    count: int
    offset: int = -1


def detect_format(path: str | Path) -> Format:
    """The batch format of a file from its name, or :class:`BatchError` E802."""
    name = str(path).lower()
    for suffix, fmt in _SUFFIXES:
        if name.endswith(suffix):
            return fmt
    raise BatchError("E802", path=path, suffix=Path(name).suffix or name)


def expand_inputs(patterns: Iterable[str | Path]) -> list[InputFile]:
    """Expand files, directories (recursively) and globs into input files, in a stable order.

    Order: arguments as given; within a glob or directory, sorted paths. Duplicates are kept once.
    Files of unknown type inside a directory are ignored; given explicitly they are an error.
    """
    seen: set[str] = set()
    out: list[InputFile] = []

    def add(p: Path) -> None:
        key = str(p.resolve())
        if key in seen:
            return
        seen.add(key)
        fmt = detect_format(p)
        st = p.stat()
        out.append(InputFile(path=key, format=fmt, size=st.st_size, mtime_ns=st.st_mtime_ns))

    for pattern in patterns:
        text = str(pattern)
        if glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise BatchError("E801", path=text)
            for f in files:
                add(f)
            continue
        p = Path(text)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _known(f))
            if not files:
                raise BatchError("E801", path=text)
            for f in files:
                add(f)
        elif p.is_file():
            add(p)
        else:
            raise BatchError("E801", path=text)
    return out


def _known(path: Path) -> bool:
    try:
        detect_format(path)
    except BatchError:
        return False
    return True


def plan_file(inp: InputFile, file_index: int, size: int) -> list[Partition]:
    """Cut one input file into partitions of ``size`` records (the last may be shorter)."""
    if inp.format == "jsonl":
        starts = _jsonl_offsets(inp.path, size)
        total = starts.pop()
        spans = [(i * size, off) for i, off in enumerate(starts)]
    elif inp.format == "jsonl.gz":
        total = _gz_line_count(inp.path)
        spans = [(s, -1) for s in range(0, total, size)]
    elif inp.format in ("warc", "warc.gz"):
        offsets = _warc_offsets(inp.path)
        total = len(offsets)
        spans = [(s, offsets[s]) for s in range(0, total, size)]
    else:
        total = _parquet_rows(inp.path)
        spans = [(s, -1) for s in range(0, total, size)]
    parts = []
    for k, (start, offset) in enumerate(spans):
        parts.append(
            Partition(
                id=f"f{file_index:05d}-p{k:06d}",
                path=inp.path,
                format=inp.format,
                start=start,
                count=min(size, total - start),
                offset=offset,
            )
        )
    return parts


def plan(inputs: list[InputFile], size: int) -> list[Partition]:
    """Partitions of all inputs, in input order."""
    if size < 1:
        raise ValueError(f"partition size must be >= 1, got {size}")
    parts: list[Partition] = []
    for i, inp in enumerate(inputs):
        parts.extend(plan_file(inp, i, size))
    return parts


def _jsonl_offsets(path: str, size: int) -> list[int]:
    """Byte offsets of lines 0, size, 2*size, …; the last element is the total line count."""
    offsets: list[int] = []
    lines = 0
    pos = 0
    try:
        with open(path, "rb") as f:
            for line in f:
                if lines % size == 0:
                    offsets.append(pos)
                pos += len(line)
                lines += 1
    except OSError as exc:
        raise BatchError("E810", path=path, reason=exc.strerror or str(exc)) from exc
    offsets.append(lines)
    return offsets


def _gz_line_count(path: str) -> int:
    lines = 0
    last = b"\n"
    try:
        with gzip.open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (OSError, EOFError) as exc:
        raise BatchError("E810", path=path, reason=str(exc)) from exc
    return lines + (0 if last == b"\n" else 1)


def _warc_offsets(path: str) -> list[int]:
    """Byte offsets of the page-carrying records (response/resource) of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offsets: list[int] = []
    try:
        with open(path, "rb") as f:
            it = ArchiveIterator(f, no_record_parse=True)
            for record in it:
                if record.rec_type in WARC_TYPES:
                    offsets.append(it.get_record_offset())
    except (OSError, EOFError, ArchiveLoadFailed, ValueError) as exc:
        raise BatchError("E810", path=path, reason=f"invalid WARC: {exc}") from exc
    return offsets


def _parquet_rows(path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise BatchError("E810", path=path, reason=str(exc)) from exc
    if "text" not in pf.schema_arrow.names:
        raise BatchError("E808", path=path, columns=", ".join(pf.schema_arrow.names))
    return int(pf.metadata.num_rows)


def iter_lines(part: Partition) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw line) for the lines of a JSONL or JSONL.gz partition."""
    if part.format == "jsonl":
        with open(part.path, "rb") as f:
            f.seek(part.offset)
            for i in range(part.count):
                line = f.readline()
                if not line:
                    return
                yield part.start + i + 1, line
        return
    with gzip.open(part.path, "rb") as g:
        for _ in range(part.start):
            if not g.readline():
                return
        for i in range(part.count):
            line = g.readline()
            if not line:
                return
            yield part.start + i + 1, line


def file_changed(inp: InputFile) -> bool:
    """True if the file's size or modification time differ from the fingerprint."""
    try:
        st = os.stat(inp.path)
    except OSError:
        return True
    return st.st_size != inp.size or st.st_mtime_ns != inp.mtime_ns
