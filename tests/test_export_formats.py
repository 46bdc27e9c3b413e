"""Exports of stored claims: csv, json, jsonl, parquet, geojson, cameo, plover (SQLite and PostgreSQL)."""

# ruff: noqa: F811  (pytest fixtures imported from tests/*_fixtures.py are redefined as arguments)

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from armswatch.export import FORMATS, write_export
from armswatch.export.cameo import EVENT_CODES
from armswatch.records import Document, ExtractionResult, Quantity, TransferClaim
from armswatch.store import ClaimFilter, DocMeta, Store
from store_fixtures import db_url, pg_session_url, store  # noqa: F401


def _claim(sup: str, rec: str, status: str, cats: tuple[str, ...]) -> TransferClaim:
    return TransferClaim(
        supplier=sup,
        recipient=rec,
        categories=cats,
        systems=("KN-23",),
        calibers_mm=(),
        quantity=Quantity("dozens", None, None),
        status=status,  # type: ignore[arg-type]
        sources=("Kyiv\tofficials", "Reuters"),
        denied_by=("PRK",) if status == "denied" else (),
        evidence=f'Evidence for {sup} to {rec}, with a comma and a "quote".',
        evidence_start=0,
        evidence_end=10,
        confidence=0.8,
    )


@pytest.fixture
def filled(store: Store) -> Store:
    specs = [
        ("PRK", "RUS", "reported", ("missile",), date(2024, 1, 4), None),
        ("PRK", "RUS", "confirmed", ("ammunition", "missile"), date(2024, 2, 1), None),
        ("PRK", "RUS", "reported", ("ammunition",), date(2024, 2, 2), "e1"),  # copy of e1's report
        ("IRN", "RUS", "alleged", ("uav",), date(2023, 5, 1), None),
        ("USA", "UKR", "planned", ("air_defence",), date(2024, 3, 1), None),
        ("PRK", "RUS", "denied", ("other",), None, None),
        ("IRN", "hezbollah", "reported", ("missile",), date(2024, 4, 1), None),
    ]
    batch, meta = [], {}
    for i, (s, r, st, cats, pub, grp) in enumerate(specs):
        d = Document(id=f"e{i}", text=f"text {i}", published=pub, url=f"https://news.example/{i}")
        batch.append((d, ExtractionResult(d, (_claim(s, r, st, cats),))))
        meta[d.id] = DocMeta(f"https://news.example/{i}", f"hash{i}", dup_group=grp)
    store.save_results(batch, meta=meta)
    return store


CENTROIDS = {
    "PRK": (40.1, 127.2),
    "RUS": (61.5, 105.3),
    "IRN": (32.0, 53.7),
    "USA": (39.8, -98.6),
    "UKR": (49.0, 31.4),
}


def test_csv_json_jsonl(filled: Store, tmp_path: Path) -> None:
    rows = filled.query_claims(ClaimFilter())
    for fmt in ("csv", "json", "jsonl"):
        out = tmp_path / f"x.{fmt}"
        rep = write_export(rows, fmt, out)
        assert rep.rows == 7 and out.exists() and not (tmp_path / f"x.{fmt}.part").exists()
    with (tmp_path / "x.csv").open(newline="", encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    assert len(recs) == 7 and recs[0]["supplier"] and '"quote"' in recs[0]["evidence"]
    assert any(r["categories"] == "ammunition; missile" for r in recs)
    data = json.loads((tmp_path / "x.json").read_text())
    assert [d["id"] for d in data] == [r.id for r in rows]
    lines = (tmp_path / "x.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r.id for r in rows]


def test_parquet(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "c.parquet"
    assert write_export(filled.iter_claims(), "parquet", out).rows == 7
    t = pq.read_table(out)
    assert t.num_rows == 7
    cats = t.column("categories").to_pylist()
    assert ["ammunition", "missile"] in cats
    assert date(2024, 2, 1) in t.column("published").to_pylist()


def test_geojson_lines_counts_and_missing_centroid(filled: Store) -> None:
    buf = io.StringIO()
    rep = write_export(filled.iter_claims(), "geojson", buf, centroids=CENTROIDS)
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection" and rep.rows == 3
    by_pair = {(f["properties"]["supplier"], f["properties"]["recipient"]): f for f in fc["features"]}
    assert set(by_pair) == {("PRK", "RUS"), ("IRN", "RUS"), ("USA", "UKR")}
    prk = by_pair[("PRK", "RUS")]
    assert prk["geometry"] == {"type": "LineString", "coordinates": [[127.2, 40.1], [105.3, 61.5]]}
    p = prk["properties"]
    assert p["claims"] == 4 and p["independent_reports"] == 3  # the copy counts once
    assert p["by_status"] == {"confirmed": 1, "denied": 1, "reported": 2}
    assert p["by_category"]["missile"] == 2 and p["first_published"] == "2024-01-04"
    assert rep.notes and "'hezbollah'" in rep.notes[0] and "1 claim(s)" in rep.notes[0]


def test_cameo_mapping(filled: Store) -> None:
    buf = io.StringIO()
    write_export(filled.iter_claims(), "cameo", buf)
    lines = buf.getvalue().splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert len(rows) == 7 and "SOURCEURL" in header and "EventCode" in header
    for r in rows:
        assert r["EventCode"] == EVENT_CODES[r["AW_Status"]][0]
    codes = {r["AW_Status"]: r["EventCode"] for r in rows}
    assert codes == {
        "reported": "072",
        "confirmed": "072",
        "alleged": "072",
        "planned": "0332",
        "denied": "016",
    }
    hz = next(r for r in rows if r["Actor2Code"] == "hezbollah")
    assert hz["Actor2CountryCode"] == "" and hz["Actor1CountryCode"] == "IRN"
    assert next(r for r in rows if r["SQLDATE"] == "20240201")["SOURCEURL"] == "https://news.example/1"
    assert all(len(line.split("\t")) == len(header) for line in lines)  # tabs in values were replaced


def test_plover_records(filled: Store) -> None:
    buf = io.StringIO()
    write_export(filled.iter_claims(ClaimFilter(supplier="USA")), "plover", buf)
    (ev,) = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert ev["event_type"] == "AID" and ev["mode"] == "military" and "intent" in ev["context"]
    assert ev["actor"] == "USA" and ev["recipient"] == "UKR" and ev["date"] == "2024-03-01"
    assert ev["extra"]["armswatch_status"] == "planned" and ev["extra"]["attribution"] == [
        "Kyiv\tofficials",
        "Reuters",
    ]


def test_unknown_format() -> None:
    assert "parquet" in FORMATS
    with pytest.raises(ValueError, match="unknown export format"):
        write_export([], "xml", io.StringIO())
