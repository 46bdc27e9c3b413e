"""CAMEO: GDELT-event-like TSV rows, one per claim (mapping documented in ``docs/exports.md``).

Event codes by status:

- ``confirmed``, ``reported``, ``alleged`` → ``072`` *Provide military aid* (QuadClass 2, material
  cooperation): the text says the materiel moved; how strongly is in ``AW_Status``.
- ``planned`` → ``0332`` *Express intent to provide military aid* (QuadClass 1, verbal cooperation).
- ``denied`` → ``016`` *Deny responsibility* (QuadClass 1): the only statement is a denial; the
  denier is in ``AW_DeniedBy``.

Actor codes: a three-letter upper-case party code is used as the CAMEO country code; other parties
(armed groups like ``hezbollah``, blocs like ``NATO``) get an empty country code and keep their
code in ActorNCode / ActorNName. Goldstein scale, tone and mention counts are not computed (empty).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from armswatch.export import ExportReport
from armswatch.export._io import open_text
from armswatch.store.rows import ClaimRow

#: status → (EventCode, EventBaseCode, EventRootCode, QuadClass)
EVENT_CODES: dict[str, tuple[str, str, str, int]] = {
    "confirmed": ("072", "072", "07", 2),
    "reported": ("072", "072", "07", 2),
    "alleged": ("072", "072", "07", 2),
    "planned": ("0332", "033", "03", 1),
    "denied": ("016", "016", "01", 1),
}

COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "SOURCEURL",
    "AW_ClaimID",
    "AW_DocumentID",
    "AW_Status",
    "AW_Categories",
    "AW_Systems",
    "AW_Sources",
    "AW_DeniedBy",
    "AW_Confidence",
    "AW_DupGroup",
)


def country_code(party: str) -> str:
    """The party code when it is a state code (three upper-case letters), else empty."""
    return party if len(party) == 3 and party.isalpha() and party.isupper() else ""


def event_id(claim_id: str) -> int:
    """A stable positive integer id from the claim id (GDELT ids are integers)."""
    digits = "".join(ch for ch in claim_id if ch in "0123456789abcdef")[-15:]
    return int(digits or "0", 16)


def record(row: ClaimRow) -> list[str]:
    """One TSV line for a claim."""
    code, base, root, quad = EVENT_CODES[row.status]
    d = row.published
    return [
        str(event_id(row.id)),
        d.strftime("%Y%m%d") if d else "",
        d.strftime("%Y%m") if d else "",
        str(d.year) if d else "",
        row.supplier,
        row.supplier,
        country_code(row.supplier),
        row.recipient,
        row.recipient,
        country_code(row.recipient),
        "1",
        code,
        base,
        root,
        str(quad),
        "",
        "",
        "",
        "1",
        "",
        row.url or "",
        row.id,
        row.document_id,
        row.status,
        ";".join(row.categories),
        ";".join(row.systems),
        ";".join(row.sources),
        ";".join(row.denied_by),
        f"{row.confidence:.3f}",
        row.dup_group or "",
    ]


def write(rows: Iterable[ClaimRow], out: Path | IO[str]) -> ExportReport:
    """Write a header row, then one row per claim."""
    n = 0
    with open_text(out, newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(COLUMNS)
        for row in rows:
            w.writerow([v.replace("\t", " ").replace("\n", " ") for v in record(row)])
            n += 1
    return ExportReport(rows=n)
