"""Records as sources ("invoices show", "according to a leaked cable") and the outlet that saw
them (own test sentences)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "pair", "sources"),
    [
        (
            "Shipping manifests seen by the Financial Times show Belarusian tanks being delivered to Russia.",
            ("BLR", "RUS"),
            ["manifests", "Financial Times"],
        ),
        (
            "Egypt sold rockets to Russia last year, according to documents obtained by the Washington Post.",
            ("EGY", "RUS"),
            ["documents", "Washington Post"],
        ),
        ("According to a leaked cable, Egypt sold rockets to Russia last year.", ("EGY", "RUS"), ["cable"]),
    ],
)
def test_record_is_a_source_and_its_outlet_an_intermediary(
    extractor: Extractor, text: str, pair: tuple[str, str], sources: list[str]
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert claim.status == "reported"  # type: ignore[attr-defined]
    found = list(claim.sources)  # type: ignore[attr-defined]
    # the record first, then the outlet that had it in hand
    idx = [next(n for n, s in enumerate(found) if want in s) for want in sources]
    assert idx == sorted(idx)


@pytest.mark.parametrize(
    ("text", "pair", "relay"),
    [
        (
            "Iran has supplied missiles to the Houthis, "
            "Saudi Foreign Minister Faisal bin Farhan said on Monday. "
            "He made the comments during a meeting with French officials, the state news agency reported.",
            ("IRN", "houthis"),
            "news agency",
        ),
        (
            "Belarus has handed tanks to Russia, Ukrainian officials said on Monday. "
            "The remarks came during a briefing in Kyiv, Interfax-Ukraine reported.",
            ("BLR", "RUS"),
            "Interfax",
        ),
    ],
)
def test_sentence_relaying_the_statement_before_adds_its_outlet(
    extractor: Extractor, text: str, pair: tuple[str, str], relay: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert any(relay in s for s in claim.sources)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "outlet"),
    [
        (
            "Iran has sent Shahed drones to Russia, "
            "the Ukrainian defence minister said in an interview with CNN.",
            ("IRN", "RUS"),
            "CNN",
        ),
        (
            "Speaking to Reuters, the Polish defence minister said "
            "Poland had delivered MiG-29 jets to Ukraine.",
            ("POL", "UKR"),
            "Reuters",
        ),
    ],
)
def test_interview_outlet_is_an_intermediary(
    extractor: Extractor, text: str, pair: tuple[str, str], outlet: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert list(claim.sources)[-1] == outlet  # type: ignore[attr-defined]
