"""Arguments of a transfer trigger resolved to parties (one concern: who a noun phrase names).

A token names a party through the KB mentions (a token of a party span, or a party modifier of
it: "the North Korean regime", "Russia's army"), through coordination and broken party lists,
"the government of X", a definite noun repeating a party's name, and, for pronouns and "the
country"/"the regime", through the limited discourse model in ``discourse.py``. Also here: the
subject of a verb inherited through ``xcomp``/``conj``/``relcl``, and the controller of a
permitted or planned transfer.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from armswatch.extract.context import ExtractContext
from armswatch.extract.discourse import FIRST_PERSON, Discourse
from armswatch.extract.items import ItemMention
from armswatch.extract.lexicon import ANAPHORS
from armswatch.extract.syntax import is_anaphoric_noun, path_up

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_OWNER_NOUNS = frozenset(
    {"arsenal", "army", "forces", "military", "navy", "stock", "stockpile", "inventory", "fleet", "militia"}
)
#: Nouns for a request to transfer, whose maker is the would-be party ("requests from Poland").
_REQUESTS = frozenset({"request", "application", "bid", "appeal"})
#: Nouns for a group of states that an "including"-phrase names ("other countries, including Poland").
_GROUP_NOUNS = frozenset({"country", "state", "nation", "ally", "partner", "government", "member"})
_PARTY_GAP = frozenset({",", "and", "the", "or", "as", "well", "both"})
_PERMIT = frozenset({"allow", "permit", "clear", "authorize", "authorise", "license", "approve"})
_MOD = ("compound", "amod", "poss", "nmod", "npadvmod")
_DEFINITE = frozenset({"the", "these", "those"})
#: Verbs placing their subject somewhere ("are now operating in Ukraine").
_LOCATED = frozenset({"be", "operate", "serve", "arrive", "remain", "stay"})


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)


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


#: A state's own bodies, named with its possessive pronoun ("its air force", "their army").
_HOLDER_NOUNS = frozenset(
    {"force", "forces", "army", "navy", "military", "government", "ministry", "guard", "fleet", "corps"}
)


class PartyResolver:
    """Mixin of the frame builder: resolves argument tokens to party ids."""

    ctx: ExtractContext

    def _parties(self, tok: Token, party_at: dict[int, Span], disc: Discourse, depth: int = 0) -> list[str]:
        """Party ids an argument token names (with conjuncts and party modifiers)."""
        out: list[str] = []
        for x in [tok, *tok.conjuncts]:
            span = party_at.get(x.i)
            if span is not None:
                out.append(span.kb_id_)
                continue
            found = False
            lex = self.ctx.lexicon
            private = lex.private_persons
            if (x.lemma_.lower() in private or x.lower_ in private) and not (
                x.tag_ == "NNS" and x.lemma_.lower() in lex.experts
            ):
                continue  # "the Dutch businessman": a nationality, not a state party
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
                path = path_up(t, x)
                if any(
                    a.lemma_.lower() in private and not (a.tag_ == "NNS" and a.lemma_.lower() in lex.experts)
                    for a in path[1:]
                ):
                    break  # "Dutch businessman Frans van Anraat": a private individual
                if t.i in party_at and all(a.i == x.i or a.dep_ in _MOD for a in path):
                    out.append(party_at[t.i].kb_id_)
                    found = True
                    break
            if found:
                continue
            # "other countries, including Poland": the parties a group of states is exemplified by
            if x.lemma_.lower() in _GROUP_NOUNS:
                for c in x.children:
                    if c.dep_ == "prep" and c.lower_ in ("including", "like"):
                        out.extend(
                            party_at[p.i].kb_id_ for p in c.children if p.dep_ == "pobj" and p.i in party_at
                        )
                        found = found or any(p.dep_ == "pobj" and p.i in party_at for p in c.children)
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
            # "Its air force inducted …", "their navy received …": the state the pronoun refers to
            poss = next((c for c in x.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
            if poss is not None and x.lemma_.lower() in _HOLDER_NOUNS:
                ref = disc.resolve(poss)
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
            if (
                x.lower_ in ANAPHORS
                or x.lemma_.lower() in ANAPHORS
                or x.lower_ in ("which", "who", "that")
                or x.lower_ in FIRST_PERSON
            ):
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
            requester = self._requester(cur)
            if requester is not None:
                return requester, False
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

    def _requester(self, verb: Token) -> Token | None:
        """'would approve requests from Poland to send Leopards': the infinitive of a request that
        a permitting verb grants has the requester (the request's ``from``-object or possessor) as
        its subject, not the granting state."""
        if verb.dep_ not in ("xcomp", "advcl", "acl") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            return None
        head = verb.head
        req: Token | None
        if verb.dep_ == "acl" and head.lemma_.lower() in _REQUESTS:
            req = head
        elif head.lemma_.lower() in _PERMIT:
            req = next((c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in _REQUESTS), None)
        else:
            return None
        if req is None:
            return None
        for c in req.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ == "from":
                return next((o for o in c.children if o.dep_ == "pobj"), None)
        return None

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

    def _holder(self, mention: Token, party_at: dict[int, Span], disc: Discourse) -> list[str]:
        """The party holding a materiel mention: its possessor ("Iraq's Humvees"), or the subject
        of a possession verb whose object it is ("Iraqi forces lost 2,300 Humvees")."""
        for c in mention.children:
            if c.dep_ == "poss":
                ps = self._parties(c, party_at, disc)
                if ps:
                    return ps
        verb = mention.head
        if mention.dep_ == "dobj" and verb.lemma_.lower() in self.ctx.lexicon.possession_verbs:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return self._parties(subj, party_at, disc)
        return []

    def _antecedent_owner(
        self, doc: Doc, items: list[ItemMention], party_at: dict[int, Span], disc: Discourse
    ) -> list[str]:
        """'Iraqi forces lost 2,300 Humvees … Most of the vehicles had been supplied by the United
        States': a definite materiel noun ("the vehicles", "these tanks") of a transfer without a
        recipient points back to the latest mention of its kind in the two sentences before; the
        holder of that mention received it. Forward, "Iran supplied the Shahed drones that struck
        Kyiv. Russia flies the drones under another name": the holder of a definite mention of
        the kind in the next sentence."""
        spans = list(doc.spans.get("aw_item", []))
        for it in items:
            root = doc[it.start : it.end].root
            sent = root.sent
            if _definite(root):
                start = sent.start
                for _ in range(2):
                    if start > 0:
                        start = doc[start - 1].sent.start
                earlier = [
                    s for s in spans if start <= s.start and s.end <= sent.start and s.label_ == it.category
                ]
                if earlier:
                    ps = self._holder(earlier[-1].root, party_at, disc)
                    if ps:
                        return ps
            nxt = doc[sent.end].sent if sent.end < len(doc) else None
            if nxt is None:
                continue
            for s in spans:
                if nxt.start <= s.start < nxt.end and s.label_ == it.category and _definite(s.root):
                    ps = self._holder(s.root, party_at, disc) if s.root.dep_ == "dobj" else []
                    if ps:
                        return ps
        return []

    def _place_parties(self, obj: Token, party_at: dict[int, Span], disc: Discourse) -> list[str]:
        """The party a goal names: itself ("to Yemen's Houthi rebels"), or the state a place noun
        is in ("to an air base near Ankara", "to the port of Tartus in Syria")."""
        ps = self._parties(obj, party_at, disc)
        if ps or obj.lemma_.lower() not in self.ctx.lexicon.place_nouns:
            return ps
        for p in obj.children:
            if p.dep_ == "prep" and p.lower_ in ("near", "in", "outside", "of", "at"):
                for o in p.children:
                    if o.dep_ == "pobj":
                        ps.extend(self._place_parties(o, party_at, disc) if o.i != obj.i else [])
        return list(dict.fromkeys(ps))

    def _location_of_theme(self, trig: Token, party_at: dict[int, Span], disc: Discourse) -> list[str]:
        """'Patriot batteries supplied by the United States are now operating in Ukraine': the
        state where the supplied materiel is (a be/operate/serve/arrive verb of which it is the
        subject, with an in-phrase) received it."""
        if trig.dep_ != "acl" or trig.tag_ != "VBN" or trig.head.dep_ not in ("nsubj", "nsubjpass"):
            return []
        verb = trig.head.head
        if verb.lemma_.lower() not in _LOCATED:
            return []
        out: list[str] = []
        for p in verb.children:
            if p.dep_ == "prep" and p.lower_ in ("in", "at"):
                for o in p.children:
                    if o.dep_ == "pobj":
                        out.extend(self._place_parties(o, party_at, disc))
        return out

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
