"""A story's timeline: one entry per document, in canonical order, saying what each one added."""

from __future__ import annotations

from collections.abc import Sequence

from armswatch.records import STATUS_RANK
from armswatch.stories.corroboration import PartyOf, original_source
from armswatch.stories.items import claim_items
from armswatch.stories.model import StoryClaim, TimelineChange, TimelineEntry
from armswatch.stories.normalise import outlet_key, source_key


def build_timeline(
    claims: Sequence[StoryClaim], party_of: PartyOf | None = None
) -> tuple[TimelineEntry, ...]:
    """Entries for claims given in canonical order. Change kinds: first_report, new_system,
    new_category, new_quantity, quantity_growth, status_change, new_source, new_outlet, denial, copy."""
    systems: set[str] = set()
    cats: set[str] = set()
    quantities: dict[tuple[str, str | None], float] = {}
    best_rank: int | None = None
    sources: set[str] = set()
    outlets: set[str] = set()
    groups: dict[str, str] = {}
    entries: list[TimelineEntry] = []
    for c in claims:
        ch: list[TimelineChange] = []
        copy_of = groups.get(c.group) if c.dup_group else None
        if not entries:
            ch.append(TimelineChange("first_report", c.status))
        if copy_of:
            ch.append(TimelineChange("copy", copy_of))
        for it in claim_items(c):
            if it.key not in systems:
                systems.add(it.key)
                if entries:
                    ch.append(TimelineChange("new_system", it.system))
            q = it.quantity
            if q is not None and q.value is not None:
                qk = (it.key, q.unit)
                prev = quantities.get(qk)
                if prev is None:
                    ch.append(TimelineChange("new_quantity", f"{it.system}: {q.text}"))
                    quantities[qk] = q.value
                elif q.value > prev:
                    ch.append(TimelineChange("quantity_growth", f"{it.system}: {q.text}"))
                    quantities[qk] = q.value
        for cat in c.categories:
            if cat not in cats:
                cats.add(cat)
                if entries:
                    ch.append(TimelineChange("new_category", cat))
        rank = STATUS_RANK.get(c.status, 0)
        if best_rank is not None and rank > best_rank:
            old = next(s for s, r in STATUS_RANK.items() if r == best_rank)
            ch.append(TimelineChange("status_change", f"{old} → {c.status}"))
        best_rank = rank if best_rank is None else max(best_rank, rank)
        if c.status == "denied" or c.denied_by:
            who = ", ".join(c.denied_by) or (original_source(c) or "unknown")
            ch.append(TimelineChange("denial", who))
        if c.status != "denied" and not copy_of:
            src = original_source(c)
            if src:
                k = source_key(src, party_of)
                if k not in sources:
                    sources.add(k)
                    ch.append(TimelineChange("new_source", src))
            ok = outlet_key(c.outlet, c.url)
            if ok and ok not in outlets:
                outlets.add(ok)
                ch.append(TimelineChange("new_outlet", c.outlet or ok))
        groups.setdefault(c.group, c.doc_id)
        entries.append(
            TimelineEntry(
                date=c.published,
                doc_id=c.doc_id,
                claim_id=c.claim_id,
                outlet=c.outlet,
                url=c.url,
                title=c.title,
                status=c.status,
                evidence=c.evidence,
                sources=c.sources,
                changes=tuple(ch),
                copy_of=copy_of,
            )
        )
    return tuple(entries)
