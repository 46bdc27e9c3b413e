"""The Dask side of a batch run: a ``WorkerPlugin`` holding one extractor per worker, and the task.

Kept apart from :mod:`armswatch.batch.worker` so the local engine never imports ``distributed``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from distributed import WorkerPlugin, get_worker

from armswatch.batch.engines import PLUGIN_NAME
from armswatch.batch.manifest import PartitionEntry
from armswatch.batch.partitions import Partition
from armswatch.batch.worker import TaskSpec, WorkerState


class ExtractorPlugin(WorkerPlugin):
    """Builds the extractor when a worker joins (so once per worker, also for workers added later)."""

    name = PLUGIN_NAME
    idempotent = False  # each run registers its own spec (output directory, settings): replace the old one

    def __init__(self, spec: TaskSpec) -> None:
        self.spec = spec
        self.state: WorkerState | None = None

    async def setup(self, worker: Any) -> None:
        # load in a thread: the worker's event loop keeps answering heartbeats meanwhile
        loop = asyncio.get_running_loop()
        self.state = await loop.run_in_executor(None, WorkerState, self.spec, f"dask-{worker.name}")

    def teardown(self, worker: Any) -> None:
        self.state = None


def run_on_dask(part: Partition) -> PartitionEntry:
    """Dask task: process a partition with this worker's extractor."""
    plugin = get_worker().plugins[ExtractorPlugin.name]
    state = getattr(plugin, "state", None)
    if state is None:
        raise RuntimeError("armswatch batch: extractor plugin not set up on this worker")
    result: PartitionEntry = state.run(part)
    return result
