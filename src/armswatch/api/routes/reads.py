"""Read endpoints: claims, documents, pairs and role checks (no credentials needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Response

from armswatch.api.convert import claim_public, document_public, pair_public, role_check_public
from armswatch.api.filters import Paging, claim_filter, paging
from armswatch.api.problems import not_found
from armswatch.api.schemas import (
    ClaimPublic,
    ClaimsPublic,
    DocumentDetailPublic,
    DocumentsPublic,
    ErrorBody,
    PairsPublic,
    RoleCheckPublic,
    RoleChecksPublic,
)
from armswatch.api.state import MISS, AppState, app_state
from armswatch.store import api_queries
from armswatch.store.rows import ClaimFilter

router = APIRouter()


async def cached_body(aw: AppState, key: object, render: Callable[[], bytes]) -> Response:
    """The JSON response for ``key`` from ``aw.query_cache``, rendered on a worker thread when missing.

    The two hot endpoints serialise their (already valid) response model once per filters, page
    and data version and keep the bytes (skipping FastAPI's second validation pass; their
    ``response_model`` still documents the shape). A cached body is answered on the event loop
    without a thread hop; queries, including the periodic version check, run on worker threads.
    """
    body = aw.query_cache.peek(key)
    if body is MISS:
        body = await anyio.to_thread.run_sync(aw.query_cache.get, key, render)
    return Response(content=body, media_type="application/json")


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 422: {"model": ErrorBody}}


@router.get("/claims", response_model=ClaimsPublic, tags=["claims"], responses=ERRORS)
async def list_claims(
    aw: Annotated[AppState, Depends(app_state)],
    flt: Annotated[ClaimFilter, Depends(claim_filter)],
    page: Annotated[Paging, Depends(paging)],
) -> Response:
    """Claims matching the filters, newest first, one page at a time."""

    def render() -> bytes:
        rows = api_queries.page_claims(aw.store, replace(flt, limit=page.limit, offset=page.offset))
        total = aw.query_cache.get(("count", flt), lambda: api_queries.count_claims(aw.store.engine, flt))
        body = ClaimsPublic(
            data=[claim_public(r, aw) for r in rows], count=total, limit=page.limit, offset=page.offset
        )
        return body.model_dump_json().encode()

    return await cached_body(aw, ("claims-body", flt, page.limit, page.offset), render)


@router.get("/claims/{claim_id}", response_model=ClaimPublic, tags=["claims"], responses=ERRORS)
def get_claim(claim_id: str, aw: Annotated[AppState, Depends(app_state)]) -> ClaimPublic:
    """One claim by id."""
    row = api_queries.get_claim(aw.store, claim_id)
    if row is None:
        raise not_found("claim", "claims", claim_id)
    return claim_public(row, aw)


@router.get("/documents", response_model=DocumentsPublic, tags=["documents"], responses=ERRORS)
def list_documents(
    aw: Annotated[AppState, Depends(app_state)],
    page: Annotated[Paging, Depends(paging)],
    text: Annotated[str | None, Query(max_length=200, description="Substring of title or URL.")] = None,
    outlet: Annotated[str | None, Query(max_length=256)] = None,
) -> DocumentsPublic:
    """Stored reports (metadata only), newest first."""
    rows, total = api_queries.list_documents(
        aw.store.engine, limit=page.limit, offset=page.offset, text=text, outlet=outlet
    )
    return DocumentsPublic(
        data=[document_public(r) for r in rows], count=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/documents/{document_id}", response_model=DocumentDetailPublic, tags=["documents"], responses=ERRORS
)
def get_document(document_id: str, aw: Annotated[AppState, Depends(app_state)]) -> DocumentDetailPublic:
    """One report with its text, its claims (with evidence offsets) and its role checks."""
    doc = aw.store.get_document(document_id)
    if doc is None:
        raise not_found("document", "documents", document_id)
    claims = aw.store.query_claims(ClaimFilter(document_id=document_id))
    roles, _ = api_queries.list_role_checks(aw.store.engine, document_id=document_id)
    base = document_public(doc, claim_count=len(claims))
    return DocumentDetailPublic(
        **base.model_dump(),
        text=doc.text,
        claims=[claim_public(c, aw) for c in claims],
        role_checks=[role_check_public(r) for r in roles],
    )


@router.get("/pairs", response_model=PairsPublic, tags=["pairs"], responses=ERRORS)
async def list_pairs(
    aw: Annotated[AppState, Depends(app_state)],
    flt: Annotated[ClaimFilter, Depends(claim_filter)],
) -> Response:
    """Supplier→recipient flows of the matching claims, with counts by status and category."""

    def render() -> bytes:
        stats = aw.query_cache.get(("pairs", flt), lambda: api_queries.pair_stats(aw.store.engine, flt))
        return (
            PairsPublic(data=[pair_public(p, aw) for p in stats], count=len(stats)).model_dump_json().encode()
        )

    return await cached_body(aw, ("pairs-body", flt), render)


@router.get("/role-checks", response_model=RoleChecksPublic, tags=["role checks"], responses=ERRORS)
def list_role_checks(
    aw: Annotated[AppState, Depends(app_state)],
    page: Annotated[Paging, Depends(paging)],
    correct: Annotated[bool | None, Query(description="false: only wrong offices.")] = None,
    document_id: Annotated[str | None, Query(max_length=128)] = None,
    person: Annotated[str | None, Query(max_length=200)] = None,
) -> RoleChecksPublic:
    """Officials' stated offices checked against the dated knowledge base."""
    rows, total = api_queries.list_role_checks(
        aw.store.engine,
        limit=page.limit,
        offset=page.offset,
        correct=correct,
        document_id=document_id,
        person=person,
    )
    return RoleChecksPublic(
        data=[role_check_public(r) for r in rows], count=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/role-checks/{role_check_id}", response_model=RoleCheckPublic, tags=["role checks"], responses=ERRORS
)
def get_role_check(role_check_id: str, aw: Annotated[AppState, Depends(app_state)]) -> RoleCheckPublic:
    """One role check by id."""
    row = api_queries.get_role_check(aw.store.engine, role_check_id)
    if row is None:
        raise not_found("role check", "role-checks", role_check_id)
    return role_check_public(row)
