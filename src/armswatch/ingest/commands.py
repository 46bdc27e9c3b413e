"""CLI commands of the ingest stage: ``armswatch ingest``, ``armswatch claims``, ``armswatch export``.

Exit codes of ``ingest``: 0 when the run completed and at least one SOURCE yielded a document
(even if other inputs were skipped — their reasons are always listed); 1 when every SOURCE failed;
2 for a usage or database error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from armswatch.store.commands import DB_OPTION_HELP, resolve_db

if TYPE_CHECKING:
    from armswatch.store.rows import ClaimFilter


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from armswatch.errors import ConfigError

        raise typer.BadParameter(ConfigError("E002", value=value).message, param_hint=option) from None


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""

    @app.command("ingest")
    def ingest(
        sources: list[str] = typer.Argument(..., help="Files, directories, http(s) URLs of pages or feeds."),
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
        allow_private: bool = typer.Option(
            False, "--allow-private", help="Allow URLs that resolve to loopback/private networks."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
        json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON (for scripts)."),
        batch_size: int | None = typer.Option(None, "--batch-size", min=1, help="Documents per transaction."),
        no_extract: bool = typer.Option(
            False, "--no-extract", help="Store documents without extracting claims."
        ),
    ) -> None:
        """Read reports into the database, extract their claims, skip duplicates, group near-duplicates."""
        import json
        import sys

        from rich.console import Console

        from armswatch.errors import ArmswatchError
        from armswatch.ingest.pipeline import Ingestor, default_extractor
        from armswatch.ingest.report import counts_text, make_progress, print_summary
        from armswatch.settings import Settings
        from armswatch.store import Store
        from armswatch.store.engine import redact

        overrides: dict[str, object] = {}
        if allow_private:
            overrides["allow_private"] = True
        if batch_size:
            overrides["batch_size"] = batch_size
        settings = Settings(**overrides)  # type: ignore[arg-type]
        url = resolve_db(db)
        err = Console(stderr=True)
        try:
            store = Store.open(url)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        try:
            extract = None if no_extract else default_extractor(settings)
            ingestor = Ingestor(store, settings, extract)
            if extract is not None:  # Stories hook: update stories after each committed batch.
                from armswatch.stories.update import story_updater

                ingestor.on_saved = story_updater(store.engine)
            show = not quiet and not json_out and err.is_terminal
            if show:
                with make_progress(err) as progress:
                    task = progress.add_task("ingest", total=None, counts="")
                    summary = ingestor.run(
                        sources, on_progress=lambda c: progress.update(task, counts=counts_text(c))
                    )
            else:
                summary = ingestor.run(sources)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        finally:
            store.close()
        if json_out:
            sys.stdout.write(json.dumps({"db": redact(url), **summary.to_dict()}, indent=1) + "\n")
        elif not quiet:
            print_summary(Console(), summary, redact(url))
        if summary.all_failed:
            if not json_out:
                from armswatch.errors import IngestError

                typer.echo(IngestError("E513", count=len(summary.sources)).message, err=True)
            raise typer.Exit(1)

    def _filter(
        supplier: str | None,
        recipient: str | None,
        category: str | None,
        status: str | None,
        since: str | None,
        until: str | None,
        text: str | None,
        limit: int | None,
    ) -> ClaimFilter:
        from armswatch.records import CATEGORIES, STATUSES
        from armswatch.store import ClaimFilter

        if category and category.lower() not in CATEGORIES:
            raise typer.BadParameter(
                f"{category!r}: use one of {', '.join(CATEGORIES)}", param_hint="--category"
            )
        if status and status.lower() not in STATUSES:
            raise typer.BadParameter(f"{status!r}: use one of {', '.join(STATUSES)}", param_hint="--status")
        return ClaimFilter(
            supplier=supplier,
            recipient=recipient,
            category=category,
            status=status,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            text=text,
            limit=limit if limit else None,
        )

    @app.command("claims")
    def claims(
        supplier: str | None = typer.Option(None, "--supplier", help="Supplier code, e.g. PRK."),
        recipient: str | None = typer.Option(None, "--recipient", help="Recipient code, e.g. RUS."),
        category: str | None = typer.Option(None, "--category", help="e.g. ammunition."),
        status: str | None = typer.Option(
            None, "--status", help="confirmed|reported|alleged|planned|denied."
        ),
        since: str | None = typer.Option(None, "--since", help="Published on or after YYYY-MM-DD."),
        until: str | None = typer.Option(None, "--until", help="Published on or before YYYY-MM-DD."),
        text: str | None = typer.Option(None, "--text", help="Substring of evidence, systems or title."),
        fmt: str = typer.Option("table", "--format", help="table|json|csv."),
        limit: int = typer.Option(100, "--limit", min=0, help="At most this many (0: all)."),
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    ) -> None:
        """List stored claims matching the filters (newest first)."""
        import sys

        from rich.console import Console

        from armswatch.errors import ArmswatchError
        from armswatch.export import write_export
        from armswatch.ingest.report import claims_table
        from armswatch.store import Store

        if fmt not in ("table", "json", "csv"):
            raise typer.BadParameter(f"{fmt!r}: use table, json or csv", param_hint="--format")
        flt = _filter(supplier, recipient, category, status, since, until, text, limit)
        try:
            with Store.open(resolve_db(db)) as store:
                rows = store.query_claims(flt)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        if fmt == "table":
            claims_table(Console(), rows)
        else:
            write_export(rows, fmt, sys.stdout)

    @app.command("export")
    def export(
        fmt: str = typer.Option(..., "--format", help="csv|json|jsonl|parquet|geojson|cameo|plover."),
        out: str = typer.Option(..., "--out", help="Output file ('-' for stdout, text formats only)."),
        supplier: str | None = typer.Option(None, "--supplier"),
        recipient: str | None = typer.Option(None, "--recipient"),
        category: str | None = typer.Option(None, "--category"),
        status: str | None = typer.Option(None, "--status"),
        since: str | None = typer.Option(None, "--since"),
        until: str | None = typer.Option(None, "--until"),
        text: str | None = typer.Option(None, "--text"),
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    ) -> None:
        """Export the claims matching the filters (all of them by default)."""
        import sys

        from armswatch.errors import ArmswatchError
        from armswatch.export import FORMATS, write_export
        from armswatch.store import Store

        if fmt not in FORMATS:
            raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(FORMATS)}", param_hint="--format")
        if out == "-" and fmt == "parquet":
            raise typer.BadParameter("parquet is binary: give a file path", param_hint="--out")
        flt = _filter(supplier, recipient, category, status, since, until, text, None)
        centroids = None
        if fmt == "geojson":
            from armswatch.kb import KnowledgeBase

            centroids = KnowledgeBase.load().centroids
        try:
            with Store.open(resolve_db(db)) as store:
                report = write_export(
                    store.iter_claims(flt), fmt, sys.stdout if out == "-" else Path(out), centroids=centroids
                )
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        except OSError as exc:
            raise _fail(f"{out}: cannot write: {exc.strerror or exc}") from None
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        if out != "-":
            typer.echo(
                f"{report.rows} {'feature' if fmt == 'geojson' else 'record'}(s) written to {out}", err=True
            )
