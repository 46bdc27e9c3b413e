"""Who a transfer statement is attributed to: sources in order, the original source first.

Recognised, over the parse of the sentence holding the trigger:

* a speech/report verb governing the trigger ("X said/told/reported/disclosed that …",
  "…, X said"), its subject (or its ``by``-agent: "as reported by X") being the source;
* "according to X", "as reported by X", "quoted by X";
* "X, citing Y" / "…, citing Y": Y is the original source and goes first.

A sentence without its own attribution inherits the previous sentence's when that sentence
attributed and this one continues the quote (it opens with a quotation mark, or the paragraph is
being quoted: "He added", "the report said" are caught by the verb rule itself).
Source names are the subject noun phrase without determiners, appositions and relative clauses
("Kyrylo Budanov, the head of …" → "Kyrylo Budanov"); "he"/"she" take the latest PERSON entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from armswatch.extract.lexicon import Lexicon

_DROP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "advcl", "prep"})
_PERSON_PRON = frozenset({"he", "she", "him", "her"})
#: Envoys named with where they are accredited ("Iran's mission to the United Nations").
_ACCREDITED = frozenset({"mission", "ambassador", "envoy", "delegation", "representative", "emissary"})
#: Documents under which a transfer is announced ("under a joint statement signed by …").
_STATEMENTS = frozenset({"statement", "declaration", "communique", "communiqu\u00e9", "announcement"})
#: Figures whose owner is a source ("by the Pentagon's count", "by SIPRI's estimate").
#: Amounts that someone puts at a figure ("put the number at 400").
_TOTALS = frozenset({"number", "total", "toll", "value", "cost", "quantity"})
_COUNTS = frozenset({"count", "estimate", "tally", "reckoning", "calculation", "figure", "assessment"})


@dataclass
class Attribution:
    """Sources of a statement, original first, and the tokens that name them."""

    sources: list[str] = field(default_factory=list)
    heads: list[Token] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)


def _phrase(tok: Token) -> str:
    """The noun phrase headed by ``tok`` without appositions, relative clauses and leading 'the'."""
    keep: list[Token] = []

    def walk(t: Token) -> None:
        keep.append(t)
        for c in t.children:
            if c.dep_ == "appos" and c.i > 0 and c.doc[c.i - 1].text == "(":
                keep.extend([c.doc[c.i - 1], c])  # "the UN Special Commission (UNSCOM)"
                if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ")":
                    keep.append(c.doc[c.i + 1])
                continue
            if c.dep_ == "punct" and c.text in ("-", "'", "\u2019", "."):
                walk(c)
                continue
            if c.dep_ in _DROP_DEPS and not (
                c.dep_ == "prep"
                and (
                    c.lower_ in ("of", "among", "in", "at", "from")
                    or (c.lower_ == "to" and t.lemma_ in _ACCREDITED)
                    # "officials familiar with the deliveries", "a source close to the talks"
                    or (c.lower_ == "with" and t.lower_ == "familiar")
                    or (c.lower_ == "to" and t.lower_ == "close")
                )
            ):
                continue
            walk(c)

    walk(tok)
    keep.sort(key=lambda t: t.i)
    # keep a contiguous run around the head
    idx = [t.i for t in keep]
    start, end = idx[0], idx[-1]
    doc = tok.doc
    # a name the parser split ("Nouri al - Maliki" with two subjects): keep the whole entity
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I" and doc[end].ent_type_:
        end += 1
        idx.append(end)
    words = tok.doc[start : end + 1]
    kept = set(idx)
    # "Indian and European officials": the conjunction between coordinated modifiers stays
    toks = [t for t in words if t.i in kept or (t.dep_ == "cc" and t.head.i in kept and t.head.i != tok.i)]
    while (toks and toks[0].dep_ in ("det", "predet")) or (toks and toks[0].pos_ == "PUNCT"):
        toks = toks[1:]
    while toks and toks[-1].pos_ == "PUNCT":
        toks = toks[:-1]
    if not toks:
        return ""
    return "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text


def _speaks(ent: Span, speech: frozenset[str]) -> bool:
    """The person is the subject of a speech verb ("Kirby said …", "said John Kirby")."""
    tok = ent.root
    while tok.dep_ in ("compound", "appos", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in speech


def _resolve_person(tok: Token, speech: frozenset[str] = frozenset()) -> str | None:
    """The person "he"/"she" stands for: the latest person named before it in its sentence, else
    the latest speaker of the nearest earlier sentence naming a person ("Kirby said Shoigu visited
    Pyongyang. Since then, he said, …" is Kirby), else its latest person."""
    doc: Doc = tok.doc
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= tok.i]
    if not people:
        return None
    here = tok.sent.start
    same = [e for e in people if e.start >= here]
    if same or not speech:
        return (same or people)[-1].text
    last_sent = people[-1].sent.start
    in_last = [e for e in people if e.start >= last_sent]
    speakers = [e for e in in_last if _speaks(e, speech)]
    return (speakers or in_last)[-1].text


