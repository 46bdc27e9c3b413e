"""CLI commands of the batch stage: ``armswatch batch`` and ``armswatch load``.

Heavy imports (spaCy, pyarrow, dask) stay inside the command functions.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from armswatch.batch.engines import Engine
    from armswatch.batch.manifest import Manifest, PartitionEntry


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


class TextModeName(StrEnum):
    all = "all"
    relevant = "relevant"
    none = "none"


def _fail(exc: Exception) -> None:
    typer.echo(f"armswatch: {exc}", err=True)
    raise typer.Exit(2)


def _observer(quiet: bool) -> Any:
    """A Rich progress bar over partitions and documents (nothing when ``quiet``)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from armswatch.batch.runner import BatchObserver

    console = Console(stderr=True)

    class RichObserver(BatchObserver):
        def __init__(self) -> None:
            self.progress: Progress | None = None
            self.task: Any = None
            self.docs = 0
            self.claims = 0
            self.failed = 0

        def started(self, manifest: Manifest, todo: list[PartitionEntry], engine: Engine) -> None:
            done = len(manifest.partitions) - len(todo)
            if engine.name == "dask" and todo:
                console.print(f"Dask dashboard: {engine.dashboard_link or 'unavailable'}")
            msg = f"{len(manifest.partitions)} partitions, {done} already done; {len(todo)} to run"
            if todo:
                msg += f" on {engine.name} with {engine.workers} workers"
                msg += f" (start-up {engine.startup_seconds:.1f} s)"
            console.print(msg)
            if quiet or not todo:
                return
            self.progress = Progress(
                TextColumn("[bold]batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(
                    "{task.fields[docs]:,} docs · {task.fields[claims]:,} claims"
                    " · {task.fields[failed]} failed"
                ),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            )
            self.progress.start()
            self.task = self.progress.add_task("batch", total=len(todo), docs=0, claims=0, failed=0)

        def finished_partition(self, entry: PartitionEntry) -> None:
            self.docs += entry.documents
            self.claims += entry.transfers
            self.failed += entry.status == "failed"
            if entry.status == "failed":
                console.print(f"[red]failed[/red] {entry.error}")
            if self.progress is not None:
                self.progress.update(
                    self.task, advance=1, docs=self.docs, claims=self.claims, failed=self.failed
                )

        def stop(self) -> None:
            if self.progress is not None:
                self.progress.stop()

    return RichObserver()


def batch(
    inputs: list[str] = typer.Argument(
        ..., help="Input files, directories or globs: .jsonl, .jsonl.gz, .warc(.gz), .parquet."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory (Parquet tables + manifest.json)."),
    engine: EngineName = typer.Option(
        EngineName.local, "--engine", help="local: process pool; dask: dask.distributed."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a LocalCluster here."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-w", min=1, help="Worker processes (default: all cores)."
    ),
    partition_size: int | None = typer.Option(
        None,
        "--partition-size",
        min=1,
        help="Documents per partition (default ARMSWATCH_BATCH_PARTITION_SIZE, 1000).",
    ),
    text: TextModeName = typer.Option(
        TextModeName.relevant,
        "--text",
        help="Keep document text for: all, relevant (with claims or role checks), none.",
    ),
    restart: bool = typer.Option(
        False, "--restart", help="Discard an earlier run in --out instead of resuming it."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
) -> None:
    """Extract claims from news archives in parallel into partitioned Parquet; re-run to resume."""
    from armswatch.batch.runner import run_batch
    from armswatch.errors import ArmswatchError
    from armswatch.settings import Settings

    settings = Settings()
    observer = _observer(quiet or as_json)
    try:
        outcome = run_batch(
            inputs,
            out,
            engine=engine.value,
            workers=workers,
            scheduler=scheduler or settings.dask_scheduler,
            partition_size=partition_size,
            text_mode=text.value,
            restart=restart,
            settings=settings,
            observer=observer,
        )
    except ArmswatchError as exc:
        observer.stop()
        _fail(exc)
        return
    except KeyboardInterrupt:
        observer.stop()
        typer.echo("armswatch: interrupted; re-run the same command to resume.", err=True)
        raise typer.Exit(130) from None
    observer.stop()
    m, run = outcome.manifest, outcome.run
    summary = {
        "out": str(out),
        "partitions": m.totals.get("partitions", 0),
        "partitions_done": m.totals.get("partitions_done", 0),
        "partitions_failed": m.totals.get("partitions_failed", 0),
        "ran": run.partitions_run,
        "skipped_done": run.partitions_skipped,
        "documents": m.totals.get("documents", 0),
        "records_skipped": m.totals.get("skipped", 0),
        "inputs_failed": [i.error for i in m.inputs if i.error],
        "transfers": m.totals.get("transfers", 0),
        "role_checks": m.totals.get("role_checks", 0),
        "seconds": run.seconds,
        "docs_per_second": run.docs_per_second,
        "worker_peak_rss_mb": m.worker_peak_rss_mb,
    }
    if as_json:
        typer.echo(json.dumps(summary, indent=1))
    elif not quiet:
        typer.echo(
            f"{summary['partitions_done']}/{summary['partitions']} partitions done "
            f"({summary['ran']} this run, {summary['skipped_done']} resumed), "
            f"{summary['documents']:,} documents, {summary['transfers']:,} claims, "
            f"{summary['role_checks']:,} role checks, {summary['records_skipped']:,} records skipped; "
            f"{run.seconds:.1f} s, {run.docs_per_second:,.0f} docs/s."
        )
    for bad in outcome.failed_inputs:
        typer.echo(f"armswatch: skipped input: {bad.error}", err=True)
    if outcome.failed_inputs and not outcome.failed:
        raise typer.Exit(1)
    if outcome.failed:
        typer.echo(
            f"armswatch: {len(outcome.failed)} partitions failed (see {out}/manifest.json); "
            "re-run to retry them.",
            err=True,
        )
        raise typer.Exit(1)


def load(
    directory: Path = typer.Argument(..., help="Output directory of `armswatch batch`."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default ARMSWATCH_DATABASE_URL / sqlite)."
    ),
    partial: bool = typer.Option(
        False, "--partial", help="Load the finished partitions of an incomplete run."
    ),
    stories: bool = typer.Option(True, "--stories/--no-stories", help="Build stories after loading."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the load summary as JSON."),
) -> None:
    """Load batch output (Parquet) into the database in bulk, then build stories."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from armswatch.batch.load import load_batch
    from armswatch.errors import ArmswatchError
    from armswatch.settings import Settings

    url = db or Settings().database_url
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]load"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )
    task = progress.add_task("load", total=None)
    show = not (quiet or as_json)

    def on_partition(done: int, total: int) -> None:
        if show:
            progress.update(task, completed=done, total=total)

    try:
        if show:
            progress.start()
        summary = load_batch(
            directory, url, partial=partial, build_stories=stories, on_partition=on_partition
        )
    except ArmswatchError as exc:
        progress.stop()
        _fail(exc)
        return
    progress.stop()
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=1))
    elif not quiet:
        typer.echo(summary.line())


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""
    app.command("batch")(batch)
    app.command("load")(load)
