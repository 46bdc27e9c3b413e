"""Read queries the REST API and dashboard need beyond :class:`~armswatch.store.repository.Store`.

Totals for paginated lists, document and role-check pages, and the supplier→recipient pair
aggregation. Filters have the same meaning as ``armswatch claims`` (they reuse the store's claim
select). Everything returns frozen records; the API never sees SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, Select, Text, cast, func, or_, select

from armswatch.store.repository import Store, as_date, claim_parts, claim_row, claim_select, escape_like
from armswatch.store.rows import ClaimFilter, ClaimRow
from armswatch.store.schema import claims, documents, role_checks
from armswatch.store.stories_repo import StoryFilter


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document without its text, with the number of claims found in it."""

    id: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: date | None
    fetched_at: datetime | None
    language: str | None
    dup_group: str | None
    claim_count: int


@dataclass(frozen=True, slots=True)
class RoleCheckRow:
    """One stored role check."""

    id: str
    document_id: str
    person: str
    stated_role: str
    correct: bool
    actual_role: str | None
    start: int
    end: int
    official_id: str | None


@dataclass(frozen=True, slots=True)
class PairStat:
    """Claims of one supplier→recipient pair, counted by status and by category."""

    supplier: str
    recipient: str
    count: int
    by_status: Mapping[str, int]
    by_category: Mapping[str, int]
    first_published: date | None
    last_published: date | None


def count_claims(engine: Engine, flt: ClaimFilter) -> int:
    """How many claims match ``flt`` (its limit and offset are ignored).

    Without a text filter the count reads the claims table alone (answered from its indexes);
    with one it needs the documents' titles, so it counts the store's own claim select.
    """
    if flt.text:
        inner = claim_select(replace(flt, limit=None, offset=0)).order_by(None)
        q = select(func.count()).select_from(inner.with_only_columns(claims.c.id).subquery())
    else:
        q = _pair_filter(select(func.count()).select_from(claims), flt)
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def _categories_text() -> Any:
    """The claim's categories (a JSON list of strings) as text, for grouping and matching."""
    return cast(claims.c.categories, Text)


def _code_match(column: Any, code: str) -> Any:
    """Party code equality: exact (index-friendly) for a code as the KB writes it (``PRK``,
    ``hezbollah``), case-insensitive otherwise. The API passes codes in their KB form."""
    if code == code.upper() or code == code.lower():
        return column == code
    return func.lower(column) == code.lower()


def _pair_filter(q: Select[Any], flt: ClaimFilter) -> Select[Any]:
    """The claim filters on the claims table alone (text: evidence only), in index-friendly form.

    A category matches when it is an element of the claim's category list (the quoted JSON
    string), which is what the claim_categories join table holds.
    """
    if flt.supplier:
        q = q.where(_code_match(claims.c.supplier, flt.supplier))
    if flt.recipient:
        q = q.where(_code_match(claims.c.recipient, flt.recipient))
    if flt.status:
        q = q.where(claims.c.status == flt.status.lower())
    if flt.category:
        needle = '%"' + escape_like(flt.category.lower()) + '"%'
        q = q.where(_categories_text().like(needle, escape="\\"))
    if flt.since:
        q = q.where(claims.c.published >= flt.since)
    if flt.until:
        q = q.where(claims.c.published <= flt.until)
    if flt.text:
        needle = f"%{escape_like(flt.text.lower())}%"
        q = q.where(func.lower(claims.c.evidence).like(needle, escape="\\"))
    return q


