"""The alert record: what a watch rule fired on, as delivered to every sink.

An :class:`Alert` is frozen and JSON-round-trippable (the outbox stores :meth:`Alert.to_json`). Its
``id`` is deterministic — ``stable_id(rule, story, kind, what changed)`` — so detecting the same change
twice (e.g. after a crash) yields the same id, the outbox insert is a no-op, and receivers can use the
id as an idempotency key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from armswatch.records import stable_id

KIND_LABELS = {
    "new_story": "New story",
    "escalation": "Escalation",
    "contradiction": "Contradiction",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that changed in a story: ``kind`` (e.g. ``status_rise``) with before/after values."""

    kind: str
    before: Any = None
    after: Any = None
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote backing a change, with where it was read."""

    quote: str
    document_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "document_id": self.document_id,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert for one rule about one story change."""

    id: str
    kind: str
    rule: str
    story_id: str
    title: str
    supplier: str
    recipient: str
    status: str | None
    link: str
    api_link: str
    created_at: datetime
    changes: tuple[Change, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    categories: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @staticmethod
    def make_id(rule: str, story_id: str, kind: str, changes: tuple[Change, ...]) -> str:
        """Deterministic id: the same rule, story and change always give the same id."""
        sig = json.dumps([c.to_json() for c in changes], sort_keys=True, default=str)
        return "al-" + stable_id(rule, story_id, kind, sig, length=24)

    @property
    def headline(self) -> str:
        """One line: ``Escalation: North Korea → Russia: artillery shells (rule dprk-russia)``."""
        return f"{KIND_LABELS.get(self.kind, self.kind)}: {self.title} (rule {self.rule})"

    def summary_lines(self) -> list[str]:
        """What changed, one readable line per change."""
        out = []
        for c in self.changes:
            if c.description:
                out.append(c.description)
            elif c.before is None:
                out.append(f"{c.kind}: {c.after}")
            else:
                out.append(f"{c.kind}: {c.before} → {c.after}")
        return out

    def to_json(self) -> dict[str, Any]:
        """The JSON body sent to webhooks and written to JSONL (stable key order)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "rule": self.rule,
            "story": {
                "id": self.story_id,
                "title": self.title,
                "supplier": self.supplier,
                "recipient": self.recipient,
                "status": self.status,
                "categories": list(self.categories),
                "systems": list(self.systems),
                "link": self.link,
                "api_link": self.api_link,
            },
            "changes": [c.to_json() for c in self.changes],
            "evidence": [e.to_json() for e in self.evidence],
            "created_at": self.created_at.isoformat(),
            **({"extra": self.extra} if self.extra else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alert:
        """Inverse of :meth:`to_json`."""
        story = data["story"]
        return cls(
            id=data["id"],
            kind=data["kind"],
            rule=data["rule"],
            story_id=story["id"],
            title=story["title"],
            supplier=story["supplier"],
            recipient=story["recipient"],
            status=story.get("status"),
            link=story["link"],
            api_link=story.get("api_link", story["link"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            changes=tuple(Change(**c) for c in data.get("changes", [])),
            evidence=tuple(Evidence(**e) for e in data.get("evidence", [])),
            categories=tuple(story.get("categories", [])),
            systems=tuple(story.get("systems", [])),
            extra=dict(data.get("extra", {})),
        )

    def body(self) -> bytes:
        """Canonical UTF-8 JSON bytes (what the webhook signs and sends)."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode(
            "utf-8"
        )
