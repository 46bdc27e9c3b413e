"""The pre-filter loses no claim: every document that yields a claim when parsed in full passes it.

The oracle is the full pipeline run with ``use_prefilter=False`` over the shared dev set, the
stories fixture reports, the unseen-style fixture reports (when present) and hand-written
sentences; unrelated news (the speed benchmark's paragraphs and hand-written traps) must be
rejected.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from armswatch.extract.api import Extractor
from armswatch.extract.prefilter import sentence_ends
from armswatch.records import Document
from extract_fixtures import shared_extractor

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
STORIES = ROOT / "tests" / "data" / "stories" / "reports.jsonl"
UNSEEN = ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl"
UNRELATED = ROOT / "benchmarks" / "data" / "unrelated.jsonl"

#: Reports that must pass (each yields a transfer or a role claim), written for this test.
RELEVANT = [
    "North Korea has shipped artillery shells to Russia, South Korean officials said on Monday.",
    "Pyongyang sent missiles to Moscow last autumn.",
    "Poland will send fighter jets to Ukraine.",
    "Washington approved the sale of 40 F-16s to Ankara.",
    "Germany delivered Leopard tanks to Kyiv in March.",
    "The United States gave Ukraine 31 Abrams tanks.",
    "Taiwan bought Harpoon missiles from the United States.",
    "Britain will supply Ukraine with tanks and armoured vehicles, the defence secretary said.",
    "Egypt received 24 Rafale jets from France.",
    "Turkey sold Bayraktar drones to Poland.",
    "Kyrylo Budanov, the head of Russia's Main Intelligence Directorate (GRU), said the talks had stalled.",
    "Russian Defence Minister Sergei Shoigu visited Pyongyang on Wednesday.",
]

#: Ordinary news the pre-filter must skip: weapon-like words in their everyday sense, parties and
#: triggers in different sentences, lower-case words that are party codes.
UNRELATED_TRAPS = [
    "Think tanks in Washington and Brussels delivered a report on trade with China.",
    "The two sides held three rounds of talks in Geneva, and Iran agreed to supply more oil to India.",
    "The shell company received payments from Cyprus, prosecutors in Italy said.",
    "Fuel tanks at the depot in Rotterdam were refilled, and petrol supply to Germany resumed.",
    "Her forehand was a guided missile all afternoon. The player from Ontario reached the final.",
    "Spain beat Brazil on Sunday.\n\nThe rocket reached orbit an hour after launch.",
    "The Patriots traded their quarterback to the Jets for two draft picks.",
    "Shares in the chipmaker rose after it shipped more chips to China than analysts expected.",
    "let us know if the turkey is delivered in time; it is on order with the shop.",
    "The central bank held its main interest rate at 4.5 percent, and exports to Japan rose.",
]


def _read(path: Path) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            rec = json.loads(line)
            published = rec.get("published")
            docs.append(
                Document(
                    id=str(rec.get("id", n)),
                    text=rec["text"],
                    title=rec.get("title"),
                    published=date.fromisoformat(published[:10]) if isinstance(published, str) else None,
                )
            )
    return docs


def _lost(ex: Extractor, docs: list[Document]) -> list[str]:
    """Ids of documents that yield a claim when parsed in full but that the pre-filter skips."""
    lost = []
    for result in ex.extract_many(docs, use_prefilter=False):
        if (result.transfers or result.role_claims) and not ex.prefilter.relevant(result.document.text):
            lost.append(result.document.id)
    return lost


@pytest.mark.slow
@pytest.mark.parametrize("path", [DEV, STORIES, UNSEEN], ids=["dev", "stories", "unseen"])
def test_no_claim_is_lost(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found")
    docs = _read(path)
    assert docs
    assert _lost(shared_extractor(), docs) == []


def test_hand_written_reports_pass_and_yield_claims() -> None:
    ex = shared_extractor()
    docs = [Document(id=f"r{i}", text=t) for i, t in enumerate(RELEVANT)]
    for result in ex.extract_many(docs, use_prefilter=False):
        assert result.transfers or result.role_claims, result.document.text  # the oracle sees a claim
    assert [d.text for d in docs if not ex.prefilter.relevant(d.text)] == []


def test_unrelated_traps_are_rejected() -> None:
    pf = shared_extractor().prefilter
    assert [t for t in UNRELATED_TRAPS if pf.relevant(t)] == []


def test_benchmark_unrelated_news_is_rejected() -> None:
    """The speed benchmark's unrelated paragraphs, alone and three to a document (as it builds them)."""
    pf = shared_extractor().prefilter
    paras = [
        str(json.loads(line)["text"]) for line in UNRELATED.read_text(encoding="utf-8").splitlines() if line
    ]
    assert [p for p in paras if pf.relevant(p)] == []
    rng = random.Random(7)
    mixed = ["\n\n".join(rng.sample(paras, 3)) for _ in range(300)]
    passed = sum(pf.relevant(t) for t in mixed)
    assert passed <= 3, f"{passed} of 300 unrelated documents passed"


def test_decision_is_per_sentence() -> None:
    pf = shared_extractor().prefilter
    # party, weapon and trigger in one sentence: kept; the same words spread over paragraphs: skipped
    assert pf.relevant("Iran shipped drones to Russia.")
    assert not pf.relevant("Iran won the match.\n\nThe drones were shipped to a hobby club.\n\nRain fell.")
    # a strong weapon term with the party in the next sentence (a pronoun subject): kept
    assert pf.relevant(
        "It delivered 122mm shells last week. Officials in Seoul said North Korea was behind it."
    )


def test_ambiguous_weapon_word_needs_a_second_cue() -> None:
    pf = shared_extractor().prefilter
    assert not pf.relevant("Spain supplied the tanks.")
    assert pf.relevant("Spain supplied the tanks to its army.")  # a military context word
    assert pf.relevant("Spain supplied the tanks to Morocco.")  # two parties in the sentence
    assert pf.relevant("Spain supplied the tanks and trucks.")  # two weapon terms
    assert pf.relevant("Spain bought 155mm howitzers in 2020.\n\nItaly supplied the tanks.")  # strong term


def test_party_names_keep_their_case() -> None:
    pf = shared_extractor().prefilter
    assert pf.relevant("The US sent howitzers.")
    assert not pf.relevant("They sent us howitzers.")  # "us" is not the United States
    assert pf.relevant("Kyiv received Patriot missiles from Germany.")


def test_sentence_split_keeps_abbreviations() -> None:
    low = "the u.s. sent shells. then more followed!\nnew line"
    ends = sentence_ends(low)
    assert [low[a:b].strip() for a, b in zip([0, *ends], [*ends, len(low)], strict=True)] == [
        "the u.s. sent shells.",
        "then more followed!",
        "new line",
    ]
