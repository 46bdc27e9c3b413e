"""Indexes for the REST API's lists and pair aggregation (owned by the api stage).

Revision ID: 0004_api_indexes
Revises: 0003_alerts

- ``ix_claims_facets`` (supplier, recipient, status, categories, published, id): the pairs endpoint
  aggregates claims by pair, status and category set with an index-only scan, and claim counts and
  page ids by pair/status/category are answered from the index. PostgreSQL cannot index a ``json``
  column, so there the index leaves ``categories`` out.
- ``ix_claims_status_published`` (status, published): counts and pages filtered by status and date.
- ``ix_claims_pair_published`` (supplier, recipient, published): a pair's newest claims first.
- ``ix_claims_recent`` (published DESC, id): the default order of claim lists, index-only (deep
  offsets no longer read the table).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_api_indexes"
down_revision = "0003_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    cols = ["supplier", "recipient", "status", "categories", "published", "id"]
    if not sqlite:
        cols.remove("categories")
    op.create_index("ix_claims_facets", "claims", cols)
    op.create_index("ix_claims_status_published", "claims", ["status", "published"])
    op.create_index("ix_claims_pair_published", "claims", ["supplier", "recipient", "published"])
    op.create_index("ix_claims_recent", "claims", [sa.text("published DESC"), "id"])


def downgrade() -> None:
    op.drop_index("ix_claims_recent", table_name="claims")
    op.drop_index("ix_claims_pair_published", table_name="claims")
    op.drop_index("ix_claims_status_published", table_name="claims")
    op.drop_index("ix_claims_facets", table_name="claims")
