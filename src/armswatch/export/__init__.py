"""armswatch.export: write stored claims in exchange formats (no SQL here; rows come from the store).

``write_export(rows, fmt, out, centroids=...)`` dispatches to one module per format family:
:mod:`~armswatch.export.tabular` (csv, json, jsonl, parquet), :mod:`~armswatch.export.geojson`,
:mod:`~armswatch.export.cameo` (GDELT-like TSV) and :mod:`~armswatch.export.plover`.
The format mappings are documented in ``docs/exports.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from armswatch.store.rows import ClaimRow

FORMATS = ("csv", "json", "jsonl", "parquet", "geojson", "cameo", "plover")


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote, and anything it had to leave out (one line each)."""

    rows: int
    notes: tuple[str, ...] = ()


def write_export(
    rows: Iterable[ClaimRow],
    fmt: str,
    out: Path | IO[str],
    *,
    centroids: Mapping[str, tuple[float, float]] | None = None,
) -> ExportReport:
    """Write ``rows`` as ``fmt`` to ``out`` (a path, or a text stream for the text formats)."""
    from armswatch.export import cameo, geojson, plover, tabular

    if fmt in ("csv", "json", "jsonl"):
        return tabular.write_text(rows, fmt, out)
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs --out PATH")
        return tabular.write_parquet(rows, out)
    if fmt == "geojson":
        return geojson.write(rows, out, centroids or {})
    if fmt == "cameo":
        return cameo.write(rows, out)
    if fmt == "plover":
        return plover.write(rows, out)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "ExportReport", "write_export"]
