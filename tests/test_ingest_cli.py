"""The ingest/claims/export/db commands, run as real subprocesses; the kill -9 crash test."""

# ruff: noqa: F811  (pytest fixtures imported from tests/*_fixtures.py are redefined as arguments)

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from armswatch.store import ClaimFilter, Store
from ingest_fixtures import PAGES, LoopbackServer, http_server, synthetic_docs, write_jsonl  # noqa: F401
from store_fixtures import db_url, pg_session_url  # noqa: F401

DEV = Path("/work/shared/eval/dev.jsonl")
EXE = [sys.executable, "-m", "armswatch.cli"]


def run(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    p = subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}: {p.stderr}")
    return p


def test_ingest_json_summary_and_claims_query(db_url: str, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", synthetic_docs(5))
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "fine text here"}\n{not json}\n', "utf-8")
    p = run("ingest", str(tmp_path), "--db", db_url, "--json", "--no-extract")
    out = json.loads(p.stdout)
    assert out["new"] == 6 and out["skipped"] == 1 and out["extracted"] is False
    assert "bad.jsonl:2" in out["skipped_reasons"][0]
    again = json.loads(run("ingest", str(tmp_path), "--db", db_url, "--json", "--no-extract").stdout)
    assert again["new"] == 0 and again["duplicate"] == 6
    p = run("ingest", str(tmp_path / "a.jsonl"), "--db", db_url, "--no-extract")
    assert "duplicate" in p.stdout and "5" in p.stdout  # human summary
    q = run("ingest", str(tmp_path / "a.jsonl"), "--db", db_url, "--no-extract", "--quiet")
    assert q.stdout == ""


def test_all_sources_failed_exits_1(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    p = run("ingest", str(tmp_path / "missing.txt"), "gopher://x/y", "--db", db, "--no-extract", check=False)
    assert p.returncode == 1
    assert "E111" in p.stdout and "E512" in p.stdout and "E513" in p.stderr
    p = run("ingest", str(tmp_path / "missing.txt"), str(PAGES / "weather.html"), "--db", db, "--no-extract")
    assert p.returncode == 0


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    p = run("claims", "--db", "mysql://nobody@nowhere/x", check=False)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "E401" in p.stderr


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    up = run("db", "upgrade", "--db", db)
    assert "(empty) ->" in up.stdout
    cur = run("db", "current", "--db", db)
    assert "up to date" in cur.stdout
    assert "documents" in inspect(create_engine(db)).get_table_names()


def test_claims_and_export_commands(tmp_path: Path) -> None:
    if not DEV.exists():
        pytest.skip("shared dev set not present")
    db = f"sqlite:///{tmp_path / 'dev.db'}"
    head = tmp_path / "dev10.jsonl"
    head.write_text("".join(DEV.read_text("utf-8").splitlines(keepends=True)[:10]), "utf-8")
    run("ingest", str(head), "--db", db, "--quiet")
    p = run(
        "claims", "--supplier", "PRK", "--recipient", "RUS", "--db", db, "--format", "json", "--limit", "0"
    )
    rows = json.loads(p.stdout)
    assert rows and all(r["supplier"] == "PRK" and r["recipient"] == "RUS" for r in rows)
    assert any(r["document_id"] == "dev-000" for r in rows)
    csv_out = run("claims", "--db", db, "--format", "csv", "--status", "reported").stdout.splitlines()
    assert csv_out[0].startswith("id,document_id,published,supplier")
    table = run("claims", "--db", db, "--supplier", "PRK").stdout
    assert "claim(s)" in table
    bad = run("claims", "--db", db, "--since", "yesterday", check=False)
    assert bad.returncode == 2 and "E002" in bad.stderr
    for fmt in ("csv", "json", "jsonl", "parquet", "geojson", "cameo", "plover"):
        out = tmp_path / f"export.{fmt}"
        p = run("export", "--format", fmt, "--out", str(out), "--db", db)
        assert out.stat().st_size > 0 and "written to" in p.stderr
    n = len((tmp_path / "export.jsonl").read_text().splitlines())
    assert n == len(json.loads(run("claims", "--db", db, "--format", "json", "--limit", "0").stdout))


def _snapshot(url: str) -> tuple[object, ...]:
    with Store.open(url) as st:
        docs = sorted((d.id, d.dup_group, d.content_hash) for d in st.iter_documents())
        claims = sorted(c.id for c in st.query_claims(ClaimFilter()))
        return (st.counts(), docs, claims)


def _clear(url: str) -> None:
    from sqlalchemy import MetaData

    eng = create_engine(url)
    md = MetaData()
    md.reflect(eng)
    with eng.begin() as conn:
        if eng.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        for table in reversed(md.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())
    eng.dispose()


def _snapshot_code(tmp: Path) -> dict[str, str]:
    """Run the subprocesses on a frozen copy of the package, so edits made meanwhile cannot skew the runs."""
    import shutil

    import armswatch

    dst = tmp / "code"
    shutil.copytree(
        Path(armswatch.__file__).parent, dst / "armswatch", ignore=shutil.ignore_patterns("__pycache__")
    )
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(dst), os.environ.get("PYTHONPATH", "")])}


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_equals_clean_run(db_url: str, tmp_path: Path) -> None:
    records = synthetic_docs(3000)
    if DEV.exists():  # arms reports too, so claims and near-duplicate groups are part of the comparison
        records[::30] = [json.loads(line) for line in DEV.read_text("utf-8").splitlines()][
            : len(records[::30])
        ]
    src = write_jsonl(tmp_path / "big.jsonl", records)
    args = [*EXE, "ingest", str(src), "--db", db_url, "--batch-size", "20", "--quiet"]
    env = _snapshot_code(tmp_path)
    subprocess.run(args, check=True, timeout=600, env=env)
    clean = _snapshot(db_url)
    assert clean[0].documents == 3000  # type: ignore[attr-defined]
    _clear(db_url)
    assert _snapshot(db_url)[0].documents == 0  # type: ignore[attr-defined]

    proc = subprocess.Popen(args, env=env)
    eng = create_engine(db_url)
    killed_at = -1
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            with eng.connect() as conn:
                n = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
            if n >= 400:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = n
                break
            time.sleep(0.02)
    finally:
        proc.wait(60)
        eng.dispose()
    assert killed_at > 0, "ingest finished before it could be killed"
    partial = _snapshot(db_url)
    assert 0 < partial[0].documents < 3000  # type: ignore[attr-defined]
    assert partial[0].documents % 20 == 0 or partial[0].documents >= 3000 - 20  # type: ignore[attr-defined]
    subprocess.run(args, check=True, timeout=600, env=env)
    assert _snapshot(db_url) == clean
