"""Session-scoped fixtures of the extraction tests: the spaCy pipeline is loaded once."""

from __future__ import annotations

from datetime import date

import pytest

from armswatch.extract.api import Extractor
from armswatch.records import Document, ExtractionResult


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One Extractor (real KB, real model) for the whole test session."""
    return Extractor()


def run(ex: Extractor, text: str, published: date | None = None, title: str | None = None) -> ExtractionResult:
    """Extract one made-up text."""
    return ex.extract(Document(id="t", text=text, published=published, title=title))


def pairs(result: ExtractionResult) -> dict[tuple[str, str], object]:
    """(supplier, recipient) → claim."""
    return {(t.supplier, t.recipient): t for t in result.transfers}
