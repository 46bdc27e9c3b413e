"""The Parquet tables a batch run writes, and reading them back as records.

One file per table per partition: ``OUT/<table>/<partition id>.parquet``. Every partition writes
all five tables (an empty table when nothing was found), each atomically (temporary file in the
same directory, then ``os.replace``), so a file that exists is complete. Contents depend only on
the partition's documents: same inputs, same bytes.

Ids are the store's (``armswatch.store.repository.claim_id``), so ``armswatch load`` and direct
ingest agree.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.records import Document, ExtractionResult, Item, Quantity, RoleClaim, TransferClaim, stable_id

TextMode = Literal["all", "relevant", "none"]

TABLES = ("documents", "claims", "items", "sources", "role_checks")

_str = pa.string()
_list_str = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("id", _str),
            ("partition", _str),
            ("position", pa.int32()),
            ("url", _str),
            ("canonical_url", _str),
            ("title", _str),
            ("outlet", _str),
            ("author", _str),
            ("published", pa.date32()),
            ("language", _str),
            ("source", _str),
            ("content_hash", _str),
            ("chars", pa.int64()),
            ("transfers", pa.int32()),
            ("role_checks", pa.int32()),
            ("text", _str),
        ]
    ),
    "claims": pa.schema(
        [
            ("id", _str),
            ("document_id", _str),
            ("position", pa.int32()),
            ("supplier", _str),
            ("recipient", _str),
            ("categories", _list_str),
            ("systems", _list_str),
            ("calibers_mm", pa.list_(pa.int32())),
            ("quantity_text", _str),
            ("quantity_value", pa.float64()),
            ("quantity_unit", _str),
            ("status", _str),
            ("denied_by", _list_str),
            ("evidence", _str),
            ("evidence_start", pa.int32()),
            ("evidence_end", pa.int32()),
            ("confidence", pa.float64()),
            ("published", pa.date32()),
        ]
    ),
    "items": pa.schema(
        [
            ("id", _str),
            ("claim_id", _str),
            ("document_id", _str),
            ("position", pa.int32()),
            ("system", _str),
            ("category", _str),
            ("caliber_mm", pa.int32()),
            ("quantity_text", _str),
            ("quantity_value", pa.float64()),
            ("quantity_unit", _str),
            ("system_id", _str),
        ]
    ),
    "sources": pa.schema(
        [("claim_id", _str), ("document_id", _str), ("position", pa.int32()), ("name", _str)]
    ),
    "role_checks": pa.schema(
        [
            ("id", _str),
            ("document_id", _str),
            ("position", pa.int32()),
            ("person", _str),
            ("stated_role", _str),
            ("correct", pa.bool_()),
            ("actual_role", _str),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("official_id", _str),
        ]
    ),
}


def _claim_id(document_id: str, supplier: str, recipient: str) -> str:
    from armswatch.store.repository import claim_id

    return claim_id(document_id, supplier, recipient)


def _role_id(document_id: str, r: RoleClaim) -> str:
    return "rol-" + stable_id(document_id, r.person, r.start, r.end)


@dataclass
class TableBuilder:
    """Rows of the five tables for one partition, built from extraction results in order."""

    partition: str
    text_mode: TextMode = "relevant"

    def __post_init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}

    def add(self, result: ExtractionResult) -> None:
        """Append one document's rows."""
        from armswatch.ingest.canonical import canonical_url, content_hash

        doc = result.document
        relevant = bool(result.transfers or result.role_claims)
        keep = self.text_mode == "all" or (self.text_mode == "relevant" and relevant)
        self.rows["documents"].append(
            {
                "id": doc.id,
                "partition": self.partition,
                "position": len(self.rows["documents"]),
                "url": doc.url,
                "canonical_url": canonical_url(doc.url),
                "title": doc.title,
                "outlet": doc.outlet,
                "author": doc.author,
                "published": doc.published,
                "language": doc.language,
                "source": doc.source,
                "content_hash": content_hash(doc.text),
                "chars": len(doc.text),
                "transfers": len(result.transfers),
                "role_checks": len(result.role_claims),
                "text": doc.text if keep else None,
            }
        )
        for i, t in enumerate(result.transfers):
            cid = _claim_id(doc.id, t.supplier, t.recipient)
            self.rows["claims"].append(
                {
                    "id": cid,
                    "document_id": doc.id,
                    "position": i,
                    **t.columns(),
                    "published": doc.published,
                }
            )
            for k, s in enumerate(t.sources):
                self.rows["sources"].append(
                    {"claim_id": cid, "document_id": doc.id, "position": k, "name": s}
                )
            for k, it in enumerate(t.items):
                self.rows["items"].append(
                    {
                        "id": stable_id(cid, "item", k),
                        "claim_id": cid,
                        "document_id": doc.id,
                        "position": k,
                        **it.columns(),
                    }
                )
        for i, r in enumerate(result.role_claims):
            self.rows["role_checks"].append(
                {
                    "id": _role_id(doc.id, r),
                    "document_id": doc.id,
                    "position": i,
                    **r.columns(),
                }
            )

    def counts(self) -> dict[str, int]:
        return {t: len(rows) for t, rows in self.rows.items()}

    def write(self, out_dir: Path) -> None:
        """Write the five tables of this partition, each atomically."""
        for name in TABLES:
            table = pa.Table.from_pylist(self.rows[name], schema=SCHEMAS[name])
            write_atomic(table, table_path(out_dir, name, self.partition))


