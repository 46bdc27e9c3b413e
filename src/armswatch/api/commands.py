"""CLI commands of the api stage (registered on the main Typer app by `armswatch.cli`)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""

    @app.command("serve")
    def serve(
        db: str | None = typer.Option(
            None, "--db", help="Database URL (default: ARMSWATCH_DATABASE_URL or sqlite:///armswatch.db)."
        ),
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0 = any free port)."),
        log_level: str = typer.Option(
            "warning", "--log-level", help="uvicorn log level (debug, info, warning, error)."
        ),
    ) -> None:
        """Serve the REST API (/api/v1), its docs (/docs) and the dashboard (/) with uvicorn.

        Write endpoints (POST /api/v1/documents, the dashboard's paste box) are enabled only when
        ARMSWATCH_API_TOKEN is set; clients then send 'Authorization: Bearer <token>'.
        """
        import socket

        import uvicorn

        from armswatch.api.app import create_app
        from armswatch.errors import ApiError, ArmswatchError
        from armswatch.settings import Settings

        settings = Settings(database_url=db) if db else Settings()
        try:
            app = create_app(settings)
            app.state.aw.open()  # fail fast, with a one-line message, on a bad --db
        except ArmswatchError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        try:
            # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only for such
            # sockets, and without it keep-alive clients wait ~40 ms per response (Nagle + delayed ACK)
            sock = socket.socket(
                socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
            )
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
        except OSError as exc:
            typer.echo(
                f"error: {ApiError('E929', host=host, port=port, reason=exc.strerror or exc)}", err=True
            )
            raise typer.Exit(1) from exc
        bound_port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        writes = "enabled (bearer token)" if settings.api_token else "disabled (set ARMSWATCH_API_TOKEN)"
        typer.echo(f"armswatch dashboard: http://{shown}:{bound_port}/  (API docs: /docs; writes {writes})")
        config = uvicorn.Config(
            app, log_level=log_level, proxy_headers=False, server_header=False, access_log=False
        )
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
