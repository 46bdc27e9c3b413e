"""JSONL sink: one alert per line, appended and fsync'ed; an alert id already in the file is skipped.

The dedupe makes the file's content exactly-once even when the outbox redelivers after a crash
between writing and marking the delivery.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from armswatch.watch.sinks.base import SinkError

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert


def read_ids(path: Path) -> set[str]:
    """Alert ids already in a JSONL file (unreadable lines are ignored)."""
    ids: set[str] = set()
    if not path.exists():
        return ids
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                ids.add(obj["id"])
    return ids


class JsonlSink:
    """Appends alerts to ``path`` (created with its parent folders)."""

    def __init__(self, name: str, path: str | Path) -> None:
        self.name = name
        self.path = Path(path).expanduser()
        self._ids: set[str] | None = None

    def deliver(self, alert: Alert) -> None:
        line = json.dumps(alert.to_json(), ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+", encoding="utf-8") as fh:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                try:
                    if self._ids is None:
                        self._ids = read_ids(self.path)
                    if alert.id in self._ids:
                        return
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                    self._ids.add(alert.id)
                finally:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        except OSError as exc:
            raise SinkError(self.name, alert.id, f"{self.path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        return None
