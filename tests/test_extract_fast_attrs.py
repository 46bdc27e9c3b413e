"""The cached attribute ruler (``extract/fast_attrs.py``) sets what spaCy's attribute ruler sets.

Both run on the same parsed documents (the armswatch pipeline up to the ruler); every token must
end with the same POS, morphology, lemma, tag and dependency label. The texts: the dev set, the
fixture report sets, and sentences written here for the rare multi-token rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from armswatch.extract.api import Extractor
from armswatch.extract.fast_attrs import FastAttributeRuler
from armswatch.records import Document
from extract_fixtures import shared_extractor

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ROOT.parent / "shared" / "eval" / "dev.jsonl",
    ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl",
    ROOT / "tests" / "data" / "stories" / "reports.jsonl",
]

#: Written for this test: contractions and multi-token rules ("gon na", "let 's", "there is").
SENTENCES = [
    "Y'all gonna see the convoy. Let's go, there is a depot, ain't it? We gotta wait, c'mon.",
    "Nothin' was delivered, and the officials said there were no shells left.",
    "It's done.   Three  spaces\n\n\nand line breaks, doin' fine; ol' trucks, 'em and we'll see.",
    "",
    "Kyiv",
]


def _annotations(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def _before_ruler(ex: Extractor, text: str) -> Doc:
    doc = ex._make_doc(Document(id="a", text=text))
    for name, proc in ex.nlp.pipeline:
        if name == "armswatch_attribute_ruler_v1":
            return doc
        doc = proc(doc)
    raise AssertionError("no armswatch_attribute_ruler_v1 in the pipeline")


def _texts() -> list[str]:
    texts = list(SENTENCES)
    for path in SETS:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return texts


def test_replaces_the_model_ruler() -> None:
    ex = shared_extractor()
    assert "attribute_ruler" not in ex.nlp.pipe_names
    fast = ex.nlp.get_pipe("armswatch_attribute_ruler_v1")
    assert isinstance(fast, FastAttributeRuler) and isinstance(fast.ruler, AttributeRuler)
    assert fast.supported and fast.multi  # the model's patterns are all understood


@pytest.mark.slow
def test_same_annotations_as_spacy_ruler() -> None:
    ex = shared_extractor()
    fast = ex.nlp.get_pipe("armswatch_attribute_ruler_v1")
    fast.cache.clear()
    differ = []
    for text in _texts():
        doc = _before_ruler(ex, text)
        a, b = doc.copy(), doc.copy()
        fast.ruler(a)
        fast(b)
        if _annotations(a) != _annotations(b):
            differ.append(text[:60])
    assert differ == []


def test_same_annotations_on_hand_written_sentences() -> None:
    ex = shared_extractor()
    fast = ex.nlp.get_pipe("armswatch_attribute_ruler_v1")
    for text in SENTENCES:
        doc = _before_ruler(ex, text)
        a, b = doc.copy(), doc.copy()
        fast.ruler(a)
        fast(b)
        assert _annotations(a) == _annotations(b), text
    doc = _before_ruler(ex, SENTENCES[0])
    fast(doc)
    assert [t.lemma_ for t in doc if t.lower_ in ("gon", "na")] == ["go", "to"]


def test_unsupported_patterns_fall_back_to_the_ruler() -> None:
    ex = shared_extractor()
    ruler = AttributeRuler(ex.nlp.vocab)
    ruler.add([[{"LOWER": "shells", "OP": "+"}]], {"LEMMA": "shellz"})
    fast = FastAttributeRuler(ruler)
    assert not fast.supported
    doc = fast(ex.nlp.make_doc("Two shells."))
    assert doc[1].lemma_ == "shellz"
