"""Transfer frames: TRANSFER(supplier, recipient, items) read off the dependency parse.

For each trigger (a give/get verb or noun from ``cues.yaml``) the roles are filled from the tree:

* give verbs (send, supply, sell…): subject / passive ``by``-agent → supplier; indirect object,
  ``to``/``for`` object, or a party direct object with ``with`` items → recipient;
* get verbs (receive, buy, import…): subject → recipient; ``from`` object → supplier;
* nouns (delivery, sale, purchase…): possessor or party modifier → supplier (recipient for
  get-nouns); ``to``/``for`` → recipient; ``by``/``from`` → supplier; a noun that is the object of a
  verb ("initiated the transfer") takes that verb's subject;
* subjects are inherited through ``xcomp``/``conj``/``relcl`` ("agreed to sell", "which supplied").

Arguments are resolved to parties through the KB mentions (a token of a party span, or a party
modifier of it: "the North Korean regime", "Russia's army"), through coordination, and, for
pronouns and "the country"/"the regime", through the limited discourse model in ``discourse.py``.
Items are KB weapon mentions in the theme of the trigger. Frames governed by an embargo, ban,
halt, refusal…, or whose supplier is also the recipient, are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from armswatch.extract.context import ExtractContext
from armswatch.extract.discourse import Discourse
from armswatch.extract.items import ItemMention, items_in, make_items
from armswatch.extract.lexicon import ANAPHORS, PREDECESSORS
from armswatch.extract.syntax import (
    MAKE_VERBS,
    built_for,
    has_from_name,
    is_anaphor,
    is_anaphoric_noun,
    is_passive,
    path_up,
    returns,
)

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_DESTINED = frozenset({"bind", "bound", "destine", "destined", "intend", "intended", "earmark", "headed"})
_OWNER_NOUNS = frozenset(
    {"arsenal", "army", "forces", "military", "navy", "stock", "stockpile", "inventory", "fleet", "militia"}
)
_REL = frozenset({"that", "which", "who", "whom"})
_ITEM_PRONOUNS = frozenset({"them", "it", "they", "these", "those"})
_PARTY_GAP = frozenset({",", "and", "the", "or", "as", "well", "both"})
_TAKE = frozenset({"take", "accept", "receive", "await", "get", "complete"})
_PERMIT = frozenset({"allow", "permit", "clear", "authorize", "authorise", "license", "approve"})
#: Verbs that list the items of a transfer named just before ("the shipment included …").
_INCLUDE = frozenset({"include", "comprise", "consist", "contain", "involve", "cover"})
#: Nouns naming a deal whose items an include-verb lists ("the contract also covers 120mm ammunition").
_DEAL_NOUNS = frozenset({"deal", "contract", "agreement", "order", "package", "accord"})
#: Subjects of an include-verb that point back to an earlier transfer.
_BACKREF = frozenset({"this", "these", "that", "those", "it", "they", "which"})
_MOD = ("compound", "amod", "poss", "nmod", "npadvmod")
#: Verbs whose "for"-phrase names the transfer they agree to or allow ("signed a deal for the sale").
_DEAL_VERBS = frozenset({"sign", "clear", "approve", "agree", "authorize", "authorise", "vote", "conclude"})
#: Objects of a give verb that are not materiel: the sentence gives a role or an advantage.
_NON_MATERIEL = frozenset(
    {"customer", "client", "buyer", "boost", "edge", "advantage", "chance", "opportunity", "foothold", "lift"}
)
#: Verbs that regulate trade: transfers that are their passive subject are talked about, not made.
_REGULATE = frozenset(
    {"control", "restrict", "regulate", "monitor", "curb", "limit", "license", "scrutinize"}
)
#: Arrival verbs whose subject is the materiel of a transfer named before.
_ARRIVE = frozenset({"arrive", "follow"})
#: Verbs stating where materiel came from ("had originated in North Korea").
_PROVENANCE = frozenset({"originate", "come", "stem", "derive", "source"})
#: Stocks that a transfer refills: their items are the ones just named.
_STOCK_NOUNS = frozenset({"stock", "stockpile", "inventory", "reserve"})


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


def _party_span_at(doc: Doc) -> dict[int, Span]:
    out: dict[int, Span] = {}
    for s in doc.spans.get("aw_party", []):
        for i in range(s.start, s.end):
            out[i] = s
    return out


def _head_noun_antecedent(x: Token, party_at: dict[int, Span]) -> str | None:
    """'the laboratories' after 'Khan Research Laboratories', 'the corporation' after 'China
    National Nuclear Corporation': a definite common noun repeating the last word of a party's
    name named earlier refers to that party (the latest such)."""
    if x.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in x.children):
        return None
    best: Span | None = None
    for span in party_at.values():
        named_so = (
            span.end <= x.i and len(span) >= 2 and span.label_ == "PARTY" and span[-1].lower_ == x.lower_
        )
        if named_so and (best is None or span.start > best.start):
            best = span
    return best.kb_id_ if best is not None else None


def _misattached_conj(verb: Token) -> bool:
    """A conjunct verb attached to a subordinate clause (with a "since/because/after" mark) whose
    auxiliary matches the main verb's and not the subordinate verb's."""
    sub = verb.head
    if sub.dep_ != "advcl" or not any(c.dep_ == "mark" for c in sub.children) or sub.head.i == sub.i:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    main_aux = {c.lower_ for c in sub.head.children if c.dep_ == "aux"}
    sub_aux = {c.lower_ for c in sub.children if c.dep_ == "aux"}
    return bool(aux & main_aux) and not (aux & sub_aux)


class FrameBuilder:
    """The ``armswatch_frames_v1`` component: writes ``doc._.aw_frames``."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        lex = ctx.lexicon
        self.give = lex.give_verbs
        self.get = lex.get_verbs
        self.give_n = lex.give_nouns
        self.get_n = lex.get_nouns
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
        for sent in doc.sents:
            for tok in sent:
                kind = self._trigger_kind(tok)
                if kind is None:
                    continue
                if kind == "include":
                    frame = self._include_frame(tok, sent)
                elif kind == "arrive":
                    frame = self._arrival_frame(tok, sent)
                else:
                    frame = self._frame(tok, kind, sent, party_at, disc)
                if frame is None:
                    continue
                frame.headline = sent.start_char < headline_end
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
                        named.setdefault((r, it.category), set()).update(f.suppliers)
        for f in frames:
            if f.catalogue_origin and not f.suppliers:
                when = doc._.aw_reftime or doc._.aw_published
                origin = next(
                    (o for it in f.items if (o := self._kb_origin(it, when)) and o not in f.recipients), None
                )
                if origin and any(
                    origin not in named.get((r, it.category), {origin})
                    for r in f.recipients
                    for it in f.items
                ):
                    continue
                if origin:
                    f.suppliers = [origin]
        frames.extend(self.surface.find(doc, frames, party_at, self._blocked))  # [surface fallback hook]
        doc._.aw_frames = [f for f in frames if f.suppliers and f.recipients and f.items]
        return doc

    # -- triggers --------------------------------------------------------------------------
    def _trigger_kind(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if lemma in _INCLUDE and tok.pos_ in ("VERB", "ADP"):
            return "include"
        if lemma in _ARRIVE and tok.pos_ == "VERB":
            return "arrive"
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
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG", "VBD", "VB", "VBZ", "VBP"):
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
    def _parties(self, tok: Token, party_at: dict[int, Span], disc: Discourse, depth: int = 0) -> list[str]:
        """Party ids an argument token names (with conjuncts and party modifiers)."""
        out: list[str] = []
        for x in [tok, *tok.conjuncts]:
            span = party_at.get(x.i)
            if span is not None:
                out.append(span.kb_id_)
                continue
            found = False
            for c in x.children:
                if c.dep_ in _MOD and c.i in party_at:
                    out.append(party_at[c.i].kb_id_)
                    found = True
                    break
            if found:
                continue
            # "the North Korean company", "China National Nuclear Corporation": a party inside the
            # noun phrase's pre-modifiers
            for t in x.doc[x.left_edge.i : x.i]:
                if t.i in party_at and all(a.i == x.i or a.dep_ in _MOD for a in path_up(t, x)):
                    out.append(party_at[t.i].kb_id_)
                    found = True
                    break
            if found:
                continue
            ref = _head_noun_antecedent(x, party_at)
            if ref is not None:
                out.append(ref)
                continue
            if is_anaphoric_noun(x):
                ref = disc.resolve(x)
                if ref:
                    out.append(ref)
                continue
            # "the government of Iran", "forces of Russia"
            for c in x.children:
                if c.dep_ == "prep" and c.lower_ == "of" and depth < 1:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            sub = self._parties(p, party_at, disc, depth + 1)
                            if sub:
                                out.extend(sub)
                                found = True
            if found:
                continue
            if x.lower_ in ANAPHORS or x.lemma_.lower() in ANAPHORS or x.lower_ in ("which", "who", "that"):
                ref = disc.resolve(x)
                if ref:
                    out.append(ref)
        if out and depth == 0:
            out.extend(self._party_list(tok, party_at))
        return list(dict.fromkeys(out))

    def _party_list(self, tok: Token, party_at: dict[int, Span]) -> list[str]:
        """Parties written in one list with ``tok``'s party ("The United States, Germany, the
        Netherlands and Italy"), for coordinations the parser broke. A list needs a conjunction
        ("and"/"or") before its last member; "Russia, U.S. officials said" is not a list."""
        span = party_at.get(tok.i) or next((party_at[c.i] for c in tok.children if c.i in party_at), None)
        if span is None:
            return []
        doc = tok.doc
        spans = sorted({(s.start, s.end): s for s in party_at.values()}.values(), key=lambda s: s.start)
        idx = next(i for i, s in enumerate(spans) if s.start == span.start)

        in_pp = span.root.dep_ == "pobj"

        def linked(a: Span, b: Span) -> bool:
            gap = doc[a.end : b.start]
            if (a.root.dep_ == "pobj") != in_pp or (b.root.dep_ == "pobj") != in_pp:
                return False  # "rebels in Afghanistan, and the CIA": not one list
            return 0 < len(gap) <= 3 and all(t.lower_ in _PARTY_GAP for t in gap) and b.label_ == "PARTY"

        lo = idx
        while lo > 0 and linked(spans[lo - 1], spans[lo]) and spans[lo - 1].label_ == "PARTY":
            lo -= 1
        hi = idx
        while hi + 1 < len(spans) and linked(spans[hi], spans[hi + 1]):
            hi += 1
        chain = spans[lo : hi + 1]
        conj = [
            i
            for i in range(1, len(chain))
            if any(t.lower_ in ("and", "or") for t in doc[chain[i - 1].end : chain[i].start])
        ]
        if not conj:
            return []
        return [m.kb_id_ for m in chain[: conj[-1] + 1]]

    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        """The subject token of ``verb`` (inherited through xcomp/conj/relcl/pcomp) and whether passive.

        Object control ("cleared Taiwan to buy", "asked Iran to send"): an xcomp's subject is
        the governing verb's direct object when it has one.
        """
        cur = verb
        for _ in range(5):
            for c in cur.children:
                if c.dep_ in _SUBJ:
                    # passivity belongs to the verb itself, not to a raising verb above it
                    # ("Russia is believed to have given …")
                    passive = c.dep_ == "nsubjpass" and cur.i == verb.i
                    if c.lower_ in ("which", "that", "who") and cur.dep_ == "relcl":
                        return cur.head, passive
                    return c, passive
            if cur.dep_ == "xcomp":
                obj = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj, False
            if cur.dep_ == "conj" and _misattached_conj(cur):
                # "X has stepped up deliveries since Russian jets began bombing and has handed …":
                # the conjunct with the main verb's auxiliary continues the main clause
                cur = cur.head.head
                continue
            if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head.i != cur.i:
                cur = cur.head
                continue
            if cur.dep_ == "pcomp" and cur.head.head.i != cur.head.i:
                cur = cur.head.head
                continue
            if cur.dep_ == "acl" and cur.tag_ == "VB" and cur.head.dep_ in ("dobj", "pobj"):
                # "France has signed a contract to sell Armenia howitzers"
                noun = cur.head
                cur = noun.head.head if noun.dep_ == "pobj" else noun.head
                continue
            if cur.dep_ == "relcl":
                return cur.head, False
            break
        return None, False

    def _controller(
        self, trig: Token, exclude: list[str], party_at: dict[int, Span], disc: Discourse
    ) -> list[str]:
        """'Washington cleared Taiwan to buy …': the subject of a permitting verb is the supplier."""
        if trig.dep_ != "xcomp":
            return []
        head = trig.head
        if head.lemma_.lower() not in self.ctx.lexicon.plans | _PERMIT:
            return []
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return []
        return [p for p in self._parties(subj, party_at, disc) if p not in exclude]

    def _frame(
        self, trig: Token, kind: str, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        if self._blocked(trig):
            return None
        sup: list[str] = []
        rec: list[str] = []
        themes: list[Token] = []
        is_noun = kind.endswith("_n")
        giving = kind in ("give", "give_n")
        preps: list[Token] = [c for c in trig.children if c.dep_ in ("prep", "dative", "agent")]
        doc = trig.doc
        reexport = trig.lower_.startswith("re-") or (
            trig.i >= 2 and doc[trig.i - 1].text in ("-", "\u2011") and doc[trig.i - 2].lower_ == "re"
        )
        if is_noun:
            for c in trig.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in party_at:
                    (sup if giving else rec).extend(self._parties(c, party_at, disc))
                elif c.dep_ == "poss":
                    ps = self._parties(c, party_at, disc)
                    (sup if giving else rec).extend(ps)
                elif c.dep_ in ("compound", "amod", "nmod"):
                    themes.append(c)
            if (not sup and giving) or (not rec and not giving):
                head = trig.head
                if trig.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in _DEAL_VERBS:
                    # "signed a memorandum for the sale of …", "cleared the way for the sale":
                    # the agreeing or permitting verb's subject
                    trig_as = head.head
                    subj, passive = self._subject(trig_as)
                    if subj is not None and not passive:
                        (sup if giving else rec).extend(self._parties(subj, party_at, disc))
                elif trig.dep_ in ("dobj", "attr", "nsubjpass", "appos") and head.pos_ in ("VERB", "AUX"):
                    subj, passive = self._subject(head)
                    # the state approving a re-export is the maker's state, not the re-exporter
                    permit = reexport and head.lemma_.lower() in _PERMIT
                    if (
                        subj is not None
                        and not passive
                        and not permit
                        and subj.i not in [t.i for t in themes]
                    ):
                        ps = self._parties(subj, party_at, disc)
                        # "Egypt took delivery of …": the taker of a delivery is its recipient
                        taker = head.lemma_.lower() in _TAKE
                        (sup if giving and not taker else rec).extend(ps)
                elif trig.dep_ == "appos":
                    ps = self._parties(head, party_at, disc)
                    (sup if giving else rec).extend(ps)
                elif trig.dep_ in ("attr",):
                    pass
        else:
            subj, passive = self._subject(trig)
            passive = passive or any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children)
            if trig.dep_ in ("acl", "amod") and trig.tag_ == "VBN":
                # "missiles supplied by Iran", "Iranian-supplied weapons bound for the Houthis"
                passive = True
                themes.append(trig.head)
                for c in trig.children:
                    if c.dep_ in ("npadvmod", "compound", "amod") and c.i in party_at:
                        sup.append(party_at[c.i].kb_id_)
                for c in trig.head.children:
                    if c.dep_ in ("acl", "amod") and c.lemma_.lower() in _DESTINED:
                        preps.extend(p for p in c.children if p.dep_ == "prep")
            if trig.dep_ == "relcl" and not any(
                c.dep_ == "dobj" and c.lower_ not in _REL for c in trig.children
            ):
                # "the SA-11 system that Russia had handed to the separatists"
                themes.append(trig.head)
            if subj is not None:
                if passive:
                    themes.append(subj)
                    preps.extend(p for p in subj.children if p.dep_ == "prep" and p.lower_ in ("for", "to"))
                else:
                    (sup if giving else rec).extend(self._parties(subj, party_at, disc))
            for c in trig.children:
                if c.dep_ == "dobj":
                    # "sold them to Estonia": with a to-recipient, a pronoun object is the materiel
                    to_party = any(
                        p.dep_ in ("prep", "dative")
                        and p.lower_ in ("to", "for")
                        and any(o.i in party_at for o in p.subtree)
                        for p in trig.children
                    )
                    anaphor = is_anaphor(c) and not to_party
                    ps = self._parties(c, party_at, disc) if c.i in party_at or anaphor else []
                    if ps and giving:
                        rec.extend(ps)
                    else:
                        themes.append(c)
                        if giving:
                            rec.extend(self._misparsed_dative(c, party_at))
                        preps.extend(p for p in c.children if p.dep_ == "prep")
                        # "sold missiles of its own manufacture to Iran": a to-phrase attached deeper
                        # "ordered a batch of 180 tanks from Hyundai Rotem": a from-phrase deeper
                        # in a get verb's object
                        deeper = ("to", "for") if giving else ("to", "for", "from")
                        preps.extend(
                            p
                            for p in c.subtree
                            if p.dep_ == "prep"
                            and p.lower_ in deeper
                            and p.head.i != c.i
                            and p.head.pos_ in ("NOUN", "PROPN")
                        )
                elif c.dep_ == "dative" and c.pos_ != "ADP":
                    rec.extend(self._parties(c, party_at, disc))
                elif c.dep_ in ("attr", "oprd"):
                    themes.append(c)
        for holder in [trig, *themes]:
            # "a consignment of heavy bombs destined for Israel"
            for c in holder.children:
                if c.dep_ in ("acl", "amod") and c.lemma_.lower() in _DESTINED and c.i != trig.i:
                    preps.extend(p for p in c.children if p.dep_ == "prep" and p not in preps)
        if trig.lemma_.lower() in MAKE_VERBS:
            # the maker's country: "built … in Russia" / "made by Rosoboronexport"
            for p in trig.children:
                if p.dep_ in ("prep", "agent") and p.lower_ in ("in", "by"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            sup.extend(x for x in self._parties(o, party_at, disc) if x not in sup)
        for p in preps:
            word = p.lower_
            objs = [o for o in p.children if o.dep_ in ("pobj", "pcomp")]
            for o in objs:
                if word == "by" or p.dep_ == "agent":
                    if giving or is_noun:
                        sup.extend(self._parties(o, party_at, disc))
                    else:
                        rec.extend(self._parties(o, party_at, disc))
                elif word in ("to", "for") or p.dep_ == "dative":
                    ps = self._parties(o, party_at, disc)
                    if ps:
                        rec.extend(ps)
                    elif word == "to" and is_noun and giving:
                        pass
                elif word == "from":
                    ps = self._parties(o, party_at, disc)
                    if ps and (not giving or is_noun or kind == "give"):
                        sup.extend(ps)
                elif word == "with" and any(c.lower_ in ("together", "along") for c in p.children):
                    ps = self._parties(o, party_at, disc) if o.i in party_at else []
                    if ps and not is_noun:  # "…, together with Denmark": a co-agent
                        (sup if giving else rec).extend(x for x in ps if x not in sup + rec)
                    else:
                        themes.append(o)
                elif word in ("of", "with", "including"):
                    themes.append(o)
            if word in ("along", "together") and not is_noun:
                # "handed over a battery along with missiles": more materiel; "handed over 14 tanks
                # to Ukraine, together with Denmark": a party is a co-agent (another supplier, or
                # another buyer of a get verb)
                for w in p.children:
                    if w.dep_ == "prep" and w.lower_ == "with":
                        for o in w.children:
                            if o.dep_ != "pobj":
                                continue
                            ps = self._parties(o, party_at, disc) if o.i in party_at else []
                            if ps:
                                (sup if giving else rec).extend(x for x in ps if x not in sup + rec)
                            else:
                                themes.append(o)
        if not rec and trig.dep_ == "conj" and trig.head.pos_ == "VERB":
            # "flew 567 missions to Israel and delivered 22,300 tons": conjoined verbs share the goal
            for p in trig.head.children:
                if p.dep_ in ("prep", "dative") and p.lower_ == "to":
                    for o in p.children:
                        if o.dep_ == "pobj":
                            rec.extend(x for x in self._parties(o, party_at, disc) if x not in sup)
                elif p.dep_ == "prep" and p.lower_ == "from" and not sup:
                    # "crossed from Russia and been delivered to the separatists"
                    for o in p.children:
                        if o.dep_ == "pobj":
                            sup.extend(x for x in self._parties(o, party_at, disc) if x not in rec)
                elif p.dep_ in ("dative", "dobj") and p.i in party_at and giving:
                    # "may send Ukraine 50 launchers, and Estonia may hand over nine howitzers"
                    rec.extend(x for x in self._parties(p, party_at, disc) if x not in sup)
        if giving and not rec:
            rec.extend(p for p in self._owner_of_theme(themes, party_at, disc) if p not in sup)
        if not giving and not is_noun and not rec and trig.dep_ == "advcl" and is_passive(trig):
            # "Because the TOWs were bought from the United States, Riyadh cannot …": the buyer
            # of a passive purchase in a subordinate clause is the main clause's subject
            main_subj = next((c for c in trig.head.children if c.dep_ == "nsubj"), None)
            if main_subj is not None:
                rec.extend(p for p in self._parties(main_subj, party_at, disc) if p not in sup)
        if not sup and trig.dep_ in ("acl", "relcl") and trig.head.dep_ in ("nsubj", "nsubjpass"):
            # "the uranium hexafluoride delivered to Libya had originated in North Korea"
            verb = trig.head.head
            if verb.lemma_.lower() in _PROVENANCE:
                for p in verb.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "from"):
                        for o in p.children:
                            if o.dep_ == "pobj":
                                sup.extend(x for x in self._parties(o, party_at, disc) if x not in rec)
        if is_noun and not rec and trig.i + 2 < len(trig.doc) and trig.nbor(1).lower_ == "to":
            # "Soviet arms supplies to Tripoli" with the to-phrase attached elsewhere
            span = party_at.get(trig.i + 2) or party_at.get(trig.i + 3)
            if span is not None and span.start <= trig.i + 3:
                rec.append(span.kb_id_)
        items = items_in(themes, trig, sent, self.ctx)
        pronoun_theme = not items and any(
            (t.pos_ == "PRON" and t.lower_ in _ITEM_PRONOUNS) or t.lemma_.lower() in _STOCK_NOUNS
            for t in themes
        )  # "sold them to Estonia"; "promised to replenish Israeli stocks" (of the items just named)
        if not sup and not is_noun and rec:
            sup.extend(self._controller(trig, rec, party_at, disc))
        # a re-export is supplied by the re-exporter, not by the maker ("the re-export of the
        # American-built aircraft"): neither the item's stated nor its catalogue origin stands in
        for it in items:
            if it.origin and not sup and it.origin not in rec and not reexport:
                sup.append(it.origin)
        catalogue = False
        taken = is_noun and giving and trig.head.lemma_.lower() in _TAKE and trig.dep_ == "dobj"
        # receiving verbs and nouns ("Ukraine's request for Taurus missiles"), passives, "took delivery"
        passive_like = taken or not giving or (not is_noun and is_passive(trig))
        if is_noun and giving and len(sup) >= 2 and not rec and items:
            # "Britain and Saudi Arabia signed a memorandum for the sale of 72 Tornado aircraft":
            # of two parties signing a sale, the maker's state sells to the other
            when = trig.doc._.aw_reftime or trig.doc._.aw_published
            origins = {og for it in items if (og := self._kb_origin(it, when))}
            if len(origins & set(sup)) == 1:
                rec = [p for p in sup if p not in origins]
                sup = [p for p in sup if p in origins]
        if not sup and rec and passive_like and not reexport:
            # last resort, when the text names no supplier slot at all (passive or receiving
            # verbs): the catalogue's origin of a named system ("the TB2 was exported to Qatar")
            # (applied after discourse, which knows better: see ``_apply_catalogue_origin``)
            catalogue = True
        sup = list(dict.fromkeys(s for s in sup))
        rec = list(dict.fromkeys(r for r in rec if r not in sup))
        return Frame(
            trigger=trig.i,
            kind="give" if giving else "get",
            sent_start=sent.start_char,
            sent_end=sent.end_char,
            suppliers=sup,
            recipients=rec,
            items=items,
            pronoun_theme=pronoun_theme,
            catalogue_origin=catalogue,
        )

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
        return Frame(
            trigger=trig.i, kind="include", sent_start=sent.start_char, sent_end=sent.end_char, items=items
        )

    def _include_frame(self, trig: Token, sent: Span) -> Frame | None:
        """'This included 122- and 152-mm shells': items for the transfer named just before."""
        subj = next((c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if trig.pos_ != "VERB" or subj is None:
            return None
        back = subj.lower_ in _BACKREF or (
            subj.lemma_.lower() in self.give_n | self.get_n | _DEAL_NOUNS
            and any(c.lower_ in ("the", "this", "these", "that") for c in subj.children)
        )
        if not back:
            return None
        themes = [c for c in trig.children if c.dep_ in ("dobj", "prep", "attr")]
        items = items_in(themes, trig, sent, self.ctx)
        if not items:
            return None
        return Frame(
            trigger=trig.i, kind="include", sent_start=sent.start_char, sent_end=sent.end_char, items=items
        )

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

    def _owner_of_theme(self, themes: list[Token], party_at: dict[int, Span], disc: Discourse) -> list[str]:
        """'supplied most of the arsenal of Angola's government', 'replenish Israeli stocks': the
        owner of the armed forces or stocks that the materiel goes into is the recipient."""
        for th in themes:
            for t in th.subtree:
                if t.lemma_.lower() in _OWNER_NOUNS and t.i not in party_at:
                    ps = self._parties(t, party_at, disc)
                    if ps:
                        return ps
        return []

    def _misparsed_dative(self, obj: Token, party_at: dict[int, Span]) -> list[str]:
        """'given North Korea anti-aircraft missiles': a state *name* (not a demonym or possessive)
        opening the object noun phrase of a give verb is the indirect object the parser folded in."""
        first = obj.left_edge
        span = party_at.get(first.i)
        if span is None or span.label_ != "PARTY" or span.start != first.i:
            return []
        if span.end < len(obj.doc) and obj.doc[span.end].lower_ in ("'s", "\u2019s", "-"):
            return []
        return [span.kb_id_] if span.root.dep_ in ("compound", "nmod") else []

    def _kb_origin(self, it: ItemMention, when: date | None = None) -> str | None:
        """The catalogue origin of a named system; a former state's design made after that state
        ended comes from its successor (an S-300 delivered in 2016 is Russian)."""
        if it.system_id is None:
            return None
        system = self.ctx.kb.systems.get(it.system_id)
        if system is None or system.origin is None:
            return None
        origin = system.origin
        former = self.ctx.kb.parties.get(origin)
        if former is not None and former.valid_to is not None and (when is None or when > former.valid_to):
            successor = next((cur for cur, old in PREDECESSORS.items() if old == origin), None)
            if successor is not None:
                return successor
        return origin

    def _blocked(self, trig: Token) -> bool:
        """A refusal, embargo, halt… governing the trigger, or a buy-back, makes it a non-transfer;
        so does a give verb whose object is no materiel ("giving France a second export customer")."""
        if any(c.dep_ == "dobj" and c.lemma_.lower() in _NON_MATERIEL for c in trig.children):
            return True
        if trig.dep_ == "nsubjpass" and trig.head.lemma_.lower() in self.blockers | _REGULATE:
            return (
                True  # "Beijing's exports of dual-use items were strictly controlled": a rule, not a transfer
            )
        if any(c.dep_ == "neg" for c in trig.children) and any(
            c.dep_ == "aux" and c.lower_ in ("will", "wo", "would", "shall") for c in trig.children
        ):
            return True  # "Israel will not supply weapons to Ukraine": a refusal, not a denial
        cur = trig
        for _ in range(3):
            if cur.head.i == cur.i or cur.dep_ in ("relcl", "nsubj", "nsubjpass", "csubj"):
                break  # a relative clause or a subject is not governed by the verb above it
            cur = cur.head
            if cur.lemma_.lower() in self.blockers:
                return True
            if cur.pos_ == "VERB" and cur.dep_ not in ("xcomp", "conj", "prep", "pobj"):
                break
        return False
