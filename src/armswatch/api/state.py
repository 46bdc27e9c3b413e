"""What one app instance holds: the open store, the knowledge base, the extractor (lazily) and caches.

Created by :func:`armswatch.api.app.create_app`; reached from requests as ``request.app.state.aw``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
from fastapi import Request

from armswatch.settings import Settings

if TYPE_CHECKING:
    from armswatch.extract.api import Extractor
    from armswatch.ingest.pipeline import Ingestor
    from armswatch.kb.loader import KnowledgeBase
    from armswatch.store.repository import Store
    from armswatch.stories.build import Naming

T = TypeVar("T")

MISS = object()
"""What :meth:`VersionedCache.peek` returns for a value it cannot serve."""

RESPONSE_CACHE_BYTES = 64_000_000
"""Bytes of serialised responses kept (a 50-claim page is ~40 kB, a 500-claim page ~0.4 MB)."""


class VersionedCache:
    """A small LRU cache whose entries are valid only for the store's current data version.

    The version (claim count and greatest claim id) is re-read at most every ``check_every``
    seconds, so a burst of reads costs one cheap version query; writes made through this app
    call :meth:`clear` at once. Entries of an older version are never served; a write made by
    another process (``armswatch ingest`` on the same database) is seen within ``check_every``.

    At most ``size`` entries are kept (least recently used dropped first) and, when ``max_bytes``
    is given, at most that many bytes of ``bytes`` values (serialised responses).
    """

    def __init__(
        self,
        version: Callable[[], object],
        *,
        size: int = 256,
        max_bytes: int | None = None,
        check_every: float = 1.0,
    ) -> None:
        self._version_fn = version
        self._size = size
        self._max_bytes = max_bytes
        self._check_every = check_every
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()
        self._entries: OrderedDict[object, Any] = OrderedDict()
        self._bytes = 0
        self._version: object = object()
        self._generation = 0
        """Bumped whenever the entries are dropped: a value computed across a bump is not kept."""
        self._checked = float("-inf")

    def _due(self) -> bool:
        return time.monotonic() - self._checked >= self._check_every

    def _refresh(self) -> None:
        """Re-read the version when due. One thread reads it; the others meanwhile go on with
        the version known so far (at most ``check_every`` plus one version query old)."""
        if not self._due() or not self._refreshing.acquire(blocking=False):
            return
        try:
            if not self._due():
                return
            started = time.monotonic()
            v = self._version_fn()
            with self._lock:
                if v != self._version:
                    self._drop()
                    self._version = v
                self._checked = started
        finally:
            self._refreshing.release()

    def _drop(self) -> None:
        self._entries.clear()
        self._bytes = 0
        self._generation += 1

    def peek(self, key: object) -> Any:
        """The cached value for ``key``, or :data:`MISS` when absent or when the version is due
        for a re-read. Never queries the store, so it may run on the event loop."""
        if self._due():
            return MISS
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return MISS

    def get(self, key: object, compute: Callable[[], T]) -> T:
        """The cached value for ``key`` at the current version, computing it when missing."""
        self._refresh()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                value: T = self._entries[key]
                return value
            generation = self._generation
        value = compute()
        with self._lock:
            if self._generation == generation and key not in self._entries:
                self._entries[key] = value
                self._bytes += _weight(value)
                while len(self._entries) > self._size or (
                    self._max_bytes is not None and self._bytes > self._max_bytes and len(self._entries) > 1
                ):
                    _, old = self._entries.popitem(last=False)
                    self._bytes -= _weight(old)
        return value

    def clear(self) -> None:
        """Forget everything (after a write through this app); the next get re-reads the version."""
        with self._lock:
            self._drop()
            self._checked = float("-inf")

    def __len__(self) -> int:
        return len(self._entries)


def _weight(value: object) -> int:
    """Bytes a cached value counts against ``max_bytes`` (only serialised responses count)."""
    return len(value) if isinstance(value, bytes) else 0


class AppState:
    """The resources of one running app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._kb: KnowledgeBase | None = None
        self._extractor: Extractor | None = None
        self._naming: Naming | None = None
        self._codes: dict[str, str] | None = None
        self._ingestor: Ingestor | None = None
        self._lock = threading.Lock()
        self.write_limiter = anyio.CapacityLimiter(2)
        """Threads for POSTs (URL fetch, extraction), apart from the threads serving reads."""
        self.write_lock = threading.Lock()
        """Serialises writes of this app (extraction + store + stories), one document at a time."""
        self.query_cache = VersionedCache(self._data_version, size=1024, max_bytes=RESPONSE_CACHE_BYTES)
        """Pair aggregations, list totals and the serialised bodies of the claims list and pairs
        endpoints, valid for the current data version (see VersionedCache); bounded in entries
        and in bytes of bodies."""

    def clear_caches(self) -> None:
        """Forget every cached result (after a write through this app)."""
        self.query_cache.clear()

    def open(self) -> None:
        """Open the store (migrating a fresh database) and load the knowledge base."""
        _ = self.store
        _ = self.kb

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from armswatch.store.repository import Store

                    self._store = Store.open(self.settings.database_url)
        return self._store

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from armswatch.kb.loader import KnowledgeBase

                    self._kb = KnowledgeBase.load()
        return self._kb

    @property
    def extractor(self) -> Extractor:
        """The extraction pipeline, loaded on first use (it takes a few seconds)."""
        if self._extractor is None:
            with self._lock:
                if self._extractor is None:
                    from armswatch.extract.api import Extractor

                    self._extractor = Extractor(settings=self.settings, kb=self.kb)
        return self._extractor

    @property
    def ingestor(self) -> Ingestor:
        """Ingest's pipeline (near-duplicate index + extraction + store), built on first write."""
        if self._ingestor is None:
            from armswatch.ingest.pipeline import Ingestor

            extractor = self.extractor
            self._ingestor = Ingestor(
                store=self.store, settings=self.settings, extract=lambda docs: extractor.extract_many(docs)
            )
        return self._ingestor

    @property
    def naming(self) -> Naming:
        """Party names for story titles (built once from the knowledge base)."""
        if self._naming is None:
            from armswatch.stories.build import Naming

            self._naming = Naming.from_kb(self.kb)
        return self._naming

    def canonical_code(self, code: str) -> str:
        """A party code as the KB writes it (``prk`` → ``PRK``); unknown codes unchanged."""
        if code in self.kb.parties:
            return code
        if self._codes is None:
            self._codes = {c.lower(): c for c in self.kb.parties}
        return self._codes.get(code.lower(), code)

    def party_name(self, code: str) -> str | None:
        """Display name of a party code, or None when the KB does not know it."""
        p = self.kb.parties.get(code)
        return p.name if p else None

    def _data_version(self) -> object:
        from armswatch.store.api_queries import data_version

        return data_version(self.store.engine)


async def app_state(request: Request) -> AppState:
    """FastAPI dependency: the :class:`AppState` of the app serving ``request``."""
    state: AppState = request.app.state.aw
    return state
