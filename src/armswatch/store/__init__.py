"""armswatch.store: the database of documents and claims — the only package that speaks SQL.

SQLite by default (``sqlite:///armswatch.db``: WAL, foreign keys, busy timeout) or PostgreSQL
(``postgresql+psycopg://...``). The schema is migrated by Alembic scripts shipped in
``armswatch/store/migrations`` (fixed revision ids ``0001_base`` → ``0002_stories`` → ``0003_alerts``).

Repository API (frozen dataclasses in and out, never ORM rows)::

    from armswatch.store import Store, ClaimFilter

    with Store.open("sqlite:///armswatch.db") as store:       # migrates a fresh database
        stats = store.save_results([(doc, result), ...])     # one transaction; idempotent
        rows = store.query_claims(ClaimFilter(supplier="PRK", recipient="RUS", limit=50))
        doc = store.get_document("dev-000")
        for d in store.iter_documents(): ...                  # paged, constant memory
        for c in store.iter_claims(ClaimFilter(status="reported")): ...
        store.counts()                                        # StoreCounts

Ids are deterministic: a document keeps the id it came with (``Document.id``: given, or derived
from its URL or text); a claim is ``claim_id(document id, supplier, recipient)``; items, sources
and role checks derive from those. ``save_results`` skips documents whose id, canonical URL or
normalised-text hash is already stored, so re-running any input adds nothing. Bulk loading
(``armswatch load``) calls ``save_results`` with large batches: one executemany per table per batch.

Near-duplicates: ``documents.dup_group`` (and ``claims.dup_group``, ``ClaimRow.independence_key``)
name the first stored document of a group of syndicated or lightly edited copies; count
corroboration by distinct ``independence_key``, never by row.
"""

from __future__ import annotations

from armswatch.store.repository import Store, claim_id
from armswatch.store.rows import (
    ClaimFilter,
    ClaimRow,
    DocMeta,
    DocumentRow,
    SaveStats,
    StoreCounts,
    StoredSignature,
)

__all__ = [
    "ClaimFilter",
    "ClaimRow",
    "DocMeta",
    "DocumentRow",
    "SaveStats",
    "Store",
    "StoreCounts",
    "StoredSignature",
    "claim_id",
]
