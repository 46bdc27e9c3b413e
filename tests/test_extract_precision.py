"""Precision: no transfer tuple for what is not a transfer, and no category an item does not have
(own test sentences, one group per mechanism)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


def _cats(extractor: Extractor, text: str, sup: str, rec: str) -> set[str] | None:
    claim = pairs(run(extractor, text)).get((sup, rec))
    return None if claim is None else set(claim.categories)  # type: ignore[attr-defined]


# -- a private individual is not a state party ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        ("A German arms dealer sold 200 assault rifles to Sudan in 2005, prosecutors said.", "DEU", "SDN"),
        ("Belgian businessman Jan Peeters shipped night-vision goggles to Libya in 2011.", "BEL", "LBY"),
        ("The British middleman supplied Iran with drone engines, the court heard.", "GBR", "IRN"),
    ],
)
def test_private_individual_is_no_supplier(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    assert _cats(extractor, text, sup, rec) is None


def test_company_still_codes_its_state(extractor: Extractor) -> None:
    assert _cats(extractor, "A Russian company shipped 30 tanks to Mali.", "RUS", "MLI") == {"armoured_vehicle"}
