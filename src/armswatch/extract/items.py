"""Items of a transfer: KB weapon mentions in the trigger's theme, with calibre, quantity and origin.

Systems are named as the KB names them ("BM-21 Grad"); generic nouns get their stated calibre
("152-mm shells" → "152 mm artillery shell"). A party modifier of the item — "Iranian drones",
"Soviet-designed tanks", "Iran-made missiles", "Turkish-built" — gives the item's origin, which
the frame builder uses as supplier when no supplier is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from armswatch.extract.context import ExtractContext
from armswatch.extract.quantities import parse_number, quantity_tokens
from armswatch.extract.syntax import MAKE_VERBS
from armswatch.records import Quantity

_ORIGIN_PARTICIPLES = frozenset(
    {"made", "built", "supplied", "designed", "manufactured", "produced", "provided", "developed", "sourced"}
)
#: Participles stating where materiel was made ("Iranian-made").
MADE = _ORIGIN_PARTICIPLES
_CALIBRE_CATEGORIES = frozenset({"ammunition", "artillery"})


@dataclass(frozen=True)
class ItemMention:
    """One weapon mention attached to a frame."""

    start: int
    end: int
    system: str
    category: str
    calibers: tuple[int, ...] = ()
    quantity: Quantity | None = None
    system_id: str | None = None
    origin: str | None = None


def calibres_before(item: Span, calibres: list[Span]) -> list[int]:
    found: list[Span] = []
    edge = item.start
    head = item.root
    np_start = min(t.i for t in head.subtree)
    for _ in range(6):
        near = [
            c
            for c in calibres
            if edge - 3 <= c.end <= edge
            and (found or c.end == edge or c.start >= np_start - 1)
            and c not in found
        ]
        if not near:
            break
        found.extend(near)
        edge = min(c.start for c in near)
    inside = [c for c in calibres if c.start >= np_start and c.end <= max(t.i for t in head.subtree) + 1]
    vals = [int(c.kb_id_) for c in found + inside]
    return sorted(set(vals))


def _object_of_give(head: Token, give_verbs: frozenset[str]) -> bool:
    return head.dep_ == "dobj" and head.head.lemma_.lower() in give_verbs


def _origin(item: Span, party_at: dict[int, Span], give_verbs: frozenset[str] = frozenset()) -> str | None:
    head = item.root
    for c in head.children:
        if c.i >= item.start and c.i < item.end and c.i not in party_at:
            continue
        if c.dep_ in ("amod", "compound", "nmod") and c.i in party_at:
            span = party_at[c.i]
            if (
                span.label_ == "PARTY"
                and span.start == head.left_edge.i
                and _object_of_give(head, give_verbs)
            ):
                continue  # "given North Korea missiles": a misparsed recipient, not an origin
            return span.kb_id_
        if c.dep_ in ("amod", "compound") and c.lower_ in _ORIGIN_PARTICIPLES:
            for g in c.subtree:
                if g.i in party_at:
                    return party_at[g.i].kb_id_
    # "Iranian-made Shahed drones": the party token sits right before "-made" inside the NP.
    for t in item.doc[max(0, item.start - 4) : item.start]:
        if t.i in party_at and t.i + 2 < len(item.doc):
            nxt = item.doc[t.i + 1 : t.i + 3]
            if nxt[0].text == "-" and nxt[1].lower_ in _ORIGIN_PARTICIPLES:
                return party_at[t.i].kb_id_
        if t.i in party_at and party_at[t.i].label_ == "DEMONYM" and party_at[t.i].end <= item.start:
            between = item.doc[party_at[t.i].end : item.start]
            if all(b.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "NUM") and b.dep_ != "poss" for b in between):
                return party_at[t.i].kb_id_
    return None


def stated_origin(item: Span, party_at: dict[int, Span]) -> str | None:
    """The origin an adjective of the item's noun phrase states: a demonym ("Soviet SA-5
    missiles") or a party with a made-participle ("Iran-made drones"); a bare state name before
    the noun ("Pyongyang ships …" in a headline) may be a misparsed subject, so it does not count."""
    origin = _origin(item, party_at)
    if origin is None:
        return None
    doc = item.doc
    for t in doc[max(0, min(item.root.left_edge.i, item.start - 4)) : item.end]:
        span = party_at.get(t.i)
        if span is None or span.kb_id_ != origin:
            continue
        made = span.end + 1 < len(doc) and doc[span.end + 1].lower_ in _ORIGIN_PARTICIPLES
        if span.label_ == "DEMONYM" or made:
            return origin
    return None


def _party_at(sent: Span) -> dict[int, Span]:
    out: dict[int, Span] = {}
    for s in sent.doc.spans.get("aw_party", []):
        for i in range(s.start, s.end):
            out[i] = s
    return out


def make_items(span: Span, ctx: ExtractContext, party_at: dict[int, Span]) -> list[ItemMention]:
    """One :class:`ItemMention` per stated calibre of a generic noun, else one."""
    it = make_item(span, ctx, party_at)
    if it is None:
        return []
    if len(it.calibers) > 1 and it.category in _CALIBRE_CATEGORIES:
        entry = ctx.lexicon.items[span.kb_id_]
        if it.system_id is None:
            return [replace(it, system=f"{mm} mm {entry.name}", calibers=(mm,)) for mm in it.calibers]
        if entry.caliber_mm is not None and re.match(rf"{entry.caliber_mm}\b", entry.name):
            # a calibre-named catalogue entry ("152 mm artillery shell") stated for several calibres
            return [
                replace(it, system=re.sub(r"^\d+", str(mm), entry.name), calibers=(mm,)) for mm in it.calibers
            ]
    return [it]


_MUNITION_HEADS = frozenset({"missile", "missiles", "interceptor", "interceptors"})


def _names_munitions(span: Span) -> bool:
    """An air-defence system's name used for its missiles: the mention ends in "missiles" or
    modifies that noun ("18 HAWK anti-aircraft missiles", "Patriot interceptors")."""
    last = span.text.lower().split()[-1] if span.text.strip() else ""
    if last in _MUNITION_HEADS:
        return True
    if any(s.start == span.end and s.label_ == "missile" for s in span.doc.spans.get("aw_item", [])):
        return True  # "SA-2 surface-to-air missiles", whatever the parse
    head = span.root.head
    # "THAAD missile defence batteries": "missile" there describes the defence, not the item
    return (
        span.root.dep_ in ("compound", "nmod", "amod")
        and head.lower_ in _MUNITION_HEADS
        and head.dep_ not in ("compound", "nmod", "amod")
    )


def _of_item(noun: Token) -> Span | None:
    """The weapon mention an of-phrase of ``noun`` names ("batteries of the BrahMos missile")."""
    spans = noun.doc.spans.get("aw_item", [])
    for p in noun.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            for o in p.children:
                if o.dep_ == "pobj":
                    own = next((s for s in spans if s.root.i == o.i), None)
                    # "of the Bastion coastal missile system": the modifier next to the head noun
                    mods = [s for s in spans if s.root.head.i == o.i and s.end <= o.i]
                    return own or (mods[-1] if mods else None)
    return None


def _unit_category(span: Span) -> str | None:
    """The category of the weapon a bare unit noun ("battery") is a unit of: its own of-phrase,
    or for a definite mention ("the first batteries") the of-phrase of the latest earlier mention
    of the same noun."""
    root = span.root
    found = _of_item(root)
    if found is not None:
        return found.label_
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in root.children):
        return None
    for s in reversed([s for s in span.doc.spans.get("aw_item", []) if s.end <= span.start]):
        if s.root.lemma_.lower() == root.lemma_.lower():
            found = _of_item(s.root)
            if found is not None:
                return found.label_
    return None


def make_item(span: Span, ctx: ExtractContext, party_at: dict[int, Span]) -> ItemMention | None:
    """Turn an ``aw_item`` span into an :class:`ItemMention` (None when unknown)."""
    entry = ctx.lexicon.items.get(span.kb_id_)
    if entry is None:
        return None
    doc = span.doc
    calibres = calibres_before(span, list(doc.spans.get("aw_calibre", [])))
    name = entry.name
    names = (
        [f"{calibres[0]} mm {entry.name}"]
        if entry.system_id is None and len(calibres) == 1 and entry.category in _CALIBRE_CATEGORIES
        else [name]
    )
    qtoks = quantity_tokens(span.root)
    quantity = None
    if qtoks:
        qtext = doc[qtoks[0].i : span.end].text
        quantity = Quantity(
            text=qtext, value=parse_number(doc[qtoks[0].i : qtoks[-1].i + 1].text), unit=entry.name
        )
    category = entry.category
    if entry.system_id is None and span.text.lower() in ctx.lexicon.unit_forms:
        unit_of = _unit_category(span)
        if unit_of is not None and unit_of != category:
            category, names = unit_of, [span.root.lemma_.lower()]  # "battery" of missiles
    if category == "air_defence" and _names_munitions(span):
        category = "missile"  # "Patriot missiles", "HAWK anti-aircraft missiles": the interceptors
    return ItemMention(
        start=span.start,
        end=span.end,
        system=names[0] if len(names) == 1 else " / ".join(names),
        category=category,
        calibers=tuple(calibres),
        quantity=quantity,
        system_id=entry.system_id,
        origin=_origin(span, party_at, ctx.lexicon.give_verbs),
    )


_LIST_GAP = frozenset(
    {",", "and", "or", "as", "well", "plus", "along", "with", "some", "about", "up", "to", ";"}
)


def _surface_list(chosen: list[Span], spans: list[Span]) -> list[Span]:
    """Extend ``chosen`` along a written list ("S-400 systems, Kornet missiles and AK-103 rifles").

    The parser often breaks long coordinations; items separated only by commas, conjunctions and
    amounts from a chosen item belong to the same list.
    """
    if not chosen:
        return chosen
    out = list(chosen)
    ordered = sorted(spans, key=lambda s: s.start)
    changed = True
    while changed:
        changed = False
        for s in ordered:
            if s in out:
                continue
            for c in out:
                lo, hi = (c.end, s.start) if c.end <= s.start else (s.end, c.start)
                gap = s.doc[lo:hi]
                listed = 0 < len(gap) <= 4 and all(t.lower_ in _LIST_GAP or t.like_num for t in gap)
                if listed and any(t.text in (",", ";") or t.dep_ == "cc" for t in gap):
                    out.append(s)
                    changed = True
                    break
    return sorted(out, key=lambda s: s.start)


def _modifier_only(span: Span, trigger: Token, spans: list[Span], ctx: ExtractContext | None = None) -> bool:
    """'arms traffic', 'weapons manufacturing', 'missile programme': a weapon word modifying a
    noun that is neither a weapon nor the trigger names no materiel that changes hands."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod"):
        return False
    head = root.head
    if head.i == trigger.i:
        return False
    head_span = next((s for s in spans if s.start <= head.i < s.end), None)
    if head_span is None:
        return True
    # "a guided-missile frigate", "tank ammunition": a generic weapon word describing another
    # weapon is part of that weapon's description (a named system modifying a generic noun,
    # "Grad rockets", stays: the generic head is dropped instead)
    entry = ctx.lexicon.items.get(span.kb_id_) if ctx is not None else None
    generic = entry is not None and entry.system_id is None
    return generic and span.label_ != head_span.label_ and head_span.root.i == head.i


