"""Tables of the stories stage (migration ``0002_stories``).

- ``stories``: one row per story with its headline facts as columns (for filtering and listing)
  and the full computed facts (:meth:`armswatch.stories.model.Story.to_dict`) as JSON.
- ``story_claims``: which claim belongs to which story (each claim in exactly one story).
- ``story_events``: the story's timeline, one row per document, with what it added.

Stories are derived data: ``armswatch stories rebuild`` recomputes all of them from the claims.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from armswatch.store.schema import metadata

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("supplier", String(64), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("first_seen", Date, nullable=True),
    Column("last_updated", Date, nullable=True),
    Column("status", String(16), nullable=False),
    Column("categories", JSON, nullable=False),
    Column("systems", JSON, nullable=False),
    Column("n_claims", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("distinct_outlets", Integer, nullable=False),
    Column("n_contradictions", Integer, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_stories_pair", "supplier", "recipient"),
    Index("ix_stories_last_updated", "last_updated"),
    Index("ix_stories_status", "status"),
)

story_claims = Table(
    "story_claims",
    metadata,
    Column("claim_id", String(64), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", String(128), nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_story_claims_story_id", "story_id"),
    Index("ix_story_claims_document_id", "document_id"),
)

story_events = Table(
    "story_events",
    metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("date", Date, nullable=True),
    Column("document_id", String(128), nullable=False),
    Column("claim_id", String(64), nullable=False),
    Column("outlet", String(256), nullable=True),
    Column("url", Text, nullable=True),
    Column("status", String(16), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("summary", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Index("ix_story_events_date", "date"),
)

STORY_TABLES = (stories, story_claims, story_events)
