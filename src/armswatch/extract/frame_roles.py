"""Role filling of one transfer frame: TRANSFER(supplier, recipient, items) from the parse.

For a trigger (a give/get verb or noun from ``cues.yaml``) the roles are filled from the tree:

* give verbs (send, supply, sell…): subject / passive ``by``-agent → supplier; indirect object,
  ``to``/``for`` object, or a party direct object with ``with`` items → recipient;
* get verbs (receive, buy, import…): subject → recipient; ``from`` object → supplier;
* nouns (delivery, sale, purchase…): possessor or party modifier → supplier (recipient for
  get-nouns); ``to``/``for`` → recipient; ``by``/``from`` → supplier; a noun that is the object of a
  verb ("initiated the transfer") takes that verb's subject.

Items are KB weapon mentions in the theme of the trigger. Frames governed by an embargo, ban,
halt, refusal… are dropped (``_blocked``).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from armswatch.extract.assist import reason_target
from armswatch.extract.deal_frames import agent_of_noun, stranded_goal
from armswatch.extract.discourse import Discourse
from armswatch.extract.frame_parties import _PERMIT, _SUBJ, PartyResolver, _party_span_at
from armswatch.extract.frame_record import Frame
from armswatch.extract.items import ItemMention, items_in
from armswatch.extract.lexicon import PREDECESSORS
from armswatch.extract.syntax import MAKE_VERBS, is_anaphor, is_passive, particle_give, path_up

#: Cue of a frame whose supplier is the catalogue maker named in the sentence (a weak inference:
#: the pair's stated frames decide its status).
MAKER_NAMED_CUE = "maker-named"
#: A frame whose only materiel is implied by an arming verb ("arming the rebels"): it does not
#: decide the status of a pair that other frames state.
IMPLIED_ARMS_CUE = "implied-arms"
#: A frame whose supplier is only the maker an item's compound states ("the American-designed
#: aircraft"): it yields to the suppliers the text names for that kind of item and recipient.
MAKER_ORIGIN_CUE = "maker-origin"
#: Participles that state who made an item, not who supplies it ("American-designed").
_MAKER_PARTICIPLES = frozenset({"made", "built", "designed", "manufactured", "produced", "developed"})
_DESTINED = frozenset({"bind", "bound", "destine", "destined", "intend", "intended", "earmark", "headed"})
_REL = frozenset({"that", "which", "who", "whom"})
_ITEM_PRONOUNS = frozenset({"them", "it", "they", "these", "those"})
_TAKE = frozenset({"take", "accept", "receive", "await", "get", "complete"})
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
#: Verbs stating where materiel came from ("had originated in North Korea").
_PROVENANCE = frozenset({"originate", "come", "stem", "derive", "source"})
#: Transfers that "re-" makes onward transfers ("resold", "the resale", "retransferred"; not "resupply").
_ONWARD = frozenset({"sell", "sold", "sale", "transfer", "export"})
#: Stocks that a transfer refills: their items are the ones just named.
_STOCK_NOUNS = frozenset({"stock", "stockpile", "inventory", "reserve"})


def _actor_noun(noun: Token) -> Token:
    """The doer of a gerund modifying ``noun``: the noun, or the subject of "X were among / one
    of the buyers …" that the noun's group is said of."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("among", "of"):
        holder = noun.head.head
        if holder.pos_ in ("AUX", "VERB"):
            subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
        if holder.lower_ == "one" and holder.dep_ == "appos":
            return holder.head  # "Italy, one of the buyers passing the shells on"
    return noun


