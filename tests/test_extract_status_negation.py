"""A negated theme ("received no shells") is a denial, not a confirmation (own test sentences)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


@pytest.mark.parametrize(
    "text",
    [
        "A Kremlin spokesman said Moscow had received no North Korean munitions from Pyongyang.",
        "Russia has received no North Korean shells, the Kremlin said on Monday.",
    ],
)
def test_negated_theme_is_denied(extractor: Extractor, text: str) -> None:
    claim = pairs(run(extractor, text)).get(("PRK", "RUS"))
    assert claim is not None
    assert claim.status == "denied"  # type: ignore[attr-defined]


def test_same_sentence_without_negation_is_not_denied(extractor: Extractor) -> None:
    claim = pairs(run(extractor, "Russia has received North Korean shells, the Kremlin said on Monday.")).get(
        ("PRK", "RUS")
    )
    assert claim is not None
    assert claim.status != "denied"  # type: ignore[attr-defined]
