"""Group claims into stories: a deterministic, online assignment in canonical order.

Claims of one (supplier, recipient) pair are visited in canonical order (published date, document
id, claim id). Each claim joins the most similar story founded by earlier claims when the score
reaches the threshold, otherwise it founds a new story. A claim's assignment therefore depends only
on the claims before it, which is what makes an incremental update equal a full rebuild: the
update recomputes the pairs it touched from their stored claims (see ``stories.update``).

The score of a claim against a story is the mean of its pairwise scores with the story's most
recent members (average linkage: one report that mentions both shells and missiles cannot chain a
shells story and a missiles story together). A pairwise score combines category overlap, system
overlap, text similarity of the evidence and title (cosine over content tokens; no corpus
statistics, so it does not drift as the store grows), and a time-gap penalty. A claim whose
document is a near-duplicate copy of a document already in a story joins that story directly.
The measure and weights were chosen by measurement on ``tests/data/stories/reports.jsonl`` (see
``docs/stories.md``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from armswatch.records import stable_id
from armswatch.stories.model import StoryClaim
from armswatch.stories.normalise import system_tokens, tokens


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Weights of the assignment score. ``linkage``: ``average`` (mean over the story's most recent
    members; the default), ``max`` (best single member) or ``centroid``."""

    threshold: float = 0.06
    w_category: float = 0.30
    w_system: float = 0.40
    w_text: float = 0.30
    time_scale_days: float = 120.0
    time_penalty: float = 0.05
    max_gap_days: int = 540
    """A claim further than this from every member of a story never joins it."""
    text_measure: str = "cosine"
    """``cosine`` over token counts, ``jaccard`` over token sets, or ``none``."""
    linkage: str = "average"
    max_members: int = 16
    """Average and max linkage compare with at most this many most recent members of a story: a
    story may drift (shells in 2023, more shells in 2024) and the cost stays bounded."""
    vague_window_days: int = 90
    """A vague claim (only generic 'weapons'/'military aid', category ``other``) that matches no
    story joins the pair's most recently updated story if that was updated within this window:
    'X denied sending weapons to Y' is about whatever X was last reported to send Y."""


DEFAULT_CONFIG = ClusterConfig()


@dataclass(frozen=True, slots=True)
class _Features:
    cats: frozenset[str]
    systems: frozenset[str]
    text: Counter[str]
    norm: float
    day: int | None


@dataclass(slots=True)
class _Cluster:
    founder: StoryClaim
    members: list[tuple[StoryClaim, _Features]] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    cats: Counter[str] = field(default_factory=Counter)
    systems: Counter[str] = field(default_factory=Counter)
    text: Counter[str] = field(default_factory=Counter)
    last_day: int | None = None

    def add(self, claim: StoryClaim, f: _Features) -> None:
        self.members.append((claim, f))
        if f.day is not None and (self.last_day is None or f.day > self.last_day):
            self.last_day = f.day
        self.groups.add(claim.group)
        self.cats.update(f.cats)
        self.systems.update(f.systems)
        self.text.update(f.text)


def story_id(founder: StoryClaim) -> str:
    """The stable id of a story: derived from its founding claim."""
    return "sty-" + stable_id(founder.supplier, founder.recipient, founder.claim_id)


def is_vague(claim: StoryClaim) -> bool:
    """Only generic materiel: category ``other`` (or none) and no designation or calibre."""
    if set(claim.categories) - {"other"}:
        return False
    return not any(ch.isdigit() or ch.isupper() for s in claim.systems for ch in s)


def features(claim: StoryClaim, drop: frozenset[str] = frozenset()) -> _Features:
    """What the score compares: categories, system tokens, text tokens (evidence + title), day."""
    text = Counter(tokens(f"{claim.title or ''} {claim.evidence}", drop))
    return _Features(
        cats=frozenset(claim.categories),
        systems=system_tokens(claim.systems, claim.calibers_mm),
        text=text,
        norm=math.sqrt(sum(v * v for v in text.values())),
        day=claim.published.toordinal() if claim.published else None,
    )


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _containment(a: frozenset[str], b: Iterable[str]) -> float:
    if not a:
        return 0.0
    bs = set(b)
    return len(a & bs) / len(a)


def _cosine(a: Counter[str], na: float, b: Counter[str], nb: float) -> float:
    if not na or not nb:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(v * large.get(k, 0) for k, v in small.items()) / (na * nb)


def _text_sim(cfg: ClusterConfig, a: _Features, b_text: Counter[str], b_norm: float) -> float:
    if cfg.text_measure == "none":
        return 0.0
    if cfg.text_measure == "jaccard":
        return _jaccard(set(a.text), set(b_text))
    return _cosine(a.text, a.norm, b_text, b_norm)


def _time_penalty(cfg: ClusterConfig, gap: int | None) -> float | None:
    """Penalty for a gap in days; None when the gap is beyond ``max_gap_days``."""
    if gap is None:
        return 0.0
    if gap > cfg.max_gap_days:
        return None
    return cfg.time_penalty * min(gap / cfg.time_scale_days, 3.0)


