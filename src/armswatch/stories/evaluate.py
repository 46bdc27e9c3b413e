"""Evaluate story clustering and corroboration on a labelled set of reports.

The set is JSONL: ``id``, ``title``, ``published``, ``outlet``, ``url``, ``text``, ``story`` (gold
label), ``source`` (the report's original source; null for a pure denial), ``copy_of`` (id of the
report it is a syndicated copy of, or null) and ``denial`` (true for a report that only denies).
Gold corroboration per story: distinct ``source`` over non-denial reports, and distinct ``outlet``
over non-denial reports that are not copies.

Scores: B-cubed precision, recall and F1 over reports (each report is assigned the story of its
highest-confidence claim; a report with no claim is a singleton), and the share of gold stories
whose predicted story (the one most of its reports landed in) has exactly the gold number of
independent sources and of distinct outlets. The real pipeline runs: ingest (near-duplicate
detection) → extraction → store → stories.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from armswatch.errors import EvalError


@dataclass(frozen=True)
class GoldReport:
    id: str
    story: str
    source: str | None
    outlet: str | None
    copy_of: str | None
    denial: bool


@dataclass(frozen=True)
class StoryScore:
    """Gold vs predicted corroboration for one gold story."""

    story: str
    predicted_id: str | None
    gold_sources: int
    gold_outlets: int
    sources: int
    outlets: int

    @property
    def exact(self) -> bool:
        return self.gold_sources == self.sources and self.gold_outlets == self.outlets


@dataclass(frozen=True)
class EvalReport:
    """B-cubed scores and corroboration accuracy on a labelled set."""

    reports: int
    gold_stories: int
    predicted_stories: int
    precision: float
    recall: float
    f1: float
    corroboration: tuple[StoryScore, ...]
    no_claim: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def corroboration_accuracy(self) -> float:
        return (
            sum(s.exact for s in self.corroboration) / len(self.corroboration) if self.corroboration else 0.0
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
            "bcubed_precision": round(self.precision, 4),
            "bcubed_recall": round(self.recall, 4),
            "bcubed_f1": round(self.f1, 4),
            "corroboration_accuracy": round(self.corroboration_accuracy, 4),
            "reports_without_claim": list(self.no_claim),
            "corroboration": [
                {
                    "story": s.story,
                    "predicted": s.predicted_id,
                    "gold_sources": s.gold_sources,
                    "sources": s.sources,
                    "gold_outlets": s.gold_outlets,
                    "outlets": s.outlets,
                    "exact": s.exact,
                }
                for s in self.corroboration
            ],
            **self.extra,
        }


def load_gold(path: Path) -> list[GoldReport]:
    """Read the labelled reports; a bad line raises :class:`EvalError` (E901) naming it."""
    out: list[GoldReport] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError("E901", path=path, line=0, reason=str(exc)) from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(
                GoldReport(
                    id=str(d["id"]),
                    story=str(d["story"]),
                    source=d.get("source"),
                    outlet=d.get("outlet"),
                    copy_of=d.get("copy_of"),
                    denial=bool(d.get("denial", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError("E901", path=path, line=n, reason=f"{type(exc).__name__}: {exc}") from exc
    return out


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` (item → cluster) against ``gold``."""
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_members: dict[str, set[str]] = {}
    gold_members: dict[str, set[str]] = {}
    for i in items:
        pred_members.setdefault(pred.get(i, f"__single__{i}"), set()).add(i)
        gold_members.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        c = pred_members[pred.get(i, f"__single__{i}")]
        g = gold_members[gold[i]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p /= len(items)
    r /= len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gold_corroboration(reports: list[GoldReport]) -> dict[str, tuple[int, int]]:
    """story → (independent sources, distinct outlets) from the labels."""
    srcs: dict[str, set[str]] = {}
    outs: dict[str, set[str]] = {}
    for r in reports:
        srcs.setdefault(r.story, set())
        outs.setdefault(r.story, set())
        if r.denial:
            continue
        if r.source:
            srcs[r.story].add(r.source)
        if r.outlet and not r.copy_of:
            outs[r.story].add(r.outlet)
    return {k: (len(srcs[k]), len(outs[k])) for k in srcs}


def assignments(engine: Engine, doc_ids: list[str]) -> dict[str, str]:
    """document → story of its highest-confidence claim (documents without claims are absent)."""
    from armswatch.store.schema import claims
    from armswatch.store.stories_schema import story_claims

    out: dict[str, tuple[float, str, str]] = {}
    with engine.connect() as conn:
        q = select(claims.c.document_id, claims.c.id, claims.c.confidence, story_claims.c.story_id).join(
            story_claims, story_claims.c.claim_id == claims.c.id
        )
        for doc, cid, conf, sid in conn.execute(q):
            if doc not in doc_ids:
                continue
            prev = out.get(doc)
            key = (-float(conf), cid, sid)
            if prev is None or key < prev:
                out[doc] = key
    return {d: v[2] for d, v in out.items()}


def score_store(engine: Engine, reports: list[GoldReport]) -> EvalReport:
    """Score the stories stored in ``engine`` against the labelled ``reports``."""
    from armswatch.store.stories_repo import get_story

    ids = [r.id for r in reports]
    pred = assignments(engine, ids)
    gold = {r.id: r.story for r in reports}
    p, rc, f = bcubed(pred, gold)
    gc = gold_corroboration(reports)
    scores: list[StoryScore] = []
    for story, (gs, go) in sorted(gc.items()):
        members = [r.id for r in reports if r.story == story and r.id in pred]
        votes = Counter(pred[m] for m in members)
        sid = min(votes, key=lambda k: (-votes[k], k)) if votes else None
        st = get_story(engine, sid) if sid else None
        scores.append(
            StoryScore(
                story=story,
                predicted_id=sid,
                gold_sources=gs,
                gold_outlets=go,
                sources=st.corroboration.independent_sources if st else 0,
                outlets=st.corroboration.distinct_outlets if st else 0,
            )
        )
    covered = {i: g for i, g in gold.items() if i in pred}
    pc, rcc, fc = bcubed(pred, covered)
    # Corroboration judged against the reports in which extraction found a claim: separates the
    # counting (this stage) from extraction recall (a report without a claim cannot be counted).
    gc_covered = gold_corroboration([r for r in reports if r.id in pred])
    by_story = {s.story: s for s in scores}
    exact_covered = sum(
        1
        for story, (gs, go) in gc_covered.items()
        if story in by_story and (by_story[story].sources, by_story[story].outlets) == (gs, go)
    )
    return EvalReport(
        extra={
            "with_claim": {
                "reports": len(covered),
                "bcubed_precision": round(pc, 4),
                "bcubed_recall": round(rcc, 4),
                "bcubed_f1": round(fc, 4),
                "corroboration_exact": exact_covered,
                "corroboration_stories": len(gc_covered),
            }
        },
        reports=len(reports),
        gold_stories=len(gc),
        predicted_stories=len(set(pred.values()) | {f"__single__{i}" for i in ids if i not in pred}),
        precision=p,
        recall=rc,
        f1=f,
        corroboration=tuple(scores),
        no_claim=tuple(i for i in ids if i not in pred),
    )


def run_eval(
    path: Path, db_url: str | None = None, batch_size: int = 10, distractors: tuple[str, ...] = ()
) -> EvalReport:
    """Ingest ``path`` into a store (a fresh temporary SQLite file unless ``db_url``) in batches of
    ``batch_size`` with the stories hook on (incremental updates), score the stories, then rebuild
    them and record how many stories the rebuild changed (``extra['rebuild_changes']``, expected 0).
    ``distractors`` are sources ingested first (e.g. the dev set): unlabelled reports whose claims
    may pull labelled reports into the wrong story; only labelled reports are scored.
    Uses the real extraction pipeline and near-duplicate detection."""
    import tempfile

    from armswatch.ingest.pipeline import Ingestor, default_extractor
    from armswatch.settings import Settings
    from armswatch.store import Store
    from armswatch.stories.update import rebuild_stories, story_updater

    reports = load_gold(path)
    with tempfile.TemporaryDirectory(prefix="armswatch-stories-eval-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'eval.db'}"
        with Store.open(url) as store:
            settings = Settings(batch_size=batch_size)
            ingestor = Ingestor(store=store, settings=settings, extract=default_extractor(settings))
            updater = story_updater(store.engine)
            ingestor.on_saved = updater
            summary = ingestor.run([*distractors, str(path)])
            report = score_store(store.engine, reports)
            rebuilt = rebuild_stories(store.engine, naming=updater.naming)
            report.extra["ingest"] = {
                "new": summary.counts.new,
                "near_duplicates": summary.counts.near_duplicate,
                "claims": summary.counts.claims,
                "batches": summary.counts.batches,
            }
            report.extra["incremental_changes"] = len(updater.changes)
            report.extra["rebuild_changes"] = len(rebuilt)
            return report


def load_gold_claims(reports_path: Path, claims_path: Path) -> list[Any]:
    """Hand-written claims (one per report) joined with the reports' metadata, as StoryClaims.

    Copies get the ``dup_group`` of their original, as ingest's near-duplicate detection would.
    This isolates clustering from extraction: it measures story building on perfect claims."""
    from datetime import date

    from armswatch.records import Quantity
    from armswatch.stories.model import StoryClaim

    meta = {}
    for line in reports_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            meta[d["id"]] = d
    out: list[StoryClaim] = []
    for n, line in enumerate(claims_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            c = json.loads(line)
            m = meta[c["id"]]
        except (ValueError, KeyError) as exc:
            raise EvalError("E901", path=claims_path, line=n, reason=f"{type(exc).__name__}: {exc}") from exc
        qty = Quantity(c["quantity"], c.get("quantity_value")) if c.get("quantity") else None
        out.append(
            StoryClaim(
                claim_id=f"clm-{c['id']}",
                doc_id=c["id"],
                supplier=c["supplier"],
                recipient=c["recipient"],
                status=c["status"],
                categories=tuple(c["categories"]),
                systems=tuple(c["systems"]),
                calibers_mm=tuple(c.get("calibers_mm", ())),
                quantity=qty,
                sources=tuple(c.get("sources", ())),
                denied_by=tuple(c.get("denied_by", ())),
                evidence=c.get("evidence", ""),
                published=date.fromisoformat(m["published"]) if m.get("published") else None,
                outlet=m.get("outlet"),
                url=m.get("url"),
                title=m.get("title"),
                dup_group=m.get("copy_of"),
            )
        )
    return out


def score_stories(stories: list[Any], reports: list[GoldReport]) -> EvalReport:
    """Score built stories (not stored) against the labels: the pure counterpart of :func:`score_store`."""
    pred: dict[str, str] = {}
    for s in stories:
        for d in s.doc_ids:
            pred.setdefault(d, s.id)
    by_id = {s.id: s for s in stories}
    gold = {r.id: r.story for r in reports}
    p, rc, f = bcubed(pred, gold)
    scores: list[StoryScore] = []
    for story, (gs, go) in sorted(gold_corroboration(reports).items()):
        votes = Counter(pred[r.id] for r in reports if r.story == story and r.id in pred)
        sid = min(votes, key=lambda k: (-votes[k], k)) if votes else None
        st = by_id.get(sid) if sid else None
        scores.append(
            StoryScore(
                story=story,
                predicted_id=sid,
                gold_sources=gs,
                gold_outlets=go,
                sources=st.corroboration.independent_sources if st else 0,
                outlets=st.corroboration.distinct_outlets if st else 0,
            )
        )
    return EvalReport(
        reports=len(reports),
        gold_stories=len({r.story for r in reports}),
        predicted_stories=len(set(pred.values())),
        precision=p,
        recall=rc,
        f1=f,
        corroboration=tuple(scores),
        no_claim=tuple(r.id for r in reports if r.id not in pred),
    )
