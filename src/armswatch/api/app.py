"""The FastAPI application: REST API under ``/api/v1``, dashboard at ``/``, docs at ``/docs``.

``create_app(settings)`` builds everything explicitly from the settings (no global state): the
store is opened once per app and closed on shutdown; the extractor is loaded on the first write.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from armswatch import __version__
from armswatch.api.problems import install_handlers
from armswatch.api.security import BodyLimit, SecurityHeaders
from armswatch.api.state import AppState
from armswatch.settings import Settings

log = logging.getLogger("armswatch.api")

WORKER_THREADS = 4
MAX_BODY_BYTES = 8_000_000
"""Largest request body (a pasted report as JSON); the text itself is capped at 2M characters."""

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"

DESCRIPTION = """
Transfers of military equipment between states, extracted from news reports.

* **Reads** need no credentials: claims, documents, supplier→recipient pairs, stories, role checks.
* **Writes** (`POST /api/v1/documents`) need `Authorization: Bearer <ARMSWATCH_API_TOKEN>`; without a
  configured token they are disabled.
* Errors always have the body `{"error": {"code": "E9xx", "message": "..."}}`.
* Lists take `limit` and `offset` and return `count`, the total matching the filters.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or Settings()
    state = AppState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Few worker threads: handlers are CPU-bound Python plus short SQLite reads, so more threads
        # than cores only add GIL contention (measured: throughput fell from 1 to 8 to 32 clients).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        state.open()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="armswatch API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.aw = state
    install_handlers(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders)

    from armswatch.api.routes import alerts, docs, meta, reads, stories, writes
    from armswatch.web.pages import install_pages

    app.include_router(meta.router, prefix="/api/v1")
    app.include_router(reads.router, prefix="/api/v1")
    app.include_router(stories.router, prefix="/api/v1")
    app.include_router(writes.router, prefix="/api/v1")
    app.include_router(alerts.router, prefix="/api/v1")
    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_pages(app)
    return app
