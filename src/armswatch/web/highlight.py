"""Split a document's text into segments marked by the claims and role checks that cover them.

The template renders each segment as escaped text, wrapped in ``<mark>`` when it is evidence of a
claim or a checked role statement. Offsets come from the store; when they do not match the text
(e.g. a claim whose offsets refer to another normalisation), the evidence string is searched for
instead, and a span that cannot be placed is skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    ref: str
    """Id of the claim or role check (used for anchors and hover links)."""
    kind: str
    """``claim``, ``role-ok`` or ``role-wrong``."""
    evidence: str | None = None


@dataclass(frozen=True)
class Segment:
    text: str
    refs: tuple[str, ...]
    kinds: tuple[str, ...]


def place(text: str, span: Span) -> Span | None:
    """``span`` with offsets checked against ``text`` (re-found by its evidence when they are off)."""
    ok = 0 <= span.start < span.end <= len(text)
    if ok and (span.evidence is None or text[span.start : span.end] == span.evidence):
        return span
    if span.evidence:
        i = text.find(span.evidence)
        if i >= 0:
            return Span(i, i + len(span.evidence), span.ref, span.kind, span.evidence)
    return span if ok else None


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    placed = [p for s in spans if (p := place(text, s)) is not None]
    cuts = sorted({0, len(text), *(s.start for s in placed), *(s.end for s in placed)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        covering = [s for s in placed if s.start <= a and b <= s.end]
        out.append(
            Segment(
                text[a:b],
                tuple(dict.fromkeys(s.ref for s in covering)),
                tuple(sorted({s.kind for s in covering})),
            )
        )
    return out
