"""Public extraction API: :class:`Extractor`, :func:`extract_claims`, :func:`extract_batch`.

::

    from armswatch.extract.api import Extractor
    ex = Extractor()                         # loads the KB and the spaCy pipeline once
    result = ex.extract(Document(id="d1", text="Pyongyang shipped shells to Moscow."))
    for r in ex.extract_many(docs, batch_size=32):
        ...

Documents that the pre-filter rejects are not parsed and yield an empty result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from armswatch.extract import blas
from armswatch.extract.assemble import assemble
from armswatch.extract.context import context_of
from armswatch.extract.pipeline import build_pipeline
from armswatch.extract.prefilter import Prefilter
from armswatch.kb.loader import KnowledgeBase
from armswatch.records import Document, ExtractionResult
from armswatch.settings import Settings

__all__ = ["Extractor", "extract_batch", "extract_claims", "headline_end", "reference_date"]

_SENT_END = re.compile(r"[.!?\"'\u201d\u2019)]\s*$")


def headline_end(document: Document) -> int:
    """Character offset where the headline/lede label at the top of the text ends (0 if none).

    The first line counts as a headline when it repeats the title or lacks sentence-final
    punctuation and is followed by a blank line or a line break.
    """
    text = document.text
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if document.title and stripped.startswith(document.title.strip()):
        return offset + len(document.title.strip())
    first, sep, _ = stripped.partition("\n")
    if sep and first.strip() and not _SENT_END.search(first) and len(first) < 200:
        return offset + len(first)
    return 0


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def reference_date(text: str) -> date | None:
    """When the events of a report happen: 1 January of the median year it mentions (None if none).

    Used only to pick between a former state and its successor ("Moscow" in 1973 is the USSR,
    also in a retrospective published in 2023); the publication date is the fallback.
    """
    years = sorted(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    return date(years[len(years) // 2], 1, 1)


class Extractor:
    """Extracts transfer and role claims; loads the KB and the spaCy pipeline once."""

    def __init__(self, kb: KnowledgeBase | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.kb = kb or KnowledgeBase.load()
        self.nlp: Language = build_pipeline(self.kb, self.settings.spacy_model, self.settings.blas)
        self._lexicon = context_of(self.nlp).lexicon
        self.prefilter = Prefilter(self.kb, self._lexicon)

    def _make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.aw_published = document.published
        doc._.aw_reftime = reference_date(document.text) or document.published
        doc._.aw_headline_end = headline_end(document)
        return doc

    def extract(self, document: Document) -> ExtractionResult:
        """Extract the claims of one document."""
        return next(self.extract_many([document], batch_size=1))

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 32, *, use_prefilter: bool = True
    ) -> Iterator[ExtractionResult]:
        """Extract claims from many documents (``nlp.pipe`` in batches); results keep the input order.

        ``use_prefilter=False`` parses every document, also those the pre-filter would skip (the
        recall check of the pre-filter compares both runs).
        """
        threshold = self.settings.confidence_threshold
        it = iter(documents)
        while True:
            # Read on until ``batch_size`` documents to parse are gathered (at most
            # ``batch_size * 64`` read), so that a stream of mostly unrelated news still reaches the
            # parser in full batches, not a few documents per ``nlp.pipe`` call (speed only).
            chunk: list[Document] = []
            keep: list[Document] = []
            for d in it:
                chunk.append(d)
                if not use_prefilter or self.prefilter.relevant(d.text):
                    keep.append(d)
                if len(keep) >= batch_size or len(chunk) >= batch_size * 64:
                    break
            if not chunk:
                return
            parsed = {}
            if keep:
                with blas.one_thread(self.settings.blas):
                    for document, doc in zip(
                        keep,
                        self.nlp.pipe((self._make_doc(d) for d in keep), batch_size=batch_size),
                        strict=True,
                    ):
                        parsed[id(document)] = assemble(
                            doc, document, threshold, context_of(self.nlp).lexicon
                        )
            for d in chunk:
                yield parsed.get(id(d)) or ExtractionResult(document=d)


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    return Extractor()


def _as_document(item: Document | str, published: date | None = None) -> Document:
    if isinstance(item, Document):
        return item
    return Document(id=Document.make_id(item), text=item, published=published)


def extract_claims(text: str, published: date | None = None) -> ExtractionResult:
    """Extract the claims of one text with the default KB and settings (pipeline loaded once)."""
    return _default_extractor().extract(_as_document(text, published))


def extract_batch(items: Iterable[Document | str], batch_size: int = 32) -> Iterator[ExtractionResult]:
    """Extract claims from an iterable of documents or texts, lazily, in input order."""
    return _default_extractor().extract_many((_as_document(i) for i in items), batch_size=batch_size)
