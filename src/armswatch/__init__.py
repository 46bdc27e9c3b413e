"""armswatch: monitor military-equipment transfers between states, extracted from news.

Library first; the CLI is a thin layer over these calls::

    import armswatch
    result = armswatch.extract_claims("Pyongyang shipped three million shells to Moscow.")
    for claim in result.transfers:
        print(claim.supplier, claim.recipient, claim.categories, claim.status)

Nothing heavy happens at import: the spaCy pipeline and knowledge base load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from armswatch.extract.api import extract_batch, extract_claims  # noqa: F401
    from armswatch.records import Document, ExtractionResult, RoleClaim, TransferClaim  # noqa: F401

_LAZY = {
    "extract_claims": "armswatch.extract.api",
    "extract_batch": "armswatch.extract.api",
    "Extractor": "armswatch.extract.api",
    "Document": "armswatch.records",
    "ExtractionResult": "armswatch.records",
    "TransferClaim": "armswatch.records",
    "RoleClaim": "armswatch.records",
    "KnowledgeBase": "armswatch.kb",
    "Settings": "armswatch.settings",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'armswatch' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
