"""PLOVER: one JSON event record per claim (JSON Lines), event type ``AID``, mode ``military``.

PLOVER has no status or attribution fields, so ours go into ``extra`` (``armswatch_status``,
``attribution``, ``denied_by``, ``categories``, ``systems``...). ``planned`` claims keep
``event_type`` AID with ``context`` ["intent"]; ``denied`` ones carry ``negated: true``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from armswatch.export import ExportReport
from armswatch.export._io import open_text
from armswatch.export.cameo import country_code
from armswatch.store.rows import ClaimRow


def event(row: ClaimRow) -> dict[str, Any]:
    """The PLOVER record of one claim."""
    context = ["military"]
    if row.status == "planned":
        context.append("intent")
    return {
        "id": row.id,
        "date": row.published.isoformat() if row.published else None,
        "event_type": "AID",
        "mode": "military",
        "context": context,
        "negated": row.status == "denied",
        "actor": row.supplier,
        "actor_country": country_code(row.supplier) or None,
        "recipient": row.recipient,
        "recipient_country": country_code(row.recipient) or None,
        "source_url": row.url,
        "source_outlet": row.outlet,
        "text": row.evidence,
        "extra": {
            "armswatch_status": row.status,
            "attribution": list(row.sources),
            "denied_by": list(row.denied_by),
            "categories": list(row.categories),
            "systems": list(row.systems),
            "calibers_mm": list(row.calibers_mm),
            "quantity": row.quantity_text,
            "confidence": row.confidence,
            "document_id": row.document_id,
            "dup_group": row.dup_group,
        },
    }


def write(rows: Iterable[ClaimRow], out: Path | IO[str]) -> ExportReport:
    """Write one JSON record per line."""
    n = 0
    with open_text(out) as fh:
        for row in rows:
            fh.write(json.dumps(event(row), ensure_ascii=False) + "\n")
            n += 1
    return ExportReport(rows=n)
