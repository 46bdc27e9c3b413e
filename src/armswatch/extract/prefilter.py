"""Cheap pre-filter: skip documents that cannot hold a transfer before any parsing.

One Aho-Corasick automaton (pyahocorasick) over lower-cased text holds three kinds of terms:
party names (names, aliases, demonyms, capitals, metonyms, companies), weapon terms (KB systems
and generic weapon nouns, but not vague words such as "equipment" or "technology" on their own)
and the inflected forms of the transfer triggers. A document is kept when it has at least one of
each kind, whole words only. Scanning is linear in the text, so unrelated news costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from armswatch.extract.lexicon import GENERIC_ARMS, Lexicon
from armswatch.kb.loader import KnowledgeBase, norm

PARTY, WEAPON, TRIGGER = 1, 2, 4
_ALL = PARTY | WEAPON | TRIGGER

_IRREGULAR = {
    "send": ["sent"],
    "sell": ["sold"],
    "give": ["gave", "given"],
    "get": ["got", "gotten"],
    "buy": ["bought"],
    "lend": ["lent"],
    "hand": ["handed"],
}
#: Generic words too common in unrelated news to count as a weapon term on their own.
_VAGUE = frozenset({"equipment", "technology", "components", "know-how", "technical assistance", "materiel"})


def inflections(lemma: str) -> set[str]:
    """Common English inflections of a verb or noun lemma (enough for a recall-oriented filter)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if len(lemma) >= 3 and lemma[-1] in "pgtn" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out.update(_IRREGULAR.get(lemma, []))
    return out


class Prefilter:
    """Decides from raw text whether a document is worth parsing."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        kinds: dict[str, int] = {}

        def add(term: str, kind: int) -> None:
            t = norm(term)
            if len(t) >= 2:
                kinds[t] = kinds.get(t, 0) | kind

        for p in kb.parties.values():
            for s in [p.name, *p.aliases, *p.demonyms, *p.capitals, *p.metonyms]:
                add(s, PARTY)
            if p.id.isupper() and len(p.id) >= 3:
                add(p.id, PARTY)
        for c in kb.companies.values():
            for s in [c.name, *c.aliases]:
                add(s, PARTY)
        for surface in lexicon.items:
            if surface not in _VAGUE:
                add(surface, WEAPON)
        for term in GENERIC_ARMS:
            if term not in _VAGUE:
                add(term, WEAPON)
        for lemma in lexicon.trigger_lemmas():
            for form in inflections(lemma):
                add(form, TRIGGER)
        self.automaton = ahocorasick.Automaton()
        for term, kind in kinds.items():
            self.automaton.add_word(term, (len(term), kind))
        self.automaton.make_automaton()

    def kinds(self, text: str) -> int:
        """Bit set of the kinds of terms found (whole words) in ``text``."""
        low = text.lower().replace("\u2019", "'")
        found = 0
        n = len(low)
        for end, (length, kind) in self.automaton.iter(low):
            if kind & ~found == 0:
                continue
            start = end - length + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < n and low[end + 1].isalnum():
                continue
            found |= kind
            if found == _ALL:
                break
        return found

    def relevant(self, text: str) -> bool:
        """True when ``text`` names a party, a weapon and a transfer trigger."""
        return self.kinds(text) == _ALL

    def filter(self, texts: Iterable[str]) -> list[bool]:
        """:meth:`relevant` for each text."""
        return [self.relevant(t) for t in texts]
