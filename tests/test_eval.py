"""The scorer on small made-up gold and predictions (no extraction involved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.errors import EvalError
from armswatch.eval import evaluate, load_gold, source_found


def _gold_line(doc_id: str, transfers: list[dict], roles: list[dict] | None = None) -> str:
    return json.dumps({"id": doc_id, "text": "t", "transfers": transfers, "role_claims": roles or []})


def _t(s: str, r: str, cats: list[str], **kw: object) -> dict:
    base: dict[str, object] = {
        "supplier": s,
        "recipient": r,
        "categories": cats,
        "status": "reported",
        "sources": [],
        "calibers_mm": [],
    }
    base.update(kw)
    return base


def test_micro_prf_over_category_tuples(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        _gold_line("a", [_t("PRK", "RUS", ["ammunition", "artillery"])]) + "\n" + _gold_line("b", []) + "\n"
    )
    docs = load_gold(gold)
    preds = {
        "a": {"transfers": [_t("PRK", "RUS", ["ammunition", "missile"])], "role_claims": []},
        "b": {"transfers": [_t("IRN", "RUS", ["uav"])], "role_claims": []},
    }
    rep = evaluate(docs, preds)
    assert rep.precision == pytest.approx(1 / 3)
    assert rep.recall == pytest.approx(1 / 2)
    assert rep.f1 == pytest.approx(0.4)
    assert rep.errors[0].missed == (("PRK", "RUS", "artillery"),)
    assert ("IRN", "RUS", "uav") in rep.errors[1].spurious


def test_secondary_scores_on_matched_pairs(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        _gold_line(
            "a",
            [
                _t(
                    "PRK",
                    "RUS",
                    ["ammunition"],
                    status="reported",
                    sources=["Shin Won-sik", "Yonhap"],
                    calibers_mm=[122, 152],
                )
            ],
            [{"person": "Kyrylo Budanov", "correct": False}, {"person": "Joe Biden", "correct": True}],
        )
        + "\n"
    )
    pred = {
        "transfers": [
            _t(
                "PRK",
                "RUS",
                ["ammunition"],
                status="alleged",
                sources=["South Korea's Shin Won-sik"],
                calibers_mm=[152],
            )
        ],
        "role_claims": [{"person": "Budanov", "correct": False}, {"person": "Joe Biden", "correct": False}],
    }
    rep = evaluate(load_gold(gold), {"a": pred})
    assert rep.status_accuracy == 0.0
    assert rep.source_recall == pytest.approx(0.5)
    assert rep.caliber_f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert rep.role_precision == pytest.approx(0.5)
    assert rep.role_recall == 1.0
    data = rep.to_json()
    assert set(data) == {"docs", "transfer", "status_accuracy", "source_recall", "caliber_f1", "role_errors"}


@pytest.mark.parametrize(
    ("gold", "preds", "found"),
    [
        ("Kyrylo Budanov", ["Budanov"], True),
        ("CBS News", ["CBS News, citing officials"], True),
        ("U.S. officials", ["sources among U.S. officials"], True),
        ("Main Intelligence Directorate (GRU)", ["the GRU"], True),
        ("Yonhap", ["Reuters"], False),
        ("South Korean military intelligence", ["South Korea"], False),
    ],
)
def test_source_matching(gold: str, preds: list[str], found: bool) -> None:
    assert source_found(gold, preds) is found


@pytest.mark.parametrize(
    "line",
    [
        "{not json",
        '["a list"]',
        '{"id": "x", "text": "t"}',
        '{"id": "x", "text": "t", "transfers": [{"supplier": 1}]}',
    ],
)
def test_malformed_gold_line_is_one_line_error(tmp_path: Path, line: str) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text(_gold_line("ok", []) + "\n" + line + "\n")
    with pytest.raises(EvalError) as info:
        load_gold(gold)
    msg = str(info.value)
    assert "E901" in msg and "bad.jsonl:2" in msg and "\n" not in msg
