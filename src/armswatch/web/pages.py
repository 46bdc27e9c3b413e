"""The dashboard: server-rendered Jinja2 pages (autoescaped) plus small static scripts.

Pages: flows map (``/``), claims (``/claims``), stories (``/stories``, ``/stories/{id}``),
documents (``/documents``, ``/documents/{id}``) and the paste box (``/analyse``). They read the
same store queries as the REST API. Every string from a report (text, title, URL, outlet,
names) is untrusted: Jinja2 escapes it, and URLs become links only for http/https.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from armswatch import __version__
from armswatch.api.filters import make_filter
from armswatch.api.problems import ApiProblem, not_found
from armswatch.api.state import AppState, app_state
from armswatch.errors import ArmswatchError
from armswatch.records import CATEGORIES, STATUS_RANK, STATUSES
from armswatch.store import api_queries
from armswatch.store.rows import ClaimFilter
from armswatch.web import geo
from armswatch.web.highlight import Span, segments

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PAGE_SIZE = 50


def safe_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None (then it is shown as text, not a link)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


def make_templates() -> Jinja2Templates:
    """The template environment: autoescape always on, undefined variables are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals["version"] = __version__
    env.globals["STATUSES"] = STATUSES
    env.globals["CATEGORIES"] = CATEGORIES
    return Jinja2Templates(env=env)


def install_pages(app: FastAPI) -> None:
    """Mount the dashboard on ``app`` and make errors render as pages for browsers."""
    templates = make_templates()
    app.state.templates = templates

    def render_error(request: Request, status: int, error: ArmswatchError) -> Response:
        resp: Response = templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "error": error, "title": f"Error {status}", "nav": ""},
            status_code=status,
        )
        return resp

    app.state.render_error = render_error
    app.include_router(router)


router = APIRouter(include_in_schema=False)
AW = Annotated[AppState, Depends(app_state)]


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    resp: HTMLResponse = request.app.state.templates.TemplateResponse(request, template, context)
    return resp