def pair_stats(engine: Engine, flt: ClaimFilter) -> list[PairStat]:
    """Supplier→recipient pairs of the claims matching ``flt``, largest first.

    One grouped scan by (pair, status, category list) — index-only on SQLite thanks to
    ``ix_claims_facets`` (migration 0004) — merged here into per-pair counts by status and by
    category. Limit and offset of ``flt`` are ignored.
    """
    cats_col = _categories_text()
    q = _pair_filter(
        select(
            claims.c.supplier,
            claims.c.recipient,
            claims.c.status,
            cats_col,
            func.count(),
            func.min(claims.c.published),
            func.max(claims.c.published),
        ).group_by(claims.c.supplier, claims.c.recipient, claims.c.status, cats_col),
        flt,
    )
    totals: dict[tuple[str, str], int] = defaultdict(int)
    statuses: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cats: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    dates: dict[tuple[str, str], list[date]] = defaultdict(list)
    parsed: dict[str, tuple[str, ...]] = {}
    with engine.connect() as conn:
        for sup, rec, status, cat_text, n, lo, hi in conn.execute(q):
            key = (sup, rec)
            n = int(n)
            totals[key] += n
            statuses[key][status] += n
            names = parsed.get(cat_text)
            if names is None:
                names = parsed[cat_text] = tuple(dict.fromkeys(json.loads(cat_text or "[]")))
            for c in names:
                cats[key][c] += n
            dates[key].extend(d for d in (as_date(lo), as_date(hi)) if d is not None)
    out = [
        PairStat(
            supplier=k[0],
            recipient=k[1],
            count=n,
            by_status=dict(sorted(statuses[k].items(), key=lambda kv: (-kv[1], kv[0]))),
            by_category=dict(sorted(cats[k].items(), key=lambda kv: (-kv[1], kv[0]))),
            first_published=min(dates[k]) if dates[k] else None,
            last_published=max(dates[k]) if dates[k] else None,
        )
        for k, n in totals.items()
    ]
    out.sort(key=lambda p: (-p.count, p.supplier, p.recipient))
    return out


def _doc_where(q: Select[Any], text: str | None, outlet: str | None) -> Select[Any]:
    if text:
        needle = f"%{escape_like(text.lower())}%"
        q = q.where(
            or_(
                func.lower(documents.c.title).like(needle, escape="\\"),
                func.lower(documents.c.url).like(needle, escape="\\"),
            )
        )
    if outlet:
        q = q.where(func.lower(documents.c.outlet) == outlet.lower())
    return q


def list_documents(
    engine: Engine, *, limit: int, offset: int = 0, text: str | None = None, outlet: str | None = None
) -> tuple[list[DocumentSummary], int]:
    """A page of documents (newest first) without their text, and the total matching."""
    cols = [c for c in documents.c if c.name not in ("text", "extra", "content_hash", "source")]
    q = _doc_where(select(*cols), text, outlet)
    q = q.order_by(documents.c.published.desc(), documents.c.id).limit(limit).offset(offset)
    count_q = _doc_where(select(func.count()).select_from(documents), text, outlet)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        total = int(conn.execute(count_q).scalar_one())
        counts = _claim_counts(conn, [r["id"] for r in rows])
    return [_summary(r, counts.get(r["id"], 0)) for r in rows], total


