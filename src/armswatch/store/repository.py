"""The :class:`Store`: the repository every other stage uses to read and write the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Select, func, insert, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from armswatch.errors import StoreError
from armswatch.records import Document, ExtractionResult, Item, Quantity, stable_id
from armswatch.store import migrate
from armswatch.store.engine import make_engine, redact, write_transaction
from armswatch.store.rows import (
    ClaimFilter,
    ClaimRow,
    DocMeta,
    DocumentRow,
    SaveStats,
    StoreCounts,
    StoredSignature,
)
from armswatch.store.schema import (
    claim_categories,
    claim_items,
    claim_sources,
    claims,
    document_minhash,
    documents,
    role_checks,
)

_IN_CHUNK = 500  # bound the size of IN (...) lists


def claim_id(document_id: str, supplier: str, recipient: str) -> str:
    """Deterministic claim id: one claim per (document, supplier, recipient)."""
    return "clm-" + stable_id(document_id, supplier, recipient)


def _chunks(values: Sequence[str], n: int = _IN_CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), n):
        yield values[i : i + n]


class Store:
    """A database of documents and claims. Open with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Store:
        """Connect to ``url``; a fresh database (no tables yet) is migrated to the newest revision.

        A database that already has tables but is behind the shipped revisions raises E402
        unless ``upgrade`` is true, in which case it is upgraded too.
        """
        engine = make_engine(url)
        try:
            current = migrate.current_revisions(engine)
            heads = migrate.head_revisions(engine)
            if set(current) != set(heads):
                if current and not upgrade:
                    raise StoreError("E402", url=redact(url))
                migrate.upgrade(engine)
        except OperationalError as exc:
            engine.dispose()
            raise StoreError("E401", url=redact(url), reason=_reason(exc)) from exc
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError("E401", url=redact(url), reason=_reason(exc)) from exc
        return cls(engine, url)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def known_documents(self, ids: Iterable[str], urls: Iterable[str], hashes: Iterable[str]) -> set[str]:
        """Which of the given document ids, canonical URLs and content hashes are already stored."""
        ids_l, urls_l, hashes_l = (
            list(dict.fromkeys(ids)),
            list(dict.fromkeys(urls)),
            list(dict.fromkeys(hashes)),
        )
        found: set[str] = set()
        with self.engine.connect() as conn:
            for col, values in (
                (documents.c.id, ids_l),
                (documents.c.canonical_url, urls_l),
                (documents.c.content_hash, hashes_l),
            ):
                for chunk in _chunks(values):
                    found.update(r[0] for r in conn.execute(select(col).where(col.in_(chunk))))
        return found

    def save_results(
        self,
        batch: Sequence[tuple[Document, ExtractionResult | None]],
        *,
        meta: Mapping[str, DocMeta] | None = None,
        fetched_at: datetime | None = None,
    ) -> SaveStats:
        """Store documents and what extraction found in them, all in ONE transaction.

        Idempotent: a document whose id, canonical URL or content hash is already stored (or
        appears earlier in the batch) is skipped and counted as a duplicate, with its claims.
        ``meta`` (by document id) carries de-duplication results; without it the canonical URL
        and content hash are computed here and no near-duplicate group is set.
        """
        from armswatch.ingest.canonical import canonical_url, content_hash

        meta = dict(meta or {})
        for doc, _ in batch:
            if doc.id not in meta:
                meta[doc.id] = DocMeta(
                    canonical_url=canonical_url(doc.url), content_hash=content_hash(doc.text)
                )
        now = fetched_at or datetime.now(UTC)
        for attempt in (1, 2):
            try:
                rows, duplicates = self._save(batch, meta, now)
                break
            except IntegrityError as exc:
                # another writer committed one of these documents meanwhile: the retry's pre-check
                # sees it and skips it; a second failure is a real constraint violation
                if attempt == 2:
                    raise StoreError("E403", url=redact(self.url), reason=_reason(exc)) from exc
            except OperationalError as exc:
                raise StoreError("E403", url=redact(self.url), reason=_reason(exc)) from exc
        return SaveStats(
            documents=len(rows.documents),
            duplicates=duplicates,
            claims=len(rows.claims),
            role_checks=len(rows.roles),
            saved_ids=tuple(r["id"] for r in rows.documents),
        )

    def _save(
        self,
        batch: Sequence[tuple[Document, ExtractionResult | None]],
        meta: Mapping[str, DocMeta],
        now: datetime,
    ) -> tuple[_Rows, int]:
        with write_transaction(self.engine) as conn:
            known: set[str] = set()
            ids = [d.id for d, _ in batch]
            urls = [m.canonical_url for m in meta.values() if m.canonical_url]
            hashes = [m.content_hash for m in meta.values()]
            for col, values in (
                (documents.c.id, ids),
                (documents.c.canonical_url, urls),
                (documents.c.content_hash, hashes),
            ):
                for chunk in _chunks(list(dict.fromkeys(values))):
                    known.update(r[0] for r in conn.execute(select(col).where(col.in_(chunk))))
            rows = _Rows()
            duplicates = 0
            for doc, result in batch:
                m = meta[doc.id]
                keys = [doc.id, m.content_hash] + ([m.canonical_url] if m.canonical_url else [])
                if any(k in known for k in keys):
                    duplicates += 1
                    continue
                known.update(keys)
                rows.add(doc, result, m, now)
            rows.write(conn)
        return rows, duplicates

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> StoreCounts:
        """Row counts of documents, claims, items, sources and role checks."""
        with self.engine.connect() as conn:

            def n(table: Any, *where: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

            return StoreCounts(
                documents=n(documents),
                claims=n(claims),
                claim_items=n(claim_items),
                claim_sources=n(claim_sources),
                role_checks=n(role_checks),
                near_duplicates=n(documents, documents.c.dup_group.is_not(None)),
            )

    def get_document(self, document_id: str) -> DocumentRow | None:
        """The stored document with this id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        return _document_row(row) if row else None

    def iter_documents(self, *, batch_size: int = 500) -> Iterator[DocumentRow]:
        """Every stored document in id order, read in pages (constant memory)."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                page = (
                    conn.execute(
                        select(documents)
                        .where(documents.c.id > last)
                        .order_by(documents.c.id)
                        .limit(batch_size)
                    )
                    .mappings()
                    .all()
                )
            if not page:
                return
            for row in page:
                yield _document_row(row)
            last = page[-1]["id"]

    def iter_signatures(self) -> Iterator[StoredSignature]:
        """Every stored MinHash signature, in insertion-independent (id) order."""
        q = (
            select(
                document_minhash.c.document_id,
                documents.c.dup_group,
                document_minhash.c.signature,
                document_minhash.c.num_perm,
                document_minhash.c.shingles,
            )
            .join(documents, documents.c.id == document_minhash.c.document_id)
            .order_by(document_minhash.c.document_id)
        )
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                yield StoredSignature(r[0], r[1], bytes(r[2]), int(r[3]), int(r[4]))

    def query_claims(self, flt: ClaimFilter | None = None) -> list[ClaimRow]:
        """Claims matching ``flt``, newest first (then by id), with sources and items."""
        flt = flt or ClaimFilter()
        q = claim_select(flt)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
            ids = [r["id"] for r in rows]
            sources, items = claim_parts(conn, ids)
        return [claim_row(r, tuple(sources[r["id"]]), tuple(items[r["id"]])) for r in rows]

    def iter_claims(self, flt: ClaimFilter | None = None, *, page: int = 1000) -> Iterator[ClaimRow]:
        """All claims matching ``flt`` (ignoring its limit/offset), read page by page."""
        flt = flt or ClaimFilter()
        offset = 0
        while True:
            rows = self.query_claims(_replace(flt, limit=page, offset=offset))
            yield from rows
            if len(rows) < page:
                return
            offset += page


