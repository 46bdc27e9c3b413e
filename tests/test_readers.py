"""Input reading: text, HTML, JSONL and stdin into Documents, and one-line failures for bad input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from armswatch.errors import InputError
from armswatch.ingest.html import html_to_document, outlet_from_url
from armswatch.ingest.readers import ReadFailure, read_jsonl_stream, read_path, read_paths
from armswatch.records import Document
from armswatch.settings import Settings

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Tanks reach the front | Valley Gazette</title>
<meta name="author" content="Ada Lovell">
<link rel="canonical" href="https://www.valleygazette.example.co.uk/world/tanks">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Tanks reach the front</h1>
<p>Portugal handed three Leopard 2A6 tanks to Ukraine in March, the ministry in Lisbon said
in a short statement on Friday afternoon.</p>
<p>The vehicles were refurbished at a depot near Santa Margarida before they left by rail
for the Polish border, officials added.</p>
</article>
<footer>Copyright Valley Gazette. Cookie settings. Contact us.</footer>
</body></html>"""


def _one(path: Path | str, settings: Settings | None = None) -> Document | ReadFailure:
    items = list(read_path(str(path), settings))
    assert len(items) == 1, items
    return items[0]


def test_text_file_id_is_stem_and_text_kept(tmp_path: Path) -> None:
    f = tmp_path / "report-7.txt"
    f.write_text("Canada sent rifles to Latvia.\n", encoding="utf-8")
    doc = _one(f)
    assert isinstance(doc, Document)
    assert doc.id == "report-7"
    assert doc.text == "Canada sent rifles to Latvia.\n"
    assert doc.source == str(f)


def test_markdown_and_bom(tmp_path: Path) -> None:
    f = tmp_path / "note.md"
    f.write_bytes("\ufeff# Title\n\nSweden gave boats.".encode())
    doc = _one(f)
    assert isinstance(doc, Document)
    assert doc.text.startswith("# Title")


@pytest.mark.parametrize(
    ("name", "content", "code", "fragment"),
    [
        ("bin.txt", b"abc\x00\x01\x02def", "E103", "binary"),
        ("latin.txt", "Caf\u00e9 news".encode("latin-1"), "E104", "byte 3"),
        ("empty.txt", b"", "E105", "empty"),
        ("blank.txt", b"  \n\n\t ", "E105", "empty"),
        ("paper.pdf", b"%PDF-1.4", "E109", "unsupported"),
    ],
)
def test_bad_files_give_one_line_failure(
    tmp_path: Path, name: str, content: bytes, code: str, fragment: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    failure = _one(f)
    assert isinstance(failure, ReadFailure)
    assert failure.code == code
    assert str(f) in failure.message
    assert fragment in failure.message
    assert "\n" not in failure.message


def test_missing_and_directory(tmp_path: Path) -> None:
    missing = _one(tmp_path / "nope.txt")
    assert isinstance(missing, ReadFailure) and missing.code == "E111"
    assert "does not exist" in missing.message
    directory = _one(tmp_path)
    assert isinstance(directory, ReadFailure) and directory.code == "E102"


def test_oversized_file_refused_from_its_size(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    with f.open("wb") as fh:  # sparse: 2 MB of NULs; a reader that read it would say "binary"
        fh.truncate(2_000_000)
    failure = _one(f, Settings(max_doc_bytes=1_000_000))
    assert isinstance(failure, ReadFailure)
    assert failure.code == "E106"
    assert "2000000 bytes" in failure.message


def test_default_limit_refuses_50_mb() -> None:
    assert 20_000_000 <= Settings().max_doc_bytes < 50 * 1024 * 1024


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "Spain sent shells.",
                "published": "2024-03-01",
                "url": "https://x.example/a",
            }
        ),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "a2", "title": "no text"}),
        json.dumps({"id": "a3", "text": "Italy sent guns.", "published": "last week"}),
        json.dumps({"id": 44, "text": "Chile sent boats.", "outlet": "Wire", "tags": ["navy"], "score": 3}),
    ]
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(str(f)))
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert [d.id for d in docs] == ["a1", "44"]
    assert docs[0].published == date(2024, 3, 1)
    assert docs[0].url == "https://x.example/a"
    assert docs[1].outlet == "Wire"
    assert docs[1].extra == {"tags": ["navy"], "score": 3}
    assert [(x.line, x.code) for x in fails] == [(2, "E107"), (4, "E107"), (5, "E108"), (6, "E107")]
    for x in fails:
        assert f"{f}:{x.line}:" in x.message
    assert "last week" in fails[-1].message


