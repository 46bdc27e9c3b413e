"""Reading claims for story building and reading/writing stories (tables in ``stories_schema``).

Functions take a SQLAlchemy ``Connection`` so that an update reads the claims and writes the
stories of a pair in one transaction (see ``armswatch.stories.update``), or an ``Engine`` for
read-only listing (API, CLI). Frozen records in and out, never ORM rows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, or_, select, tuple_

from armswatch.records import Quantity
from armswatch.store.repository import claim_parts
from armswatch.store.schema import claims, documents, role_checks
from armswatch.store.stories_schema import stories, story_claims, story_events
from armswatch.stories.model import RoleError, Story, StoryClaim

_CHUNK = 500
Pair = tuple[str, str]


def _chunks(values: Sequence[Any], n: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), n):
        yield values[i : i + n]


def _as_date(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


# -- claims -----------------------------------------------------------------------------------
def pairs_of_documents(conn: Connection, doc_ids: Iterable[str]) -> set[Pair]:
    """The (supplier, recipient) pairs of the claims of these documents."""
    ids = list(dict.fromkeys(doc_ids))
    out: set[Pair] = set()
    for chunk in _chunks(ids):
        q = select(claims.c.supplier, claims.c.recipient).where(claims.c.document_id.in_(chunk)).distinct()
        out.update((r[0], r[1]) for r in conn.execute(q))
    return out


def all_claim_pairs(conn: Connection) -> set[Pair]:
    """Every (supplier, recipient) pair that has claims."""
    q = select(claims.c.supplier, claims.c.recipient).distinct()
    return {(r[0], r[1]) for r in conn.execute(q)}


def load_story_claims(conn: Connection, pairs: Iterable[Pair]) -> list[StoryClaim]:
    """All claims of the given pairs with their documents' metadata, sources, items and role errors."""
    pair_list = sorted(set(pairs))
    rows: list[Any] = []
    for chunk in _chunks(pair_list, 200):
        q = (
            select(
                claims,
                documents.c.url,
                documents.c.title,
                documents.c.published.label("doc_published"),
                documents.c.outlet.label("doc_outlet"),
                documents.c.dup_group.label("doc_dup_group"),
            )
            .join(documents, documents.c.id == claims.c.document_id)
            .where(tuple_(claims.c.supplier, claims.c.recipient).in_(list(chunk)))
            .order_by(claims.c.id)
        )
        rows.extend(conn.execute(q).mappings().all())
    ids = [r["id"] for r in rows]
    doc_ids = sorted({r["document_id"] for r in rows})
    sources, items = claim_parts(conn, ids)
    errors: dict[str, list[RoleError]] = defaultdict(list)
    for chunk in _chunks(doc_ids):
        for rc in (
            conn.execute(
                select(role_checks)
                .where(role_checks.c.document_id.in_(chunk), role_checks.c.correct.is_(False))
                .order_by(role_checks.c.document_id, role_checks.c.start)
            )
            .mappings()
            .all()
        ):
            errors[rc["document_id"]].append(RoleError(rc["person"], rc["stated_role"], rc["actual_role"]))
    out: list[StoryClaim] = []
    for r in rows:
        qty = (
            Quantity(r["quantity_text"], r["quantity_value"], r["quantity_unit"])
            if r["quantity_text"]
            else None
        )
        out.append(
            StoryClaim(
                claim_id=r["id"],
                doc_id=r["document_id"],
                supplier=r["supplier"],
                recipient=r["recipient"],
                status=r["status"],
                categories=tuple(r["categories"] or ()),
                systems=tuple(r["systems"] or ()),
                calibers_mm=tuple(int(c) for c in r["calibers_mm"] or ()),
                quantity=qty,
                items=tuple(items[r["id"]]),
                sources=tuple(sources[r["id"]]),
                denied_by=tuple(r["denied_by"] or ()),
                evidence=r["evidence"] or "",
                published=_as_date(r["doc_published"]) or _as_date(r["published"]),
                outlet=r["doc_outlet"] or r["outlet"],
                url=r["url"],
                title=r["title"],
                dup_group=r["doc_dup_group"] or r["dup_group"],
                role_errors=tuple(errors[r["document_id"]]),
            )
        )
    return out