# -- helpers --------------------------------------------------------------------------------
def _replace(flt: ClaimFilter, **changes: Any) -> ClaimFilter:
    from dataclasses import replace

    return replace(flt, **changes)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def claim_select(flt: ClaimFilter) -> Select[Any]:
    """The select of claims (with their document's url and title) matching ``flt``, newest first.

    Used by :meth:`Store.query_claims` and by :mod:`armswatch.store.api_queries` for totals."""
    q = select(claims, documents.c.url, documents.c.title).join(
        documents, documents.c.id == claims.c.document_id
    )
    if flt.supplier:
        q = q.where(func.lower(claims.c.supplier) == flt.supplier.lower())
    if flt.recipient:
        q = q.where(func.lower(claims.c.recipient) == flt.recipient.lower())
    if flt.status:
        q = q.where(claims.c.status == flt.status.lower())
    if flt.category:
        q = q.where(
            claims.c.id.in_(
                select(claim_categories.c.claim_id).where(claim_categories.c.category == flt.category.lower())
            )
        )
    if flt.since:
        q = q.where(claims.c.published >= flt.since)
    if flt.until:
        q = q.where(claims.c.published <= flt.until)
    if flt.document_id:
        q = q.where(claims.c.document_id == flt.document_id)
    if flt.text:
        needle = f"%{escape_like(flt.text.lower())}%"
        q = q.where(
            or_(
                func.lower(claims.c.evidence).like(needle, escape="\\"),
                func.lower(claim_text_systems()).like(needle, escape="\\"),
                func.lower(documents.c.title).like(needle, escape="\\"),
            )
        )
    q = q.order_by(claims.c.published.desc().nulls_last(), claims.c.id)
    if flt.limit is not None:
        q = q.limit(flt.limit)
    if flt.offset:
        q = q.offset(flt.offset)
    return q


