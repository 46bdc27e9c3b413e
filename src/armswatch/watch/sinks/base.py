"""The sink interface and the factory that builds sinks from their configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from armswatch.errors import WatchError

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert
    from armswatch.watch.config import SinkConfig


class SinkError(WatchError):
    """A delivery failed; the alert stays queued for this sink and is retried."""

    def __init__(self, sink: str, alert_id: str, reason: str) -> None:
        super().__init__("E704", sink=sink, alert_id=alert_id, reason=reason)
        self.reason = reason


class Sink(Protocol):
    """Somewhere alerts go. ``deliver`` returns when the alert is accepted, or raises :class:`SinkError`.

    Sinks that can see their own history (JSONL, webhook receivers via the idempotency key, email
    via Message-ID) treat a second delivery of the same alert id as a no-op.
    """

    name: str

    def deliver(self, alert: Alert) -> None: ...

    def close(self) -> None: ...


def build_sink(cfg: SinkConfig) -> Sink:
    """One sink from its config entry."""
    from armswatch.watch.config import (
        EmailSinkConfig,
        JsonlSinkConfig,
        TerminalSinkConfig,
        WebhookSinkConfig,
    )

    if isinstance(cfg, TerminalSinkConfig):
        from armswatch.watch.sinks.terminal import TerminalSink

        return TerminalSink(cfg.name)
    if isinstance(cfg, JsonlSinkConfig):
        from armswatch.watch.sinks.jsonl import JsonlSink

        return JsonlSink(cfg.name, cfg.path)
    if isinstance(cfg, WebhookSinkConfig):
        from armswatch.watch.sinks.webhook import WebhookSink

        return WebhookSink(
            cfg.name, cfg.url, secret=cfg.resolved_secret(), timeout=cfg.timeout, headers=cfg.headers
        )
    if isinstance(cfg, EmailSinkConfig):
        from armswatch.watch.sinks.smtp import EmailSink

        return EmailSink(cfg)
    raise WatchError("E707", sink=getattr(cfg, "name", cfg), rule="-")


def build_sinks(configs: list[SinkConfig]) -> dict[str, Sink]:
    """Sinks by name, in configuration order."""
    return {c.name: build_sink(c) for c in configs}
