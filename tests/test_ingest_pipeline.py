"""Ingest end to end into a real database (SQLite and PostgreSQL): files, directories, JSONL, feeds,
WARC, pages from a loopback HTTP server, hostile inputs, exact and near duplicates across runs."""

# ruff: noqa: F811  (pytest fixtures imported from tests/*_fixtures.py are redefined as arguments)

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from armswatch.ingest.pipeline import Ingestor
from armswatch.settings import Settings
from armswatch.store import ClaimFilter, Store
from ingest_fixtures import (  # noqa: F401
    BILLION_LAUGHS,
    PAGES,
    LoopbackServer,
    http_server,
    rss_feed,
    synthetic_docs,
    write_jsonl,
    write_warc,
)
from store_fixtures import db_url, pg_session_url, store  # noqa: F401


def settings(**kw: object) -> Settings:
    base: dict[str, object] = {
        "allow_private": True,
        "fetch_timeout": 2.0,
        "fetch_max_bytes": 1_000_000,
        "batch_size": 7,
    }
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


def corpus(tmp: Path, server: LoopbackServer) -> Path:
    d = tmp / "corpus"
    (d / "nested" / "deeper").mkdir(parents=True)
    (d / "a.txt").write_text(
        "Pyongyang delivered rockets to Moscow last spring, officials in Seoul said.\n", "utf-8"
    )
    (d / "nested" / "b.md").write_text(
        "# Orchard notes\n\nThe apple blossom came early this year in the hills.\n", "utf-8"
    )
    shutil.copy(PAGES / "shells.html", d / "nested" / "shells.html")
    shutil.copy(PAGES / "shells_syndicated.html", d / "nested" / "deeper" / "syndicated.html")
    write_jsonl(d / "docs.jsonl", synthetic_docs(12))
    (d / "feed.rss").write_bytes(rss_feed(server.base))
    write_warc(d / "crawl.warc.gz", [("https://warc.example/drones", (PAGES / "drones.html").read_bytes())])
    (d / ".hidden.txt").write_text("should be ignored", "utf-8")
    (d / "picture.png").write_bytes(b"\x89PNG")
    return d


def test_directory_ingest_then_reingest_adds_nothing(
    db_url: str, tmp_path: Path, http_server: LoopbackServer
) -> None:
    src = corpus(tmp_path, http_server)
    with Store.open(db_url) as st:
        s1 = Ingestor(st, settings()).run([str(src)])
        c = s1.counts
        assert s1.skipped_reasons == ()
        # txt + md + 2 html + 12 jsonl + 3 feed entries + 1 warc page; the feed's shells article equals the
        # on-disk copy (same canonical URL) and is an exact duplicate
        assert c.read == 20
        assert c.duplicate == 1
        assert c.new == 19
        assert c.near_duplicate == 1  # the syndicated copy
        counts = st.counts()
        assert counts.documents == 19 and counts.near_duplicates == 1
        shells = [d for d in st.iter_documents() if d.title and d.title.startswith("Seoul says")]
        assert (
            len(shells) == 1
            and shells[0].canonical_url == "https://harbourledger.example/world/seoul-shells-moscow"
        )
        synd = [d for d in st.iter_documents() if d.dup_group]
        assert synd[0].dup_group == shells[0].id and synd[0].outlet == "Valley Courier"
        fallback = [d for d in st.iter_documents() if d.extra.get("from_feed_summary")]
        assert (
            len(fallback) == 1
            and "S-400" in fallback[0].text
            and "E503" in fallback[0].extra["article_error"]
        )
        warc_doc = [
            d for d in st.iter_documents() if d.source and "crawl.warc.gz#https://warc.example" in d.source
        ]
        assert warc_doc and "Shahed-136" in warc_doc[0].text
        s2 = Ingestor(st, settings()).run([str(src)])
        assert s2.counts.new == 0 and s2.counts.duplicate == s2.counts.read == 20
        assert st.counts() == counts


def test_near_duplicate_group_spans_runs(db_url: str, tmp_path: Path) -> None:
    with Store.open(db_url) as st:
        Ingestor(st, settings()).run([str(PAGES / "shells.html")])
        first = next(iter(st.iter_documents()))
        s = Ingestor(st, settings()).run([str(PAGES / "shells_syndicated.html"), str(PAGES / "weather.html")])
        assert s.counts.new == 2 and s.counts.near_duplicate == 1
        groups = {d.title: d.dup_group for d in st.iter_documents()}
        assert sum(1 for g in groups.values() if g == first.id) == 1
        assert groups[first.title] is None


def test_pages_and_feeds_from_loopback_server(db_url: str, http_server: LoopbackServer) -> None:
    with Store.open(db_url) as st:
        s = Ingestor(st, settings()).run(
            [http_server.url("/feed.xml"), http_server.url("/atom.xml"), http_server.url("/redirect")]
        )
        assert s.skipped_reasons == ()
        # feed: 3 entries (one from its summary); atom: drones page; /redirect: drones again (duplicate)
        assert (s.counts.read, s.counts.new, s.counts.duplicate) == (5, 4, 1)
        titles = sorted(d.title or "" for d in st.iter_documents())
        assert "Tehran delivered attack drones to Russia, Kyiv says" in titles
        assert any(t.startswith("Belarus to receive") for t in titles)


