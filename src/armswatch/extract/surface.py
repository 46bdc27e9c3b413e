"""Parse-independent fallback: transfer frames from the token sequence of a clause.

The dependency frames (``frames.py``) depend on the parser, and the small English model misparses
short, plain sentences often enough ("Iran has delivered Shahed-136 attack drones to Russia, …
said" with "drones" as the subject of "said"; a ``to``-phrase hung on the wrong noun). This module
is used ONLY for sentences where the dependency frames gave no complete frame but the sentence has
a transfer trigger, at least two distinct parties and at least one weapon mention. It reads the
roles off the word order of the asserted clause, with shallow patterns:

* ``SUPPLIER … GIVE … ITEMS … to|for RECIPIENT`` (active give verb or give noun);
* ``SUPPLIER GIVE RECIPIENT ITEMS`` / ``GIVE RECIPIENT with ITEMS`` (a party right after the verb);
* ``RECIPIENT GET ITEMS from SUPPLIER`` (receive, buy, import… and their nouns);
* ``ITEMS (were) GIVEN by SUPPLIER … to|in RECIPIENT`` (passive and participle: "supplied by");
* ``ITEMS from SUPPLIER / SUPPLIER-made ITEMS … arrive in|reach RECIPIENT`` (arrival verbs);

the item's origin ("Iranian-made", "German") stands in for a missing supplier. Before matching,
the attribution is cut off — the clause after the last comma before a trailing speech verb ("…,
Ukraine's armed forces said"), everything up to a leading speech verb ("Analysts say …"), and
"according to …"/"citing …" phrases — so that parties naming the source are never taken as roles.

The same blockers as the dependency frames apply (refusals, embargoes, halts, and the builder's
own check on the trigger); status, sources and deniers are filled later by ``status.py`` like for
any frame. Frames from here carry the cue ``surface`` and get a lower confidence (``assemble.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from armswatch.extract.context import ExtractContext
from armswatch.extract.frames import Frame
from armswatch.extract.items import MADE, ItemMention, _modifier_only, make_items

#: Cue marking a frame found by this module.
SURFACE_CUE = "surface"
#: Verbs saying that materiel reached a place: the place is the recipient.
ARRIVAL_VERBS = frozenset({"arrive", "reach", "land"})
_ARRIVE = ARRIVAL_VERBS
_GOAL = frozenset({"to", "for", "into"})
_PLACE = frozenset({"in", "at", "into", "to", "near"})
_SOURCE = frozenset({"from", "by"})
_SKIP = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_LIST_GAP = frozenset({",", "and", "or", "the", "as", "well", "both"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "get", "got"})
_COPULA = frozenset({"is", "are", "was", "were", "be", "been", "now", "already", "still", "all", "safely"})
#: Verbs of using materiel: their subject is the recipient of materiel supplied by someone else.
_USE = frozenset({"use", "fire", "operate", "fly", "employ", "field", "deploy", "begin", "start"})
_USE_GAP = frozenset({"has", "have", "had", "is", "are", "was", "were", "already", "now", "'s", "\u2019s"})
_FORCES = frozenset({"force", "army", "crew", "troop", "soldier", "gunner", "unit", "military", "pilot"})
_TAKE = frozenset({"take", "accept", "receive", "await", "get"})
_NEG = frozenset({"not", "n't", "never"})
_REFUSING_AUX = frozenset({"will", "wo", "would", "shall"})
_ROUNDS = frozenset({"ammunition", "missile"})
_SELF_MOVING = frozenset({"aircraft", "uav", "naval"})
_LAUNCHERS = frozenset({"artillery", "air_defence", "aircraft", "uav", "naval", "armoured_vehicle"})


def attribution_phrase(sent: Span, speech: frozenset[str]) -> str | None:
    """The source named by a trailing '…, SOURCE said' (or '…, said SOURCE') clause of ``sent``,
    read off the word order: the words between the last comma and the speech verb (or after it)."""
    doc = sent.doc
    for tok in reversed(list(sent)):
        if tok.lemma_.lower() not in speech or not _verbish(tok):
            continue
        comma = next((t.i for t in reversed(list(doc[sent.start : tok.i])) if t.text == ","), None)
        if comma is None:
            return None
        words: list[Token] = [
            t for t in doc[comma + 1 : tok.i] if not (t.i == comma + 1 and t.lower_ in _SKIP)
        ]
        if not words:  # "…, said Kyrylo Budanov, the head of …"
            for t in doc[tok.i + 1 : sent.end]:
                if t.is_punct:
                    break
                words.append(t)
        if not words or len(words) > 8 or any(w.is_punct and w.text not in ("'s", "\u2019s") for w in words):
            return None
        return doc[words[0].i : words[-1].i + 1].text
    return None


def _verbish(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


class SurfaceFinder:
    """Finds fallback frames in sentences the dependency frames left empty."""

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        lex = ctx.lexicon
        self.give = lex.give_verbs
        self.get = lex.get_verbs
        self.give_n = lex.give_nouns
        self.get_n = lex.get_nouns
        self.speech = lex.attribution_verbs
        self.blockers = lex.non_transfer | lex.refusals

    # -- entry point ---------------------------------------------------------------------------
    def find(
        self,
        doc: Doc,
        frames: list[Frame],
        party_at: dict[int, Span],
        blocked: Callable[[Token], bool],
    ) -> list[Frame]:
        """Fallback frames for the sentences of ``doc`` that hold no complete frame in ``frames``."""
        complete = [f for f in frames if f.suppliers and f.recipients and f.items]
        done = {f.sent_start for f in complete}
        # a fallback for pairs the parser missed: a pair already read off the parse keeps its
        # syntactic status and items
        known: dict[tuple[str, str], set[str]] = {}
        for f in complete:
            if not f.discourse:
                for s in f.suppliers:
                    for r in f.recipients:
                        known.setdefault((s, r), set()).update(it.category for it in f.items)
        # a pair only borrowed from discourse is known for the kinds of items it has: a sentence
        # naming the pair with other kinds still adds them
        borrowed: dict[tuple[str, str], set[str]] = {}
        for f in complete:
            if f.discourse:
                for s in f.suppliers:
                    for r in f.recipients:
                        borrowed.setdefault((s, r), set()).update(it.category for it in f.items)
        items = list(doc.spans.get("aw_item", []))
        headline_end = doc._.aw_headline_end or 0
        out: list[Frame] = []
        for sent in doc.sents:
            if sent.start_char in done:
                continue
            named = {party_at[i].kb_id_ for i in range(sent.start, sent.end) if i in party_at}
            sent_items = [s for s in items if sent.start <= s.start and s.end <= sent.end]
            if len(named) < 2 or not sent_items:
                continue
            frame = self._sentence(sent, party_at, sent_items, blocked)
            if frame is not None:
                sups = frame.suppliers
                cats = {it.category for it in frame.items}
                frame.recipients = [
                    r
                    for r in frame.recipients
                    if all(not cats <= known.get((s, r), set()) | borrowed.get((s, r), set()) for s in sups)
                ]
                if not frame.recipients:
                    continue
                if any((s, r) in known for s in sups for r in frame.recipients):
                    # a pair read off the parse keeps its status; this sentence adds its kinds of items
                    frame.discourse = True
                frame.headline = sent.start_char < headline_end
                out.append(frame)
        return out

    # -- one sentence --------------------------------------------------------------------------
    def _kind(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        if tok.pos_ in ("NOUN", "PROPN") and not tok.tag_.startswith("VB"):
            if lemma in self.give_n or low in self.give_n:
                return "give_n"
            if lemma in self.get_n or low in self.get_n:
                return "get_n"
            return None
        if not _verbish(tok):
            return None
        if lemma in self.give:
            return "give"
        if lemma in self.get:
            return "get"
        if lemma in _ARRIVE:
            return "arrive"
        return None

    def _clause(self, sent: Span, triggers: list[int]) -> tuple[int, int, set[int]]:
        """The asserted clause [lo, hi) of ``sent`` and the token indices cut out inside it."""
        lo, hi = sent.start, sent.end
        first = triggers[0]
        cut: set[int] = set()
        doc = sent.doc
        for tok in sent:
            if tok.lemma_.lower() not in self.speech or not _verbish(tok) or tok.i == first:
                continue
            if tok.i > first:
                commas = [t.i for t in doc[first : tok.i] if t.text in (",", ";", "\u2014", "--")]
                if commas:
                    hi = min(hi, commas[-1])
            elif tok.i < first:
                lo = max(lo, tok.i + 1)
        for tok in doc[lo:hi]:
            low = tok.lower_
            phrase = (low == "according" and tok.i + 1 < hi and doc[tok.i + 1].lower_ == "to") or (
                low == "citing"
            )
            if phrase:
                end = next((t.i for t in doc[tok.i : hi] if t.text == ","), hi)
                if tok.i < first < end:
                    end = first
                cut.update(range(tok.i, end))
        return lo, hi, cut

    def _sentence(
        self, sent: Span, party_at: dict[int, Span], items: list[Span], blocked: Callable[[Token], bool]
    ) -> Frame | None:
        trig_kinds = [(t, k) for t in sent if (k := self._kind(t)) is not None]
        if not trig_kinds:
            return None
        lo, hi, cut = self._clause(sent, [t.i for t, _ in trig_kinds])
        for trig, kind in trig_kinds:
            if not lo <= trig.i < hi or trig.i in cut or trig.i in party_at:
                continue
            if self._blocked(trig, lo) or blocked(trig):
                continue
            frame = self._roles(trig, kind, sent, lo, hi, cut, party_at, items)
            if frame is not None:
                return frame
        return None

    def _blocked(self, trig: Token, lo: int) -> bool:
        """A refusal/embargo/halt cue before the trigger in the clause, or 'will not send'."""
        doc = trig.doc
        before = doc[lo : trig.i]
        if any(t.lemma_.lower() in self.blockers for t in before):
            return True
        window = [t.lower_ for t in doc[max(lo, trig.i - 3) : trig.i]]
        return bool(set(window) & _NEG) and bool(set(window) & _REFUSING_AUX)

    # -- roles -----------------------------------------------------------------------------------
    def _parties_in(self, lo: int, hi: int, cut: set[int], party_at: dict[int, Span]) -> list[Span]:
        """Party spans of the clause that head their noun phrase ("the Dassault jet" names a jet)."""
        seen: dict[int, Span] = {}
        for i in range(lo, hi):
            span = party_at.get(i)
            if span is None or i in cut or span.start < lo or span.end > hi:
                continue
            nxt = span.doc[span.end] if span.end < hi else None
            det = span.start > lo and span.doc[span.start - 1].lower_ in _SKIP
            if det and nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.i not in party_at:
                continue  # "for the Dassault jet"; but "handed Russia rockets" keeps Russia
            seen[span.start] = span
        return [seen[k] for k in sorted(seen)]

    def _coordinated(self, span: Span, spans: list[Span]) -> list[str]:
        """``span``'s party plus those written in one list with it ("the Netherlands and Denmark")."""
        doc = span.doc
        idx = next(n for n, s in enumerate(spans) if s.start == span.start)

        def linked(a: Span, b: Span) -> bool:
            gap = doc[a.end : b.start]
            return 0 < len(gap) <= 3 and all(t.lower_ in _LIST_GAP for t in gap) and b.label_ == "PARTY"

        lo_i = idx
        while lo_i > 0 and linked(spans[lo_i - 1], spans[lo_i]):
            lo_i -= 1
        hi_i = idx
        while hi_i + 1 < len(spans) and linked(spans[hi_i], spans[hi_i + 1]):
            hi_i += 1
        chain = spans[lo_i : hi_i + 1]
        has_conj = any(t.lower_ in ("and", "or") for a, b in pairwise(chain) for t in doc[a.end : b.start])
        members = chain if has_conj else [span]
        return list(dict.fromkeys(s.kb_id_ for s in members))

    @staticmethod
    def _located(span: Span, kind: str, lo: int) -> bool:
        """'… have arrived in Ukraine' (arrival verb) or '… delivered by X are now in Ukraine'
        (a be-form, maybe with an adverb, right before the place preposition)."""
        if kind == "arrive":
            return True
        doc = span.doc
        j = span.start - 1
        while j >= lo and doc[j].lower_ in _SKIP:
            j -= 1
        k = j - 1
        words: list[str] = []
        while k >= lo and doc[k].lower_ in _COPULA and len(words) < 3:
            words.append(doc[k].lower_)
            k -= 1
        return any(w in _BE for w in words)

    def _relation_goal(self, span: Span, lo: int) -> bool:
        """The to-phrase of a party follows a relation noun ("Sweden's accession to NATO", "a visit
        to Kyiv"): it names no recipient."""
        doc = span.doc
        j = span.start - 1
        while j >= lo and doc[j].lower_ not in _GOAL:
            j -= 1
        return j - 1 >= lo and doc[j - 1].lemma_.lower() in self.ctx.lexicon.relation_nouns

    @staticmethod
    def _prep_before(span: Span, lo: int) -> str | None:
        """The preposition governing a party span by position ("to the Houthis" → "to"; a
        demonym in between is skipped: "to the Nicaraguan Contra rebels")."""
        doc = span.doc
        demonym = {
            i for s in doc.spans.get("aw_party", []) if s.label_ == "DEMONYM" for i in range(s.start, s.end)
        }
        j = span.start - 1
        while j >= lo and (
            doc[j].lower_ in _SKIP
            or j in demonym
            # "to the Nicaraguan Contra rebels": a modifier of the party's own noun
            or (span.start <= doc[j].head.i < span.end and doc[j].dep_ in ("compound", "amod", "nmod"))
        ):
            j -= 1
        if j < lo:
            return None
        return doc[j].lower_

    def _roles(
        self,
        trig: Token,
        kind: str,
        sent: Span,
        lo: int,
        hi: int,
        cut: set[int],
        party_at: dict[int, Span],
        items: list[Span],
    ) -> Frame | None:
        doc = sent.doc
        # a demonym names a party as the owner of armed forces ("have reached Russian forces")
        parties = [
            s
            for s in self._parties_in(lo, hi, cut, party_at)
            if s.label_ in ("PARTY", "OFFICIAL")
            or (s.label_ == "DEMONYM" and s.end < hi and doc[s.end].lemma_.lower() in _FORCES)
        ]
        if not parties:
            return None
        before = [s for s in parties if s.end <= trig.i]
        after = [s for s in parties if s.start > trig.i]
        window = {t.lower_ for t in doc[max(lo, trig.i - 3) : trig.i]}
        nxt = doc[trig.i + 1].lower_ if trig.i + 1 < hi else ""
        participle = trig.tag_ == "VBN" and (
            bool(window & _BE)
            or nxt == "by"
            or (
                trig.i > lo
                and doc[trig.i - 1].pos_ in ("NOUN", "PROPN")
                and doc[trig.i - 1].i not in party_at
            )
        )
        sup: list[str] = []
        rec: list[str] = []
        # prepositional roles, anywhere after the trigger in the clause (and before it for
        # participles and arrival verbs: "launchers supplied by X have arrived in Y")
        scope = parties if kind == "arrive" or participle else after
        for span in scope:
            prep = self._prep_before(span, lo)
            if prep in _SOURCE:
                sup.extend(x for x in self._coordinated(span, parties) if x not in sup)
            elif (prep in _GOAL and not self._relation_goal(span, lo)) or (
                prep in _PLACE and span.start > trig.i and self._located(span, kind, lo)
            ):
                rec.extend(x for x in self._coordinated(span, parties) if x not in rec)
        if kind == "arrive" and not rec and after and after[0].start <= trig.i + 2:
            rec.extend(self._coordinated(after[0], parties))  # "… have reached Russia"
        if kind == "give_n" and trig.i > lo and doc[trig.i - 1].lemma_.lower() in _TAKE:
            kind = "get_n"  # "Egypt took delivery of …": the taker is the recipient
        if kind in ("give", "give_n") and not participle:
            if not rec and after:
                first = after[0]
                gap = [t for t in doc[trig.i + 1 : first.start] if t.lower_ not in _SKIP]
                if not gap and (kind == "give" or nxt in _GOAL):
                    rec.extend(self._coordinated(first, parties))  # "handed Russia shells"
            if before:
                agent = before[-1]
                if self._prep_before(agent, lo) not in _SOURCE | _GOAL | _PLACE | {"of", "on", "against"}:
                    sup = [*(x for x in self._coordinated(agent, parties) if x not in rec), *sup]
        elif kind in ("get", "get_n") and before and (not participle or not rec):
            # "Armenia bought …", and "Azerbaijan's army flew drones bought from Turkey"
            agent = before[-1]
            if self._prep_before(agent, lo) not in _SOURCE | _GOAL | _PLACE | {"of", "on", "against"}:
                rec = [*(x for x in self._coordinated(agent, parties) if x not in sup), *rec]
        found = self._items(items, lo, hi, cut, party_at, trig)
        if not sup:
            # "Two US Navy ships arrived in Qatar": aircraft, drones and ships arriving under their
            # own power are their owner's forces on the move, not a delivery by their origin; a
            # force as recipient takes materiel made abroad ("Iranian-made drones have reached
            # Russian forces"), not the other side's materiel ("Russian shells reached Ukrainian
            # troops" is an attack)
            to_forces = any(s.label_ == "DEMONYM" and s.kb_id_ in rec for s in parties)
            cargo = [
                it
                for it in found
                if (
                    any(t.lower_ in MADE for t in doc[max(lo, it.start - 4) : it.start])
                    if to_forces
                    else kind != "arrive" or it.category not in _SELF_MOVING
                )
            ]
            sup = [o for it in cargo if (o := it.origin) and o not in rec][:1]
        if sup and not rec and kind == "give":
            rec = self._user(trig, lo, party_at, sup)
        sup = list(dict.fromkeys(sup))
        rec = [r for r in dict.fromkeys(rec) if r not in sup]
        if not sup or not rec or not found:
            return None
        return Frame.at(
            trig,
            "get" if kind in ("get", "get_n", "arrive") else "give",
            sent,
            suppliers=sup,
            recipients=rec,
            items=found,
            cues=[SURFACE_CUE],
        )

    def _user(self, trig: Token, lo: int, party_at: dict[int, Span], sup: list[str]) -> list[str]:
        """'Ukraine has used the Storm Shadow missiles supplied by Britain', 'Ukrainian crews are
        firing the guns that France provided': the party that uses supplied materiel received it.
        The user is the party (or a demonym before a forces noun) opening the clause, subject of
        a use verb standing between it and the trigger."""
        doc = trig.doc
        use = next((t for t in doc[lo : trig.i] if t.lemma_.lower() in _USE and _verbish(t)), None)
        if use is None:
            return []
        for i in range(lo, use.i):
            span = party_at.get(i)
            if span is None or span.kb_id_ in sup:
                continue
            nxt = doc[span.end] if span.end < use.i else None
            if span.label_ == "PARTY" and (nxt is None or nxt.lower_ in _USE_GAP):
                return [span.kb_id_]
            if span.label_ == "DEMONYM" and nxt is not None and nxt.lemma_.lower() in _FORCES:
                return [span.kb_id_]
            return []
        return []

    def _items(
        self, items: list[Span], lo: int, hi: int, cut: set[int], party_at: dict[int, Span], trig: Token
    ) -> list[ItemMention]:
        """Weapon mentions of the clause; a launcher named in 'for X launchers' after a munition
        is what the munition is for, not a second item."""
        spans = [s for s in items if lo <= s.start and s.end <= hi and s.start not in cut]
        out: list[ItemMention] = []
        for n, s in enumerate(spans):
            doc = s.doc
            j = s.start - 1
            while j >= lo and doc[j].lower_ in _SKIP:
                j -= 1
            for_launcher = (
                j >= lo
                and doc[j].lower_ == "for"
                and s.label_ in _LAUNCHERS
                and any(p.label_ in _ROUNDS for p in spans[:n])
            )
            if for_launcher or _modifier_only(s, trig, spans, self.ctx):
                continue  # "an arms dealer", "the missile programme": no materiel changes hands
            out.extend(make_items(s, self.ctx, party_at))
        return out
