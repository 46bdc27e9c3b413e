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
    from armswatch.extract.frames import Frame

_WINDOW_SENTS = 3


class Discourse:
    """Per-document salience of party mentions."""

    def __init__(self, doc: Doc, party_at: dict[int, Span]) -> None:
        self.doc = doc
        self.party_at = party_at
        self.spans = sorted(
            {(s.start, s.end): s for s in party_at.values()}.values(), key=lambda s: s.start
        )
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
        if tok.pos_ == "PRON" and tok.lower_ not in ("it", "its", "they", "their", "them"):
            return None
        if tok.pos_ == "NOUN" and not any(c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        here = self.sent_index.get(tok.i, 0)
        best_subject: Span | None = None
        latest: Span | None = None
        for s in reversed(self.spans):
            if s.start >= tok.i:
                continue
            if here - self.sent_index.get(s.start, 0) > _WINDOW_SENTS:
                break
            if s.label_ == "DEMONYM":
                continue
            if latest is None:
                latest = s
            if s.root.dep_ in ("nsubj", "nsubjpass") or s.root.head.dep_ in ("nsubj", "nsubjpass"):
                best_subject = s
                break
        chosen = best_subject or latest
        return chosen.kb_id_ if chosen is not None else None

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
            for prev in reversed(frames[:n]):
                if not (prev.suppliers and prev.recipients) or prev.discourse or prev.kind == "include":
                    continue
                dist = f_sent - self.sent_index.get(prev.trigger, 0)
                if dist > 5:
                    break
                if not f.suppliers and not f.recipients:
                    if dist <= 2 and (f.kind == "include" or (f.kind == "give" and self.doc[f.trigger].pos_ == "NOUN")):
                        f.suppliers, f.recipients = list(prev.suppliers), list(prev.recipients)
                        f.discourse = True
                    break
                if not f.recipients:
                    recs = [r for r in prev.recipients if r not in f.suppliers]
                    named = self._parties_in_sentence(f)
                    if recs and named <= set(f.suppliers) | set(recs) | set(prev.suppliers):
                        f.recipients = recs
                        f.discourse = True
                        break
                    continue
                if dist <= 2 and set(f.recipients) <= set(prev.recipients):
                    f.suppliers = [s for s in prev.suppliers if s not in f.recipients]
                    f.discourse = True
                    break
