"""Keep the stored stories in step with the stored claims: incremental update and full rebuild.

Both read the claims of the affected (supplier, recipient) pairs, cluster them with the pure
functions in ``stories.build``, write the result and return what changed as :class:`StoryChange`
records (for the watch stage). Since a claim's story depends only on the claims of its pair that
sort before it, an update resumes each touched pair from the stored partition of the claims before
the earliest new claim and re-scores the rest: exactly what a full rebuild gives.

Each call is one write transaction: a crash leaves the previous stories intact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from armswatch.store import stories_repo
from armswatch.store.engine import write_transaction
from armswatch.stories.build import Naming, build_stories, diff_stories
from armswatch.stories.cluster import DEFAULT_CONFIG, ClusterConfig, can_resume
from armswatch.stories.model import Story, StoryChange, StoryClaim


def default_naming() -> Naming:
    """Party names and aliases from the shipped knowledge base."""
    from armswatch.kb import KnowledgeBase

    return Naming.from_kb(KnowledgeBase.load())


def update_stories(
    engine: Engine,
    doc_ids: Iterable[str],
    *,
    naming: Naming | None = None,
    config: ClusterConfig = DEFAULT_CONFIG,
    now: datetime | None = None,
) -> list[StoryChange]:
    """Update the stories touched by the claims of ``doc_ids`` (documents already committed).

    Returns one :class:`StoryChange` per new, changed or removed story, ordered by story id."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return []
    with write_transaction(engine) as conn:
        return update_stories_in(conn, ids, naming=naming, config=config, now=now)


def update_stories_in(
    conn: Connection,
    doc_ids: Iterable[str],
    *,
    naming: Naming | None = None,
    config: ClusterConfig = DEFAULT_CONFIG,
    now: datetime | None = None,
) -> list[StoryChange]:
    """:func:`update_stories` inside the caller's transaction (the watch stage commits the story
    update together with the alerts it raises, so a crash cannot separate them)."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return []
    nm = naming or default_naming()
    pairs = stories_repo.pairs_of_documents(conn, ids)
    return _recompute(conn, pairs, nm, config, now, ids)


def rebuild_stories(
    engine: Engine,
    *,
    naming: Naming | None = None,
    config: ClusterConfig = DEFAULT_CONFIG,
    now: datetime | None = None,
) -> list[StoryChange]:
    """Recompute every story from the stored claims (and drop stories whose claims are gone)."""
    nm = naming or default_naming()
    with write_transaction(engine) as conn:
        pairs = stories_repo.all_claim_pairs(conn) | stories_repo.stored_pairs(conn)
        return _recompute(conn, pairs, nm, config, now, (), resume=False)


def _recompute(
    conn: Connection,
    pairs: set[tuple[str, str]],
    naming: Naming,
    config: ClusterConfig,
    now: datetime | None,
    new_doc_ids: Iterable[str],
    resume: bool = True,
) -> list[StoryChange]:
    if not pairs:
        return []
    claims = stories_repo.load_story_claims(conn, pairs)
    before = stories_repo.load_pair_stories(conn, pairs)
    seed = _resumable(claims, before.values()) if resume else None
    after = {s.id: s for s in build_stories(claims, naming, config, seed)}
    stories_repo.replace_stories(conn, pairs, list(after.values()), now or datetime.now(UTC))
    return diff_stories(before, after, new_doc_ids)


class StoryUpdater:
    """A callable for ``Ingestor.on_saved``: updates stories after each committed ingest batch and
    keeps every :class:`StoryChange` in ``changes`` (the watch stage reads them after the run)."""

    def __init__(
        self, engine: Engine, naming: Naming | None = None, config: ClusterConfig = DEFAULT_CONFIG
    ) -> None:
        self.engine = engine
        self.naming = naming
        self.config = config
        self.changes: list[StoryChange] = []

    def __call__(self, doc_ids: tuple[str, ...]) -> None:
        if self.naming is None:
            self.naming = default_naming()
        self.changes.extend(update_stories(self.engine, doc_ids, naming=self.naming, config=self.config))


def story_updater(engine: Engine, naming: Naming | None = None) -> StoryUpdater:
    """The hook the ingest command installs (``Ingestor.on_saved``); the KB loads on first use."""
    return StoryUpdater(engine, naming)


def _resumable(claims: list[StoryClaim], stored: Iterable[Story]) -> dict[tuple[str, str], list[list[str]]]:
    """Per pair, the stored partition restricted to the claims that sort before the earliest new
    claim. A claim's story depends only on the claims before it, so that prefix is exactly what a
    full recomputation would produce, and clustering can resume from it. Pairs whose stored claims
    are no longer all present are recomputed from scratch."""
    by_pair: dict[tuple[str, str], list[StoryClaim]] = {}
    for c in claims:
        by_pair.setdefault(c.pair, []).append(c)
    groups: dict[tuple[str, str], list[list[str]]] = {}
    for st in stored:
        groups.setdefault((st.supplier, st.recipient), []).append(list(st.claim_ids))
    seed: dict[tuple[str, str], list[list[str]]] = {}
    for pair, gs in groups.items():
        pair_claims = by_pair.get(pair)
        if not pair_claims:
            continue
        keys = {c.claim_id: c.sort_key() for c in pair_claims}
        stored_ids = {cid for g in gs for cid in g}
        if not stored_ids <= keys.keys():
            continue
        new = [k for cid, k in keys.items() if cid not in stored_ids]
        cut = min(new) if new else None
        prefix = [[cid for cid in g if cut is None or keys[cid] < cut] for g in gs]
        prefix = [g for g in prefix if g]
        if prefix and can_resume(pair_claims, prefix):
            seed[pair] = prefix
    return seed
