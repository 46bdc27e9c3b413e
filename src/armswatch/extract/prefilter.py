"""Cheap pre-filter: skip documents that cannot hold a claim before any parsing.

The decision is made on sentences, not on the whole document, so that a country named in one
paragraph and a "missile" (a tennis serve) in another do not add up to an arms report. The text
is lower-cased once and scanned with one Aho-Corasick automaton (pyahocorasick, whole words
only); sentences come from a cheap regex split (``.``/``!``/``?`` + space, and line breaks; a
period after a single letter, as in "U.S.", does not end a sentence). A document is kept when

* **transfer rule** — some sentence holds a weapon term and a transfer trigger (an inflected
  give/get verb or noun of ``cues.yaml``, an arrival verb, or a verb of making), and a party is
  named in that sentence or the one before or after it (pronouns and "the country" refer back);
* **role rule** — some sentence names a KB official (exact spelling) with an office title or an
  organisation in the same or a neighbouring sentence (a stated office the role check reads).

Weapon terms come in two strengths. *Strong*: KB system designations (as written in the KB, case
included: "HIMARS", "F-16", but "bonus" is not "BONUS") and generic terms with a word that is
not an everyday word ("howitzers", "artillery shells", "ballistic missiles"). *Ambiguous*: terms
made only of words with common non-military senses ("tanks", "missile", "rounds", "shells",
"arms", "jets", "drones", "fuel tanks", "guided missile"), KB system names flagged as everyday
words ("Patriot", "Typhoon"), and KB names written in another case. An ambiguous term counts
only with a second cue: a military context word ("troops", "defence", "war"…) in the sentence
or a neighbour, a strong weapon term anywhere in the document, another ambiguous weapon term in
the sentence, or two different parties in the sentence ("Pyongyang sent missiles to Moscow").
Fixed phrases with an everyday sense ("think tanks", "rounds of talks", "shell companies")
cancel the weapon term they contain.

Parties follow the mention matcher's rules: names, aliases, demonyms, capitals, metonyms and
companies with their own capitalisation (or a capitalised first letter), so "us", "turkey" or
"china" in lower case are not parties; contextual group words ("rebels") match in any case.

Recall is checked against the full pipeline run without this filter (``tests/test_extract_prefilter.py``):
every document of the dev and fixture sets that yields a claim must pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from armswatch.extract.lexicon import GENERIC_ARMS, Lexicon
from armswatch.extract.syntax import MAKE_VERBS
from armswatch.kb.loader import KnowledgeBase, norm

PARTY, WEAPON, AMBIGUOUS, TRIGGER, CONTEXT, OFFICIAL, TITLE, NEUTRAL = (1 << i for i in range(8))

_IRREGULAR = {
    "send": ["sent"],
    "sell": ["sold"],
    "give": ["gave", "given"],
    "get": ["got", "gotten"],
    "buy": ["bought"],
    "lend": ["lent"],
    "hand": ["handed"],
    "build": ["built"],
    "make": ["made"],
    "equip": ["equipped", "equipping"],
    "fly": ["flew", "flown"],
    "come": ["came"],
    "stem": ["stemmed"],
    "leave": ["left"],
    "go": ["went", "gone"],
    "depart": ["departed"],
}

#: Verbs saying that materiel reached a place (the surface frames read the place as recipient).
ARRIVAL_VERBS = ("arrive", "reach", "land")

#: Words with a common non-military sense in ordinary news (sport, business, transport, energy,
#: science). A weapon term made only of these words is ambiguous.
_EVERYDAY = (
    "tank", "tanks", "missile", "missiles", "round", "rounds", "shell", "shells", "arm", "arms",
    "mine", "mines", "battery", "batteries", "boat", "boats", "ship", "ships", "chip", "chips",
    "component", "components", "electronics", "engine", "engines", "jet", "jets", "kit", "kits",
    "part", "parts", "plane", "planes", "aeroplanes", "airplanes", "sensor", "sensors", "tanker",
    "tankers", "truck", "trucks", "vehicle", "vehicles", "aircraft", "helicopter", "helicopters",
    "drone", "drones", "rocket", "rockets", "bomb", "bombs", "bomber", "bombers", "armor", "armour",
    "hardware", "equipment", "technology", "technologies", "know-how", "arsenal", "explosive",
    "explosives", "cartridge", "cartridges", "bullet", "bullets", "cannon", "cannons", "gun", "guns",
    "pistol", "pistols", "uranium", "plutonium", "centrifuge", "centrifuges", "semiconductors",
    "microchips", "microelectronics", "machine", "tools", "spares", "spare", "helmets", "jeeps",
    "pickup", "utility", "transport", "cargo", "vessel", "vessels", "propellant", "propellants",
    "gunpowder", "interceptor", "interceptors", "satellite", "production", "manufacturing", "licensed",
    "goods", "items", "modules", "navigation", "devices", "imagers", "thermal", "communications",
    "electronic", "radar", "radars", "fuel", "drop", "conformal", "refuelling", "refueling", "aerial",
    "surveillance", "heavy", "light", "guided", "smart", "precision", "material", "materials",
    "nuclear", "enriched", "subsystems", "systems", "system", "assistance", "aid", "supplies",
    "materiel", "security", "dual-use", "patrol", "cars",
)  # fmt: skip
EVERYDAY_WORDS = frozenset(_EVERYDAY)

#: Military context words: a second cue for an ambiguous weapon term.
CONTEXT_TERMS = (
    "military", "army", "armies", "armed", "armed forces", "defence", "defense", "war", "wars",
    "warfare", "troops", "soldiers", "navy", "naval", "air force", "air forces", "battlefield",
    "front line", "front lines", "frontline", "combat", "invasion", "pentagon", "nato", "militia",
    "militias", "rebels", "insurgents", "battalion", "battalions", "brigade", "brigades", "shelling",
    "airstrikes", "air strikes",
)  # fmt: skip

#: Phrases in which an ambiguous weapon word has its everyday sense.
NEUTRAL_PHRASES = (
    "think tank", "think tanks", "think-tank", "think-tanks", "shell company", "shell companies",
    "round of talks", "rounds of talks", "round of negotiations", "rounds of negotiations",
    "round of voting", "funding round", "funding rounds", "open arms", "water tanks", "gas tanks",
    "oil tanks", "septic tanks", "storage tanks", "fish tanks",
)  # fmt: skip

_HEAD_WORDS = ("head", "chief", "director", "boss", "leader", "commander", "minister", "secretary")

_TRANS = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
#: A sentence ends at a line break, or at . ! ? (plus closing quotes/brackets) before white space,
#: except after a one-letter word ("U.S.", "J. Smith").
_BREAK = re.compile(r"(?:[.!?]+[\"')\]\u201d]*)?[ \t]*\n\s*|(?<!\b[a-z])[.!?]+[\"')\]\u201d]*\s+")


def inflections(lemma: str) -> set[str]:
    """Common English inflections of a verb or noun lemma (enough for a recall-oriented filter)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if len(lemma) >= 3 and lemma[-1] in "pgtnrl" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out.update(_IRREGULAR.get(lemma, []))
    return out


