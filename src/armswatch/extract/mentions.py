"""KB entity matcher: marks parties, weapon systems and generic weapon nouns in a Doc.

Writes two span groups:

* ``doc.spans["aw_party"]``: label ``PARTY`` (name, alias, capital, metonym, company) or ``DEMONYM``;
  ``kb_id_`` is the party id (companies are coded as their home state).
* ``doc.spans["aw_item"]``: label is the schema category; ``kb_id_`` is the normalised surface form,
  the key into :attr:`Lexicon.items`.

Party names are matched case-sensitively (with a capitalised first-letter variant), so that
codes and names that are also English words ("US" / "us", "China" / "china") are not misread.
Weapon terms are matched on lower case.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.extract.context import ExtractContext
from armswatch.kb.loader import norm


def _variants(surface: str) -> set[str]:
    out = {surface, surface.replace("'", "\u2019"), surface.replace("\u2019", "'")}
    out |= {v[:1].upper() + v[1:] for v in list(out)}
    return {v for v in out if v.strip()}


class MentionMatcher:
    """The ``armswatch_mentions_v1`` component."""

    def __init__(self, nlp: Language, ctx: ExtractContext) -> None:
        self.ctx = ctx
        kb = ctx.kb
        self.party_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.item_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._party_of: dict[str, tuple[str, str]] = {}
        names: dict[str, tuple[str, str]] = {}
        for p in kb.parties.values():
            for s in [p.name, *p.aliases, *p.capitals, *p.metonyms]:
                names.setdefault(s, (p.id, "PARTY"))
            if p.id.isupper() and len(p.id) >= 3:
                names.setdefault(p.id, (p.id, "PARTY"))
            for s in p.demonyms:
                names.setdefault(s, (p.id, "DEMONYM"))
        for c in kb.companies.values():
            for s in [c.name, *c.aliases]:
                names.setdefault(s, (c.state, "PARTY"))
        tok = nlp.tokenizer
        for surface, (pid, label) in names.items():
            pats = [tok(v) for v in _variants(surface)]
            key = f"{label}|{pid}"
            self.party_matcher.add(key, pats)
        item_keys: dict[str, list[str]] = {}
        for surface in ctx.lexicon.items:
            item_keys.setdefault(surface, []).append(surface)
        for surface in item_keys:
            self.item_matcher.add(surface, [tok(surface), tok(surface.replace("-", " "))])

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        spans: list[Span] = []
        for match_id, start, end in self.party_matcher(doc):
            label, pid = vocab.strings[match_id].split("|", 1)
            spans.append(Span(doc, start, end, label=label, kb_id=pid))
        doc.spans["aw_party"] = filter_spans(spans)
        items: list[Span] = []
        lex = self.ctx.lexicon
        taken = {i for s in doc.spans["aw_party"] for i in range(s.start, s.end)}
        for match_id, start, end in self.item_matcher(doc):
            key = vocab.strings[match_id]
            entry = lex.items.get(key) or lex.items.get(norm(doc[start:end].text))
            if entry is None or any(i in taken for i in range(start, end)):
                continue
            items.append(Span(doc, start, end, label=entry.category, kb_id=key))
        doc.spans["aw_item"] = filter_spans(items)
        return doc
