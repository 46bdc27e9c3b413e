"""Pydantic models of the REST API's requests and responses (the edge of the app).

Names follow the FastAPI convention: ``XPublic`` is one record as served, ``XsPublic`` a page of
them with ``data`` and ``count`` (the total matching the filters, not the page length).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code, e.g. E920 (see armswatch.errors.MESSAGES).")
    message: str = Field(description="What was wrong, the bad value, and how to fix it.")


class ErrorBody(BaseModel):
    """Every error response has this body."""

    error: ErrorDetail


class QuantityPublic(BaseModel):
    text: str
    value: float | None = None
    unit: str | None = None


class ItemPublic(BaseModel):
    system: str
    category: str
    caliber_mm: int | None = None
    quantity: QuantityPublic | None = None
    system_id: str | None = None


class ClaimPublic(BaseModel):
    """One supplier→recipient transfer claim stated in one document."""

    model_config = ConfigDict(json_schema_extra={"title": "ClaimPublic"})

    id: str
    document_id: str
    supplier: str
    recipient: str
    supplier_name: str | None = Field(None, description="Display name from the knowledge base.")
    recipient_name: str | None = None
    categories: list[str]
    systems: list[str]
    calibers_mm: list[int]
    quantity: QuantityPublic | None = None
    status: str
    sources: list[str]
    denied_by: list[str]
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    published: dt.date | None = None
    outlet: str | None = None
    dup_group: str | None = None
    items: list[ItemPublic] = []


class Page(BaseModel):
    count: int = Field(description="Number of records matching the filters (all pages).")
    limit: int
    offset: int


class ClaimsPublic(Page):
    data: list[ClaimPublic]


class RoleCheckPublic(BaseModel):
    """A named person's stated office, checked against the dated knowledge base."""

    id: str
    document_id: str
    person: str
    stated_role: str
    correct: bool
    actual_role: str | None = None
    start: int
    end: int
    official_id: str | None = None


class RoleChecksPublic(Page):
    data: list[RoleCheckPublic]


class DocumentPublic(BaseModel):
    """A stored report (without its text: see DocumentDetailPublic)."""

    id: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    fetched_at: dt.datetime | None = None
    language: str | None = None
    dup_group: str | None = None
    claim_count: int = 0


class DocumentDetailPublic(DocumentPublic):
    text: str
    claims: list[ClaimPublic]
    role_checks: list[RoleCheckPublic]


class DocumentsPublic(Page):
    data: list[DocumentPublic]


class PairPublic(BaseModel):
    """A supplier→recipient flow with claim counts by status and by category."""

    supplier: str
    recipient: str
    supplier_name: str | None = None
    recipient_name: str | None = None
    count: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    first_published: dt.date | None = None
    last_published: dt.date | None = None


class PairsPublic(BaseModel):
    data: list[PairPublic]
    count: int


class StoryItemPublic(BaseModel):
    system: str
    category: str
    caliber_mm: int | None = None
    quantity: QuantityPublic | None = Field(None, description="The largest quantity any report stated.")
    document_id: str | None = Field(None, description="The report that stated that quantity.")
    mentions: int = 1


class CorroborationPublic(BaseModel):
    independent_sources: int = Field(description="Independent original sources (copies count once).")
    distinct_outlets: int
    sources: list[str]
    outlets: list[str]
    documents: int
    copies: int = Field(description="Reports that are near-duplicate copies of another report.")


class ContradictionPublic(BaseModel):
    kind: str = Field(description="denial, quantity or role_error.")
    summary: str
    document_ids: list[str]
    detail: list[str] = []


class TimelineChangePublic(BaseModel):
    kind: str = Field(
        description="first_report, new_system, new_quantity, status_change, new_source, denial, …"
    )
    value: str


class TimelineEntryPublic(BaseModel):
    date: dt.date | None = None
    document_id: str
    claim_id: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    status: str
    evidence: str
    sources: list[str]
    changes: list[TimelineChangePublic]
    copy_of: str | None = None


class StoryPublic(BaseModel):
    """A group of claims about one transfer."""

    id: str
    title: str
    supplier: str
    recipient: str
    supplier_name: str | None = None
    recipient_name: str | None = None
    status: str
    status_by: list[str]
    first_seen: dt.date | None = None
    last_updated: dt.date | None = None
    categories: list[str]
    systems: list[str]
    calibers_mm: list[int]
    denied_by: list[str]
    corroboration: CorroborationPublic
    contradiction_kinds: list[str]
    claim_count: int
    document_count: int


class StoryDetailPublic(StoryPublic):
    items: list[StoryItemPublic]
    contradictions: list[ContradictionPublic]
    timeline: list[TimelineEntryPublic]
    claim_ids: list[str]
    document_ids: list[str]


class StoriesPublic(Page):
    data: list[StoryPublic]


class AnalyseRequest(BaseModel):
    """Body of ``POST /api/v1/documents``: the text of a report, or a URL to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain text of the report.", max_length=2_000_000)
    url: str | None = Field(None, description="http(s) URL of a page to fetch (same guards as ingest).")
    title: str | None = Field(None, max_length=1000)
    published: dt.date | None = None
    outlet: str | None = Field(None, max_length=256)


class AnalyseResponse(BaseModel):
    document: DocumentPublic
    created: bool = Field(description="False when the document was already stored (nothing changed).")
    claims: list[ClaimPublic]
    role_checks: list[RoleCheckPublic]
    stories: list[str] = Field(description="Ids of the stories created or updated by this document.")


class HealthPublic(BaseModel):
    status: str
    version: str
    database: str
    writes_enabled: bool