def test_jsonl_invalid_utf8_line_and_giant_line(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "Norway sent boats."}).encode()
    giant = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    f.write_bytes(b'{"id": "bad", "text": "caf\xe9"}\n' + giant + b"\n" + good + b"\n")
    items = list(read_path(str(f), Settings(max_doc_bytes=1000)))
    assert isinstance(items[0], ReadFailure) and items[0].line == 1 and "UTF-8" in items[0].message
    assert isinstance(items[1], ReadFailure) and items[1].line == 2 and "1000-byte limit" in items[1].message
    assert isinstance(items[2], Document) and items[2].id == "ok"


def test_jsonl_without_id_gets_stable_id() -> None:
    data = json.dumps({"text": "Peru bought radars.", "url": "https://n.example/1"}).encode() + b"\n"
    first = list(read_jsonl_stream(io.BufferedReader(io.BytesIO(data)), "s.jsonl", Settings()))
    second = list(read_jsonl_stream(io.BufferedReader(io.BytesIO(data)), "s.jsonl", Settings()))
    assert isinstance(first[0], Document)
    assert first[0].id == second[0].id == Document.make_id("Peru bought radars.", "https://n.example/1")


def test_binary_jsonl_is_one_failure(tmp_path: Path) -> None:
    f = tmp_path / "blob.jsonl"
    f.write_bytes(bytes(range(256)) * 10)
    items = list(read_path(str(f)))
    assert len(items) == 1
    assert isinstance(items[0], ReadFailure) and items[0].code == "E103"


def test_html_file_main_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    doc = _one(f)
    assert isinstance(doc, Document)
    assert "Portugal handed three Leopard 2A6 tanks to Ukraine" in doc.text
    assert "Cookie settings" not in doc.text and "Weather" not in doc.text
    assert doc.title == "Tanks reach the front"
    assert doc.author == "Ada Lovell"
    assert doc.url == "https://www.valleygazette.example.co.uk/world/tanks"
    assert doc.id == Document.make_id(doc.text, doc.url)
    assert doc.outlet  # site name or domain


def test_html_to_document_outlet_from_domain_and_date_fallback() -> None:
    html = (
        "<html><head><title>Ships sold</title></head><body><article><p>Published 12 March 2023.</p>"
        "<p>Japan agreed to sell two destroyers to the Philippines after long talks, officials in Tokyo and "
        "Manila confirmed on Sunday in a joint statement about the naval deal.</p></article></body></html>"
    )
    doc = html_to_document(html, url="https://news.example.co.jp/a/1", source="test")
    assert doc.outlet == "example.co.jp"
    assert doc.published == date(2023, 3, 12)
    assert doc.url == "https://news.example.co.jp/a/1"


def test_html_without_text_and_too_large() -> None:
    with pytest.raises(InputError) as err:
        html_to_document(
            "<html><head><script>var a = 1;</script></head><body></body></html>", source="e.html"
        )
    assert err.value.code == "E110"
    with pytest.raises(InputError) as err:
        html_to_document(
            b"<html>" + b"a" * 200 + b"</html>", source="x", settings=Settings(max_doc_bytes=100)
        )
    assert err.value.code == "E106"


def test_outlet_from_url_offline() -> None:
    assert outlet_from_url("https://www.bbc.co.uk/news/world") == "bbc.co.uk"
    assert outlet_from_url(None) is None


def test_read_paths_continues_after_failures(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Egypt bought jets.", encoding="utf-8")
    items = list(read_paths([str(tmp_path / "missing.txt"), str(good)]))
    assert isinstance(items[0], ReadFailure)
    assert isinstance(items[1], Document) and items[1].id == "good"


def test_html_bytes_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9 talks</title></head><body><article>'
        "<p>France\u2019s ministry said on Tuesday that it had delivered Caesar howitzers to Armenia after "
        "talks in Yerevan about the caf\xe9 owners\u2019 complaints and the wider security situation.</p>"
        "</article></body></html>"
    )
    f = tmp_path / "legacy.html"
    f.write_bytes(page.encode("cp1252"))
    doc = _one(f)
    assert isinstance(doc, Document)
    assert "France\u2019s ministry" in doc.text
    assert "caf\xe9 owners" in doc.text
