"""Frozen records of the stories stage: the claims it reads and the stories it produces.

A :class:`StoryClaim` is one stored transfer claim joined with the metadata of its document
(date, outlet, url, near-duplicate group, role errors). Stories are computed from these by pure
functions (``cluster``, ``facts``); the database is only read and written in ``update`` and in
``armswatch.store.stories_repo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from armswatch.records import Item, Quantity

#: Sort key for undated documents: after every dated one.
UNDATED = date.max


@dataclass(frozen=True, slots=True)
class RoleError:
    """A wrong statement of an official's office found in a document (from ``role_checks``)."""

    person: str
    stated_role: str
    actual_role: str | None


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """One transfer claim with the metadata of its document: the input of story building."""

    claim_id: str
    doc_id: str
    supplier: str
    recipient: str
    status: str
    categories: tuple[str, ...]
    systems: tuple[str, ...]
    calibers_mm: tuple[int, ...] = ()
    quantity: Quantity | None = None
    items: tuple[Item, ...] = ()
    sources: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    evidence: str = ""
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    dup_group: str | None = None
    """Near-duplicate group from ingest; ``None`` means the document is its own group."""
    role_errors: tuple[RoleError, ...] = ()

    @property
    def group(self) -> str:
        """The near-duplicate group this claim's document counts in (its own id when ungrouped)."""
        return self.dup_group or self.doc_id

    @property
    def pair(self) -> tuple[str, str]:
        return (self.supplier, self.recipient)

    def sort_key(self) -> tuple[date, str, str]:
        """Canonical processing order: published date (undated last), document id, claim id."""
        return (self.published or UNDATED, self.doc_id, self.claim_id)


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One kind of materiel in a story, with the largest quantity any report stated for it."""

    system: str
    category: str
    caliber_mm: int | None = None
    quantity_text: str | None = None
    quantity_value: float | None = None
    quantity_unit: str | None = None
    doc_id: str | None = None
    """The document that stated the largest quantity."""
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Independent original sources and distinct outlets; near-duplicate copies count once."""

    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    documents: int
    copies: int
    """Documents that are near-duplicate copies of another document of the story."""

    @property
    def independent_sources(self) -> int:
        return len(self.sources)

    @property
    def distinct_outlets(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Something in the story's reports that does not agree: ``kind`` is denial, quantity or role_error."""

    kind: str
    summary: str
    doc_ids: tuple[str, ...]
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineChange:
    """What one timeline entry added: kind is first_report, new_system, new_category, new_quantity,
    quantity_growth, status_change, new_source, new_outlet, denial or copy."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One document's contribution to a story."""

    date: date | None
    doc_id: str
    claim_id: str
    outlet: str | None
    url: str | None
    title: str | None
    status: str
    evidence: str
    sources: tuple[str, ...]
    changes: tuple[TimelineChange, ...]
    copy_of: str | None = None
    """The earlier document of the same near-duplicate group, when this one is a copy."""


@dataclass(frozen=True, slots=True)
class Story:
    """A group of claims about one transfer, with its computed facts."""

    id: str
    supplier: str
    recipient: str
    title: str
    first_seen: date | None
    last_updated: date | None
    status: str
    status_by: tuple[str, ...]
    categories: tuple[str, ...]
    systems: tuple[str, ...]
    calibers_mm: tuple[int, ...]
    items: tuple[StoryItem, ...]
    denied_by: tuple[str, ...]
    corroboration: Corroboration
    contradictions: tuple[Contradiction, ...]
    timeline: tuple[TimelineEntry, ...]
    claim_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings); :meth:`from_dict` reverses it."""
        return {
            "id": self.id,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "title": self.title,
            "first_seen": _iso(self.first_seen),
            "last_updated": _iso(self.last_updated),
            "status": self.status,
            "status_by": list(self.status_by),
            "categories": list(self.categories),
            "systems": list(self.systems),
            "calibers_mm": list(self.calibers_mm),
            "items": [
                {
                    "system": i.system,
                    "category": i.category,
                    "caliber_mm": i.caliber_mm,
                    "quantity": i.quantity_text,
                    "quantity_value": i.quantity_value,
                    "quantity_unit": i.quantity_unit,
                    "doc_id": i.doc_id,
                    "mentions": i.mentions,
                }
                for i in self.items
            ],
            "denied_by": list(self.denied_by),
            "corroboration": {
                "independent_sources": self.corroboration.independent_sources,
                "distinct_outlets": self.corroboration.distinct_outlets,
                "sources": list(self.corroboration.sources),
                "outlets": list(self.corroboration.outlets),
                "documents": self.corroboration.documents,
                "copies": self.corroboration.copies,
            },
            "contradictions": [
                {"kind": c.kind, "summary": c.summary, "doc_ids": list(c.doc_ids), "detail": list(c.detail)}
                for c in self.contradictions
            ],
            "timeline": [
                {
                    "date": _iso(e.date),
                    "doc_id": e.doc_id,
                    "claim_id": e.claim_id,
                    "outlet": e.outlet,
                    "url": e.url,
                    "title": e.title,
                    "status": e.status,
                    "evidence": e.evidence,
                    "sources": list(e.sources),
                    "changes": [{"kind": c.kind, "value": c.value} for c in e.changes],
                    "copy_of": e.copy_of,
                }
                for e in self.timeline
            ],
            "claim_ids": list(self.claim_ids),
            "doc_ids": list(self.doc_ids),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        """Rebuild a story from :meth:`to_dict` output."""
        c = d["corroboration"]
        return cls(
            id=d["id"],
            supplier=d["supplier"],
            recipient=d["recipient"],
            title=d["title"],
            first_seen=_date(d["first_seen"]),
            last_updated=_date(d["last_updated"]),
            status=d["status"],
            status_by=tuple(d["status_by"]),
            categories=tuple(d["categories"]),
            systems=tuple(d["systems"]),
            calibers_mm=tuple(d["calibers_mm"]),
            items=tuple(
                StoryItem(
                    system=i["system"],
                    category=i["category"],
                    caliber_mm=i["caliber_mm"],
                    quantity_text=i["quantity"],
                    quantity_value=i["quantity_value"],
                    quantity_unit=i["quantity_unit"],
                    doc_id=i["doc_id"],
                    mentions=i["mentions"],
                )
                for i in d["items"]
            ),
            denied_by=tuple(d["denied_by"]),
            corroboration=Corroboration(
                sources=tuple(c["sources"]),
                outlets=tuple(c["outlets"]),
                documents=c["documents"],
                copies=c["copies"],
            ),
            contradictions=tuple(
                Contradiction(
                    kind=x["kind"],
                    summary=x["summary"],
                    doc_ids=tuple(x["doc_ids"]),
                    detail=tuple(x["detail"]),
                )
                for x in d["contradictions"]
            ),
            timeline=tuple(
                TimelineEntry(
                    date=_date(e["date"]),
                    doc_id=e["doc_id"],
                    claim_id=e["claim_id"],
                    outlet=e["outlet"],
                    url=e["url"],
                    title=e["title"],
                    status=e["status"],
                    evidence=e["evidence"],
                    sources=tuple(e["sources"]),
                    changes=tuple(TimelineChange(kind=x["kind"], value=x["value"]) for x in e["changes"]),
                    copy_of=e["copy_of"],
                )
                for e in d["timeline"]
            ),
            claim_ids=tuple(d["claim_ids"]),
            doc_ids=tuple(d["doc_ids"]),
        )


@dataclass(frozen=True, slots=True)
class StoryChange:
    """How one story changed in an update (for the watch stage and the API).

    ``kinds`` is a sorted tuple drawn from: ``new_story``, ``status_rise``, ``new_system``,
    ``new_category``, ``quantity_growth``, ``denial``, ``new_source``, ``new_document``, ``removed``
    (the story's claims now belong to other stories, e.g. after an earlier-dated report arrived).
    ``before`` is None for a new story, ``after`` is None for a removed one.
    """

    story_id: str
    kinds: tuple[str, ...]
    before: Story | None
    after: Story | None
    new_doc_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    """Evidence sentences of the claims added to the story by this update."""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None
