"""Terminal rendering of stories with Rich: a list table and a readable timeline.

All article-derived text is passed to Rich as plain ``Text`` (never markup), so brackets in
untrusted titles or quotes cannot inject styling.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from armswatch.stories.model import Story, TimelineEntry

_STATUS_STYLE = {
    "confirmed": "bold green",
    "reported": "cyan",
    "alleged": "yellow",
    "planned": "magenta",
    "denied": "red",
}

_CHANGE_LABEL = {
    "first_report": "first report",
    "new_system": "new system",
    "new_category": "new category",
    "new_quantity": "quantity",
    "quantity_growth": "quantity up",
    "status_change": "status",
    "new_source": "new source",
    "new_outlet": "new outlet",
    "denial": "DENIAL",
    "copy": "copy of",
}


def _d(v: object) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else "undated"


def stories_table(stories: Sequence[Story]) -> Table:
    """One row per story: id, pair, title, status, dates, sources/outlets, contradictions."""
    t = Table(show_lines=False, header_style="bold")
    for col in ("id", "pair", "title", "status", "first seen", "updated", "src", "outlets", "docs", "!"):
        if col == "title":
            t.add_column(col, overflow="fold", ratio=1, min_width=20)
        else:
            t.add_column(col, no_wrap=True)
    for s in stories:
        t.add_row(
            Text(s.id),
            Text(f"{s.supplier}→{s.recipient}"),
            Text(s.title),
            Text(s.status, style=_STATUS_STYLE.get(s.status, "")),
            Text(_d(s.first_seen)),
            Text(_d(s.last_updated)),
            Text(str(s.corroboration.independent_sources)),
            Text(str(s.corroboration.distinct_outlets)),
            Text(str(len(s.doc_ids))),
            Text(str(len(s.contradictions)) if s.contradictions else "", style="red"),
        )
    return t


def _entry(e: TimelineEntry) -> Text:
    t = Text()
    t.append(f"{_d(e.date)}  ", style="bold")
    t.append(e.outlet or "unknown outlet", style="bold")
    t.append(f"  [{e.status}]", style=_STATUS_STYLE.get(e.status, ""))
    t.append(f"  {e.doc_id}\n", style="dim")
    if e.title:
        t.append(f"  {e.title}\n", style="italic")
    if e.changes:
        t.append("  + ")
        t.append(
            "; ".join(f"{_CHANGE_LABEL.get(c.kind, c.kind)}: {c.value}" for c in e.changes),
            style="green" if not any(c.kind == "denial" for c in e.changes) else "red",
        )
        t.append("\n")
    if e.evidence:
        t.append(f'  "{e.evidence}"\n', style="")
    if e.sources:
        t.append(f"  sources: {' ← '.join(e.sources)}\n", style="dim")
    if e.url:
        t.append(f"  {e.url}\n", style="blue underline")
    return t


def story_view(s: Story) -> Group:
    """Header facts, items, corroboration, contradictions and the timeline of one story."""
    head = Text()
    head.append(s.title + "\n", style="bold")
    head.append(f"{s.id}   {s.supplier} → {s.recipient}\n", style="dim")
    head.append("status: ")
    head.append(s.status, style=_STATUS_STYLE.get(s.status, ""))
    if s.status_by:
        head.append(f" (by {', '.join(s.status_by)})")
    head.append(f"\nfirst seen {_d(s.first_seen)}, last updated {_d(s.last_updated)}\n")
    c = s.corroboration
    head.append(
        f"corroboration: {c.independent_sources} independent source(s), {c.distinct_outlets} outlet(s), "
        f"{c.documents} document(s) of which {c.copies} near-duplicate cop{'y' if c.copies == 1 else 'ies'}\n"
    )
    if c.sources:
        head.append(f"  sources: {'; '.join(c.sources)}\n", style="dim")
    if c.outlets:
        head.append(f"  outlets: {'; '.join(c.outlets)}\n", style="dim")
    if s.items:
        head.append("items: ")
        head.append(
            "; ".join(i.system + (f" ({i.quantity_text})" if i.quantity_text else "") for i in s.items[:8])
        )
        head.append("\n")
    if s.denied_by:
        head.append(f"denied by: {', '.join(s.denied_by)}\n", style="red")
    parts: list[Text | Panel] = [head]
    if s.contradictions:
        ct = Text()
        for x in s.contradictions:
            ct.append(f"[{x.kind}] ", style="bold red")
            ct.append(f"{x.summary} ({', '.join(x.doc_ids)})\n")
        parts.append(Panel(ct, title="contradictions", border_style="red"))
    tl = Text()
    for e in s.timeline:
        tl.append_text(_entry(e))
        tl.append("\n")
    parts.append(Panel(tl, title=f"timeline ({len(s.timeline)} entries)"))
    return Group(*parts)


def print_story(s: Story, console: Console | None = None) -> None:
    """Print one story to the terminal."""
    (console or Console()).print(story_view(s))