def _material_of(obj: Token, spans: list[Span]) -> bool:
    """Whether the object noun is, or measures out, materiel: "drones", "$110 billion of weapons",
    "6,700 containers of munitions" (not "details about the transfer")."""
    todo = [obj]
    while todo:
        t = todo.pop()
        if any(sp.start <= t.i < sp.end for sp in spans):
            return True
        for c in t.children:
            if c.dep_ in ("conj", "appos", "compound", "nmod", "pobj") or (
                c.dep_ == "prep" and c.lower_ == "of"
            ):
                todo.append(c)
    return False


#: Prepositions naming the vehicle that carries the materiel ("by ship", "aboard Russian planes").
_MEANS = frozenset({"by", "aboard", "onboard"})
_VEHICLES = frozenset({"naval", "aircraft"})


def means_of_transport(span: Span, theme_ids: set[int]) -> bool:
    """'The munitions had gone in ten consignments by ship and by transport aircraft': a ship or
    aircraft in a by/aboard-phrase carries the materiel and is not itself transferred."""
    root = span.root
    return (
        span.label_ in _VEHICLES
        and root.i not in theme_ids
        and root.dep_ == "pobj"
        and root.head.lower_ in _MEANS
    )


def items_in(themes: Iterable[Token], trigger: Token, sent: Span, ctx: ExtractContext) -> list[ItemMention]:
    """Weapon mentions in the subtrees of ``themes`` or modifying the trigger ("arms sales").

    When no theme holds one, fall back to the trigger's own subtree (minus nested triggers' clauses).
    """
    doc = sent.doc
    spans = [s for s in doc.spans.get("aw_item", []) if s.start >= sent.start and s.end <= sent.end]
    if not spans:
        return []
    themes = list(themes)
    party_at = _party_at(sent)
    idx: set[int] = set()
    for th in themes:
        idx.update(t.i for t in th.subtree)
    idx.add(trigger.i)
    for c in trigger.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            idx.update(t.i for t in c.subtree)
    chosen = _surface_list(
        [s for s in spans if s.root.i in idx and not _modifier_only(s, trigger, spans, ctx)], spans
    )
    other_object = any(
        c.dep_ == "dobj"
        and c.pos_ != "PRON"
        and c.i not in party_at
        and not any(g.i in party_at for g in c.children if g.dep_ in ("compound", "amod"))
        and not _material_of(c, spans)
        for c in trigger.children
    )
    if not chosen and not other_object:
        # no theme holds a weapon: look in the whole clause, unless the verb has another object
        # ("officials have not provided details about the artillery transfer")
        sub = {t.i for t in trigger.subtree}
        chosen = [s for s in spans if s.root.i in sub]
    chosen = [
        s
        for s in chosen
        if not _in_relative_clause(s, idx, ctx)
        # a target is no item, unless the transfer clause describes it ("shot down the missiles
        # that Britain gave Ukraine")
        and (trigger.i in {t.i for t in s.root.subtree} or not combat_target(s, ctx.lexicon.combat_verbs))
    ]
    theme_ids = {th.i for th in themes}
    chosen = [s for s in chosen if not means_of_transport(s, theme_ids)]
    found = [it for s in chosen for it in make_items(s, ctx, party_at)]
    # "Patriot components", "drone engines": parts named after a weapon are parts, not the weapon
    parts = [it for it in found if it.system_id is None and it.system in _PART_TERMS]
    part_heads = {doc[it.start : it.end].root.i for it in parts}
    part_starts = {it.start for it in parts}
    found = [
        it
        for it in found
        if it in parts
        or not (
            it.end in part_starts  # written right before the parts noun, whatever the parse
            or (
                it.system_id is not None
                and doc[it.start : it.end].root.dep_ in ("compound", "amod", "nmod", "nummod")
                and doc[it.start : it.end].root.head.i in part_heads
            )
        )
    ]
    # "Grad multiple rocket launchers": the named system is the item, not also the generic head noun.
    named_roots = {doc[it.start : it.end].root.i for it in found if it.system_id is not None}
    found = [
        it
        for it in found
        if it.system_id is not None
        or it.system in _PART_TERMS
        or not any(
            c.i in named_roots and c.dep_ in ("compound", "amod", "nmod")
            for c in doc[it.start : it.end].root.children
        )
    ]
    return _munitions_for_launchers(_parts_of_items(_support_items(found, doc), doc), doc)


