"""Extraction quality on every gold set the project has, one table.

Sets (each scored exactly as ``armswatch eval`` scores, see ``shared/eval/SCHEMA.md``):

* ``dev`` — ``shared/eval/dev.jsonl`` (all 101), its tuning part and its 10 held-out validation
  documents (``tests/data/eval/validation_ids.txt``);
* ``unseen`` — ``tests/data/extract_unseen/reports.jsonl`` (55 own reports);
* ``stories`` — the 100 reports of ``tests/data/stories/`` with their claim gold;
* ``blind set 1`` / ``blind set 2`` — ``tests/data/extract_blind/`` (40 and 30 reports written by
  sessions that never ran the extractor): set 1 studied, set 2 held out (see its README).

    .venv/bin/python benchmarks/quality.py [--dev ../shared/eval/dev.jsonl] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from armswatch.eval import evaluate, load_gold, load_ids
from armswatch.extract.api import Extractor
from armswatch.records import Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
VALIDATION = ROOT / "tests" / "data" / "eval" / "validation_ids.txt"
UNSEEN = ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl"
STORIES = ROOT / "tests" / "data" / "stories"
BLIND = ROOT / "tests" / "data" / "extract_blind"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _stories_gold() -> list[dict[str, Any]]:
    """The stories reports in the gold document shape (their claims from ``claims_gold.jsonl``)."""
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in _rows(STORIES / "claims_gold.jsonl"):
        doc_id = c.pop("id")
        c.pop("quantity_value", None)
        claims.setdefault(doc_id, []).append(c)
    return [
        {**r, "transfers": claims.get(r["id"], []), "role_claims": []}
        for r in _rows(STORIES / "reports.jsonl")
    ]


def _document(d: dict[str, Any]) -> Document:
    pub = date.fromisoformat(d["published"][:10]) if d.get("published") else None
    return Document(id=d["id"], text=d["text"], title=d.get("title"), published=pub)


def score(ex: Extractor, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``armswatch eval --json`` figures of ``rows`` (gold documents)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in rows))
        fh.flush()
        gold = load_gold(fh.name)
    preds = {r.document.id: r for r in ex.extract_many(_document(d) for d in rows)}
    return evaluate(gold, preds).to_json()


def sets(dev: Path) -> dict[str, list[dict[str, Any]]]:
    """Name → gold rows of each measured set."""
    out: dict[str, list[dict[str, Any]]] = {}
    if dev.exists():
        rows = _rows(dev)
        held = load_ids(VALIDATION)
        out["dev (all)"] = rows
        out["dev tuning part"] = [r for r in rows if r["id"] not in held]
        out["dev validation part"] = [r for r in rows if r["id"] in held]
    out["unseen (own)"] = _rows(UNSEEN)
    out["stories (own)"] = _stories_gold()
    out["blind set 1 (studied)"] = _rows(BLIND / "set1.jsonl")
    out["blind set 2 (held out)"] = _rows(BLIND / "set2.jsonl")
    return out


def main() -> None:
    """Print one line of figures per set (a markdown table with ``--markdown``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    ex = Extractor()
    if args.markdown:
        print("| set | docs | transfer P / R / F1 | status | sources | calibre F1 | role errors P / R |")
        print("|---|---:|---|---:|---:|---:|---|")
    for name, rows in sets(args.dev).items():
        s = score(ex, rows)
        t, r = s["transfer"], s["role_errors"]
        if args.markdown:
            print(
                f"| {name} | {s['docs']} | {t['precision']:.3f} / {t['recall']:.3f} / **{t['f1']:.3f}** "
                f"| {s['status_accuracy']:.3f} | {s['source_recall']:.3f} | {s['caliber_f1']:.3f} "
                f"| {r['precision']:.2f} / {r['recall']:.2f} |"
            )
        else:
            print(json.dumps({"set": name, **s}))


if __name__ == "__main__":
    main()
