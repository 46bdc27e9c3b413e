"""Story endpoints: list and get (with timeline, corroboration and contradictions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from armswatch.api import stories_access
from armswatch.api.filters import Paging, make_filter, paging
from armswatch.api.problems import not_found
from armswatch.api.schemas import ErrorBody, StoriesPublic, StoryDetailPublic
from armswatch.api.state import AppState, app_state
from armswatch.api.story_convert import story_detail_public, story_public

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 422: {"model": ErrorBody}}


@router.get("/stories", response_model=StoriesPublic, tags=["stories"], responses=ERRORS)
def list_stories(
    aw: Annotated[AppState, Depends(app_state)],
    page: Annotated[Paging, Depends(paging)],
    supplier: Annotated[str | None, Query(description="Supplier party code.")] = None,
    recipient: Annotated[str | None, Query(description="Recipient party code.")] = None,
    status: Annotated[str | None, Query(description="Current status of the story.")] = None,
) -> StoriesPublic:
    """Stories, most recently updated first."""
    flt = make_filter(supplier, recipient, None, status, canon=aw.canonical_code)
    rows, total = stories_access.list_stories(aw, flt, limit=page.limit, offset=page.offset)
    return StoriesPublic(
        data=[story_public(s, aw) for s in rows], count=total, limit=page.limit, offset=page.offset
    )


@router.get("/stories/{story_id}", response_model=StoryDetailPublic, tags=["stories"], responses=ERRORS)
def get_story(story_id: str, aw: Annotated[AppState, Depends(app_state)]) -> StoryDetailPublic:
    """One story with its items, timeline and contradictions."""
    story = stories_access.get_story(aw, story_id)
    if story is None:
        raise not_found("story", "stories", story_id)
    return story_detail_public(story, aw)
