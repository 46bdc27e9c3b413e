"""The database schema as SQLAlchemy Core tables (the single source of truth for migration 0001_base).

Ids are deterministic strings (see :mod:`armswatch.store.ids`), so writing the same input twice
changes nothing. JSON columns hold short lists (categories, systems, calibres, denied_by) for reading;
filters use the join tables (``claim_categories``) or plain columns.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

documents = Table(
    "documents",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("url", Text, nullable=True),
    Column("canonical_url", Text, nullable=True, unique=True),
    Column("outlet", String(256), nullable=True),
    Column("title", Text, nullable=True),
    Column("author", Text, nullable=True),
    Column("published", Date, nullable=True),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("language", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("dup_group", String(128), nullable=True),
    Column("source", Text, nullable=True),
    Column("extra", JSON, nullable=True),
    Index("ix_documents_dup_group", "dup_group"),
    Index("ix_documents_published", "published"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("supplier", String(64), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("categories", JSON, nullable=False),
    Column("systems", JSON, nullable=False),
    Column("calibers_mm", JSON, nullable=False),
    Column("quantity_text", Text, nullable=True),
    Column("quantity_value", Float, nullable=True),
    Column("quantity_unit", String(64), nullable=True),
    Column("status", String(16), nullable=False),
    Column("denied_by", JSON, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("published", Date, nullable=True),
    Column("outlet", String(256), nullable=True),
    Column("dup_group", String(128), nullable=True),
    Index("ix_claims_pair", "supplier", "recipient"),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_status", "status"),
    Index("ix_claims_published", "published"),
)

claim_categories = Table(
    "claim_categories",
    metadata,
    Column("claim_id", String(64), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("category", String(32), primary_key=True),
    Index("ix_claim_categories_category", "category"),
)

claim_items = Table(
    "claim_items",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("claim_id", String(64), ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("system", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("caliber_mm", Integer, nullable=True),
    Column("quantity_text", Text, nullable=True),
    Column("quantity_value", Float, nullable=True),
    Column("quantity_unit", String(64), nullable=True),
    Column("system_id", String(128), nullable=True),
    Index("ix_claim_items_claim_id", "claim_id"),
)

claim_sources = Table(
    "claim_sources",
    metadata,
    Column("claim_id", String(64), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
)

role_checks = Table(
    "role_checks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("person", Text, nullable=False),
    Column("stated_role", Text, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("actual_role", Text, nullable=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("official_id", String(128), nullable=True),
    Index("ix_role_checks_document_id", "document_id"),
)

document_minhash = Table(
    "document_minhash",
    metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

ALL_TABLES = (documents, claims, claim_categories, claim_items, claim_sources, role_checks, document_minhash)
