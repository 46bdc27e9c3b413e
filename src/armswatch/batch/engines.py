"""Execution engines for ``armswatch batch``: a local process pool, and Dask distributed.

Both take partitions lazily from an iterator and keep at most ``2 × workers`` in flight, so the
driver's memory stays bounded whatever the number of partitions; both yield finished
:class:`PartitionEntry` objects in completion order. The extractor is built once per worker
process (pool initializer / Dask ``WorkerPlugin``), never per partition.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from armswatch.batch.manifest import PartitionEntry
from armswatch.batch.partitions import Partition
from armswatch.batch.worker import TaskSpec, init_process, process_info, run_in_process
from armswatch.errors import BatchError

IN_FLIGHT_PER_WORKER = 2

#: Dask settings for the workers of a LocalCluster (a real cluster's workers take them from their
#: own config, see docs/performance.md): no statistical profiler sampling the deep spaCy stacks
#: every 10 ms, and glibc's default malloc trimming instead of Dask's 64 KiB threshold. With Dask's
#: defaults a worker spent 22.7 CPU-s on 5,000 mixed documents, with these 16.0 (process pool: 15.1).
WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}
PLUGIN_NAME = "armswatch-extractor"


class Engine(Protocol):
    """What the runner needs from an engine."""

    name: str
    workers: int
    startup_seconds: float
    dashboard_link: str | None
    scheduler: str | None

    def start(self, spec: TaskSpec) -> None: ...

    def run(self, parts: Iterable[Partition]) -> Iterator[PartitionEntry]: ...

    def close(self) -> None: ...


def _failed(part: Partition, reason: str) -> PartitionEntry:
    return PartitionEntry(
        id=part.id,
        path=part.path,
        format=part.format,
        start=part.start,
        count=part.count,
        offset=part.offset,
        status="failed",
        error=reason,
    )


class LocalEngine:
    """A ``ProcessPoolExecutor`` (spawned processes) on this machine; all cores by default."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.scheduler: str | None = None
        self.dashboard_link: str | None = None
        self.workers = workers or os.cpu_count() or 1
        self.startup_seconds = 0.0
        self._pool: ProcessPoolExecutor | None = None

    def start(self, spec: TaskSpec) -> None:
        """Start the processes and wait until each has built its extractor."""
        t0 = time.perf_counter()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_process,
            initargs=(spec,),
        )
        # one warm-up task per process: each holds its process briefly, so the wave spreads out
        warm = [self._pool.submit(process_info, 0.3) for _ in range(self.workers)]
        try:
            for f in warm:
                f.result()
        except BrokenProcessPool as exc:
            raise BatchError("E812", reason=str(exc) or "process pool broken") from exc
        self.startup_seconds = time.perf_counter() - t0 - 0.3

    def run(self, parts: Iterable[Partition]) -> Iterator[PartitionEntry]:
        """Process partitions, at most ``2 × workers`` in flight; yield entries as they finish."""
        if self._pool is None:
            raise RuntimeError("LocalEngine.run before start")
        pool = self._pool
        todo = iter(parts)
        running: dict[Future[PartitionEntry], Partition] = {}

        def fill() -> None:
            while len(running) < self.workers * IN_FLIGHT_PER_WORKER:
                part = next(todo, None)
                if part is None:
                    return
                running[pool.submit(run_in_process, part)] = part

        fill()
        while running:
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                running.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    raise BatchError("E812", reason=str(exc) or "process pool broken") from exc
            fill()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """A ``dask.distributed`` cluster: a loopback ``LocalCluster`` of N single-threaded worker
    processes by default, or an existing scheduler (``tcp://host:8786``).

    On a real cluster, inputs and ``--out`` must be on a filesystem every worker sees.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        self.requested = workers
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.startup_seconds = 0.0
        self.dashboard_link: str | None = None
        self._client: Any = None
        self._cluster: Any = None

    def start(self, spec: TaskSpec) -> None:
        """Start (or connect to) the cluster and build one extractor per worker via a plugin."""
        import logging

        import dask
        from distributed import Client, LocalCluster

        from armswatch.batch.dask_plugin import ExtractorPlugin

        t0 = time.perf_counter()
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise BatchError(
                    "E806", address=self.scheduler, reason=str(exc) or type(exc).__name__
                ) from exc
            if self.requested:
                self._client.wait_for_workers(self.requested, timeout=120)
        else:
            with dask.config.set(WORKER_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                )
            self._client = Client(self._cluster)
        self.workers = len(self._client.scheduler_info()["workers"]) or self.workers
        try:
            self._client.register_plugin(ExtractorPlugin(spec), name=ExtractorPlugin.name)
        except Exception as exc:
            self.close()
            raise _unwrap(exc) from exc
        self.dashboard_link = self._client.dashboard_link
        self.startup_seconds = time.perf_counter() - t0

    def run(self, parts: Iterable[Partition]) -> Iterator[PartitionEntry]:
        """Submit partitions as tasks, at most ``2 × workers`` in flight; yield entries as they finish."""
        from distributed import as_completed

        from armswatch.batch.dask_plugin import run_on_dask

        client = self._client
        if client is None:
            raise RuntimeError("DaskEngine.run before start")
        todo = iter(parts)
        owner: dict[str, Partition] = {}

        def submit(part: Partition) -> Any:
            fut = client.submit(run_on_dask, part, key=f"armswatch-partition-{part.id}-{os.urandom(4).hex()}")
            owner[fut.key] = part
            return fut

        first = []
        for _ in range(self.workers * IN_FLIGHT_PER_WORKER):
            part = next(todo, None)
            if part is None:
                break
            first.append(submit(part))
        ac = as_completed(first)
        for fut in ac:
            part = owner.pop(fut.key)
            try:
                entry = fut.result()
            except Exception as exc:  # a lost worker (KilledWorker) fails this partition, not the run
                inner = _unwrap(exc)
                if isinstance(inner, BatchError) and inner.code == "E811":
                    raise inner from exc
                entry = _failed(part, f"{type(exc).__name__}: {exc}")
            fut.release()
            yield entry
            nxt = next(todo, None)
            if nxt is not None:
                ac.add(submit(nxt))

    def close(self) -> None:
        if self._client is not None:
            if self._cluster is None and self.dashboard_link is not None:
                # an external cluster outlives the run: free the workers' extractors
                with contextlib.suppress(Exception):
                    self._client.unregister_worker_plugin(PLUGIN_NAME)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _unwrap(exc: BaseException) -> BaseException:
    """The armswatch error inside a Dask-wrapped exception, if any."""
    seen = exc
    for _ in range(5):
        if isinstance(seen, BatchError) or seen.__cause__ is None:
            break
        seen = seen.__cause__
    return seen


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """``local`` or ``dask``."""
    if name == "local":
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(workers, scheduler)
    raise ValueError(f"unknown engine {name!r}")
