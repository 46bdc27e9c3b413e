"""Flat exports of claims: CSV (lists joined with "; "), JSON (an array), JSONL, Parquet (list columns)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from armswatch.export import ExportReport
from armswatch.export._io import open_text
from armswatch.store.rows import ClaimRow

CSV_COLUMNS = (
    "id",
    "document_id",
    "published",
    "supplier",
    "recipient",
    "status",
    "categories",
    "systems",
    "calibers_mm",
    "quantity",
    "quantity_value",
    "quantity_unit",
    "sources",
    "denied_by",
    "confidence",
    "outlet",
    "url",
    "title",
    "dup_group",
    "evidence",
    "evidence_start",
    "evidence_end",
)


def csv_record(row: ClaimRow) -> dict[str, Any]:
    """One CSV line: lists joined with "; ", None as empty."""
    d = row.to_dict()
    out: dict[str, Any] = {}
    for col in CSV_COLUMNS:
        v = d.get(col)
        if isinstance(v, list):
            v = "; ".join(str(x) for x in v)
        out[col] = "" if v is None else v
    return out


def write_text(rows: Iterable[ClaimRow], fmt: str, out: Path | IO[str]) -> ExportReport:
    """CSV, JSON or JSONL."""
    n = 0
    with open_text(out, newline="" if fmt == "csv" else None) as fh:
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
            w.writeheader()
            for row in rows:
                w.writerow(csv_record(row))
                n += 1
        elif fmt == "jsonl":
            for row in rows:
                fh.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        else:
            fh.write("[")
            for row in rows:
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(row.to_dict(), ensure_ascii=False))
                n += 1
            fh.write("\n]\n")
    return ExportReport(rows=n)


def write_parquet(rows: Iterable[ClaimRow], out: Path) -> ExportReport:
    """Parquet with typed columns (lists stay lists; dates are dates)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("document_id", pa.string()),
            ("published", pa.date32()),
            ("supplier", pa.string()),
            ("recipient", pa.string()),
            ("status", pa.string()),
            ("categories", pa.list_(pa.string())),
            ("systems", pa.list_(pa.string())),
            ("calibers_mm", pa.list_(pa.int32())),
            ("quantity", pa.string()),
            ("quantity_value", pa.float64()),
            ("quantity_unit", pa.string()),
            ("sources", pa.list_(pa.string())),
            ("denied_by", pa.list_(pa.string())),
            ("confidence", pa.float64()),
            ("outlet", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("dup_group", pa.string()),
            ("evidence", pa.string()),
            ("evidence_start", pa.int32()),
            ("evidence_end", pa.int32()),
        ]
    )
    cols: dict[str, list[Any]] = {f.name: [] for f in schema}
    n = 0
    for row in rows:
        d = row.to_dict()
        d["published"] = row.published
        for name in cols:
            cols[name].append(d.get(name))
        n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    pq.write_table(pa.table(cols, schema=schema), tmp)
    tmp.replace(out)
    return ExportReport(rows=n)
