"""Stories: stories, story_claims, story_events (see ``armswatch/store/stories_schema.py``).

Revision ID: 0002_stories
Revises: 0001_base

Frozen: later changes go in new revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_stories"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("supplier", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_updated", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("n_claims", sa.Integer(), nullable=False),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("distinct_outlets", sa.Integer(), nullable=False),
        sa.Column("n_contradictions", sa.Integer(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_pair", "stories", ["supplier", "recipient"])
    op.create_index("ix_stories_last_updated", "stories", ["last_updated"])
    op.create_index("ix_stories_status", "stories", ["status"])
    op.create_table(
        "story_claims",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_story_claims_claim_id_claims", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name="fk_story_claims_story_id_stories", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", name="pk_story_claims"),
    )
    op.create_index("ix_story_claims_story_id", "story_claims", ["story_id"])
    op.create_index("ix_story_claims_document_id", "story_claims", ["document_id"])
    op.create_table(
        "story_events",
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("outlet", sa.String(256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name="fk_story_events_story_id_stories", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "position", name="pk_story_events"),
    )
    op.create_index("ix_story_events_date", "story_events", ["date"])


def downgrade() -> None:
    op.drop_table("story_events")
    op.drop_table("story_claims")
    op.drop_table("stories")
