"""Console output of ingest and query commands: the progress line, the run summary, claim tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from armswatch.ingest.pipeline import IngestCounts, IngestSummary
    from armswatch.store.rows import ClaimRow


def counts_text(c: IngestCounts) -> str:
    """The counts shown beside the progress bar."""
    return (
        f"read {c.read}  new {c.new}  duplicate {c.duplicate}  near-dup {c.near_duplicate}  "
        f"skipped {c.skipped}  claims {c.claims}"
    )


def make_progress(console: Console) -> Progress:
    """A pulsing bar (the number of documents is unknown until the sources are read) with counts."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def print_summary(console: Console, summary: IngestSummary, db: str) -> None:
    """Counts, then every skipped input with its reason, one line each."""
    from rich.table import Table

    c = summary.counts
    t = Table(title=f"ingest into {db}", show_header=False)
    for label, value in (
        ("read", c.read),
        ("new", c.new),
        ("duplicate (not stored)", c.duplicate),
        ("near-duplicate (stored, grouped)", c.near_duplicate),
        ("skipped", c.skipped),
        ("claims found", c.claims),
        ("role checks", c.role_checks),
        ("seconds", f"{summary.elapsed_s:.1f}"),
    ):
        t.add_row(label, str(value))
    console.print(t)
    if not summary.extracted:
        console.print("extraction skipped (--no-extract): documents stored without claims")
    if summary.skipped_reasons:
        console.print(f"[bold]skipped ({c.skipped}):")
        for reason in summary.skipped_reasons:
            console.print(f"  {reason}", markup=False, highlight=False)


def claims_table(console: Console, rows: Sequence[ClaimRow]) -> None:
    """Claims as a Rich table."""
    from rich.table import Table

    t = Table(show_lines=False)
    for col in (
        "published",
        "supplier",
        "recipient",
        "status",
        "categories",
        "systems",
        "sources",
        "document",
        "evidence",
    ):
        t.add_column(col, overflow="fold")
    for r in rows:
        ev = r.evidence if len(r.evidence) <= 160 else r.evidence[:157] + "..."
        t.add_row(
            r.published.isoformat() if r.published else "",
            r.supplier,
            r.recipient,
            r.status,
            ", ".join(r.categories),
            ", ".join(r.systems),
            "; ".join(r.sources),
            r.document_id + (f" (copy of {r.dup_group})" if r.dup_group else ""),
            ev,
        )
    console.print(t)
    console.print(f"{len(rows)} claim(s)")