_CERTAIN = frozenset({"certain", "convinced", "confident", "sure"})
#: Bodies that are told things (audiences), not outlets that carry them.
_AUDIENCES = frozenset(
    {"house", "commons", "parliament", "congress", "senate", "council", "committee", "assembly", "lawmakers"}
)


def _media(verb: Token) -> list[str]:
    """Named outlets a speech verb's statement went through: the told object ("told the BBC")
    when it is a name, or a "through" phrase ("through the official news agency JANA")."""
    out: list[str] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell" and c.pos_ == "PROPN":
            # an outlet, not an audience ("told the House of Commons", "told Putin")
            if c.ent_type_ == "ORG" and not any(t.lower_ in _AUDIENCES for t in c.subtree):
                out.append(_phrase(c))
        elif c.dep_ == "prep" and c.lower_ in ("in", "on"):
            # "wrote in the Washington Post", "said on CNN"
            for o in c.children:
                if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ in ("ORG", "WORK_OF_ART"):
                    out.append(_phrase(o))
                elif o.dep_ == "pobj" and o.lemma_.lower() in _INTERVIEWS:
                    out.extend(_named_partner(o))  # "said in an interview with CNN"
        elif c.dep_ == "advcl" and c.lemma_.lower() in ("speak", "talk") and c.tag_ == "VBG":
            out.extend(_named_partner(c))  # "speaking to Reuters, the minister said"
        elif c.dep_ == "prep" and c.lower_ == "through":
            for o in c.children:
                if o.dep_ == "pobj":
                    named = next((a for a in o.children if a.dep_ == "appos" and a.pos_ == "PROPN"), None)
                    after = o.doc[o.i + 1] if o.i + 1 < len(o.doc) else None
                    if named is None and after is not None and after.pos_ == "PROPN":
                        named = after  # "the official news agency JANA" (the name parsed apart)
                    if named is not None or o.pos_ == "PROPN":
                        out.append(_phrase(named if named is not None else o))
    return [m for m in out if m]


_INTERVIEWS = frozenset({"interview", "conversation", "briefing"})


def _named_partner(tok: Token) -> list[str]:
    """The named outlet of "(an interview) with X" / "(speaking) to X"."""
    out: list[str] = []
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in ("with", "to"):
            for o in p.children:
                if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ in ("ORG", "WORK_OF_ART", ""):
                    out.append(_phrase(o))
    return out


def _resolve_org(tok: Token) -> str | None:
    best = None
    for ent in tok.doc.ents:
        if ent.label_ == "ORG" and ent.end <= tok.i:
            best = ent
    return best.text if best is not None else None


#: Common nouns that can head a source ("officials said", "the report said").
SOURCE_NOUNS = frozenset(
    {
        "official",
        "source",
        "intelligence",
        "report",
        "ministry",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "analyst",
        "expert",
        "diplomat",
        "government",
        "agency",
        "media",
        "officer",
        "commander",
        "minister",
        "observer",
        "document",
        "statement",
        "panel",
        "investigator",
        "researcher",
        "monitor",
        "assessment",
        "president",
        "secretary",
        "chief",
        "envoy",
        "ambassador",
        "lawmaker",
        "senator",
        "administration",
        "military",
        "army",
        "command",
        "department",
        "office",
        "service",
        "outlet",
        "newspaper",
        "broadcaster",
        "daily",
        "journalist",
        "correspondent",
        "study",
        "estimate",
        "survey",
        "think-tank",
        "institute",
        "person",
        "people",
        "insider",
        "aide",
        "adviser",
        "advisor",
        "staff",
        "leader",
        "white",
        "kremlin",
        "television",
        "radio",
        "channel",
        "network",
        "magazine",
        "paper",
        "website",
        "station",
        "wire",
        "newsletter",
        "group",
        "organisation",
        "organization",
        "watchdog",
        "inspector",
        "inspectors",
        "committee",
        "commission",
        "team",
        # institutions that speak for themselves
        "coalition",
        "alliance",
        "council",
        "parliament",
        "congress",
        "embassy",
        "mission",
        "court",
        "prosecutor",
        "community",
        "bureau",
        "directorate",
        "authority",
        "force",
        "navy",
        "coastguard",
        "police",
        "customs",
        "cabinet",
        "presidency",
        "spokesmen",
        # records that show or say something ("invoices reviewed by Reuters show …")
        "invoice",
        "chart",
        "file",
        "cable",
        "memo",
        "record",
        "manifest",
        "paperwork",
        "letter",
        "image",
        "imagery",
        "footage",
        "photograph",
        "photo",
        "video",
    }
)


