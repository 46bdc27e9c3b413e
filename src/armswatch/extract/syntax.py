"""Small tests over the dependency parse shared by the frame builder (one concern: syntax)."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.extract.lexicon import ANAPHORS


def path_up(tok: Token, top: Token) -> list[Token]:
    """Tokens from ``tok`` up to ``top`` (exclusive of ``tok``); [] when ``top`` is not an ancestor."""
    path = []
    cur = tok
    while cur.i != top.i:
        if cur.head.i == cur.i:
            return [tok]
        path.append(cur)
        cur = cur.head
    return path or [top]


MAKE_VERBS = frozenset({"build", "make", "manufacture", "produce"})


def has_from_name(verb: Token) -> bool:
    """A 'from'-phrase naming a proper noun, under the verb or its object."""
    objs = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    return any(
        p.dep_ == "prep"
        and p.lower_ == "from"
        and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in p.children)
        for t in objs
        for p in t.children
    )


def particle_give(verb: Token, pairs: frozenset[tuple[str, str]]) -> bool:
    """A give verb that needs its particle ("passed the shells on", "passing on technology")."""
    lemma = verb.lemma_.lower()
    return any(
        (lemma, c.lower_) in pairs
        and (
            c.dep_ in ("prt", "advmod")
            or (c.dep_ == "prep" and (c.i == verb.i + 1 or not any(o.dep_ == "pobj" for o in c.children)))
        )
        for c in verb.children
    )


def built_for(verb: Token) -> bool:
    """A participle of making with a 'for' beneficiary and an 'in'/'by' maker."""
    preps = {c.lower_ for c in verb.children if c.dep_ in ("prep", "agent")}
    return "for" in preps and bool(preps & {"in", "by"})


def returns(verb: Token) -> bool:
    """'Iran later sent the missiles back': returning a delivery (definite or pronoun object)."""
    if not any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children):
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return True
    return obj.pos_ == "PRON" or any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in obj.children
    )


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )


def is_anaphoric_noun(tok: Token) -> bool:
    """'the country', 'the regime', 'the kingdom' (with a definite determiner)."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in ANAPHORS
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    )


def is_anaphor(tok: Token) -> bool:
    return tok.pos_ == "PRON" and tok.lower_ in ("it", "them", "him", "her")


#: Nouns whose negation ("no evidence that …", "no sign that …") says a transfer is not shown.
_EVIDENCE_NOUNS = frozenset({"evidence", "sign", "indication", "proof", "trace", "confirmation"})


def unevidenced(trig: Token) -> bool:
    """'there was no evidence that Moscow had handed Pyongyang nuclear technology', 'had seen no
    sign that Egypt was providing weapons': the transfer is said not to be shown."""
    cur = trig
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in _EVIDENCE_NOUNS and any(
            c.dep_ == "det" and c.lower_ == "no" for c in cur.children
        ):
            return True
    return False
