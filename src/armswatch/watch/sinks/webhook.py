"""Webhook sink: HTTP POST of the alert's JSON, signed with HMAC-SHA256, with an idempotency key.

Headers: ``Content-Type: application/json``, ``X-Armswatch-Signature: sha256=<hex>`` (HMAC-SHA256 of the
exact body bytes with the configured secret; omitted without a secret), ``Idempotency-Key`` and
``X-Armswatch-Alert-Id`` (both the alert id: a receiver that remembers ids it has processed sees each
alert once even if the outbox redelivers), ``X-Armswatch-Event`` (alert kind). Any 2xx is success;
anything else, a timeout or a connection error raises :class:`SinkError` and the outbox retries
with exponential backoff.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

import httpx

from armswatch import __version__
from armswatch.watch.sinks.base import SinkError

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert

SIGNATURE_HEADER = "X-Armswatch-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def sign(body: bytes, secret: str) -> str:
    """The signature header value: ``sha256=`` + hex HMAC-SHA256 of ``body`` keyed by ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    """True if ``header`` is the valid signature of ``body`` (constant-time comparison)."""
    return header is not None and hmac.compare_digest(sign(body, secret), header)


class WebhookSink:
    """POSTs each alert to ``url``."""

    def __init__(
        self,
        name: str,
        url: str,
        secret: str | None = None,
        timeout: float = 10.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.url = url
        self.secret = secret
        self._headers = dict(headers or {})
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": f"armswatch/{__version__}"}
        )

    def request_headers(self, alert: Alert, body: bytes) -> dict[str, str]:
        headers = {
            **self._headers,
            "Content-Type": "application/json",
            IDEMPOTENCY_HEADER: alert.id,
            "X-Armswatch-Alert-Id": alert.id,
            "X-Armswatch-Event": alert.kind,
        }
        if self.secret:
            headers[SIGNATURE_HEADER] = sign(body, self.secret)
        return headers

    def deliver(self, alert: Alert) -> None:
        body = alert.body()
        try:
            resp = self._client.post(self.url, content=body, headers=self.request_headers(alert, body))
        except httpx.HTTPError as exc:
            raise SinkError(self.name, alert.id, f"{type(exc).__name__}: {exc}") from exc
        if not 200 <= resp.status_code < 300:
            raise SinkError(self.name, alert.id, f"HTTP {resp.status_code} from {self.url}")

    def close(self) -> None:
        self._client.close()
