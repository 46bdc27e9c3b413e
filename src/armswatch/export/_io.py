"""Opening an export destination: a path (written atomically) or an already open text stream."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def open_text(out: Path | IO[str], newline: str | None = None) -> Iterator[IO[str]]:
    """Yield a text stream; a path is written to a temporary file renamed into place on success."""
    if not isinstance(out, Path):
        yield out
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
