"""Deal frames and item lists that continue a transfer named before.

* :func:`deal_frame` reads a deal noun with a ``with``-party and ``for``-items: "India signed an
  agreement with France for 26 Rafale fighters", "Poland placed an order with South Korea for
  K2 tanks", "Greece's contract with France for three frigates". The signer (subject of the
  signing verb, or the noun's possessor) buys from the with-party, unless the catalogue origin
  of the items names exactly one of the two as their maker.
* :func:`listing_reach` tells whether an include-like clause lists the items of a deal or transfer
  named earlier ("The deal covers launchers and radars", "the package includes Meteor missiles",
  "The ministry's latest aid list also shows 40 Marder vehicles", "Direct American shipments in
  1986 included more than 1,000 TOWs") and how many sentences back its antecedent may lie.
* :func:`agent_of_noun` and :func:`stranded_goal` fix nominal transfers: "protested the sale of
  drones to Azerbaijan by Israel" (the by-agent, not the protester, sells), and "Israeli sales of
  the drones to Azerbaijan" with the to-phrase misattached to an earlier verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from armswatch.extract.frame_record import Frame
from armswatch.extract.items import ItemMention, items_in, make_items

if TYPE_CHECKING:
    from armswatch.extract.discourse import Discourse
    from armswatch.extract.frame_roles import RoleFiller
    from armswatch.extract.lexicon import Lexicon

#: Modifiers of a shared venture: the partners buy or build together, neither sells.
_JOINT = frozenset({"joint", "jointly", "common", "shared", "co"})
_DEFINITE = frozenset({"the", "this", "these", "that", "those"})
#: Sentences back that a definite deal or list noun may point.
DEAL_REACH = 5


def _pobjs(prep: Token) -> list[Token]:
    return [o for o in prep.children if o.dep_ == "pobj"]


def listing_reach(subj: Token, lex: Lexicon, party_at: dict[int, Span]) -> int | None:
    """The sentence window of an include-clause whose subject is ``subj``, or None when the
    subject names no deal or transfer: "the deal", "the package", "the aid list", "these
    deliveries", "American shipments" (a transfer noun with a party modifier)."""
    lemma = subj.lemma_.lower()
    nouns = lex.give_nouns | lex.get_nouns | lex.deal_nouns
    kids = list(subj.children)
    definite = any(c.lower_ in _DEFINITE for c in kids if c.dep_ == "det")
    owned = any(c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in party_at for c in kids)
    if lemma in nouns and (definite or owned):
        return DEAL_REACH
    if lemma in lex.list_nouns and any(
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in nouns for c in kids
    ):
        return DEAL_REACH  # "the ministry's latest aid list"
    return None


def subject_parties(filler: RoleFiller, subj: Token, party_at: dict[int, Span], disc: Discourse) -> list[str]:
    """Parties modifying a listing subject ("American shipments", "Germany's package")."""
    out: list[str] = []
    for c in subj.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in party_at:
            out.extend(p for p in filler._parties(c, party_at, disc) if p not in out)
    return out


def _bought(theme: Token, lex: Lexicon) -> bool:
    """A for-object that is materiel or its transfer ("for 26 Rafale fighters", "for the supply of
    S-400 systems"), not work on it or a joint venture ("for the upgrade of its Su-30s", "for the
    joint procurement of Patriot missiles")."""
    if any(c.lower_ in _JOINT for c in theme.children):
        return False
    lemma = theme.lemma_.lower()
    if lemma in lex.give_nouns | lex.get_nouns | lex.give_verbs | lex.get_verbs:
        return True
    return any(s.root.i == theme.i for s in theme.doc.spans.get("aw_item", []))


def _company_names(filler: RoleFiller) -> frozenset[str]:
    cached: frozenset[str] | None = getattr(filler, "_aw_company_names", None)
    if cached is None:
        cached = frozenset(n.lower() for c in filler.ctx.kb.companies.values() for n in [c.name, *c.aliases])
        filler._aw_company_names = cached  # type: ignore[attr-defined]
    return cached


def _is_company(tok: Token, party_at: dict[int, Span], names: frozenset[str]) -> bool:
    span = party_at.get(tok.i)
    return span is not None and span.text.lower() in names


