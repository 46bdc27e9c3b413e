"""`armswatch extract`: output formats, the seed report, and bad input (one line each, run goes on)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armswatch.cli import build_app

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "armswatch" / "samples"
SEED = SAMPLES / "seed-000.txt"
GOOD_TEXT = (
    "Germany delivers tanks\n\nGermany has delivered 14 Leopard 2A6 tanks to Ukraine, "
    "the defence ministry in Berlin said on Monday.\n"
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(build_app(), ["extract", *args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _jsonl(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _bad_inputs(tmp: Path) -> dict[str, tuple[str, str]]:
    """name -> (path, text that its error line must contain)."""
    (tmp / "folder").mkdir()
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp / "latin1.txt").write_bytes("Le ministre a confirm\u00e9 la livraison.".encode("latin-1"))
    (tmp / "empty.txt").write_bytes(b"")
    big = tmp / "big.txt"
    with big.open("wb") as fh:  # 50 MB of real text: refused from its size, never read
        chunk = b"Sweden sent boats to Finland. " * 35_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    return {
        "missing": (str(tmp / "missing.txt"), "does not exist"),
        "folder": (str(tmp / "folder"), "is a directory"),
        "binary": (str(tmp / "binary.txt"), "binary"),
        "latin1": (str(tmp / "latin1.txt"), "not valid UTF-8 (byte 21)"),
        "empty": (str(tmp / "empty.txt"), "is empty"),
        "big": (str(big), "limit"),
    }


def test_bad_inputs_one_line_each_and_the_rest_is_processed(tmp_path: Path, runner: CliRunner) -> None:
    bad = _bad_inputs(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps(
                    {"id": "j-good", "text": GOOD_TEXT, "published": "2024-05-01", "lang_note": "kept"}
                ),
                '{"id": "j-broken", "text": "unterminated',
                json.dumps({"id": "j-notext", "title": "no text here"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    paths = [p for p, _ in bad.values()]
    code, out, err = _invoke(runner, "--format", "jsonl", paths[0], str(good), *paths[1:], str(jsonl))

    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == len(bad) + 2, err
    assert all(line.startswith("error: ") for line in lines)
    for path, fragment in bad.values():
        matching = [line for line in lines if f"{path}:" in line]
        assert len(matching) == 1, (path, err)
        assert fragment in matching[0]
    assert any(f"{jsonl}:2:" in line and "malformed JSONL" in line for line in lines)
    assert any(f"{jsonl}:3:" in line and "'text'" in line for line in lines)

    docs = _jsonl(out)
    assert [d["id"] for d in docs] == ["good", "j-good"]
    for d in docs:
        assert set(d) == {"id", "transfers", "role_claims"}
        pairs = {(t["supplier"], t["recipient"]) for t in d["transfers"]}  # type: ignore[attr-defined]
        assert ("DEU", "UKR") in pairs


def test_all_inputs_fine_exit_zero_and_published_default(tmp_path: Path, runner: CliRunner) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    code, out, err = _invoke(runner, "--format", "json", "--published", "2024-05-02", str(good))
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["id"] == "good"
    transfer = data[0]["transfers"][0]
    assert transfer["evidence"] in GOOD_TEXT
    assert transfer["evidence_start"] == GOOD_TEXT.index(transfer["evidence"])


def test_evidence_offsets_slice_the_evidence(tmp_path: Path, runner: CliRunner) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    code, out, err = _invoke(runner, "--format", "jsonl", str(good))
    assert code == 0, err
    transfer = _jsonl(out)[0]["transfers"][0]  # type: ignore[index]
    assert GOOD_TEXT[transfer["evidence_start"] : transfer["evidence_end"]] == transfer["evidence"]


def test_stdin(runner: CliRunner) -> None:
    code, out, err = _invoke(runner, "--format", "jsonl", "-", stdin=GOOD_TEXT)
    assert code == 0, err
    (doc,) = _jsonl(out)
    assert doc["id"].startswith("doc-")  # type: ignore[union-attr]
    assert doc["transfers"]


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "xml", "x.txt"),
        ("--published", "May 2024", "x.txt"),
        ("--published", "2024-13-01", "x.txt"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: tuple[str, ...]) -> None:
    code, _out, err = _invoke(runner, *args)
    assert code == 2
    assert "--format" in err or "E002" in err or "YYYY-MM-DD" in err


def test_seed_report_jsonl(runner: CliRunner) -> None:
    code, out, err = _invoke(runner, "--format", "jsonl", str(SEED))
    assert code == 0, err
    (doc,) = _jsonl(out)
    transfers = {(t["supplier"], t["recipient"]): t for t in doc["transfers"]}  # type: ignore[union-attr]
    claim = transfers[("PRK", "RUS")]
    assert {"artillery", "ammunition"} <= set(claim["categories"])
    assert {122, 152} <= set(claim["calibers_mm"])
    assert claim["status"] == "reported"
    sources = " | ".join(claim["sources"]).lower()
    for who in ("cbs", "budanov", "officials"):
        assert who in sources, sources
    assert claim["evidence"] in SEED.read_text(encoding="utf-8")
    flagged = [r for r in doc["role_claims"] if not r["correct"]]  # type: ignore[union-attr]
    assert [r["person"] for r in flagged] == ["Kyrylo Budanov"]


def test_table_shows_pairs_evidence_and_wrong_role(runner: CliRunner) -> None:
    code, out, err = _invoke(runner, "--format", "table", str(SEED), str(SAMPLES / "11-economy-no-arms.txt"))
    assert code == 0, err
    assert "North Korea" in out and "Russia" in out
    assert "WRONG" in out and "Budanov" in out
    assert "no transfer claims found" in out  # the grain-shipment report
    assert "reported" in out


def test_subprocess_exit_code_and_stderr(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "armswatch.cli",
            "extract",
            "--format",
            "jsonl",
            str(tmp_path / "nope.txt"),
            str(good),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: [E111] {tmp_path / 'nope.txt'}: does not exist."
    assert [d["id"] for d in _jsonl(proc.stdout)] == ["ok"]


def test_a_document_that_breaks_extraction_fails_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """The chunk fallback: one failing document is reported, the others in its chunk still come out.

    No real input is known to break extraction, so this uses a small extractor whose failure is
    triggered on purpose; everything else (records, failure reporting) is the real code.
    """
    from armswatch.extract.commands import _FailureCounter, _guarded_results
    from armswatch.records import Document, ExtractionResult

    class Breaks:
        def extract(self, doc: Document) -> ExtractionResult:
            if "BOOM" in doc.text:
                raise ValueError("cannot parse\nsecond line")
            return ExtractionResult(document=doc)

        def extract_many(self, docs: list[Document]) -> list[ExtractionResult]:
            return [self.extract(d) for d in docs]

    docs = [Document(id=f"d{i}", text="BOOM" if i == 70 else "fine", source=f"in:{i}") for i in range(100)]
    failures = _FailureCounter()
    results = list(_guarded_results(Breaks(), iter(docs), failures))  # type: ignore[arg-type]
    assert [r.document.id for r in results] == [f"d{i}" for i in range(100) if i != 70]
    assert failures.count == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: [E112] in:70: extraction failed (ValueError: cannot parse)")
