"""Write endpoints (bearer token required): analyse and store a report."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Response

from armswatch.api.analyse import Analysis, analyse, document_from_request
from armswatch.api.convert import claim_public, document_public, role_check_public
from armswatch.api.schemas import AnalyseRequest, AnalyseResponse, ErrorBody
from armswatch.api.security import require_token
from armswatch.api.state import AppState, app_state
from armswatch.store import api_queries

router = APIRouter()


@router.post(
    "/documents",
    response_model=AnalyseResponse,
    status_code=201,
    tags=["documents"],
    dependencies=[Depends(require_token)],
    responses={
        200: {"model": AnalyseResponse, "description": "Already stored: nothing changed."},
        401: {"model": ErrorBody, "description": "No bearer token."},
        403: {"model": ErrorBody, "description": "Wrong token, or writes disabled (no token configured)."},
        422: {"model": ErrorBody, "description": "Bad body, or the URL could not be fetched."},
    },
)
async def post_document(
    body: AnalyseRequest, response: Response, aw: Annotated[AppState, Depends(app_state)]
) -> AnalyseResponse:
    """Analyse a report: extract its claims, store it, update the stories, and return the claims.

    Give ``text`` (pasted report) or ``url`` (fetched with ingest's guards). Posting the same report
    twice stores nothing new and answers 200 with the stored claims.
    """
    # Fetching and extraction are slow: they run on their own small thread pool, so that writes
    # never take the worker threads that serve reads.
    result, out = await anyio.to_thread.run_sync(_analyse, aw, body, limiter=aw.write_limiter)
    if not result.created:
        response.status_code = 200
    return out


def _analyse(aw: AppState, body: AnalyseRequest) -> tuple[Analysis, AnalyseResponse]:
    doc = document_from_request(
        aw, text=body.text, url=body.url, title=body.title, published=body.published, outlet=body.outlet
    )
    result = analyse(aw, doc)
    summary = api_queries.get_document_summary(aw.store.engine, result.document_id)
    roles, _ = api_queries.list_role_checks(aw.store.engine, document_id=result.document_id)
    assert summary is not None
    return result, AnalyseResponse(
        document=document_public(summary),
        created=result.created,
        claims=[claim_public(c, aw) for c in result.claims],
        role_checks=[role_check_public(r) for r in roles],
        stories=list(result.story_ids),
    )