def claim_text_systems() -> Any:
    """The systems JSON column as text (for substring search)."""
    from sqlalchemy import String, cast

    return cast(claims.c.systems, String)


def escape_like(s: str) -> str:
    """``s`` with LIKE wildcards escaped (``\\`` is the escape character: pass ``escape="\\"``)."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def as_date(v: Any) -> date | None:
    """A date column value as a :class:`date` (SQLite may return ISO text), or None."""
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def claim_parts(conn: Any, ids: Sequence[str]) -> tuple[dict[str, list[str]], dict[str, list[Item]]]:
    """The ordered sources and the items of the claims ``ids`` (queried in chunks), keyed by claim id."""
    sources: dict[str, list[str]] = defaultdict(list)
    items: dict[str, list[Item]] = defaultdict(list)
    for chunk in _chunks(list(ids)):
        for s in conn.execute(
            select(claim_sources.c.claim_id, claim_sources.c.name)
            .where(claim_sources.c.claim_id.in_(chunk))
            .order_by(claim_sources.c.claim_id, claim_sources.c.position)
        ):
            sources[s[0]].append(s[1])
        for it in (
            conn.execute(
                select(claim_items)
                .where(claim_items.c.claim_id.in_(chunk))
                .order_by(claim_items.c.claim_id, claim_items.c.position)
            )
            .mappings()
            .all()
        ):
            qty = (
                Quantity(it["quantity_text"], it["quantity_value"], it["quantity_unit"])
                if it["quantity_text"]
                else None
            )
            items[it["claim_id"]].append(
                Item(it["system"], it["category"], it["caliber_mm"], qty, it["system_id"])
            )
    return sources, items


def claim_row(r: Any, sources: tuple[str, ...], items: tuple[Item, ...]) -> ClaimRow:
    """A :class:`ClaimRow` from a row of :func:`claim_select` plus the claim's sources and items."""
    return ClaimRow(
        id=r["id"],
        document_id=r["document_id"],
        supplier=r["supplier"],
        recipient=r["recipient"],
        categories=tuple(r["categories"] or ()),
        systems=tuple(r["systems"] or ()),
        calibers_mm=tuple(int(c) for c in (r["calibers_mm"] or ())),
        quantity_text=r["quantity_text"],
        quantity_value=r["quantity_value"],
        quantity_unit=r["quantity_unit"],
        status=r["status"],
        sources=sources,
        denied_by=tuple(r["denied_by"] or ()),
        evidence=r["evidence"],
        evidence_start=r["evidence_start"],
        evidence_end=r["evidence_end"],
        confidence=float(r["confidence"]),
        published=as_date(r["published"]),
        outlet=r["outlet"],
        dup_group=r["dup_group"],
        url=r["url"],
        title=r["title"],
        items=items,
    )


