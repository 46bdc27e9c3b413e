"""Story titles generated from facts.

Example: "North Korea → Russia: 152 mm and 122 mm artillery shells, Grad rockets".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from armswatch.stories.normalise import fold, item_key

#: How a category reads in a title when no system is named.
CATEGORY_LABELS: dict[str, str] = {
    "artillery": "artillery",
    "ammunition": "ammunition",
    "missile": "missiles",
    "air_defence": "air defence systems",
    "uav": "drones",
    "aircraft": "aircraft",
    "armoured_vehicle": "armoured vehicles",
    "naval": "naval vessels",
    "small_arms": "small arms",
    "wmd": "WMD-related materiel",
    "other": "military equipment",
}

_CALIBRE = re.compile(r"^(\d+(?:\.\d+)?)\s*-?\s*mm\s+(.+)$", re.IGNORECASE)
_NO_PLURAL = frozenset({"ammunition", "equipment", "artillery", "materiel", "aid", "assistance", "hardware"})


def pluralise(phrase: str) -> str:
    """Pluralise a generic head noun ('Grad rocket' → 'Grad rockets'); designations stay as they are."""
    words = phrase.split()
    if not words:
        return phrase
    last = words[-1]
    if not last.isalpha() or not last.islower() or last in _NO_PLURAL or last.endswith("s"):
        return phrase
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def is_generic(system: str) -> bool:
    """A generic noun ('munitions', 'military equipment') rather than a designation or a calibre."""
    return not any(ch.isdigit() or ch.isupper() for ch in system)


def _subsumed(s: str, other: str) -> bool:
    """'artillery shell' is subsumed by '152 mm artillery shell' (same head noun, fewer words)."""
    a, b = item_key(s).split(), item_key(other).split()
    return bool(a) and bool(b) and a[-1] == b[-1] and set(a) < set(b)


def title_phrases(systems: Sequence[str], limit: int = 3) -> list[str]:
    """Readable item phrases from systems ranked by importance (most important first).

    Designations and calibred items come before generic nouns; a system subsumed by another is
    dropped ('artillery shell' under '152 mm artillery shell'); calibre variants of one noun are
    merged ('152 mm and 122 mm artillery shells')."""
    seen: set[str] = set()
    uniq: list[str] = []
    for s in systems:
        k = item_key(s)
        if k and k not in seen:
            seen.add(k)
            uniq.append(s.strip())
    kept = [s for s in uniq if not any(_subsumed(s, o) for o in uniq if o is not s)]
    kept.sort(key=lambda s: (is_generic(s), uniq.index(s)))
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for s in kept:
        m = _CALIBRE.match(s)
        head, cal = (m.group(2), m.group(1)) if m else (s, "")
        key = fold(head)
        if key not in groups:
            groups[key] = []
            order.append(key)
            groups[key].append(head)
        if cal:
            groups[key].append(cal)
    phrases: list[str] = []
    for key in order[:limit]:
        head, *cals = groups[key]
        if cals:
            cal_text = (
                (", ".join(f"{c} mm" for c in cals[:-1]) + f" and {cals[-1]} mm")
                if len(cals) > 1
                else f"{cals[0]} mm"
            )
            phrases.append(f"{cal_text} {pluralise(head)}")
        else:
            phrases.append(pluralise(head))
    return phrases


def make_title(supplier: str, recipient: str, systems: Sequence[str], categories: Sequence[str]) -> str:
    """'Supplier → Recipient: items' from party names, ranked systems and categories."""
    phrases = title_phrases(systems)
    if not phrases:
        phrases = [CATEGORY_LABELS.get(c, c) for c in categories[:3]] or ["military equipment"]
    return f"{supplier} → {recipient}: {', '.join(phrases)}"
