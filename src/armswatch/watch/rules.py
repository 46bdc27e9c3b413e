"""Watch rules evaluated on story changes: which changes become alerts, of which kind, for which rule.

A story change (:class:`armswatch.stories.model.StoryChange`) maps onto alert kinds:

- ``new_story``     ← the change kind ``new_story``;
- ``escalation``    ← ``status_rise``, ``new_system``, ``new_category``, ``quantity_growth``;
- ``contradiction`` ← ``denial``.

A rule fires when its pair, categories, systems, minimum status and keywords all match the story
(after the change) and it asks for that alert kind. Story updates can re-key a story (an earlier
report arrives and the stories' claims regroup: the old id is ``removed`` and a ``new_story``
appears). Such a "new" story whose claims overlap a removed one is compared with the removed story
instead, so a regrouping is not announced as news and real growth still is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from armswatch.records import STATUS_RANK
from armswatch.stories.model import Story, StoryChange
from armswatch.stories.normalise import item_key
from armswatch.watch.alerts import Alert, Change, Evidence
from armswatch.watch.config import RuleConfig

ESCALATION_KINDS = ("status_rise", "new_system", "new_category", "quantity_growth")


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled :class:`~armswatch.watch.config.RuleConfig`."""

    name: str
    pairs: tuple[tuple[str, str], ...]
    categories: frozenset[str]
    systems: frozenset[str]
    min_rank: int | None
    keywords: tuple[str, ...]
    kinds: frozenset[str]
    sinks: tuple[str, ...]

    @classmethod
    def from_config(cls, cfg: RuleConfig, sinks: Sequence[str]) -> Rule:
        return cls(
            name=cfg.name,
            pairs=tuple((s.casefold(), r.casefold()) for s, r in cfg.parsed_pairs()),
            categories=frozenset(c.casefold() for c in cfg.categories),
            systems=frozenset(s.casefold() for s in cfg.systems),
            min_rank=STATUS_RANK[cfg.min_status] if cfg.min_status else None,
            keywords=tuple(k.casefold() for k in cfg.keywords if k.strip()),
            kinds=frozenset(cfg.kinds),
            sinks=tuple(sinks),
        )

    def matches(self, story: Story, text: str, status_rank: int) -> bool:
        """Whether the story (with ``text`` to search for keywords) is one this rule watches."""
        sup, rec = story.supplier.casefold(), story.recipient.casefold()
        if not any((ps in ("*", sup)) and (pr in ("*", rec)) for ps, pr in self.pairs):
            return False
        if self.categories and not self.categories & {c.casefold() for c in story.categories}:
            return False
        if self.systems:
            names = {s.casefold() for s in story.systems} | {i.system.casefold() for i in story.items}
            if not self.systems & names:
                return False
        if self.min_rank is not None and status_rank < self.min_rank:
            return False
        if self.keywords:
            hay = text.casefold()
            if not any(k in hay for k in self.keywords):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Detected:
    """What a story change amounts to, before rules: alert kinds with their changes."""

    story: Story
    before: Story | None
    by_kind: dict[str, tuple[Change, ...]]
    evidence: tuple[Evidence, ...]


def _fmt_qty(text: str | None, value: float | None) -> str | None:
    if text:
        return text
    if value is None:
        return None
    return f"{value:g}"


def diff_stories(before: Story | None, after: Story) -> dict[str, tuple[Change, ...]]:
    """Alert kinds and their changes from comparing two versions of a story (``before`` None: new)."""
    if before is None:
        return {
            "new_story": (
                Change(
                    kind="new_story",
                    after=after.title,
                    description=f"New story: {after.title} (status {after.status})",
                ),
            ),
            **(
                {
                    "contradiction": (
                        Change(
                            kind="denial",
                            after=list(after.denied_by),
                            description="Denied by " + ", ".join(after.denied_by),
                        ),
                    )
                }
                if after.denied_by
                else {}
            ),
        }
    esc: list[Change] = []
    if STATUS_RANK.get(after.status, 0) > STATUS_RANK.get(before.status, 0):
        esc.append(
            Change(
                kind="status_rise",
                before=before.status,
                after=after.status,
                description=f"Status rose: {before.status} → {after.status}"
                + (f" (by {', '.join(after.status_by)})" if after.status_by else ""),
            )
        )
    old_keys = {item_key(s) for s in before.systems}
    new_systems = [s for s in after.systems if item_key(s) not in old_keys]
    if new_systems:
        esc.append(
            Change(kind="new_system", after=new_systems, description="New system: " + ", ".join(new_systems))
        )
    new_cats = [c for c in after.categories if c not in set(before.categories)]
    if new_cats:
        esc.append(
            Change(kind="new_category", after=new_cats, description="New category: " + ", ".join(new_cats))
        )
    old_items = {item_key(i.system): i for i in before.items}
    for item in after.items:
        old = old_items.get(item_key(item.system))
        if (
            old is not None
            and item.quantity_value is not None
            and old.quantity_value is not None
            and item.quantity_value > old.quantity_value
        ):
            b = _fmt_qty(old.quantity_text, old.quantity_value)
            a = _fmt_qty(item.quantity_text, item.quantity_value)
            esc.append(
                Change(
                    kind="quantity_growth",
                    before=b,
                    after=a,
                    description=f"Quantity grew for {item.system}: {b} → {a}",
                )
            )
    out: dict[str, tuple[Change, ...]] = {}
    if esc:
        out["escalation"] = tuple(esc)
    new_denials = [d for d in after.denied_by if d not in set(before.denied_by)]
    if new_denials:
        out["contradiction"] = (
            Change(kind="denial", after=new_denials, description="Denied by " + ", ".join(new_denials)),
        )
    return out


