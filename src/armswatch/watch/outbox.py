"""Delivering the outbox: one worker per sink, deliver-then-mark, exponential backoff persisted in the DB.

Guarantees, stated plainly:

- An alert and its per-sink outbox rows are committed in the same transaction as the story update
  that detected it, so nothing detected is lost when the process dies before delivery: a restart
  finds the pending rows and delivers them.
- A delivery is marked ``delivered`` only after the sink accepted it (deliver, then mark). If the
  process dies between the two, the alert is delivered **again** after restart, with the same alert id.
  Delivery is therefore at-least-once per sink; the webhook sends the id as ``Idempotency-Key`` and
  the JSONL sink skips ids already in its file, so their observable effect is exactly once. Email
  carries ``Message-ID: <alert-id@armswatch>``; the terminal sink cannot dedupe.
- While a sink is down its alerts stay ``pending``; attempt *n* waits ``backoff_base·2^(n-1)``
  (capped at ``backoff_max``) and the wait is stored, so it survives restarts. With
  ``max_attempts = 0`` (the default) nothing is ever given up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from armswatch.errors import ArmswatchError
from armswatch.store import alerts_repo
from armswatch.store.engine import write_transaction
from armswatch.watch.alerts import Alert
from armswatch.watch.config import DeliveryConfig
from armswatch.watch.sinks.base import Sink, SinkError

log = logging.getLogger("armswatch.watch")

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def backoff_seconds(failures: int, base: float, cap: float) -> float:
    """Wait after the ``failures``-th consecutive failure: ``base·2^(failures-1)``, at most ``cap``."""
    if failures <= 0:
        return 0.0
    return float(min(cap, base * (2 ** min(failures - 1, 30))))


@dataclass
class SinkStats:
    delivered: int = 0
    failed_attempts: int = 0
    last_error: str | None = None


class Dispatcher:
    """Delivers pending outbox rows of each sink; :meth:`start` runs one thread per sink."""

    def __init__(
        self,
        engine: Engine,
        sinks: dict[str, Sink],
        policy: DeliveryConfig | None = None,
        *,
        clock: Clock = utcnow,
        after_deliver: Callable[[Alert, str], None] | None = None,
        idle_wait: float = 5.0,
    ) -> None:
        self.engine = engine
        self.sinks = sinks
        self.policy = policy or DeliveryConfig()
        self.clock = clock
        self.after_deliver = after_deliver
        self.idle_wait = idle_wait
        self.stats = {name: SinkStats() for name in sinks}
        self._failures = dict.fromkeys(sinks, 0)
        self._blocked_until: dict[str, datetime | None] = dict.fromkeys(sinks)
        self._wake = {name: threading.Event() for name in sinks}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- one pass --------------------------------------------------------------------------------
    def deliver_due(self, sink_name: str, limit: int = 50) -> int:
        """Deliver what is due for one sink, oldest first; stop at the first failure. Returns deliveries."""
        sink = self.sinks[sink_name]
        now = self.clock()
        blocked = self._blocked_until.get(sink_name)
        if blocked is not None and now < blocked:
            return 0
        with self.engine.connect() as conn:
            due = alerts_repo.due_deliveries(conn, sink_name, now, limit)
        done = 0
        for row, payload in due:
            if self._stop.is_set():
                break
            alert = Alert.from_json(payload)
            try:
                sink.deliver(alert)
            except SinkError as exc:
                self._record_failure(sink_name, row, exc.reason)
                break
            except ArmswatchError as exc:
                self._record_failure(sink_name, row, exc.message)
                break
            if self.after_deliver is not None:
                self.after_deliver(alert, sink_name)
            with write_transaction(self.engine) as conn:
                alerts_repo.mark_delivered(conn, row.alert_id, sink_name, self.clock())
            self._failures[sink_name] = 0
            self._blocked_until[sink_name] = None
            self.stats[sink_name].delivered += 1
            done += 1
            log.info("delivered %s to %s (attempt %d)", alert.id, sink_name, row.attempts + 1)
        return done

    def _record_failure(self, sink_name: str, row: alerts_repo.DeliveryRow, reason: str) -> None:
        p = self.policy
        self._failures[sink_name] += 1
        wait = backoff_seconds(self._failures[sink_name], p.backoff_base, p.backoff_max)
        now = self.clock()
        retry_at = now + timedelta(seconds=wait)
        self._blocked_until[sink_name] = retry_at
        give_up = bool(p.max_attempts) and row.attempts + 1 >= p.max_attempts
        with write_transaction(self.engine) as conn:
            alerts_repo.mark_failed(
                conn, row.alert_id, sink_name, error=reason, next_attempt_at=retry_at, give_up=give_up
            )
        st = self.stats[sink_name]
        st.failed_attempts += 1
        st.last_error = reason
        log.warning(
            "sink %s: %s; %s",
            sink_name,
            reason,
            "giving up on this alert (max_attempts)" if give_up else f"retrying in {wait:.1f}s",
        )

    def deliver_all_due(self) -> int:
        """One pass over every sink (used by tests and ``--once``)."""
        return sum(self.deliver_due(name) for name in self.sinks)

    # -- threads ---------------------------------------------------------------------------------
    def wake(self) -> None:
        """Tell every sink worker that new alerts were committed."""
        for ev in self._wake.values():
            ev.set()

    def _seconds_until_next(self, sink_name: str) -> float:
        now = self.clock()
        with self.engine.connect() as conn:
            nxt = alerts_repo.next_due_at(conn, sink_name)
        blocked = self._blocked_until.get(sink_name)
        if nxt is None:
            return self.idle_wait
        if blocked is not None and blocked > nxt:
            nxt = blocked
        return max(0.0, min(self.idle_wait, (nxt - now).total_seconds()))

    def _run(self, sink_name: str) -> None:
        wake = self._wake[sink_name]
        while not self._stop.is_set():
            try:
                while self.deliver_due(sink_name) and not self._stop.is_set():
                    pass
                wait = self._seconds_until_next(sink_name)
            except Exception as exc:  # keep the worker alive; the row stays pending
                log.error("sink %s worker error: %s", sink_name, exc)
                wait = self.idle_wait
            if wait > 0:
                wake.wait(timeout=wait)
            wake.clear()

    def start(self) -> None:
        """Start one daemon thread per sink."""
        for name in self.sinks:
            t = threading.Thread(target=self._run, args=(name,), name=f"armswatch-sink-{name}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the workers to finish the delivery in hand and exit; wait for them."""
        self._stop.set()
        self.wake()
        for t in self._threads:
            t.join(timeout=timeout)
        for sink in self.sinks.values():
            try:
                sink.close()
            except Exception as exc:  # closing must not hide the shutdown
                log.debug("closing sink %s: %s", sink.name, exc)
