"""Ingest orchestration: sources → de-duplication → extraction → store, one transaction per batch.

:class:`Ingestor` reads the stream from :func:`~armswatch.ingest.sources.iter_sources`, groups it
in batches of ``Settings.batch_size`` documents, and for each batch:

1. drops exact duplicates — same id, canonical URL or normalised-text hash as a stored document
   or an earlier one in the run (counted ``duplicate``);
2. runs extraction on the new documents (if it fails on the batch, document by document: a
   document it fails on is skipped with an E514 reason and not stored, so a re-run retries it);
3. finds near-duplicates with the MinHash LSH index (rebuilt from stored signatures when the run
   starts, so groups span runs) and links them to their group (counted ``near_duplicate``, stored);
4. saves documents, signatures, claims and role checks in ONE transaction, then calls
   ``on_saved`` (the stories stage's hook) with the ids it stored.

A killed run loses at most the batch in flight; re-running the same command skips what was
committed and completes the rest, so the final database equals that of a clean run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from armswatch.errors import IngestError
from armswatch.ingest.canonical import canonical_url, content_hash
from armswatch.ingest.dedup import NearDupIndex
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.sources import Item, iter_sources
from armswatch.records import Document, ExtractionResult
from armswatch.settings import Settings
from armswatch.store import DocMeta, Store

ExtractFn = Callable[[Sequence[Document]], Iterable[ExtractionResult]]
MAX_REASONS = 1000


@dataclass
class IngestCounts:
    """Running counts of one ingest (mutable while the run goes on)."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    skipped: int = 0
    claims: int = 0
    role_checks: int = 0
    batches: int = 0


@dataclass(frozen=True)
class IngestSummary:
    """The outcome of one ingest run."""

    counts: IngestCounts
    skipped_reasons: tuple[str, ...]
    sources: tuple[str, ...]
    failed_sources: tuple[str, ...]
    """SOURCE arguments that yielded no document at all and at least one failure."""
    elapsed_s: float
    extracted: bool

    @property
    def all_failed(self) -> bool:
        """True when every SOURCE failed: the CLI then exits with status 1."""
        return bool(self.sources) and len(self.failed_sources) == len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the shape of ``armswatch ingest --json``)."""
        c = self.counts
        return {
            "read": c.read,
            "new": c.new,
            "duplicate": c.duplicate,
            "near_duplicate": c.near_duplicate,
            "skipped": c.skipped,
            "claims": c.claims,
            "role_checks": c.role_checks,
            "batches": c.batches,
            "skipped_reasons": list(self.skipped_reasons),
            "sources": list(self.sources),
            "failed_sources": list(self.failed_sources),
            "elapsed_s": round(self.elapsed_s, 3),
            "extracted": self.extracted,
        }


def _note(reasons: list[str], new: list[str]) -> None:
    """Append skip reasons, keeping at most MAX_REASONS (then one line saying more were dropped)."""
    for r in new:
        if len(reasons) < MAX_REASONS:
            reasons.append(r)
        elif len(reasons) == MAX_REASONS:
            reasons.append("… more skipped inputs not listed")


def default_extractor(settings: Settings | None = None) -> ExtractFn:
    """The extraction stage's batch call (loads the spaCy pipeline and KB once)."""
    from armswatch.extract.api import Extractor

    extractor = Extractor(settings=settings)

    def run(docs: Sequence[Document]) -> Iterable[ExtractionResult]:
        return extractor.extract_many(docs)

    return run


