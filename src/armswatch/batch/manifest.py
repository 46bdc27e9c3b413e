"""The run manifest (``OUT/manifest.json``) and its append-only journal (``OUT/journal.jsonl``).

The manifest holds the plan (inputs, partitions), the versions that produced the output, and a
summary; it is rewritten atomically. The journal gets one line per finished partition, appended by
the driver after the partition's files are in place, so a killed run loses at most the partitions
in flight; a torn last line is ignored. On resume the journal is folded into the manifest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from armswatch.batch.partitions import Format, InputFile, Partition
from armswatch.errors import BatchError

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
FORMAT_VERSION = 1

Status = Literal["pending", "done", "failed"]


class InputEntry(BaseModel):
    path: str
    format: Format
    size: int
    mtime_ns: int
    partitions: int = 0
    error: str | None = None
    """Why the file could not be cut into partitions (it is then skipped), or None."""

    def to_input(self) -> InputFile:
        return InputFile(path=self.path, format=self.format, size=self.size, mtime_ns=self.mtime_ns)


class PartitionEntry(BaseModel):
    """One partition: where it reads from, and what happened to it."""

    id: str
    path: str
    format: Format
    start: int
    count: int
    offset: int = -1
    status: Status = "pending"
    documents: int = 0
    skipped: int = 0
    skip_reasons: list[str] = Field(default_factory=list)
    transfers: int = 0
    items: int = 0
    sources: int = 0
    role_checks: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time of the worker process while it ran this partition (``seconds`` is wall time)."""
    worker: str | None = None
    peak_rss_mb: float = 0.0
    error: str | None = None

    def to_partition(self) -> Partition:
        return Partition(
            id=self.id,
            path=self.path,
            format=self.format,
            start=self.start,
            count=self.count,
            offset=self.offset,
        )


class RunEntry(BaseModel):
    """One invocation of ``armswatch batch`` on this output directory."""

    started_at: str
    finished_at: str | None = None
    engine: str
    workers: int
    scheduler: str | None = None
    seconds: float = 0.0
    startup_seconds: float = 0.0
    partitions_run: int = 0
    partitions_skipped: int = 0
    documents: int = 0
    docs_per_second: float = 0.0
    interrupted: bool = True


class Manifest(BaseModel):
    """Everything needed to resume a run and to say what produced its output."""

    format_version: int = FORMAT_VERSION
    armswatch_version: str
    spacy_version: str
    spacy_model: str
    spacy_model_version: str
    kb_version: str
    config: dict[str, Any]
    """Settings that change the output (threshold, partition size, text mode)."""
    inputs: list[InputEntry]
    partitions: list[PartitionEntry]
    runs: list[RunEntry] = Field(default_factory=list)
    worker_peak_rss_mb: dict[str, float] = Field(default_factory=dict)
    totals: dict[str, int] = Field(default_factory=dict)
    _index: dict[str, int] = PrivateAttr(default_factory=dict)
    """Partition id → position, for O(1) updates with tens of thousands of partitions."""

    # -- derived ---------------------------------------------------------------------------
    def pending(self) -> list[PartitionEntry]:
        return [p for p in self.partitions if p.status != "done"]

    def summarise(self) -> None:
        """Recompute ``totals`` from the partitions."""
        keys = ("documents", "skipped", "transfers", "items", "sources", "role_checks")
        self.totals = {k: sum(getattr(p, k) for p in self.partitions) for k in keys}
        self.totals["partitions"] = len(self.partitions)
        self.totals["partitions_done"] = sum(p.status == "done" for p in self.partitions)
        self.totals["partitions_failed"] = sum(p.status == "failed" for p in self.partitions)

    def record(self, entry: PartitionEntry) -> None:
        """Replace the partition's entry with a finished one and track the worker's peak memory."""
        if len(self._index) != len(self.partitions):
            self._index = {p.id: i for i, p in enumerate(self.partitions)}
        i = self._index.get(entry.id)
        if i is not None:
            self.partitions[i] = entry
        if entry.worker:
            peak = self.worker_peak_rss_mb.get(entry.worker, 0.0)
            self.worker_peak_rss_mb[entry.worker] = max(peak, entry.peak_rss_mb)

    # -- files -----------------------------------------------------------------------------
    def save(self, out_dir: Path) -> None:
        """Write ``manifest.json`` atomically."""
        self.summarise()
        path = out_dir / MANIFEST
        tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        tmp.write_text(self.model_dump_json(indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Read ``manifest.json`` and fold in the journal (E807 if absent, E804 if unreadable)."""
        path = out_dir / MANIFEST
        if not path.is_file():
            raise BatchError("E807", path=out_dir)
        try:
            manifest = cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError) as exc:
            raise BatchError("E804", path=path, reason=str(exc).splitlines()[0]) from exc
        for entry in read_journal(out_dir):
            manifest.record(entry)
        return manifest


def append_journal(out_dir: Path, entry: PartitionEntry) -> None:
    """Append one finished partition to the journal (one line, flushed)."""
    with open(out_dir / JOURNAL, "a", encoding="utf-8") as f:
        f.write(entry.model_dump_json() + "\n")
        f.flush()


def read_journal(out_dir: Path) -> list[PartitionEntry]:
    """Journal entries in order; a torn (partially written) line is ignored."""
    path = out_dir / JOURNAL
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(PartitionEntry.model_validate(json.loads(line)))
        except (ValueError, ValidationError):
            continue
    return entries
