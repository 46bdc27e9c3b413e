"""Help frames: technical assistance to a weapons programme or to making weapons is a transfer.

SCHEMA: technology, know-how, technical assistance and help with production count as transfers,
coded ``wmd`` or ``missile`` when the text ties them to those weapons and ``other`` otherwise;
training, troops and money do not. The frames read here:

* a help verb (``assist``, ``help``, ``aid``) whose object, or ``with``-object, is a weapons
  programme ("assisting Iran's ballistic missile programme", "assisting Iran with its drone
  programme") or materiel, or whose clause is making weapons ("helped Iran build its missiles");
* making with a help noun ("missiles developed with Chinese help");
* a help noun whose target is a programme ("China's assistance to Pakistan's nuclear programme").

The helper is the subject; when the help is the reason for a sanction ("sanctions on seven
Russian entities for assisting …"), it is the party sanctioned. The recipient is the party helped
or the owner of the programme. Nothing is read when no programme, materiel or making is named
("helped Ukraine", "helped Russia evade sanctions").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from armswatch.extract.context import ExtractContext
from armswatch.extract.discourse import Discourse
from armswatch.extract.frame_record import Frame
from armswatch.extract.items import ItemMention, items_in, make_items
from armswatch.extract.syntax import MAKE_VERBS

#: Verbs of making whose clause a help verb governs ("helped Iran build its missiles").
MAKING_VERBS = MAKE_VERBS | {"develop", "design", "assemble", "construct", "produce", "upgrade", "improve"}
#: Verbs whose on/from-object is help the subject's programme got ("relied on Chinese help").
_RELY = frozenset({"rely", "depend", "benefit", "draw", "count"})
#: Verbs and nouns that punish or charge someone for a deed given in a "for"-clause.
_SANCTION = frozenset(
    {
        "sanction",
        "impose",
        "blacklist",
        "penalize",
        "penalise",
        "punish",
        "accuse",
        "charge",
        "indict",
        "fine",
    }
)


def reason_target(trig: Token) -> Token | None:
    """'sanctions on seven Russian entities for assisting …', 'sanctioned two companies for
    supplying …': the party punished for the deed of a ``for``-clause is its doer."""
    if trig.dep_ != "pcomp" or trig.head.lower_ not in ("for", "of", "with"):
        return None
    gov = trig.head.head
    if gov.dep_ == "dobj" and gov.head.lemma_.lower() in _SANCTION:
        return gov  # "accused two Chinese companies of helping …" with the of-phrase on the object
    if gov.lemma_.lower() not in _SANCTION:
        return None
    if trig.head.lower_ in ("of", "with"):  # "accusing them of helping …", "charged the firm with …"
        return next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
    holders = [gov, *(c for c in gov.children if c.dep_ == "dobj")]
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against"):
                obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    if gov.pos_ == "VERB" and gov.lemma_.lower() != "impose":
        # "sanctioned two firms for …"; passive "two firms were sanctioned for …"
        return next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return None


def sanctioner(trig: Token) -> Token | None:
    """Who sanctions or accuses for the deed of ``trig`` ("the Clinton administration imposed
    sanctions on … for assisting …"): the party that asserts the deed, so its source."""
    if reason_target(trig) is None:
        return None
    gov = trig.head.head
    if gov.dep_ == "dobj" and gov.head.lemma_.lower() in _SANCTION:
        gov = gov.head
    for _ in range(3):
        subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        for a in gov.children:  # "were sanctioned by Washington for …"
            if a.dep_ == "agent":
                by = next((o for o in a.children if o.dep_ == "pobj"), None)
                if by is not None:
                    return by
        if gov.dep_ not in ("advcl", "xcomp", "conj") or gov.head.i == gov.i:
            break
        gov = gov.head
    return None


def made_with(verb: Token, helps: frozenset[str]) -> bool:
    """A verb of making with a help noun in its ``with``-phrase ("built with North Korean help")."""
    return verb.lemma_.lower() in MAKING_VERBS and any(
        p.dep_ == "prep"
        and p.lower_ == "with"
        and any(o.dep_ == "pobj" and (o.lemma_.lower() in helps or o.lower_ in helps) for o in p.children)
        for p in verb.children
    )


