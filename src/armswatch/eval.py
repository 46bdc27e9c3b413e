"""Score extracted claims against gold annotations, as ``shared/eval/SCHEMA.md`` ("Scoring") says.

Primary score: micro-averaged precision, recall and F1 over tuples
``(document id, supplier, recipient, category)``, one per category of each transfer.

Secondary scores, on transfers whose (supplier, recipient) pair is in both gold and prediction:

* **status accuracy**: share of matched pairs whose status equals the gold status;
* **source recall**: share of the matched pairs' gold sources that are *found*. Our reading of
  "a predicted source contains its surname or its organisation's name, case-insensitive": a gold
  source yields match keys — the whole name (with a leading "the" dropped), the surname (last word)
  when the gold source is a person's name (2–4 capitalised words, none of them an organisation word
  such as "News", "Ministry", "officials"), and an acronym given in parentheses ("... (GRU)").
  The gold source is found when any key occurs in any predicted source of that pair (both compared
  lower-case, curly quotes straightened, spaces folded);
* **calibre F1**: micro P/R/F1 over ``(doc, supplier, recipient, calibre)`` on the matched pairs.

Role errors: precision and recall of flagging the role claims whose ``correct`` is false; a
predicted flag matches a gold flag of the same document when the person's surnames (last word,
lower-case) are equal. With no predicted flags precision is 1.0 (nothing wrongly flagged).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armswatch.errors import EvalError
from armswatch.records import ExtractionResult

__all__ = ["DocErrors", "EvalReport", "GoldDoc", "evaluate", "load_gold", "load_ids", "source_found"]

_ORG_WORDS = {
    "news",
    "agency",
    "ministry",
    "officials",
    "official",
    "office",
    "intelligence",
    "times",
    "post",
    "journal",
    "press",
    "reuters",
    "military",
    "government",
    "council",
    "department",
    "service",
    "staff",
    "command",
    "institute",
    "report",
    "sources",
    "media",
    "forces",
    "army",
    "navy",
    "tv",
    "radio",
    "daily",
    "herald",
    "group",
    "house",
}


@dataclass(frozen=True)
class GoldDoc:
    """One gold document: its id, text, publication date (ISO string or None) and annotations."""

    id: str
    text: str
    published: str | None
    transfers: tuple[dict[str, Any], ...]
    role_claims: tuple[dict[str, Any], ...]
    title: str | None = None


@dataclass(frozen=True)
class DocErrors:
    """What went wrong in one document (for ``armswatch eval --errors``)."""

    doc_id: str
    missed: tuple[tuple[str, str, str], ...] = ()
    spurious: tuple[tuple[str, str, str], ...] = ()
    status: tuple[tuple[str, str, str, str], ...] = ()
    """(supplier, recipient, gold status, predicted status)"""
    sources_missed: tuple[tuple[str, str, str], ...] = ()
    """(supplier, recipient, gold source)"""
    roles_missed: tuple[str, ...] = ()
    roles_spurious: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.missed
            or self.spurious
            or self.status
            or self.sources_missed
            or self.roles_missed
            or self.roles_spurious
        )


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run; :meth:`to_json` gives the ``armswatch eval --json`` object."""

    docs: int
    precision: float
    recall: float
    f1: float
    status_accuracy: float
    source_recall: float
    caliber_f1: float
    role_precision: float
    role_recall: float
    counts: dict[str, int] = field(default_factory=dict)
    errors: tuple[DocErrors, ...] = ()

    def to_json(self) -> dict[str, Any]:
        r4 = lambda x: round(x, 4)  # noqa: E731
        return {
            "docs": self.docs,
            "transfer": {"precision": r4(self.precision), "recall": r4(self.recall), "f1": r4(self.f1)},
            "status_accuracy": r4(self.status_accuracy),
            "source_recall": r4(self.source_recall),
            "caliber_f1": r4(self.caliber_f1),
            "role_errors": {"precision": r4(self.role_precision), "recall": r4(self.role_recall)},
        }


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def load_gold(path: Path | str) -> list[GoldDoc]:
    """Read a gold JSONL file. A malformed line raises :class:`EvalError` E901 naming file and line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError("E901", path=p, line=0, reason=f"cannot read: {exc}") from exc
    docs: list[GoldDoc] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError("E901", path=p, line=n, reason=f"not JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise EvalError("E901", path=p, line=n, reason="not a JSON object")
        for key, typ in (("id", str), ("text", str), ("transfers", list)):
            if not isinstance(obj.get(key), typ):
                raise EvalError(
                    "E901", path=p, line=n, reason=f"field {key!r} missing or not a {typ.__name__}"
                )
        for t in obj["transfers"]:
            if not isinstance(t, dict) or not all(
                isinstance(t.get(k), str) for k in ("supplier", "recipient")
            ):
                raise EvalError("E901", path=p, line=n, reason="a transfer lacks string supplier/recipient")
            if not isinstance(t.get("categories"), list):
                raise EvalError("E901", path=p, line=n, reason="a transfer lacks a 'categories' list")
        roles = obj.get("role_claims") or []
        if not isinstance(roles, list) or not all(isinstance(r, dict) and "person" in r for r in roles):
            raise EvalError(
                "E901", path=p, line=n, reason="'role_claims' must be a list of objects with 'person'"
            )
        docs.append(
            GoldDoc(
                id=obj["id"],
                text=obj["text"],
                published=obj.get("published"),
                transfers=tuple(obj["transfers"]),
                role_claims=tuple(roles),
                title=obj.get("title"),
            )
        )
    return docs


def load_ids(path: Path | str) -> set[str]:
    """Read a list of document ids, one a line (blank lines and ``#`` comments ignored)."""
    out: set[str] = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        s = line.split("#", 1)[0].strip()
        if s:
            out.add(s)
    return out


def _norm(text: str) -> str:
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(t.lower().split())


def _source_keys(gold: str) -> list[str]:
    g = _norm(gold)
    keys = [re.sub(r"^the ", "", g)]
    keys += [a.lower() for a in re.findall(r"\(([A-Za-z][\w.-]{1,15})\)", gold)]
    words = re.sub(r"\(.*?\)", "", gold).split()
    person_like = 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
    if person_like and not any(w.lower().strip(".,'") in _ORG_WORDS for w in words):
        keys.append(words[-1].lower().strip(".,'"))
    return [k for k in keys if k]


def source_found(gold: str, predicted: Iterable[str]) -> bool:
    """Whether the gold source is found among the predicted sources (see module docstring)."""
    preds = [_norm(p) for p in predicted]
    return any(k in p for k in _source_keys(gold) for p in preds)


def _surname(name: str) -> str:
    words = _norm(name).replace("'s", "").split()
    return words[-1].strip(".,") if words else ""


def _as_schema(pred: ExtractionResult | Mapping[str, Any] | None) -> dict[str, Any]:
    if pred is None:
        return {"transfers": [], "role_claims": []}
    if isinstance(pred, ExtractionResult):
        return pred.to_schema()
    return dict(pred)


def evaluate(
    gold_docs: Iterable[GoldDoc],
    predictions: Mapping[str, ExtractionResult | Mapping[str, Any]],
) -> EvalReport:
    """Score ``predictions`` (doc id → result or schema-shaped dict) against ``gold_docs``.

    A gold document without a prediction counts as predicting nothing.
    """
    tp = n_pred = n_gold = 0
    st_ok = st_n = 0
    src_ok = src_n = 0
    cal_tp = cal_pred = cal_gold = 0
    role_tp_p = role_pred = role_tp_g = role_gold = 0
    n_docs = 0
    all_errors: list[DocErrors] = []
    for gd in gold_docs:
        n_docs += 1
        pred = _as_schema(predictions.get(gd.id))
        gold_t = {(t["supplier"], t["recipient"]): t for t in gd.transfers}
        pred_t: dict[tuple[str, str], dict[str, Any]] = {}
        for t in pred.get("transfers", []):
            pred_t.setdefault((t["supplier"], t["recipient"]), t)
        g_tuples = {(s, r, c) for (s, r), t in gold_t.items() for c in t.get("categories", [])}
        p_tuples = {(s, r, c) for (s, r), t in pred_t.items() for c in t.get("categories", [])}
        tp += len(g_tuples & p_tuples)
        n_pred += len(p_tuples)
        n_gold += len(g_tuples)
        status_err: list[tuple[str, str, str, str]] = []
        src_missed: list[tuple[str, str, str]] = []
        for pair in sorted(set(gold_t) & set(pred_t)):
            g, p = gold_t[pair], pred_t[pair]
            st_n += 1
            if g.get("status") == p.get("status"):
                st_ok += 1
            else:
                status_err.append((*pair, str(g.get("status")), str(p.get("status"))))
            for s in g.get("sources") or []:
                src_n += 1
                if source_found(s, p.get("sources") or []):
                    src_ok += 1
                else:
                    src_missed.append((*pair, s))
            gc = {int(c) for c in g.get("calibers_mm") or []}
            pc = {int(c) for c in p.get("calibers_mm") or []}
            cal_tp += len(gc & pc)
            cal_gold += len(gc)
            cal_pred += len(pc)
        g_flags = [_surname(r["person"]) for r in gd.role_claims if r.get("correct") is False]
        p_flags = [_surname(r["person"]) for r in pred.get("role_claims", []) if r.get("correct") is False]
        role_gold += len(g_flags)
        role_pred += len(p_flags)
        role_tp_g += sum(1 for s in g_flags if s in p_flags)
        role_tp_p += sum(1 for s in p_flags if s in g_flags)
        all_errors.append(
            DocErrors(
                doc_id=gd.id,
                missed=tuple(sorted(g_tuples - p_tuples)),
                spurious=tuple(sorted(p_tuples - g_tuples)),
                status=tuple(status_err),
                sources_missed=tuple(src_missed),
                roles_missed=tuple(s for s in g_flags if s not in p_flags),
                roles_spurious=tuple(s for s in p_flags if s not in g_flags),
            )
        )
    prec, rec, f1 = _prf(tp, n_pred, n_gold)
    _, _, cf = _prf(cal_tp, cal_pred, cal_gold)
    return EvalReport(
        docs=n_docs,
        precision=prec,
        recall=rec,
        f1=f1,
        status_accuracy=st_ok / st_n if st_n else 1.0,
        source_recall=src_ok / src_n if src_n else 1.0,
        caliber_f1=cf,
        role_precision=role_tp_p / role_pred if role_pred else 1.0,
        role_recall=role_tp_g / role_gold if role_gold else 1.0,
        counts={
            "tp": tp,
            "pred": n_pred,
            "gold": n_gold,
            "matched_pairs": st_n,
            "gold_sources": src_n,
            "role_flags_gold": role_gold,
            "role_flags_pred": role_pred,
        },
        errors=tuple(e for e in all_errors if not e.empty),
    )