class RoleFiller(PartyResolver):
    """Mixin of the frame builder: builds a :class:`Frame` for one trigger."""

    get: frozenset[str]
    blockers: frozenset[str]

    def _frame(
        self, trig: Token, kind: str, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        reason = reason_target(trig)  # "sanctioned two firms for supplying drones to Russia"
        if self._blocked(trig) and reason is None:
            return None
        sup: list[str] = []
        rec: list[str] = []
        themes: list[Token] = []
        is_noun = kind.endswith("_n")
        giving = kind in ("give", "give_n")
        preps: list[Token] = [c for c in trig.children if c.dep_ in ("prep", "dative", "agent")]
        doc = trig.doc
        particle = not is_noun and particle_give(trig, self.ctx.lexicon.particle_give)
        if particle:  # "passing the shells on to Ukraine": the to-phrase hung on the particle
            preps.extend(
                p for c in preps[:] if c.lower_ in ("on", "along") for p in c.children if p.dep_ == "prep"
            )
        lemma = trig.lemma_.lower()
        reexport = (
            (
                trig.lower_.startswith("re-")
                # "resold", "the resale", "retransferred": re- on a give word
                or (lemma.startswith("re") and lemma[2:] in _ONWARD)
            )
            or (trig.i >= 2 and doc[trig.i - 1].text in ("-", "\u2011") and doc[trig.i - 2].lower_ == "re")
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
            pp = trig.head
            if (
                giving
                and trig.dep_ == "pobj"
                and pp.lower_ in ("in", "as")
                and pp.head.lemma_.lower() in self.get
            ):
                # "Egypt receives about $1.3 billion in US military aid": the receiver
                subj, passive = self._subject(pp.head)
                if subj is not None and not passive:
                    rec.extend(p for p in self._parties(subj, party_at, disc) if p not in sup)
            if ((not sup and giving) or (not rec and not giving)) and not agent_of_noun(trig, party_at):
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
            subj, passive = (reason, False) if reason is not None else self._subject(trig)
            passive = passive or any(c.dep_ in ("auxpass", "nsubjpass") for c in trig.children)
            if subj is None and trig.dep_ == "acl" and trig.tag_ == "VBG":
                subj = _actor_noun(trig.head)  # "X were among the buyers passing the shells on"
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
            with_objs = [
                o
                for p in trig.children
                if p.dep_ == "prep" and p.lower_ == "with"
                for o in p.children
                if o.dep_ == "pobj"
            ]
            supplied = (
                self._parties(subj, party_at, disc)
                if subj is not None and passive and giving and with_objs
                else []
            )
            if supplied and subj is not None:
                # "Jordan was supplied with CH-4 drones (by China)": the subject is the recipient
                rec.extend(supplied)
                themes.extend(with_objs)
            elif subj is not None:
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
                elif word in ("of", "with", "including") or (particle and word in ("on", "along")):
                    themes.append(o)  # "passed on military technology": the particle's object
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
        if not giving and not is_noun and not sup:
            # "obtained rocket engines, or the know-how to build them, from Ukraine's Yuzhmash
            # plant": a from-phrase the parser hung lower in the same clause
            for p in trig.subtree:
                if p.dep_ != "prep" or p.lower_ != "from" or p.head.i == trig.i:
                    continue
                path = path_up(p, trig)
                if any(t.i != trig.i and any(c.dep_ in _SUBJ for c in t.children) for t in path):
                    continue  # inside a clause with its own subject
                for o in p.children:
                    if o.dep_ == "pobj":
                        sup.extend(x for x in self._parties(o, party_at, disc) if x not in rec)
                if sup:
                    break
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
        if is_noun and giving and not rec and (goal := stranded_goal(trig, party_at)) and goal not in sup:
            rec.append(goal)  # "Israeli sales of the drones to Azerbaijan", "to" parsed onto a verb
        if is_noun and not rec and trig.i + 2 < len(trig.doc) and trig.nbor(1).lower_ == "to":
            # "Soviet arms supplies to Tripoli" with the to-phrase attached elsewhere
            span = party_at.get(trig.i + 2) or party_at.get(trig.i + 3)
            if span is not None and span.start <= trig.i + 3:
                rec.append(span.kb_id_)
        if is_noun and giving and not rec:
            # "the sale of 12 TB2 drones to Poland" with the to-phrase hung on the materiel noun
            for p in trig.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for o in p.children:
                        for q in o.children if o.dep_ == "pobj" else []:
                            if q.dep_ == "prep" and q.lower_ == "to":
                                for r in q.children:
                                    if r.dep_ == "pobj":
                                        rec.extend(
                                            x for x in self._parties(r, party_at, disc) if x not in sup
                                        )
        items = items_in(themes, trig, sent, self.ctx)
        pronoun_theme = not items and any(
            (t.pos_ == "PRON" and t.lower_ in _ITEM_PRONOUNS)
            or t.lemma_.lower() in _STOCK_NOUNS
            # "Norway is to hand over six F-16s, and Belgium has promised 30": elliptical materiel
            or (t.pos_ == "NUM" and t.dep_ == "dobj" and not is_noun and not list(t.children))
            for t in themes
        )  # "sold them to Estonia"; "promised to replenish Israeli stocks" (of the items just named)
        if not sup and not is_noun and rec:
            sup.extend(self._controller(trig, rec, party_at, disc))
        implied = False
        if (
            not items
            and not is_noun
            and lemma in self.ctx.lexicon.arming_verbs
            and rec
            and any(c.dep_ == "dobj" and c.i in party_at for c in trig.children)
        ):
            # "accused Pakistan of arming the rebels": arming a party supplies weapons of no stated kind
            items = [ItemMention(trig.i, trig.i + 1, "arms", "other")]
            implied = True
        if giving and sup and not rec and items:
            rec.extend(p for p in self._location_of_theme(trig, party_at, disc) if p not in sup)
        if giving and sup and not rec and items:
            rec.extend(p for p in self._antecedent_owner(doc, items, party_at, disc) if p not in sup)
        # a re-export is supplied by the re-exporter, not by the maker ("the re-export of the
        # American-built aircraft"): neither the item's stated nor its catalogue origin stands in
        maker_origin = False
        for it in items:
            if it.origin and not sup and it.origin not in rec and not reexport:
                sup.append(it.origin)
                maker_origin = any(
                    t.lower_ in _MAKER_PARTICIPLES
                    and doc[t.i - 1].text in ("-", "\u2011")
                    and (span := party_at.get(t.i - 2)) is not None
                    and span.kb_id_ == it.origin
                    for t in doc[max(2, it.start - 4) : it.end]
                )
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
        maker_named = False
        if not sup and rec and not reexport and items and not passive_like:
            # "The sale of 12 TB2 drones to Poland was completed, Baykar said": the maker's state
            # of a named system stands in when the sentence itself names that state (or its firm)
            when = doc._.aw_reftime or doc._.aw_published
            origins = {og for it in items if (og := self._kb_origin(it, when)) and og not in rec}
            named = {party_at[i].kb_id_ for i in range(sent.start, sent.end) if i in party_at}
            passive_like = bool(origins & named)
            maker_named = passive_like
        if not sup and rec and passive_like and not reexport:
            # last resort, when the text names no supplier slot at all (passive or receiving
            # verbs): the catalogue's origin of a named system ("the TB2 was exported to Qatar")
            # (applied after discourse, which knows better: see ``_apply_catalogue_origin``)
            catalogue = True
        sup = list(dict.fromkeys(s for s in sup))
        rec = list(dict.fromkeys(r for r in rec if r not in sup))
        return Frame.at(
            trig,
            "give" if giving else "get",
            sent,
            suppliers=sup,
            recipients=rec,
            items=items,
            pronoun_theme=pronoun_theme,
            catalogue_origin=catalogue,
            cues=([MAKER_NAMED_CUE] if maker_named else [])
            + ([IMPLIED_ARMS_CUE] if implied else [])
            + ([MAKER_ORIGIN_CUE] if maker_origin else []),
        )

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

    def _urged_by_other(self, trig: Token) -> bool:
        """'A minister urged Israel to give Ukraine military aid': a transfer urged by anyone but a
        recipient named with it is an exhortation, not a transfer ("Kyiv urged Berlin to deliver
        tanks to Ukraine" stays a request)."""
        verb = trig
        while verb.pos_ != "VERB" and verb.dep_ in ("dobj", "pobj", "prep", "conj") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "xcomp":
            return False
        head = verb.head
        lemma = head.lemma_.lower()
        calls_on = lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "on" for c in head.children)
        if lemma not in self.ctx.lexicon.exhortations and not calls_on:
            return False
        urger = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if urger is None:
            return False
        party_at = _party_span_at(trig.doc)
        urgers = {party_at[t.i].kb_id_ for t in urger.subtree if t.i in party_at}
        named = {party_at[t.i].kb_id_ for t in verb.subtree if t.i in party_at}
        return not urgers or (bool(named - urgers) and not urgers & named)

    def _deployment(self, trig: Token) -> bool:
        """'Washington will send a submarine on a port visit to South Korea': a send verb whose
        purpose is a visit, patrol, exercise… moves the sender's own forces, not a transfer."""
        if trig.pos_ != "VERB":
            return False
        nouns = self.ctx.lexicon.deployment_nouns
        return any(
            p.dep_ == "prep"
            and p.lower_ in ("on", "for")
            and any(o.dep_ == "pobj" and (o.lemma_.lower() in nouns or o.lower_ in nouns) for o in p.children)
            for p in trig.children
        )

    def _blocked(self, trig: Token) -> bool:
        """A refusal, embargo, halt… governing the trigger, or a buy-back, makes it a non-transfer;
        so does a give verb whose object is no materiel ("giving France a second export customer")."""
        if any(c.dep_ == "dobj" and c.lemma_.lower() in _NON_MATERIEL for c in trig.children):
            return True
        if self._urged_by_other(trig):
            return True
        if self._deployment(trig):
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
            if cur.lemma_.lower() == "turn" and any(
                c.dep_ == "prt" and c.lower_ == "down" for c in cur.children
            ):
                return True  # "turned down Kyiv's requests for ATACMS": a refusal
            if cur.pos_ == "VERB" and cur.dep_ not in ("xcomp", "conj", "prep", "pobj"):
                break
        return False