HOSTILE = [
    ("/pages/missing.html", "E503"),
    ("/doc.pdf", "E506"),
    ("/image.png", "E506"),
    ("/bomb.xml", "E508"),
    ("/loop-a", "E505"),
    ("/chain/0", "E505"),
    ("/huge", "E504"),
    ("/huge-declared", "E504"),
    ("/slow", "E502"),
]


def test_hostile_inputs_each_give_one_line_and_run_goes_on(
    db_url: str, tmp_path: Path, http_server: LoopbackServer
) -> None:
    bad_warc = tmp_path / "broken.warc"
    bad_warc.write_bytes(b"this is not a WARC file at all\r\n\r\n" * 20)
    bomb_file = tmp_path / "bomb.xml"
    bomb_file.write_bytes(BILLION_LAUGHS)
    with Store.open(db_url) as st:
        Ingestor(st, settings()).run([str(PAGES / "drones.html")])
        before = st.counts()
        sources = [http_server.url(p) for p, _ in HOSTILE] + [
            "http://127.0.0.1:9/nothing-listens-here",
            str(bad_warc),
            str(bomb_file),
            str(tmp_path / "absent.txt"),
            "gopher://example.com/x",
            str(PAGES / "weather.html"),
        ]
        s = Ingestor(st, settings(fetch_timeout=1.0)).run(sources)
        reasons = s.skipped_reasons
        assert len(reasons) == len(sources) - 1
        assert all("\n" not in r for r in reasons)
        for (path, code), reason in zip(HOSTILE, reasons, strict=False):
            assert code in reason and path in reason, reason
        assert "E502" in reasons[len(HOSTILE)]
        assert "E509" in reasons[len(HOSTILE) + 1]
        assert "E508" in reasons[len(HOSTILE) + 2]
        assert "E111" in reasons[len(HOSTILE) + 3]
        assert "E512" in reasons[len(HOSTILE) + 4]
        assert s.counts.new == 1 and not s.all_failed
        assert len(s.failed_sources) == len(sources) - 1
        after = st.counts()
        assert after.documents == before.documents + 1
    assert http_server.huge_sent and max(http_server.huge_sent) < 50 * 1024 * 1024  # aborted early


def test_private_addresses_refused_unless_allowed(db_url: str, http_server: LoopbackServer) -> None:
    with Store.open(db_url) as st:
        s = Ingestor(st, settings(allow_private=False)).run([http_server.url("/pages/weather.html")])
        assert s.all_failed and s.counts.new == 0
        assert "E511" in s.skipped_reasons[0] and "--allow-private" in s.skipped_reasons[0]
        assert "127.0.0.1" in s.skipped_reasons[0]


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    from armswatch.ingest.pipeline import default_extractor

    return default_extractor(Settings())


def test_seed_claim_is_extracted_and_queryable(db_url: str, tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    seed = Path("/work/shared/seeds/000_abda95de5f612741.txt")
    src = seed if seed.exists() else None
    if src is None:
        pytest.skip("shared seed report not present on this machine")
    with Store.open(db_url) as st:
        s = Ingestor(st, Settings(), extractor).run([str(src), str(PAGES / "weather.html")])
        assert s.counts.new == 2 and s.counts.claims >= 1
        rows = st.query_claims(ClaimFilter(supplier="PRK", recipient="RUS"))
        assert len(rows) == 1 and "ammunition" in rows[0].categories
        assert rows[0].sources  # attribution kept, in order
        total = st.counts()
        s2 = Ingestor(st, Settings(), extractor).run([str(src)])
        assert s2.counts.duplicate == 1 and s2.counts.claims == 0
        assert st.counts() == total


def test_extraction_failure_skips_only_that_document(db_url: str, tmp_path: Path) -> None:
    from armswatch.records import Document, ExtractionResult

    def picky(docs):  # type: ignore[no-untyped-def]
        # a real extraction callable that refuses one document (as a crash in a component would)
        for d in docs:
            if "poison" in d.text:
                raise RuntimeError("component crashed")
            yield ExtractionResult(d)

    write_jsonl(
        tmp_path / "p.jsonl", [*synthetic_docs(4), {"id": "bad", "text": "a poison pill document text"}]
    )
    with Store.open(db_url) as st:
        s = Ingestor(st, settings(), picky).run([str(tmp_path / "p.jsonl")])
        assert s.counts.new == 4 and s.counts.skipped == 1
        assert "E514" in s.skipped_reasons[0] and "component crashed" in s.skipped_reasons[0]
        assert st.get_document("bad") is None
        assert isinstance(Document, type)


def test_concurrent_writers_store_each_document_once(db_url: str) -> None:
    import threading

    from armswatch.records import Document

    docs = [
        Document(id=f"c{i}", text=f"concurrent document number {i} with its own words {i * 7}")
        for i in range(60)
    ]
    errors: list[BaseException] = []

    def writer(part: list[Document]) -> None:
        try:
            with Store.open(db_url) as st:
                for i in range(0, len(part), 10):
                    st.save_results([(d, None) for d in part[i : i + 10]])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(docs[k:] + docs[:k],)) for k in (0, 30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with Store.open(db_url) as st:
        assert st.counts().documents == 60
