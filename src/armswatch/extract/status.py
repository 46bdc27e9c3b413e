"""Status of each frame (confirmed / reported / alleged / planned / denied) and its sources.

The cues looked at are those that govern the trigger: the trigger and its ancestors up to the
sentence root (the "chain"), their auxiliaries, adverbs and negations, plus modifiers of a noun
trigger ("planned deliveries"). In order of precedence:

1. a denial verb in the chain ("denied sending", "rejected claims that…"), or a plain negation of
   the trigger ("has not exported") → ``denied``; the denier (subject of the denial verb) goes in
   ``denied_by``;
2. future / plan / approval / request cues ("will", "agreed to", "approved the sale", "pledged",
   "requested") → ``planned``;
3. hedges ("allegedly", "may have", "accused of", "is believed to", "suspected") → ``alleged``;
4. an attribution (see ``attribution.py``) → ``reported``, unless the source is the supplier or the
   recipient (a party's own official or ministry acknowledging it) → ``confirmed``;
5. otherwise the narrator states it → ``confirmed``.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from armswatch.extract.attribution import Attribution, attribute, attribute_sentence
from armswatch.extract.context import ExtractContext, doc_text
from armswatch.extract.frames import Frame
from armswatch.extract.surface import attribution_phrase
from armswatch.kb.loader import norm

_MODALS_PLAN = frozenset({"will", "would", "shall", "'ll", "wo"})
_MODALS_HEDGE = frozenset({"may", "might", "could"})
_PLAN_ADJ = frozenset(
    {
        "planned",
        "future",
        "potential",
        "proposed",
        "possible",
        "prospective",
        "upcoming",
        "pending",
        "promised",
    }
)
_YET = frozenset({"yet"})
#: Government institutions that a report may name without their state ("the defence ministry").
_INSTITUTIONS = frozenset({"ministry", "department", "ministries"})


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the words governing it, up to the root; a relative clause or a subject
    is not governed by the clause above it ("the US, which had sold jets to Israel, refused …")."""
    chain = [trigger]
    cur = trigger
    while cur.head.i != cur.i and cur.dep_ not in ("relcl", "nsubj", "nsubjpass", "csubj"):
        cur = cur.head
        chain.append(cur)
    return chain


