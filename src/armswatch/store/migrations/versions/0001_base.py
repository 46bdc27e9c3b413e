"""Base schema: documents, claims (+ categories, items, sources), role checks, MinHash signatures.

Revision ID: 0001_base
Revises: None

Frozen: later changes go in new revisions (0002_stories, 0003_alerts, ...), never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(256), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("dup_group", sa.String(128), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("canonical_url", name="uq_documents_canonical_url"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_index("ix_documents_dup_group", "documents", ["dup_group"])
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("supplier", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("calibers_mm", sa.JSON(), nullable=False),
        sa.Column("quantity_text", sa.Text(), nullable=True),
        sa.Column("quantity_value", sa.Float(), nullable=True),
        sa.Column("quantity_unit", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("denied_by", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("outlet", sa.String(256), nullable=True),
        sa.Column("dup_group", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_claims_document_id_documents", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_claims_pair", "claims", ["supplier", "recipient"])
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_index("ix_claims_published", "claims", ["published"])

    op.create_table(
        "claim_categories",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "category", name="pk_claim_categories"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_categories_claim_id_claims", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_claim_categories_category", "claim_categories", ["category"])

    op.create_table(
        "claim_items",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("system", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("caliber_mm", sa.Integer(), nullable=True),
        sa.Column("quantity_text", sa.Text(), nullable=True),
        sa.Column("quantity_value", sa.Float(), nullable=True),
        sa.Column("quantity_unit", sa.String(64), nullable=True),
        sa.Column("system_id", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_claim_items"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_items_claim_id_claims", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_claim_items_claim_id", "claim_items", ["claim_id"])

    op.create_table(
        "claim_sources",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "position", name="pk_claim_sources"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_sources_claim_id_claims", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "role_checks",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("stated_role", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("actual_role", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("official_id", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_role_checks"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_role_checks_document_id_documents", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_role_checks_document_id", "role_checks", ["document_id"])

    op.create_table(
        "document_minhash",
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_minhash"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_minhash_document_id_documents",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    for name in (
        "document_minhash",
        "role_checks",
        "claim_sources",
        "claim_items",
        "claim_categories",
        "claims",
        "documents",
    ):
        op.drop_table(name)