class AssistRoles:
    """Mixin of the frame builder: frames of help verbs and help nouns."""

    ctx: ExtractContext

    # provided by PartyResolver / RoleFiller
    def _parties(self, tok: Token, party_at: dict[int, Span], disc: Discourse, depth: int = 0) -> list[str]:
        raise NotImplementedError

    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        raise NotImplementedError

    # -- items ---------------------------------------------------------------------------------
    def _tied_items(self, noun: Token, party_at: dict[int, Span]) -> list[ItemMention]:
        """The help given to ``noun`` (a programme, materiel, or the object of making) as one item:
        ``wmd`` or ``missile`` when the noun phrase ties it to those weapons, else ``other``;
        none when it names no weapon at all ("space programme", "economy")."""
        lex = self.ctx.lexicon
        doc = noun.doc
        sub = {t.i for t in noun.subtree if t.dep_ not in ("relcl", "acl") or t.i == noun.i}
        spans = [s for s in doc.spans.get("aw_item", []) if s.root.i in sub]
        cats = {it.category for s in spans for it in make_items(s, self.ctx, party_at)}
        if any(doc[i].lower_ in lex.civil_programme_modifiers for i in sub) and not spans:
            return []  # "India's nuclear power programme": civil, no weapon named
        wmd_word = any(doc[i].lower_ in lex.wmd_modifiers for i in sub)
        programme = noun.lemma_.lower() in lex.programme_nouns or noun.lower_ in lex.programme_nouns
        if not programme and not any(s.root.i == noun.i for s in spans):
            return []  # neither a programme nor materiel: "helped Ukraine train pilots for its F-16s"
        if "wmd" in cats or (wmd_word and (programme or cats)):
            cat = "wmd"
        elif "missile" in cats:
            cat = "missile"
        elif cats:
            cat = "other"
        else:
            return []
        lo, hi = min(sub), max(sub) + 1  # the whole noun phrase: its weapon words are this item
        return [ItemMention(start=lo, end=hi, system=f"assistance: {doc[lo:hi].text}", category=cat)]

    def _owner(self, noun: Token, party_at: dict[int, Span], disc: Discourse) -> list[str]:
        """'Iran's missile programme', 'the Pakistani missile programme': the programme's owner."""
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and (c.i in party_at or c.dep_ == "poss"):
                ps = self._parties(c, party_at, disc)
                if ps:
                    return ps
        return []

    # -- frames ----------------------------------------------------------------------------------
    def _assist_frame(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """A help verb: "assisting Iran's ballistic missile programme", "helped Iran build …"."""
        target = reason_target(trig)
        if target is not None:
            if target.pos_ == "PRON":
                return None  # "accusing them of helping …": the sanctioning party is named last
            sup = self._parties(target, party_at, disc)
        else:
            subj, passive = self._subject(trig)
            sup = self._parties(subj, party_at, disc) if subj is not None and not passive else []
        rec: list[str] = []
        items: list[ItemMention] = []
        objs = [c for c in trig.children if c.dep_ == "dobj"]
        for p in trig.children:
            if p.dep_ == "prep" and p.lower_ in ("with", "in", "on"):
                objs.extend(o for o in p.children if o.dep_ == "pobj")
        for o in objs:
            if o.i in party_at and not items:
                rec.extend(self._parties(o, party_at, disc))
                continue
            found = self._tied_items(o, party_at)
            if found:
                items.extend(found)
                rec.extend(x for x in self._owner(o, party_at, disc) if x not in rec)
        for c in trig.children:
            # "helped Iran build its Shahab-3 missiles", "helped (to) develop Pakistan's missiles"
            if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in MAKING_VERBS:
                for o in c.children:
                    if o.dep_ == "dobj":
                        found = self._tied_items(o, party_at)
                        items.extend(found)
                        if found and not rec:
                            rec.extend(self._owner(o, party_at, disc))
                    elif o.dep_ == "nsubj" and not rec:
                        rec.extend(self._parties(o, party_at, disc))
        return self._help(trig, sent, sup, rec, items)

    def _made_with_help(
        self, trig: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> Frame | None:
        """'Pakistan's Shaheen missiles were developed with Chinese help': the helper of making."""
        lex = self.ctx.lexicon
        if trig.lemma_.lower() not in MAKING_VERBS:
            return None
        helps = [
            o
            for p in trig.children
            if p.dep_ == "prep" and p.lower_ == "with"
            for o in p.children
            if o.dep_ == "pobj" and (o.lemma_.lower() in lex.assist_nouns or o.lower_ in lex.assist_nouns)
        ]
        if not helps:
            return None
        sup = [x for h in helps for x in self._owner(h, party_at, disc)]
        subj, passive = self._subject(trig)
        made = subj if passive else next((c for c in trig.children if c.dep_ == "dobj"), None)
        if trig.dep_ in ("acl", "amod") and made is None:
            made = trig.head  # "missiles developed with Chinese help"
        if made is None:
            return None
        items = self._tied_items(made, party_at)
        rec = self._owner(made, party_at, disc)
        if not rec and subj is not None and not passive:
            rec = self._parties(subj, party_at, disc)  # "Iran built the missiles with North Korean help"
        return self._help(trig, sent, sup, rec, items)

    def help_noun_items(self, trig: Token, frame: Frame, party_at: dict[int, Span], disc: Discourse) -> None:
        """A help noun with no materiel of its own ("China's assistance to Pakistan's nuclear
        programme", "Chinese help with Pakistan's missile programme"): the programme it goes to."""
        if frame.items:
            return
        pp = trig.head
        if trig.dep_ == "pobj" and pp.lower_ in ("on", "from") and pp.head.lemma_.lower() in _RELY:
            # "Pakistan's nuclear weapons programme relied on Chinese help"
            subj = next((c for c in pp.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                frame.items.extend(self._tied_items(subj, party_at))
                if frame.items and not frame.recipients:
                    frame.recipients.extend(
                        x for x in self._owner(subj, party_at, disc) if x not in frame.suppliers
                    )
            return
        for p in trig.children:
            if p.dep_ != "prep" or p.lower_ not in ("to", "for", "with"):
                continue
            for o in p.children:
                if o.dep_ != "pobj" or o.i in party_at:
                    continue
                found = self._tied_items(o, party_at)
                if found:
                    frame.items.extend(found)
                    if not frame.recipients:
                        frame.recipients.extend(
                            x for x in self._owner(o, party_at, disc) if x not in frame.suppliers
                        )

    def production_for(
        self, trig: Token, frame: Frame, sent: Span, party_at: dict[int, Span], disc: Discourse
    ) -> None:
        """'instructed officials to produce 40,000 rockets for secret shipment to Russia', 'are
        making shells for delivery to Ukraine': a give noun in a ``for``-phrase of making is a
        planned transfer of what is made, by the maker (or by whoever has it made)."""
        pp = trig.head
        if trig.dep_ != "pobj" or pp.lower_ != "for" or pp.head.lemma_.lower() not in MAKING_VERBS:
            return
        make = pp.head
        frame.cues.append("purpose")  # planned: the making is for a transfer still to come
        if not frame.items:
            for o in make.children:
                if o.dep_ == "dobj":
                    frame.items.extend(items_in([o], make, sent, self.ctx))
        if frame.suppliers:
            return
        subj, passive = self._subject(make)
        cands = [] if subj is None or passive else [subj]
        if make.dep_ == "acl" and make.head.pos_ in ("NOUN", "PROPN"):
            cands.append(make.head)  # the parser's "officials to produce …" noun phrase
        if make.dep_ in ("xcomp", "acl"):
            boss, boss_passive = self._subject(make.head)
            if boss is not None and not boss_passive:
                cands.append(boss)  # "Sisi instructed officials to produce …": who has it made
        for c in cands:
            ps = [p for p in self._parties(c, party_at, disc) if p not in frame.recipients]
            if ps:
                frame.suppliers.extend(ps)
                return

    @staticmethod
    def _help(
        trig: Token, sent: Span, sup: list[str], rec: list[str], items: list[ItemMention]
    ) -> Frame | None:
        sup = list(dict.fromkeys(sup))
        rec = [r for r in dict.fromkeys(rec) if r not in sup]
        if not sup or not rec or not items:
            return None
        return Frame.at(
            trig,
            "give",
            sent,
            suppliers=sup,
            recipients=rec,
            items=items,
        )