def deal_frame(
    filler: RoleFiller, tok: Token, sent: Span, party_at: dict[int, Span], disc: Discourse
) -> Frame | None:
    """A deal noun with a with-party and for-items (see the module docstring)."""
    lex = filler.ctx.lexicon
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.deal_nouns:
        return None
    verb = tok.head if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.signing_verbs else None
    holders = [tok] if verb is None else [tok, verb]
    partners: list[str] = []
    partner_toks: list[Token] = []
    themes: list[Token] = []
    for h in holders:
        for p in h.children:
            if p.dep_ != "prep":
                continue
            for o in _pobjs(p):
                if p.lower_ == "with" and o.i in party_at:
                    partners.extend(filler._parties(o, party_at, disc))
                    partner_toks.append(o)
                elif p.lower_ == "for" and o.i not in party_at and _bought(o, lex):
                    themes.append(o)
    if not themes or (not partners and verb is None):
        return None
    signers: list[str] = []
    signer_tok: Token | None = None
    if verb is not None:
        subj, passive = filler._subject(verb)
        if subj is not None and not passive:
            signers, signer_tok = filler._parties(subj, party_at, disc), subj
    if not signers:
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            signers, signer_tok = filler._parties(poss, party_at, disc), poss
    signers = [s for s in signers if s not in partners]
    if not signers or filler._blocked(tok) or (verb is not None and filler._blocked(verb)):
        return None
    items = handed_items(
        items_in(themes, tok, sent, filler.ctx), tok.doc, filler.ctx.lexicon.production_nouns
    )
    if not items:
        return None
    when = tok.doc._.aw_reftime or tok.doc._.aw_published
    # the named systems of the for-phrase, also those only modifying a generic noun ("Rafale fighters")
    idx = {t.i for th in themes for t in th.subtree}
    named = [
        m
        for span in tok.doc.spans.get("aw_item", [])
        if span.root.i in idx
        for m in make_items(span, filler.ctx, party_at)
    ]
    origins = {og for it in [*items, *named] if (og := filler._kb_origin(it, when))}
    makers = origins & set(signers + partners)
    if not partners:
        # "India and France signed an agreement for 26 Rafales": of two signers, the maker sells
        if len(set(signers)) != 2 or len(makers) != 1:
            return None
        partners = [s for s in signers if s not in makers]
        signers = list(makers)
        partner_toks = []
        signer_tok = None
    names = _company_names(filler)
    signer_co = signer_tok is not None and _is_company(signer_tok, party_at, names)
    partner_co = any(_is_company(o, party_at, names) for o in partner_toks)
    if len(makers) == 1:
        if set(signers) <= makers:
            sup, rec = signers, partners  # "Hanwha signed a contract with Poland for K9 howitzers"
        else:
            sup, rec = partners, signers
    elif signer_co and not partner_co:
        sup, rec = signers, partners  # an arms maker signs to deliver
    elif signer_co:
        return None  # two companies, no stated maker: no direction
    else:
        sup, rec = partners, signers  # "India signed an agreement with France for 26 Rafales"
    return Frame.at(
        tok,
        "get",
        sent,
        suppliers=list(dict.fromkeys(sup)),
        recipients=list(dict.fromkeys(rec)),
        items=items,
    )


def handed_items(items: list[ItemMention], doc: Doc, production: frozenset[str]) -> list[ItemMention]:
    """The items that change hands: not what another item is for ("spare parts for Hawk
    batteries" hands over parts), nor what is made under a production deal ("licensed production
    of the AK-103" hands over the production, not rifles)."""
    spans = [(it.start, it.end) for it in items]

    def inside(i: int) -> bool:
        return any(a <= i < b for a, b in spans)

    out: list[ItemMention] = []
    for it in items:
        root = doc[it.start : it.end].root
        if root.dep_ == "pobj" and root.head.lower_ == "for" and inside(root.head.head.i):
            continue
        cur, made = root, False
        for _ in range(4):
            if cur.dep_ not in ("pobj", "prep", "conj") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ == "NOUN" and cur.lemma_.lower() in production and not it.start <= cur.i < it.end:
                made = True
                break
        if not made:
            out.append(it)
    return out


def agent_of_noun(trig: Token, party_at: dict[int, Span]) -> bool:
    """A transfer noun with its own by-agent party ("the sale of drones to Azerbaijan by Israel"):
    the subject of the verb governing the noun is not its supplier."""
    return any(
        p.dep_ in ("prep", "agent") and p.lower_ == "by" and any(o.i in party_at for o in _pobjs(p))
        for p in trig.children
    )


def stranded_goal(trig: Token, party_at: dict[int, Span]) -> str | None:
    """'Israeli sales of the drones to Azerbaijan' with the to-phrase parsed onto an earlier verb:
    a to-party right after the noun's of-phrase belongs to the noun."""
    end = max(t.i for t in trig.subtree)
    doc = trig.doc
    if end + 2 >= len(doc) or end == trig.i:
        return None
    to = doc[end + 1]
    if to.lower_ != "to" or to.head.i >= trig.i:
        return None
    span = party_at.get(end + 2) or party_at.get(end + 3)
    if span is None or span.start > end + 3:
        return None
    return span.kb_id_