def _opt_date(name: str, value: str | None) -> date | None:
    """Dates from form fields: empty means unset; a bad one is a 422 naming the field."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        from armswatch.api.problems import bad_value

        raise bad_value(name, value, "expected YYYY-MM-DD") from exc


def _form_filter(
    aw: AppState,
    supplier: str | None,
    recipient: str | None,
    category: str | None,
    status: str | None,
    since: str | None,
    until: str | None,
    text: str | None = None,
) -> ClaimFilter:
    return make_filter(
        supplier,
        recipient,
        category,
        status,
        _opt_date("since", since),
        _opt_date("until", until),
        text,
        aw.canonical_code,
    )


def _query(flt: ClaimFilter, **extra: object) -> str:
    """The query string for ``flt`` (for links that keep the current filters)."""
    params: dict[str, object] = {
        k: v
        for k, v in (
            ("supplier", flt.supplier),
            ("recipient", flt.recipient),
            ("category", flt.category),
            ("status", flt.status),
            ("since", flt.since.isoformat() if flt.since else None),
            ("until", flt.until.isoformat() if flt.until else None),
            ("text", flt.text),
        )
        if v
    }
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


def _dominant_status(by_status: dict[str, int]) -> str:
    return (
        max(by_status.items(), key=lambda kv: (kv[1], STATUS_RANK.get(kv[0], 0)))[0]
        if by_status
        else "reported"
    )


@router.get("/", response_class=HTMLResponse)
def flows_page(
    request: Request,
    aw: AW,
    category: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    supplier: str | None = None,
    recipient: str | None = None,
) -> HTMLResponse:
    """Supplier→recipient flows on a world map, edge width by claim count."""
    flt = _form_filter(aw, supplier, recipient, category, status, since, until)
    stats = aw.query_cache.get(("pairs", flt), lambda: api_queries.pair_stats(aw.store.engine, flt))
    names = {code: aw.party_name(code) or code for p in stats for code in (p.supplier, p.recipient)}
    fmap = geo.flow_map(
        [(p.supplier, p.recipient, p.count, _dominant_status(dict(p.by_status))) for p in stats],
        aw.kb.centroids,
        names,
    )
    return _render(
        request,
        "flows.html",
        title="Flows",
        nav="flows",
        flt=flt,
        pairs=stats,
        names=names,
        fmap=fmap,
        land=geo.land_path(),
        total=sum(p.count for p in stats),
        claims_link=lambda s, r: "/claims?" + _query(flt, supplier=s, recipient=r),
    )


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    aw: AW,
    supplier: str | None = None,
    recipient: str | None = None,
    category: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """Claims matching the filters, with their evidence and a link to their document."""
    flt = _form_filter(aw, supplier, recipient, category, status, since, until, text)
    rows = api_queries.page_claims(aw.store, replace(flt, limit=PAGE_SIZE, offset=offset))
    total = aw.query_cache.get(("count", flt), lambda: api_queries.count_claims(aw.store.engine, flt))
    return _render(
        request,
        "claims.html",
        title="Claims",
        nav="claims",
        flt=flt,
        claims=rows,
        total=total,
        offset=offset,
        page_size=PAGE_SIZE,
        prev_link=("/claims?" + _query(flt, offset=max(offset - PAGE_SIZE, 0))) if offset else None,
        next_link=("/claims?" + _query(flt, offset=offset + PAGE_SIZE))
        if offset + PAGE_SIZE < total
        else None,
        name=aw.party_name,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    aw: AW,
    text: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """Stored reports, newest first."""
    rows, total = api_queries.list_documents(
        aw.store.engine, limit=PAGE_SIZE, offset=offset, text=text or None
    )
    q = {"text": text} if text else {}
    return _render(
        request,
        "documents.html",
        title="Documents",
        nav="documents",
        documents=rows,
        total=total,
        text=text or "",
        offset=offset,
        prev_link=("/documents?" + urlencode({**q, "offset": max(offset - PAGE_SIZE, 0)}))
        if offset
        else None,
        next_link=("/documents?" + urlencode({**q, "offset": offset + PAGE_SIZE}))
        if offset + PAGE_SIZE < total
        else None,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str, aw: AW) -> HTMLResponse:
    """One report: its text with each claim's evidence highlighted, the claims' fields beside it."""
    doc = aw.store.get_document(document_id)
    if doc is None:
        raise not_found("document", "documents", document_id)
    claims = aw.store.query_claims(ClaimFilter(document_id=document_id))
    roles, _ = api_queries.list_role_checks(aw.store.engine, document_id=document_id)
    spans = [Span(c.evidence_start, c.evidence_end, c.id, "claim", c.evidence) for c in claims]
    spans += [Span(r.start, r.end, r.id, "role-ok" if r.correct else "role-wrong") for r in roles]
    stories = _stories_of_document(aw, document_id)
    return _render(
        request,
        "document.html",
        title=doc.title or doc.id,
        nav="documents",
        doc=doc,
        claims=claims,
        roles=roles,
        wrong_roles=[r for r in roles if not r.correct],
        segments=segments(doc.text, spans),
        stories=stories,
        name=aw.party_name,
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    aw: AW,
    supplier: str | None = None,
    recipient: str | None = None,
    status: str | None = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """Stories with status, corroboration and last update."""
    from armswatch.api import stories_access

    flt = _form_filter(aw, supplier, recipient, None, status, None, None)
    page, total = stories_access.list_stories(aw, flt, limit=PAGE_SIZE, offset=offset)
    return _render(
        request,
        "stories.html",
        title="Stories",
        nav="stories",
        flt=flt,
        stories=page,
        total=total,
        offset=offset,
        prev_link=("/stories?" + _query(flt, offset=max(offset - PAGE_SIZE, 0))) if offset else None,
        next_link=("/stories?" + _query(flt, offset=offset + PAGE_SIZE))
        if offset + PAGE_SIZE < total
        else None,
        name=aw.party_name,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, aw: AW) -> HTMLResponse:
    """One story: facts, corroboration, contradictions and the timeline of updates."""
    from armswatch.api import stories_access

    story = stories_access.get_story(aw, story_id)
    if story is None:
        raise not_found("story", "stories", story_id)
    return _render(request, "story.html", title=story.title, nav="stories", story=story, name=aw.party_name)


@router.get("/role-checks", response_class=HTMLResponse)
def role_checks_page(
    request: Request,
    aw: AW,
    correct: str = "false",
    person: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """Officials' stated offices checked against the knowledge base; wrong ones first."""
    flag = {"true": True, "false": False}.get(correct.strip().lower())
    rows, total = api_queries.list_role_checks(
        aw.store.engine, limit=PAGE_SIZE, offset=offset, correct=flag, person=person or None
    )
    titles = {}
    for doc_id in {r.document_id for r in rows}:
        summary = api_queries.get_document_summary(aw.store.engine, doc_id)
        titles[doc_id] = summary.title if summary else None
    q = {"correct": "all" if flag is None else str(flag).lower(), **({"person": person} if person else {})}
    return _render(
        request,
        "role_checks.html",
        title="Role checks",
        nav="roles",
        checks=rows,
        total=total,
        offset=offset,
        correct=flag,
        person=person or "",
        titles=titles,
        prev_link=("/role-checks?" + urlencode({**q, "offset": max(offset - PAGE_SIZE, 0)}))
        if offset
        else None,
        next_link=("/role-checks?" + urlencode({**q, "offset": offset + PAGE_SIZE}))
        if offset + PAGE_SIZE < total
        else None,
    )


@router.get("/analyse", response_class=HTMLResponse)
def analyse_page(request: Request, aw: AW) -> HTMLResponse:
    """The paste box: analyse a report with the token-protected ``POST /api/v1/documents``."""
    return _render(
        request, "analyse.html", title="Analyse a report", nav="analyse", writes=bool(aw.settings.api_token)
    )


def _stories_of_document(aw: AppState, document_id: str) -> list[Any]:
    from armswatch.api import stories_access

    try:
        return stories_access.stories_of_document(aw, document_id)
    except ApiProblem:
        return []
