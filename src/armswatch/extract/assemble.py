"""Merge the frames of one document into one :class:`TransferClaim` per (supplier, recipient) pair.

* categories, systems, calibres: union over the pair's frames (first-seen order);
* status: the strongest (``STATUS_RANK``) over the body's frames; a headline/lede frame counts
  only when the body says nothing about the pair;
* sources: union, original sources first as each frame lists them; deniers likewise;
* evidence: the sentence of the frame that gave the status;
* confidence: from the evidence — syntactic roles 0.9, a role borrowed from discourse or an
  item's origin lowers it (see :func:`frame_confidence`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from armswatch.extract.context import doc_text
from armswatch.extract.frame_roles import IMPLIED_ARMS_CUE, MAKER_NAMED_CUE
from armswatch.extract.frames import Frame
from armswatch.extract.items import (
    ItemMention,
    calibres_before,
    combat_target,
    means_of_transport,
    serves_weapon,
    stated_origin,
)
from armswatch.extract.lexicon import Lexicon
from armswatch.extract.syntax import unevidenced
from armswatch.records import (
    STATUS_RANK,
    Document,
    ExtractionResult,
    Item,
    Quantity,
    RoleClaim,
    TransferClaim,
)

#: Generic materiel words that add ``other`` only when nothing more specific is named for the pair.
VAGUE_OTHER = frozenset(
    {
        "arms",
        "weapons",
        "weapon",
        "weaponry",
        "hardware",
        "arm",
        "weapons system",
        "weapon system",
        "weapons systems",
        "military equipment",
        "arsenal",
        "arsenals",
        "stockpile",
        "stockpiles",
    }
)


def frame_confidence(f: Frame) -> float:
    """How strongly the text supports the frame (0–1)."""
    c = 0.7 if "surface" in f.cues else 0.9  # surface.py frames: word order, not syntax
    if f.discourse:
        c -= 0.25
    if f.headline:
        c -= 0.1
    if all(i.category == "other" and i.system_id is None for i in f.items):
        c -= 0.1
    return max(0.05, c)


def _calibres_by_category(doc: Doc) -> dict[str, set[int]]:
    """Calibres stated for each category's item mentions anywhere in the document."""
    out: dict[str, set[int]] = {}
    calibres = list(doc.spans.get("aw_calibre", []))
    if not calibres:
        return out
    for span in doc.spans.get("aw_item", []):
        mm = calibres_before(span, calibres)
        if mm:
            out.setdefault(span.label_, set()).update(mm)
    return out


_LISTING = frozenset({"include", "comprise", "contain", "consist", "be"})


def _not_handed_over(it: Span, item_roots: set[int], lex: Lexicon | None) -> bool:
    """A weapon mention that names no materiel changing hands, whatever the sentence's parties:
    what another item is for ("spare parts for Iran's HAWK batteries"), what is made under licence
    ("licensed production of the AK-103 and its ammunition"), what a party lacks ("his forces
    most needed anti-aircraft weapons")."""
    root = it.root
    if root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.i in item_roots:
        return True
    if means_of_transport(it, set()):
        return True  # "by ship and by transport aircraft": the vehicle carrying the materiel
    if it.label_ == "other" and serves_weapon(root):
        return True  # "the spare parts needed to keep them running": the weapon's upkeep
    if lex is None:
        return False
    if root.dep_ in ("compound", "nmod", "amod") and root.head.lemma_.lower() in lex.consortium_nouns:
        return True  # "thrown out of the U.S.-led F-35 programme": the programme, not its jets
    cur = root
    for _ in range(4):  # up through of-phrases and conjunctions to the noun they hang on
        if cur.dep_ not in ("pobj", "prep", "conj") or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ == "NOUN" and cur.lemma_.lower() in lex.production_nouns:
            return True
        if cur.pos_ == "VERB":
            break
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "lacked artillery shells and drones"
    if root.dep_ == "dobj" and root.head.lemma_.lower() in lex.needs:
        return True  # what a party lacks
    if combat_target(it, lex.combat_verbs):
        return True  # a target ("intercepted nearly every missile")
    # "Patriot components that will make up a new battery": what a relative clause says of materiel
    relcl = next((a for a in it.root.ancestors if a.dep_ == "relcl"), None)
    return (
        relcl is not None
        and relcl.head.i in item_roots
        and relcl.lemma_.lower() not in _LISTING | lex.trigger_lemmas()
    )


_DENYING = frozenset({"deny", "reject", "dismiss", "refute"})


def _negated_context(tok: Token) -> bool:
    """An item said under a negation, a denial or a "no evidence / no sign" phrase."""
    for a in tok.ancestors:
        if a.lemma_.lower() in _DENYING or any(
            c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in a.children
        ):
            return True
    return False


