"""The OpenAPI docs page at ``/docs``: Swagger UI served from the vendored copy (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI; its start-up script is a static file, so the page keeps a no-inline-script CSP."""
    templates = request.app.state.templates
    resp: HTMLResponse = templates.TemplateResponse(
        request, "docs.html", {"openapi_url": request.app.openapi_url}
    )
    return resp