def sentence_ends(low: str) -> list[int]:
    """Offsets where the sentences of ``low`` end (the last sentence ends at ``len(low)``)."""
    return [m.end() for m in _BREAK.finditer(low)]


@dataclass(frozen=True)
class _Term:
    kind: int
    exact: frozenset[str] | None = None
    """Spellings a PARTY/OFFICIAL hit must have in the original text (None: any)."""
    cased: frozenset[str] | None = None
    """Spellings that keep a strong KB system name strong (others make it ambiguous)."""
    party: str | None = None


@dataclass
class _Sentence:
    kinds: int = 0
    weapons: list[tuple[int, int, bool]] | None = None
    parties: set[str] | None = None


class Prefilter:
    """Decides from raw text whether a document is worth parsing (see the module docstring)."""

    #: Sentences before/after a weapon sentence where its party may be named.
    party_window = 1
    #: Sentences before/after an ambiguous weapon term where a context word may be.
    context_window = 1
    #: Sentences before/after an official's name where the office may be stated.
    role_window = 1

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        kinds: dict[str, int] = {}
        exact: dict[str, set[str] | None] = {}
        cased: dict[str, set[str]] = {}
        party_of: dict[str, str] = {}

        def add(term: str, kind: int, spellings: Iterable[str] | None = (), party: str | None = None) -> None:
            t = norm(term)
            if len(t) < 2:
                return
            kinds[t] = kinds.get(t, 0) | kind
            if kind & (PARTY | OFFICIAL):
                if spellings is None or exact.get(t, set()) is None:
                    exact[t] = None
                else:
                    allowed = exact.setdefault(t, set())
                    assert allowed is not None
                    allowed.update(s.translate(_TRANS) for s in spellings)
            if party is not None:
                party_of.setdefault(t, party)

        def spellings(s: str) -> list[str]:
            return [s, s[:1].upper() + s[1:]]

        for p in kb.parties.values():
            for s in [p.name, *p.aliases, *p.demonyms, *p.capitals, *p.metonyms]:
                add(s, PARTY, spellings(s), p.id)
            if p.id.isupper() and len(p.id) >= 3:
                add(p.id, PARTY, [p.id], p.id)
            for s in p.contextual:
                add(s, PARTY, None, p.id)  # "rebels": any case, like the mention matcher
        for c in kb.companies.values():
            for s in [c.name, *c.aliases]:
                add(s, PARTY, spellings(s), c.state)
        for org in kb.offices_file.organisations:
            for s in org.names:
                add(s, PARTY, spellings(s), org.state)
                add(s, TITLE)
        for o in kb.officials.values():
            state = o.offices[-1].state
            for s in [o.name, *o.aliases]:
                if len(s.split()) >= 2 or s == o.name:  # the names the role checker looks for
                    add(s, OFFICIAL | PARTY, [s], state)
        for ot in kb.offices_file.office_titles:
            for s in ot.titles:
                add(s, TITLE)
        for s in _HEAD_WORDS:
            add(s, TITLE)

        everyday_systems = {norm(c) for ws in kb.systems.values() for c in ws.case_sensitive}
        generic = {k for k, v in lexicon.items.items() if v.system_id is None}
        generic |= {norm(g) for g in GENERIC_ARMS}
        for ws in kb.systems.values():
            for s in [ws.name, *ws.aliases]:
                if s != s.lower():
                    for v in {s, s.replace("-", " "), s + "s", s.replace("-", " ") + "s"}:
                        if norm(v) not in generic:
                            cased.setdefault(norm(v), set()).add(v.translate(_TRANS))
        for surface, entry in lexicon.items.items():
            forms = {surface, surface.replace("-", " ")}
            if entry.system_id is not None and not surface.endswith("s"):
                forms |= {f + "s" for f in list(forms)}  # as the mention matcher does: "F-16s"
            for f in forms:
                add(f, _strength(f, everyday_systems))
        for g in GENERIC_ARMS:
            add(g, _strength(g, everyday_systems))
        for mod in lexicon.wmd_modifiers:  # "Syria's nuclear programme" (help to it is a transfer)
            for noun in lexicon.programme_nouns:
                add(f"{mod} {noun}", WEAPON)

        for lemma in lexicon.arming_verbs:  # "accused Pakistan of arming the rebels": weapons implied
            add(lemma + "ing", WEAPON)
        for s in CONTEXT_TERMS:
            add(s, CONTEXT)
        for s in NEUTRAL_PHRASES:
            add(s, NEUTRAL)
        verbs = lexicon.trigger_lemmas() | lexicon.frame_verbs() | set(ARRIVAL_VERBS) | set(MAKE_VERBS)
        for lemma in verbs:
            for form in inflections(lemma):
                add(form, TRIGGER)
        for phrase in kb.cues.multiword_triggers:
            add(phrase, TRIGGER)

        self.automaton = ahocorasick.Automaton()
        #: Weapon terms, triggers and officials' names only: a document without a sentence that
        #: holds both a weapon term and a trigger, and without an official, is rejected at once.
        self.gate = ahocorasick.Automaton()
        for t, kind in kinds.items():
            e = exact.get(t)
            spelled = cased.get(t)
            term = _Term(
                kind=kind,
                exact=frozenset(e) if e is not None and kind & (PARTY | OFFICIAL) else None,
                cased=frozenset(spelled) if spelled and kind & WEAPON else None,
                party=party_of.get(t),
            )
            self.automaton.add_word(t, (len(t), term))
            if kind & (WEAPON | AMBIGUOUS | OFFICIAL | TRIGGER):
                self.gate.add_word(t, (len(t), kind & (WEAPON | AMBIGUOUS | OFFICIAL | TRIGGER)))
        self.automaton.make_automaton()
        self.gate.make_automaton()

    # -- scanning ------------------------------------------------------------------------------
    def _gate(self, low: str) -> list[int] | None:
        """Sentence ends of ``low`` when it may pass, else None (cheap: few terms, no case checks)."""
        n = len(low)
        hits = [
            (end - length + 1, kind)
            for end, (length, kind) in self.gate.iter(low)
            if _whole_word(low, end - length + 1, end, n)
        ]
        found = 0
        for _, kind in hits:
            found |= kind
        if not found & OFFICIAL and (not found & TRIGGER or not found & (WEAPON | AMBIGUOUS)):
            return None
        ends = sentence_ends(low)
        if found & OFFICIAL:
            return ends
        weapon = {bisect_right(ends, s) for s, k in hits if k & (WEAPON | AMBIGUOUS)}
        trigger = {bisect_right(ends, s) for s, k in hits if k & TRIGGER}
        return ends if weapon & trigger else None

    def _scan(self, text: str, low: str, ends: list[int]) -> list[_Sentence]:
        orig = text.translate(_TRANS) if len(low) == len(text) else None
        sents = [_Sentence() for _ in range(len(ends) + 1)]
        neutral: list[tuple[int, int]] = []
        n = len(low)
        for end, (length, term) in self.automaton.iter(low):
            start = end - length + 1
            if not _whole_word(low, start, end, n):
                continue
            kind = term.kind
            written = orig[start : end + 1] if orig is not None else None
            if term.exact is not None and written is not None and written not in term.exact:
                kind &= ~(PARTY | OFFICIAL)
            if kind & NEUTRAL:
                neutral.append((start, end))
            s = sents[bisect_right(ends, start)]
            if kind & (WEAPON | AMBIGUOUS):
                cased = term.cased
                strong = bool(kind & WEAPON) and (cased is None or written is None or written in cased)
                if s.weapons is None:
                    s.weapons = []
                s.weapons.append((start, end, strong))
            if kind & PARTY:
                if s.parties is None:
                    s.parties = set()
                s.parties.add(term.party or "?")
            s.kinds |= kind & ~(WEAPON | AMBIGUOUS)
        for s in sents:
            if s.weapons is None:
                continue
            kept = [w for w in s.weapons if not any(a <= w[0] and w[1] <= b for a, b in neutral)]
            # longest matches only: "fuel tanks" is one (ambiguous) term, not also "tanks"
            s.weapons = [
                w for w in kept if not any(v[0] <= w[0] and w[1] <= v[1] and v[:2] != w[:2] for v in kept)
            ]
            for w in s.weapons:
                s.kinds |= WEAPON if w[2] else AMBIGUOUS
        return sents

    # -- decision ------------------------------------------------------------------------------
    def relevant(self, text: str) -> bool:
        """True when ``text`` may hold a transfer or a checkable statement of an official's office."""
        low = text.lower()
        if not low.isascii():
            low = low.translate(_TRANS)
        ends = self._gate(low)
        if ends is None:
            return False
        sents = self._scan(text, low, ends)
        n = len(sents)

        def near(i: int, width: int) -> int:
            out = 0
            for s in sents[max(0, i - width) : i + width + 1]:
                out |= s.kinds
            return out

        doc_strong = any(s.kinds & WEAPON for s in sents)
        for i in range(n):
            k = sents[i].kinds
            if k & OFFICIAL and near(i, self.role_window) & TITLE:
                return True
            if not k & (WEAPON | AMBIGUOUS) or not k & TRIGGER:
                continue
            if not near(i, self.party_window) & PARTY:
                continue
            if k & WEAPON or doc_strong:
                return True
            # only ambiguous weapon words here: they need a second cue
            if near(i, self.context_window) & CONTEXT:
                return True
            if len({low[a : b + 1] for a, b, _ in sents[i].weapons or ()}) >= 2:
                return True
            if len(sents[i].parties or ()) >= 2:
                return True
        return False

    def filter(self, texts: Iterable[str]) -> list[bool]:
        """:meth:`relevant` for each text."""
        return [self.relevant(t) for t in texts]


def _whole_word(low: str, start: int, end: int, n: int) -> bool:
    if start > 0 and low[start - 1].isalnum():
        return False
    if end + 1 < n:
        nxt = low[end + 1]
        if nxt.isalnum() or (nxt in ".," and end + 2 < n and low[end + 2].isdigit()):
            return False  # "at 4" is not "AT-4" in "at 4.5 percent"
    return True


def _strength(term: str, everyday_systems: set[str]) -> int:
    """WEAPON or AMBIGUOUS for a weapon term (see the module docstring)."""
    t = norm(term)
    if t in everyday_systems or (t.endswith("s") and t[:-1] in everyday_systems):
        return AMBIGUOUS
    if any(ch.isdigit() for ch in t):
        return WEAPON
    if all(w in EVERYDAY_WORDS for w in t.split()):
        return AMBIGUOUS
    return WEAPON
