"""What the armswatch spaCy components share: the KB and the lexicon, attached to one ``nlp``.

The factories in ``pipeline.py`` read it from the ``nlp`` object they are given; there is no
module-level KB. Doc extensions used by the components are registered here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from armswatch.errors import ExtractError
from armswatch.extract.lexicon import Lexicon
from armswatch.kb.loader import KnowledgeBase

_ATTR = "armswatch_context"

#: Doc extensions: publication date (set before the pipeline runs), frames, role claims.
DOC_EXTENSIONS = (
    "aw_published", "aw_frames", "aw_roles", "aw_headline_end", "aw_sent_sources", "aw_reftime", "aw_text",
)  # fmt: skip


def register_extensions() -> None:
    """Register the Doc extensions (idempotent)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined from the tokens once per document and kept (``Doc._.aw_text``).

    ``Doc.text`` rebuilds the string from every token at each call; merging tokens never changes
    the text, so the kept string stays exact.
    """
    if not Doc.has_extension("aw_text"):
        return doc.text
    text = doc._.get("aw_text")
    if text is None:
        text = doc.text
        doc._.set("aw_text", text)
    return str(text)


@dataclass(frozen=True)
class ExtractContext:
    """KB and derived look-up tables used by every component of one pipeline."""

    kb: KnowledgeBase
    lexicon: Lexicon


def attach(nlp: Language, ctx: ExtractContext) -> None:
    """Attach ``ctx`` to ``nlp`` so that component factories can find it."""
    setattr(nlp, _ATTR, ctx)


def context_of(nlp: Language) -> ExtractContext:
    """The context attached to ``nlp`` (raises E303 when the pipeline was not built by armswatch)."""
    ctx = getattr(nlp, _ATTR, None)
    if not isinstance(ctx, ExtractContext):
        raise ExtractError("E303")
    return ctx
