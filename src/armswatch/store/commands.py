"""CLI commands of the store stage: ``armswatch db upgrade`` and ``armswatch db current``."""

from __future__ import annotations

import typer

DB_OPTION_HELP = "Database URL (default: $ARMSWATCH_DATABASE_URL or sqlite:///armswatch.db)."


def resolve_db(db: str | None) -> str:
    """The database URL from --db, else the settings (environment), else the default."""
    if db:
        return db
    from armswatch.settings import Settings

    return Settings().database_url


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""
    db_app = typer.Typer(help="Database schema: migrations.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade(
        db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
        revision: str = typer.Option("heads", "--revision", help="Target revision (default: newest)."),
    ) -> None:
        """Create or migrate the database schema to the newest revision."""
        from sqlalchemy.exc import SQLAlchemyError

        from armswatch.errors import ArmswatchError, StoreError
        from armswatch.store import migrate
        from armswatch.store.engine import make_engine, redact

        url = resolve_db(db)
        try:
            engine = make_engine(url)
            try:
                before = migrate.current_revisions(engine)
                migrate.upgrade(engine, revision)
                after = migrate.current_revisions(engine)
            except SQLAlchemyError as exc:
                raise StoreError("E404", url=redact(url), reason=str(exc).splitlines()[0]) from exc
            finally:
                engine.dispose()
        except ArmswatchError as exc:
            typer.echo(exc.message, err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{redact(url)}: {', '.join(before) or '(empty)'} -> {', '.join(after) or '(empty)'}")

    @db_app.command("current")
    def current(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
        """Print the database's schema revision and the newest one shipped."""
        from sqlalchemy.exc import SQLAlchemyError

        from armswatch.errors import ArmswatchError, StoreError
        from armswatch.store import migrate
        from armswatch.store.engine import make_engine, redact

        url = resolve_db(db)
        try:
            engine = make_engine(url)
            try:
                cur = migrate.current_revisions(engine)
                heads = migrate.head_revisions(engine)
            except SQLAlchemyError as exc:
                raise StoreError("E401", url=redact(url), reason=str(exc).splitlines()[0]) from exc
            finally:
                engine.dispose()
        except ArmswatchError as exc:
            typer.echo(exc.message, err=True)
            raise typer.Exit(2) from None
        state = "up to date" if set(cur) == set(heads) else "behind: run `armswatch db upgrade`"
        typer.echo(f"current: {', '.join(cur) or '(empty)'}  head: {', '.join(heads)}  ({state})")

    app.add_typer(db_app, name="db")
