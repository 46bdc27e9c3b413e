"""Terminal sink: a Rich panel per alert (headline, story link, changes, evidence)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

if TYPE_CHECKING:
    from armswatch.watch.alerts import Alert

_STYLE = {"new_story": "green", "escalation": "yellow", "contradiction": "red"}


def render_text(alert: Alert) -> str:
    """Rich markup for an alert; all article-derived text is escaped."""
    lines = [f"[link={escape(alert.link)}]{escape(alert.link)}[/link]"]
    for line in alert.summary_lines():
        lines.append(f"• {escape(line)}")
    for ev in alert.evidence[:3]:
        where = ev.outlet or ev.url or ev.document_id or ""
        lines.append(f"  [dim]“{escape(ev.quote)}” — {escape(where)}[/dim]")
    return "\n".join(lines)


class TerminalSink:
    """Prints alerts to a Rich console (stdout by default). Delivery cannot fail unless the stream does."""

    def __init__(self, name: str = "terminal", console: Console | None = None) -> None:
        self.name = name
        self.console = console or Console(highlight=False)

    def deliver(self, alert: Alert) -> None:
        style = _STYLE.get(alert.kind, "white")
        self.console.print(
            Panel(
                render_text(alert),
                title=escape(alert.headline),
                title_align="left",
                border_style=style,
                subtitle=alert.id,
                subtitle_align="right",
            )
        )

    def close(self) -> None:
        return None
