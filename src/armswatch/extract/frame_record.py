"""The :class:`Frame` record: one transfer statement read off one sentence.

Shared by the frame builder (``frames.py``), the role filler (``frame_roles.py``), the surface
fallback, the status annotator, discourse and assembly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from armswatch.extract.items import ItemMention


@dataclass
class Frame:
    """One transfer statement in one sentence (mutable while the pipeline annotates it)."""

    trigger: int
    kind: str
    """``give`` or ``get``"""
    sent_start: int
    sent_end: int
    suppliers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    items: list[ItemMention] = field(default_factory=list)
    discourse: bool = False
    """A role was filled from an earlier sentence."""
    status: str = "confirmed"
    sources: list[str] = field(default_factory=list)
    source_parties: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    headline: bool = False
    cues: list[str] = field(default_factory=list)
    catalogue_origin: bool = False
    """No supplier slot in the text: the catalogue origin of a named system may stand in."""
    pronoun_theme: bool = False
    """The materiel is a pronoun ("sold them to Estonia"): items come from the previous frame."""
    reach: int = 2
    """Sentences back that an include-frame may borrow its pair from ("the deal covers …": more)."""

    @classmethod
    def at(cls, trigger: Token, kind: str, sent: Span, **fields: Any) -> Frame:
        """A frame triggered by ``trigger`` in sentence ``sent`` (other fields by keyword)."""
        return cls(trigger=trigger.i, kind=kind, sent_start=sent.start_char, sent_end=sent.end_char, **fields)
