"""Service endpoints: health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from armswatch import __version__
from armswatch.api.schemas import HealthPublic
from armswatch.api.state import AppState, app_state
from armswatch.store.engine import redact

router = APIRouter()


@router.get("/health", response_model=HealthPublic, tags=["service"])
def health(aw: Annotated[AppState, Depends(app_state)]) -> HealthPublic:
    """Liveness, version, which database is served (password hidden) and whether writes are enabled."""
    return HealthPublic(
        status="ok",
        version=__version__,
        database=redact(aw.store.url),
        writes_enabled=bool(aw.settings.api_token),
    )
