"""Store: migrations, writes, reads, idempotency, one transaction per batch — on SQLite and PostgreSQL."""

# ruff: noqa: F811  (pytest fixtures imported from tests/*_fixtures.py are redefined as arguments)

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import inspect

from armswatch.errors import StoreError
from armswatch.records import Document, ExtractionResult, Item, Quantity, RoleClaim, TransferClaim
from armswatch.store import ClaimFilter, DocMeta, Store, claim_id, migrate
from armswatch.store.engine import make_engine
from store_fixtures import db_url, fresh_db_url, pg_session_url, store  # noqa: F401


def transfer(
    sup: str, rec: str, status: str = "reported", cats: tuple[str, ...] = ("ammunition",), **kw
) -> TransferClaim:
    base = dict(
        supplier=sup,
        recipient=rec,
        categories=cats,
        systems=("152 mm artillery shell", "KN-23"),
        calibers_mm=(152,),
        quantity=Quantity("3 million shells", 3e6, "shell"),
        status=status,
        sources=("military intelligence", "Yonhap"),
        denied_by=(),
        evidence=f"{sup} sent shells to {rec}.",
        evidence_start=0,
        evidence_end=20,
        confidence=0.9,
        items=(
            Item("152 mm artillery shell", "ammunition", 152, Quantity("3 million", 3e6, None)),
            Item("KN-23", "missile"),
        ),
    )
    base.update(kw)
    return TransferClaim(**base)  # type: ignore[arg-type]


def doc(i: int, text: str | None = None, **kw) -> Document:
    return Document(id=f"d{i}", text=text or f"Report number {i} about shipments and other things {i}.", **kw)


def result(d: Document, *transfers: TransferClaim, roles: tuple[RoleClaim, ...] = ()) -> ExtractionResult:
    return ExtractionResult(d, transfers, roles)


def test_fresh_database_is_migrated_to_head(fresh_db_url: str) -> None:
    s = Store.open(fresh_db_url)
    try:
        assert set(migrate.current_revisions(s.engine)) == set(migrate.head_revisions(s.engine))
        tables = set(inspect(s.engine).get_table_names())
        assert {
            "documents",
            "claims",
            "claim_items",
            "claim_sources",
            "role_checks",
            "claim_categories",
        } <= tables
    finally:
        s.close()


