"""Frozen records the store returns and accepts (never ORM rows across the package boundary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from armswatch.records import Item


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What de-duplication decided about a document, saved with it."""

    canonical_url: str | None
    content_hash: str
    dup_group: str | None = None
    signature: bytes | None = None
    """MinHash hash values (little-endian uint32), or None when not computed."""
    num_perm: int = 0
    shingles: int = 0


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Filters for :meth:`Store.query_claims`; every field is optional and they combine with AND."""

    supplier: str | None = None
    recipient: str | None = None
    category: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    """Case-insensitive substring of the evidence, systems, or the document title."""
    document_id: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stored transfer claim, with its document's date, outlet, URL and near-duplicate group."""

    id: str
    document_id: str
    supplier: str
    recipient: str
    categories: tuple[str, ...]
    systems: tuple[str, ...]
    calibers_mm: tuple[int, ...]
    quantity_text: str | None
    quantity_value: float | None
    quantity_unit: str | None
    status: str
    sources: tuple[str, ...]
    denied_by: tuple[str, ...]
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    published: date | None
    outlet: str | None
    dup_group: str | None
    url: str | None = None
    title: str | None = None
    items: tuple[Item, ...] = ()

    @property
    def independence_key(self) -> str:
        """Key under which copies of one report count once (its near-duplicate group, else its document)."""
        return self.dup_group or self.document_id

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (dates as ISO strings, tuples as lists)."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "categories": list(self.categories),
            "systems": list(self.systems),
            "calibers_mm": list(self.calibers_mm),
            "quantity": self.quantity_text,
            "quantity_value": self.quantity_value,
            "quantity_unit": self.quantity_unit,
            "status": self.status,
            "sources": list(self.sources),
            "denied_by": list(self.denied_by),
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "confidence": self.confidence,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "dup_group": self.dup_group,
            "url": self.url,
            "title": self.title,
            "items": [it.to_schema() for it in self.items],
        }


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One stored document."""

    id: str
    text: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: date | None
    fetched_at: datetime
    language: str | None
    content_hash: str
    dup_group: str | None
    source: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredSignature:
    """A stored MinHash signature, for rebuilding the near-duplicate index at ingest start."""

    document_id: str
    dup_group: str | None
    signature: bytes
    num_perm: int
    shingles: int


@dataclass(frozen=True, slots=True)
class SaveStats:
    """What one :meth:`Store.save_results` call wrote."""

    documents: int = 0
    duplicates: int = 0
    claims: int = 0
    role_checks: int = 0
    saved_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """Row counts of the main tables."""

    documents: int
    claims: int
    claim_items: int
    claim_sources: int
    role_checks: int
    near_duplicates: int
