"""Consistent error responses: every failure becomes ``{"error": {"code", "message"}}``.

Routes raise :class:`ApiProblem` (an HTTP status plus an :class:`~armswatch.errors.ArmswatchError`);
the handlers installed by :func:`install_handlers` also turn FastAPI's validation errors, unknown
routes and unexpected exceptions into the same shape. Browsers asking for a page get HTML instead.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from armswatch.errors import ApiError, ArmswatchError, FetchError, InputError, StoreError

log = logging.getLogger("armswatch.api")


class ApiProblem(Exception):
    """An error with its HTTP status; ``error`` carries the code and the message."""

    def __init__(self, status: int, error: ArmswatchError, headers: dict[str, str] | None = None) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error
        self.headers = headers or {}


def not_found(kind: str, plural: str, id_: str) -> ApiProblem:
    """404 for a record that does not exist."""
    return ApiProblem(404, ApiError("E920", kind=kind, id=id_, plural=plural))


def bad_value(name: str, value: object, reason: str) -> ApiProblem:
    """422 for a query or body value that parses but makes no sense."""
    return ApiProblem(422, ApiError("E927", name=name, value=value, reason=reason))


def error_body(error: ArmswatchError) -> dict[str, Any]:
    """The JSON body for ``error`` (the message without its ``[Exxx]`` prefix: the code is beside it)."""
    message = error.message
    prefix = f"[{error.code}] "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return {"error": {"code": error.code, "message": message}}


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(
    request: Request, status: int, error: ArmswatchError, headers: dict[str, str] | None = None
) -> Response:
    if _wants_html(request):
        render = getattr(request.app.state, "render_error", None)
        if render is not None:
            resp: Response = render(request, status, error)
            return resp
    return JSONResponse(error_body(error), status_code=status, headers=headers)


def _validation_reason(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        value = err.get("input")
        shown = f" (got {value!r})" if isinstance(value, (str, int, float)) and len(str(value)) < 80 else ""
        parts.append(f"{loc or 'body'}: {err.get('msg', 'invalid')}{shown}")
    return "; ".join(parts)


def install_handlers(app: FastAPI) -> None:
    """Register the exception handlers that give every error the same body."""

    @app.exception_handler(ApiProblem)
    async def _problem(request: Request, exc: ApiProblem) -> Response:
        return _respond(request, exc.status, exc.error, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, ApiError("E924", reason=_validation_reason(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err: ArmswatchError = ApiError("E930", path=request.url.path)
        else:
            err = ApiError("E924", reason=f"{exc.detail} ({request.method} {request.url.path})")
        return _respond(request, exc.status_code, err, dict(exc.headers or {}))

    @app.exception_handler(FetchError)
    async def _fetch(request: Request, exc: FetchError) -> Response:
        return _respond(request, 422, exc)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return _respond(request, 422, exc)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _respond(request, 503, exc)

    @app.exception_handler(ArmswatchError)
    async def _armswatch(request: Request, exc: ArmswatchError) -> Response:
        return _respond(request, 400, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, 500, ApiError("E926", kind=type(exc).__name__))
