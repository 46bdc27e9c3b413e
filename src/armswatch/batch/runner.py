"""Run a batch: plan (or resume) partitions, drive an engine, keep the manifest current.

Library entry point: :func:`run_batch`. The CLI (``armswatch batch``) is a thin layer over it.

Resumability: a partition is done when its five Parquet files exist and the journal says so; a
re-run with the same inputs, settings and versions processes only the others. Anything else in
the output directory from a different run is refused (E803) unless ``restart=True``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from armswatch.batch.engines import Engine, make_engine
from armswatch.batch.manifest import (
    JOURNAL,
    MANIFEST,
    InputEntry,
    Manifest,
    PartitionEntry,
    RunEntry,
    append_journal,
)
from armswatch.batch.partitions import Partition, expand_inputs, file_changed, plan_file
from armswatch.batch.tables import TABLES, TextMode, partition_complete, remove_temporaries
from armswatch.batch.worker import TaskSpec, runtime_versions
from armswatch.errors import BatchError
from armswatch.settings import Settings

SAVE_EVERY = 5.0  # seconds between manifest rewrites during a run (the journal is always current)


class BatchObserver:
    """Hooks for progress display; the default does nothing."""

    def started(self, manifest: Manifest, todo: list[PartitionEntry], engine: Engine) -> None:
        """Called once the engine is up, with the partitions about to run."""

    def finished_partition(self, entry: PartitionEntry) -> None:
        """Called for every partition as it finishes (done or failed)."""


@dataclass(frozen=True)
class BatchOutcome:
    """What a call to :func:`run_batch` did."""

    manifest: Manifest
    run: RunEntry
    failed: tuple[PartitionEntry, ...]

    @property
    def failed_inputs(self) -> tuple[InputEntry, ...]:
        """Input files that could not be planned (unreadable, not a WARC, ...)."""
        return tuple(i for i in self.manifest.inputs if i.error)

    @property
    def complete(self) -> bool:
        return not self.manifest.pending()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _config(settings: Settings, partition_size: int, text_mode: TextMode) -> dict[str, Any]:
    return {
        "confidence_threshold": settings.confidence_threshold,
        "spacy_model": settings.spacy_model,
        "max_doc_bytes": settings.max_doc_bytes,
        "partition_size": partition_size,
        "text_mode": text_mode,
    }


def _check_same(out: Path, old: Manifest, new: Manifest) -> None:
    pairs: list[tuple[str, Any, Any]] = [
        ("armswatch version", old.armswatch_version, new.armswatch_version),
        ("spaCy version", old.spacy_version, new.spacy_version),
        ("spaCy model", old.spacy_model_version, new.spacy_model_version),
        ("knowledge base", old.kb_version, new.kb_version),
    ]
    pairs += [(f"setting {k}", old.config.get(k), v) for k, v in new.config.items()]
    pairs.append(("inputs", [i.path for i in old.inputs], [i.path for i in new.inputs]))
    for what, a, b in pairs:
        if a != b:
            raise BatchError("E803", out=out, what=what, old=a, new=b)
    for inp in old.inputs:
        if file_changed(inp.to_input()):
            raise BatchError("E803", out=out, what="input contents", old=inp.path, new="changed since")


def _clean(out: Path, keep: set[str]) -> None:
    """Remove table files not in ``keep`` (partition ids), plus temporaries."""
    remove_temporaries(out)
    for name in TABLES:
        d = out / name
        if d.is_dir():
            for p in d.glob("*.parquet"):
                if p.stem not in keep:
                    p.unlink()


def prepare(
    inputs: Sequence[str | Path],
    out: Path,
    *,
    settings: Settings,
    partition_size: int,
    text_mode: TextMode,
    restart: bool = False,
) -> Manifest:
    """The manifest to run: resumed from ``out`` when it holds the same run, else freshly planned."""
    out.mkdir(parents=True, exist_ok=True)
    versions = runtime_versions(settings)
    files = expand_inputs(inputs)
    config = _config(settings, partition_size, text_mode)
    existing = (out / MANIFEST).is_file()
    if existing and restart:
        (out / MANIFEST).unlink()
        (out / JOURNAL).unlink(missing_ok=True)
        for name in TABLES:
            shutil.rmtree(out / name, ignore_errors=True)
    base: dict[str, Any] = {
        "armswatch_version": versions["armswatch"],
        "spacy_version": versions["spacy"],
        "spacy_model": settings.spacy_model,
        "spacy_model_version": versions["model"],
        "kb_version": versions["kb"],
        "config": config,
    }
    if existing and not restart:
        old = Manifest.load(out)
        probe = Manifest(
            **base,
            inputs=[
                InputEntry(path=f.path, format=f.format, size=f.size, mtime_ns=f.mtime_ns) for f in files
            ],
            partitions=[],
        )
        _check_same(out, old, probe)
        manifest = old
        for p in manifest.partitions:  # a 'done' partition whose files went missing is redone
            if p.status == "done" and not partition_complete(out, p.id):
                p.status = "pending"
    else:
        inputs_entries: list[InputEntry] = []
        parts: list[Partition] = []
        for i, f in enumerate(files):
            entry = InputEntry(path=f.path, format=f.format, size=f.size, mtime_ns=f.mtime_ns)
            try:
                mine = plan_file(f, i, partition_size)
            except BatchError as exc:  # an unreadable file is reported; the other inputs still run
                entry.error = str(exc)
                mine = []
            entry.partitions = len(mine)
            parts.extend(mine)
            inputs_entries.append(entry)
        manifest = Manifest(
            **base,
            inputs=inputs_entries,
            partitions=[
                PartitionEntry(
                    id=p.id, path=p.path, format=p.format, start=p.start, count=p.count, offset=p.offset
                )
                for p in parts
            ],
        )
    _clean(out, {p.id for p in manifest.partitions})
    manifest.save(out)  # journal folded in: start a fresh one
    (out / JOURNAL).unlink(missing_ok=True)
    return manifest


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    engine: str | Engine = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int | None = None,
    text_mode: TextMode = "relevant",
    restart: bool = False,
    settings: Settings | None = None,
    observer: BatchObserver | None = None,
) -> BatchOutcome:
    """Extract claims from every document of ``inputs`` into Parquet tables under ``out``.

    Re-running with the same arguments resumes: only partitions not yet done are processed.
    Both engines start worker processes by *spawning*: a script calling this needs an
    ``if __name__ == "__main__":`` guard.
    """
    settings = settings or Settings()
    observer = observer or BatchObserver()
    out_dir = Path(out).resolve()
    size = partition_size or settings.batch_partition_size
    manifest = prepare(
        inputs, out_dir, settings=settings, partition_size=size, text_mode=text_mode, restart=restart
    )
    todo = manifest.pending()
    eng = make_engine(engine, workers, scheduler) if isinstance(engine, str) else engine
    spec = TaskSpec(
        out_dir=str(out_dir),
        settings=settings.model_dump(),
        text_mode=text_mode,
        versions={
            "armswatch": manifest.armswatch_version,
            "spacy": manifest.spacy_version,
            "model": manifest.spacy_model_version,
            "kb": manifest.kb_version,
        },
    )
    run = RunEntry(
        started_at=_now(),
        engine=eng.name,
        workers=eng.workers,
        scheduler=eng.scheduler,
        partitions_skipped=len(manifest.partitions) - len(todo),
    )
    manifest.runs.append(run)
    t0 = time.perf_counter()
    failed: list[PartitionEntry] = []
    try:
        if todo:
            eng.start(spec)
            run.workers = eng.workers
            run.startup_seconds = round(eng.startup_seconds, 3)
        manifest.save(out_dir)
        observer.started(manifest, todo, eng)
        last_save = time.perf_counter()
        if todo:
            for entry in eng.run(p.to_partition() for p in todo):
                append_journal(out_dir, entry)
                manifest.record(entry)
                run.partitions_run += 1
                run.documents += entry.documents
                if entry.status == "failed":
                    failed.append(entry)
                observer.finished_partition(entry)
                if time.perf_counter() - last_save > SAVE_EVERY:
                    manifest.save(out_dir)
                    last_save = time.perf_counter()
        run.interrupted = False
    finally:
        run.seconds = round(time.perf_counter() - t0, 3)  # start-up + processing; shutdown not counted
        eng.close()
        busy = run.seconds - run.startup_seconds
        run.docs_per_second = round(run.documents / busy, 2) if busy > 0 and run.documents else 0.0
        run.finished_at = _now()
        manifest.save(out_dir)
        (out_dir / JOURNAL).unlink(missing_ok=True)  # folded into the manifest just saved
    return BatchOutcome(manifest=manifest, run=run, failed=tuple(failed))
