"""Generalisation check: how extraction does on reports it was never tuned on.

Prints (1) how many reports of ``tests/data/stories/reports.jsonl`` yield no transfer claim at all,
(2) the scores on ``tests/data/extract_unseen/reports.jsonl`` (the figures of ``armswatch eval
… --json``) and, with ``--dev PATH``, on that gold file too. ``--no-surface`` / ``--no-merge`` switch
off the surface fallback (``extract/surface.py``) or the KB-term merge (``extract/merge.py``) for an
ablation; ``--list`` lists the stories reports without a claim.

    .venv/bin/python benchmarks/unseen_check.py [--list] [--dev /work/shared/eval/dev.jsonl]
        [--no-surface] [--no-merge]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from armswatch.eval import evaluate, load_gold
from armswatch.extract.api import Extractor
from armswatch.extract.surface import SurfaceFinder
from armswatch.records import Document

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "data" / "stories" / "reports.jsonl"
UNSEEN = ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl"


def _docs(path: Path) -> list[Document]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            pub = date.fromisoformat(d["published"][:10]) if d.get("published") else None
            out.append(Document(id=d["id"], text=d["text"], title=d.get("title"), published=pub))
    return out


def _score(ex: Extractor, path: Path) -> dict[str, object]:
    preds = {r.document.id: r for r in ex.extract_many(_docs(path))}
    return evaluate(load_gold(path), preds).to_json()


def main() -> None:
    """Run the checks and print the figures, one JSON object a line."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--dev", type=Path)
    ap.add_argument("--no-surface", action="store_true")
    ap.add_argument("--no-merge", action="store_true")
    args = ap.parse_args()
    if args.no_surface:
        SurfaceFinder.find = lambda self, *a, **k: []  # type: ignore[method-assign]
    ex = Extractor()
    if args.no_merge:
        for name in ("armswatch_kb_merge_v1", "armswatch_kb_tags_v1"):
            ex.nlp.remove_pipe(name)
    stories = _docs(STORIES)
    empty = [r.document for r in ex.extract_many(stories) if not r.transfers]
    print(json.dumps({"stories_reports": len(stories), "stories_no_claim": len(empty)}))
    if args.list:
        for d in empty:
            print(f"  {d.id}: {d.text[:160]!r}")
    print(json.dumps({"unseen": _score(ex, UNSEEN)}))
    if args.dev:
        print(json.dumps({"dev": _score(ex, args.dev)}))


if __name__ == "__main__":
    main()
