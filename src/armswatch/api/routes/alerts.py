"""``GET /api/v1/alerts``: alerts raised by ``armswatch watch``, newest first, with delivery states."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from armswatch.api.filters import Paging, paging
from armswatch.api.problems import bad_value
from armswatch.api.schemas import ErrorBody, Page
from armswatch.api.state import AppState, app_state
from armswatch.store import alerts_repo

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody}}


class AlertDeliveryPublic(BaseModel):
    """Delivery state of one alert at one sink."""

    sink: str
    status: str = Field(description="pending, delivered or failed (given up).")
    attempts: int
    delivered_at: datetime | None = None
    next_attempt_at: datetime | None = None
    last_error: str | None = None


class AlertPublic(BaseModel):
    """One alert: the rule, the story (with its link), what changed and the evidence."""

    id: str
    kind: str = Field(description="new_story, escalation or contradiction.")
    rule: str
    story_id: str
    title: str
    supplier: str
    recipient: str
    created_at: datetime
    link: str | None = None
    changes: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    deliveries: list[AlertDeliveryPublic] = []


class AlertsPublic(Page):
    data: list[AlertPublic]


def _since(value: str | None) -> datetime | None:
    if value is None or not value.strip():
        return None
    v = value.strip()
    try:
        if len(v) == 10:
            return datetime.combine(date.fromisoformat(v), time.min, tzinfo=UTC)
        parsed = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError as exc:
        raise bad_value("since", value, "use YYYY-MM-DD or an ISO 8601 date-time") from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@router.get("/alerts", response_model=AlertsPublic, tags=["alerts"], responses=ERRORS)
def list_alerts(
    aw: Annotated[AppState, Depends(app_state)],
    page: Annotated[Paging, Depends(paging)],
    since: Annotated[str | None, Query(description="Created at or after (YYYY-MM-DD or ISO time).")] = None,
    kind: Annotated[Literal["new_story", "escalation", "contradiction"] | None, Query()] = None,
    rule: Annotated[str | None, Query(max_length=256)] = None,
    story_id: Annotated[str | None, Query(max_length=128)] = None,
) -> AlertsPublic:
    """Alerts raised by the watcher, newest first."""
    with aw.store.engine.connect() as conn:
        rows, total = alerts_repo.list_alerts(
            conn,
            since=_since(since),
            kind=kind,
            rule=rule,
            story_id=story_id,
            limit=page.limit,
            offset=page.offset,
        )
    data = [
        AlertPublic(
            id=r.id,
            kind=r.kind,
            rule=r.rule,
            story_id=r.story_id,
            title=r.title,
            supplier=r.supplier,
            recipient=r.recipient,
            created_at=r.created_at,
            link=(r.payload.get("story") or {}).get("link"),
            changes=list(r.payload.get("changes", [])),
            evidence=list(r.payload.get("evidence", [])),
            deliveries=[
                AlertDeliveryPublic(
                    sink=d.sink,
                    status=d.status,
                    attempts=d.attempts,
                    delivered_at=d.delivered_at,
                    next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
                    last_error=d.last_error,
                )
                for d in r.deliveries
            ],
        )
        for r in rows
    ]
    return AlertsPublic(data=data, count=total, limit=page.limit, offset=page.offset)
