"""``armswatch eval GOLD.jsonl [--json] [--errors] [--ids FILE | --split dev|validation]``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

#: Ids set aside as validation (never tuned on); the rest of dev.jsonl is the tuning part.
VALIDATION_IDS = Path(__file__).resolve().parents[3] / "tests" / "data" / "eval" / "validation_ids.txt"


def _published(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def register_eval(app: typer.Typer) -> None:
    """Add the ``eval`` command to ``app``."""

    @app.command("eval")
    def eval_cmd(
        gold: Path = typer.Argument(..., help="Gold JSONL file (shared/eval/SCHEMA.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object with the scores."),
        errors: bool = typer.Option(False, "--errors", help="List missed and spurious tuples per document."),
        ids: Path | None = typer.Option(
            None, "--ids", help="Only score the document ids listed in this file."
        ),
        split: str | None = typer.Option(
            None, "--split", help="'validation' (the held-out ids) or 'dev' (the tuning ids: all others)."
        ),
    ) -> None:
        """Run extraction on the gold texts and score it (SCHEMA.md "Scoring")."""
        from rich.console import Console
        from rich.table import Table

        from armswatch.errors import ArmswatchError, EvalError
        from armswatch.eval import evaluate, load_gold, load_ids
        from armswatch.extract.api import Extractor
        from armswatch.records import Document

        err = Console(stderr=True)
        try:
            docs = load_gold(gold)
            if split is not None:
                if split not in ("dev", "validation"):
                    raise EvalError("E902", split=split)
                try:
                    held = load_ids(VALIDATION_IDS)
                except OSError as exc:
                    raise EvalError("E903", path=VALIDATION_IDS, reason=str(exc)) from exc
                docs = [d for d in docs if (d.id in held) == (split == "validation")]
            if ids is not None:
                try:
                    wanted = load_ids(ids)
                except OSError as exc:
                    raise EvalError("E903", path=ids, reason=str(exc)) from exc
                docs = [d for d in docs if d.id in wanted]
            extractor = Extractor()
            documents = [
                Document(id=d.id, text=d.text, published=_published(d.published), title=d.title) for d in docs
            ]
            preds = {r.document.id: r for r in extractor.extract_many(documents)}
            report = evaluate(docs, preds)
        except ArmswatchError as exc:
            err.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(2) from exc
        out = Console()
        if errors:
            for e in report.errors:
                out.print(f"[bold]{e.doc_id}[/bold]", highlight=False)
                for t in e.missed:
                    out.print(f"  missed   {t[0]}->{t[1]} {t[2]}", highlight=False)
                for t in e.spurious:
                    out.print(f"  spurious {t[0]}->{t[1]} {t[2]}", highlight=False)
                for st in e.status:
                    out.print(f"  status   {st[0]}->{st[1]} gold={st[2]} pred={st[3]}", highlight=False)
                for sm in e.sources_missed:
                    out.print(f"  source   {sm[0]}->{sm[1]} missed {sm[2]!r}", highlight=False)
                for r in e.roles_missed:
                    out.print(f"  role     missed flag on {r}", highlight=False)
                for r in e.roles_spurious:
                    out.print(f"  role     wrong flag on {r}", highlight=False)
        if as_json:
            typer.echo(json.dumps(report.to_json()))
            return
        if errors:
            return
        table = Table(title=f"armswatch eval: {gold} ({report.docs} docs)")
        table.add_column("measure")
        table.add_column("value", justify="right")
        data = report.to_json()
        for k in ("precision", "recall", "f1"):
            table.add_row(f"transfer {k}", f"{data['transfer'][k]:.3f}")
        table.add_row("status accuracy", f"{data['status_accuracy']:.3f}")
        table.add_row("source recall", f"{data['source_recall']:.3f}")
        table.add_row("calibre F1", f"{data['caliber_f1']:.3f}")
        table.add_row("role-error precision", f"{data['role_errors']['precision']:.3f}")
        table.add_row("role-error recall", f"{data['role_errors']['recall']:.3f}")
        out.print(table)
