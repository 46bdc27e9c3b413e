"""Transfer pairs stated without a give/get verb (sentences written for these tests).

Provenance ("X's rockets came from Iran"), materiel moved to a place in a state ("flown to an
airfield near Kyiv"), and materiel of a stated origin joining a pair the text states elsewhere.
"""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import categories_of, pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The shared pipeline (loaded once per session)."""
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "Most of Ukraine's artillery shells now come from the United States, officials said.",
            ("USA", "UKR"),
            "ammunition",
        ),
        ("Armenia's rifles came from Russia in the 1990s.", ("RUS", "ARM"), "small_arms"),
        (
            "Hezbollah's drones and its anti-tank missiles originate from Iran, the report found.",
            ("IRN", "hezbollah"),
            "missile",
        ),
    ],
)
def test_provenance_of_possessed_materiel(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


def test_provenance_without_possessor_names_no_recipient(extractor: Extractor) -> None:
    assert not run(
        extractor, "The drone that struck the tanker came from Iran, investigators said."
    ).transfers


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "The first batteries of a German IRIS-T system were flown to an airfield near Kyiv last week.",
            ("DEU", "UKR"),
            "air_defence",
        ),
        (
            "A freighter carrying North Korean artillery shells to Russia docked at a port on Tuesday.",
            ("PRK", "RUS"),
            "ammunition",
        ),
        (
            "Two Chinese-made radars were trucked to a base outside Belgrade in April.",
            ("CHN", "SRB"),
            "other",
        ),
    ],
)
def test_materiel_moved_to_a_place(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


@pytest.mark.parametrize(
    "text",
    [
        "Russian fighter jets were flown to an air base near Damascus as Moscow expanded its presence.",
        "Russian troops were flown to Syria last year.",
        "A Russian cargo plane flew S-300 missiles to Syria.",
    ],
)
def test_moving_own_forces_is_no_transfer(extractor: Extractor, text: str) -> None:
    assert not run(extractor, text).transfers


def test_origin_marked_materiel_joins_the_pair(extractor: Extractor) -> None:
    text = (
        "Egypt said Soviet SAM-6 missiles were being installed on Egyptian soil. "
        "The Soviet Union has supplied Egypt with new fighter jets this year."
    )
    found = pairs(run(extractor, text))
    assert set(found[("SUN", "EGY")].categories) == {"aircraft", "missile"}  # type: ignore[attr-defined]


def test_materiel_of_another_origin_stays_out(extractor: Extractor) -> None:
    text = "The US has given Ukraine Abrams tanks. Ukrainian troops destroyed Russian artillery."
    found = pairs(run(extractor, text))
    assert found[("USA", "UKR")].categories == ("armoured_vehicle",)  # type: ignore[attr-defined]


def test_surface_sentence_adds_its_kinds_to_a_known_pair(extractor: Extractor) -> None:
    text = (
        "Algerian President Abdelmadjid Tebboune instructed officials in March to produce up to 9,000 "
        "rockets for secret shipment to Russia, according to a leaked US document reported by The New "
        "York Times. Officials said the United States had seen no sign that Algeria was providing lethal "
        "weapons to Russia."
    )
    found = pairs(run(extractor, text))
    assert "ammunition" in found[("DZA", "RUS")].categories  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "Two Russian Navy ships arrived in Venezuela on Monday for joint exercises.",
        "Two US Navy ships arrived in Qatar the same day. Washington approved the sale of F-15 aircraft "
        "to Qatar last November.",
    ],
)
def test_warships_arriving_are_no_delivery(extractor: Extractor, text: str) -> None:
    assert all("naval" not in t.categories for t in run(extractor, text).transfers)


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "Syrian troops abandoned 40 tanks near Palmyra last year. "
            "Most of the tanks had been sold by Russia in the 1980s.",
            ("RUS", "SYR"),
            "armoured_vehicle",
        ),
        (
            "Kenya's army operates 30 helicopters. "
            "The helicopters were supplied by the United States under an aid programme.",
            ("USA", "KEN"),
            "aircraft",
        ),
    ],
)
def test_holder_of_the_materiel_named_before_received_it(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


def test_destroyer_of_the_materiel_named_before_is_no_recipient(extractor: Extractor) -> None:
    text = "Ukrainian forces destroyed 12 tanks near Avdiivka. The tanks had been supplied by Belarus."
    assert not run(extractor, text).transfers


def test_surface_goal_after_a_demonym(extractor: Extractor) -> None:
    text = (
        "Congress voted to grant President Reagan's request for $20 million in aid to the Angolan "
        "UNITA rebels, most of it in military assistance."
    )
    assert ("USA", "unita") in pairs(run(extractor, text))


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "A cargo of Iranian cruise missile parts bound for the Houthis was seized in the Arabian Sea.",
            ("IRN", "houthis"),
            "missile",
        ),
        (
            "Customs officers found North Korean rifles destined for Hamas in a container.",
            ("PRK", "hamas"),
            "small_arms",
        ),
    ],
)
def test_materiel_of_stated_origin_bound_for_a_party(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


def test_warships_bound_for_a_port_are_no_delivery(extractor: Extractor) -> None:
    assert not run(extractor, "Two Russian warships bound for Syria passed through the Bosphorus.").transfers


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            '"We have transferred more than 300 tanks to Ukraine," Polish President Andrzej Duda said.',
            ("POL", "UKR"),
        ),
        ('"Our country has sent 40 howitzers to Ukraine," the Czech defence minister said.', ("CZE", "UKR")),
    ],
)
def test_first_person_in_a_quote_is_the_speakers_party(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert pair in pairs(run(extractor, text))


def test_first_person_without_a_party_speaker_names_nobody(extractor: Extractor) -> None:
    assert not run(extractor, "We have sent 50 tanks to Ukraine, the blog said.").transfers


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Iran supplied the ballistic missiles that hit the base, officials said. "
            "Hezbollah operates the missiles from southern Lebanon.",
            ("IRN", "hezbollah"),
        ),
        (
            "Iran supplied the Shahed-136 drones that struck the city on Monday, officials said. "
            "Russia flies the drones under another name.",
            ("IRN", "RUS"),
        ),
        ("German Leopard tanks supplied by Berlin are already in Ukraine.", ("DEU", "UKR")),
    ],
)
def test_holder_or_place_of_supplied_materiel_named_after(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert pair in pairs(run(extractor, text))


def test_shooting_down_supplied_materiel_is_no_holding(extractor: Extractor) -> None:
    text = "Iran supplied Shahed-136 drones last year. Ukraine shot down the drones over Kyiv."
    assert ("IRN", "UKR") not in pairs(run(extractor, text))


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "The sale of 12 Bayraktar TB2 drones to Poland was completed this year, Baykar said.",
            ("TUR", "POL"),
        ),
        ("The delivery of 48 K9 howitzers to Poland ended in May, Hanwha said.", ("KOR", "POL")),
    ],
)
def test_maker_named_in_the_sentence_supplies_a_sale_without_supplier(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert pair in pairs(run(extractor, text))


def test_sale_without_supplier_or_maker_named_stays_open(extractor: Extractor) -> None:
    text = "The sale of F-16 jets to Romania was completed, Norwegian officials said."
    assert ("USA", "ROU") not in pairs(run(extractor, text))


def test_materiel_made_abroad_reaching_a_force(extractor: Extractor) -> None:
    text = "Dozens of Iranian-made Mohajer-6 drones have reached Russian forces, Ukrainian intelligence said."
    assert ("IRN", "RUS") in pairs(run(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Russian drones reached Ukrainian troops near Bakhmut on Sunday.",
        "Russian shells reached Ukrainian troops near Bakhmut on Sunday.",
    ],
)
def test_the_other_sides_materiel_reaching_a_force_is_an_attack(extractor: Extractor, text: str) -> None:
    assert not run(extractor, text).transfers
