"""Transfer frames: TRANSFER(supplier, recipient, items) read off the dependency parse.

For each trigger (a give/get verb or noun from ``cues.yaml``) the roles are filled from the tree:

* give verbs (send, supply, sell…): subject / passive ``by``-agent → supplier; indirect object,
  ``to``/``for`` object, or a party direct object with ``with`` items → recipient;
* get verbs (receive, buy, import…): subject → recipient; ``from`` object → supplier;
* nouns (delivery, sale, purchase…): possessor or party modifier → supplier (recipient for
  get-nouns); ``to``/``for`` → recipient; ``by``/``from`` → supplier; a noun that is the object of a
  verb ("initiated the transfer") takes that verb's subject;
* subjects are inherited through ``xcomp``/``conj``/``relcl`` ("agreed to sell", "which supplied").

Besides, frames without a give/get verb (cue lists in ``cues.yaml``): materiel moved to a place in
a state ("components of a Russian S-400 were flown to an air base near Ankara", a freighter
"carrying North Korean shells to Russia") or bound for a party ("Iranian missile parts bound for
the Houthis"), supplied by the from-party or the stated origin; and provenance of possessed
materiel ("the group's rockets came from the Islamic Republic").

Split by concern: this module finds the triggers (and the include/arrival frames that add items
to the transfer named before) and applies the document-level fixes once all frames are read
(discourse filling, catalogue origins, the surface fallback); ``frame_roles.py`` fills the roles
of one trigger, ``frame_parties.py`` resolves argument tokens to parties, ``frame_record.py``
holds the :class:`Frame` record, ``assist.py`` reads help to weapons programmes and making for a
transfer.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from armswatch.extract.assist import MAKING_VERBS, AssistRoles, made_with
from armswatch.extract.context import ExtractContext
from armswatch.extract.deal_frames import (
    deal_frame,
    handed_items,
    listing_reach,
    subject_parties,
)
from armswatch.extract.discourse import Discourse
from armswatch.extract.frame_parties import _party_span_at
from armswatch.extract.frame_record import Frame
from armswatch.extract.frame_roles import _STOCK_NOUNS, MAKER_ORIGIN_CUE, RoleFiller
from armswatch.extract.items import ItemMention, items_in, make_items, stated_origin
from armswatch.extract.syntax import MAKE_VERBS, built_for, has_from_name, particle_give, returns, unevidenced

__all__ = ["Frame", "FrameBuilder", "_party_span_at"]

#: Verbs that list the items of a transfer named just before ("the shipment included …").
_INCLUDE = frozenset({"include", "comprise", "consist", "contain", "involve", "cover"})
#: Nouns naming a deal whose items an include-verb lists ("the contract also covers 120mm ammunition").
_DEAL_NOUNS = frozenset({"deal", "contract", "agreement", "order", "package", "accord"})
#: Subjects of an include-verb that point back to an earlier transfer.
_BACKREF = frozenset({"this", "these", "that", "those", "it", "they", "which"})
#: Arrival verbs whose subject is the materiel of a transfer named before.
_ARRIVE = frozenset({"arrive", "follow"})
#: Materiel that moves itself to a place (its motion may be a deployment of its owner's forces).
_SELF_MOVING = frozenset({"aircraft", "uav", "naval"})
#: Materiel that, as the subject of an intransitive motion verb, moves under its own power.
_SELF_PROPELLED = frozenset({"aircraft", "uav", "naval", "armoured_vehicle"})


def _heads_phrase(tok: Token, head: Token) -> bool:
    """Whether ``tok`` is ``head`` or a modifier inside its noun ("Tu-95 bombers"), not in a
    phrase attached to it ("a ship loaded with drones")."""
    while tok.i != head.i:
        if tok.dep_ not in ("compound", "amod", "nmod", "appos", "nummod") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


class FrameBuilder(RoleFiller, AssistRoles):
    """The ``armswatch_frames_v1`` component: writes ``doc._.aw_frames``."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        lex = ctx.lexicon
        self.give = lex.give_verbs
        self.get = lex.get_verbs
        self.give_n = lex.give_nouns
        self.get_n = lex.get_nouns
        #: every word (lemma or form) that can open a frame: other tokens are skipped at once (speed)
        self._cue_words = (
            _INCLUDE
            | _ARRIVE
            | MAKE_VERBS
            | MAKING_VERBS
            | {"make", "sign", "have"}
            | lex.list_verbs
            | lex.motion_verbs
            | lex.destined_words
            | lex.provenance_verbs
            | lex.assist_verbs
            | lex.assist_nouns
            | lex.deal_nouns
            | lex.give_verbs
            | lex.get_verbs
            | lex.give_nouns
            | lex.get_nouns
            | {verb for verb, _ in lex.particle_give}
        )
        self.blockers = lex.non_transfer | lex.refusals
        # [surface fallback hook] parse-independent frames for sentences left empty (surface.py)
        from armswatch.extract.surface import SurfaceFinder  # local: surface.py imports Frame

        self.surface = SurfaceFinder(ctx)

    # -- public ---------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        party_at = _party_span_at(doc)
        disc = Discourse(doc, party_at)
        frames: list[Frame] = []
        headline_end = doc._.aw_headline_end or 0
        cue_words = self._cue_words
        for sent in doc.sents:
            for tok in sent:
                if tok.lemma_.lower() not in cue_words and tok.lower_ not in cue_words:
                    continue
                deal = deal_frame(self, tok, sent, party_at, disc)  # [deal frames hook]
                if deal is not None:
                    deal.headline = sent.start_char < headline_end
                    frames.append(deal)
                    continue
                kind = self._trigger_kind(tok)
                if kind is None:
                    continue
                if kind == "include":
                    frame = self._include_frame(tok, sent, party_at, disc)
                elif kind == "arrive":
                    frame = self._arrival_frame(tok, sent)
                elif kind == "motion":
                    frame = self._motion_frame(tok, sent, party_at, disc)
                elif kind == "provenance":
                    frame = self._provenance_frame(tok, sent, party_at, disc)
                elif kind == "assist":
                    frame = self._assist_frame(tok, sent, party_at, disc)
                elif kind == "made_help":
                    frame = self._made_with_help(tok, sent, party_at, disc)
                elif kind == "help_n":
                    frame = self._help_noun_frame(tok, sent, party_at, disc)
                else:
                    frame = self._frame(tok, kind, sent, party_at, disc)
                    if (
                        frame is not None
                        and kind == "give_n"
                        and tok.lemma_.lower() in self.ctx.lexicon.assist_nouns
                    ):
                        self.help_noun_items(tok, frame, party_at, disc)
                    if frame is not None and kind == "give_n":
                        self.production_for(tok, frame, sent, party_at, disc)
                if frame is None:
                    continue
                frame.headline = sent.start_char < headline_end
                if unevidenced(tok):
                    frame.cues.append("no_evidence")  # denied; no items for a pair claimed elsewhere
                frames.append(frame)
        disc.fill_missing(frames)
        disc.fill_items(frames, lambda i: self._item_before(doc, i))
        # the text's own suppliers of a kind of item to a recipient beat a catalogue guess
        # (F-16s re-exported by Denmark are not American deliveries)
        named: dict[tuple[str, str], set[str]] = {}
        for f in frames:
            if f.suppliers and not f.catalogue_origin:
                for r in f.recipients:
                    for it in f.items:
                        named.setdefault((r, it.system_id or it.category), set()).update(f.suppliers)
        for f in frames:
            if f.catalogue_origin and not f.suppliers:
                when = doc._.aw_reftime or doc._.aw_published
                origin = next(
                    (o for it in f.items if (o := self._kb_origin(it, when)) and o not in f.recipients), None
                ) or self._stated_maker(doc, f, party_at)
                if origin and any(
                    origin not in named.get((r, it.system_id or it.category), {origin})
                    for r in f.recipients
                    for it in f.items
                ):
                    continue
                if origin:
                    f.suppliers = [origin]
        # a frame completed by its catalogue origin now lends its pair to the include-frames after it
        # ("Egypt took delivery of its first Rafales. The contract also covers … missiles")
        if any(f.catalogue_origin and f.suppliers for f in frames):
            others = [(f, f.suppliers, f.recipients, f.discourse) for f in frames if f.kind != "include"]
            disc.fill_missing(frames)
            for f, sup, rec, borrowed in others:  # only the include-frames take part in this pass
                f.suppliers, f.recipients, f.discourse = sup, rec, borrowed
        frames.extend(self.surface.find(doc, frames, party_at, self._blocked))  # [surface fallback hook]
        # "… after allies agreed to supply the American-designed aircraft": the maker is no
        # supplier when the text names who supplies that kind of item to the recipient
        by_kind: dict[tuple[str, str], set[str]] = {}
        for f in frames:
            if f.suppliers and not f.catalogue_origin and MAKER_ORIGIN_CUE not in f.cues:
                for r in f.recipients:
                    for it in f.items:
                        by_kind.setdefault((r, it.category), set()).update(f.suppliers)
        for f in frames:
            if MAKER_ORIGIN_CUE in f.cues and any(
                by_kind.get((r, it.category), set()) - set(f.suppliers)
                for r in f.recipients
                for it in f.items
            ):
                f.suppliers = []
        doc._.aw_frames = [f for f in frames if f.suppliers and f.recipients and f.items]
        return doc

    # -- triggers --------------------------------------------------------------------------
    def _trigger_kind(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if lemma in _INCLUDE and tok.pos_ in ("VERB", "ADP"):
            return "include"
        if lemma in self.ctx.lexicon.list_verbs and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if (
                subj is not None
                and listing_reach(subj, self.ctx.lexicon, _party_span_at(tok.doc)) is not None
            ):
                return "include"  # "the ministry's aid list also shows 40 Marder vehicles"
        if lemma in _ARRIVE and tok.pos_ == "VERB":
            return "arrive"
        if lemma in self.ctx.lexicon.motion_verbs and tok.pos_ == "VERB":
            return "motion"
        if lemma == "make" and any(c.dep_ == "dobj" and c.lower_ == "way" for c in tok.children):
            return "motion"  # "the rockets made their way from Iran to Lebanon"
        destined = self.ctx.lexicon.destined_words
        if (lemma in destined or tok.lower_ in destined) and (
            tok.dep_ in ("acl", "amod") or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        ):
            return "motion"  # "missile parts bound for the Houthis"
        if lemma in self.ctx.lexicon.provenance_verbs and tok.pos_ == "VERB":
            return "provenance"
        if (
            lemma == "sign"
            and any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children)
            and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
        ):
            return "get"  # "Qatar signed up for 24 Rafales": an order
        if lemma == "have" and tok.pos_ == "VERB" and has_from_name(tok):
            return "get"  # "Ukraine now has the first IRIS-T system from Germany"
        if lemma in MAKE_VERBS and tok.tag_ == "VBN" and built_for(tok):
            return "give"  # "a frigate built for India in Russia": production for a foreign customer
        lex = self.ctx.lexicon
        if tok.pos_ == "VERB" and lemma in lex.assist_verbs:
            return "assist"  # "assisting Iran's ballistic missile programme"
        if tok.pos_ == "VERB" and made_with(tok, lex.assist_nouns):
            return "made_help"  # "missiles developed with Chinese help"
        if tok.pos_ == "NOUN" and lemma in lex.assist_nouns and lemma not in self.give_n:
            return "help_n"  # "Chinese help with Pakistan's missile programme"
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG", "VBD", "VB", "VBZ", "VBP"):
            if particle_give(tok, self.ctx.lexicon.particle_give):
                return "give"  # "passed the tanks on to Ukraine", "passing the ammunition on"
            if lemma in self.give:
                if returns(tok):
                    return None
                if lemma == "hand" and not any(c.lower_ in ("over", "to") for c in tok.children):
                    # "handed Ukraine the jets" (dative, or two objects when the parser misses it)
                    two_objects = sum(c.dep_ in ("dobj", "dative") for c in tok.children) >= 2
                    return "give" if two_objects or any(c.dep_ == "dative" for c in tok.children) else None
                return "give"
            if lemma in self.get:
                if any(c.dep_ == "prt" and c.lower_ == "back" for c in tok.children):
                    return None
                return "get"
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            if lemma in self.give_n:
                return "give_n"
            if lemma in self.get_n:
                return "get_n"
        return None

    # -- roles -----------------------------------------------------------------------------
    def _help_noun_frame(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """A help noun that is not a give noun ("help", "know-how"): only the programme it goes
        to is its materiel, and both parties must be in the sentence."""
        frame = self._frame(trig, "give_n", sent, party_at, disc)
        if frame is None:
            return None
        frame.items = []
        self.help_noun_items(trig, frame, party_at, disc)
        return frame if frame.suppliers and frame.recipients and frame.items else None

    def _arrival_frame(self, trig: Token, sent: Span) -> Frame | None:
        """'The first launchers are to arrive in 2026, along with guided missiles': definite
        materiel arriving continues the transfer named just before (its pair is borrowed like an
        include-frame's); "Two US Navy ships arrived in Qatar" (indefinite) does not."""
        subj, _ = self._subject(trig)  # "The first launchers are to arrive"
        if subj is None or not any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in subj.children
        ):
            return None
        themes = [subj]
        for p in trig.children:
            if p.dep_ == "prep" and p.lower_ in ("along", "together"):
                themes.extend(w for w in p.children if w.dep_ == "prep" and w.lower_ == "with")
            elif (
                p.dep_ == "prep"
                and p.lower_ == "with"
                and any(c.lower_ in ("along", "together") for c in p.children)
            ):
                themes.append(p)
        items = items_in(themes, trig, sent, self.ctx)
        if not items:
            return None
        return Frame.at(trig, "include", sent, items=items)

    def _motion_frame(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """'The first components of a Russian S-400 were flown to an air base near Ankara', 'a
        dhow carrying Iranian-made missile parts to the Houthis': materiel moved to a place whose
        state is named; the supplier is the from-party or the stated origin of the items. Read
        only when the mover is no party (passive, participle, or a vehicle as subject): "Russia
        flew jets to Syria" may be a deployment of its own forces."""
        if self._blocked(trig) or returns(trig):
            return None
        lex = self.ctx.lexicon
        themes: list[Token] = []
        subj, passive = self._subject(trig)
        passive = passive or any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children)
        words = lex.destined_words
        destined = trig.lemma_.lower() in words or trig.lower_ in words
        departs = trig.lemma_.lower() in lex.departure_verbs
        way = any(c.dep_ == "dobj" and c.lower_ == "way" for c in trig.children)  # "made their way"
        objs = [c for c in trig.children if c.dep_ == "dobj" and c.lower_ != "way"]
        mover: Token | None = None  # the subject that moves itself (or carries the materiel)
        if trig.dep_ in ("acl", "amod") and (trig.tag_ == "VBN" or destined):
            themes.append(trig.head)  # "missile parts flown to …", "… bound for the Houthis"
        elif trig.dep_ == "acl" and trig.tag_ in ("VBG", "VBD"):
            # "a freighter carrying shells to …"; a finite verb misparsed as a clause on its
            # subject ("Hundreds of containers of shells travelled from …")
            subj, passive = trig.head, False
        elif (passive or destined) and subj is not None:
            themes.append(subj)  # "… were flown to", "the rifles were destined for Hamas"
        if not themes and subj is not None and not passive:
            if subj.lemma_.lower() in lex.force_nouns or subj.lower_ in lex.force_nouns:
                return None  # "troops with tanks crossed into …": forces moving themselves
            if not self._parties(subj, party_at, disc):
                themes.extend(o for o in objs if not (departs and self._place_parties(o, party_at, disc)))
            if not themes and subj.i not in party_at and (departs or way or not objs):
                themes.append(subj)  # "a million shells have left North Korea", "ammunition crossed"
                mover = subj
        if not themes or any(th.lemma_.lower() in lex.force_nouns for th in themes):
            return None  # "1,500 soldiers were carried from … aboard landing ships"
        sup: list[str] = []
        rec: list[str] = []
        fors: list[str] = []
        if departs:
            sup.extend(p for o in objs for p in self._place_parties(o, party_at, disc))
        # the goal may hang on the materiel noun ("carrying shells to Russia"), on the origin
        # ("from North Korea to Russia") or on a means ("by rail from North Korea")
        for p in self._motion_preps([*trig.children, *(c for th in themes for c in th.children)]):
            for o in (c for c in p.children if c.dep_ == "pobj"):
                if p.lower_ in ("to", "into") or (destined and p.lower_ == "for"):
                    rec.extend(self._place_parties(o, party_at, disc))
                elif p.lower_ == "for" and mover is not None:
                    fors.extend(self._place_parties(o, party_at, disc))  # "left X for Y", "sailed for Y"
                elif p.lower_ in ("from", "of"):  # "of": "out of Iran"
                    sup.extend(self._place_parties(o, party_at, disc))
        rec = rec or fors
        items = items_in(themes, trig, sent, self.ctx)
        if mover is not None:
            # only the mover's load: "a group of officials travelled to Pyongyang for talks on
            # arms deals" moves no arms
            inside = {t.i for t in mover.subtree}
            items = [it for it in items if trig.doc[it.start : it.end].root.i in inside]
            # a moving subject that is itself a weapon moves under its own power ("Russian warships
            # sailed from Tartus", "tanks crossed into …"): only its cargo is transferred
            items = [
                it
                for it in items
                if not (
                    _heads_phrase(trig.doc[it.start : it.end].root, mover) and it.category in _SELF_PROPELLED
                )
            ]
        pronoun = not items and any(t.pos_ == "PRON" and t.lower_ in ("them", "it") for t in themes)
        doc = trig.doc
        origins = {og for it in items if (og := stated_origin(doc[it.start : it.end], party_at))}
        if origins & set(rec):
            return None  # the destination's own materiel going home
        if mover is not None:
            origins.update(
                p for p in self._parties(mover, party_at, disc) if p not in rec
            )  # "a Russian convoy"
        if sup and origins - set(sup):
            # "Russian tank columns crossed from Belarus": the origin's own forces; "a train
            # carrying German tanks crossed from Poland": the from-state may be a transit state
            return None
        if not sup:
            # aircraft, drones and ships move themselves: "Russian jets were flown to a base near
            # Damascus" is a deployment of the origin's own forces, not a delivery
            moving = {"aircraft", "naval"} if destined else _SELF_MOVING  # drones bound for X are cargo
            moving = frozenset() if mover is not None else moving  # the mover's own hull is gone: cargo
            cargo = [it for it in items if it.category not in moving]
            sup = [og for it in cargo if (og := stated_origin(doc[it.start : it.end], party_at))][:1]
        rec = [r for r in dict.fromkeys(rec) if r not in sup]
        if not rec or not sup or not (items or pronoun):
            return None
        return Frame.at(
            trig,
            "give",
            sent,
            suppliers=list(dict.fromkeys(sup)),
            recipients=rec,
            items=items,
            pronoun_theme=pronoun,
        )

    @staticmethod
    def _motion_preps(heads: list[Token]) -> list[Token]:
        """The place prepositions among ``heads`` and those nested in them: "from X to Y" (the
        to-phrase on the from-phrase), "by rail from X", "out of X"."""
        out: list[Token] = []
        todo = [h for h in heads if h.dep_ in ("prep", "agent")]
        while todo and len(out) < 12:
            p = todo.pop(0)
            if p.dep_ == "prep":
                out.append(p)
            for c in p.children:
                if c.dep_ == "prep":
                    todo.append(c)  # "out of", "from X to Y" (to on from)
                elif c.dep_ == "pobj":
                    todo.extend(
                        g for g in c.children if g.dep_ == "prep" and g.lower_ in ("from", "to", "into")
                    )
        return out

    def _provenance_frame(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """'Hezbollah's rockets came from Iran', 'most of the army's shells originate in North
        Korea': a possessed materiel subject of a provenance verb was supplied by the from-party
        (or in-party) to its possessor. Without a possessor ("the drone came from Iran") no
        recipient is stated and nothing is read."""
        subj = next((c for c in trig.children if c.dep_ == "nsubj"), None)
        # "the first batch came from Danish and Dutch stocks": a state's stocks are a supplier
        stocks = [
            o
            for p in trig.children
            if p.dep_ == "prep" and p.lower_ == "from"
            for o in p.children
            if o.dep_ == "pobj" and o.lemma_.lower() in _STOCK_NOUNS
        ]
        if (subj is None and not stocks) or self._blocked(trig):
            return None
        sup: list[str] = []
        for p in trig.children:
            if p.dep_ == "prep" and p.lower_ in ("from", "in"):
                if p.lower_ == "in" and trig.lemma_.lower() == "come":
                    continue  # "came in 2019": no origin
                for o in p.children:
                    if o.dep_ == "pobj":
                        sup.extend(self._parties(o, party_at, disc))
        for o in stocks:  # "Danish and Dutch stocks": every state whose stocks they are
            sup.extend(party_at[t.i].kb_id_ for t in o.subtree if t.i in party_at and t.i < o.i)
        sup = list(dict.fromkeys(sup))
        if not sup:
            return None
        rec: list[str] = []
        for t in subj.subtree if subj is not None else []:
            if t.dep_ == "poss":
                rec.extend(x for x in self._parties(t, party_at, disc) if x not in sup + rec)
        items = items_in([subj], trig, sent, self.ctx) if subj is not None else []
        if stocks and (not rec or not items):
            # the recipient and the materiel of the transfer just named ("the first F-16s delivered
            # to Ukraine … the first batch came from Danish stocks")
            return Frame.at(
                trig,
                "give",
                sent,
                suppliers=list(dict.fromkeys(sup)),
                recipients=rec,
                items=items,
                pronoun_theme=not items,
            )
        if not rec or not items:
            return None
        return Frame.at(
            trig,
            "give",
            sent,
            suppliers=list(dict.fromkeys(sup)),
            recipients=rec,
            items=items,
        )

    def _include_frame(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """'This included 122- and 152-mm shells': items for the transfer named just before;
        'the deal covers …', 'American shipments included …': for the deal or transfer named
        up to five sentences before (``deal_frames.listing_reach``)."""
        subj = next((c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if trig.pos_ != "VERB" or subj is None:
            return None
        reach = listing_reach(subj, self.ctx.lexicon, party_at)
        back = subj.lower_ in _BACKREF or reach is not None
        if not back or not self._relative_to_transfer(trig, subj):
            return None
        themes = [c for c in trig.children if c.dep_ in ("dobj", "prep", "attr")]
        items = handed_items(
            items_in(themes, trig, sent, self.ctx), trig.doc, self.ctx.lexicon.production_nouns
        )
        if not items:
            return None
        frame = Frame.at(trig, "include", sent, items=items)
        if reach is not None:
            frame.reach = reach
            if subj.lemma_.lower() in self.give_n:  # "American shipments": their supplier
                frame.suppliers = subject_parties(self, subj, party_at, disc)
        return frame

    def _relative_to_transfer(self, trig: Token, subj: Token) -> bool:
        """A relative include-clause lists a transfer's items only when its antecedent is a deal or
        transfer noun, or materiel governed by a transfer trigger ("sent a batch of arms that
        included …"); "an exhibition of weaponry that included …" lists no transfer."""
        if trig.dep_ != "relcl" or subj.lower_ not in ("that", "which"):
            return True
        verbs = self.give | self.get
        nouns = self.give_n | self.get_n | _DEAL_NOUNS
        return any(
            t.lemma_.lower() in (verbs if t.pos_ in ("VERB", "AUX") else nouns if t.pos_ == "NOUN" else ())
            for t in [trig.head, *trig.head.ancestors]
        )

    def _stated_maker(self, doc: Doc, f: Frame, party_at: dict[int, Span]) -> str | None:
        """The state of a maker named earlier with the frame's kind of item ("returned 2,000
        assault rifles to their Serbian manufacturer … The rifles were delivered to Kenya"): the
        latest maker noun qualified by a party, in a sentence naming such an item before it."""
        cats = {it.category for it in f.items}
        makers = self.ctx.lexicon.maker_nouns
        items = list(doc.spans.get("aw_item", []))
        found: str | None = None
        for t in doc[: f.trigger]:
            if t.lemma_.lower() not in makers or t.pos_ != "NOUN":
                continue
            mod = next(
                (c for c in t.children if c.dep_ in ("amod", "compound", "poss") and c.i in party_at), None
            )
            if mod is None or party_at[mod.i].kb_id_ in f.recipients:
                continue
            sent = t.sent
            if any(s.label_ in cats and sent.start <= s.start and s.end <= t.i for s in items):
                found = party_at[mod.i].kb_id_
        return found

    def _item_before(self, doc: Doc, i: int) -> ItemMention | None:
        """The latest weapon mention before token ``i`` within the two preceding sentences."""
        sent = doc[i].sent
        start = sent.start
        for _ in range(2):
            if start > 0:
                start = doc[start - 1].sent.start
        cands = [s for s in doc.spans.get("aw_item", []) if start <= s.start and s.end <= i]
        if not cands:
            return None
        span = cands[-1]
        return next(iter(make_items(span, self.ctx, _party_span_at(doc))), None)
