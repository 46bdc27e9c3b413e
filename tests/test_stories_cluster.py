"""Story clustering (pure functions): the labelled set on hand-written claims, determinism, splits."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from armswatch.stories.build import build_stories
from armswatch.stories.cluster import ClusterConfig, cluster_claims, is_vague
from armswatch.stories.evaluate import bcubed, gold_corroboration, score_stories
from stories_fixtures import claim, gold, gold_claims, naming


def test_bcubed_known_values() -> None:
    gold_ = {"a": "X", "b": "X", "c": "Y"}
    assert bcubed({"a": "1", "b": "1", "c": "2"}, gold_) == (1.0, 1.0, 1.0)
    p, r, _f = bcubed({"a": "1", "b": "1", "c": "1"}, gold_)
    assert round(p, 4) == round((2 / 3 + 2 / 3 + 1 / 3) / 3, 4)
    assert r == 1.0
    p, r, _ = bcubed({}, gold_)  # every item a singleton
    assert p == 1.0 and round(r, 4) == round((0.5 + 0.5 + 1) / 3, 4)


def test_labelled_set_shape() -> None:
    reps = gold()
    assert len(reps) >= 80
    stories = {r.story for r in reps}
    assert len(stories) >= 15
    per_pair: dict[str, int] = {}
    for s in stories:
        pair = "-".join(s.split("-")[:2])
        per_pair[pair] = per_pair.get(pair, 0) + 1
    assert sum(1 for n in per_pair.values() if n >= 2) >= 4  # pairs with two or more distinct stories
    assert len(per_pair) >= 10
    assert sum(1 for r in reps if r.copy_of) >= 10


def test_clustering_of_hand_written_claims_meets_goal() -> None:
    """With perfect claims the clustering alone reaches B-cubed F1 >= 0.95 and exact corroboration."""
    stories = build_stories(gold_claims(), naming())
    report = score_stories(stories, gold())
    assert report.f1 >= 0.95, report.to_dict()
    assert report.precision >= 0.95
    wrong = [s for s in report.corroboration if not s.exact]
    assert not wrong, wrong


def test_gold_corroboration_counts_copies_and_denials_correctly() -> None:
    counts = gold_corroboration(gold())
    # prk-rus-shells: 6 named sources; the Kremlin denial adds none; two copies add no outlet
    assert counts["prk-rus-shells"] == (6, 5)
    assert counts["usa-ukr-himars"] == (3, 4)


def test_same_pair_distinct_stories_are_split() -> None:
    stories = build_stories(gold_claims(), naming())
    prk = [s for s in stories if (s.supplier, s.recipient) == ("PRK", "RUS")]
    assert len(prk) == 2
    shells = next(s for s in prk if "r004" in s.doc_ids)
    missiles = next(s for s in prk if "r015" in s.doc_ids)
    assert "r010" in missiles.doc_ids and "r010" not in shells.doc_ids
    assert shells.categories[0] == "ammunition" and missiles.categories[0] == "missile"
    ukr = {s.title for s in stories if (s.supplier, s.recipient) == ("USA", "UKR")}
    assert len(ukr) == 3


def test_result_does_not_depend_on_input_order() -> None:
    claims = gold_claims()
    first = build_stories(claims, naming())
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    assert build_stories(shuffled, naming()) == first


def test_near_duplicate_copy_joins_even_when_dissimilar() -> None:
    a = claim("d1", "2023-09-01", systems=("152 mm artillery shell",))
    other = claim("d2", "2023-09-02", cats=("missile",), systems=("KN-23",), evidence="Missiles went east.")
    copy = replace(other, claim_id="clm-d3", doc_id="d3", dup_group="d1")
    groups = cluster_claims([a, other, copy])
    assert [[c.doc_id for c in g] for g in groups] == [["d1", "d3"], ["d2"]]


def test_large_time_gap_starts_a_new_story() -> None:
    a = claim("d1", "2020-01-01")
    b = claim("d2", "2023-01-01")
    assert len(cluster_claims([a, b])) == 2
    assert len(cluster_claims([a, b], ClusterConfig(max_gap_days=5000))) == 1


def test_different_pairs_never_share_a_story() -> None:
    a = claim("d1", "2023-09-01")
    b = claim("d2", "2023-09-01", pair=("PRK", "SYR"))
    assert len(cluster_claims([a, b])) == 2


def test_resuming_from_a_stored_partition_equals_full_clustering() -> None:
    from armswatch.stories.cluster import can_resume
    from armswatch.stories.model import StoryClaim

    claims = sorted(gold_claims(), key=StoryClaim.sort_key)
    cut = len(claims) * 2 // 3
    head = cluster_claims(claims[:cut])
    seed: dict[tuple[str, str], list[list[str]]] = {}
    for g in head:
        seed.setdefault(g[0].pair, []).append([c.claim_id for c in g])
    full = cluster_claims(claims)
    for pair, groups in seed.items():
        pair_claims = [c for c in claims if c.pair == pair]
        assert can_resume(pair_claims, groups)
    assert cluster_claims(claims, seed=seed) == full
    # a backfilled claim (earlier than stored ones) forbids resuming
    early = replace(claims[cut], published=claims[0].published, claim_id="clm-early")
    pair_claims = [c for c in [*claims[:cut], early] if c.pair == early.pair]
    assert not can_resume(pair_claims, seed[early.pair])


def test_vague_denial_joins_the_pairs_most_recent_story() -> None:
    shells = claim("d1", "2024-01-10", systems=("152 mm artillery shell",))
    missiles = claim("d2", "2024-01-15", cats=("missile",), systems=("KN-23",), evidence="KN-23 missiles.")
    denial = claim(
        "d3", "2024-01-17", status="denied", cats=("other",), systems=("weapons",), evidence="Denied it all."
    )
    groups = {g[0].doc_id: [c.doc_id for c in g] for g in cluster_claims([shells, missiles, denial])}
    assert groups == {"d1": ["d1"], "d2": ["d2", "d3"]}
    late = replace(denial, claim_id="clm-d4", doc_id="d4", published=date(2024, 9, 1))
    assert len(cluster_claims([shells, missiles, late])) == 3  # outside the window: its own story
    specific = replace(denial, categories=("missile",), systems=("Hwasong-11",))
    assert is_vague(denial) and not is_vague(specific)


def test_backfill_resumes_from_the_prefix_before_the_earliest_new_claim() -> None:
    from armswatch.stories.model import StoryClaim
    from armswatch.stories.update import _resumable

    claims = sorted(gold_claims(), key=StoryClaim.sort_key)
    prk = [c for c in claims if c.pair == ("PRK", "RUS")]
    late_new = prk[len(prk) // 2]  # a report that arrives after the others but is dated mid-story
    stored = build_stories([c for c in claims if c is not late_new], naming())
    seed = _resumable(claims, stored)
    assert ("PRK", "RUS") in seed
    kept = {cid for g in seed[("PRK", "RUS")] for cid in g}
    assert kept and all(c.sort_key() < late_new.sort_key() for c in prk if c.claim_id in kept)
    assert len(kept) == len(prk) // 2
    assert build_stories(claims, naming(), seed=seed) == build_stories(claims, naming())
