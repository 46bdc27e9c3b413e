"""KB terms merged into single proper-noun tokens before parsing (``extract/merge.py``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from armswatch.extract.api import Extractor
from armswatch.extract.merge import KB_TERM
from armswatch.records import Document
from extract_fixtures import pairs, run, shared_extractor

UNSEEN = Path(__file__).parent / "data" / "extract_unseen" / "reports.jsonl"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


def _doc(ex: Extractor, text: str):  # type: ignore[no-untyped-def]
    return ex.nlp(ex._make_doc(Document(id="m", text=text)))


def test_components_sit_around_tagger_and_parser(extractor: Extractor) -> None:
    names = extractor.nlp.pipe_names
    assert names.index("armswatch_kb_merge_v1") < names.index("tok2vec") < names.index("parser")
    assert (
        names.index("armswatch_attribute_ruler_v1")
        < names.index("armswatch_kb_tags_v1")
        < names.index("armswatch_lemmatizer_v1")
    )
    assert names.index("armswatch_kb_tags_v1") < names.index("armswatch_mentions_v1")


def test_multi_token_system_becomes_one_proper_noun(extractor: Extractor) -> None:
    doc = _doc(extractor, "The first M142 HIMARS launchers sent by the United States reached Ukraine.")
    tok = next(t for t in doc if t.text == "M142 HIMARS")
    assert tok._.get(KB_TERM) and tok.tag_ == "NNP" and tok.pos_ == "PROPN"
    items = [s for s in doc.spans["aw_item"] if s.start == tok.i]
    assert items and items[0].label_ == "artillery"


def test_hyphenated_designation_is_tagged_as_name(extractor: Extractor) -> None:
    doc = _doc(extractor, "Iran has shipped Shahed-131 attack drones to Russia, Ukrainian officers said.")
    tok = next(t for t in doc if t.text == "Shahed-131")
    assert tok.pos_ == "PROPN"
    assert tok.norm_ == "shahed"


def test_calibres_are_not_merged(extractor: Extractor) -> None:
    got = pairs(run(extractor, "North Korea sent 122 mm and 152 mm shells to Russia, officials said."))
    assert ("PRK", "RUS") in got
    assert set(got[("PRK", "RUS")].calibers_mm) == {122, 152}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "Pyongyang delivered KN-23 missiles to Moscow in January, US officials said.",
            ("PRK", "RUS"),
            "missile",
        ),
        (
            "Poland bought 180 K2 Black Panther tanks from South Korea last year.",
            ("KOR", "POL"),
            "armoured_vehicle",
        ),
        ("Turkey sold Bayraktar TB2 drones to Ukraine in 2019, the company said.", ("TUR", "UKR"), "uav"),
    ],
)
def test_claims_with_merged_designations(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    got = pairs(run(extractor, text))
    assert pair in got
    assert category in got[pair].categories  # type: ignore[attr-defined]


def test_evidence_offsets_slice_the_text_after_merging(extractor: Extractor) -> None:
    """Merging changes token indices, not character offsets: every claim's evidence span slices
    its document's text exactly (checked on the whole held-out set)."""
    docs = []
    for line in UNSEEN.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append(Document(id=d["id"], text=d["text"], published=date.fromisoformat(d["published"])))
    n = 0
    for res in extractor.extract_many(docs):
        text = res.document.text
        for t in res.transfers:
            n += 1
            assert text[t.evidence_start : t.evidence_end].strip() == t.evidence
            assert t.evidence and t.evidence in text
    assert n >= 20
