"""KB entity matcher: marks parties, weapon systems and generic weapon nouns in a Doc.

Writes two span groups:

* ``doc.spans["aw_party"]``: label ``PARTY`` (name, alias, capital, metonym, company) or ``DEMONYM``;
  ``kb_id_`` is the party id (companies are coded as their home state).
* ``doc.spans["aw_item"]``: label is the schema category; ``kb_id_`` is the normalised surface form,
  the key into :attr:`Lexicon.items`.

Party names are matched case-sensitively (with a capitalised first-letter variant), so that
codes and names that are also English words ("US" / "us", "China" / "china") are not misread.
Weapon terms are matched on lower case.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armswatch.extract.context import ExtractContext
from armswatch.extract.lexicon import PREDECESSORS
from armswatch.extract.merge import single_token_patterns
from armswatch.extract.prefilter import NEUTRAL_PHRASES
from armswatch.kb.loader import norm


def _variants(surface: str) -> set[str]:
    out = {surface, surface.replace("'", "\u2019"), surface.replace("\u2019", "'")}
    out |= {v[:1].upper() + v[1:] for v in list(out)}
    return {v for v in out if v.strip()}


#: Offices whose holders act for their state in transfer news.
_ACTING_OFFICES = frozenset(
    {"head_of_state", "head_of_government", "defence_minister", "foreign_minister", "group_leader"}
)


#: Offices whose holder's name with "administration"/"government" names the state.
_LEADERS = frozenset({"head_of_state", "head_of_government"})


class MentionMatcher:
    """The ``armswatch_mentions_v1`` component."""

    def __init__(self, nlp: Language, ctx: ExtractContext) -> None:
        self.ctx = ctx
        kb = ctx.kb
        self.party_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.item_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # surface → candidate (party id, label); a surface shared by a former state and its
        # successor ("Moscow": SUN until 1991, RUS after) is resolved by the document's date.
        names: dict[str, list[tuple[str, str]]] = {}

        def add(surface: str, pid: str, label: str) -> None:
            cands = names.setdefault(surface, [])
            if all(c[0] != pid for c in cands):
                cands.append((pid, label))

        for p in kb.parties.values():
            for s in [p.name, *p.aliases, *p.capitals, *p.metonyms]:
                add(s, p.id, "PARTY")
            former = PREDECESSORS.get(p.id)
            if former in kb.parties:
                for s in [*p.capitals, *p.metonyms]:
                    add(s, former, "PARTY")
            if p.id.isupper() and len(p.id) >= 3:
                add(p.id, p.id, "PARTY")
            for s in p.demonyms:
                add(s, p.id, "DEMONYM")
        for c in kb.companies.values():
            for s in [c.name, *c.aliases]:
                add(s, c.state, "PARTY")
        tok = nlp.tokenizer
        # "round of talks", "think tank": a weapon word in its everyday sense
        self.neutral_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.neutral_matcher.add("NEUTRAL", [tok(p) for p in NEUTRAL_PHRASES])
        for surface, cands in names.items():
            pats = [tok(v) for v in _variants(surface)]
            pats += single_token_patterns(nlp, _variants(surface))  # [kb merge hook] merged forms
            key = ";".join(f"{label}|{pid}" for pid, label in cands)
            self.party_matcher.add(key, pats)
        # contextual group names ("rebels") and the parties that license them
        self.context_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.contexts: dict[str, set[str]] = {}
        ctx_forms: dict[str, list[str]] = {}
        for p in kb.parties.values():
            if p.contextual and p.context:
                self.contexts[p.id] = set(p.context)
                for form in p.contextual:
                    ctx_forms.setdefault(norm(form), []).append(p.id)
        for form, pids in ctx_forms.items():
            self.context_matcher.add(";".join(pids), [tok(form)])
        # organisations ("the CIA", "the GRU") and heads of state/government and ministers name
        # their state when they act ("the CIA began supplying…", "Reagan's request for aid")
        for org in kb.offices_file.organisations:
            for name in org.names:
                for v in _variants(name):
                    self.party_matcher.add(f"PARTY|{org.state}", [tok(v)])
        self.official_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for o in kb.officials.values():
            if any(off.kind in _ACTING_OFFICES for off in o.offices):
                # full names only: bare surnames ("Kim", "Bush") are too ambiguous
                full_names = [n for n in {o.name, *o.aliases} if len(n.split()) >= 2 or n == o.name]
                self.official_matcher.add(o.id, [tok(n) for n in full_names])
        # "the Biden administration", "Reagan's cabinet": a head of state's or government's name with a
        # government noun names the state they led then (any spelling of the name in the KB)
        self.government_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        govt_nouns = kb.cues.government_nouns
        for o in kb.officials.values():
            if govt_nouns and any(off.kind in _LEADERS for off in o.offices):
                pats = [
                    tok(f"{n}{sep}{noun}")
                    for n in {o.name, *o.aliases}
                    for sep in (" ", "'s ", "\u2019s ")
                    for noun in govt_nouns
                ]
                self.government_matcher.add(o.id, pats)
        # system names that are also everyday words ("Patriot", "Tornado", "Grad") count only in the
        # capitalisation the KB gives (``case_sensitive``), plural "s" allowed
        self.exact_items: dict[str, frozenset[str]] = {}
        for ws in kb.systems.values():
            for form in ws.case_sensitive:
                key = norm(form)
                self.exact_items[key] = self.exact_items.get(key, frozenset()) | {form, form + "s"}
        item_keys: dict[str, list[str]] = {}
        for surface in ctx.lexicon.items:
            item_keys.setdefault(surface, []).append(surface)
        for surface in item_keys:
            forms = {surface, surface.replace("-", " ")}
            entry = ctx.lexicon.items[surface]
            if entry.system_id is not None and not surface.endswith("s"):
                forms |= {f + "s" for f in list(forms)}  # "F-16s", "Rafales", "Leopards"
            self.item_matcher.add(surface, [tok(f) for f in forms] + single_token_patterns(nlp, forms))

    def _official_state(self, official_id: str, when: date | None) -> str | None:
        """The state an official served (at ``when``; else the latest acting office)."""
        off = self.ctx.kb.officials[official_id]
        acting = [o for o in off.offices if o.kind in _ACTING_OFFICES]
        if when is not None:
            now = [o for o in acting if o.start <= when and (o.end is None or when <= o.end)]
            if now:
                return now[0].state
        return acting[-1].state if acting else None

    def _led_state(self, official_id: str, when: date | None) -> str | None:
        """The state an official led as head of state or government (at ``when``; else the latest)."""
        led = [o for o in self.ctx.kb.officials[official_id].offices if o.kind in _LEADERS]
        if when is not None:
            now = [o for o in led if o.start <= when and (o.end is None or when <= o.end)]
            if now:
                return now[0].state
        return led[-1].state if led else None

    def _pick(self, key: str, when: date | None) -> tuple[str, str]:
        """The (label, party id) of a matched surface valid at ``when`` (current states when unknown)."""
        cands = [c.split("|", 1) for c in key.split(";")]
        if len(cands) == 1:
            return cands[0][0], cands[0][1]
        parties = self.ctx.kb.parties

        def valid(pid: str) -> bool:
            p = parties.get(pid)
            if p is None or when is None:
                return p is not None and p.valid_to is None
            return (p.valid_from is None or p.valid_from <= when) and (
                p.valid_to is None or when <= p.valid_to
            )

        historical = [c for c in cands if valid(c[1]) and parties[c[1]].valid_to is not None]
        chosen = historical[0] if historical else next((c for c in cands if valid(c[1])), cands[0])
        return chosen[0], chosen[1]

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        spans: list[Span] = []
        when = doc._.aw_reftime or doc._.aw_published
        parties = self.ctx.kb.parties
        members = self.ctx.lexicon.member_nouns
        for match_id, start, end in self.party_matcher(doc):
            label, pid = self._pick(vocab.strings[match_id], when)
            bloc = pid in parties and parties[pid].kind == "bloc"
            if bloc and end < len(doc) and doc[end].lower_ in members:
                continue  # "the first NATO member to pledge jets": a member state, not the bloc
            spans.append(Span(doc, start, end, label=label, kb_id=pid))
        named = {s.kb_id_ for s in spans}
        for match_id, start, end in self.context_matcher(doc):
            # "rebels" names a group only when the report mentions the group's country
            cands = [c for c in vocab.strings[match_id].split(";") if self.contexts.get(c, set()) & named]
            if len(cands) == 1:
                spans.append(Span(doc, start, end, label="PARTY", kb_id=cands[0]))
        for match_id, start, end in self.official_matcher(doc):
            state = self._official_state(vocab.strings[match_id], when)
            if state is not None:
                spans.append(Span(doc, start, end, label="OFFICIAL", kb_id=state))
        for match_id, start, end in self.government_matcher(doc):
            state = self._led_state(vocab.strings[match_id], when)
            if state is not None:
                spans.append(Span(doc, start, end, label="PARTY", kb_id=state))
        lex = self.ctx.lexicon
        doc.spans["aw_party"] = [s for s in filter_spans(spans) if not self._airline(s)]
        items: list[Span] = []
        taken = {i for s in doc.spans["aw_party"] for i in range(s.start, s.end)}
        taken |= {i for _m, start, end in self.neutral_matcher(doc) for i in range(start, end)}
        for match_id, start, end in self.item_matcher(doc):
            key = vocab.strings[match_id]
            entry = lex.items.get(key) or lex.items.get(norm(doc[start:end].text))
            if entry is None or any(i in taken for i in range(start, end)):
                continue
            exact = self.exact_items.get(key)
            if exact is not None and doc[start:end].text not in exact:
                continue  # "patriot", "tornado", "smart": an everyday word, not the system
            if doc[end - 1].pos_ in ("VERB", "AUX"):  # "Iran ships drones": a verb, not boats
                continue
            if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("anti", "counter"):
                continue  # "anti-tank missiles" are missiles, not tanks
            span = Span(doc, start, end, label=entry.category, kb_id=key)
            if entry.system_id is None and self._everyday_sense(span, key):
                continue
            items.append(span)
        doc.spans["aw_item"] = filter_spans(items)
        return doc

    def _airline(self, span: Span) -> bool:
        """'Qatar Airways', 'Turkish Airlines', 'Air India': an airline's name, not a party."""
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        before = doc[span.start - 1].text if span.start > 0 else ""
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        return after in self.ctx.lexicon.civil_carriers or (
            before == "Air" and nxt not in ("force", "forces")
        )

    def _everyday_sense(self, span: Span, key: str) -> bool:
        """A generic weapon word used in its everyday sense: the first part of a hyphenated word
        ("mine-clearing", "drone-maker"), a civil modifier ("copper mines"), or a count of no
        materiel ("three rounds of talks")."""
        doc = span.doc
        lex = self.ctx.lexicon
        if span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end].whitespace_:
            return True
        root = span.root
        civil = lex.civil_modifiers.get(key, frozenset())
        if civil and any(c.dep_ in ("compound", "amod", "nmod") and c.lower_ in civil for c in root.children):
            return True
        if key in lex.materiel_of_only:
            for p in root.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    objs = [o for o in p.children if o.dep_ == "pobj"]
                    if objs and not any(norm(o.text) in lex.items or o.like_num for o in objs):
                        return not any(
                            norm(t.text) in lex.items or t.like_num for o in objs for t in o.subtree
                        )
        return False
