"""The watch loop: poll due sources → ingest → update stories → rules → outbox → deliver.

One cycle (:meth:`Watcher.run_cycle`):

1. every source whose ``next_due_at`` has come is polled (:mod:`armswatch.watch.poll`);
2. its new documents go through ingest's pipeline (dedup, extraction, one transaction per batch);
3. only then is the source's state (ETag, Last-Modified, hashes, seen items, next due time) saved;
   a failed poll increases its failure count and pushes ``next_due_at`` back exponentially;
4. in ONE write transaction: stories are updated, their changes evaluated against the rules, and
   the alerts plus one outbox row per (alert, sink) inserted — detection and outbox commit together;
5. the sink workers (:class:`~armswatch.watch.outbox.Dispatcher`, one thread per sink) are woken.

Delivery runs in the workers, so a slow or failing sink never delays polling or the other sinks.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from armswatch.errors import ArmswatchError
from armswatch.ingest.fetch import Fetcher
from armswatch.settings import Settings
from armswatch.store import alerts_repo
from armswatch.store.engine import write_transaction
from armswatch.watch import rules as rules_mod
from armswatch.watch.config import SourceConfig, WatchConfig
from armswatch.watch.hooks import TestHooks
from armswatch.watch.outbox import Clock, Dispatcher, backoff_seconds, utcnow
from armswatch.watch.poll import PollResult, poll_path, poll_url
from armswatch.watch.sinks.base import Sink, build_sinks

if TYPE_CHECKING:
    from armswatch.ingest.pipeline import Ingestor
    from armswatch.store.repository import Store
    from armswatch.stories.model import StoryChange

log = logging.getLogger("armswatch.watch")

RETRY_CYCLE_S = 5.0

#: Updates the stories touched by the given documents inside the given transaction; returns what changed.
StoriesUpdate = Callable[[Connection, Sequence[str]], Sequence["StoryChange"]]


def default_stories_update() -> StoriesUpdate:
    """The stories stage's incremental update, run inside the watcher's detection transaction."""
    from armswatch.stories.update import default_naming, update_stories_in

    naming = default_naming()

    def run(conn: Connection, doc_ids: Sequence[str]) -> Sequence[StoryChange]:
        return update_stories_in(conn, doc_ids, naming=naming)

    return run


@dataclass
class SourceReport:
    """What one poll of one source did."""

    source: str
    new_documents: int = 0
    duplicates: int = 0
    claims: int = 0
    not_modified: bool = False
    failures: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class CycleReport:
    """What one cycle did (the status line)."""

    started: datetime
    polled: list[SourceReport] = field(default_factory=list)
    story_changes: int = 0
    alerts: int = 0
    new_alerts: int = 0
    elapsed_s: float = 0.0
    pending: int = 0

    def line(self) -> str:
        docs = sum(r.new_documents for r in self.polled)
        errs = sum(1 for r in self.polled if r.error)
        return (
            f"{self.started:%H:%M:%S} polled {len(self.polled)} source(s), {docs} new doc(s), "
            f"{self.story_changes} story change(s), {self.new_alerts} new alert(s), "
            f"{self.pending} queued delivery(ies){f', {errs} source error(s)' if errs else ''} "
            f"[{self.elapsed_s:.2f}s]"
        )


class Watcher:
    """A long-running watch over the sources of a :class:`WatchConfig`."""

    def __init__(
        self,
        config: WatchConfig,
        store: Store,
        ingestor: Ingestor,
        stories_update: StoriesUpdate,
        *,
        settings: Settings | None = None,
        sinks: dict[str, Sink] | None = None,
        clock: Clock = utcnow,
        hooks: TestHooks | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.ingestor = ingestor
        self.stories_update = stories_update
        self.settings = settings or Settings()
        if config.watch.allow_private and not self.settings.allow_private:
            self.settings = self.settings.model_copy(update={"allow_private": True})
        self.clock = clock
        self.hooks = hooks or TestHooks()
        self.on_cycle = on_cycle
        self.sinks = sinks if sinks is not None else build_sinks(list(config.sinks))
        self.rules = [rules_mod.Rule.from_config(r, config.sinks_for(r)) for r in config.rules]
        self.dispatcher = Dispatcher(
            store.engine,
            self.sinks,
            config.delivery,
            clock=clock,
            after_deliver=self.hooks.after_deliver,
        )
        self._stop = threading.Event()

    # -- one source --------------------------------------------------------------------------------
    def poll_source(self, source: SourceConfig) -> SourceReport:
        """Poll one source, ingest what is new, then save its state (see the module docstring)."""
        report = SourceReport(source.label)
        key = source.key
        with self.store.engine.connect() as conn:
            state = alerts_repo.get_source_state(conn, key)
            seen = alerts_repo.get_files(conn, key)
        now = self.clock()
        try:
            result: PollResult
            if source.url is not None:
                result = poll_url(source, state, seen, self.settings)
            else:
                result = poll_path(source, seen, self.settings, fetcher_factory=self._fetcher)
        except ArmswatchError as exc:
            return self._failed(source, state, report, exc.message, now)
        except OSError as exc:
            return self._failed(source, state, report, f"{source.label}: {exc}", now)
        report.not_modified = result.not_modified
        report.failures = list(result.failures)
        if result.documents:
            summary = self.ingestor.run_documents(result.documents)
            report.new_documents = summary.counts.new
            report.duplicates = summary.counts.duplicate
            report.claims = summary.counts.claims
            report.failures += list(summary.skipped_reasons)
        for f in report.failures:
            log.warning("%s: %s", source.label, f)
        done = self.clock()
        new_state = alerts_repo.SourceState(
            key=key,
            etag=result.etag,
            last_modified=result.last_modified,
            content_hash=result.content_hash,
            last_polled_at=done,
            last_ok_at=done,
            next_due_at=now + timedelta(seconds=source.every),
            failures=0,
            last_error=None,
        )
        with write_transaction(self.store.engine) as conn:
            alerts_repo.queue_documents(conn, [d.id for d in result.documents], done)
            alerts_repo.save_source_state(conn, new_state)
            alerts_repo.save_files(conn, key, result.items)
            alerts_repo.forget_files(conn, key, result.gone)
        return report

    def _fetcher(self) -> Fetcher:
        return Fetcher(self.settings)

    def _failed(
        self,
        source: SourceConfig,
        state: alerts_repo.SourceState,
        report: SourceReport,
        reason: str,
        now: datetime,
    ) -> SourceReport:
        failures = state.failures + 1
        wait = max(
            source.every, backoff_seconds(failures, source.every, self.config.watch.source_backoff_max)
        )
        wait = min(wait, max(source.every, self.config.watch.source_backoff_max))
        with write_transaction(self.store.engine) as conn:
            alerts_repo.save_source_state(
                conn,
                alerts_repo.SourceState(
                    key=source.key,
                    etag=state.etag,
                    last_modified=state.last_modified,
                    content_hash=state.content_hash,
                    last_polled_at=now,
                    last_ok_at=state.last_ok_at,
                    next_due_at=now + timedelta(seconds=wait),
                    failures=failures,
                    last_error=reason,
                ),
            )
        report.error = reason
        log.warning(
            "source %s failed (%d in a row), next try in %.0fs: %s", source.label, failures, wait, reason
        )
        return report

    # -- detection -----------------------------------------------------------------------------------
    def detect(self) -> tuple[int, int, int]:
        """Update the stories of documents awaiting detection, write alerts + outbox rows, and clear
        those documents — all in ONE transaction. Returns (story changes, alerts matched, alerts new).
        """
        now = self.clock()
        with write_transaction(self.store.engine) as conn:
            doc_ids = alerts_repo.pending_documents(conn)
            if not doc_ids:
                return 0, 0, 0
            changes = list(self.stories_update(conn, doc_ids))
            detected = rules_mod.detect(changes)
            matched = rules_mod.evaluate(detected, self.rules, link_base=self.config.watch.link_base, now=now)
            new = 0
            for alert, sinks in matched:
                if alerts_repo.add_alert(
                    conn,
                    alert_id=alert.id,
                    kind=alert.kind,
                    rule=alert.rule,
                    story_id=alert.story_id,
                    supplier=alert.supplier,
                    recipient=alert.recipient,
                    title=alert.title,
                    created_at=alert.created_at,
                    payload=alert.to_json(),
                    sinks=[s for s in sinks if s in self.sinks],
                ):
                    new += 1
            alerts_repo.clear_documents(conn, doc_ids)
        if new:
            self.hooks.after_outbox_commit(new)
        return len(changes), len(matched), new

    # -- the loop ------------------------------------------------------------------------------------
    def due_sources(self, now: datetime) -> list[SourceConfig]:
        """Sources whose next poll time has come (never-polled sources are due at once)."""
        with self.store.engine.connect() as conn:
            out = []
            for s in self.config.sources:
                st = alerts_repo.get_source_state(conn, s.key)
                if st.next_due_at is None or st.next_due_at <= now:
                    out.append(s)
        return out

    def run_cycle(self, *, poll_all: bool = False, detect: bool = False) -> CycleReport:
        """Poll what is due (everything with ``poll_all``), ingest, detect, queue alerts, wake the sinks.

        Detection runs when something was polled, or always with ``detect``.
        """
        t0 = time.perf_counter()
        now = self.clock()
        report = CycleReport(started=now)
        sources = list(self.config.sources) if poll_all else self.due_sources(now)
        for source in sources:
            if self._stop.is_set():
                break
            report.polled.append(self.poll_source(source))
        if report.polled or detect:
            report.story_changes, report.alerts, report.new_alerts = self.detect()
            if report.new_alerts:
                self.dispatcher.wake()
        with self.store.engine.connect() as conn:
            report.pending = alerts_repo.pending_count(conn)
        report.elapsed_s = time.perf_counter() - t0
        return report

    def next_wakeup(self) -> float:
        """Seconds until the next source is due (bounded by the scheduler tick)."""
        now = self.clock()
        soonest: datetime | None = None
        with self.store.engine.connect() as conn:
            for s in self.config.sources:
                st = alerts_repo.get_source_state(conn, s.key)
                due = st.next_due_at or now
                soonest = due if soonest is None or due < soonest else soonest
        if soonest is None:
            return self.config.watch.tick
        return max(0.0, min((soonest - now).total_seconds(), 60.0))

    def stop(self) -> None:
        """Ask the loop to end after the step in hand (safe from a signal handler)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, once: bool = False) -> None:
        """Run cycles until :meth:`stop` (or one cycle with ``once``); delivery runs alongside."""
        self.dispatcher.start()
        try:
            # Detect once at start: claims ingested while no watcher ran are not missed.
            first = True
            while not self._stop.is_set():
                try:
                    report = self.run_cycle(poll_all=once, detect=first)
                except (ArmswatchError, SQLAlchemyError) as exc:
                    # e.g. the database is unreachable: nothing is lost (state is only saved after
                    # what it describes), so wait and try the cycle again.
                    log.error("cycle failed, retrying in %.0fs: %s", RETRY_CYCLE_S, str(exc).splitlines()[0])
                    if once:
                        raise
                    self._stop.wait(timeout=RETRY_CYCLE_S)
                    continue
                first = False
                if report.polled or report.new_alerts or once:
                    log.info(report.line())
                    if self.on_cycle is not None:
                        self.on_cycle(report)
                if once:
                    self._drain()
                    break
                self._stop.wait(timeout=max(self.config.watch.tick, self.next_wakeup()))
        finally:
            self.dispatcher.stop()

    def _drain(self, timeout: float = 30.0) -> None:
        """For ``--once``: give the sink workers time to deliver what is due now."""
        deadline = time.monotonic() + timeout
        self.dispatcher.wake()
        while time.monotonic() < deadline:
            with self.store.engine.connect() as conn:
                now = datetime.now(UTC)
                due = any(
                    alerts_repo.due_deliveries(conn, name, now, limit=1) for name in self.dispatcher.sinks
                )
            if not due:
                return
            time.sleep(0.1)