def _pair_score(cfg: ClusterConfig, a: _Features, b: _Features) -> float | None:
    gap = abs(a.day - b.day) if a.day is not None and b.day is not None else None
    pen = _time_penalty(cfg, gap)
    if pen is None:
        return None
    cat = _jaccard(a.cats, b.cats)
    sys_ = _jaccard(a.systems, b.systems) if a.systems and b.systems else 0.5 * cat
    text = _text_sim(cfg, a, b.text, b.norm)
    return cfg.w_category * cat + cfg.w_system * sys_ + cfg.w_text * text - pen


def _centroid_score(cfg: ClusterConfig, a: _Features, c: _Cluster) -> float | None:
    days = [f.day for _, f in c.members if f.day is not None]
    gap = min(abs(a.day - d) for d in days) if a.day is not None and days else None
    pen = _time_penalty(cfg, gap)
    if pen is None:
        return None
    cat = _containment(a.cats, c.cats)
    sys_ = _containment(a.systems, c.systems) if a.systems and c.systems else 0.5 * cat
    norm = math.sqrt(sum(v * v for v in c.text.values()))
    text = _text_sim(cfg, a, c.text, norm)
    return cfg.w_category * cat + cfg.w_system * sys_ + cfg.w_text * text - pen


def score(cfg: ClusterConfig, a: _Features, c: _Cluster) -> float | None:
    """Similarity of a claim to a story, or None when the story is out of reach in time."""
    if cfg.linkage == "centroid":
        return _centroid_score(cfg, a, c)
    if a.day is not None and c.last_day is not None and a.day - c.last_day > cfg.max_gap_days:
        return None
    scores = [s for _, f in c.members[-cfg.max_members :] if (s := _pair_score(cfg, a, f)) is not None]
    if not scores:
        return None
    if cfg.linkage == "max":
        return max(scores)
    return sum(scores) / len(scores)


def cluster_claims(
    claims: Iterable[StoryClaim],
    config: ClusterConfig = DEFAULT_CONFIG,
    drop_words: frozenset[str] = frozenset(),
    seed: Mapping[tuple[str, str], Sequence[Sequence[str]]] | None = None,
) -> list[list[StoryClaim]]:
    """Partition claims into stories; each list is in canonical order and starts with the founder.

    ``drop_words`` are tokens ignored by the text measure (party names: they are shared by every
    story of a pair and would only inflate similarity). The result depends only on the set of
    claims, not on the order they are given in.

    ``seed`` (pair → claim ids of each earlier story) resumes a pair from a stored partition instead
    of recomputing it: valid only when every unseeded claim of the pair sorts after every seeded
    one, which :func:`can_resume` checks. Resuming then gives exactly the full result."""
    by_pair: dict[tuple[str, str], list[StoryClaim]] = {}
    for c in claims:
        by_pair.setdefault(c.pair, []).append(c)
    out: list[list[StoryClaim]] = []
    for pair in sorted(by_pair):
        ordered = sorted(by_pair[pair], key=StoryClaim.sort_key)
        groups = (seed or {}).get(pair)
        out.extend(_cluster_pair(ordered, config, drop_words, groups))
    return out


def can_resume(claims: Sequence[StoryClaim], groups: Sequence[Sequence[str]]) -> bool:
    """True when ``groups`` (stored stories of one pair) cover only existing claims and every other
    claim sorts after all of them: the online assignment can then continue where it stopped."""
    seeded = {cid for g in groups for cid in g}
    if not seeded:
        return False
    keys = {c.claim_id: c.sort_key() for c in claims}
    if not seeded <= keys.keys():
        return False
    last = max(keys[cid] for cid in seeded)
    return all(k > last for cid, k in keys.items() if cid not in seeded)


def _cluster_pair(
    ordered: Sequence[StoryClaim],
    cfg: ClusterConfig,
    drop: frozenset[str],
    groups: Sequence[Sequence[str]] | None = None,
) -> list[list[StoryClaim]]:
    clusters: list[_Cluster] = []
    if groups:
        by_id = {c.claim_id: c for c in ordered}
        for g in groups:
            members = sorted((by_id[cid] for cid in g), key=StoryClaim.sort_key)
            cl = _Cluster(founder=members[0])
            for m in members:
                cl.add(m, features(m, drop))
            clusters.append(cl)
        clusters.sort(key=lambda cl: cl.founder.sort_key())
        seeded = {cid for g in groups for cid in g}
        ordered = [c for c in ordered if c.claim_id not in seeded]
    for claim in ordered:
        f = features(claim, drop)
        target: _Cluster | None = None
        for c in clusters:
            if claim.dup_group and claim.group in c.groups:
                target = c
                break
        if target is None:
            best_score = cfg.threshold
            for c in clusters:
                s = score(cfg, f, c)
                if s is not None and s >= best_score and (target is None or s > best_score):
                    target, best_score = c, s
        if target is None and f.day is not None and is_vague(claim):
            window = cfg.vague_window_days
            recent = [c for c in clusters if c.last_day is not None and 0 <= f.day - c.last_day <= window]
            if recent:
                target = max(recent, key=lambda c: c.last_day or 0)  # ties: the earliest story
        if target is None:
            target = _Cluster(founder=claim)
            clusters.append(target)
        target.add(claim, f)
    return [[m for m, _ in c.members] for c in clusters]
