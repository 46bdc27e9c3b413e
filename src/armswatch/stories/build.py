"""From claims to stories, and from two versions of the stories to :class:`StoryChange` records.

Pure functions: no database. ``stories.update`` feeds them claims read from the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from armswatch.records import STATUS_RANK
from armswatch.stories.cluster import DEFAULT_CONFIG, ClusterConfig, cluster_claims, story_id
from armswatch.stories.contradictions import deniers, find_contradictions
from armswatch.stories.corroboration import PartyOf, corroborate, original_source
from armswatch.stories.items import aggregate_items
from armswatch.stories.model import Story, StoryChange, StoryClaim
from armswatch.stories.normalise import item_key, tokens
from armswatch.stories.timeline import build_timeline
from armswatch.stories.titles import make_title


@dataclass(frozen=True)
class Naming:
    """How parties are named and recognised: usually from the knowledge base (:meth:`from_kb`)."""

    party_name: Callable[[str], str]
    party_of: PartyOf | None = None
    drop_words: frozenset[str] = frozenset()
    """Tokens of party names, ignored by the text similarity."""

    @classmethod
    def from_kb(cls, kb: object) -> Naming:
        """Names from a :class:`armswatch.kb.KnowledgeBase` (party names, aliases, demonyms...)."""
        names: dict[str, str] = getattr(kb, "party_names", {})
        drop: set[str] = set()
        for surface in names:
            drop.update(tokens(surface))
        return cls(party_name=kb.party_name, party_of=kb.party, drop_words=frozenset(drop))  # type: ignore[attr-defined]

    @classmethod
    def plain(cls) -> Naming:
        """Codes as names; no alias knowledge (tests and tools without a KB)."""
        return cls(party_name=lambda code: code)


def build_story(claims: Sequence[StoryClaim], naming: Naming) -> Story:
    """The facts of one story from its claims (the first claim is the founder)."""
    ordered = sorted(claims, key=StoryClaim.sort_key)
    founder = claims[0]
    top = max(STATUS_RANK.get(c.status, 0) for c in ordered)
    status = next(s for s, r in STATUS_RANK.items() if r == top)
    by: dict[str, None] = {}
    for c in ordered:
        if STATUS_RANK.get(c.status, 0) == top:
            src = original_source(c)
            if src:
                by.setdefault(src, None)
    cat_count: Counter[str] = Counter()
    for c in ordered:
        cat_count.update(set(c.categories))
    first_cat = {cat: i for i, cat in enumerate(dict.fromkeys(x for c in ordered for x in c.categories))}
    categories = sorted(cat_count, key=lambda k: (-cat_count[k], first_cat[k]))
    items = aggregate_items(ordered)
    systems = [i.system for i in items]
    dated = [c.published for c in ordered if c.published]
    title = make_title(
        naming.party_name(founder.supplier), naming.party_name(founder.recipient), systems, categories
    )
    return Story(
        id=story_id(founder),
        supplier=founder.supplier,
        recipient=founder.recipient,
        title=title,
        first_seen=min(dated) if dated else None,
        last_updated=max(dated) if dated else None,
        status=status,
        status_by=tuple(by),
        categories=tuple(categories),
        systems=tuple(systems),
        calibers_mm=tuple(sorted({k for c in ordered for k in c.calibers_mm}, reverse=True)),
        items=items,
        denied_by=deniers(ordered),
        corroboration=corroborate(ordered, naming.party_of),
        contradictions=find_contradictions(ordered),
        timeline=build_timeline(ordered, naming.party_of),
        claim_ids=tuple(c.claim_id for c in ordered),
        doc_ids=tuple(dict.fromkeys(c.doc_id for c in ordered)),
    )


def build_stories(
    claims: Iterable[StoryClaim],
    naming: Naming | None = None,
    config: ClusterConfig = DEFAULT_CONFIG,
    seed: Mapping[tuple[str, str], Sequence[Sequence[str]]] | None = None,
) -> list[Story]:
    """Cluster claims and compute every story's facts. Deterministic: same claims, same stories.

    ``seed`` resumes pairs from stored partitions (see :func:`cluster.cluster_claims`)."""
    nm = naming or Naming.plain()
    by_pair: dict[tuple[str, str], list[StoryClaim]] = {}
    for c in claims:
        by_pair.setdefault(c.pair, []).append(c)
    out: list[Story] = []
    for pair in sorted(by_pair):
        # The pair's own party names say nothing about which of its stories a claim belongs to.
        drop = set(nm.drop_words)
        for code in pair:
            drop.update(tokens(code))
            drop.update(tokens(nm.party_name(code)))
        groups = cluster_claims(by_pair[pair], config, frozenset(drop), seed)
        out.extend(build_story(g, nm) for g in groups)
    return out


def _item_values(s: Story) -> dict[str, float]:
    return {item_key(i.system): i.quantity_value for i in s.items if i.quantity_value is not None}


def diff_stories(
    before: Mapping[str, Story], after: Mapping[str, Story], new_doc_ids: Iterable[str] = ()
) -> list[StoryChange]:
    """What changed between two versions of a set of stories, as :class:`StoryChange` records.

    Stories equal in both versions produce nothing. Order: by story id."""
    new_docs = set(new_doc_ids)
    changes: list[StoryChange] = []
    for sid in sorted(set(before) | set(after)):
        b, a = before.get(sid), after.get(sid)
        if a is None:
            assert b is not None
            changes.append(StoryChange(story_id=sid, kinds=("removed",), before=b, after=None))
            continue
        if b is not None and b == a:
            continue
        kinds: set[str] = set()
        added_claims = set(a.claim_ids) - set(b.claim_ids if b else ())
        added_docs = tuple(d for d in a.doc_ids if d not in (b.doc_ids if b else ()))
        if b is None:
            kinds.add("new_story")
        else:
            if STATUS_RANK.get(a.status, 0) > STATUS_RANK.get(b.status, 0):
                kinds.add("status_rise")
            if {item_key(s) for s in a.systems} - {item_key(s) for s in b.systems}:
                kinds.add("new_system")
            if set(a.categories) - set(b.categories):
                kinds.add("new_category")
            bv, av = _item_values(b), _item_values(a)
            if any(k in bv and v > bv[k] for k, v in av.items()):
                kinds.add("quantity_growth")
            if set(a.denied_by) - set(b.denied_by):
                kinds.add("denial")
            if a.corroboration.independent_sources > b.corroboration.independent_sources:
                kinds.add("new_source")
            if added_docs:
                kinds.add("new_document")
        if not kinds:
            kinds.add("updated")
        evidence = tuple(e.evidence for e in a.timeline if e.claim_id in added_claims and e.evidence)
        changes.append(
            StoryChange(
                story_id=sid,
                kinds=tuple(sorted(kinds)),
                before=b,
                after=a,
                new_doc_ids=tuple(d for d in added_docs if not new_docs or d in new_docs),
                evidence=evidence,
            )
        )
    return changes