_BACK_PRONOUNS = frozenset({"them", "it"})


def serves_weapon(root: Token) -> bool:
    """Whether a materiel noun's clause points back to a weapon: a pronoun object ("needed to keep
    them running", "the know-how to build them") or a named weapon ("built on the K2 chassis")."""
    spans = root.doc.spans.get("aw_item", [])
    mine = {root.i, *(t.i for t in root.conjuncts)}
    head = root.head
    if root.dep_ in ("advmod", "npadvmod") and head.lemma_.lower() in MAKE_VERBS:
        # "the know-how to build them" read with the noun hanging on the verb
        return any(
            c.dep_ == "dobj" and (c.lower_ in _BACK_PRONOUNS or any(sp.root.i == c.i for sp in spans))
            for c in head.children
        )
    for t in [root, *root.conjuncts]:
        for c in t.children:
            if c.dep_ not in ("acl", "relcl"):
                continue
            for g in c.subtree:
                if g.lower_ in _BACK_PRONOUNS and g.pos_ == "PRON" and g.dep_ in ("dobj", "pobj"):
                    return True
                if g.i not in mine and any(sp.root.i == g.i for sp in spans):
                    return True
    return False


def _support_items(items: list[ItemMention], doc: Doc) -> list[ItemMention]:
    """'tanks, with the spare parts and equipment needed to keep them running', 'rocket engines, or
    the know-how to build them', 'support vehicles built on the K2 chassis': generic ``other``
    materiel whose clause points back to the weapon (a pronoun, or a named weapon) is that
    weapon's upkeep, not another kind of materiel."""
    keep = [
        it
        for it in items
        if not (
            it.category == "other" and it.system_id is None and serves_weapon(doc[it.start : it.end].root)
        )
    ]
    return keep if any(it.category != "other" for it in keep) else items


