"""CLI commands of the ingest stage (registered on the main Typer app by `armswatch.cli`)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""