@dataclass
class Ingestor:
    """Runs ingests into one store. ``extract=None`` stores documents without extracting claims."""

    store: Store
    settings: Settings
    extract: ExtractFn | None = None
    index: NearDupIndex = field(default_factory=NearDupIndex)
    # Stories hook (owned by the stories stage): called with the ids of the documents each batch
    # committed, e.g. ``armswatch.stories.update.story_updater(store.engine)``.
    on_saved: Callable[[tuple[str, ...]], None] | None = None
    _loaded: bool = False

    def load_index(self) -> int:
        """Rebuild the near-duplicate index from the store (done once, before the first batch)."""
        if self._loaded:
            return 0
        self._loaded = True
        return self.index.load(self.store.iter_signatures())

    def run(
        self,
        sources: Sequence[str],
        *,
        fetcher: Fetcher | None = None,
        on_progress: Callable[[IngestCounts], None] | None = None,
    ) -> IngestSummary:
        """Ingest every SOURCE; never raises for bad inputs (they become skipped reasons)."""
        return self._run(iter_sources(sources, self.settings, fetcher), tuple(sources), on_progress)

    def run_documents(
        self, docs: Iterable[Document], *, on_progress: Callable[[IngestCounts], None] | None = None
    ) -> IngestSummary:
        """Ingest Documents produced elsewhere (library use, batch loads)."""
        return self._run((Item("<documents>", document=d) for d in docs), (), on_progress)

    def _run(
        self,
        items: Iterator[Item] | Iterable[Item],
        sources: tuple[str, ...],
        on_progress: Callable[[IngestCounts], None] | None,
    ) -> IngestSummary:
        started = time.perf_counter()
        self.load_index()
        counts = IngestCounts()
        reasons: list[str] = []
        produced: set[str] = set()
        failed: set[str] = set()
        batch: list[Document] = []
        seen_ids: set[str] = set()
        for item in items:
            if item.failure is not None:
                counts.skipped += 1
                failed.add(item.origin)
                _note(reasons, [item.failure.message])
            elif item.document is not None:
                counts.read += 1
                produced.add(item.origin)
                batch.append(item.document)
                if len(batch) >= self.settings.batch_size:
                    _note(reasons, self._flush(batch, counts, seen_ids))
                    batch = []
            if on_progress is not None:
                on_progress(counts)
        if batch:
            _note(reasons, self._flush(batch, counts, seen_ids))
            if on_progress is not None:
                on_progress(counts)
        return IngestSummary(
            counts=counts,
            skipped_reasons=tuple(reasons),
            sources=sources,
            failed_sources=tuple(s for s in sources if s in failed and s not in produced),
            elapsed_s=time.perf_counter() - started,
            extracted=self.extract is not None,
        )

    def _flush(self, batch: list[Document], counts: IngestCounts, seen: set[str]) -> list[str]:
        """Dedup, extract and save one batch; returns the skip reasons it produced."""
        metas = {
            d.id: DocMeta(canonical_url=canonical_url(d.url), content_hash=content_hash(d.text))
            for d in batch
        }
        known = self.store.known_documents(
            (d.id for d in batch),
            (m.canonical_url for m in metas.values() if m.canonical_url),
            (m.content_hash for m in metas.values()),
        )
        known |= seen
        candidates: list[Document] = []
        for doc in batch:
            m = metas[doc.id]
            keys = [doc.id, m.content_hash] + ([m.canonical_url] if m.canonical_url else [])
            if any(k in known for k in keys):
                counts.duplicate += 1
                continue
            known.update(keys)
            candidates.append(doc)
        counts.batches += 1
        if not candidates:
            return []
        extracted, reasons = self._extract(candidates)
        counts.skipped += len(reasons)
        fresh = [d for d, _ in extracted]
        results = [r for _, r in extracted]
        final: dict[str, DocMeta] = {}
        for doc in fresh:
            m = metas[doc.id]
            seen.update([doc.id, m.content_hash] + ([m.canonical_url] if m.canonical_url else []))
            sig = self.index.signature(doc.text)
            match = self.index.query(sig)
            group = match.group if match else None
            if match:
                counts.near_duplicate += 1
            self.index.add(doc.id, sig, group)
            final[doc.id] = DocMeta(
                canonical_url=m.canonical_url,
                content_hash=m.content_hash,
                dup_group=group,
                signature=sig.to_bytes(),
                num_perm=self.index.num_perm,
                shingles=sig.shingles,
            )
        if not fresh:
            return reasons
        stats = self.store.save_results(list(zip(fresh, results, strict=True)), meta=final)
        counts.new += stats.documents
        counts.duplicate += stats.duplicates
        counts.claims += stats.claims
        counts.role_checks += stats.role_checks
        # Stories hook: the batch is committed; let the stories stage update what it touched.
        if self.on_saved is not None and stats.saved_ids:
            self.on_saved(stats.saved_ids)
        return reasons

    def _extract(
        self, docs: list[Document]
    ) -> tuple[list[tuple[Document, ExtractionResult | None]], list[str]]:
        """Extraction of a batch; if it fails, document by document, skipping those that fail."""
        if self.extract is None:
            return [(d, None) for d in docs], []
        try:
            return list(zip(docs, self.extract(docs), strict=True)), []
        except Exception:  # one bad document must not sink the batch
            pass
        out: list[tuple[Document, ExtractionResult | None]] = []
        reasons: list[str] = []
        for d in docs:
            try:
                out.append((d, next(iter(self.extract([d])))))
            except Exception as exc:  # reported as a skip reason; the run goes on
                detail = " ".join(str(exc).split())[:200]
                reasons.append(
                    IngestError(
                        "E514", source=d.source or d.id, reason=f"{type(exc).__name__}: {detail}"
                    ).message
                )
        return out, reasons