_PART_TERMS = frozenset({"component"})  # the catalogue's generic parts term (not technology)
_INCLUDE_VERBS = frozenset({"include", "comprise", "contain", "consist", "be"})


def combat_target(span: Span, combat_verbs: frozenset[str]) -> bool:
    """'has intercepted dozens of drones', 'shot down Storm Shadow missiles': the object of a
    fighting verb is a target, not materiel handed over."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.dep_ == "dobj":
        root = root.head.head  # "dozens of drones"
    return root.dep_ == "dobj" and root.head.lemma_.lower() in combat_verbs


def _in_relative_clause(span: Span, theme_idx: set[int], ctx: ExtractContext) -> bool:
    """'Patriot components that, with parts from other partners, will make up a fourth battery':
    a weapon named inside a relative clause on the materiel is what the clause says about it, not
    more materiel (a clause that lists it — "that included …", "which are …" — or a transfer
    clause stays)."""
    for anc in span.root.ancestors:
        if anc.i not in theme_idx:
            return False
        if anc.dep_ == "relcl":
            lemma = anc.lemma_.lower()
            return lemma not in _INCLUDE_VERBS and lemma not in ctx.lexicon.trigger_lemmas()
    return False


def _parts_of_items(items: list[ItemMention], doc: Doc) -> list[ItemMention]:
    """'components of the M-11 missile': generic parts whose ``of``-phrase names another item are
    that item's materiel, like the catalogue's "missile components" ("production of X" stays)."""
    roots = {doc[it.start : it.end].root.i for it in items}
    out = []
    for it in items:
        root = doc[it.start : it.end].root
        part_of = (
            it.system_id is None
            and it.system in _PART_TERMS
            and any(
                p.dep_ == "prep"
                and p.lower_ == "of"
                and any(o.i in roots for o in p.children if o.dep_ == "pobj")
                for p in root.children
            )
        )
        if not part_of:
            out.append(it)
    return out


_LAUNCHER_CATEGORIES = frozenset({"artillery", "air_defence", "aircraft", "uav", "naval", "armoured_vehicle"})
_ROUND_CATEGORIES = frozenset({"missile", "ammunition"})


def _munitions_for_launchers(items: list[ItemMention], doc: Doc) -> list[ItemMention]:
    """'Missiles designed for Grad launchers', 'shells for M777 howitzers': the munition is the item.

    An item inside a ``for``-phrase of a munition names the launcher the munition is for, not a
    second item. Unguided rockets for an artillery system are ammunition ("Grad rocket").
    """
    by_root = {doc[it.start : it.end].root.i: it for it in items}
    drop: set[int] = set()
    out: dict[int, ItemMention] = {}
    for it in items:
        span = doc[it.start : it.end]
        if it.category not in _LAUNCHER_CATEGORIES:
            continue
        for anc in span.root.ancestors:
            if anc.dep_ == "prep" and anc.lower_ == "for":
                head = anc.head
                while head.dep_ in ("acl", "amod") and head.head.i != head.i:
                    head = head.head
                host = by_root.get(head.i)
                if host is not None and host.category in _ROUND_CATEGORIES:
                    drop.add(span.root.i)
                    if host.category == "missile" and it.category == "artillery":
                        short = it.system.split()[-1]
                        out[head.i] = replace(host, category="ammunition", system=f"{short} rocket")
                break
    result = []
    for it in items:
        r = doc[it.start : it.end].root.i
        if r not in drop:
            result.append(out.get(r, it))
    return result