def _source_of(head: Token, speech: frozenset[str] = frozenset()) -> str | None:
    if head.lower_ in _PERSON_PRON:
        return _resolve_person(head, speech)
    if head.lower_ == "it" and head.dep_ == "nsubj":
        # "…, it said": the latest organisation named before (a news agency, a report's author)
        return _resolve_org(head)
    if head.pos_ == "PRON":
        return None
    if head.pos_ != "PROPN":
        # "Iran's deputy defence minister, Mehdi Farahi, says": the named person is the source
        named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:
            return _phrase(named)
    named_inside = any(
        t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") for t in head.lefts
    )
    if (
        head.pos_ != "PROPN"
        and head.lemma_.lower() not in SOURCE_NOUNS
        and not head.ent_type_
        and not named_inside
    ):
        return None
    text = _phrase(head)
    return text or None


def attribute_sentence(sent: Span, lex: Lexicon) -> Attribution:
    """Every source a sentence attributes something to (any speech verb, "according to", "citing")."""
    return _attribute(None, sent, lex)


def attribute(trigger: Token, sent: Span, lex: Lexicon) -> Attribution:
    """The attribution of the statement whose trigger is ``trigger``."""
    return _attribute(trigger, sent, lex)


def _attribute(trigger: Token | None, sent: Span, lex: Lexicon) -> Attribution:
    out = Attribution()
    cited: list[tuple[str, Token]] = []
    citing: list[tuple[str, Token]] = []
    root = sent.root
    if trigger is not None:
        # speech verbs governing the trigger (or in parataxis with its clause)
        chain: list[Token] = [trigger, *trigger.ancestors]
        candidates = list(chain)
        candidates += [c for c in root.children if c.dep_ in ("parataxis", "advcl") and c not in candidates]
        # "Russia has received missiles from Iran, Ukraine's foreign minister said" parsed as a
        # conjunct of the trigger's verb: a speech verb with its own subject and no "and" before it
        for v in chain:
            for c in v.children:
                if (
                    c.dep_ == "conj"
                    and c.i > v.i
                    and c not in candidates
                    and any(s.dep_ == "nsubj" for s in c.children)
                    and not any(x.dep_ == "cc" and v.i < x.i < c.i for x in v.children)
                ):
                    candidates.append(c)
    else:
        chain = []
        candidates = [t for t in sent if t.pos_ == "VERB"]
    for v in candidates:
        lemma = v.lemma_.lower()
        if (trigger is not None and v.i == trigger.i) or lemma not in lex.attribution_verbs:
            continue
        if lemma == "cite":
            continue
        subj = next((c for c in v.children if c.dep_ in ("nsubj",)), None)
        participle = v.tag_ in ("VBG", "VBN") and not any(c.dep_ == "auxpass" for c in v.children)
        if subj is None and v.dep_ == "advcl" and participle:
            # "The US imposed sanctions, having determined that X transferred …"
            subj = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
        if subj is None and v.dep_ == "conj":
            # "Nikki Haley stood before the remains … and said that Iran had supplied it"
            subj = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
        agent = next((c for c in v.children if c.dep_ == "agent"), None)
        head = None
        if agent is not None:
            head = next((c for c in agent.children if c.dep_ == "pobj"), None)
        elif subj is not None:
            head = subj
        elif v.i > sent.start:
            # "…, Iran's deputy defence minister, Mehdi Farahi, says." (the parser lost the subject)
            j = v.i - 1
            while j > sent.start and v.doc[j].is_punct:
                j -= 1
            cand = v.doc[j]
            while cand.dep_ == "compound" and cand.head.i > cand.i:
                cand = cand.head
            # "…, Iran's mission to the United Nations said": the noun the name completes
            while cand.dep_ == "pobj" and cand.head.dep_ == "prep" and cand.head.head.pos_ == "NOUN":
                cand = cand.head.head
            if cand.pos_ in ("PROPN", "NOUN") and v.doc[j + 1 : v.i].text.strip() in (",", ""):
                head = cand
        if head is not None:
            name = _source_of(head, lex.attribution_verbs)
            if name:
                citing.append((name, head))
                out.verbs.append(lemma)
                # "a Saudi official told the BBC", "saying through the news agency JANA": the
                # outlet that carried the statement is an intermediary, listed after the speaker
                for medium in _media(v):
                    citing.append((medium, head))
    for t in chain[1:] if trigger is not None else list(sent):
        # "the US intelligence community was certain that Tehran had provided it"
        if t.lemma_.lower() in _CERTAIN and t.dep_ == "acomp" and any(c.dep_ == "ccomp" for c in t.children):
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            name = _source_of(subj) if subj is not None else None
            if subj is not None and name:
                citing.insert(0, (name, subj))
    for tok in sent:
        low = tok.lower_
        if low == "according" and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
            pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                name = _source_of(pobj)
                if name:
                    citing.append((name, pobj))
        elif low == "under" and tok.dep_ == "prep" and (tok.head in chain or trigger is None):
            # "Under a joint statement signed by …, Germany is donating …": a statement that the
            # transfer is made under is its source
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in _STATEMENTS:
                name = _phrase(pobj)
                if name:
                    citing.append((name, pobj))
        elif low == "by" and tok.dep_ == "prep":
            # "By the U.S. Air Force's count, …": the owner of a count or estimate is a source
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            owner = None
            if pobj is not None and pobj.lemma_.lower() in _COUNTS:
                owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
            name = _source_of(owner) if owner is not None else None
            if owner is not None and name:
                citing.append((re.sub(r"\s*['\u2019]s$", "", name), owner))
        elif trigger is None and tok.lemma_.lower() in ("put", "estimate", "place") and tok.pos_ == "VERB":
            # "the White House put the number at more than 400": who gives a figure is a source of
            # the sentence (not of a transfer stated in it: its status stays the narrator's)
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if obj is not None and subj is not None and obj.lemma_.lower() in _COUNTS | _TOTALS:
                name = _source_of(subj)
                if name:
                    citing.append((name, subj))
        elif tok.lemma_.lower() in ("cite", "quote") and tok.pos_ == "VERB":
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                name = _source_of(obj)
                if name:
                    cited.append((name, obj))
        elif low in ("by",) and tok.head.lemma_.lower() in ("quote", "cite") and tok.head not in chain:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                name = _source_of(pobj)
                if name:
                    citing.append((name, pobj))
    for name, head in cited + citing:
        for each in [name, *_distributed(head), *_seen_by(head)]:
            if each not in out.sources:
                out.sources.append(each)
                out.heads.append(head)
    return out


