"""Normal forms used when comparing claims: tokens, system keys, source and outlet names.

All functions are pure and deterministic; they never consult corpus statistics, so a story's
membership does not depend on which other documents happen to be in the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SPLIT = re.compile(r"[^a-z0-9]+")

#: Function words and reporting verbs that say nothing about which transfer a sentence is about.
STOPWORDS = frozenset(
    """a an the and or but of to in on at by for from with without as is are was were be been being has have
    had do does did will would shall should can could may might must it its it's this that these those
    there their they them he she his her we our you your i not no than then so such into over under about
    after before since until while during more most some any all each other another also only just very
    said says say told tells according reported reports report officials official statement spokesman
    spokeswoman spokesperson added new first last week month year monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november december
    which who whom whose what when where why how one two three four five six seven eight nine ten
    already now still yet again around about up out s
    send sends sent sending supply supplies supplied supplying deliver delivers delivered delivering
    ship ships shipped shipping transfer transfers transferred transferring provide provides provided
    providing give gives gave given giving receive receives received receiving hand handed sell sold
    will would""".split()  # noqa: SIM905
)


def fold(text: str) -> str:
    """Lower case, accents removed, typographic dashes and quotes straightened."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.replace("\u2019", "'").replace("\u2018", "'")
    for dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014"):
        t = t.replace(dash, "-")
    return t.lower()


def stem(token: str) -> str:
    """A light plural stemmer: 'shells' → 'shell', 'missiles' → 'missile', 'howitzers' → 'howitzer'."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss") and not token[-2].isdigit():
        return token[:-1]
    return token


def tokens(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """Content tokens of ``text``: folded, stemmed, stop words and ``drop`` words removed.

    Hyphenated designations are kept whole and also split ('kn-23' → 'kn-23', 'kn', '23')."""
    out: list[str] = []
    for w in _WORD.findall(fold(text)):
        w = w.replace("'s", "") if w.endswith("'s") else w
        parts = [w, *w.split("-")] if "-" in w else [w]
        for p in parts:
            p = stem(p)
            if p and p not in STOPWORDS and p not in drop and not (p.isdigit() and len(p) > 4):
                out.append(p)
    return out


def system_tokens(systems: Iterable[str], calibers: Iterable[int] = ()) -> frozenset[str]:
    """Tokens of system names plus calibre tokens ('152mm')."""
    toks: set[str] = set()
    for s in systems:
        toks.update(tokens(s))
    toks.update(f"{c}mm" for c in calibers)
    toks.discard("mm")
    return frozenset(toks)


def item_key(system: str, system_id: str | None = None) -> str:
    """The key under which quantities of one item are compared: the KB id, or the folded, stemmed name."""
    if system_id:
        return system_id
    return " ".join(stem(w) for w in _SPLIT.split(fold(system)) if w)


_ARTICLES = frozenset({"the", "a", "an"})


def source_key(name: str, party_of: Callable[[str], str | None] | None = None) -> str:
    """Normal form of a source name, so 'the U.S. officials' and 'US officials' count as one source.

    Words that name a party (through ``party_of``, e.g. ``KnowledgeBase.party``) become its code,
    so 'South Korea's defence ministry' and 'South Korean defence ministry' match."""
    t = fold(name).replace(".", "")
    t = re.sub(r"'s\b", "", t)
    words = [w for w in _SPLIT.split(t) if w and w not in _ARTICLES]
    if party_of is not None:
        words = _replace_parties(words, party_of)
    words = [stem(w) if not w.isupper() else w for w in words]
    return " ".join(words)


def _replace_parties(words: list[str], party_of: Callable[[str], str | None]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            if i + n <= len(words):
                code = party_of(" ".join(words[i : i + n]))
                if code:
                    out.append(code)
                    i += n
                    break
        else:
            out.append(words[i])
            i += 1
    return out


def outlet_key(outlet: str | None, url: str | None = None) -> str | None:
    """Normal form of an outlet name; falls back to the URL's host without 'www.'."""
    if outlet and outlet.strip():
        return " ".join(_SPLIT.split(fold(outlet).replace("'s", ""))).strip()
    if url:
        m = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url.strip().lower())
        if m:
            host = m.group(1)
            return host[4:] if host.startswith("www.") else host
    return None
