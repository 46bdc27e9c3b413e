"""KB terms as single proper-noun tokens, before the tagger and the parser see them.

The small English model mis-tags and misparses designations it has never seen ("Shahed-136" as
punctuation, "M142 HIMARS" split in two, so that the next noun becomes the subject of "said").
Two components, registered the spaCy way:

* ``armswatch_kb_merge_v1`` (placed before ``tok2vec``): finds KB party names (names, aliases,
  capitals, metonyms; case-sensitive) and named weapon systems (catalogue designations and
  aliases, plural "-s" forms too; lower case) with a :class:`~spacy.matcher.PhraseMatcher`, merges
  every multi-token match into one token with ``doc.retokenize()`` and marks each KB token
  (``Token._.aw_kb_term``); its norm becomes a plain form the model knows ("shahed" for
  "Shahed-136"), so the tagger and parser read it as a name, not as noise;
* ``armswatch_kb_tags_v1`` (placed after ``attribute_ruler``): sets tag ``NNP`` / pos ``PROPN`` on the
  marked tokens, overriding the tagger's guess.

Merging changes token indices, never character offsets: evidence spans are unaffected. The
mention matcher (``mentions.py``) also matches the merged single-token forms
(:func:`single_token_patterns`).
"""

import re
from bisect import bisect_left
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from armswatch.extract.context import ExtractContext

#: Norm given to merged multi-word party names.
PARTY_NORM = "france"
#: Multi-word party names are not merged: measured worse (a merged "The United States" opening a
#: sentence was parsed as a sentence of its own; stories set 6 → 9 reports without a claim).
MERGE_PARTIES = False
#: Token extension marking a KB party or weapon-system token.
KB_TERM = "aw_kb_term"
#: A calibre-like designation ("152 mm …") stays as the tokenizer cut it: calibres are matched
#: per token by ``quantities.py``.
_CALIBRE = re.compile(r"^\d|\b\d+\s*(mm|millimet)", re.IGNORECASE)
_DESIGNATION = re.compile(r"[\d-]")


#: Doc extension: character offsets of the marked tokens (so the tagger need not scan every token).
KB_STARTS = "aw_kb_starts"


def register_token_extension() -> None:
    """Register ``Token._.aw_kb_term`` and ``Doc._.aw_kb_starts`` (idempotent)."""
    if not Token.has_extension(KB_TERM):
        Token.set_extension(KB_TERM, default=False)
    if not Doc.has_extension(KB_STARTS):
        Doc.set_extension(KB_STARTS, default=None)


def _variants(surface: str) -> set[str]:
    out = {surface, surface.replace("'", "\u2019"), surface.replace("\u2019", "'")}
    out |= {v[:1].upper() + v[1:] for v in list(out)}
    return {v for v in out if v.strip()}


def party_surfaces(ctx: ExtractContext) -> set[str]:
    """Party names, aliases, capitals and metonyms (case variants), as the mention matcher sees them."""
    out: set[str] = set()
    for p in ctx.kb.parties.values():
        for s in [p.name, *p.aliases, *p.capitals, *p.metonyms]:
            out |= _variants(s)
    return out


def system_surfaces(ctx: ExtractContext) -> set[str]:
    """Lower-case forms of the named systems of the catalogue (with hyphen-less and plural forms)."""
    out: set[str] = set()
    for surface, entry in ctx.lexicon.items.items():
        if entry.system_id is None or _CALIBRE.search(surface):
            continue
        forms = {surface, surface.replace("-", " ")}
        if not surface.endswith("s"):
            forms |= {f + "s" for f in list(forms)}
        out |= forms
    return out


def single_token_patterns(nlp: Language, surfaces: Iterable[str]) -> list[Doc]:
    """One-token pattern docs for the surfaces that the tokenizer splits (the merged forms)."""
    out: list[Doc] = []
    for s in surfaces:
        if len(nlp.tokenizer(s)) > 1:
            out.append(Doc(nlp.vocab, words=[s], spaces=[False]))
    return out


def _surrogate_norm(text: str) -> str:
    """'Shahed-136' → 'shahed', 'North Korea' → 'north korea': the letters of a designation."""
    letters = re.sub(r"[^A-Za-z ]+", " ", text).strip().lower()
    letters = re.sub(r"\s+", " ", letters)
    return letters or text.lower()


class KBMerger:
    """The ``armswatch_kb_merge_v1`` component."""

    def __init__(self, nlp: Language, ctx: ExtractContext) -> None:
        register_token_extension()
        tok = nlp.tokenizer
        self.parties = PhraseMatcher(nlp.vocab, attr="ORTH")
        for s in party_surfaces(ctx):
            self.parties.add("PARTY", [tok(s)])
        self.systems = PhraseMatcher(nlp.vocab, attr="LOWER")
        for s in system_surfaces(ctx):
            self.systems.add("SYSTEM", [tok(s)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e) for _, s, e in self.parties(doc)] if MERGE_PARTIES else []
        spans += [Span(doc, s, e, label="SYSTEM") for _, s, e in self.systems(doc)]
        spans = filter_spans(spans)
        kinds = {s.start_char: s.label_ for s in spans}
        doc._.set(KB_STARTS, sorted(kinds))
        if not spans:
            return doc
        with doc.retokenize() as retok:
            for span in spans:
                if len(span) > 1:
                    retok.merge(span)
        for t in _tokens_at(doc, list(kinds)):
            kind = kinds[t.idx]
            t._.set(KB_TERM, True)
            if kind == "SYSTEM" and (_DESIGNATION.search(t.text) or " " in t.text):
                t.norm_ = _surrogate_norm(t.text)
            elif kind != "SYSTEM" and " " in t.text:
                t.norm_ = PARTY_NORM  # a merged name reads as a country name the model knows
        return doc


class KBTagger:
    """The ``armswatch_kb_tags_v1`` component: KB tokens are proper nouns."""

    def __call__(self, doc: Doc) -> Doc:
        starts = doc._.get(KB_STARTS)
        tokens = doc if starts is None else _tokens_at(doc, starts)
        for t in tokens:
            if t._.get(KB_TERM):
                t.tag_ = "NNP"
                t.pos_ = "PROPN"
        return doc


def _tokens_at(doc: Doc, starts: list[int]) -> list[Token]:
    """The tokens that begin at the character offsets ``starts``, in document order."""
    if not starts:
        return []
    idx = doc.to_array("IDX").tolist()
    out = []
    for start in sorted(set(starts)):
        i = bisect_left(idx, start)
        if i < len(idx) and idx[i] == start:
            out.append(doc[i])
    return out


@Language.factory("armswatch_kb_merge_v1")
def make_kb_merge(nlp: Language, name: str) -> KBMerger:
    """KB term merger (runs before ``tok2vec``)."""
    from armswatch.extract.context import context_of

    return KBMerger(nlp, context_of(nlp))


@Language.factory("armswatch_kb_tags_v1")
def make_kb_tags(nlp: Language, name: str) -> KBTagger:
    """KB token tagger (runs after ``attribute_ruler``)."""
    return KBTagger()
