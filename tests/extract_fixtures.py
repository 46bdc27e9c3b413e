"""Session-scoped fixtures of the extraction tests: the spaCy pipeline is loaded once."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from armswatch.extract.api import Extractor
from armswatch.records import Document, ExtractionResult


@lru_cache(maxsize=1)
def shared_extractor() -> Extractor:
    """One Extractor (real KB, real model) for the whole test session, whichever module asks."""
    return Extractor()


def run(
    ex: Extractor, text: str, published: date | None = None, title: str | None = None
) -> ExtractionResult:
    """Extract one made-up text."""
    return ex.extract(Document(id="t", text=text, published=published, title=title))


def pairs(result: ExtractionResult) -> dict[tuple[str, str], object]:
    """(supplier, recipient) → claim."""
    return {(t.supplier, t.recipient): t for t in result.transfers}


def categories_of(ex: Extractor, text: str, sup: str, rec: str) -> set[str] | None:
    """The categories extracted for the pair (``sup``, ``rec``) from ``text``, None without the pair."""
    claim = next((t for t in run(ex, text).transfers if (t.supplier, t.recipient) == (sup, rec)), None)
    return None if claim is None else set(claim.categories)
