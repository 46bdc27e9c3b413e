"""Helpers for the stories tests: the labelled set, hand-written claims, and ways to store them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from armswatch.records import Document, ExtractionResult, Quantity, RoleClaim, TransferClaim
from armswatch.store import DocMeta, Store
from armswatch.stories.build import Naming
from armswatch.stories.evaluate import load_gold, load_gold_claims
from armswatch.stories.model import RoleError, StoryClaim

DATA = Path(__file__).parent / "data" / "stories"
REPORTS = DATA / "reports.jsonl"
CLAIMS = DATA / "claims_gold.jsonl"

_NAMING: list[Naming] = []


def naming() -> Naming:
    """Party names, aliases and demonyms from the shipped KB (loaded once per session)."""
    if not _NAMING:
        from armswatch.kb import KnowledgeBase

        _NAMING.append(Naming.from_kb(KnowledgeBase.load()))
    return _NAMING[0]


def reports() -> list[dict[str, object]]:
    return [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold() -> list:  # type: ignore[type-arg]
    return load_gold(REPORTS)


def gold_claims() -> list[StoryClaim]:
    return load_gold_claims(REPORTS, CLAIMS)


def claim(
    doc: str,
    day: str,
    *,
    pair: tuple[str, str] = ("PRK", "RUS"),
    status: str = "reported",
    cats: Sequence[str] = ("ammunition",),
    systems: Sequence[str] = ("152 mm artillery shell",),
    sources: Sequence[str] = ("NIS",),
    outlet: str = "Outlet A",
    evidence: str = "North Korea sent artillery shells to Russia.",
    quantity: Quantity | None = None,
    denied_by: Sequence[str] = (),
    dup_group: str | None = None,
    role_errors: Sequence[RoleError] = (),
) -> StoryClaim:
    """A StoryClaim with sensible defaults (one document each)."""
    return StoryClaim(
        claim_id=f"clm-{doc}",
        doc_id=doc,
        supplier=pair[0],
        recipient=pair[1],
        status=status,
        categories=tuple(cats),
        systems=tuple(systems),
        quantity=quantity,
        sources=tuple(sources),
        denied_by=tuple(denied_by),
        evidence=evidence,
        published=date.fromisoformat(day),
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '')}.example/{doc}",
        title=f"Report {doc}",
        dup_group=dup_group,
        role_errors=tuple(role_errors),
    )


def as_results(claims: Sequence[StoryClaim]) -> list[tuple[Document, ExtractionResult, DocMeta]]:
    """Documents, extraction results and dedup metadata that store these claims as written."""
    from armswatch.ingest.canonical import content_hash

    texts = {r["id"]: str(r["text"]) for r in reports()}
    out = []
    for c in claims:
        text = texts.get(c.doc_id) or f"{c.title}\n\n{c.evidence}"
        doc = Document(
            id=c.doc_id, text=text, published=c.published, title=c.title, url=c.url, outlet=c.outlet
        )
        t = TransferClaim(
            supplier=c.supplier,
            recipient=c.recipient,
            categories=c.categories,
            systems=c.systems,
            calibers_mm=c.calibers_mm,
            quantity=c.quantity,
            status=c.status,  # type: ignore[arg-type]
            sources=c.sources,
            denied_by=c.denied_by,
            evidence=c.evidence,
            evidence_start=0,
            evidence_end=len(c.evidence),
            confidence=0.9,
        )
        roles = tuple(
            RoleClaim(
                person=r.person,
                stated_role=r.stated_role,
                correct=False,
                actual_role=r.actual_role,
                start=0,
                end=1,
            )
            for r in c.role_errors
        )
        meta = DocMeta(canonical_url=c.url, content_hash=content_hash(text), dup_group=c.dup_group)
        out.append((doc, ExtractionResult(document=doc, transfers=(t,), role_claims=roles), meta))
    return out


def save(store: Store, batch: Sequence[tuple[Document, ExtractionResult, DocMeta]]) -> tuple[str, ...]:
    """Save one batch (one transaction) and return the saved document ids."""
    stats = store.save_results([(d, r) for d, r, _ in batch], meta={d.id: m for d, _, m in batch})
    return stats.saved_ids
