"""Deal frames and item lists that continue a pair (sentences written for these tests).

* a deal noun with a with-party and for-items ("Brazil signed a deal with Sweden for 36 Gripen
  fighters"): the signer buys from the with-party unless the items' maker says otherwise;
* nominal transfers with their own agent ("the sale of drones to Azerbaijan by Israel") or a
  demonym supplier and a misattached to-phrase ("Turkish sales of the drones to Libya");
* a clause whose subject is a deal, transfer or list noun lists items of the pair named up to
  five sentences before ("The contract also covers …", "the latest aid list also shows …").
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
        ("Brazil signed a deal with Sweden for 36 Gripen fighters.", ("SWE", "BRA"), "aircraft"),
        ("Poland placed an order with South Korea for 180 K2 tanks.", ("KOR", "POL"), "armoured_vehicle"),
        (
            "Greece's contract with France for three Belharra frigates was signed in 2022.",
            ("FRA", "GRC"),
            "naval",
        ),
        (
            "India signed a contract with Russia for the supply of five S-400 systems.",
            ("RUS", "IND"),
            "air_defence",
        ),
        (
            "Vietnam concluded an agreement with Russia for 12 Su-30 fighters last year.",
            ("RUS", "VNM"),
            "aircraft",
        ),
        (
            "Morocco inked a deal with Israel for Barak MX air-defence systems, officials said.",
            ("ISR", "MAR"),
            "air_defence",
        ),
    ],
)
def test_deal_with_party_for_items(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    found = pairs(run(extractor, text))
    assert set(found) == {pair}
    claim = found[pair]
    assert category in claim.categories  # type: ignore[attr-defined]
    assert claim.status == "planned"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Hanwha signed a contract with Norway for 24 K9 howitzers.", ("KOR", "NOR")),
        ("India and France signed an agreement for 26 Rafale Marine fighters.", ("FRA", "IND")),
        (
            "Rheinmetall signed a contract with Hungary for 218 Lynx infantry fighting vehicles.",
            ("DEU", "HUN"),
        ),
    ],
)
def test_deal_signed_by_a_maker_runs_from_the_maker(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    # the catalogue maker of the items (or an arms company signing) is the supplier
    assert set(pairs(run(extractor, text))) == {pair}


@pytest.mark.parametrize(
    "text",
    [
        "Germany refused to sign a contract with Ukraine for Taurus missiles.",
        "Lockheed Martin signed a contract with the Pentagon for 50 F-35 jets.",
        "Denmark signed an agreement with the Netherlands for joint training of F-16 pilots.",
        "Poland signed an agreement with Britain for joint development of CAMM air-defence missiles.",
        "India signed a contract with Russia for the upgrade of its Su-30 fighters.",
        "Kenya signed a deal with Serbia for the repair of 2,000 assault rifles.",
    ],
)
def test_deals_that_transfer_nothing(extractor: Extractor, text: str) -> None:
    assert not run(extractor, text).transfers


def test_sale_with_its_own_agent_is_not_the_protesters(extractor: Extractor) -> None:
    found = pairs(run(extractor, "Armenia protested the sale of drones to Azerbaijan by Israel."))
    assert set(found) == {("ISR", "AZE")}


def test_demonym_sale_with_misattached_goal(extractor: Extractor) -> None:
    found = pairs(run(extractor, "Greece recalled its envoy over Turkish sales of the drones to Libya."))
    assert ("TUR", "LBY") in found
    assert "uav" in found[("TUR", "LBY")].categories  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "Norway will buy 54 K9 howitzers from South Korea, the defence ministry in Oslo said on "
            "Monday. The purchase is the largest in the country's history. Officials expect the first "
            "guns in 2025. Parliament approved the funds last week. The contract also covers support "
            "vehicles and ammunition.",
            ("KOR", "NOR"),
            "ammunition",
        ),
        (
            "Spain delivered six Leopard 2 tanks to Ukraine in April, the government said. The tanks "
            "were refurbished in Seville. Madrid has trained Ukrainian crews in Zaragoza. Officials "
            "declined to give a timetable for more. The latest Spanish aid list also shows 20 M113 "
            "armoured personnel carriers and a Hawk air-defence battery.",
            ("ESP", "UKR"),
            "air_defence",
        ),
        (
            "Washington sent Taiwan 66 F-16 fighters under a 2019 sale, officials said. Beijing "
            "protested the sale. The island also buys weapons from other suppliers. Earlier American "
            "shipments had included Harpoon anti-ship missiles and MQ-9 drones.",
            ("USA", "TWN"),
            "uav",
        ),
        (
            "Britain gave Ukraine Storm Shadow missiles last year. British deliveries this year have "
            "included Challenger 2 tanks.",
            ("GBR", "UKR"),
            "armoured_vehicle",
        ),
        (
            "Germany sent Ukraine a Patriot battery in April. Berlin's aid also includes 18 Leopard 2 tanks.",
            ("DEU", "UKR"),
            "armoured_vehicle",
        ),
        (
            "France sold 24 Rafale jets to Qatar in 2015. The Qatari order includes MBDA Meteor missiles.",
            ("FRA", "QAT"),
            "missile",
        ),
    ],
)
def test_list_continues_an_earlier_pair(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


@pytest.mark.parametrize(
    "text",
    [
        "Russia deployed Iskander missiles to Kaliningrad in response. The Russian arsenal also "
        "includes S-400 systems.",
        "Ukraine's army paraded new Leopard tanks in Kyiv. The parade also featured Patriot launchers.",
    ],
)
def test_lists_of_no_transfer(extractor: Extractor, text: str) -> None:
    assert not run(extractor, text).transfers


def test_list_of_another_kind_of_activity_adds_nothing(extractor: Extractor) -> None:
    text = (
        "Poland signed a contract with South Korea for 180 K2 tanks in 2022. Polish troops later "
        "tested the tanks at a range near Drawsko. The army's exercise plan includes live-fire drills "
        "with Apache helicopters."
    )
    found = pairs(run(extractor, text))
    assert set(found) == {("KOR", "POL")}
    assert found[("KOR", "POL")].categories == ("armoured_vehicle",)  # type: ignore[attr-defined]
