"""Typed, frozen records passed between the stages of armswatch.

Every stage takes an iterable of one record type and yields the next one
(see ``docs/architecture.md``). The records mirror the gold schema in
``shared/eval/SCHEMA.md``; :meth:`ExtractionResult.to_schema` produces that shape.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

Status = Literal["confirmed", "reported", "alleged", "planned", "denied"]
Category = Literal[
    "artillery",
    "ammunition",
    "missile",
    "air_defence",
    "uav",
    "aircraft",
    "armoured_vehicle",
    "naval",
    "small_arms",
    "wmd",
    "other",
]

STATUSES: tuple[str, ...] = get_args(Status)
CATEGORIES: tuple[str, ...] = get_args(Category)

#: Strength order used when merging statements about one pair: the strongest wins.
STATUS_RANK: dict[str, int] = {"denied": 0, "planned": 1, "alleged": 2, "reported": 3, "confirmed": 4}


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id from its parts (sha256, hex). Re-running gives the same id."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One news report. ``id`` is stable: given, or derived from the URL or the text."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    source: str | None = None
    """Where it was read from (file path, feed URL, archive name): for error messages and provenance."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Other fields of the input record, kept as given (e.g. extra JSONL keys)."""

    @staticmethod
    def make_id(text: str, url: str | None = None) -> str:
        """The deterministic id used when the input gives none."""
        return "doc-" + stable_id(url) if url else "doc-" + stable_id(" ".join(text.split()))


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount as the text states it, plus a parsed number and unit where possible."""

    text: str
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One kind of materiel in a claim."""

    system: str
    category: str
    caliber_mm: int | None = None
    quantity: Quantity | None = None
    system_id: str | None = None
    """Id in the KB's systems catalogue, or None for a generic noun."""

    def columns(self) -> dict[str, Any]:
        """The item's flat columns as stored (database rows, Parquet)."""
        return {
            "system": self.system,
            "category": self.category,
            "caliber_mm": self.caliber_mm,
            "quantity_text": self.quantity.text if self.quantity else None,
            "quantity_value": self.quantity.value if self.quantity else None,
            "quantity_unit": self.quantity.unit if self.quantity else None,
            "system_id": self.system_id,
        }

    def to_schema(self) -> dict[str, Any]:
        """JSON-ready mapping (the item shape of exports, the API and ``extract --format json``)."""
        return {
            "system": self.system,
            "category": self.category,
            "caliber_mm": self.caliber_mm,
            "quantity": self.quantity.text if self.quantity else None,
            "quantity_value": self.quantity.value if self.quantity else None,
            "quantity_unit": self.quantity.unit if self.quantity else None,
            "system_id": self.system_id,
        }


@dataclass(frozen=True, slots=True)
class TransferClaim:
    """One supplier→recipient transfer stated in one document (all its items merged)."""

    supplier: str
    recipient: str
    categories: tuple[str, ...]
    systems: tuple[str, ...]
    calibers_mm: tuple[int, ...]
    quantity: Quantity | None
    status: Status
    sources: tuple[str, ...]
    denied_by: tuple[str, ...]
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    items: tuple[Item, ...] = ()

    def to_schema(self) -> dict[str, Any]:
        """The gold schema's transfer shape (plus offsets, confidence and items)."""
        return {
            "supplier": self.supplier,
            "recipient": self.recipient,
            "categories": list(self.categories),
            "systems": list(self.systems),
            "calibers_mm": list(self.calibers_mm),
            "quantity": self.quantity.text if self.quantity else None,
            "quantity_value": self.quantity.value if self.quantity else None,
            "quantity_unit": self.quantity.unit if self.quantity else None,
            "status": self.status,
            "sources": list(self.sources),
            "denied_by": list(self.denied_by),
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "confidence": round(self.confidence, 3),
            "items": [it.to_schema() for it in self.items],
        }

    def columns(self) -> dict[str, Any]:
        """The claim's flat columns as stored (database rows, Parquet), without ids and sources."""
        return {
            "supplier": self.supplier,
            "recipient": self.recipient,
            "categories": list(self.categories),
            "systems": list(self.systems),
            "calibers_mm": list(self.calibers_mm),
            "quantity_text": self.quantity.text if self.quantity else None,
            "quantity_value": self.quantity.value if self.quantity else None,
            "quantity_unit": self.quantity.unit if self.quantity else None,
            "status": self.status,
            "denied_by": list(self.denied_by),
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "confidence": float(self.confidence),
        }


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """A statement of a named person's office, checked against the dated KB."""

    person: str
    stated_role: str
    correct: bool
    actual_role: str | None
    start: int
    end: int
    official_id: str | None = None

    def columns(self) -> dict[str, Any]:
        """The role check's flat columns as stored (database rows, Parquet), without ids."""
        return {
            "person": self.person,
            "stated_role": self.stated_role,
            "correct": bool(self.correct),
            "actual_role": self.actual_role,
            "start": self.start,
            "end": self.end,
            "official_id": self.official_id,
        }

    def to_schema(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "stated_role": self.stated_role,
            "correct": self.correct,
            "actual_role": self.actual_role,
            "start": self.start,
            "end": self.end,
            "official_id": self.official_id,
        }


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What extraction found in one document."""

    document: Document
    transfers: tuple[TransferClaim, ...] = ()
    role_claims: tuple[RoleClaim, ...] = ()

    def to_schema(self) -> dict[str, Any]:
        """The gold schema's document shape: ``id``, ``transfers``, ``role_claims``."""
        return {
            "id": self.document.id,
            "transfers": [t.to_schema() for t in self.transfers],
            "role_claims": [r.to_schema() for r in self.role_claims],
        }