def get_document_summary(engine: Engine, document_id: str) -> DocumentSummary | None:
    """One document's metadata (no text) with its claim count, or None."""
    cols = [c for c in documents.c if c.name not in ("text", "extra", "content_hash", "source")]
    with engine.connect() as conn:
        row = conn.execute(select(*cols).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            return None
        counts = _claim_counts(conn, [document_id])
    return _summary(row, counts.get(document_id, 0))


def _claim_counts(conn: Any, ids: Sequence[str]) -> dict[str, int]:
    if not ids:
        return {}
    q = (
        select(claims.c.document_id, func.count())
        .where(claims.c.document_id.in_(list(ids)))
        .group_by(claims.c.document_id)
    )
    return {r[0]: int(r[1]) for r in conn.execute(q)}


def _summary(r: Any, n: int) -> DocumentSummary:
    return DocumentSummary(
        id=r["id"],
        url=r["url"],
        canonical_url=r["canonical_url"],
        outlet=r["outlet"],
        title=r["title"],
        author=r["author"],
        published=as_date(r["published"]),
        fetched_at=r["fetched_at"],
        language=r["language"],
        dup_group=r["dup_group"],
        claim_count=n,
    )


def list_role_checks(
    engine: Engine,
    *,
    limit: int | None = None,
    offset: int = 0,
    document_id: str | None = None,
    correct: bool | None = None,
    person: str | None = None,
) -> tuple[list[RoleCheckRow], int]:
    """Role checks (by document, then position), filtered, with the total matching."""

    def where(q: Select[Any]) -> Select[Any]:
        if document_id:
            q = q.where(role_checks.c.document_id == document_id)
        if correct is not None:
            q = q.where(role_checks.c.correct == correct)
        if person:
            q = q.where(
                func.lower(role_checks.c.person).like(f"%{escape_like(person.lower())}%", escape="\\")
            )
        return q

    q = where(select(role_checks)).order_by(role_checks.c.document_id, role_checks.c.start, role_checks.c.id)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        total = int(conn.execute(where(select(func.count()).select_from(role_checks))).scalar_one())
    return [_role_row(r) for r in rows], total


def get_role_check(engine: Engine, role_check_id: str) -> RoleCheckRow | None:
    """One role check by id, or None."""
    with engine.connect() as conn:
        r = conn.execute(select(role_checks).where(role_checks.c.id == role_check_id)).mappings().first()
    return _role_row(r) if r is not None else None


def _role_row(r: Any) -> RoleCheckRow:
    return RoleCheckRow(
        id=r["id"],
        document_id=r["document_id"],
        person=r["person"],
        stated_role=r["stated_role"],
        correct=bool(r["correct"]),
        actual_role=r["actual_role"],
        start=int(r["start"]),
        end=int(r["end"]),
        official_id=r["official_id"],
    )


def data_version(engine: Engine) -> tuple[int, str | None]:
    """A cheap token that changes when claims are added or removed (count, greatest id)."""
    with engine.connect() as conn:
        n, top = conn.execute(select(func.count(), func.max(claims.c.id)).select_from(claims)).one()
    return int(n), top


def get_claim(store: Store, claim_id: str) -> ClaimRow | None:
    """One claim by id (with sources and items), or None."""
    with store.engine.connect() as conn:
        doc_id = conn.execute(select(claims.c.document_id).where(claims.c.id == claim_id)).scalar()
    if doc_id is None:
        return None
    return next((r for r in store.query_claims(ClaimFilter(document_id=doc_id)) if r.id == claim_id), None)


def find_document_id(engine: Engine, *, canonical_url: str | None, content_hash: str) -> str | None:
    """The id of the stored document with this canonical URL or content hash, or None."""
    cond = documents.c.content_hash == content_hash
    if canonical_url:
        cond = or_(cond, documents.c.canonical_url == canonical_url)
    with engine.connect() as conn:
        found = conn.execute(select(documents.c.id).where(cond).limit(1)).scalar()
    return str(found) if found is not None else None


def story_ids_of_document(engine: Engine, document_id: str) -> list[str]:
    """Ids of every story that one of the document's claims belongs to."""
    from armswatch.store.stories_schema import story_claims

    q = (
        select(story_claims.c.story_id)
        .where(story_claims.c.document_id == document_id)
        .group_by(story_claims.c.story_id)
        .order_by(story_claims.c.story_id)
    )
    with engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(q)]


def count_stories(engine: Engine, flt: StoryFilter) -> int:
    """How many stories match ``flt`` (limit and offset ignored)."""
    from armswatch.store import stories_repo

    if flt.category:  # categories live in the stored facts: count what list_stories keeps
        return len(stories_repo.list_stories(engine, replace(flt, limit=None, offset=0)))
    inner = stories_repo.story_select(replace(flt, limit=None, offset=0)).order_by(None).subquery()
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def page_claims(store: Store, flt: ClaimFilter) -> list[ClaimRow]:
    """One page of claims matching ``flt`` in the order of :meth:`Store.query_claims` (newest first, then id).

    Without a text filter, the page's ids are found on the claims table alone with the index-friendly
    filters of :func:`_pair_filter` (a category filter then costs a short ordered index walk, not a
    sort of every matching claim), and only those rows are then read in full. With a text filter
    this is :meth:`Store.query_claims` itself.
    """
    if flt.text:
        return store.query_claims(flt)
    q = _pair_filter(select(claims.c.id), flt).order_by(claims.c.published.desc().nulls_last(), claims.c.id)
    if flt.limit is not None:
        q = q.limit(flt.limit)
    if flt.offset:
        q = q.offset(flt.offset)
    with store.engine.connect() as conn:
        ids = [str(r[0]) for r in conn.execute(q)]
        if not ids:
            return []
        rows = {
            r["id"]: r
            for r in conn.execute(
                select(claims, documents.c.url, documents.c.title)
                .join(documents, documents.c.id == claims.c.document_id)
                .where(claims.c.id.in_(ids))
            ).mappings()
        }
        sources, items = claim_parts(conn, ids)
    return [claim_row(rows[i], tuple(sources[i]), tuple(items[i])) for i in ids if i in rows]
