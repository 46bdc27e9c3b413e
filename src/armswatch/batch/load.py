"""``armswatch load``: put the Parquet output of a batch run into the database, then build stories.

The rows go through the ingest stage's :class:`~armswatch.ingest.pipeline.Ingestor` with the
claims already extracted (no spaCy here), so loading gets the same exact and near-duplicate
handling as ``armswatch ingest`` and the store's bulk path (one multi-row INSERT per table per
transaction, ``Settings.batch_size`` documents per transaction). Loading twice adds nothing.
Documents whose text the batch did not keep (``--text relevant``/``none``) are not loaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armswatch.batch.manifest import Manifest
from armswatch.batch.tables import iter_partition_results, partition_complete
from armswatch.errors import BatchError
from armswatch.records import Document, ExtractionResult
from armswatch.settings import Settings

#: Above this many new documents, stories are rebuilt in full rather than updated pair by pair.
REBUILD_ABOVE = 20_000
LOAD_BATCH = 1000


@dataclass
class LoadSummary:
    """What a load did."""

    partitions: int = 0
    documents_read: int = 0
    documents_without_text: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    claims: int = 0
    role_checks: int = 0
    stories_changed: int = 0
    seconds_load: float = 0.0
    seconds_stories: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def line(self) -> str:
        return (
            f"{self.partitions} partitions: {self.documents_read:,} documents read "
            f"({self.documents_without_text:,} without kept text, not loaded), {self.new:,} new, "
            f"{self.duplicate:,} duplicates, {self.near_duplicate:,} near-duplicates; "
            f"{self.claims:,} claims, "
            f"{self.role_checks:,} role checks loaded in {self.seconds_load:.1f} s; "
            f"{self.stories_changed:,} stories changed in {self.seconds_stories:.1f} s."
        )


def load_batch(
    directory: str | Path,
    db_url: str,
    *,
    partial: bool = False,
    build_stories: bool = True,
    settings: Settings | None = None,
    on_partition: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Load every finished partition of a batch output directory into the store at ``db_url``."""
    from armswatch.ingest.pipeline import Ingestor
    from armswatch.store import Store

    out = Path(directory)
    manifest = Manifest.load(out)
    done = [p for p in manifest.partitions if p.status == "done" and partition_complete(out, p.id)]
    pending = len(manifest.partitions) - len(done)
    if pending and not partial:
        raise BatchError("E809", path=out, pending=pending, total=len(manifest.partitions))
    base = settings or Settings()
    settings = base.model_copy(update={"batch_size": max(base.batch_size, LOAD_BATCH)})
    summary = LoadSummary()
    saved: list[str] = []
    results: dict[str, ExtractionResult] = {}

    def lookup(docs: Sequence[Document]) -> Iterable[ExtractionResult]:
        return [results[d.id] for d in docs]

    t0 = time.perf_counter()
    with Store.open(db_url) as store:
        ingestor = Ingestor(store=store, settings=settings, extract=lookup, on_saved=saved.extend)
        for k, part in enumerate(done, start=1):
            docs: list[Document] = []
            results.clear()
            for r in iter_partition_results(out, part.id):
                summary.documents_read += 1
                if not r.document.text:
                    summary.documents_without_text += 1
                    continue
                results[r.document.id] = r
                docs.append(r.document)
            if docs:
                res = ingestor.run_documents(docs)
                c = res.counts
                summary.new += c.new
                summary.duplicate += c.duplicate
                summary.near_duplicate += c.near_duplicate
                summary.claims += c.claims
                summary.role_checks += c.role_checks
                summary.reasons.extend(res.skipped_reasons[: max(0, 20 - len(summary.reasons))])
            summary.partitions += 1
            if on_partition is not None:
                on_partition(k, len(done))
        summary.seconds_load = round(time.perf_counter() - t0, 3)
        if build_stories and saved:
            t1 = time.perf_counter()
            summary.stories_changed = _stories(store.engine, saved)
            summary.seconds_stories = round(time.perf_counter() - t1, 3)
    return summary


def _stories(engine: Any, doc_ids: list[str]) -> int:
    """Update (or, after a large load, rebuild) the stories touched by the loaded documents."""
    from armswatch.stories.update import rebuild_stories, update_stories

    changes = rebuild_stories(engine) if len(doc_ids) > REBUILD_ABOVE else update_stories(engine, doc_ids)
    return len(changes)