def table_path(out_dir: Path, table: str, partition: str) -> Path:
    return out_dir / table / f"{partition}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` via a temporary file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def partition_complete(out_dir: Path, partition: str) -> bool:
    """True when all five table files of ``partition`` exist."""
    return all(table_path(out_dir, t, partition).is_file() for t in TABLES)


def remove_temporaries(out_dir: Path) -> int:
    """Delete temporary files left by a killed run; returns how many."""
    n = 0
    for name in TABLES:
        d = out_dir / name
        if d.is_dir():
            for p in d.glob(".*.tmp"):
                p.unlink(missing_ok=True)
                n += 1
    return n


def read_table(out_dir: Path, name: str, partitions: Iterable[str]) -> pa.Table:
    """One table over the given partitions, in partition order."""
    parts = [pq.read_table(table_path(out_dir, name, p), schema=SCHEMAS[name]) for p in partitions]
    if not parts:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables(parts)


def _quantity(text: str | None, value: float | None, unit: str | None) -> Quantity | None:
    return Quantity(text, value, unit) if text is not None else None


def iter_partition_results(out_dir: Path, partition: str) -> Iterator[ExtractionResult]:
    """Rebuild the :class:`ExtractionResult` of each document of one partition, in input order.

    Documents whose text was not kept get an empty ``text``.
    """
    tabs = {name: read_table(out_dir, name, [partition]).to_pylist() for name in TABLES}
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in ("claims", "role_checks"):
        for row in tabs[name]:
            by_doc.setdefault(row["document_id"], {}).setdefault(name, []).append(row)
    items: dict[str, list[dict[str, Any]]] = {}
    for row in tabs["items"]:
        items.setdefault(row["claim_id"], []).append(row)
    sources: dict[str, list[dict[str, Any]]] = {}
    for row in tabs["sources"]:
        sources.setdefault(row["claim_id"], []).append(row)
    for d in tabs["documents"]:
        doc = Document(
            id=d["id"],
            text=d["text"] or "",
            published=d["published"] if isinstance(d["published"], date) else None,
            title=d["title"],
            url=d["url"],
            outlet=d["outlet"],
            author=d["author"],
            language=d["language"],
            source=d["source"],
        )
        found = by_doc.get(doc.id, {})
        transfers = []
        for c in sorted(found.get("claims", []), key=lambda r: r["position"]):
            its = sorted(items.get(c["id"], []), key=lambda r: r["position"])
            srcs = sorted(sources.get(c["id"], []), key=lambda r: r["position"])
            transfers.append(
                TransferClaim(
                    supplier=c["supplier"],
                    recipient=c["recipient"],
                    categories=tuple(c["categories"] or ()),
                    systems=tuple(c["systems"] or ()),
                    calibers_mm=tuple(c["calibers_mm"] or ()),
                    quantity=_quantity(c["quantity_text"], c["quantity_value"], c["quantity_unit"]),
                    status=c["status"],
                    sources=tuple(s["name"] for s in srcs),
                    denied_by=tuple(c["denied_by"] or ()),
                    evidence=c["evidence"],
                    evidence_start=c["evidence_start"],
                    evidence_end=c["evidence_end"],
                    confidence=c["confidence"],
                    items=tuple(
                        Item(
                            system=i["system"],
                            category=i["category"],
                            caliber_mm=i["caliber_mm"],
                            quantity=_quantity(i["quantity_text"], i["quantity_value"], i["quantity_unit"]),
                            system_id=i["system_id"],
                        )
                        for i in its
                    ),
                )
            )
        roles = tuple(
            RoleClaim(
                person=r["person"],
                stated_role=r["stated_role"],
                correct=r["correct"],
                actual_role=r["actual_role"],
                start=r["start"],
                end=r["end"],
                official_id=r["official_id"],
            )
            for r in sorted(found.get("role_checks", []), key=lambda r: r["position"])
        )
        yield ExtractionResult(document=doc, transfers=tuple(transfers), role_claims=roles)
