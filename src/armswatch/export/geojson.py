"""GeoJSON: one LineString feature per supplier→recipient pair, between the parties' centroids.

Properties carry claim counts in total, by status and by category, the number of independent
reports (near-duplicate copies count once), and the first/last publication dates. Pairs with a
party that has no centroid in the knowledge base are left out and listed in the report notes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any

from armswatch.export import ExportReport
from armswatch.export._io import open_text
from armswatch.store.rows import ClaimRow


def features(
    rows: Iterable[ClaimRow], centroids: Mapping[str, tuple[float, float]]
) -> tuple[dict[str, Any], list[str]]:
    """The FeatureCollection and the notes on what was left out."""
    pairs: dict[tuple[str, str], list[ClaimRow]] = defaultdict(list)
    for r in rows:
        pairs[(r.supplier, r.recipient)].append(r)
    missing: Counter[str] = Counter()
    feats: list[dict[str, Any]] = []
    for (sup, rec), claims in sorted(pairs.items()):
        lacking = [p for p in (sup, rec) if p not in centroids]
        if lacking:
            for p in lacking:
                missing[p] += len(claims)
            continue
        (lat1, lon1), (lat2, lon2) = centroids[sup], centroids[rec]
        dates: list[date] = [c.published for c in claims if c.published]
        by_cat: Counter[str] = Counter(cat for c in claims for cat in c.categories)
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[lon1, lat1], [lon2, lat2]]},
                "properties": {
                    "supplier": sup,
                    "recipient": rec,
                    "claims": len(claims),
                    "independent_reports": len({c.independence_key for c in claims}),
                    "by_status": dict(sorted(Counter(c.status for c in claims).items())),
                    "by_category": dict(sorted(by_cat.items())),
                    "first_published": min(dates).isoformat() if dates else None,
                    "last_published": max(dates).isoformat() if dates else None,
                },
            }
        )
    notes = [
        f"party {p!r} has no centroid in the knowledge base (centroids.yaml): "
        f"{n} claim(s) left out of the map"
        for p, n in sorted(missing.items())
    ]
    return {"type": "FeatureCollection", "features": feats}, notes


def write(
    rows: Iterable[ClaimRow], out: Path | IO[str], centroids: Mapping[str, tuple[float, float]]
) -> ExportReport:
    """Write the FeatureCollection."""
    fc, notes = features(rows, centroids)
    with open_text(out) as fh:
        json.dump(fc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return ExportReport(rows=len(fc["features"]), notes=tuple(notes))
