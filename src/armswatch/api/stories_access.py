"""Reading stories for the API and the dashboard (through the stories stage's repository)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from armswatch.api.state import AppState
from armswatch.store import api_queries, stories_repo
from armswatch.store.rows import ClaimFilter
from armswatch.store.stories_repo import StoryFilter

if TYPE_CHECKING:
    from armswatch.stories.model import Story


def list_stories(aw: AppState, flt: ClaimFilter, *, limit: int, offset: int) -> tuple[list[Story], int]:
    """A page of stories matching the pair/status filters, most recently updated first, and the total."""
    sflt = StoryFilter(
        supplier=flt.supplier,
        recipient=flt.recipient,
        status=flt.status,
        category=flt.category,
        since=flt.since,
        until=flt.until,
        text=flt.text,
        limit=limit,
        offset=offset,
    )
    engine = aw.store.engine
    return stories_repo.list_stories(engine, sflt), api_queries.count_stories(engine, sflt)


def get_story(aw: AppState, story_id: str) -> Story | None:
    """One story with its timeline, or None."""
    return stories_repo.get_story(aw.store.engine, story_id)


def stories_of_document(aw: AppState, document_id: str) -> list[Story]:
    """The stories a document contributes to."""
    engine = aw.store.engine
    found = (
        stories_repo.get_story(engine, i) for i in api_queries.story_ids_of_document(engine, document_id)
    )
    return [s for s in found if s is not None]
