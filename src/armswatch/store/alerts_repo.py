"""SQL of the watch stage: the alert outbox and the persisted poll state of watched sources.

Every function takes a SQLAlchemy :class:`~sqlalchemy.Connection` and runs inside the caller's
transaction, so the watcher can write alerts and outbox rows in the same transaction as the story
update that detected them. Times are stored and returned as timezone-aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from armswatch.store.alerts_schema import (
    alert_deliveries,
    alerts,
    watch_items,
    watch_pending_docs,
    watch_sources,
)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def utc(value: datetime | None) -> datetime | None:
    """Treat naive datetimes (SQLite returns them) as UTC; convert aware ones to UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _insert_ignore(conn: Connection, table: Any, rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT … ON CONFLICT DO NOTHING; returns how many rows were new."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    stmt: Any
    pk = list(table.primary_key.columns)
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(list(rows)).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(list(rows)).on_conflict_do_nothing()
    else:  # pragma: no cover - the store supports SQLite and PostgreSQL only
        stmt = insert(table).values(list(rows))
    # rowcount is not reliable for multi-row inserts on every driver: count the returned keys.
    return len(conn.execute(stmt.returning(*pk)).all())


# -- alerts and the outbox ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlertRow:
    """A stored alert with its per-sink delivery states."""

    id: str
    kind: str
    rule: str
    story_id: str
    supplier: str
    recipient: str
    title: str
    created_at: datetime
    payload: dict[str, Any]
    deliveries: tuple[DeliveryRow, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One (alert, sink) outbox row."""

    alert_id: str
    sink: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None


def add_alert(
    conn: Connection,
    *,
    alert_id: str,
    kind: str,
    rule: str,
    story_id: str,
    supplier: str,
    recipient: str,
    title: str,
    created_at: datetime,
    payload: dict[str, Any],
    sinks: Iterable[str],
) -> bool:
    """Store an alert and one pending outbox row per sink. False if the alert id already existed.

    Re-detecting the same change yields the same id; the alert and its outbox rows are then left as
    they are (so an already delivered alert is not queued again).
    """
    new = _insert_ignore(
        conn,
        alerts,
        [
            {
                "id": alert_id,
                "kind": kind,
                "rule": rule,
                "story_id": story_id,
                "supplier": supplier,
                "recipient": recipient,
                "title": title,
                "created_at": created_at,
                "payload": payload,
            }
        ],
    )
    if new:
        _insert_ignore(
            conn,
            alert_deliveries,
            [
                {
                    "alert_id": alert_id,
                    "sink": s,
                    "status": PENDING,
                    "attempts": 0,
                    "next_attempt_at": created_at,
                    "last_error": None,
                    "delivered_at": None,
                }
                for s in dict.fromkeys(sinks)
            ],
        )
    return bool(new)


def due_deliveries(
    conn: Connection, sink: str, now: datetime, limit: int = 50
) -> list[tuple[DeliveryRow, dict]]:
    """Pending deliveries for ``sink`` whose retry time has come, oldest alert first, with payloads."""
    d = alert_deliveries
    q = (
        select(d, alerts.c.payload)
        .join(alerts, alerts.c.id == d.c.alert_id)
        .where(d.c.sink == sink, d.c.status == PENDING, d.c.next_attempt_at <= now)
        .order_by(alerts.c.created_at, alerts.c.id)
        .limit(limit)
    )
    return [(_delivery(r._mapping), dict(r._mapping["payload"])) for r in conn.execute(q)]


def next_due_at(conn: Connection, sink: str) -> datetime | None:
    """When the earliest pending delivery for ``sink`` may be attempted (None: nothing queued)."""
    d = alert_deliveries
    value = conn.execute(
        select(func.min(d.c.next_attempt_at)).where(d.c.sink == sink, d.c.status == PENDING)
    ).scalar()
    return utc(value)


def mark_delivered(conn: Connection, alert_id: str, sink: str, now: datetime) -> None:
    """Record that ``sink`` accepted ``alert_id``."""
    d = alert_deliveries
    conn.execute(
        update(d)
        .where(d.c.alert_id == alert_id, d.c.sink == sink)
        .values(status=DELIVERED, delivered_at=now, attempts=d.c.attempts + 1, last_error=None)
    )


def mark_failed(
    conn: Connection,
    alert_id: str,
    sink: str,
    *,
    error: str,
    next_attempt_at: datetime,
    give_up: bool = False,
) -> None:
    """Record a failed attempt; retry at ``next_attempt_at`` (or stop retrying if ``give_up``)."""
    d = alert_deliveries
    conn.execute(
        update(d)
        .where(d.c.alert_id == alert_id, d.c.sink == sink)
        .values(
            status=FAILED if give_up else PENDING,
            attempts=d.c.attempts + 1,
            last_error=error[:2000],
            next_attempt_at=next_attempt_at,
        )
    )


def requeue(conn: Connection, sink: str | None, now: datetime) -> int:
    """Put given-up (``failed``) deliveries back in the queue, for one sink or all; returns how many."""
    d = alert_deliveries
    cond = [d.c.status == FAILED] + ([d.c.sink == sink] if sink else [])
    res = conn.execute(update(d).where(and_(*cond)).values(status=PENDING, next_attempt_at=now))
    return max(res.rowcount or 0, 0)


def pending_count(conn: Connection, sink: str | None = None) -> int:
    """How many deliveries are still queued (for one sink or all)."""
    d = alert_deliveries
    q = select(func.count()).select_from(d).where(d.c.status == PENDING)
    if sink:
        q = q.where(d.c.sink == sink)
    return int(conn.execute(q).scalar() or 0)


def list_alerts(
    conn: Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    kind: str | None = None,
    rule: str | None = None,
    story_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AlertRow], int]:
    """Alerts (newest first) matching the filters, with their deliveries, and the total count."""
    cond = []
    if since is not None:
        cond.append(alerts.c.created_at >= since)
    if until is not None:
        cond.append(alerts.c.created_at < until)
    if kind:
        cond.append(alerts.c.kind == kind)
    if rule:
        cond.append(alerts.c.rule == rule)
    if story_id:
        cond.append(alerts.c.story_id == story_id)
    where = and_(*cond) if cond else None
    count_q = select(func.count()).select_from(alerts)
    q = select(alerts).order_by(alerts.c.created_at.desc(), alerts.c.id).limit(limit).offset(offset)
    if where is not None:
        count_q = count_q.where(where)
        q = q.where(where)
    total = int(conn.execute(count_q).scalar() or 0)
    rows = [r._mapping for r in conn.execute(q)]
    by_alert: dict[str, list[DeliveryRow]] = {r["id"]: [] for r in rows}
    if by_alert:
        dq = (
            select(alert_deliveries)
            .where(alert_deliveries.c.alert_id.in_(list(by_alert)))
            .order_by(alert_deliveries.c.sink)
        )
        for r in conn.execute(dq):
            dr = _delivery(r._mapping)
            by_alert[dr.alert_id].append(dr)
    return [
        AlertRow(
            id=r["id"],
            kind=r["kind"],
            rule=r["rule"],
            story_id=r["story_id"],
            supplier=r["supplier"],
            recipient=r["recipient"],
            title=r["title"],
            created_at=utc(r["created_at"]) or datetime.now(UTC),
            payload=dict(r["payload"]),
            deliveries=tuple(by_alert[r["id"]]),
        )
        for r in rows
    ], total


def _delivery(r: Any) -> DeliveryRow:
    return DeliveryRow(
        alert_id=r["alert_id"],
        sink=r["sink"],
        status=r["status"],
        attempts=int(r["attempts"]),
        next_attempt_at=utc(r["next_attempt_at"]) or datetime.now(UTC),
        last_error=r["last_error"],
        delivered_at=utc(r["delivered_at"]),
    )


# -- watched sources -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceState:
    """Persisted poll state of one watched source."""

    key: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    next_due_at: datetime | None = None
    failures: int = 0
    last_error: str | None = None


def get_source_state(conn: Connection, key: str) -> SourceState:
    """The stored state of a source (a blank state if it was never polled)."""
    r = conn.execute(select(watch_sources).where(watch_sources.c.key == key)).first()
    if r is None:
        return SourceState(key=key)
    m = r._mapping
    return SourceState(
        key=key,
        etag=m["etag"],
        last_modified=m["last_modified"],
        content_hash=m["content_hash"],
        last_polled_at=utc(m["last_polled_at"]),
        last_ok_at=utc(m["last_ok_at"]),
        next_due_at=utc(m["next_due_at"]),
        failures=int(m["failures"]),
        last_error=m["last_error"],
    )


def save_source_state(conn: Connection, state: SourceState) -> None:
    """Insert or replace a source's state."""
    values = {
        "etag": state.etag,
        "last_modified": state.last_modified,
        "content_hash": state.content_hash,
        "last_polled_at": state.last_polled_at,
        "last_ok_at": state.last_ok_at,
        "next_due_at": state.next_due_at,
        "failures": state.failures,
        "last_error": state.last_error[:2000] if state.last_error else None,
    }
    res = conn.execute(update(watch_sources).where(watch_sources.c.key == state.key).values(**values))
    if not res.rowcount:
        conn.execute(insert(watch_sources).values(key=state.key, **values))


@dataclass(frozen=True, slots=True)
class FileState:
    """What was last ingested from one file under a watched folder."""

    path: str
    mtime_ns: int
    size: int
    sha256: str


def get_files(conn: Connection, source_key: str) -> dict[str, FileState]:
    """Items recorded for a watched source (files of a folder, entries of a feed), by key."""
    q = select(watch_items).where(watch_items.c.source_key == source_key)
    return {
        r.item: FileState(path=r.item, mtime_ns=int(r.mtime_ns), size=int(r.size), sha256=r.sha256)
        for r in conn.execute(q)
    }


def save_files(conn: Connection, source_key: str, files: Iterable[FileState]) -> None:
    """Record (insert or replace) the state of files under a watched folder."""
    rows = list(files)
    if not rows:
        return
    conn.execute(
        delete(watch_items).where(
            watch_items.c.source_key == source_key, watch_items.c.item.in_([f.path for f in rows])
        )
    )
    conn.execute(
        insert(watch_items),
        [
            {
                "source_key": source_key,
                "item": f.path,
                "mtime_ns": f.mtime_ns,
                "size": f.size,
                "sha256": f.sha256,
            }
            for f in rows
        ],
    )


def forget_files(conn: Connection, source_key: str, paths: Iterable[str]) -> None:
    """Drop records of files that disappeared from a watched folder."""
    gone = list(paths)
    if gone:
        conn.execute(
            delete(watch_items).where(watch_items.c.source_key == source_key, watch_items.c.item.in_(gone))
        )


# -- documents awaiting detection ------------------------------------------------------------------


def queue_documents(conn: Connection, doc_ids: Iterable[str], now: datetime) -> int:
    """Remember stored documents whose story update has not been committed yet."""
    rows = [{"doc_id": d, "queued_at": now} for d in dict.fromkeys(doc_ids)]
    return _insert_ignore(conn, watch_pending_docs, rows)


def pending_documents(conn: Connection, limit: int = 10_000) -> list[str]:
    """Documents waiting for detection, oldest first."""
    q = (
        select(watch_pending_docs.c.doc_id)
        .order_by(watch_pending_docs.c.queued_at, watch_pending_docs.c.doc_id)
        .limit(limit)
    )
    return [r[0] for r in conn.execute(q)]


def clear_documents(conn: Connection, doc_ids: Iterable[str]) -> None:
    """Forget documents whose detection was committed (call in the same transaction)."""
    ids = list(doc_ids)
    for i in range(0, len(ids), 500):
        conn.execute(delete(watch_pending_docs).where(watch_pending_docs.c.doc_id.in_(ids[i : i + 500])))