def _pair_sentence_categories(
    doc: Doc, sup: str, rec: str, framed: set[int], lex: Lexicon | None = None
) -> list[str]:
    """Categories of weapon mentions (not already in a frame) in sentences that name both
    ``sup`` and ``rec`` and no third party: "… Soviet advisers in Syria, along with new Soviet
    equipment including the SS-21"."""
    out: list[str] = []
    parties = list(doc.spans.get("aw_party", []))
    all_items = list(doc.spans.get("aw_item", []))
    item_roots = {s.root.i for s in all_items}
    items = [s for s in all_items if s.start not in framed and not _not_handed_over(s, item_roots, lex)]
    if not items:
        return out
    for sent in doc.sents:
        named = {p.kb_id_ for p in parties if sent.start <= p.start < sent.end}
        if named != {sup, rec}:
            continue
        for it in items:
            inside = sent.start <= it.start < sent.end
            if it.root.dep_ == "nsubj":
                continue  # the agent of another act ("the Russian aircraft flying to Syria carried …")
            if _negated_context(it.root):
                continue  # "no evidence that Moscow had handed Pyongyang nuclear technology"
            if any(
                c.dep_ == "nsubj" and p.kb_id_ == rec and p.start <= c.i < p.end
                for c in it.root.head.children
                for p in parties
            ):
                continue  # the recipient's own act ("Russia was sharing technology with Tehran")
            if it.root.dep_ in ("compound", "amod", "nmod", "nummod") and any(
                o.start <= it.root.head.i < o.end and o.label_ != it.label_
                for o in doc.spans.get("aw_item", [])
            ):
                continue  # "a guided-missile frigate": describes the frigate
            if (
                it.root.dep_ == "pobj"
                and it.root.head.lower_ == "with"
                and any(o.start <= it.root.head.head.i < o.end for o in doc.spans.get("aw_item", []))
            ):
                continue  # "Humvees with extra armour": a feature of the other item
            if inside and it.label_ not in out and it.text.lower() not in VAGUE_OTHER:
                out.append(it.label_)
    return out


def _origin_categories(doc: Doc, sup: str, rec: str, framed: set[int], first: int) -> list[str]:
    """Categories of weapon mentions (not already in a frame) whose stated origin is the pair's
    supplier, in sentences that name the recipient: "… objections to the Soviet SA-5 missiles
    being installed on its soil" joins the Soviet transfer to Libya the text states elsewhere.

    Not a clause subject (the agent of another act, "Turkish F-16s would be deployed to
    Poland"), and not a definite common noun after the pair's first framed item (an anaphor of
    the materiel already named: "to field the Turkish aircraft" after "TB2 drones").
    """
    out: list[str] = []
    parties = list(doc.spans.get("aw_party", []))
    party_at = {i: p for p in parties for i in range(p.start, p.end)}
    items = [s for s in doc.spans.get("aw_item", []) if s.start not in framed]
    for it in items:
        root = it.root
        if it.label_ in out or it.text.lower() in VAGUE_OTHER:
            continue
        if root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass")
        ):
            continue
        definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in root.children)
        if definite and root.pos_ == "NOUN" and it.start > first:
            continue
        sent = it.sent
        if not any(p.kb_id_ == rec and sent.start <= p.start < sent.end for p in parties):
            continue
        if stated_origin(it, party_at) == sup:
            out.append(it.label_)
    return out


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_DEMONSTRATIVES = frozenset({"those", "these", "that", "this"})


def _covered(doc: Doc, it: ItemMention) -> bool:
    """A generic item spelled out by a list of named kinds ("150 vehicles, including tanks,
    armoured personnel carriers and artillery"): the list items, not the generic word, count."""
    if it.system_id is not None or it.end > len(doc):
        return False
    root = doc[it.start : it.end].root
    kids = list(root.children)
    if any(c.dep_ == "prep" and c.lower_ in ("including", "like") for c in kids):
        return True
    # "equipment such as radars"
    as_prep = [c for c in kids if c.dep_ == "prep" and c.lower_ == "as"]
    return bool(as_prep) and any(t.lower_ == "such" for c in [*kids, *as_prep] for t in [c, *c.children])


def _anaphoric_calibres(doc: Doc, items: list[ItemMention]) -> list[int]:
    """Calibres of the latest earlier mention of the same kind with a stated calibre, for generic
    items that point back with a demonstrative ("those guns", "these shells")."""
    out: list[int] = []
    calibres = list(doc.spans.get("aw_calibre", []))
    if not calibres:
        return out
    spans = list(doc.spans.get("aw_item", []))
    for it in items:
        if it.calibers or it.system_id is not None or it.start == 0:
            continue
        if doc[it.start - 1].lower_ not in _DEMONSTRATIVES:
            continue
        for span in reversed([s for s in spans if s.end <= it.start - 1 and s.label_ == it.category]):
            mm = calibres_before(span, calibres)
            if mm:
                out.extend(m for m in mm if m not in out)
                break
    return out


