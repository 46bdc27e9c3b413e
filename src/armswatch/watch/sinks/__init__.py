"""Alert sinks: terminal (Rich), JSONL file, webhook (signed HTTP POST) and email (SMTP).

Every sink has a ``name`` and ``deliver(alert)``; a failure raises :class:`SinkError` and the outbox
retries later with exponential backoff. :func:`build_sinks` makes them from the configuration.
"""

from __future__ import annotations

from armswatch.watch.sinks.base import Sink, SinkError, build_sink, build_sinks

__all__ = ["Sink", "SinkError", "build_sink", "build_sinks"]
