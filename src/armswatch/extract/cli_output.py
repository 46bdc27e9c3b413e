"""Output formats of ``armswatch extract``: JSON Lines, a JSON array, and Rich tables.

JSON output is exactly :meth:`ExtractionResult.to_schema` (the gold schema's document shape).
The table shows one Rich table per document: supplier -> recipient by name, what, how many,
status, sources and the evidence sentence, then the role checks with wrong ones marked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from armswatch.records import ExtractionResult, RoleClaim, TransferClaim

FORMATS = ("table", "json", "jsonl")

_STATUS_STYLE = {
    "confirmed": "bold green",
    "reported": "cyan",
    "alleged": "yellow",
    "planned": "magenta",
    "denied": "red",
}

PartyNamer = Callable[[str], str]


def to_json_line(result: ExtractionResult) -> str:
    """One JSON line in the schema's document shape (non-ASCII kept as is)."""
    return json.dumps(result.to_schema(), ensure_ascii=False, sort_keys=False)


class JsonArrayWriter:
    """Streams results as one JSON array, so a long run is never held in memory."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._count = 0

    def write(self, result: ExtractionResult) -> None:
        """Write one element of the array."""
        prefix = "[\n" if self._count == 0 else ",\n"
        body = json.dumps(result.to_schema(), ensure_ascii=False, indent=2)
        self._out.write(prefix + "\n".join("  " + line for line in body.splitlines()))
        self._count += 1

    def close(self) -> None:
        """Close the array (an empty run prints ``[]``)."""
        self._out.write("[]\n" if self._count == 0 else "\n]\n")


def _party(namer: PartyNamer, code: str) -> str:
    name = namer(code)
    return code if not name or name == code else f"{name} ({code})"


def _join(values: tuple[Any, ...] | list[Any], empty: str = "-") -> str:
    return ", ".join(str(v) for v in values) if values else empty


def _quantity(claim: TransferClaim) -> str:
    if claim.quantity is not None:
        return claim.quantity.text
    stated = [f"{it.quantity.text} ({it.system})" for it in claim.items if it.quantity is not None]
    return "; ".join(stated) if stated else "-"


def _what_cell(claim: TransferClaim) -> str:
    from rich.markup import escape

    lines = [f"[bold]{escape(_join(claim.categories))}[/bold]"]
    if claim.systems:
        lines.append(escape(_join(claim.systems)))
    if claim.calibers_mm:
        lines.append("calibre: " + escape(_join(claim.calibers_mm)) + " mm")
    quantity = _quantity(claim)
    if quantity != "-":
        lines.append("quantity: " + escape(quantity))
    return "\n".join(lines)


def _status_cell(claim: TransferClaim) -> str:
    from rich.markup import escape

    style = _STATUS_STYLE.get(claim.status, "white")
    lines = [f"[{style}]{claim.status}[/]"]
    if claim.sources:
        lines.append("[dim]per[/dim] " + escape(_join(claim.sources)))
    if claim.denied_by:
        lines.append("[dim]denied by[/dim] " + escape(_join(claim.denied_by)))
    return "\n".join(lines)


def _role_cell(role: RoleClaim) -> str:
    from rich.markup import escape

    if role.correct:
        return "[green]ok[/green]"
    actual = escape(role.actual_role or "unknown")
    return f"[bold red]WRONG[/bold red]: actually {actual}"


def render_table(console: Console, result: ExtractionResult, namer: PartyNamer) -> None:
    """Print one document's claims (and role checks) as Rich tables."""
    from rich.markup import escape
    from rich.table import Table

    doc = result.document
    heading = f"[bold]{escape(doc.id)}[/bold]"
    if doc.title:
        heading += f" - {escape(doc.title)}"
    if doc.published:
        heading += f" [dim]({doc.published.isoformat()})[/dim]"
    console.print()
    console.rule(heading, align="left")
    if not result.transfers:
        console.print("[dim]no transfer claims found[/dim]")
    else:
        table = Table(show_lines=True, expand=True)
        table.add_column("supplier → recipient", ratio=2, min_width=14, overflow="fold")
        table.add_column("what", ratio=3, min_width=16, overflow="fold")
        table.add_column("status · sources", ratio=2, min_width=14, overflow="fold")
        table.add_column("evidence", ratio=4, min_width=20, overflow="fold")
        for claim in result.transfers:
            table.add_row(
                escape(f"{_party(namer, claim.supplier)}\n→ {_party(namer, claim.recipient)}"),
                _what_cell(claim),
                _status_cell(claim),
                escape(" ".join(claim.evidence.split())),
            )
        console.print(table)
    if result.role_claims:
        roles = Table(title="role checks", title_justify="left", show_lines=False, expand=True)
        roles.add_column("person", ratio=1)
        roles.add_column("stated role", ratio=3, overflow="fold")
        roles.add_column("check", ratio=3, overflow="fold")
        for role in result.role_claims:
            roles.add_row(escape(role.person), escape(role.stated_role), _role_cell(role))
        console.print(roles)