_CANCEL_VERBS = frozenset({"cancel", "scrap", "abandon", "terminate", "annul", "rescind", "void"})
_DEAL_WORDS = frozenset({"deal", "contract", "order", "purchase", "sale", "agreement", "plan"})


def _cancellations(doc: Doc) -> list[tuple[int, str]]:
    """(character offset, party) for each "X cancelled the deal/order" in the text."""
    out: list[tuple[int, str]] = []
    party_at = {i: s for s in doc.spans.get("aw_party", []) for i in range(s.start, s.end)}
    for tok in doc:
        if tok.lemma_.lower() not in _CANCEL_VERBS or tok.pos_ != "VERB":
            continue
        if not any(c.dep_ == "dobj" and c.lemma_.lower() in _DEAL_WORDS for c in tok.children):
            continue
        for c in tok.children:
            if c.dep_ == "nsubj" and c.i in party_at:
                out.append((tok.idx, party_at[c.i].kb_id_))
    return out


def _exclusions(doc: Doc, lex: Lexicon | None) -> list[tuple[str, set[str]]]:
    """(party, kinds) for each "X removed Turkey from the F-35 programme": a buyer excluded from
    a programme for the items (system ids or categories) named in it."""
    out: list[tuple[str, set[str]]] = []
    if lex is None:
        return out
    party_at = {i: s for s in doc.spans.get("aw_party", []) for i in range(s.start, s.end)}
    items = list(doc.spans.get("aw_item", []))
    for tok in doc:
        if tok.lemma_.lower() not in lex.exclusion_verbs or tok.pos_ != "VERB":
            continue
        excluded = [
            party_at[c.i].kb_id_ for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.i in party_at
        ]
        # "removed from the programme", "thrown out of the programme"
        preps = [p for p in tok.children if p.dep_ == "prep" and p.lower_ == "from"]
        preps += [
            q
            for p in tok.children
            if p.lower_ == "out" and p.dep_ in ("prep", "prt", "advmod")
            for q in [*p.children, *tok.children]
            if q.dep_ == "prep" and q.lower_ == "of"
        ]
        for p in preps:
            for o in p.children:
                if o.dep_ != "pobj" or o.lemma_.lower() not in lex.exclusion_nouns:
                    continue
                sub = {t.i for t in o.subtree}
                named = [s for s in items if s.root.i in sub]
                ids = {e.system_id for s in named if (e := lex.items.get(s.kb_id_)) and e.system_id}
                kinds = ids or {s.label_ for s in named}  # the named system, else the kind of item
                out.extend((party, kinds) for party in excluded)
    return out


def _completed(doc: Doc, f: Frame) -> bool:
    """A frame that borrowed a role but states, with a past or perfect transfer verb, that the
    transfer took place ("Berlin has already handed over two batteries" after a pledge to
    Ukraine): it gives the pair's status like a frame of its own ("include" frames only list items)."""
    trig = doc[f.trigger]
    return (
        f.kind != "include"
        and f.status in ("confirmed", "reported")
        and trig.pos_ == "VERB"
        and trig.tag_ in ("VBD", "VBN")
    )


