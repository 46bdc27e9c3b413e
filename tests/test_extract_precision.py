"""Precision: no transfer tuple for what is not a transfer, and no category an item does not have
(own test sentences, one group per mechanism)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import categories_of, pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


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
    assert categories_of(extractor, text, sup, rec) is None


def test_company_still_codes_its_state(extractor: Extractor) -> None:
    assert categories_of(extractor, "A Russian company shipped 30 tanks to Mali.", "RUS", "MLI") == {
        "armoured_vehicle"
    }


# -- a relative include-clause lists a transfer's items only when it hangs on a transfer ------------
@pytest.mark.parametrize(
    "text",
    [
        "Last week North Korea sold shells to Russia. During the visit Kim guided his guests around a "
        "display of new arms that included Hwasong-18 missiles.",
        "Pyongyang has shipped artillery shells to Moscow. Kim later opened an exhibition of weaponry "
        "which included ballistic missiles and drones.",
    ],
)
def test_exhibition_list_adds_no_items(extractor: Extractor, text: str) -> None:
    assert categories_of(extractor, text, "PRK", "RUS") == {"ammunition"}


def test_transfer_relative_list_still_adds_items(extractor: Extractor) -> None:
    text = "Russia sent Syria a batch of weapons that included 20 T-90 tanks."
    assert categories_of(extractor, text, "RUS", "SYR") == {"armoured_vehicle"}


# -- a transfer urged by a third party is an exhortation, by the recipient a request ----------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        ("An opposition senator urged Germany to send Taurus missiles to Ukraine.", "DEU", "UKR"),
        ("The NGO has called on France to sell Rafale jets to India.", "FRA", "IND"),
        ("A US senator urged Spain to give Ukraine more Leopard tanks.", "ESP", "UKR"),
    ],
)
def test_third_party_exhortation_is_no_transfer(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    assert categories_of(extractor, text, sup, rec) is None


@pytest.mark.parametrize(
    "text",
    [
        "President Volodymyr Zelensky urged Berlin to deliver tanks to Kyiv.",
        "Kyiv has urged Germany to send Taurus missiles to Ukraine.",
    ],
)
def test_recipient_request_stays_planned(extractor: Extractor, text: str) -> None:
    claim = pairs(run(extractor, text)).get(("DEU", "UKR"))
    assert claim is not None
    assert claim.status == "planned"  # type: ignore[attr-defined]


# -- a sentence naming the pair adds only materiel that changes hands --------------------------------
def test_item_a_part_is_for_is_not_added(extractor: Extractor) -> None:
    text = (
        "Washington sold Egypt 20 F-16 jets in 2019. "
        "Last year US firms also serviced spare parts for Egypt's Hawk batteries."
    )
    cats = categories_of(extractor, text, "USA", "EGY")
    assert cats is not None and "air_defence" not in cats


def test_licensed_production_items_are_not_added(extractor: Extractor) -> None:
    text = (
        "Russia agreed to sell Belarus S-400 systems. Rosoboronexport and Belarus's state arms firm also "
        "signed a deal on the licensed production of Kalashnikov rifles and their ammunition in Minsk."
    )
    cats = categories_of(extractor, text, "RUS", "BLR")
    assert cats is not None and not cats & {"small_arms", "ammunition"}


def test_lacked_materiel_is_not_added(extractor: Extractor) -> None:
    text = (
        "Germany promised Ukraine Leopard tanks. At a press conference in Berlin, the Ukrainian minister "
        "said that Ukraine badly lacked artillery shells and drones."
    )
    assert categories_of(extractor, text, "DEU", "UKR") == {"armoured_vehicle"}


# -- a buyer excluded from a programme has no planned purchase of its items --------------------------
def test_exclusion_from_programme_ends_planned_buy(extractor: Extractor) -> None:
    text = "Washington removed Turkey from the F-35 programme in 2019. Turkey had planned to buy 100 F-35s."
    assert categories_of(extractor, text, "USA", "TUR") is None


def test_exclusion_keeps_other_systems(extractor: Extractor) -> None:
    text = (
        "Turkey had planned to buy 100 F-35 jets, but the United States excluded Ankara from the F-35 "
        "programme. In 2024 Washington agreed to sell Turkey 40 F-16 fighters."
    )
    claim = pairs(run(extractor, text)).get(("USA", "TUR"))
    assert claim is not None
    assert claim.systems == ("F-16 Fighting Falcon",)  # type: ignore[attr-defined]


# -- parts named after a system are parts; a relative clause on materiel adds no materiel -----------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        (
            "The Netherlands is sending Ukraine Patriot components that will make up a new battery.",
            "NLD",
            "UKR",
        ),
        ("Norway delivered F-16 spare parts to Ukraine.", "NOR", "UKR"),
    ],
)
def test_parts_named_after_a_system_are_other(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    assert categories_of(extractor, text, sup, rec) == {"other"}


def test_relative_clause_on_materiel_adds_nothing(extractor: Extractor) -> None:
    text = "Britain will send Ukraine Challenger tanks, which can fire depleted-uranium shells."
    assert categories_of(extractor, text, "GBR", "UKR") == {"armoured_vehicle"}


# -- a bare unit noun takes the category of the weapon it is a unit of --------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        ("Egypt bought four batteries of anti-ship missiles from China.", "CHN", "EGY"),
        (
            "Indonesia ordered three batteries of BrahMos missiles from India. "
            "India delivered the first batteries in 2025.",
            "IND",
            "IDN",
        ),
    ],
)
def test_missile_battery_is_missile(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    assert categories_of(extractor, text, sup, rec) == {"missile"}


def test_bare_battery_stays_air_defence(extractor: Extractor) -> None:
    assert categories_of(extractor, "Germany delivered two batteries to Ukraine.", "DEU", "UKR") == {
        "air_defence"
    }


# -- upkeep of a weapon (parts, equipment, know-how pointing back to it) is no other kind -----------
@pytest.mark.parametrize(
    ("text", "sup", "rec", "cats"),
    [
        (
            "France will sell Greece 24 Rafale jets together with the equipment required to maintain them.",
            "FRA",
            "GRC",
            {"aircraft"},
        ),
        (
            "Iran supplied Russia with Shahed drones and the technology to manufacture them.",
            "IRN",
            "RUS",
            {"uav"},
        ),
    ],
)
def test_upkeep_of_the_weapon_adds_no_category(
    extractor: Extractor, text: str, sup: str, rec: str, cats: set[str]
) -> None:
    assert categories_of(extractor, text, sup, rec) == cats


@pytest.mark.parametrize(
    ("text", "sup", "rec", "cats"),
    [
        ("Russia delivered Yak-130 trainers and spare parts to Syria.", "RUS", "SYR", {"aircraft", "other"}),
        (
            "China has supplied Russia with engines and parts for Garpiya-3 attack drones.",
            "CHN",
            "RUS",
            {"uav", "other"},
        ),
    ],
)
def test_parts_listed_on_their_own_stay_other(
    extractor: Extractor, text: str, sup: str, rec: str, cats: set[str]
) -> None:
    assert categories_of(extractor, text, sup, rec) == cats


# -- weapon words in their everyday sense are no weapons; airlines are no parties --------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        (
            "China and Russia held three rounds of talks on energy, and Beijing sold Moscow drones.",
            "CHN",
            "RUS",
        ),
        ("A Chinese firm bought two copper mines from Zambia last year.", "ZMB", "CHN"),
        ("India purchased mine-clearing vehicles from Israel.", "ISR", "IND"),
    ],
)
def test_everyday_sense_is_no_weapon(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    cats = categories_of(extractor, text, sup, rec)
    assert cats is None or "ammunition" not in cats


@pytest.mark.parametrize(
    "text",
    [
        "Turkish Airlines bought 50 Airbus jets from France in 2023.",
        "Qatar Airways will receive 25 new jets from Boeing, the United States said.",
        "Air India ordered 40 new jets from France.",
    ],
)
def test_airline_is_no_party(extractor: Extractor, text: str) -> None:
    assert run(extractor, text).transfers == ()


@pytest.mark.parametrize(
    ("text", "sup", "rec", "cats"),
    [
        ("The Indian Air Force received 36 Rafale jets from France.", "FRA", "IND", {"aircraft"}),
        ("Russia supplied Iran with 5,000 rounds of ammunition.", "RUS", "IRN", {"ammunition"}),
        ("Iran sent the Houthis naval mines and anti-tank mines.", "IRN", "houthis", {"ammunition"}),
    ],
)
def test_military_sense_kept(extractor: Extractor, text: str, sup: str, rec: str, cats: set[str]) -> None:
    assert categories_of(extractor, text, sup, rec) == cats


# -- an air-defence system named for its missiles is missile ----------------------------------------
def test_system_named_for_its_missiles_is_missile(extractor: Extractor) -> None:
    text = (
        "In the 1970s the Soviet Union supplied Syria with MiG-23 fighters and SA-6 surface-to-air missiles."
    )
    assert categories_of(extractor, text, "SUN", "SYR") == {"aircraft", "missile"}


# -- parts named after a weapon, whatever the parse ---------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Beijing has been shipping Moscow machine tools, chips and drone engines that help its factories.",
        "China supplied Russia with microchips and helicopter engines that keep its industry going.",
    ],
)
def test_weapon_word_before_parts_noun_is_no_weapon(extractor: Extractor, text: str) -> None:
    assert categories_of(extractor, text, "CHN", "RUS") == {"other"}


# -- a target of fighting is no materiel handed over --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The NASAMS battery that Norway supplied to Ukraine has intercepted dozens of drones, Kyiv said.",
        "The NASAMS system Norway gave Ukraine destroyed several cruise missiles last week.",
    ],
)
def test_combat_target_is_no_item(extractor: Extractor, text: str) -> None:
    cats = categories_of(extractor, text, "NOR", "UKR")
    assert cats is not None and not cats & {"uav", "missile"}


def test_target_described_by_the_transfer_stays(extractor: Extractor) -> None:
    text = "Russian forces shot down several Storm Shadow missiles which Britain had supplied to Ukraine."
    cats = categories_of(extractor, text, "GBR", "UKR")
    assert cats is not None and "missile" in cats