# -- stories ----------------------------------------------------------------------------------
def fingerprint(story: Story) -> str:
    """sha256 of the story's facts: equal fingerprints mean equal stories."""
    blob = json.dumps(story.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def load_pair_stories(conn: Connection, pairs: Iterable[Pair]) -> dict[str, Story]:
    """The stored stories of the given pairs, by id."""
    out: dict[str, Story] = {}
    pair_list = sorted(set(pairs))
    for chunk in _chunks(pair_list, 200):
        q = select(stories.c.id, stories.c.facts).where(
            tuple_(stories.c.supplier, stories.c.recipient).in_(list(chunk))
        )
        for r in conn.execute(q):
            out[r[0]] = Story.from_dict(_json(r[1]))
    return out


def stored_pairs(conn: Connection) -> set[Pair]:
    """Every pair that has stored stories."""
    return {(r[0], r[1]) for r in conn.execute(select(stories.c.supplier, stories.c.recipient).distinct())}


def replace_stories(conn: Connection, pairs: Iterable[Pair], new: Sequence[Story], now: datetime) -> int:
    """Make the stored stories of ``pairs`` equal ``new``: unchanged stories (same fingerprint) are
    kept as they are, others are deleted and written again. Returns the number of stories written."""
    pair_set = set(pairs)
    if not pair_set:
        return 0
    old: dict[str, str] = {}
    for chunk in _chunks(sorted(pair_set), 200):
        q = select(stories.c.id, stories.c.fingerprint).where(
            tuple_(stories.c.supplier, stories.c.recipient).in_(list(chunk))
        )
        old.update({r[0]: r[1] for r in conn.execute(q)})
    fresh = {s.id: (s, fingerprint(s)) for s in new}
    stale = [sid for sid, fp in old.items() if sid not in fresh or fresh[sid][1] != fp]
    for chunk in _chunks(sorted(stale)):
        conn.execute(delete(story_events).where(story_events.c.story_id.in_(chunk)))
        conn.execute(delete(story_claims).where(story_claims.c.story_id.in_(chunk)))
        conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
    todo = [(s, fp) for sid, (s, fp) in sorted(fresh.items()) if old.get(sid) != fp]
    if not todo:
        return 0
    conn.execute(insert(stories), [_story_row(s, fp, now) for s, fp in todo])
    claim_rows = [
        {"claim_id": cid, "story_id": s.id, "document_id": e.doc_id, "position": i}
        for s, _ in todo
        for i, (cid, e) in enumerate(zip(s.claim_ids, s.timeline, strict=True))
    ]
    for chunk in _chunks(claim_rows):
        conn.execute(insert(story_claims), list(chunk))
    event_rows = [
        {
            "story_id": s.id,
            "position": i,
            "date": e.date,
            "document_id": e.doc_id,
            "claim_id": e.claim_id,
            "outlet": e.outlet,
            "url": e.url,
            "status": e.status,
            "kinds": [c.kind for c in e.changes],
            "summary": "; ".join(f"{c.kind}: {c.value}" for c in e.changes),
            "evidence": e.evidence,
        }
        for s, _ in todo
        for i, e in enumerate(s.timeline)
    ]
    for chunk in _chunks(event_rows):
        conn.execute(insert(story_events), list(chunk))
    return len(todo)


def _story_row(s: Story, fp: str, now: datetime) -> dict[str, Any]:
    return {
        "id": s.id,
        "supplier": s.supplier,
        "recipient": s.recipient,
        "title": s.title,
        "first_seen": s.first_seen,
        "last_updated": s.last_updated,
        "status": s.status,
        "categories": list(s.categories),
        "systems": list(s.systems),
        "n_claims": len(s.claim_ids),
        "n_documents": len(s.doc_ids),
        "independent_sources": s.corroboration.independent_sources,
        "distinct_outlets": s.corroboration.distinct_outlets,
        "n_contradictions": len(s.contradictions),
        "facts": s.to_dict(),
        "fingerprint": fp,
        "updated_at": now,
    }


def _json(v: Any) -> dict[str, Any]:
    return json.loads(v) if isinstance(v, str | bytes) else dict(v)


# -- queries for the CLI and the API ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Filters for :func:`list_stories`; all optional, combined with AND."""

    supplier: str | None = None
    recipient: str | None = None
    status: str | None = None
    category: str | None = None
    since: date | None = None
    """Stories updated on or after this date."""
    until: date | None = None
    """Stories first seen on or before this date."""
    text: str | None = None
    """Case-insensitive substring of the title or systems."""
    min_sources: int | None = None
    limit: int | None = None
    offset: int = 0


def story_select(flt: StoryFilter) -> Select[Any]:
    """The select of stored story facts matching ``flt`` (all filters but category, which lives
    in the facts and is applied by :func:`list_stories`)."""
    q = select(stories.c.facts)
    if flt.supplier:
        q = q.where(func.lower(stories.c.supplier) == flt.supplier.lower())
    if flt.recipient:
        q = q.where(func.lower(stories.c.recipient) == flt.recipient.lower())
    if flt.status:
        q = q.where(stories.c.status == flt.status.lower())
    if flt.since:
        q = q.where(stories.c.last_updated >= flt.since)
    if flt.until:
        q = q.where(stories.c.first_seen <= flt.until)
    if flt.min_sources is not None:
        q = q.where(stories.c.independent_sources >= flt.min_sources)
    if flt.text:
        pat = "%" + flt.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = q.where(
            or_(
                func.lower(stories.c.title).like(pat, escape="\\"),
                func.lower(func.cast(stories.c.systems, _text_type())).like(pat, escape="\\"),
            )
        )
    return q.order_by(stories.c.last_updated.desc().nulls_last(), stories.c.id)


def _text_type() -> Any:
    from sqlalchemy import Text

    return Text


def list_stories(engine: Engine, flt: StoryFilter | None = None) -> list[Story]:
    """Stories matching ``flt``, most recently updated first (then by id)."""
    flt = flt or StoryFilter()
    q = story_select(flt)
    out: list[Story] = []
    skipped = 0
    with engine.connect() as conn:
        for r in conn.execute(q):
            s = Story.from_dict(_json(r[0]))
            if flt.category and flt.category.lower() not in s.categories:
                continue
            if skipped < flt.offset:
                skipped += 1
                continue
            out.append(s)
            if flt.limit is not None and len(out) >= flt.limit:
                break
    return out


def count_stories(engine: Engine) -> int:
    """Number of stored stories."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())


def get_story(engine: Engine, story_id: str) -> Story | None:
    """One story by id (a unique id prefix of at least 6 characters also works), or None."""
    with engine.connect() as conn:
        r = conn.execute(select(stories.c.facts).where(stories.c.id == story_id)).first()
        if r is None and len(story_id) >= 6:
            pat = story_id.replace("%", "").replace("_", "\\_") + "%"
            found = conn.execute(
                select(stories.c.facts).where(stories.c.id.like(pat, escape="\\")).limit(2)
            ).all()
            r = found[0] if len(found) == 1 else None
    return Story.from_dict(_json(r[0])) if r is not None else None


def story_ids_for_documents(engine: Engine, doc_ids: Iterable[str]) -> dict[str, str]:
    """document id → id of the story its claims belong to (a document in several pairs: any one)."""
    ids = list(dict.fromkeys(doc_ids))
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for chunk in _chunks(ids):
            q = select(story_claims.c.document_id, story_claims.c.story_id).where(
                story_claims.c.document_id.in_(chunk)
            )
            for r in conn.execute(q):
                out.setdefault(r[0], r[1])
    return out
