"""A small, explicit discourse model: pronouns, "the country"/"the regime", and role carry-over.

* :meth:`Discourse.resolve` maps an anaphoric token to the most salient earlier party: the latest
  party that was a clause subject within the last three sentences, else the latest party mention.
  Relative pronouns ("which", "who") take the noun their clause modifies.
* :meth:`Discourse.fill_missing` lets a frame with a missing role borrow it from the latest
  complete frame within the two preceding sentences when the known role agrees ("The
  shipment included…" after "X sent Y shells"). Such frames are marked ``discourse`` and get a
  lower confidence. Nothing else is guessed: this is where precision is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

if TYPE_CHECKING:
    from collections.abc import Callable

    from armswatch.extract.frames import Frame
    from armswatch.extract.items import ItemMention

_WINDOW_SENTS = 3
_INSTITUTIONS = frozenset(
    {"navy", "army", "government", "forces", "military", "ministry", "leadership", "authorities", "regime"}
)
#: First-person pronouns: in a quotation they name the speaker's party.
FIRST_PERSON = frozenset({"we", "our"})
_SPEECH = frozenset(
    {"say", "tell", "announce", "confirm", "state", "insist", "add", "promise", "pledge", "claim"}
)


class Discourse:
    """Per-document salience of party mentions."""

    def __init__(self, doc: Doc, party_at: dict[int, Span]) -> None:
        self.doc = doc
        self.party_at = party_at
        self.spans = sorted({(s.start, s.end): s for s in party_at.values()}.values(), key=lambda s: s.start)
        self.sent_index = {}
        for n, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_index[t.i] = n

    def resolve(self, tok: Token) -> str | None:
        """The party an anaphor refers to, or None."""
        if tok.lower_ in ("which", "who", "that"):
            head = tok.head.head if tok.head.dep_ == "relcl" else None
            if head is not None and head.i in self.party_at:
                return self.party_at[head.i].kb_id_
            return None
        if tok.lower_ in FIRST_PERSON or (
            tok.pos_ == "NOUN" and any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in tok.children)
        ):
            return self._speaker(tok)  # "we", "our country"
        if tok.pos_ == "PRON" and tok.lower_ not in ("it", "its", "they", "their", "them"):
            return None
        if tok.pos_ == "NOUN" and not any(c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        # "X said it will deliver …": the pronoun subject of a reported clause is the speaker
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ccomp":
            for anc in [tok.head.head]:
                if anc.pos_ == "VERB" and anc.lemma_.lower() in _SPEECH:
                    speaker = next((c for c in anc.children if c.dep_ == "nsubj"), None)
                    if speaker is not None:
                        for t in speaker.subtree:
                            if t.i in self.party_at:
                                return self.party_at[t.i].kb_id_
                    break
        here = self.sent_index.get(tok.i, 0)
        best_subject: Span | None = None
        latest: Span | None = None
        for s in reversed(self.spans):
            if s.start >= tok.i:
                continue
            if here - self.sent_index.get(s.start, 0) > _WINDOW_SENTS:
                break
            if s.label_ == "DEMONYM" and s.root.head.lemma_.lower() not in _INSTITUTIONS:
                continue  # "Indian" names a party only as "the Indian Navy/government/army"
            if latest is None:
                latest = s
            if s.root.dep_ in ("nsubj", "nsubjpass") or s.root.head.dep_ in ("nsubj", "nsubjpass"):
                best_subject = s
                break
        chosen = best_subject or latest
        return chosen.kb_id_ if chosen is not None else None

    def _speaker(self, tok: Token) -> str | None:
        """'"We have transferred 300 tanks to Ukraine," Polish President Andrzej Duda said': a
        first-person pronoun in a quoted statement is the party of the speaker the sentence names."""
        for verb in tok.sent:
            if verb.lemma_.lower() not in _SPEECH or verb.pos_ != "VERB" or verb.i == tok.head.i:
                continue
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if speaker is None or tok.i in {t.i for t in speaker.subtree}:
                continue
            for t in speaker.subtree:
                if t.i in self.party_at:
                    return self.party_at[t.i].kb_id_
        return None

    def _exchange(self, f: Frame) -> bool:
        """The frame's sentence presents a return flow ("in exchange", "in return", "sent back")."""
        sent = self.doc[f.trigger].sent
        words = {t.lower_ for t in sent}
        return bool(words & {"exchange", "return", "back", "payment", "repay"})

    def _parties_in_sentence(self, f: Frame) -> set[str]:
        return {s.kb_id_ for s in self.spans if f.sent_start <= s.start_char < f.sent_end}

    def fill_missing(self, frames: list[Frame]) -> None:
        """Fill a frame's missing supplier/recipient from complete frames nearby.

        * no roles at all (an include-frame, "the shipment…"): the pair of the latest complete
          frame within two sentences;
        * no recipient: the recipient of the latest complete frame within five sentences that
          does not have this supplier as recipient (aid reports name the recipient once);
        * no supplier: the supplier of the latest complete frame within two sentences with the
          same recipient.
        """
        for n, f in enumerate(frames):
            if f.suppliers and f.recipients:
                continue
            f_sent = self.sent_index.get(f.trigger, 0)
            earlier = list(reversed(frames[:n]))
            # a supplier named again usually continues its own earlier transfer
            earlier.sort(key=lambda g: not (f.suppliers and set(f.suppliers) <= set(g.suppliers)))
            for prev in earlier:
                if prev.discourse or prev.kind == "include" or not prev.recipients:
                    continue
                if not prev.suppliers and not (f.suppliers and not f.recipients and prev.items):
                    continue  # only a recipient can be borrowed from a frame still missing its supplier
                dist = f_sent - self.sent_index.get(prev.trigger, 0)
                if dist > 5:
                    continue
                if not f.suppliers and not f.recipients:
                    if dist <= max(2, f.reach) and (
                        f.kind == "include" or (f.kind == "give" and self.doc[f.trigger].pos_ == "NOUN")
                    ):
                        f.suppliers, f.recipients = list(prev.suppliers), list(prev.recipients)
                        f.discourse = True
                    break
                if not f.recipients and set(f.suppliers) <= set(prev.recipients) and self._exchange(f):
                    # "In exchange, Moscow has sent back food and components": goods flow back
                    f.recipients = [s for s in prev.suppliers if s not in f.suppliers]
                    f.discourse = True
                    break
                if not f.recipients:
                    recs = [r for r in prev.recipients if r not in f.suppliers]
                    named = self._parties_in_sentence(f) - {
                        s for g in frames if g.sent_start == f.sent_start for s in g.suppliers
                    }
                    if recs and (
                        set(recs) <= named or named <= set(f.suppliers) | set(recs) | set(prev.suppliers)
                    ):
                        f.recipients = recs
                        f.discourse = True
                        break
                    continue
                if (
                    f.catalogue_origin
                    and f.items
                    and prev.items
                    and not ({it.category for it in f.items} & {it.category for it in prev.items})
                ):
                    # "Russian S-400 parts were flown to Ankara. Turkey had planned to buy 100
                    # F-35s": a named system of another kind keeps its catalogue origin
                    continue
                if dist <= 2 and set(f.recipients) <= set(prev.recipients):
                    f.suppliers = [s for s in prev.suppliers if s not in f.recipients]
                    f.discourse = True
                    break

    def fill_items(
        self, frames: list[Frame], item_before: Callable[[int], ItemMention | None] | None = None
    ) -> None:
        """'… and Finland later sold them to Estonia': a pronoun theme takes the items of the
        latest frame with items within the two preceding sentences."""
        for n, f in enumerate(frames):
            if f.items or not f.pronoun_theme:
                continue
            f_sent = self.sent_index.get(f.trigger, 0)
            for prev in reversed(frames[:n]):
                if f_sent - self.sent_index.get(prev.trigger, 0) > 2:
                    break
                if prev.items:
                    f.items = list(prev.items)
                    break
            if not f.items and item_before is not None:
                # no earlier frame: the latest weapon named before ("a ballistic missile … supplied it")
                it = item_before(f.trigger)
                if it is not None:
                    f.items = [it]
