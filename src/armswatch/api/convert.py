"""Store records → API response models (one place, so pages and the API show the same fields)."""

from __future__ import annotations

from armswatch.api.schemas import (
    ClaimPublic,
    DocumentPublic,
    ItemPublic,
    PairPublic,
    QuantityPublic,
    RoleCheckPublic,
)
from armswatch.api.state import AppState
from armswatch.records import Quantity
from armswatch.store.api_queries import DocumentSummary, PairStat, RoleCheckRow
from armswatch.store.rows import ClaimRow, DocumentRow


def _quantity(q: Quantity | None) -> QuantityPublic | None:
    return QuantityPublic(text=q.text, value=q.value, unit=q.unit) if q else None


def claim_public(row: ClaimRow, aw: AppState) -> ClaimPublic:
    """A stored claim as served."""
    quantity = (
        QuantityPublic(text=row.quantity_text, value=row.quantity_value, unit=row.quantity_unit)
        if row.quantity_text
        else None
    )
    return ClaimPublic(
        id=row.id,
        document_id=row.document_id,
        supplier=row.supplier,
        recipient=row.recipient,
        supplier_name=aw.party_name(row.supplier),
        recipient_name=aw.party_name(row.recipient),
        categories=list(row.categories),
        systems=list(row.systems),
        calibers_mm=list(row.calibers_mm),
        quantity=quantity,
        status=row.status,
        sources=list(row.sources),
        denied_by=list(row.denied_by),
        evidence=row.evidence,
        evidence_start=row.evidence_start,
        evidence_end=row.evidence_end,
        confidence=row.confidence,
        published=row.published,
        outlet=row.outlet,
        dup_group=row.dup_group,
        items=[
            ItemPublic(
                system=it.system,
                category=it.category,
                caliber_mm=it.caliber_mm,
                quantity=_quantity(it.quantity),
                system_id=it.system_id,
            )
            for it in row.items
        ],
    )


def document_public(doc: DocumentSummary | DocumentRow, claim_count: int | None = None) -> DocumentPublic:
    """Document metadata as served (never the text)."""
    n = claim_count if claim_count is not None else getattr(doc, "claim_count", 0)
    return DocumentPublic(
        id=doc.id,
        url=doc.url,
        canonical_url=doc.canonical_url,
        outlet=doc.outlet,
        title=doc.title,
        author=doc.author,
        published=doc.published,
        fetched_at=doc.fetched_at,
        language=doc.language,
        dup_group=doc.dup_group,
        claim_count=n,
    )


def role_check_public(r: RoleCheckRow) -> RoleCheckPublic:
    return RoleCheckPublic(
        id=r.id,
        document_id=r.document_id,
        person=r.person,
        stated_role=r.stated_role,
        correct=r.correct,
        actual_role=r.actual_role,
        start=r.start,
        end=r.end,
        official_id=r.official_id,
    )


def pair_public(p: PairStat, aw: AppState) -> PairPublic:
    return PairPublic(
        supplier=p.supplier,
        recipient=p.recipient,
        supplier_name=aw.party_name(p.supplier),
        recipient_name=aw.party_name(p.recipient),
        count=p.count,
        by_status=dict(p.by_status),
        by_category=dict(p.by_category),
        first_published=p.first_published,
        last_published=p.last_published,
    )