class StatusAnnotator:
    """The ``armswatch_status_v1`` component: sets status, sources and deniers on ``doc._.aw_frames``."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        self.lex = ctx.lexicon
        self.surnames: dict[str, list[str]] = {}
        for o in ctx.kb.officials.values():
            for name in [o.name, *o.aliases]:
                self.surnames.setdefault(norm(name).split()[-1], []).append(o.id)

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.aw_frames or []
        published = doc._.aw_published
        prev_attr: dict[int, Attribution] = {}
        sents = list(doc.sents)
        sent_of = {s.start_char: n for n, s in enumerate(sents)}
        for f in frames:
            trig = doc[f.trigger]
            n = sent_of.get(f.sent_start, 0)
            sent = sents[n]
            attr = attribute(trig, sent, self.lex)
            if not attr.sources and "surface" in f.cues:  # [surface fallback hook]: parse unreliable
                attr = attribute_sentence(sent, self.lex)
                phrase = None if attr.sources else attribution_phrase(sent, self.lex.attribution_verbs)
                attr = Attribution(sources=[phrase]) if phrase else attr
            if not attr.sources and n > 0:
                attr = self._carried(sents, n, prev_attr)
            prev_attr[n] = attr
            f.sources = [self._qualify(doc, f, self._demonymise(doc, src)) for src in attr.sources]
            f.source_parties = self._source_parties(attr, published)
            f.status = self._status(f, trig, sent, attr)
        doc._.aw_frames = frames
        doc._.aw_sent_sources = self._sentence_sources(doc, sents) if frames else []
        return doc

    def _sentence_sources(self, doc: Doc, sents: list[Span]) -> list[tuple[int, frozenset[str], list[str]]]:
        """(sentence start, parties named, sources) for every attributed sentence.

        A pair collects the sources of the sentences that name its supplier or recipient (all of
        them when the report has one pair): reports attribute a transfer to several people."""
        out: list[tuple[int, frozenset[str], list[str]]] = []
        for sent in sents:
            parties = frozenset(
                s.kb_id_ for s in doc.spans.get("aw_party", []) if sent.start <= s.start < sent.end
            )
            attr = attribute_sentence(sent, self.lex)
            if attr.sources:
                out.append((sent.start_char, parties, [self._demonymise(doc, x) for x in attr.sources]))
        return out

    # -- attribution carried through quoted or continued sentences ------------------------
    def _carried(self, sents: list[Span], n: int, cache: dict[int, Attribution]) -> Attribution:
        sent = sents[n]
        prev = sents[n - 1]
        if "\n" in doc_text(sent.doc)[prev.end_char : sent.start_char]:
            return Attribution()
        first = sent.text.lstrip()[:1]
        if first in "\"\u201c\u2018'":
            attr = cache.get(n - 1) or attribute(prev.root, prev, self.lex)
            return attr
        return Attribution()

    def _demonymise(self, doc: Doc, source: str) -> str:
        """ "Seoul's defence ministry" → "South Korean defence ministry": a possessive state name
        opening a source is written as the state's demonym (how sources are usually named)."""
        head, sep, rest = source.replace("\u2019", "'").partition("'s ")
        if not sep or not rest:
            return source
        pid = self.ctx.kb.party(head)
        party = self.ctx.kb.parties.get(pid) if pid else None
        if party is None or not party.demonyms:
            return source
        return f"{party.demonyms[0]} {rest}"

    def _qualify(self, doc: Doc, f: Frame, source: str) -> str:
        """ "the defence ministry says …" → "German defence ministry": an institution named
        without its state belongs to the state of the frame's pair named last before the end of
        the frame's sentence (the state the paragraph is speaking about)."""
        words = source.split()
        if not 2 <= len(words) <= 4 or any(w[:1].isupper() for w in words):
            return source
        if not any(w.lower() in _INSTITUTIONS for w in words):
            return source
        pair = set(f.suppliers) | set(f.recipients)
        latest = None
        for span in doc.spans.get("aw_party", []):
            party = self.ctx.kb.parties.get(span.kb_id_)
            in_pair = span.kb_id_ in pair and party is not None and party.kind == "state"
            if in_pair and span.end_char <= f.sent_end and (latest is None or span.start > latest.start):
                latest = span
        party = self.ctx.kb.parties.get(latest.kb_id_) if latest is not None else None
        if party is None or not party.demonyms:
            return source
        return f"{party.demonyms[0]} {source}"

    def _source_parties(self, attr: Attribution, published: date | None) -> list[str]:
        when = published or date.today()
        out: list[str] = []
        for head in attr.heads:
            doc = head.doc
            # "Iran's deputy defence minister, Mehdi Farahi": the title the name stands in apposition to
            scope = head.head if head.dep_ == "appos" else head
            for s in doc.spans.get("aw_party", []):
                if s.start >= scope.left_edge.i and s.end <= scope.right_edge.i + 1:
                    out.append(s.kb_id_)
            for ent in [head, *head.subtree]:
                for oid in self.surnames.get(ent.lower_, []):
                    for off in self.ctx.kb.offices_at(oid, when):
                        out.append(off.state)
        return list(dict.fromkeys(out))

    # -- status -----------------------------------------------------------------------------
    def _status(self, f: Frame, trig: Token, sent: Span, attr: Attribution) -> str:
        lex = self.lex
        chain = _chain(trig)
        mods: list[Token] = []
        for t in chain:
            mods.extend(
                c for c in t.children if c.dep_ in ("aux", "auxpass", "advmod", "neg", "amod", "npadvmod")
            )
        lemmas = [t.lemma_.lower() for t in chain[1:]]
        mod_words = {m.lower_ for m in mods} | {m.lemma_.lower() for m in mods}
        trig_negated = (
            any(c.dep_ == "neg" or c.lower_ == "neither" for c in trig.children)
            or (trig.dep_ == "xcomp" and any(c.dep_ == "neg" for c in trig.head.children))
            or (trig.dep_ == "conj" and any(c.lower_ == "nor" for c in trig.head.children))
            # "had received no munitions", "sent no weapons": the theme itself is negated
            or any(
                c.dep_ in ("dobj", "nsubjpass")
                and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
                for c in trig.children
            )
        )
        for t in chain[1:]:
            if t.lemma_.lower() in lex.attribution_verbs and t.lemma_.lower() not in lex.denials:
                break  # "X say Tehran has supplied …; Iran denies …": the nearer speech act asserts it
            if t.lemma_.lower() in lex.denials and t.pos_ in ("VERB", "NOUN") and t.i < trig.i:
                denier = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if denier is not None:
                    f.denied_by.extend(self._denier(denier))
                f.cues.append("denial")
                return "denied"
        if trig_negated and not (mod_words & _YET):
            f.cues.append("negation")
            return "denied"
        sent_words = {t.lower_ for t in sent}
        plan_hit = bool(mod_words & _MODALS_PLAN) or any(lem in lex.plans for lem in lemmas)
        plan_hit = plan_hit or any(c.lower_ in _PLAN_ADJ for c in trig.children) or bool(mod_words & _YET)
        # the trigger itself promises or orders ("Norway has promised six aircraft", "Warsaw ordered")
        plan_hit = plan_hit or trig.lemma_.lower() in lex.plans
        # "may send", "could deliver" (a possible future act) is a plan; "may have sent" is a hedge
        trig_aux = {c.lower_ for c in trig.children if c.dep_ == "aux"}
        if trig_aux & _MODALS_HEDGE and "have" not in trig_aux and trig.tag_ == "VB":
            plan_hit = True
        if trig.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
            plan_hit = plan_hit or any(lem in lex.plans for lem in lemmas[:2])
            # "UNITA rebels are to receive Stinger missiles": be + to-infinitive is a future
            plan_hit = plan_hit or (trig.dep_ in ("xcomp", "ccomp") and trig.head.lemma_ == "be")
        if plan_hit:
            f.cues.append("plan")
            return "planned"
        hedged = bool(mod_words & _MODALS_HEDGE) or any(lem in lex.hedges for lem in lemmas)
        hedged = hedged or bool(sent_words & {"allegedly", "reportedly_hedge", "purportedly", "suspected"})
        if hedged:
            f.cues.append("hedge")
            return "alleged"
        if attr.sources:
            parties = set(f.suppliers) | set(f.recipients)
            named_source = any(
                not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in h.children)
                and h.lemma_.lower() != "source"
                for h in attr.heads
            )
            # a party's own named official or ministry acknowledges it; "a Saudi official" only reports
            if set(f.source_parties) & parties and named_source:
                f.cues.append("acknowledged")
                return "confirmed"
            return "reported"
        return "confirmed"

    def _denier(self, tok: Token) -> list[str]:
        doc = tok.doc
        out = [
            s.kb_id_ for s in doc.spans.get("aw_party", []) if tok.left_edge.i <= s.start <= tok.right_edge.i
        ]
        if out:
            return out[:1]
        if tok.ent_type_ == "PERSON":
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return [ent.text]
        return []
