"""Tables of the watch stage (migration ``0003_alerts``): alerts, the per-sink outbox, source poll state.

- ``alerts``: one row per alert (deterministic id), the full JSON body kept for redelivery.
- ``alert_deliveries``: the outbox — one row per (alert, sink), ``pending`` until the sink accepted it,
  with attempts and the next retry time (exponential backoff survives restarts).
- ``watch_sources``: per polled source, the HTTP validators (ETag, Last-Modified), the last body hash,
  when it is next due and how many consecutive failures it had (for backoff).
- ``watch_items``: items already read from a source: files of a folder (mtime/size/sha256) or feed
  entries (by canonical link).
- ``watch_pending_docs``: documents stored by the watcher whose story update (and alerts) have not
  been committed yet — the input side of the outbox, so a crash between ingest and detection only
  delays alerts to the next start.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from armswatch.store.schema import metadata

alerts = Table(
    "alerts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("rule", String(256), nullable=False),
    Column("story_id", String(128), nullable=False),
    Column("supplier", String(64), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("payload", JSON, nullable=False),
    Index("ix_alerts_created_at", "created_at"),
    Index("ix_alerts_story_id", "story_id"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("alert_id", String(64), ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("sink", String(128), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Index("ix_alert_deliveries_due", "sink", "status", "next_attempt_at"),
)

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("key", String(1024), primary_key=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("content_hash", String(64), nullable=True),
    Column("last_polled_at", DateTime(timezone=True), nullable=True),
    Column("last_ok_at", DateTime(timezone=True), nullable=True),
    Column("next_due_at", DateTime(timezone=True), nullable=True),
    Column("failures", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
)

watch_items = Table(
    "watch_items",
    metadata,
    Column("source_key", String(1024), primary_key=True),
    Column("item", String(2048), primary_key=True),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
)

watch_pending_docs = Table(
    "watch_pending_docs",
    metadata,
    Column("doc_id", String(128), primary_key=True),
    Column("queued_at", DateTime(timezone=True), nullable=False),
)

ALERT_TABLES = (alerts, alert_deliveries, watch_sources, watch_items, watch_pending_docs)
