"""Golden files: extraction on our own short fixture reports against what should be extracted.

Compared: the supplier->recipient pairs (missing and spurious both fail), and per pair the
categories, the status and the calibres; plus the people whose stated office is flagged wrong.
See ``tests/golden_support.py`` for the file format and how to write expected files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golden_support import GOLDEN_DIR, fixture_document, load_expected, reduce_result

CASES = sorted(GOLDEN_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def extractor() -> Any:
    from armswatch.extract.api import Extractor

    return Extractor()


def _surname(person: str) -> str:
    return person.split()[-1].lower()


def test_every_fixture_has_an_expected_file() -> None:
    assert len(CASES) >= 10
    missing = [c.name for c in CASES if not c.with_suffix(".expected.json").exists()]
    assert not missing, f"run tests/golden_support.py and review: {missing}"


@pytest.mark.parametrize("txt", CASES, ids=[c.stem for c in CASES])
def test_golden(txt: Path, extractor: Any, request: pytest.FixtureRequest) -> None:
    expected = load_expected(txt)
    if expected.get("xfail"):
        request.applymarker(pytest.mark.xfail(reason=expected["xfail"], strict=False))
    got = reduce_result(extractor.extract(fixture_document(txt, expected)))

    want_pairs = {(t["supplier"], t["recipient"]): t for t in expected["transfers"]}
    got_pairs = {(t["supplier"], t["recipient"]): t for t in got["transfers"]}
    assert sorted(got_pairs) == sorted(want_pairs), f"pairs differ: got {got['transfers']}"
    for pair, want in want_pairs.items():
        have = got_pairs[pair]
        assert have["categories"] == want["categories"], f"{pair} categories"
        assert have["status"] == want["status"], f"{pair} status"
        assert have["calibers_mm"] == want["calibers_mm"], f"{pair} calibres"

    assert sorted(map(_surname, got["wrong_roles"])) == sorted(map(_surname, expected["wrong_roles"]))
