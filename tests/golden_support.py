"""Golden-file support: the fields that matter, and a script to (re)write expected files.

Each ``tests/data/golden/<name>.txt`` has a ``<name>.expected.json`` with what SHOULD be extracted:
``transfers`` (supplier, recipient, sorted categories, status, sorted calibres), ``wrong_roles``
(people whose stated office is wrong), ``published`` (the publication date given to extraction),
a ``note`` saying what the case tests, and optionally ``xfail`` (a reason, for a known miss).

Write an expected file for a new fixture from the current extraction, then REVIEW IT BY EYE and fix
it to what should be extracted::

    .venv/bin/python tests/golden_support.py            # only fixtures without an expected file
    .venv/bin/python tests/golden_support.py --force    # rewrite all (keeps note/published/xfail)
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).resolve().parent / "data" / "golden"


def reduce_result(result: Any) -> dict[str, Any]:
    """The compared fields of an :class:`~armswatch.records.ExtractionResult`."""
    transfers = [
        {
            "supplier": t.supplier,
            "recipient": t.recipient,
            "categories": sorted(set(t.categories)),
            "status": t.status,
            "calibers_mm": sorted(set(t.calibers_mm)),
        }
        for t in result.transfers
    ]
    transfers.sort(key=lambda x: (x["supplier"], x["recipient"]))
    wrong = sorted(r.person for r in result.role_claims if not r.correct)
    return {"transfers": transfers, "wrong_roles": wrong}


def load_expected(txt: Path) -> dict[str, Any]:
    """The expected file of a fixture."""
    data: dict[str, Any] = json.loads(txt.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return data


def fixture_document(txt: Path, expected: dict[str, Any] | None = None) -> Any:
    """The Document of a fixture, with the publication date of its expected file."""
    from armswatch.records import Document

    published = (expected or {}).get("published")
    return Document(
        id=txt.stem,
        text=txt.read_text(encoding="utf-8"),
        published=date.fromisoformat(published) if published else None,
        source=str(txt),
    )


def main(argv: list[str]) -> int:
    from armswatch.extract.api import Extractor

    force = "--force" in argv
    extractor = Extractor()
    for txt in sorted(GOLDEN_DIR.glob("*.txt")):
        target = txt.with_suffix(".expected.json")
        old: dict[str, Any] = load_expected(txt) if target.exists() else {}
        if target.exists() and not force:
            continue
        reduced = reduce_result(extractor.extract(fixture_document(txt, old)))
        new = {"note": old.get("note", "TODO: say what this case tests"), "published": old.get("published")}
        new.update(reduced)
        if old.get("xfail"):
            new["xfail"] = old["xfail"]
        target.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {target.name}: review it by eye")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