def _evidence(change: StoryChange, story: Story) -> tuple[Evidence, ...]:
    new_docs = set(change.new_doc_ids)
    out: list[Evidence] = []
    seen: set[str] = set()
    for entry in story.timeline:
        if entry.doc_id in new_docs and entry.evidence and entry.evidence not in seen:
            seen.add(entry.evidence)
            out.append(
                Evidence(
                    quote=entry.evidence,
                    document_id=entry.doc_id,
                    url=entry.url,
                    outlet=entry.outlet,
                    published=entry.date.isoformat() if entry.date else None,
                )
            )
    for quote in change.evidence:
        if quote and quote not in seen:
            seen.add(quote)
            out.append(Evidence(quote=quote))
    return tuple(out[:5])


def detect(changes: Iterable[StoryChange]) -> list[Detected]:
    """Turn one update's story changes into alertable differences (see the module docstring)."""
    changes = list(changes)
    removed_by_claim: dict[str, Story] = {}
    for ch in changes:
        if ch.after is None and ch.before is not None:
            for cid in ch.before.claim_ids:
                removed_by_claim[cid] = ch.before
    out: list[Detected] = []
    for ch in changes:
        after = ch.after
        if after is None:
            continue
        before = ch.before
        regrouped = False
        if before is None:
            # A regrouped story: compare with the removed story that held most of its claims.
            overlap: dict[str, tuple[int, Story]] = {}
            for cid in after.claim_ids:
                old = removed_by_claim.get(cid)
                if old is not None:
                    n, _ = overlap.get(old.id, (0, old))
                    overlap[old.id] = (n + 1, old)
            if overlap:
                before = max(overlap.values(), key=lambda t: (t[0], t[1].id))[1]
                regrouped = True
        by_kind = diff_stories(before, after)
        if not regrouped:
            by_kind = _agree(by_kind, ch.kinds)
        if by_kind:
            out.append(Detected(story=after, before=before, by_kind=by_kind, evidence=_evidence(ch, after)))
    return out


_GENERIC = {
    "status_rise": "Status rose",
    "new_system": "New system",
    "new_category": "New category",
    "quantity_growth": "Quantity grew",
    "denial": "A denial was reported",
}


def _agree(by_kind: dict[str, tuple[Change, ...]], kinds: tuple[str, ...]) -> dict[str, tuple[Change, ...]]:
    """Keep what the stories stage also reports in ``kinds`` (its verdict wins); name what only it saw."""
    out: dict[str, tuple[Change, ...]] = {}
    if "new_story" in kinds and "new_story" in by_kind:
        out["new_story"] = by_kind["new_story"]
        if "contradiction" in by_kind:
            out["contradiction"] = by_kind["contradiction"]
        return out
    wanted = {
        "escalation": [k for k in ESCALATION_KINDS if k in kinds],
        "contradiction": [k for k in ("denial",) if k in kinds],
    }
    for alert_kind, change_kinds in wanted.items():
        if not change_kinds:
            continue
        mine = [c for c in by_kind.get(alert_kind, ()) if c.kind in change_kinds]
        seen = {c.kind for c in mine}
        mine += [Change(kind=k, description=_GENERIC[k]) for k in change_kinds if k not in seen]
        out[alert_kind] = tuple(mine)
    return out


def story_links(link_base: str, story_id: str) -> tuple[str, str]:
    """Dashboard and API URLs of a story."""
    base = link_base.rstrip("/")
    return f"{base}/stories/{story_id}", f"{base}/api/v1/stories/{story_id}"


def evaluate(
    detected: Iterable[Detected], rules: Sequence[Rule], *, link_base: str, now: datetime
) -> list[tuple[Alert, tuple[str, ...]]]:
    """Alerts (with the sinks each goes to) for every rule that matches a detected change."""
    out: list[tuple[Alert, tuple[str, ...]]] = []
    for d in detected:
        story = d.story
        text = " ".join([story.title, *story.systems, *(e.quote for e in d.evidence)])
        link, api_link = story_links(link_base, story.id)
        for kind, changes in d.by_kind.items():
            rank = STATUS_RANK.get(story.status, 0)
            if kind == "contradiction" and d.before is not None:
                rank = max(rank, STATUS_RANK.get(d.before.status, 0))
            for rule in rules:
                if kind not in rule.kinds or not rule.matches(story, text, rank):
                    continue
                alert = Alert(
                    id=Alert.make_id(rule.name, story.id, kind, changes),
                    kind=kind,
                    rule=rule.name,
                    story_id=story.id,
                    title=story.title,
                    supplier=story.supplier,
                    recipient=story.recipient,
                    status=story.status,
                    link=link,
                    api_link=api_link,
                    created_at=now,
                    changes=changes,
                    evidence=d.evidence,
                    categories=story.categories,
                    systems=story.systems,
                    extra={
                        "corroboration": {
                            "independent_sources": story.corroboration.independent_sources,
                            "distinct_outlets": story.corroboration.distinct_outlets,
                        },
                        **(
                            {"previous_story_id": d.before.id} if d.before and d.before.id != story.id else {}
                        ),
                    },
                )
                out.append((alert, rule.sinks))
    return out
