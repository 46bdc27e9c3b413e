"""The items a claim mentions, keyed so that reports of the same item can be compared."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from armswatch.records import Quantity
from armswatch.stories.model import StoryClaim, StoryItem
from armswatch.stories.normalise import item_key


@dataclass(frozen=True, slots=True)
class ClaimItem:
    key: str
    system: str
    category: str
    caliber_mm: int | None
    quantity: Quantity | None


def claim_items(claim: StoryClaim) -> list[ClaimItem]:
    """Items of a claim. The claim-level quantity goes to the only item, or to the first one when
    no item carries its own quantity (the extractor states the main item first)."""
    out: list[ClaimItem] = []
    seen: set[str] = set()
    for it in claim.items:
        k = item_key(it.system, it.system_id)
        if k and k not in seen:
            seen.add(k)
            out.append(ClaimItem(k, it.system, it.category, it.caliber_mm, it.quantity))
    cat = claim.categories[0] if claim.categories else "other"
    for s in claim.systems:
        k = item_key(s)
        if k and k not in seen and not any(k == i.key or k == item_key(i.system) for i in out):
            seen.add(k)
            out.append(ClaimItem(k, s, cat, None, None))
    out = [
        ClaimItem(i.key, i.system, i.category, i.caliber_mm, None) if _is_calibre(i.quantity, claim) else i
        for i in out
    ]
    q = None if _is_calibre(claim.quantity, claim) else claim.quantity
    if q is not None and q.value is not None and out and not any(i.quantity for i in out):
        first = out[0]
        out[0] = ClaimItem(first.key, first.system, first.category, first.caliber_mm, q)
    return out


_CALIBRE_TEXT = re.compile(r"\d+(?:\.\d+)?(?:\s*-?\s*(?:and|or|/|,)\s*\d+(?:\.\d+)?)*\s*-?\s*mm\b", re.I)
_AMOUNT_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores?|hundreds?|"
    r"thousands?|millions?|billions?|several|some|few|many|number|batch|batches)\b",
    re.I,
)


def _is_calibre(q: Quantity | None, claim: StoryClaim) -> bool:
    """A calibre misread as an amount ('122- and 152-mm shells' → 122 or 274): not a quantity.

    True when the quantity's value is a stated calibre, or when its text has no amount left once
    calibre expressions are removed."""
    if q is None or q.value is None:
        return False
    cals = {float(c) for c in claim.calibers_mm} | {float(i.caliber_mm) for i in claim.items if i.caliber_mm}
    if q.value in cals and "mm" in q.text.lower():
        return True
    rest = _CALIBRE_TEXT.sub(" ", q.text)
    return rest != q.text and not _AMOUNT_WORD.search(rest)


def aggregate_items(claims: Sequence[StoryClaim]) -> tuple[StoryItem, ...]:
    """One :class:`StoryItem` per item key with the largest stated quantity and the number of claims
    mentioning it; ordered by mentions, then first appearance."""
    order: list[str] = []
    forms: dict[str, dict[str, int]] = {}
    best: dict[str, tuple[ClaimItem, str]] = {}
    mentions: dict[str, int] = {}
    cats: dict[str, str] = {}
    cals: dict[str, int | None] = {}
    for c in claims:
        for it in claim_items(c):
            if it.key not in forms:
                order.append(it.key)
                forms[it.key] = {}
                cats[it.key] = it.category
                cals[it.key] = it.caliber_mm
            forms[it.key][it.system] = forms[it.key].get(it.system, 0) + 1
            mentions[it.key] = mentions.get(it.key, 0) + 1
            if cals[it.key] is None and it.caliber_mm is not None:
                cals[it.key] = it.caliber_mm
            q = it.quantity
            if q is not None and q.value is not None:
                prev = best.get(it.key)
                prev_q = prev[0].quantity if prev else None
                if prev_q is None or prev_q.value is None or q.value > prev_q.value:
                    best[it.key] = (it, c.doc_id)
    items: list[StoryItem] = []
    for k in sorted(order, key=lambda k: (-mentions[k], order.index(k))):
        display = max(forms[k].items(), key=lambda kv: (kv[1], -list(forms[k]).index(kv[0])))[0]
        b = best.get(k)
        q = b[0].quantity if b else None
        items.append(
            StoryItem(
                system=display,
                category=cats[k],
                caliber_mm=cals[k],
                quantity_text=q.text if q else None,
                quantity_value=q.value if q else None,
                quantity_unit=q.unit if q else None,
                doc_id=b[1] if b else None,
                mentions=mentions[k],
            )
        )
    return tuple(items)
