"""Calibres and quantities: a regex/Matcher component and number parsing.

Calibres in every usual spelling — "155mm", "152-mm", "152 millimetre", "152-millimeter",
"122- and 152-mm", "122 mm and 152 mm", "105, 122 or 155 mm" — become spans in
``doc.spans["aw_calibre"]`` whose ``kb_id_`` is the integer calibre. Quantities ("some 6,700",
"three million", "a dozen", "more than 400", "1.5 million", "dozens of") are parsed by
:func:`parse_number` when the frame builder attaches them to an item.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from armswatch.extract.context import doc_text

_UNIT = r"(?:mm|millimet(?:re|er)s?)\b"
_ONE = re.compile(r"(?<![\d.,])(\d{2,3})\s*-?\s*" + _UNIT, re.IGNORECASE)
_PREV = re.compile(
    r"(?<![\d.,])(\d{2,3})\s*-?\s*(?:" + _UNIT + r")?\s*(?:,|/|and|or|to|&)\s*$", re.IGNORECASE
)

_WORDS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "dozens": 24,
    "score": 20,
    "couple": 2,
    "pair": 2,
}
_SCALE = {
    "hundred": 100,
    "hundreds": 100,
    "thousand": 1_000,
    "thousands": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
}
#: Words that may precede or sit inside a stated amount.
QUANTITY_WORDS = frozenset(
    {
        "some",
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "over",
        "more",
        "than",
        "less",
        "fewer",
        "up",
        "to",
        "at",
        "least",
        "several",
        "and",
        "estimated",
        "an",
        "a",
        "just",
        "under",
        "as",
        "many",
        "of",
    }
)


def calibre_values(text: str) -> list[tuple[int, int, int]]:
    """All calibres in ``text`` as (start, end, millimetres); coordinated lists are expanded."""
    out: list[tuple[int, int, int]] = []
    for m in _ONE.finditer(text):
        out.append((m.start(), m.end(), int(m.group(1))))
        pos = m.start()
        while True:
            prev = _PREV.search(text, max(0, pos - 40), pos)
            if prev is None:
                break
            out.append((prev.start(), pos, int(prev.group(1))))
            pos = prev.start()
    return [c for c in out if 5 <= c[2] <= 800]


def parse_number(text: str) -> float | None:
    """Parse an amount in digits or words: "6,700" → 6700, "three million" → 3e6, "a dozen" → 12."""
    toks = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower().replace("-", " "))
    total = 0.0
    current: float | None = None
    seen = False
    for t in toks:
        if t[0].isdigit():
            try:
                current = (current or 0) + float(t.replace(",", ""))
            except ValueError:
                return None
            seen = True
        elif t == "dozen":
            current = (current if current is not None else 1) * 12
            seen = True
        elif t in _WORDS and t not in ("a", "an"):
            current = (current or 0) + _WORDS[t]
            seen = True
        elif t in _SCALE:
            current = (current if current is not None else 1) * _SCALE[t]
            if _SCALE[t] >= 1000:
                total += current
                current = None
            seen = True
    if not seen:
        return None
    return total + (current or 0)


def quantity_tokens(head: Token) -> list[Token]:
    """Tokens stating the amount of the noun ``head`` ("some 6,700", "three million"), or []."""
    nums = [
        c for c in head.lefts if c.dep_ in ("nummod", "quantmod") or (c.like_num and c.dep_ != "compound")
    ]
    if not nums:
        # "dozens of drones", "thousands of shells": the amount heads an of-phrase.
        prep = head.head
        if head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in _WORDS | _SCALE.keys():
            amount = prep.head
            return [t for t in amount.subtree if t.i < head.i and t.lower_ != "of"]
        return []
    toks: list[Token] = []
    for n in nums:
        toks.extend(n.subtree)
    return sorted(set(toks), key=lambda t: t.i)


class CalibreMatcher:
    """The ``armswatch_calibres_v1`` component: writes ``doc.spans["aw_calibre"]``."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for start, end, mm in calibre_values(doc_text(doc)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label="CALIBRE", kb_id=str(mm)))
        # Keep every calibre (coordinated ones may share tokens); de-duplicate exact spans only.
        seen: set[tuple[int, int, str]] = set()
        uniq = []
        for s in spans:
            key = (s.start, s.end, s.kb_id_)
            if key not in seen:
                seen.add(key)
                uniq.append(s)
        doc.spans["aw_calibre"] = uniq
        return doc


__all__ = ["CalibreMatcher", "calibre_values", "filter_spans", "parse_number", "quantity_tokens"]
