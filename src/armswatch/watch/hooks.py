"""Crash-test hooks: make the watcher stop dead at a chosen point so a test can SIGKILL it there.

Enabled only by the environment variable ``ARMSWATCH_WATCH_TEST_HOOK=POINT:MARKER_FILE``, where POINT is

- ``outbox`` — right after alerts and outbox rows are committed, before any delivery;
- ``deliver`` (or ``deliver@SINK`` for one sink) — right after a sink accepted an alert, before the
  delivery is marked.

At that point the watcher writes MARKER_FILE and stops the whole process with SIGSTOP (every thread
freezes, so no other sink can move on); the test then kills it with SIGKILL. Without the variable
these hooks do nothing. They exist to prove the delivery guarantees, not for production use.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert

ENV = "ARMSWATCH_WATCH_TEST_HOOK"
POINTS = ("outbox", "deliver")


@dataclass(frozen=True)
class TestHooks:
    """Where to stop (``point``) and which file to write when stopping there."""

    __test__ = False  # not a pytest test class

    point: str | None = None
    marker: Path | None = None
    sink: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TestHooks:
        value = (env if env is not None else os.environ).get(ENV, "")
        point, _, marker = value.partition(":")
        point, _, sink = point.partition("@")
        if point not in POINTS or not marker:
            return cls()
        return cls(point=point, marker=Path(marker), sink=sink or None)

    def _halt(self, note: str) -> None:
        assert self.marker is not None
        self.marker.write_text(note, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGSTOP)  # freeze every thread until the test kills us
        threading.Event().wait()  # and never let this one go on, even if the process is continued

    def after_outbox_commit(self, new_alerts: int) -> None:
        if self.point == "outbox":
            self._halt(f"outbox {new_alerts}")

    def after_deliver(self, alert: Alert, sink: str) -> None:
        if self.point == "deliver" and self.sink in (None, sink):
            self._halt(f"deliver {alert.id} {sink}")
