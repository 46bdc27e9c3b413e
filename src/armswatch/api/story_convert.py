"""Stories (frozen records of the stories stage) → API response models."""

from __future__ import annotations

from armswatch.api.schemas import (
    ContradictionPublic,
    CorroborationPublic,
    QuantityPublic,
    StoryDetailPublic,
    StoryItemPublic,
    StoryPublic,
    TimelineChangePublic,
    TimelineEntryPublic,
)
from armswatch.api.state import AppState
from armswatch.stories.model import Story


def story_public(s: Story, aw: AppState) -> StoryPublic:
    """A story's summary (no timeline)."""
    c = s.corroboration
    return StoryPublic(
        id=s.id,
        title=s.title,
        supplier=s.supplier,
        recipient=s.recipient,
        supplier_name=aw.party_name(s.supplier),
        recipient_name=aw.party_name(s.recipient),
        status=s.status,
        status_by=list(s.status_by),
        first_seen=s.first_seen,
        last_updated=s.last_updated,
        categories=list(s.categories),
        systems=list(s.systems),
        calibers_mm=list(s.calibers_mm),
        denied_by=list(s.denied_by),
        corroboration=CorroborationPublic(
            independent_sources=c.independent_sources,
            distinct_outlets=c.distinct_outlets,
            sources=list(c.sources),
            outlets=list(c.outlets),
            documents=c.documents,
            copies=c.copies,
        ),
        contradiction_kinds=sorted({x.kind for x in s.contradictions}),
        claim_count=len(s.claim_ids),
        document_count=len(s.doc_ids),
    )


def story_detail_public(s: Story, aw: AppState) -> StoryDetailPublic:
    """A story with items, contradictions and timeline."""
    return StoryDetailPublic(
        **story_public(s, aw).model_dump(),
        items=[
            StoryItemPublic(
                system=i.system,
                category=i.category,
                caliber_mm=i.caliber_mm,
                quantity=QuantityPublic(text=i.quantity_text, value=i.quantity_value, unit=i.quantity_unit)
                if i.quantity_text
                else None,
                document_id=i.doc_id,
                mentions=i.mentions,
            )
            for i in s.items
        ],
        contradictions=[
            ContradictionPublic(
                kind=x.kind, summary=x.summary, document_ids=list(x.doc_ids), detail=list(x.detail)
            )
            for x in s.contradictions
        ],
        timeline=[
            TimelineEntryPublic(
                date=e.date,
                document_id=e.doc_id,
                claim_id=e.claim_id,
                outlet=e.outlet,
                url=e.url,
                title=e.title,
                status=e.status,
                evidence=e.evidence,
                sources=list(e.sources),
                changes=[TimelineChangePublic(kind=ch.kind, value=ch.value) for ch in e.changes],
                copy_of=e.copy_of,
            )
            for e in s.timeline
        ],
        claim_ids=list(s.claim_ids),
        document_ids=list(s.doc_ids),
    )
