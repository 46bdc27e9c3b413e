"""The fully cached lemmatizer (``extract/fast_lemma.py``) gives spaCy's rule lemmatizer's lemmas.

Both run on the same documents (the armswatch pipeline up to the lemmatizer): the dev set, the
fixture report sets and sentences written here (irregular forms, proper nouns, attribute-ruler
exceptions, spaces).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from armswatch.extract.api import Extractor
from armswatch.extract.fast_lemma import FastLemmatizer
from armswatch.records import Document
from extract_fixtures import shared_extractor

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ROOT.parent / "shared" / "eval" / "dev.jsonl",
    ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl",
    ROOT / "tests" / "data" / "stories" / "reports.jsonl",
]

#: Written for this test.
SENTENCES = [
    "The ministries were buying better howitzers; Ankara had sold its oldest frigates.",
    "Shipments went out, mice ate the wires, and the geese flew over Kharkiv's warehouses.",
    "They've gotta be kidding: we're gonna see 155mm shells and F-16s delivered.  \n\nDone.",
    "",
]


def _before_lemmatizer(ex: Extractor, text: str) -> Doc:
    doc = ex._make_doc(Document(id="l", text=text))
    for name, proc in ex.nlp.pipeline:
        if name == "armswatch_lemmatizer_v1":
            return doc
        doc = proc(doc)
    raise AssertionError("no armswatch_lemmatizer_v1 in the pipeline")


def _compare(ex: Extractor, texts: list[str]) -> list[str]:
    fast = ex.nlp.get_pipe("armswatch_lemmatizer_v1")
    fast.cache.clear()
    differ = []
    for text in texts:
        doc = _before_lemmatizer(ex, text)
        a, b = doc.copy(), doc.copy()
        fast.lemmatizer(a)
        fast(b)
        if [t.lemma_ for t in a] != [t.lemma_ for t in b]:
            differ.append(text[:60])
    return differ


def test_replaces_the_model_lemmatizer() -> None:
    nlp = shared_extractor().nlp
    assert "lemmatizer" not in nlp.pipe_names
    fast = nlp.get_pipe("armswatch_lemmatizer_v1")
    assert isinstance(fast, FastLemmatizer) and isinstance(fast.lemmatizer, Lemmatizer) and fast.supported


def test_same_lemmas_on_hand_written_sentences() -> None:
    ex = shared_extractor()
    assert _compare(ex, SENTENCES) == []
    doc = ex.nlp(ex._make_doc(Document(id="l", text=SENTENCES[0])))
    assert [t.lemma_ for t in doc if t.text in ("ministries", "were", "sold", "frigates")] == [
        "ministry",
        "be",
        "sell",
        "frigate",
    ]


@pytest.mark.slow
def test_same_lemmas_on_report_sets() -> None:
    texts = []
    for path in SETS:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    assert texts
    assert _compare(shared_extractor(), texts) == []
