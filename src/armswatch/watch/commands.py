"""CLI of the watch stage: ``armswatch watch`` (long-running) and ``armswatch alerts`` (history)."""

from __future__ import annotations

import typer

DB_HELP = (
    "Database URL (default: the config's watch.database, $ARMSWATCH_DATABASE_URL, sqlite:///armswatch.db)."
)


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""

    @app.command("watch")
    def watch(
        sources: list[str] = typer.Argument(None, help="Feeds, pages (http/https) or folders/files to poll."),
        config: str | None = typer.Option(
            None, "--config", "-c", help="TOML config (see examples/watch.toml)."
        ),
        every: str = typer.Option("5m", "--every", help="Poll interval of SOURCE arguments (30s, 5m, 1h)."),
        pair: list[str] = typer.Option(
            None, "--pair", help="SUPPLIER:RECIPIENT to watch (* = any); repeatable."
        ),
        category: list[str] = typer.Option(None, "--category", help="Only these categories; repeatable."),
        system: list[str] = typer.Option(None, "--system", help="Only these systems; repeatable."),
        min_status: str | None = typer.Option(
            None, "--min-status", help="planned|alleged|reported|confirmed."
        ),
        keyword: list[str] = typer.Option(
            None, "--keyword", help="Any of these words must appear; repeatable."
        ),
        webhook: str | None = typer.Option(None, "--webhook", help="POST alerts to this URL."),
        secret: str | None = typer.Option(
            None, "--secret", envvar="ARMSWATCH_WEBHOOK_SECRET", help="HMAC-SHA256 key for --webhook."
        ),
        jsonl: str | None = typer.Option(None, "--jsonl", help="Append alerts to this JSONL file."),
        no_terminal: bool = typer.Option(False, "--no-terminal", help="Do not print alerts (quick mode)."),
        link_base: str | None = typer.Option(None, "--link-base", help="API/dashboard root for story links."),
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        allow_private: bool = typer.Option(
            False, "--allow-private", help="Allow loopback/private-network URLs (tests, intranets)."
        ),
        once: bool = typer.Option(False, "--once", help="Poll every source once, deliver, and exit."),
        no_extract: bool = typer.Option(
            False, "--no-extract", help="Store documents without extracting claims."
        ),
    ) -> None:
        """Poll sources on their intervals, ingest what is new, update stories and send alerts."""
        import logging
        import signal
        import sys

        from armswatch.errors import ArmswatchError, WatchError
        from armswatch.watch.config import load_config, quick_config

        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
        )
        for noisy in ("httpx", "httpcore", "alembic", "trafilatura", "htmldate"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        try:
            base = load_config(config) if config else None
            quick = bool(sources or pair or category or system or min_status or keyword or webhook or jsonl)
            if base is not None and not quick:
                cfg = base
                if link_base or allow_private:
                    cfg = quick_config(
                        [], link_base=link_base, allow_private=allow_private, terminal=False, base=base
                    )
            else:
                cfg = quick_config(
                    list(sources or []),
                    every=every,
                    pairs=list(pair or []) or None,
                    categories=list(category or []) or None,
                    systems=list(system or []) or None,
                    min_status=min_status,
                    keywords=list(keyword or []) or None,
                    webhook=webhook,
                    secret=secret,
                    jsonl=jsonl,
                    terminal=not no_terminal and base is None,
                    link_base=link_base,
                    allow_private=allow_private,
                    base=base,
                )
            if not cfg.sources:
                raise WatchError("E708")
            watcher = _build(cfg, db, no_extract)
        except ArmswatchError as exc:
            raise _fail(exc.message) from None

        def _on_signal(signum: int, _frame: object) -> None:
            if watcher.stopping:
                raise KeyboardInterrupt
            logging.getLogger("armswatch.watch").info("signal %d: stopping after the current step", signum)
            watcher.stop()

        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        log = logging.getLogger("armswatch.watch")
        log.info(
            "watching %d source(s) with %d rule(s) -> sinks: %s",
            len(cfg.sources),
            len(cfg.rules),
            ", ".join(s.name for s in cfg.sinks) or "(none)",
        )
        if not cfg.rules or not cfg.sinks:
            log.warning("no %s configured: nothing will be alerted", "rules" if not cfg.rules else "sinks")
        try:
            watcher.run(once=once)
        except ArmswatchError as exc:
            raise _fail(exc.message, 1) from None
        finally:
            watcher.store.close()
        log.info("stopped")

    @app.command("alerts")
    def alerts(
        since: str | None = typer.Option(None, "--since", help="Created on or after YYYY-MM-DD."),
        kind: str | None = typer.Option(None, "--kind", help="new_story|escalation|contradiction."),
        rule: str | None = typer.Option(None, "--rule", help="Only alerts of this rule."),
        fmt: str = typer.Option("table", "--format", help="table|json."),
        limit: int = typer.Option(100, "--limit", min=1, help="At most this many, newest first."),
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        requeue: str | None = typer.Option(
            None, "--requeue", help="Queue given-up deliveries again: a sink name, or 'all'."
        ),
    ) -> None:
        """List past alerts with their delivery state per sink."""
        import json
        from datetime import UTC, datetime

        from armswatch.errors import ArmswatchError, ConfigError
        from armswatch.store import alerts_repo
        from armswatch.store.commands import resolve_db
        from armswatch.store.repository import Store

        if fmt not in ("table", "json"):
            raise _fail(f"--format {fmt!r}: use table or json.")
        start = None
        if since:
            try:
                start = datetime.fromisoformat(since)
            except ValueError:
                raise _fail(ConfigError("E002", value=since).message) from None
            start = start.replace(tzinfo=UTC) if start.tzinfo is None else start
        try:
            store = Store.open(resolve_db(db))
        except ArmswatchError as exc:
            raise _fail(exc.message) from None
        try:
            if requeue:
                from armswatch.store.engine import write_transaction

                with write_transaction(store.engine) as wconn:
                    n = alerts_repo.requeue(wconn, None if requeue == "all" else requeue, datetime.now(UTC))
                typer.echo(
                    f"re-queued {n} delivery(ies); a running watcher sends them on its next pass", err=True
                )
            with store.engine.connect() as conn:
                rows, total = alerts_repo.list_alerts(conn, since=start, kind=kind, rule=rule, limit=limit)
        finally:
            store.close()
        if fmt == "json":
            out = [
                {
                    **r.payload,
                    "deliveries": [
                        {
                            "sink": d.sink,
                            "status": d.status,
                            "attempts": d.attempts,
                            "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
                            "last_error": d.last_error,
                        }
                        for d in r.deliveries
                    ],
                }
                for r in rows
            ]
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=f"{len(rows)} of {total} alert(s)")
        for col in ("created (UTC)", "kind", "rule", "story", "what changed", "delivered"):
            table.add_column(col)
        for r in rows:
            changes = "; ".join(
                c.get("description") or c.get("kind", "") for c in r.payload.get("changes", [])
            )
            deliv = ", ".join(
                f"{d.sink}:{'ok' if d.status == 'delivered' else d.status}"
                + (f"({d.attempts})" if d.status != "delivered" else "")
                for d in r.deliveries
            )
            table.add_row(
                r.created_at.strftime("%Y-%m-%d %H:%M"),
                r.kind,
                escape(r.rule),
                escape(f"{r.title}\n{(r.payload.get('story') or {}).get('link', '')}"),
                escape(changes),
                escape(deliv),
            )
        Console().print(table)


def _build(cfg, db: str | None, no_extract: bool):  # type: ignore[no-untyped-def]
    """Open the store and wire the watcher (imports kept out of CLI start-up)."""
    from armswatch.ingest.pipeline import Ingestor, default_extractor
    from armswatch.settings import Settings
    from armswatch.store.commands import resolve_db
    from armswatch.store.repository import Store
    from armswatch.watch.hooks import TestHooks
    from armswatch.watch.runner import Watcher, default_stories_update

    settings = Settings()
    if cfg.watch.allow_private:
        settings = settings.model_copy(update={"allow_private": True})
    url = db or cfg.watch.database or resolve_db(None)
    store = Store.open(url)
    try:
        ingestor = Ingestor(store, settings, extract=None if no_extract else default_extractor())
        return Watcher(
            cfg,
            store,
            ingestor,
            default_stories_update(),
            settings=settings,
            hooks=TestHooks.from_env(),
        )
    except BaseException:
        store.close()
        raise
