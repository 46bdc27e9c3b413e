"""The ``armswatch`` command line: a thin Typer layer over the library.

Each stage keeps its commands in ``armswatch/<stage>/commands.py`` with a ``register(app)``
function; this module only assembles them. Errors are printed as one line and set the exit code.
"""

from __future__ import annotations

import importlib

import typer

from armswatch import __version__

STAGES = ("extract", "store", "ingest", "stories", "api", "watch", "batch")


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="armswatch",
        help="armswatch: who is arming whom, extracted from news.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback(invoke_without_command=True)
    def _root(
        version: bool = typer.Option(False, "--version", help="Print the version and exit."),
    ) -> None:
        if version:
            typer.echo(f"armswatch {__version__}")
            raise typer.Exit(0)

    for stage in STAGES:
        importlib.import_module(f"armswatch.{stage}.commands").register(app)
    return app


def main() -> None:
    build_app()()


if __name__ == "__main__":
    main()