def _document_row(r: Any) -> DocumentRow:
    fetched = r["fetched_at"]
    if isinstance(fetched, datetime) and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return DocumentRow(
        id=r["id"],
        text=r["text"],
        url=r["url"],
        canonical_url=r["canonical_url"],
        outlet=r["outlet"],
        title=r["title"],
        author=r["author"],
        published=as_date(r["published"]),
        fetched_at=fetched,
        language=r["language"],
        content_hash=r["content_hash"],
        dup_group=r["dup_group"],
        source=r["source"],
        extra=dict(r["extra"] or {}),
    )


def _jsonable(extra: Mapping[str, Any]) -> dict[str, Any]:
    import json

    try:
        json.dumps(extra)
        return dict(extra)
    except (TypeError, ValueError):
        return json.loads(json.dumps(extra, default=str))


class _Rows:
    """Rows of one batch, grouped per table, written with one executemany per table."""

    def __init__(self) -> None:
        self.documents: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.categories: list[dict[str, Any]] = []
        self.items: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.roles: list[dict[str, Any]] = []
        self.minhash: list[dict[str, Any]] = []

    def add(self, doc: Document, result: ExtractionResult | None, m: DocMeta, now: datetime) -> None:
        self.documents.append(
            {
                "id": doc.id,
                "url": doc.url,
                "canonical_url": m.canonical_url,
                "outlet": doc.outlet,
                "title": doc.title,
                "author": doc.author,
                "published": doc.published,
                "fetched_at": now,
                "language": doc.language,
                "text": doc.text,
                "content_hash": m.content_hash,
                "dup_group": m.dup_group,
                "source": doc.source,
                "extra": _jsonable(doc.extra) if doc.extra else None,
            }
        )
        if m.signature is not None:
            self.minhash.append(
                {
                    "document_id": doc.id,
                    "num_perm": m.num_perm,
                    "shingles": m.shingles,
                    "signature": m.signature,
                }
            )
        if result is None:
            return
        seen_pairs: set[str] = set()
        for t in result.transfers:
            cid = claim_id(doc.id, t.supplier, t.recipient)
            if cid in seen_pairs:  # extraction promises one claim per pair; keep the first if not
                continue
            seen_pairs.add(cid)
            self.claims.append(
                {
                    "id": cid,
                    "document_id": doc.id,
                    **t.columns(),
                    "published": doc.published,
                    "outlet": doc.outlet,
                    "dup_group": m.dup_group,
                }
            )
            self.categories.extend({"claim_id": cid, "category": c} for c in dict.fromkeys(t.categories))
            self.sources.extend({"claim_id": cid, "position": i, "name": s} for i, s in enumerate(t.sources))
            for i, it in enumerate(t.items):
                self.items.append(
                    {
                        "id": stable_id(cid, "item", i),
                        "claim_id": cid,
                        "position": i,
                        **it.columns(),
                    }
                )
        for r in result.role_claims:
            self.roles.append(
                {
                    "id": "rol-" + stable_id(doc.id, r.person, r.start, r.end),
                    "document_id": doc.id,
                    **r.columns(),
                }
            )

    def write(self, conn: Any) -> None:
        for table, rows in (
            (documents, self.documents),
            (document_minhash, self.minhash),
            (claims, self.claims),
            (claim_categories, self.categories),
            (claim_sources, self.sources),
            (claim_items, self.items),
            (role_checks, self.roles),
        ):
            if rows:
                conn.execute(insert(table), rows)