def test_downgrade_to_base_and_upgrade_again(fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert "documents" not in inspect(engine).get_table_names()
        migrate.upgrade(engine, "0001_base")
        assert migrate.current_revisions(engine) == ("0001_base",)
        assert "documents" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_open_refuses_an_old_schema_without_upgrade(fresh_db_url: str) -> None:
    engine = make_engine(fresh_db_url)
    migrate.upgrade(engine, "0001_base")
    engine.dispose()
    if migrate.head_revisions(make_engine(fresh_db_url)) == ("0001_base",):
        pytest.skip("no later revision shipped yet: nothing is behind")
    with pytest.raises(StoreError, match="E402"):
        Store.open(fresh_db_url, upgrade=False)


def test_bad_url_is_one_line_error() -> None:
    with pytest.raises(StoreError, match=r"E401.*unsupported backend"):
        Store.open("mysql://x@localhost/db")


def test_save_and_query_roundtrip(store: Store) -> None:
    d = doc(
        1,
        published=date(2024, 2, 27),
        url="https://News.example/a?utm_source=x",
        outlet="News",
        title="Shells",
    )
    role = RoleClaim("Kyrylo Budanov", "head of the GRU", False, "head of HUR", 10, 40, "budanov")
    stats = store.save_results([(d, result(d, transfer("PRK", "RUS"), roles=(role,)))])
    assert (stats.documents, stats.claims, stats.role_checks, stats.duplicates) == (1, 1, 1, 0)
    rows = store.query_claims(ClaimFilter(supplier="PRK", recipient="RUS"))
    assert len(rows) == 1
    r = rows[0]
    assert r.id == claim_id("d1", "PRK", "RUS")
    assert r.sources == ("military intelligence", "Yonhap")  # order kept
    assert r.categories == ("ammunition",)
    assert r.calibers_mm == (152,)
    assert r.quantity_value == 3e6 and r.quantity_text == "3 million shells"
    assert r.published == date(2024, 2, 27) and r.outlet == "News" and r.title == "Shells"
    assert [it.system for it in r.items] == ["152 mm artillery shell", "KN-23"]
    assert r.items[0].quantity is not None and r.items[0].quantity.value == 3e6
    stored = store.get_document("d1")
    assert stored is not None and stored.canonical_url == "https://news.example/a"
    assert store.get_document("nope") is None
    c = store.counts()
    assert (c.documents, c.claims, c.claim_items, c.claim_sources, c.role_checks) == (1, 1, 2, 2, 1)


def test_filters(store: Store) -> None:
    batch = []
    specs = [
        ("PRK", "RUS", "reported", ("ammunition",), date(2023, 9, 1)),
        ("IRN", "RUS", "confirmed", ("uav",), date(2023, 10, 12)),
        ("USA", "UKR", "planned", ("air_defence", "missile"), date(2024, 1, 5)),
        ("IRN", "hezbollah", "alleged", ("missile",), None),
    ]
    for i, (s, r, st, cats, pub) in enumerate(specs):
        d = doc(i, published=pub)
        batch.append((d, result(d, transfer(s, r, st, cats, systems=(f"sys-{s}",)))))
    store.save_results(batch)
    q = store.query_claims
    assert {c.supplier for c in q(ClaimFilter(recipient="rus"))} == {"PRK", "IRN"}
    assert [c.recipient for c in q(ClaimFilter(category="missile"))] == ["UKR", "hezbollah"]
    assert [c.supplier for c in q(ClaimFilter(status="planned"))] == ["USA"]
    assert [c.supplier for c in q(ClaimFilter(since=date(2023, 10, 1)))] == ["USA", "IRN"]
    assert [c.supplier for c in q(ClaimFilter(until=date(2023, 9, 30)))] == ["PRK"]
    assert [c.supplier for c in q(ClaimFilter(text="SYS-usa"))] == ["USA"]
    assert q(ClaimFilter(text="100%_")) == []
    all_rows = q(ClaimFilter())
    assert [c.published for c in all_rows][-1] is None  # undated last, newest first
    assert [c.id for c in q(ClaimFilter(limit=2, offset=1))] == [c.id for c in all_rows[1:3]]
    assert [c.id for c in store.iter_claims(ClaimFilter(), page=3)] == [c.id for c in all_rows]


def test_saving_twice_changes_nothing(store: Store) -> None:
    batch = [(d, result(d, transfer("PRK", "RUS"))) for d in (doc(1), doc(2))]
    store.save_results(batch)
    before = store.counts()
    stats = store.save_results(batch)
    assert stats.documents == 0 and stats.duplicates == 2
    assert store.counts() == before


def test_exact_duplicates_by_url_and_text(store: Store) -> None:
    a = doc(1, text="Same words, here.", url="https://www.example.com/story/")
    b = doc(
        2, text="Other words entirely.", url="http://example.com/story?utm_campaign=z"
    )  # same canonical? no: scheme
    c = doc(3, text="SAME   words here", url=None)  # same normalised text as a
    e = doc(4, text="Fresh text.", url="https://example.com/story#comments")  # same canonical URL as a
    stats = store.save_results([(a, None), (b, None), (c, None), (e, None)])
    assert stats.saved_ids == ("d1", "d2")
    assert stats.duplicates == 2


def test_batch_is_one_transaction(store: Store) -> None:
    good = doc(1)
    bad = doc(2)
    broken = transfer("PRK", "RUS", evidence=None)  # NOT NULL violation in the claims table
    with pytest.raises(StoreError, match="E403"):
        store.save_results([(good, result(good, transfer("PRK", "RUS"))), (bad, result(bad, broken))])
    assert store.counts().documents == 0
    assert store.get_document("d1") is None


def test_iter_documents_and_signatures(store: Store) -> None:
    batch = []
    meta = {}
    for i in range(7):
        d = doc(i)
        batch.append((d, None))
        meta[d.id] = DocMeta(
            None,
            f"h{i}",
            dup_group="d0" if i == 3 else None,
            signature=bytes([i]) * 8,
            num_perm=2,
            shingles=9,
        )
    store.save_results(batch, meta=meta)
    assert [d.id for d in store.iter_documents(batch_size=3)] == [f"d{i}" for i in range(7)]
    sigs = list(store.iter_signatures())
    assert len(sigs) == 7 and sigs[3].dup_group == "d0" and sigs[3].signature == bytes([3]) * 8
    assert store.counts().near_duplicates == 1


def test_reader_works_while_writer_commits(store: Store, db_url: str) -> None:
    errors: list[BaseException] = []
    seen: list[int] = []
    done = threading.Event()

    def reader() -> None:
        r = Store.open(db_url)
        try:
            while not done.is_set():
                seen.append(r.counts().documents)
                r.query_claims(ClaimFilter(supplier="PRK", limit=5))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            r.close()

    t = threading.Thread(target=reader)
    t.start()
    try:
        for b in range(15):
            batch = [(d, result(d, transfer("PRK", "RUS"))) for d in (doc(b * 20 + i) for i in range(20))]
            store.save_results(batch)
    finally:
        done.set()
        t.join(30)
    assert not errors, errors
    assert seen and seen == sorted(seen)  # a reader only ever sees whole batches, in order
    assert all(n % 20 == 0 for n in seen)
    assert store.counts().documents == 300
