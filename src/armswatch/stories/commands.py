"""CLI commands of the stories stage: ``armswatch stories [filters]``, ``armswatch stories rebuild``,
``armswatch stories eval``, and ``armswatch story ID``.

Exit codes: 0 success; 1 story not found; 2 bad option or database error.
"""

from __future__ import annotations

import typer

from armswatch.store.commands import DB_OPTION_HELP, resolve_db

_STATUSES = ("confirmed", "reported", "alleged", "planned", "denied")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _date_opt(value: str | None, name: str) -> object:
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from armswatch.errors import StoryError

        raise _fail(
            StoryError("E602", name=name, value=value, reason="expected YYYY-MM-DD").message
        ) from None


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""
    stories_app = typer.Typer(
        help="Stories: reports of the same transfer grouped, with timelines and corroboration.",
        invoke_without_command=True,
    )

    @stories_app.callback(invoke_without_command=True)
    def list_cmd(
        ctx: typer.Context,
        supplier: str | None = typer.Option(None, "--supplier", help="Supplier code, e.g. PRK."),
        recipient: str | None = typer.Option(None, "--recipient", help="Recipient code, e.g. RUS."),
        status: str | None = typer.Option(None, "--status", help="Current status: " + ", ".join(_STATUSES)),
        category: str | None = typer.Option(None, "--category", help="A category, e.g. ammunition."),
        since: str | None = typer.Option(None, "--since", help="Updated on or after YYYY-MM-DD."),
        until: str | None = typer.Option(None, "--until", help="First seen on or before YYYY-MM-DD."),
        text: str | None = typer.Option(None, "--text", help="Substring of the title or systems."),
        min_sources: int | None = typer.Option(None, "--min-sources", min=0, help="At least N sources."),
        limit: int = typer.Option(50, "--limit", min=1, help="At most N stories."),
        fmt: str = typer.Option("table", "--format", help="table or json."),
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    ) -> None:
        """List stories, most recently updated first."""
        if ctx.invoked_subcommand is not None:
            return
        import json

        from rich.console import Console

        from armswatch.errors import ArmswatchError, StoryError
        from armswatch.store import Store
        from armswatch.store.stories_repo import StoryFilter, list_stories
        from armswatch.stories.render import stories_table

        if fmt not in ("table", "json"):
            raise _fail(StoryError("E602", name="format", value=fmt, reason="use table or json").message)
        from armswatch.records import CATEGORIES

        if category and category.lower() not in CATEGORIES:
            raise _fail(
                StoryError(
                    "E602", name="category", value=category, reason="use " + ", ".join(CATEGORIES)
                ).message
            )
        if status and status.lower() not in _STATUSES:
            raise _fail(
                StoryError("E602", name="status", value=status, reason="use " + ", ".join(_STATUSES)).message
            )
        flt = StoryFilter(
            supplier=supplier,
            recipient=recipient,
            status=status,
            category=category,
            since=_date_opt(since, "since"),  # type: ignore[arg-type]
            until=_date_opt(until, "until"),  # type: ignore[arg-type]
            text=text,
            min_sources=min_sources,
            limit=limit,
        )
        try:
            with Store.open(resolve_db(db)) as store:
                found = list_stories(store.engine, flt)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        if fmt == "json":
            typer.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=1))
            return
        console = Console()
        if not found:
            console.print("No stories match (run `armswatch stories rebuild` after an ingest).")
            return
        console.print(stories_table(found))

    @stories_app.command("rebuild")
    def rebuild_cmd(
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
        json_out: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    ) -> None:
        """Recompute every story from the stored claims (gives the same result as incremental updates)."""
        import json

        from armswatch.errors import ArmswatchError
        from armswatch.store import Store
        from armswatch.store.stories_repo import count_stories
        from armswatch.stories.update import rebuild_stories

        try:
            with Store.open(resolve_db(db)) as store:
                changes = rebuild_stories(store.engine)
                total = count_stories(store.engine)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        if json_out:
            typer.echo(
                json.dumps(
                    {
                        "stories": total,
                        "changes": [{"story_id": c.story_id, "kinds": list(c.kinds)} for c in changes],
                    }
                )
            )
            return
        kinds: dict[str, int] = {}
        for c in changes:
            for k in c.kinds:
                kinds[k] = kinds.get(k, 0) + 1
        detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "no changes"
        typer.echo(f"{total} stories ({detail})")

    @stories_app.command("eval")
    def eval_cmd(
        path: str = typer.Argument(
            "tests/data/stories/reports.jsonl", help="Labelled reports (JSONL with a 'story' field)."
        ),
        db: str | None = typer.Option(
            None, "--db", help="Database to use (default: a temporary SQLite file)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
        distractors: list[str] = typer.Option(
            [], "--distractors", help="Unlabelled sources ingested first (e.g. the dev set)."
        ),
    ) -> None:
        """Ingest a labelled set with the real pipeline; print B-cubed P/R/F1 and corroboration accuracy."""
        import json
        from pathlib import Path

        from armswatch.errors import ArmswatchError
        from armswatch.stories.evaluate import run_eval

        try:
            report = run_eval(Path(path), db, distractors=tuple(distractors))
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        if json_out:
            typer.echo(json.dumps(report.to_dict(), indent=1))
            return
        typer.echo(
            f"reports {report.reports}, gold stories {report.gold_stories}, "
            f"predicted {report.predicted_stories}, without claim {len(report.no_claim)}"
        )
        typer.echo(f"B-cubed P={report.precision:.3f} R={report.recall:.3f} F1={report.f1:.3f}")
        exact = sum(s.exact for s in report.corroboration)
        typer.echo(
            f"corroboration exact {exact}/{len(report.corroboration)} ({report.corroboration_accuracy:.2f})"
        )

    app.add_typer(stories_app, name="stories")

    @app.command("story")
    def story_cmd(
        story_id: str = typer.Argument(..., help="Story id (or a unique prefix of 6+ characters)."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    ) -> None:
        """Show one story: facts, corroboration, contradictions and its timeline with evidence and links."""
        import json

        from armswatch.errors import ArmswatchError, StoryError
        from armswatch.store import Store
        from armswatch.store.stories_repo import get_story
        from armswatch.stories.render import print_story

        if fmt not in ("text", "json"):
            raise _fail(StoryError("E602", name="format", value=fmt, reason="use text or json").message)
        try:
            with Store.open(resolve_db(db)) as store:
                s = get_story(store.engine, story_id)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        if s is None:
            raise _fail(StoryError("E601", id=story_id).message, 1)
        if fmt == "json":
            typer.echo(json.dumps(s.to_dict(), ensure_ascii=False, indent=1))
        else:
            print_story(s)
