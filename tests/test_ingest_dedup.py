"""Canonical URLs, text hashes and the MinHash LSH near-duplicate index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.ingest.canonical import canonical_url, content_hash
from armswatch.ingest.dedup import NearDupIndex, Signature

SET = Path(__file__).parent / "data" / "ingest" / "neardup" / "reports.jsonl"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://WWW.Example.COM/a/b/", "https://example.com/a/b"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?b=2&a=1#section", "https://example.com/a?a=1&b=2"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a?fbclid=abc&gclid=z", "https://example.com/a"),
    ],
)
def test_canonical_url_equal(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


def test_canonical_url_keeps_what_matters() -> None:
    assert canonical_url("https://example.com/a?id=3") != canonical_url("https://example.com/a?id=4")
    assert canonical_url("https://example.com:8443/a") == "https://example.com:8443/a"
    assert canonical_url("ftp://example.com/a") is None
    assert canonical_url("not a url") is None
    assert canonical_url(None) is None


def test_content_hash_ignores_case_spacing_punctuation() -> None:
    assert content_hash("North Korea sent shells.\n\n") == content_hash("north  korea sent SHELLS")
    assert content_hash("North Korea sent shells.") != content_hash("North Korea sent rockets.")


def _reports() -> list[dict[str, str]]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]


def test_edited_copy_joins_group_and_other_event_does_not() -> None:
    reports = _reports()
    idx = NearDupIndex()
    orig = reports[0]
    sig = idx.signature(orig["title"] + "\n\n" + orig["text"])
    assert idx.query(sig) is None
    idx.add(orig["id"], sig)
    for r in reports[1:]:
        s = idx.signature(r["title"] + "\n\n" + r["text"])
        assert idx.query(s) is None, f"{r['id']} wrongly matched {orig['id']}"  # same topic, other event
    paras = orig["text"].split("\n\n")
    copy = "Exclusive: " + orig["title"].upper() + "\n\n" + "\n\n".join([paras[0], paras[2], paras[1]])
    copy += "\n\nSign up for our newsletter to receive the top stories every morning."
    m = idx.query(idx.signature(copy))
    assert m is not None and m.group == orig["id"] and m.containment > 0.6
    trimmed = "\n\n".join(paras[:2])
    m2 = idx.query(idx.signature(trimmed))
    assert m2 is not None and m2.group == orig["id"]


def test_signature_roundtrip_and_group_chain() -> None:
    idx = NearDupIndex()
    text = _reports()[5]["text"]
    sig = idx.signature(text)
    again = Signature.from_bytes(sig.to_bytes(), sig.shingles)
    assert (again.hashvalues == sig.hashvalues).all()
    idx.add("first", sig)
    idx.add("second", idx.signature(text + " Extra closing line for the copy."), "first")
    m = idx.query(idx.signature("Breaking. " + text))
    assert m is not None and m.group == "first"


def test_short_texts_are_never_near_duplicates() -> None:
    idx = NearDupIndex()
    idx.add("a", idx.signature("Rain today."))
    assert idx.query(idx.signature("Rain today.")) is None
