"""Contradictions on a story: denials against reports, quantities differing by more than a factor
of two for the same item, and wrong official roles stated in its documents."""

from __future__ import annotations

from collections.abc import Sequence

from armswatch.records import STATUS_RANK
from armswatch.stories.corroboration import original_source
from armswatch.stories.items import claim_items
from armswatch.stories.model import Contradiction, StoryClaim

#: Quantities of one item differing by more than this factor are flagged.
QUANTITY_FACTOR = 2.0


def deniers(claims: Sequence[StoryClaim]) -> tuple[str, ...]:
    """Who denied: ``denied_by`` of every claim, or the source of a pure denial that names none."""
    out: dict[str, None] = {}
    for c in claims:
        for d in c.denied_by:
            out.setdefault(d, None)
        if c.status == "denied" and not c.denied_by:
            src = original_source(c)
            if src:
                out.setdefault(src, None)
    return tuple(out)


def find_contradictions(claims: Sequence[StoryClaim]) -> tuple[Contradiction, ...]:
    """All contradictions among the claims of one story (claims in canonical order)."""
    return (*_denials(claims), *_quantities(claims), *_role_errors(claims))


def _denials(claims: Sequence[StoryClaim]) -> list[Contradiction]:
    denying = [c for c in claims if c.status == "denied" or c.denied_by]
    supporting = [c for c in claims if STATUS_RANK.get(c.status, 0) > STATUS_RANK["denied"]]
    who = deniers(claims)
    if not denying or not supporting or not who:
        return []
    return [
        Contradiction(
            kind="denial",
            summary=f"Denied by {', '.join(who)} against "
            f"{len({c.group for c in supporting})} supporting report(s)",
            doc_ids=tuple(dict.fromkeys(c.doc_id for c in denying)),
            detail=tuple(c.evidence for c in denying if c.evidence),
        )
    ]


def _quantities(claims: Sequence[StoryClaim]) -> list[Contradiction]:
    """Same item, same unit, same kind of statement: a planned amount (an order, a pledge) is only
    compared with other planned amounts, since a first delivery is naturally smaller than the order."""
    stated: dict[tuple[str, str | None, bool], list[tuple[float, str, str, str]]] = {}
    display: dict[tuple[str, str | None, bool], str] = {}
    for c in claims:
        if c.status == "denied":
            continue
        for it in claim_items(c):
            q = it.quantity
            if q is None or q.value is None or q.value <= 0:
                continue
            key = (it.key, q.unit, c.status == "planned")
            display.setdefault(key, it.system)
            stated.setdefault(key, []).append((q.value, q.text, c.doc_id, c.group))
    out: list[Contradiction] = []
    for key, vals in stated.items():
        lo = min(vals, key=lambda v: v[0])
        hi = max(vals, key=lambda v: v[0])
        if lo[3] != hi[3] and hi[0] > QUANTITY_FACTOR * lo[0]:
            out.append(
                Contradiction(
                    kind="quantity",
                    summary=f"{display[key]}: {lo[1]!r} ({lo[2]}) vs {hi[1]!r} ({hi[2]}), "
                    f"a factor of {hi[0] / lo[0]:.1f}",
                    doc_ids=(lo[2], hi[2]),
                )
            )
    return out


def _role_errors(claims: Sequence[StoryClaim]) -> list[Contradiction]:
    out: list[Contradiction] = []
    seen: set[tuple[str, str, str]] = set()
    for c in claims:
        for r in c.role_errors:
            key = (c.doc_id, r.person, r.stated_role)
            if key in seen:
                continue
            seen.add(key)
            actual = f"; actually {r.actual_role}" if r.actual_role else ""
            out.append(
                Contradiction(
                    kind="role_error",
                    summary=f"{r.person} is called {r.stated_role!r}{actual}",
                    doc_ids=(c.doc_id,),
                )
            )
    return out
