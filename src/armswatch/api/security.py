"""HTTP hardening: security headers on every response and the bearer token of write endpoints.

Pages get a strict Content-Security-Policy (scripts and styles only from this origin, no inline
script, no plugins, no framing), so even an escaping bug in a template could not run a payload.
The Swagger UI page at ``/docs`` additionally needs inline *styles* (its components set them).
"""

from __future__ import annotations

import hmac
import json

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armswatch.api.problems import ApiProblem
from armswatch.errors import ApiError

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


class SecurityHeaders:
    """Pure ASGI middleware (cheap: no request body buffering) adding the headers above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = CSP_DOCS if path == "/docs" else CSP
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in BASE_HEADERS:
                    if k not in present:
                        headers.append((k, v))
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp.encode()))
                if is_api and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before anything parses them.

    A declared ``Content-Length`` over the limit is refused at once; a chunked body is counted
    as it arrives and cut off when it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length" and v.isdigit() and int(v) > self.limit:
                await _too_large(send, self.limit)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    from armswatch.api.problems import error_body

    body = json.dumps(
        error_body(ApiError("E924", reason=f"request body over {limit} bytes; send a smaller report"))
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def require_token(request: Request) -> None:
    """FastAPI dependency guarding write endpoints.

    No token configured → 403 (writes disabled); no ``Authorization: Bearer`` header → 401;
    a different token → 403. The comparison takes constant time.
    """
    expected: str | None = request.app.state.settings.api_token
    if not expected:
        raise ApiProblem(403, ApiError("E921"))
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiProblem(401, ApiError("E922"), headers={"WWW-Authenticate": 'Bearer realm="armswatch"'})
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ApiProblem(403, ApiError("E923"), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
