"""Story clustering quality on tests/data/stories/reports.jsonl.

Prints two measurements:
1. the REAL pipeline: ingest (near-duplicate detection) → extraction → store → incremental story
   updates per batch of 10 → B-cubed P/R/F1, corroboration accuracy, and whether a rebuild changed
   anything;
2. clustering alone, on the hand-written claims in tests/data/stories/claims_gold.jsonl (an upper
   bound that isolates story building from extraction errors), for each text-similarity measure.

Run: .venv/bin/python benchmarks/stories_eval.py [--json]
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from armswatch.kb import KnowledgeBase
from armswatch.stories.build import Naming, build_stories
from armswatch.stories.cluster import DEFAULT_CONFIG
from armswatch.stories.evaluate import load_gold, load_gold_claims, run_eval, score_stories

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "stories"


def main() -> None:
    reports = DATA / "reports.jsonl"
    t0 = time.perf_counter()
    real = run_eval(reports, batch_size=10)
    elapsed = time.perf_counter() - t0
    dev = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev.jsonl"
    mixed = run_eval(reports, batch_size=10, distractors=(str(dev),)) if dev.exists() else None
    gold = load_gold(reports)
    claims = load_gold_claims(reports, DATA / "claims_gold.jsonl")
    naming = Naming.from_kb(KnowledgeBase.load())
    measures = {}
    for m in ("cosine", "jaccard", "none"):
        r = score_stories(build_stories(claims, naming, replace(DEFAULT_CONFIG, text_measure=m)), gold)
        measures[m] = {
            "P": round(r.precision, 3),
            "R": round(r.recall, 3),
            "F1": round(r.f1, 3),
            "corroboration": round(r.corroboration_accuracy, 3),
        }
    if "--json" in sys.argv:
        print(
            json.dumps(
                {"real_pipeline": real.to_dict(), "gold_claims": measures, "seconds": elapsed}, indent=1
            )
        )
        return
    exact = sum(s.exact for s in real.corroboration)
    print(f"Real pipeline ({real.reports} reports, {real.gold_stories} gold stories, {elapsed:.1f} s):")
    print(
        f"  B-cubed P={real.precision:.3f} R={real.recall:.3f} F1={real.f1:.3f}; "
        f"predicted stories {real.predicted_stories}; reports without any claim {len(real.no_claim)}"
    )
    print(
        f"  corroboration exact {exact}/{len(real.corroboration)} ({real.corroboration_accuracy:.2f}); "
        f"near-duplicates {real.extra['ingest']['near_duplicates']}; "
        f"rebuild changes {real.extra['rebuild_changes']}"
    )
    wc = real.extra["with_claim"]
    print(
        f"  on the {wc['reports']} reports with a claim: B-cubed P={wc['bcubed_precision']:.3f} "
        f"R={wc['bcubed_recall']:.3f} F1={wc['bcubed_f1']:.3f}; corroboration exact against the gold "
        f"counts of those reports {wc['corroboration_exact']}/{wc['corroboration_stories']}"
    )
    if mixed is not None:
        wm = mixed.extra["with_claim"]
        print(
            f"Same, with the {mixed.extra['ingest']['new'] - mixed.reports} dev-set reports ingested "
            f"first as distractors: B-cubed P={mixed.precision:.3f} R={mixed.recall:.3f} "
            f"F1={mixed.f1:.3f}; on the reports with a claim P={wm['bcubed_precision']:.3f} "
            f"R={wm['bcubed_recall']:.3f} F1={wm['bcubed_f1']:.3f}; "
            f"rebuild changes {mixed.extra['rebuild_changes']}"
        )
    print(f"Clustering alone on hand-written claims (default measure: {DEFAULT_CONFIG.text_measure}):")
    for m, v in measures.items():
        print(
            f"  {m:8s} P={v['P']:.3f} R={v['R']:.3f} F1={v['F1']:.3f} corroboration={v['corroboration']:.2f}"
        )


if __name__ == "__main__":
    main()
