"""Read input files (and stdin) into :class:`~armswatch.records.Document` records.

:func:`read_path` yields a ``Document`` for every document it could read and a :class:`ReadFailure`
for every one it could not, so a caller reports the failure in one line and goes on with the rest.
Supported: ``.txt``/``.md``/``.text`` (plain text), ``.html``/``.htm`` (main text via trafilatura,
see :mod:`armswatch.ingest.html`), ``.jsonl``/``.ndjson`` (one JSON object a line) and ``-`` (stdin,
plain text).

Size limits: a text or HTML file larger than ``Settings.max_doc_bytes`` is refused from its size on
disk, before any of it is read. A JSONL file is streamed line by line, and the limit applies to each
line (each document), so a large collection is fine but one giant line is refused.

No database code here: storage is the ingest stage's business.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from armswatch.errors import ArmswatchError, InputError
from armswatch.ingest.html import html_to_document, parse_date
from armswatch.records import Document
from armswatch.settings import Settings

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "ReadFailure",
    "decode_text",
    "read_jsonl_stream",
    "read_path",
    "read_paths",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

#: JSONL keys mapped onto Document fields; everything else goes to ``Document.extra``.
_JSONL_FIELDS = ("id", "text", "published", "url", "title", "outlet", "author", "language")
_SNIFF_BYTES = 8192
STDIN = "-"


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One input (or one line of a JSONL input) that could not be read."""

    source: str
    """The path (or ``-`` for stdin) as given."""
    line: int | None
    """1-based line number for JSONL lines, else None."""
    code: str
    """The error code (``E1xx``, see :mod:`armswatch.errors`)."""
    message: str
    """The one-line message, naming the input (and line)."""

    @classmethod
    def from_error(cls, error: ArmswatchError, source: str, line: int | None = None) -> ReadFailure:
        """Wrap a raised :class:`ArmswatchError` without losing its code."""
        return cls(source=source, line=line, code=error.code, message=error.message)

    def __str__(self) -> str:
        return self.message


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (a BOM is dropped), refusing binary data and invalid UTF-8 with E103/E104."""
    if b"\x00" in data:
        raise InputError("E103", path=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("E104", path=name, offset=err.start) from None


def _check_file(path: Path, name: str, settings: Settings) -> int:
    """Stat ``path`` and refuse it before reading: missing, a directory, not a file, too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("E111", path=name) from None
    except OSError as err:
        raise InputError("E101", path=name, reason=err.strerror or str(err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("E102", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("E101", path=name, reason="not a regular file")
    return info.st_size


def _read_bounded(stream: IO[bytes], name: str, limit: int) -> bytes:
    """Read at most ``limit`` bytes; refuse (E106) when there is more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError("E106", path=name, size=f"more than {limit}", limit=limit)
    return data


def _text_document(data: bytes, name: str, doc_id: str | None) -> Document:
    text = decode_text(data, name)
    if not text.strip():
        raise InputError("E105", path=name)
    return Document(id=doc_id or Document.make_id(text), text=text, source=name)


def _open(path: Path, name: str) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as err:
        raise InputError("E101", path=name, reason=err.strerror or str(err)) from None


def _read_whole(path: Path, name: str, settings: Settings) -> bytes:
    size = _check_file(path, name, settings)
    if size > settings.max_doc_bytes:
        raise InputError("E106", path=name, size=size, limit=settings.max_doc_bytes)
    if size == 0:
        raise InputError("E105", path=name)
    with _open(path, name) as fh:
        return _read_bounded(fh, name, settings.max_doc_bytes)


def jsonl_record(obj: Any, name: str, line: int) -> Document:
    """Validate one parsed JSONL object and build its Document."""
    if not isinstance(obj, dict):
        raise InputError(
            "E107", path=name, line=line, reason=f"expected a JSON object, got {type(obj).__name__}"
        )
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("E108", path=name, line=line)
    raw_id = obj.get("id")
    if raw_id is None or raw_id == "":
        doc_id = None
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise InputError("E107", path=name, line=line, reason=f"'id' must be a string, got {raw_id!r}")
    strings: dict[str, str | None] = {}
    for key in ("url", "title", "outlet", "author", "language"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError("E107", path=name, line=line, reason=f"{key!r} must be a string, got {value!r}")
        strings[key] = value or None
    raw_published = obj.get("published")
    published = parse_date(raw_published)
    if raw_published not in (None, "") and published is None:
        raise InputError(
            "E107", path=name, line=line, reason=f"'published' {raw_published!r} is not a date (YYYY-MM-DD)"
        )
    extra = {k: v for k, v in obj.items() if k not in _JSONL_FIELDS}
    return Document(
        id=doc_id or Document.make_id(text, strings["url"]),
        text=text,
        published=published,
        title=strings["title"],
        url=strings["url"],
        outlet=strings["outlet"],
        author=strings["author"],
        language=strings["language"],
        source=f"{name}:{line}",
        extra=extra,
    )


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_jsonl_stream(stream: IO[bytes], name: str, settings: Settings) -> Iterator[Document | ReadFailure]:
    """Read JSONL from a binary stream, one Document or ReadFailure per non-blank line.

    A malformed line is reported with its 1-based line number and the other lines are still read.
    A line longer than ``settings.max_doc_bytes`` is refused without being held in memory.
    """
    limit = settings.max_doc_bytes
    head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if b"\x00" in head:
        yield ReadFailure.from_error(InputError("E103", path=name), name)
        return
    seen_any = False
    line_no = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            break
        line_no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            err = InputError("E107", path=name, line=line_no, reason=f"line is over the {limit}-byte limit")
            yield ReadFailure.from_error(err, name, line_no)
            seen_any = True
            continue
        if not raw.strip():
            continue
        seen_any = True
        try:
            if b"\x00" in raw:
                raise InputError(
                    "E107", path=name, line=line_no, reason="line contains NUL bytes (binary data)"
                )
            try:
                line_text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as err:
                raise InputError(
                    "E107", path=name, line=line_no, reason=f"not valid UTF-8 at byte {err.start} of the line"
                ) from None
            try:
                obj = json.loads(line_text)
            except json.JSONDecodeError as err:
                raise InputError(
                    "E107", path=name, line=line_no, reason=f"{err.msg} (column {err.colno})"
                ) from None
            yield jsonl_record(obj, name, line_no)
        except InputError as err:
            yield ReadFailure.from_error(err, name, line_no)
    if not seen_any:
        yield ReadFailure.from_error(InputError("E105", path=name), name)


def _read_stdin(settings: Settings) -> Document:
    data = _read_bounded(sys.stdin.buffer, "<stdin>", settings.max_doc_bytes)
    if not data.strip():
        raise InputError("E105", path="<stdin>")
    return _text_document(data, "<stdin>", None)


def read_path(
    path: str | os.PathLike[str], settings: Settings | None = None
) -> Iterator[Document | ReadFailure]:
    """Read one input into Documents, yielding a :class:`ReadFailure` for whatever cannot be read.

    ``path`` is a file (``.txt``, ``.md``, ``.html``, ``.htm``, ``.jsonl``) or ``-`` for stdin
    (plain text). Text files take their file stem as id; HTML files the id of their canonical URL
    (or the stem); JSONL lines their ``id`` field (or a hash of URL/text). Never raises
    :class:`~armswatch.errors.InputError`: each problem becomes a ``ReadFailure`` with a one-line
    message naming the input (and line).
    """
    settings = settings or Settings()
    name = os.fspath(path)
    try:
        if name == STDIN:
            yield _read_stdin(settings)
            return
        file = Path(name)
        suffix = file.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            size = _check_file(file, name, settings)
            if size == 0:
                raise InputError("E105", path=name)
            with _open(file, name) as fh:
                yield from read_jsonl_stream(fh, name, settings)
            return
        if suffix in HTML_SUFFIXES:
            data = _read_whole(file, name, settings)
            if b"\x00" in data[:_SNIFF_BYTES]:
                raise InputError("E103", path=name)
            if not data.strip():
                raise InputError("E105", path=name)
            doc = html_to_document(data, source=name, settings=settings)
            yield doc if doc.url else _with_id(doc, file.stem)
            return
        if suffix in TEXT_SUFFIXES:
            data = _read_whole(file, name, settings)
            yield _text_document(data, name, file.stem)
            return
        # Check existence first: a missing file says "does not exist", not "unsupported".
        _check_file(file, name, settings)
        raise InputError(
            "E109", path=name, suffix=suffix or "(none)", supported=", ".join(sorted(SUPPORTED_SUFFIXES))
        )
    except InputError as err:
        yield ReadFailure.from_error(err, name)


def _with_id(doc: Document, doc_id: str) -> Document:
    return replace(doc, id=doc_id)


def read_paths(
    paths: list[str] | tuple[str, ...], settings: Settings | None = None
) -> Iterator[Document | ReadFailure]:
    """:func:`read_path` over several inputs, in order."""
    settings = settings or Settings()
    for path in paths:
        yield from read_path(path, settings)
