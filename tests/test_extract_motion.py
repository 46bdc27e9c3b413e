"""Materiel moving from one state to another, said with a motion verb whose subject is the materiel
or a vehicle carrying it ("shells have left North Korea for Russia"): a transfer from the origin's
state to the destination's. Forces, warships and aircraft moving themselves, people, civilian goods
and materiel going home are not; transit states are no party. Sentences written for these tests."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # intransitive verbs with the materiel as subject
        (
            "More than two million mortar rounds have left North Korea for Russia this year, analysts said.",
            ("PRK", "RUS"),
        ),
        ("Trainloads of artillery shells crossed from Belarus into Russia in June.", ("BLR", "RUS")),
        ("The ammunition travelled from Bulgaria to Ukraine by rail, the report said.", ("BGR", "UKR")),
        (
            "Thousands of rockets made their way from Iran to Lebanon via Syria, officials said.",
            ("IRN", "LBN"),
        ),
        ("Crates of Iranian missiles departed Iran for Russia in October.", ("IRN", "RUS")),
        # a vehicle carrying the materiel; an unknown port: the cargo's stated origin
        (
            "A freighter loaded with Iranian drones sailed from Bandar Abbas to Russia, officials said.",
            ("IRN", "RUS"),
        ),
        ("A freighter carrying Chinese rifles left China for Myanmar in April.", ("CHN", "MMR")),
        # passive, with the from- and to-phrases nested on a means ("by rail from … to …")
        (
            "The howitzer shells were moved by rail from North Korea to Russia, satellite images show.",
            ("PRK", "RUS"),
        ),
    ],
)
def test_motion_from_a_state_to_another_is_a_transfer(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert set(pairs(run(extractor, text))) == {pair}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The grenades were moved through Pakistan from China to Afghanistan.", ("CHN", "AFG")),
        ("Crates of rifles have been leaving Serbia for Ukraine via Slovakia.", ("SRB", "UKR")),
        # a place inside the origin state
        ("North Korean artillery shells were trucked from the port of Najin to Russia.", ("PRK", "RUS")),
    ],
)
def test_transit_state_is_no_party(extractor: Extractor, text: str, pair: tuple[str, str]) -> None:
    assert set(pairs(run(extractor, text))) == {pair}


def test_cargo_of_another_origin_leaves_the_from_state_out(extractor: Extractor) -> None:
    # the from-state may be a transit state for German tanks: no Poland -> Ukraine claim
    text = "A train carrying German tanks crossed from Poland into Ukraine on Friday."
    assert ("POL", "UKR") not in pairs(run(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        # a state's own forces, warships, aircraft and armour moving under their own power
        "Russian warships sailed from Syria to Libya last month.",
        "Russian tank columns crossed from Belarus into Ukraine on February 24.",
        "Russian soldiers with tanks and artillery crossed from Belarus into Ukraine.",
        "Two Russian Tu-160 bombers flew from Russia to Venezuela for an exercise.",
        "A US Navy submarine sailed from Guam to South Korea for a port visit.",
        "German Leopard tanks moved from Lithuania to Poland for manoeuvres.",
        "Iranian drones crossed from Iraq into Syria and struck a base.",
        "About 1,500 soldiers were carried from North Korea to Russia aboard Russian landing ships.",
        # people, civilian goods
        "Thousands of refugees travelled from Ukraine to Poland.",
        "A group of Russian officials travelled from Russia to North Korea for talks on arms deals.",
        "Grain shipments left Ukraine for Turkey on Tuesday.",
        # the destination's own materiel going home
        "Russian S-300 launchers were moved from Syria to Russia last year.",
        "The Soviet-made helicopters were flown back from Afghanistan to Russia for repairs.",
    ],
)
def test_own_forces_people_goods_and_returns_are_no_transfer(extractor: Extractor, text: str) -> None:
    assert pairs(run(extractor, text)) == {}


def test_prefilter_lets_motion_sentences_through(extractor: Extractor) -> None:
    for text in (
        "Over a million shells have left North Korea for Russia.",
        "Boxes of rifles went from Serbia to Ukraine.",
        "Artillery rounds departed Iran for Russia.",
    ):
        assert extractor.prefilter.relevant(text), text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "North Korea sent the shells to Russia in ten consignments by ship and by transport aircraft.",
            "ammunition",
        ),
        ("Iran delivered the missiles to Russia aboard Russian cargo planes.", "missile"),
    ],
)
def test_the_vehicle_carrying_materiel_is_not_transferred(
    extractor: Extractor, text: str, category: str
) -> None:
    claims = list(run(extractor, text).transfers)
    assert [(t.supplier, t.recipient) for t in claims] and {c for t in claims for c in t.categories} == {
        category
    }
