"""Query parameters shared by list endpoints and dashboard pages: claim filters and pagination."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request

from armswatch.api.problems import bad_value
from armswatch.records import CATEGORIES, STATUSES
from armswatch.store.rows import ClaimFilter

MAX_LIMIT = 500


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


async def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")] = 0,
) -> Paging:
    """limit/offset pagination (the response's ``count`` is the total)."""
    return Paging(limit, offset)


def make_filter(
    supplier: str | None = None,
    recipient: str | None = None,
    category: str | None = None,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str | None = None,
    canon: Callable[[str], str] | None = None,
) -> ClaimFilter:
    """Validate filter values (as ``armswatch claims`` does) and build the store's filter.

    ``canon`` maps party codes to the KB's form (``prk`` → ``PRK``) so the store can match them
    exactly, with its indexes."""
    raw = {"supplier": supplier, "recipient": recipient, "category": category, "status": status, "text": text}
    clean: dict[str, Any] = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in raw.items()}
    if canon is not None:
        for name in ("supplier", "recipient"):
            if clean[name]:
                clean[name] = canon(clean[name])
    cat, st = clean["category"], clean["status"]
    if cat is not None and cat.lower() not in CATEGORIES:
        raise bad_value("category", cat, "use one of " + ", ".join(CATEGORIES))
    if st is not None and st.lower() not in STATUSES:
        raise bad_value("status", st, "use one of " + ", ".join(STATUSES))
    if since and until and since > until:
        raise bad_value("since", since.isoformat(), f"it is after until={until.isoformat()}")
    for name in ("supplier", "recipient", "text"):
        v = clean[name]
        if v is not None and len(v) > 200:
            raise bad_value(name, v[:20] + "…", "longer than 200 characters")
    return ClaimFilter(
        supplier=clean["supplier"],
        recipient=clean["recipient"],
        category=cat.lower() if cat else None,
        status=st.lower() if st else None,
        since=since,
        until=until,
        text=clean["text"],
    )


async def claim_filter(
    request: Request,
    supplier: Annotated[str | None, Query(description="Supplier party code, e.g. PRK.")] = None,
    recipient: Annotated[str | None, Query(description="Recipient party code, e.g. RUS.")] = None,
    category: Annotated[str | None, Query(description="One of: " + ", ".join(CATEGORIES))] = None,
    status: Annotated[str | None, Query(description="One of: " + ", ".join(STATUSES))] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    text: Annotated[str | None, Query(description="Substring of evidence, systems or title.")] = None,
) -> ClaimFilter:
    """FastAPI dependency: the filters of ``armswatch claims`` as query parameters."""
    return make_filter(
        supplier, recipient, category, status, since, until, text, request.app.state.aw.canonical_code
    )
