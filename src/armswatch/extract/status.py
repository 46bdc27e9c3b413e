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

from armswatch.extract.assist import sanctioner
from armswatch.extract.attribution import Attribution, _phrase, attribute, attribute_sentence
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
#: Determiners of an unnamed speaker ("a Saudi official", "several US officials"): not on record.
_ANONYMOUS_DETS = frozenset({"a", "an", "some", "several", "many", "few", "one"})
#: Possessive pronouns opening a source ("its defence ministry").
_POSS_PRON = frozenset({"its", "their"})
#: Government institutions that a report may name without their state ("the defence ministry").
_INSTITUTIONS = frozenset({"ministry", "department", "ministries"})


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the words governing it, up to the root; a relative clause or a subject
    is not governed by the clause above it ("the US, which had sold jets to Israel, refused …")."""
    chain = [trigger]
    cur = trigger
    while cur.head.i != cur.i and (
        cur.dep_ not in ("relcl", "nsubj", "nsubjpass", "csubj") or _infinitival(cur)
    ):
        cur = cur.head
        chain.append(cur)
    return chain


def _infinitival(tok: Token) -> bool:
    """A to-infinitive parsed as a relative clause of a noun ("a deal to buy jets", "plans to
    deliver"): it completes the noun, which governs it like a verb governs its complement."""
    return (
        tok.dep_ == "relcl"
        and tok.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _done_so(chain: list[Token]) -> bool:
    """A plan coordinated with "(has) already done so": the planned transfer also took place."""
    for t in chain[1:]:
        for c in t.children:
            if c.dep_ != "conj" or c.lemma_.lower() != "do" or c.tag_ not in ("VBN", "VBD"):
                continue
            kids = {g.lower_ for g in c.children}
            if "so" in kids and not kids & (_MODALS_PLAN | _MODALS_HEDGE | {"not", "n't", "never"}):
                return True
    return False


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
            accuser = sanctioner(trig) if not attr.sources else None
            if accuser is not None:  # "X imposed sanctions on Y for assisting …": X asserts it
                attr = Attribution(sources=[_phrase(accuser)], heads=[accuser])
            if not attr.sources and "surface" in f.cues:  # [surface fallback hook]: parse unreliable
                attr = attribute_sentence(sent, self.lex)
                attr.verbs = []  # any speech verb of the sentence: not known to govern the statement
                phrase = None if attr.sources else attribution_phrase(sent, self.lex.attribution_verbs)
                attr = Attribution(sources=[phrase]) if phrase else attr
            if not attr.sources:
                attr = self._trailing(trig, sent)
            if not attr.sources and n > 0:
                attr = self._carried(sents, n, prev_attr)
            prev_attr[n] = attr
            f.sources = [self._qualify(doc, f, self._demonymise(doc, src)) for src in attr.sources]
            f.source_parties = self._source_parties(attr, published)
            if any(src.split()[:1] and src.split()[0].lower() in _POSS_PRON for src in attr.sources):
                # "…, its defence ministry confirmed": the subject state's own institution
                own = self._subject_state(doc, f.sent_start, f.sent_end)
                if own is not None:
                    f.source_parties.append(own)
            f.status = self._status(f, trig, sent, attr)
        doc._.aw_frames = frames
        doc._.aw_sent_sources = self._sentence_sources(doc, sents) if frames else []
        return doc

    def _sentence_sources(self, doc: Doc, sents: list[Span]) -> list[tuple[int, frozenset[str], list[str]]]:
        """(sentence start, parties named, sources) for every attributed sentence.

        A pair collects the sources of the sentences that name its supplier or recipient (all of
        them when the report has one pair): reports attribute a transfer to several people."""
        out: list[tuple[int, frozenset[str], list[str]]] = []
        framed = {p for f in doc._.aw_frames or [] for p in [*f.suppliers, *f.recipients]}
        prev: tuple[int, frozenset[str]] | None = None  # (sentence end, parties) of an attributed sentence
        for sent in sents:
            parties = frozenset(
                s.kb_id_ for s in doc.spans.get("aw_party", []) if sent.start <= s.start < sent.end
            )
            attr = attribute_sentence(sent, self.lex)
            if not attr.sources:
                prev = None
                continue
            gap = doc_text(doc)[prev[0] : sent.start_char] if prev is not None else "\n"
            if prev is not None and not parties & framed and "\n" not in gap:
                # "He made the remark in a call with …, the Saudi Press Agency reported": a sentence
                # that only relays the statement before it is about that statement's parties
                parties = prev[1]
            srcs = [self._own_institution(doc, sent.start_char, sent.end_char, x) for x in attr.sources]
            out.append((sent.start_char, parties, [self._demonymise(doc, x) for x in srcs]))
            prev = (sent.end_char, parties)
        return out

    def _trailing(self, trig: Token, sent: Span) -> Attribution:
        """'…, Israeli military officials alleged on Thursday.' read off the word order when the
        parser did not attach the closing speech clause to the statement (a hedging verb hedges)."""
        speech = self.lex.attribution_verbs
        verb = next((t for t in reversed(list(sent)) if t.lemma_.lower() in speech and t.i > trig.i), None)
        if verb is None or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
            return Attribution()
        phrase = attribution_phrase(sent, speech)
        if not phrase:
            return Attribution()
        return Attribution(sources=[phrase], verbs=[verb.lemma_.lower()])

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
        if words[0].lower() in _POSS_PRON:
            return self._own_institution(doc, f.sent_start, f.sent_end, source)
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

    def _subject_state(self, doc: Doc, start_char: int, end_char: int) -> str | None:
        """The state that is the subject of a clause of the sentence (what "its" refers to)."""
        for sp in doc.spans.get("aw_party", []):
            party = self.ctx.kb.parties.get(sp.kb_id_)
            if (
                start_char <= sp.start_char < end_char
                and sp.root.dep_ in ("nsubj", "nsubjpass")
                and party is not None
                and party.kind == "state"
            ):
                return sp.kb_id_
        return None

    def _own_institution(self, doc: Doc, start_char: int, end_char: int, source: str) -> str:
        """ "Norway will give Ukraine …, its defence ministry said" → "Norwegian defence ministry"."""
        words = source.split()
        if not words or words[0].lower() not in _POSS_PRON:
            return source
        pid = self._subject_state(doc, start_char, end_char)
        owner = self.ctx.kb.parties.get(pid) if pid else None
        if owner is None or not owner.demonyms:
            return source
        return " ".join([owner.demonyms[0], *words[1:]])

    def _source_parties(self, attr: Attribution, published: date | None) -> list[str]:
        when = published or date.today()
        out: list[str] = []
        for head in attr.heads:
            doc = head.doc
            # a known official serves the state the KB knows, whatever title the text gives
            # ("Kyrylo Budanov, the head of Russia's intelligence" is still Ukraine's)
            known = [
                off.state
                for ent in [head, *head.subtree]
                for oid in self.surnames.get(ent.lower_, [])
                for off in self.ctx.kb.offices_at(oid, when)
            ]
            if known:
                out.extend(known)
                continue
            # "Iran's deputy defence minister, Mehdi Farahi": the title the name stands in apposition to
            scope = head.head if head.dep_ == "appos" else head
            for s in doc.spans.get("aw_party", []):
                if s.start >= scope.left_edge.i and s.end <= scope.right_edge.i + 1:
                    out.append(s.kb_id_)
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
        # a coordinated verb lends its auxiliaries but is not a governor: "has approved and
        # delivered 100 sales" delivered them (the plan lemma "approve" stays with its own verb)
        lemmas = [t.lemma_.lower() for k, t in enumerate(chain[1:], 1) if chain[k - 1].dep_ != "conj"]
        # plan words count up to the speech verb that reports the clause: "the minister announced
        # (that) Poland took delivery …" reports a delivery; a hedging speech verb ("alleged",
        # "claimed") still hedges it
        plan_lemmas = []
        for k, t in enumerate(chain[1:], 1):
            if chain[k - 1].dep_ in ("ccomp", "parataxis") and t.lemma_.lower() in lex.attribution_verbs:
                break
            if chain[k - 1].dep_ != "conj":
                plan_lemmas.append(t.lemma_.lower())
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
        if "no_evidence" in f.cues:  # "no evidence that Moscow had handed …"
            return "denied"
        if trig_negated and not (mod_words & _YET):
            f.cues.append("negation")
            return "denied"
        sent_words = {t.lower_ for t in sent}
        plan_hit = bool(mod_words & _MODALS_PLAN) or any(lem in lex.plans for lem in plan_lemmas)
        plan_hit = plan_hit or any(c.lower_ in _PLAN_ADJ for c in trig.children) or bool(mod_words & _YET)
        # the trigger itself promises or orders ("Norway has promised six aircraft", "Warsaw ordered")
        plan_hit = plan_hit or trig.lemma_.lower() in lex.plans
        # "to produce rockets for shipment to Russia": a transfer that making is for (assist.py)
        plan_hit = plan_hit or "purpose" in f.cues
        # "may send", "could deliver" (a possible future act) is a plan; "may have sent" is a hedge
        trig_aux = {c.lower_ for c in trig.children if c.dep_ == "aux"}
        if trig_aux & _MODALS_HEDGE and "have" not in trig_aux and trig.tag_ == "VB":
            plan_hit = True
        if trig.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
            plan_hit = plan_hit or any(lem in lex.plans for lem in plan_lemmas[:2])
            # "UNITA rebels are to receive Stinger missiles": be + to-infinitive is a future
            plan_hit = plan_hit or (trig.dep_ in ("xcomp", "ccomp") and trig.head.lemma_ == "be")
        # "Riyadh is buying 1,100 missiles": a purchase under way, its delivery still to come
        plan_hit = plan_hit or (
            trig.lemma_.lower() in lex.purchase_verbs
            and trig.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "'s", "'re") for c in trig.children)
        )
        if plan_hit and _done_so(chain):
            f.cues.append("done_so")  # "had agreed to supply weapons or had already done so"
            plan_hit = False
        if plan_hit:
            f.cues.append("plan")
            return "planned"
        hedged = bool(mod_words & _MODALS_HEDGE) or any(lem in lex.hedges for lem in lemmas)
        # a hedging adverb or modifier of the statement: "Iran probably supplied …", "the alleged transfer"
        hedged = hedged or bool(mod_words & lex.hedges) or self._hedged_origin(f, chain)
        hedged = hedged or bool(sent_words & {"allegedly", "reportedly_hedge", "purportedly", "suspected"})
        # the speech verb itself hedges: "…, officials alleged", "Kyiv claims that …"
        hedged = hedged or any(v in lex.hedges for v in attr.verbs)
        if hedged:
            f.cues.append("hedge")
            return "alleged"
        if attr.sources:
            parties = set(f.suppliers) | set(f.recipients)
            named_source = any(
                not any(
                    (c.dep_ in ("det", "amod") and c.lower_ in _ANONYMOUS_DETS) or c.dep_ == "nummod"
                    for c in h.children
                )
                and h.lemma_.lower() != "source"
                for h in attr.heads
            )
            # a party's own named official or ministry acknowledges it; "a Saudi official" only reports
            if set(f.source_parties) & parties and named_source:
                f.cues.append("acknowledged")
                return "confirmed"
            return "reported"
        return "confirmed"

    def _hedged_origin(self, f: Frame, chain: list[Token]) -> bool:
        """ "The uranium delivered to Libya had probably originated in North Korea": the transfer
        is a modifier of a subject whose own clause names a party of the frame, hedged there."""
        top = chain[-1]
        if top.dep_ not in ("nsubj", "nsubjpass") or top.head.i == top.i:
            return False
        verb = top.head
        inside = range(top.left_edge.i, top.right_edge.i + 1)
        pair = set(f.suppliers) | set(f.recipients)
        names_party = any(
            sp.kb_id_ in pair and verb.left_edge.i <= sp.start <= verb.right_edge.i and sp.start not in inside
            for sp in verb.doc.spans.get("aw_party", [])
        )
        words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "advmod")}
        return names_party and bool(words & (self.lex.hedges | _MODALS_HEDGE))

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