#: Participles of a record that an outlet or body had in hand ("invoices reviewed by Reuters").
_SEEN = frozenset(
    {"review", "see", "obtain", "view", "examine", "publish", "leak", "release", "analyse", "analyze"}
)


def _seen_by(head: Token) -> list[str]:
    """The outlet that reviewed or obtained a record that is a source, listed after the record:
    "documents obtained by the BBC" → "BBC"."""
    out: list[str] = []
    for c in head.children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _SEEN:
            for a in c.children:
                if a.dep_ == "agent":
                    for o in a.children:
                        if o.dep_ == "pobj" and (name := _source_of(o)):
                            out.append(name)
    return out


def _distributed(head: Token) -> list[str]:
    """'South Korean and Ukrainian officials' → 'South Korean officials', 'Ukrainian officials':
    each of the coordinated modifiers of a common-noun source with the head noun."""
    if head.pos_ != "NOUN":
        return []
    for mod in head.children:
        if mod.dep_ not in ("amod", "compound") or not mod.conjuncts:
            continue
        out = []
        for m in [mod, *mod.conjuncts]:
            words = [t for t in m.subtree if t.dep_ not in ("cc", "conj") or t.i == m.i]
            if any(t.dep_ == "conj" and t.i != m.i for t in words):
                return []
            # "South Korean": the modifier's own compound words, in order
            text = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.dep_ != "punct")
            out.append(f"{text} {head.text}")
        return out
    return []
