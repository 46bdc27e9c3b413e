"""Batch inputs, partitioning, tables and manifest: fast tests, no spaCy model needed."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from armswatch.batch.manifest import Manifest, PartitionEntry, append_journal, read_journal
from armswatch.batch.partitions import expand_inputs, plan
from armswatch.batch.readers import SkipLog, read_partition
from armswatch.batch.tables import TABLES, TableBuilder, iter_partition_results, partition_complete
from armswatch.errors import BatchError
from armswatch.records import Document, ExtractionResult, Item, Quantity, RoleClaim, TransferClaim
from armswatch.settings import Settings
from batch_fixtures import page, write_warc

SETTINGS = Settings()

# Short reports written for these tests.
TEXTS = [
    f"Report {i}: the harbour authority of a coastal town counted {i * 3} fishing boats leaving at dawn, "
    f"and the weather office expected calm seas for the {i}th day running."
    for i in range(23)
]


def _records() -> list[dict[str, object]]:
    return [
        {"id": f"r{i:02d}", "text": t, "published": f"2024-03-{(i % 28) + 1:02d}", "outlet": "Harbour Herald"}
        for i, t in enumerate(TEXTS)
    ]


def _write_jsonl(path: Path, bad_lines: bool = True) -> None:
    lines = [json.dumps(r) for r in _records()]
    if bad_lines:
        lines.insert(7, "")  # blank: ignored
        lines.insert(12, "{not json")  # malformed: skipped with its line number
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read_all(parts: list, settings: Settings = SETTINGS) -> tuple[list[Document], SkipLog]:
    skips = SkipLog()
    docs = [d for p in parts for d in read_partition(p, skips, settings)]
    return docs, skips


def test_jsonl_partitions_cover_every_line_once(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    _write_jsonl(src)
    parts = plan(expand_inputs([src]), 5)
    assert [p.count for p in parts] == [5, 5, 5, 5, 5]  # 25 lines: 23 records, a blank and a bad one
    assert [p.id for p in parts] == [f"f00000-p{k:06d}" for k in range(5)]
    assert all(p.offset >= 0 for p in parts)
    docs, skips = _read_all(parts)
    assert [d.id for d in docs] == [f"r{i:02d}" for i in range(23)]
    assert docs[3].published == date(2024, 3, 4)
    assert docs[3].outlet == "Harbour Herald"
    assert skips.count == 1
    assert ":13:" in skips.reasons[0] and "E107" in skips.reasons[0]


def test_gz_and_parquet_give_the_same_documents_as_jsonl(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    _write_jsonl(plain, bad_lines=False)
    gz = tmp_path / "b.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    pqf = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(_records()), pqf, row_group_size=4)
    want, _ = _read_all(plan(expand_inputs([plain]), 6))
    for path in (gz, pqf):
        parts = plan(expand_inputs([path]), 6)
        assert [p.count for p in parts] == [6, 6, 6, 5]
        got, skips = _read_all(parts)
        assert skips.count == 0
        assert [(d.id, d.text, d.published, d.outlet) for d in got] == [
            (d.id, d.text, d.published, d.outlet) for d in want
        ]


def test_warc_partitions_seek_to_their_records(tmp_path: Path) -> None:
    pages = [
        (
            f"https://news.example.org/2024/story-{k}",
            page(
                f"Ferry timetable change {k}",
                f"The ferry operator said route {k} would run twice a day from May, citing demand "
                f"from commuters and tourists alike on the island crossing number {k}.",
            ),
        )
        for k in range(5)
    ]
    pages.insert(2, ("https://news.example.org/logo.png", "PNGDATA"))
    pages.insert(4, ("https://news.example.org/missing", "<html>gone</html>"))
    src = tmp_path / "crawl.warc.gz"
    write_warc(src, pages)
    parts = plan(expand_inputs([src]), 3)
    assert [p.count for p in parts] == [3, 3, 1]  # 7 response records; requests and metadata not counted
    assert parts[1].offset > parts[0].offset > -1
    docs, skips = _read_all(parts)
    assert [d.url for d in docs] == [f"https://news.example.org/2024/story-{k}" for k in range(5)]
    assert "route 3" in docs[3].text
    assert docs[0].outlet
    assert skips.count == 0  # the image and the 404 are passed over, not errors


def test_expand_inputs_globs_directories_and_errors(tmp_path: Path) -> None:
    for name in ("b.jsonl", "a.jsonl", "notes.txt"):
        (tmp_path / name).write_text('{"text": "x"}\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.jsonl").write_text('{"text": "y"}\n')
    by_glob = [Path(f.path).name for f in expand_inputs([str(tmp_path / "*.jsonl")])]
    assert by_glob == ["a.jsonl", "b.jsonl"]
    by_dir = [Path(f.path).name for f in expand_inputs([tmp_path])]
    assert by_dir == ["a.jsonl", "b.jsonl", "c.jsonl"]  # .txt ignored inside a directory
    with pytest.raises(BatchError) as e1:
        expand_inputs([tmp_path / "nope.jsonl"])
    assert e1.value.code == "E801"
    with pytest.raises(BatchError) as e2:
        expand_inputs([tmp_path / "notes.txt"])
    assert e2.value.code == "E802" and "notes.txt" in str(e2.value)


def test_parquet_without_text_column_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"body": ["a"]}), bad)
    with pytest.raises(BatchError) as e:
        plan(expand_inputs([bad]), 10)
    assert e.value.code == "E808" and "body" in str(e.value)


def _result(doc_id: str, with_claim: bool) -> ExtractionResult:
    doc = Document(
        id=doc_id, text=f"Text of {doc_id}.", published=date(2024, 1, 2), url=f"https://x.org/{doc_id}"
    )
    if not with_claim:
        return ExtractionResult(document=doc)
    claim = TransferClaim(
        supplier="PRK",
        recipient="RUS",
        categories=("ammunition",),
        systems=(),
        calibers_mm=(122, 152),
        quantity=Quantity("a million", 1_000_000.0, "round"),
        status="reported",
        sources=("CBS News", "U.S. officials"),
        denied_by=(),
        evidence="shells were shipped",
        evidence_start=3,
        evidence_end=22,
        confidence=0.8123,
        items=(Item("artillery shells", "ammunition", 152, Quantity("a million", 1e6, "round")),),
    )
    role = RoleClaim("Ann Example", "defence minister", False, "foreign minister", 0, 11, "off-1")
    return ExtractionResult(document=doc, transfers=(claim,), role_claims=(role,))


def test_tables_round_trip_and_text_modes(tmp_path: Path) -> None:
    results = [_result("d1", False), _result("d2", True)]
    b = TableBuilder(partition="f00000-p000000", text_mode="relevant")
    for r in results:
        b.add(r)
    b.write(tmp_path)
    assert partition_complete(tmp_path, "f00000-p000000")
    assert b.counts() == {"documents": 2, "claims": 1, "items": 1, "sources": 2, "role_checks": 1}
    back = list(iter_partition_results(tmp_path, "f00000-p000000"))
    assert back[1].to_schema() == results[1].to_schema()
    assert back[1].document.text == "Text of d2."
    assert back[0].document.text == ""  # no claims: text not kept in 'relevant' mode
    assert not list(tmp_path.rglob("*.tmp"))
    assert {p.parent.name for p in tmp_path.rglob("*.parquet")} == set(TABLES)


def test_journal_ignores_a_torn_line(tmp_path: Path) -> None:
    e1 = PartitionEntry(id="p1", path="a", format="jsonl", start=0, count=5, status="done", documents=5)
    append_journal(tmp_path, e1)
    with open(tmp_path / "journal.jsonl", "a") as f:
        f.write('{"id": "p2", "path": "a", "form')  # a write cut short by SIGKILL
    assert [e.id for e in read_journal(tmp_path)] == ["p1"]


def test_manifest_missing_or_corrupt(tmp_path: Path) -> None:
    with pytest.raises(BatchError) as e1:
        Manifest.load(tmp_path)
    assert e1.value.code == "E807"
    (tmp_path / "manifest.json").write_text("{oops")
    with pytest.raises(BatchError) as e2:
        Manifest.load(tmp_path)
    assert e2.value.code == "E804"
