"""Regression floor: the extractor on the shared dev set must keep transfer F1 ≥ 0.80."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from armswatch.eval import evaluate, load_gold
from armswatch.records import Document
from extract_fixtures import shared_extractor

DEV = Path(__file__).resolve().parents[2] / "shared/eval/dev.jsonl"
FLOOR = 0.80


@pytest.mark.slow
def test_dev_transfer_f1_floor() -> None:
    if not DEV.exists():
        pytest.skip(f"gold dev set not found at {DEV}")
    gold = load_gold(DEV)
    ex = shared_extractor()
    docs = [
        Document(
            id=g.id,
            text=g.text,
            title=g.title,
            published=date.fromisoformat(g.published[:10]) if g.published else None,
        )
        for g in gold
    ]
    preds = {r.document.id: r for r in ex.extract_many(docs)}
    report = evaluate(gold, preds)
    assert report.f1 >= FLOOR, f"transfer F1 {report.f1:.3f} fell below the {FLOOR} floor: {report.to_json()}"
