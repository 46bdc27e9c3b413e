"""Who acknowledges a transfer (confirmed) and who only reports it (own test sentences)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        # unnamed, counted officials of the supplier speak off the record: reported
        (
            "Washington has shipped cluster munitions to Ukraine, "
            "two US officials told the Associated Press.",
            ("USA", "UKR"),
            "reported",
        ),
        (
            "Germany has sent Gepard anti-aircraft guns to Ukraine, several German officials said.",
            ("DEU", "UKR"),
            "reported",
        ),
        # the supplier's ministry on record acknowledges it
        (
            "Germany has sent Gepard anti-aircraft guns to Ukraine, the German defence ministry said.",
            ("DEU", "UKR"),
            "confirmed",
        ),
        # a known official serves the state the KB knows, not the one his (wrong) title names
        (
            "Iran has sent Shahed drones to Russia, "
            "said Kyrylo Budanov, the head of Russia's military intelligence.",
            ("IRN", "RUS"),
            "reported",
        ),
    ],
)
def test_acknowledgement_needs_the_party_on_record(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert claim.status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        # "allege" hedges what it reports, however the parser attached it
        (
            "Israeli officials allege that Iran smuggled missiles to Hezbollah.",
            ("IRN", "hezbollah"),
            "alleged",
        ),
        (
            "Belarus shipped artillery shells to Russia, Ukrainian intelligence officials alleged last week.",
            ("BLR", "RUS"),
            "alleged",
        ),
        # a plain speech verb only reports
        (
            "Belarus shipped artillery shells to Russia, Ukrainian intelligence officials said last week.",
            ("BLR", "RUS"),
            "reported",
        ),
    ],
)
def test_hedging_speech_verb_makes_it_alleged(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert claim.status == status  # type: ignore[attr-defined]
    assert claim.sources  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "source", "status"),
    [
        (
            "Norway will give Ukraine more NASAMS launchers, its defence ministry said.",
            ("NOR", "UKR"),
            "Norwegian defence ministry",
            "planned",
        ),
        (
            "Israel has sold Barak missiles to Azerbaijan, their defence ministry confirmed.",
            ("ISR", "AZE"),
            "Israeli defence ministry",
            "confirmed",
        ),
    ],
)
def test_its_ministry_is_the_subject_states(
    extractor: Extractor, text: str, pair: tuple[str, str], source: str, status: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert list(claim.sources) == [source]  # type: ignore[attr-defined]
    assert claim.status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        # a hedging adverb of the statement itself
        ("Iran probably supplied the drones to Russia.", ("IRN", "RUS"), "alleged"),
        ("Belarus apparently shipped tanks to Russia last month.", ("BLR", "RUS"), "alleged"),
        # the clause naming where the transferred goods came from is hedged
        (
            "The artillery shells delivered to Russia last year probably came from North Korea.",
            ("PRK", "RUS"),
            "alleged",
        ),
        (
            "The artillery shells delivered to Russia last year came from North Korea.",
            ("PRK", "RUS"),
            "confirmed",
        ),
    ],
)
def test_hedging_adverb_makes_it_alleged(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    assert claim.status == status  # type: ignore[attr-defined]
