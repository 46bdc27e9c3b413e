"""CLI commands of the extract stage (registered on the main Typer app by `armswatch.cli`).

``armswatch extract [FILE ...|-] [--format table|json|jsonl] [--published DATE]`` reads each input
(see :mod:`armswatch.ingest.readers`), runs :class:`armswatch.extract.api.Extractor` over the
documents and prints the claims. An input that cannot be read prints ``error: <one line>`` on
stderr and the run goes on; the exit code is 1 if any input failed, 2 for a usage error.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from armswatch.extract.api import Extractor
    from armswatch.ingest.readers import ReadFailure
    from armswatch.records import Document, ExtractionResult

EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2


def _parse_published(value: str | None) -> date | None:
    if value is None:
        return None
    from armswatch.errors import ConfigError

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(ConfigError("E002", value=value).message) from None


class _FailureCounter:
    """Prints each read failure as one stderr line and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, failure: ReadFailure | str) -> None:
        self.count += 1
        typer.echo(f"error: {failure}", err=True)


def _documents(
    items: Iterable[Document | ReadFailure], default_published: date | None, failures: _FailureCounter
) -> Iterator[Document]:
    from armswatch.ingest.readers import ReadFailure

    for item in items:
        if isinstance(item, ReadFailure):
            failures.report(item)
            continue
        if default_published is not None and item.published is None:
            item = replace(item, published=default_published)
        yield item


def extract_command(
    files: list[str] = typer.Argument(
        None, metavar="FILE", help="Reports to read: .txt, .md, .html, .jsonl, or - for stdin."
    ),
    output_format: str = typer.Option(
        "table",
        "--format",
        "-f",
        help="Output: table (readable), json (one array) or jsonl (one line a doc).",
    ),
    published: str | None = typer.Option(
        None, "--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for documents without one."
    ),
) -> None:
    """Extract arms-transfer claims (and role checks) from news reports."""
    from armswatch.extract.cli_output import FORMATS

    if output_format not in FORMATS:
        raise typer.BadParameter(
            f"{output_format!r} is not one of {', '.join(FORMATS)}.", param_hint="--format"
        )
    default_published = _parse_published(published)
    inputs = list(files or [])
    if not inputs:
        if sys.stdin.isatty():
            raise typer.BadParameter("give one or more files, or - to read stdin.", param_hint="FILE")
        inputs = ["-"]

    from armswatch.ingest.readers import read_paths
    from armswatch.settings import Settings

    settings = Settings()
    failures = _FailureCounter()
    docs = _documents(read_paths(inputs, settings), default_published, failures)
    try:
        _run(docs, output_format, failures)
    except BrokenPipeError:  # e.g. `armswatch extract ... | head`
        sys.stderr.close()
        raise typer.Exit(EXIT_INPUT_FAILED if failures.count else 0) from None
    if failures.count:
        raise typer.Exit(EXIT_INPUT_FAILED)


#: Documents handed to ``extract_many`` at a time; a failing chunk is redone one document at a time.
CHUNK = 64


def _guarded_results(
    extractor: Extractor, docs: Iterator[Document], failures: _FailureCounter
) -> Iterator[ExtractionResult]:
    """``extractor.extract_many`` in chunks, so one document that breaks extraction fails alone."""
    from armswatch.errors import InputError

    while chunk := list(islice(docs, CHUNK)):
        try:
            results = list(extractor.extract_many(chunk))
        except Exception:
            results = []
            for doc in chunk:
                try:
                    results.append(extractor.extract(doc))
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                    failures.report(InputError("E112", path=doc.source or doc.id, error=error).message)
        yield from results


def _run(docs: Iterator[Document], output_format: str, failures: _FailureCounter) -> None:
    """Run extraction over ``docs`` and print each result in ``output_format``."""
    from armswatch.errors import ArmswatchError
    from armswatch.extract.api import Extractor
    from armswatch.extract.cli_output import JsonArrayWriter, render_table, to_json_line

    try:
        extractor = Extractor()
    except ArmswatchError as err:  # e.g. the spaCy model is missing or changed
        typer.echo(f"error: {err.message}", err=True)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    results = _guarded_results(extractor, docs, failures)
    out = sys.stdout
    if output_format == "jsonl":
        for result in results:
            out.write(to_json_line(result) + "\n")
            out.flush()
    elif output_format == "json":
        writer = JsonArrayWriter(out)
        for result in results:
            writer.write(result)
        writer.close()
    else:
        from rich.console import Console

        # A terminal gets its own width; a pipe or file gets 120 columns (Rich's default is 80).
        console = Console(soft_wrap=False, width=None if out.isatty() else 120)
        namer = _party_namer(extractor)
        for result in results:
            render_table(console, result, namer)


def _party_namer(extractor: object) -> Callable[[str], str]:
    """``code -> name`` from the extractor's knowledge base (or the shipped one)."""
    kb: Any = getattr(extractor, "kb", None)
    if kb is None:
        from armswatch.kb import KnowledgeBase

        kb = KnowledgeBase.load()

    def namer(code: str) -> str:
        try:
            return str(kb.party_name(code))
        except Exception:  # an unknown code is shown as is
            return code

    return namer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to ``app``. Heavy imports stay inside the command functions."""
    app.command("extract", no_args_is_help=False)(extract_command)
    # --- eval command: owned by the extraction helper, in armswatch/extract/eval_commands.py ---
    # It is registered here when that module exists (it defines ``register_eval(app)``).
    if importlib.util.find_spec("armswatch.extract.eval_commands") is not None:
        from armswatch.extract.eval_commands import register_eval

        register_eval(app)
