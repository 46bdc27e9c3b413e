"""Corroboration: independent original sources and distinct outlets behind a story.

Units of counting are near-duplicate groups: a syndicated copy (same ``dup_group`` from ingest)
never adds a source or an outlet. A group counts through its first supporting claim (canonical
order). A claim's original source is the first element of its source chain; an unattributed claim
is the outlet's own reporting (an unknown outlet: the document's own). Denials support nothing
and are not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from armswatch.stories.model import Corroboration, StoryClaim
from armswatch.stories.normalise import outlet_key, source_key

PartyOf = Callable[[str], str | None]


def original_source(claim: StoryClaim) -> str:
    """The first element of the claim's source chain; when the narrator asserts it unattributed,
    the outlet (or the URL's host, or the document itself when neither is known)."""
    for s in claim.sources:
        if s and s.strip():
            return s.strip()
    return claim.outlet or outlet_key(None, claim.url) or f"document {claim.doc_id}"


def group_representatives(claims: Sequence[StoryClaim]) -> list[StoryClaim]:
    """The first non-denial claim of each near-duplicate group, in canonical order."""
    reps: dict[str, StoryClaim] = {}
    for c in sorted(claims, key=StoryClaim.sort_key):
        if c.status == "denied":
            continue
        reps.setdefault(c.group, c)
    return sorted(reps.values(), key=StoryClaim.sort_key)


def corroborate(claims: Sequence[StoryClaim], party_of: PartyOf | None = None) -> Corroboration:
    """Count independent original sources and distinct outlets over the story's claims."""
    sources: dict[str, str] = {}
    outlets: dict[str, str] = {}
    for c in group_representatives(claims):
        src = original_source(c)
        sources.setdefault(source_key(src, party_of), src)
        ok = outlet_key(c.outlet, c.url)
        if ok:
            outlets.setdefault(ok, c.outlet or ok)
    docs = {c.doc_id for c in claims}
    groups = {c.group for c in claims}
    return Corroboration(
        sources=tuple(sources.values()),
        outlets=tuple(outlets.values()),
        documents=len(docs),
        copies=len(docs) - len(groups),
    )
