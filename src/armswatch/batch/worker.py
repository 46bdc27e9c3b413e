"""What runs on a worker: build the extractor once per process, then process partitions.

:func:`process_partition` is engine-independent: read the partition, run ``extract_many``, write
the five Parquet files atomically, return a :class:`~armswatch.batch.manifest.PartitionEntry`.
The engines differ only in where the per-process :class:`WorkerState` lives: a process-pool
initializer (:func:`init_process`) or a Dask ``WorkerPlugin`` (:class:`ExtractorPlugin`).
"""

from __future__ import annotations

import os
import resource
import socket
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from armswatch.batch.manifest import PartitionEntry
from armswatch.batch.partitions import Partition
from armswatch.batch.readers import SkipLog, read_partition
from armswatch.batch.tables import TableBuilder, TextMode
from armswatch.errors import ArmswatchError, BatchError

if TYPE_CHECKING:
    from armswatch.extract.api import Extractor


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """What every worker needs to know, sent once per worker (picklable)."""

    out_dir: str
    settings: dict[str, Any]
    text_mode: TextMode
    versions: dict[str, str]
    """armswatch, spacy, model and KB versions the driver recorded; workers must match."""


def runtime_versions(settings: Any) -> dict[str, str]:
    """Versions of armswatch, spaCy, the spaCy model and the KB in this process."""
    import spacy
    import spacy.util

    from armswatch import __version__
    from armswatch.kb import KnowledgeBase

    return {
        "armswatch": __version__,
        "spacy": spacy.__version__,
        "model": f"{settings.spacy_model}=={spacy.util.get_package_version(settings.spacy_model) or '?'}",
        "kb": KnowledgeBase.load().version,
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class WorkerState:
    """The extractor of one worker process, built once and reused for every partition."""

    def __init__(self, spec: TaskSpec, name: str | None = None) -> None:
        from armswatch.extract.api import Extractor
        from armswatch.settings import Settings

        t0 = time.perf_counter()
        self.spec = spec
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        settings = Settings(**spec.settings)
        found = runtime_versions(settings)
        for what, expected in spec.versions.items():
            if found.get(what) != expected:
                raise BatchError(
                    "E811", worker=self.name, found=found.get(what), expected=expected, what=what
                )
        self.extractor: Extractor = Extractor(settings=settings)
        self.settings = settings
        self.load_seconds = time.perf_counter() - t0

    def run(self, part: Partition) -> PartitionEntry:
        """Process one partition; a failure is returned as a ``failed`` entry, never raised."""
        return process_partition(self, part)


def process_partition(state: WorkerState, part: Partition) -> PartitionEntry:
    """Read, extract and write one partition; return its manifest entry."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    entry = PartitionEntry(
        id=part.id, path=part.path, format=part.format, start=part.start, count=part.count, offset=part.offset
    )
    skips = SkipLog()
    builder = TableBuilder(partition=part.id, text_mode=state.spec.text_mode)
    try:
        docs = read_partition(part, skips, state.settings)
        for result in state.extractor.extract_many(docs):
            builder.add(result)
        builder.write(Path(state.spec.out_dir))
    except ArmswatchError as exc:
        return _failed(entry, state, str(exc), t0)
    except Exception as exc:  # a bug must not lose the other partitions: report it with its place
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return _failed(
            entry, state, str(BatchError("E805", partition=part.id, path=part.path, reason=reason)), t0
        )
    counts = builder.counts()
    return entry.model_copy(
        update={
            "status": "done",
            "documents": counts["documents"],
            "skipped": skips.count,
            "skip_reasons": skips.reasons,
            "transfers": counts["claims"],
            "items": counts["items"],
            "sources": counts["sources"],
            "role_checks": counts["role_checks"],
            "seconds": round(time.perf_counter() - t0, 3),
            "cpu_seconds": round(time.process_time() - c0, 3),
            "worker": state.name,
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }
    )


def _failed(entry: PartitionEntry, state: WorkerState, reason: str, t0: float) -> PartitionEntry:
    return entry.model_copy(
        update={
            "status": "failed",
            "error": reason,
            "seconds": round(time.perf_counter() - t0, 3),
            "worker": state.name,
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }
    )


# -- local engine: one WorkerState per pool process ------------------------------------------
_PROCESS_STATE: WorkerState | None = None
"""Set once by :func:`init_process` in each pool process (the pool's per-process cache)."""


_INIT_ERROR: ArmswatchError | None = None


def init_process(spec: TaskSpec) -> None:
    """Process-pool initializer: build this process's extractor (an error is kept and re-raised by tasks)."""
    global _PROCESS_STATE, _INIT_ERROR
    try:
        _PROCESS_STATE = WorkerState(spec)
    except ArmswatchError as exc:
        _INIT_ERROR = exc


def _state() -> WorkerState:
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    if _PROCESS_STATE is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("batch worker used before init_process")
    return _PROCESS_STATE


def run_in_process(part: Partition) -> PartitionEntry:
    """Process-pool task: one partition with this process's extractor."""
    return _state().run(part)


def process_info(hold: float = 0.0) -> tuple[str, float, float]:
    """(worker name, model load seconds, peak RSS MiB) of this pool process, after ``hold`` seconds.

    Holding keeps the process busy so that a warm-up wave of these reaches every process.
    """
    state = _state()
    time.sleep(hold)
    return state.name, state.load_seconds, peak_rss_mb()