def assemble(doc: Doc, document: Document, threshold: float, lex: Lexicon | None = None) -> ExtractionResult:
    """Build the :class:`ExtractionResult` of ``document`` from the annotated ``doc``."""
    frames: list[Frame] = list(doc._.aw_frames or [])
    by_pair: dict[tuple[str, str], list[Frame]] = {}
    for f in frames:
        for s in f.suppliers:
            for r in f.recipients:
                if s != r:
                    by_pair.setdefault((s, r), []).append(f)
    claims: list[TransferClaim] = []
    doc_calibres = _calibres_by_category(doc)
    framed = {i for f in frames for it in f.items for i in range(it.start, it.end)}
    cat_owners: dict[str, int] = {}
    for fs in by_pair.values():
        for c in {i.category for f in fs for i in f.items}:
            cat_owners[c] = cat_owners.get(c, 0) + 1
    cancelled = _cancellations(doc)
    excluded = _exclusions(doc, lex)
    for (sup, rec), fs in by_pair.items():
        # "no evidence that X gave Y …" adds nothing to a pair that other sentences claim
        fs = [f for f in fs if "no_evidence" not in f.cues and not unevidenced(doc[f.trigger])] or fs
        if all(f.status == "planned" for f in fs) and any(
            p in (sup, rec) and at >= max(f.sent_start for f in fs) for at, p in cancelled
        ):
            continue  # "In 2018 Croatia agreed to buy … and Croatia cancelled the deal in 2019"
        # "Washington removed Turkey from the F-35 programme": its planned F-35s are off
        fs = [
            f
            for f in fs
            if f.status != "planned"
            or not any(
                p == rec and kinds & {k for it in f.items for k in (it.system_id, it.category)}
                for p, kinds in excluded
            )
        ]
        if not fs:
            continue

        # status comes from the sentences that state the transfer themselves: not the headline,
        # and not frames that borrowed their pair from an earlier sentence ("the package includes…")
        # a supplier inferred from the maker named in the sentence does not decide the status
        body = [
            f
            for f in fs
            if not f.headline
            and (not f.discourse or _completed(doc, f))
            and MAKER_NAMED_CUE not in f.cues
            and IMPLIED_ARMS_CUE not in f.cues
        ]
        stated = [f for f in fs if IMPLIED_ARMS_CUE not in f.cues] or fs
        body = body or [f for f in stated if not f.headline] or stated
        best = max(body, key=lambda f: (STATUS_RANK[f.status], frame_confidence(f)))
        cats: list[str] = []
        systems: list[str] = []
        cals: list[int] = []
        items: list[Item] = []
        sources: list[str] = []
        denied: list[str] = []
        quantity: Quantity | None = None
        for f in fs:
            for it in f.items:
                if it.category not in cats:
                    cats.append(it.category)
                if it.system not in systems:
                    systems.append(it.system)
                for mm in it.calibers:
                    if mm not in cals:
                        cals.append(mm)
                if quantity is None and it.quantity is not None:
                    quantity = it.quantity
                items.append(
                    Item(
                        system=it.system,
                        category=it.category,
                        caliber_mm=it.calibers[0] if it.calibers else None,
                        quantity=it.quantity,
                        system_id=it.system_id,
                    )
                )
            for s in f.sources:
                if s not in sources:
                    sources.append(s)
            for d in f.denied_by:
                if d not in denied:
                    denied.append(d)
        both_ways = (rec, sup) in by_pair
        pair_cats = [] if both_ways else _pair_sentence_categories(doc, sup, rec, framed, lex)
        first = min(it.start for f in fs for it in f.items)
        pair_cats += [c for c in _origin_categories(doc, sup, rec, framed, first) if c not in pair_cats]
        for cat in pair_cats:
            # a sentence naming both parties and some materiel adds its kinds to the pair
            if cat not in cats:
                cats.append(cat)
        for mm in _anaphoric_calibres(doc, [it for f in fs for it in f.items]):
            # "Germany sold those guns to Finland": the calibre of the guns named before
            if mm not in cals:
                cals.append(mm)
        for cat in cats:
            # calibres stated elsewhere for the same kind of item, when only this pair has that kind
            if cat_owners.get(cat) == 1:
                for mm in sorted(doc_calibres.get(cat, ())):
                    if mm not in cals:
                        cals.append(mm)
        for _start, named, srcs in doc._.aw_sent_sources or []:
            # other attributed sentences about materiel that name the supplier or recipient
            if sup in named or rec in named or (len(by_pair) == 1 and not named):
                for src in srcs:
                    if src not in sources:
                        sources.append(src)
        # "Budanov" and "Kyrylo Budanov": keep the fuller name only
        # (a coordination keeps its distributed parts: "Indian and European officials")
        sources = [
            x
            for x in sources
            if not any(x != y and x.lower() in y.lower() and " and " not in y for y in sources)
        ]
        if (
            len(cats) > 1
            and "other" in cats
            and "other" not in pair_cats  # a specific one ("licensed production") named with the pair
            and not any(
                i.category == "other" and i.system.lower() not in VAGUE_OTHER and not _covered(doc, i)
                for f in fs
                for i in f.items
            )
        ):
            # "weapons", "arms", "equipment" next to named kinds refer to those kinds
            cats.remove("other")
            systems = [s for s in systems if s.lower() not in VAGUE_OTHER]
        conf = max(frame_confidence(f) for f in fs)
        if conf < threshold:
            continue
        start, end = best.sent_start, best.sent_end
        raw = doc_text(doc)[start:end]
        start += len(raw) - len(raw.lstrip())  # the offsets slice exactly the stripped evidence
        end -= len(raw) - len(raw.rstrip())
        claims.append(
            TransferClaim(
                supplier=sup,
                recipient=rec,
                categories=tuple(cats),
                systems=tuple(systems),
                calibers_mm=tuple(sorted(cals)),
                quantity=quantity,
                status=best.status,  # type: ignore[arg-type]
                sources=tuple(sources),
                denied_by=tuple(denied),
                evidence=doc_text(doc)[start:end],
                evidence_start=start,
                evidence_end=end,
                confidence=conf,
                items=tuple(dict.fromkeys(items)),
            )
        )
    roles: list[RoleClaim] = list(doc._.aw_roles or [])
    return ExtractionResult(document=document, transfers=tuple(claims), role_claims=tuple(roles))
