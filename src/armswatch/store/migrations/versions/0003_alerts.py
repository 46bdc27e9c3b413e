"""Watch stage: alerts, the per-sink delivery outbox, poll state of watched sources, pending detections.

Revision ID: 0003_alerts
Revises: 0002_stories
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_alerts"
down_revision = "0002_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("rule", sa.String(256), nullable=False),
        sa.Column("story_id", sa.String(128), nullable=False),
        sa.Column("supplier", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])
    op.create_index("ix_alerts_story_id", "alerts", ["story_id"])

    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", sa.String(64), nullable=False),
        sa.Column("sink", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("alert_id", "sink", name="pk_alert_deliveries"),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name="fk_alert_deliveries_alert_id_alerts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["sink", "status", "next_attempt_at"])

    op.create_table(
        "watch_sources",
        sa.Column("key", sa.String(1024), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_ok_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_watch_sources"),
    )

    op.create_table(
        "watch_items",
        sa.Column("source_key", sa.String(1024), nullable=False),
        sa.Column("item", sa.String(2048), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("source_key", "item", name="pk_watch_items"),
    )

    op.create_table(
        "watch_pending_docs",
        sa.Column("doc_id", sa.String(128), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name="pk_watch_pending_docs"),
    )


def downgrade() -> None:
    for name in ("watch_pending_docs", "watch_items", "watch_sources", "alert_deliveries", "alerts"):
        op.drop_table(name)
