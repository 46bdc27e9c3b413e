"""Help, technology and re-export frames (sentences written for these tests).

SCHEMA: technical help to a weapons programme or to making weapons is a transfer (``missile`` or
``wmd`` when tied to them, else ``other``); materiel passed on is a transfer by the passer; help
that names no weapon, training, money and sanctions themselves are not transfers.
"""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The shared pipeline (loaded once per session)."""
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        # a help verb whose object is a weapons programme
        ("Washington imposed sanctions on three Chinese firms for helping Pakistan's missile programme.",
         ("CHN", "PAK"), "missile"),
        ("Russian scientists assisted Iran's nuclear weapons programme in the 1990s, the report says.",
         ("RUS", "IRN"), "wmd"),
        ("Belarusian engineers are assisting Russia with its drone programme, officials said.",
         ("BLR", "RUS"), "other"),
        # help with making
        ("North Korean engineers helped Iran build its Shahab-3 missiles, Israeli intelligence said.",
         ("PRK", "IRN"), "missile"),
        ("Pakistan's Shaheen missiles were developed with Chinese help, according to the report.",
         ("CHN", "PAK"), "missile"),
        # made with help; a programme that relied on help
        ("Egypt developed its Condor missile with Argentine and Iraqi assistance in the 1980s.",
         ("ARG", "EGY"), "missile"),
        ("Iran's missile programme has long depended on North Korean assistance.", ("PRK", "IRN"), "missile"),
        ("Pakistan's nuclear weapons programme relied on Chinese help.", ("CHN", "PAK"), "wmd"),
        # a help noun aimed at a programme
        ("Chinese help with Pakistan's missile programme continued into the 1990s.",
         ("CHN", "PAK"), "missile"),
        # the reason for a sanction or an accusation: its doer is the party sanctioned or accused
        ("Washington accused two Chinese companies of helping Iran's ballistic missile programme.",
         ("CHN", "IRN"), "missile"),
        ("The Treasury sanctioned two Belarusian companies for supplying drones to Russia.",
         ("BLR", "RUS"), "uav"),
    ],
)  # fmt: skip
def test_help_to_weapons_programmes(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    found = pairs(run(extractor, text))
    assert pair in found, found
    assert category in found[pair].categories  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        ("Germany passed the tanks on to Ukraine last year.", ("DEU", "UKR"), "armoured_vehicle"),
        ("Poland bought the rifles from Belgium and later passed them on to Ukraine.",
         ("POL", "UKR"), "small_arms"),
        ("Slovakia quietly passed along its Soviet-era MiG-29 jets to Kyiv.", ("SVK", "UKR"), "aircraft"),
        ("Slovakia, one of the countries passing old Soviet tanks on to Ukraine, has asked for replacements.",
         ("SVK", "UKR"), "armoured_vehicle"),
        ("Hungary and Bulgaria were among the buyers passing Serbian-made shells on to Ukraine, it said.",
         ("BGR", "UKR"), "ammunition"),
    ],
)  # fmt: skip
def test_passed_on(extractor: Extractor, text: str, pair: tuple[str, str], category: str) -> None:
    found = pairs(run(extractor, text))
    assert pair in found, found
    assert category in found[pair].categories  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "The UN sanctioned North Korea over its missile programme.",
        "The United States helped Ukraine train pilots for its F-16 jets.",
        "Japan gave Indonesia $200 million in economic aid.",
        "Parliament passed the arms bill on Tuesday; the committee passed on the request to the minister.",
        "Russia helped Serbia's economy with cheap gas while it bought tanks elsewhere.",
        # the accused named by a pronoun: not resolved to the accuser
        "The European Union blacklisted nine firms, accusing them of helping Russia's arms industry.",
    ],
)
def test_not_help_transfers(extractor: Extractor, text: str) -> None:
    assert not run(extractor, text).transfers


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        # making for a transfer: planned, by the maker
        ("Turkish firms are manufacturing artillery shells for delivery to Ukraine, the ministry said.",
         ("TUR", "UKR"), "ammunition"),
        ("Pakistani factories are making mortar bombs for export to Ukraine.", ("PAK", "UKR"), "ammunition"),
        ("South Korea is producing howitzers for sale to Poland.", ("KOR", "POL"), "artillery"),
    ],
)  # fmt: skip
def test_production_for_a_transfer(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    found = pairs(run(extractor, text))
    assert pair in found, found
    claim = found[pair]
    assert category in claim.categories  # type: ignore[attr-defined]
    assert claim.status == "planned"  # type: ignore[attr-defined]


def test_military_aid_to_a_modified_party(extractor: Extractor) -> None:
    """'$N in aid to the Afghan mujahideen, $M of it in military assistance': the recipient's own
    modifiers do not hide the to-phrase."""
    text = (
        "Congress approved Washington's request for $300 million in aid to the Afghan mujahideen, "
        "$200 million of it in military assistance."
    )
    found = pairs(run(extractor, text))
    assert ("USA", "mujahideen") in found, found
    assert found[("USA", "mujahideen")].status == "planned"  # type: ignore[attr-defined]


def test_no_evidence_adds_no_category(extractor: Extractor) -> None:
    """Materiel in a 'no evidence that …' clause about a pair claimed elsewhere is not claimed."""
    text = (
        "Iran has sent hundreds of attack drones to Russia, Ukrainian officials said. "
        "They added that there was no evidence that Tehran had given Moscow ballistic missiles."
    )
    found = pairs(run(extractor, text))
    assert ("IRN", "RUS") in found, found
    assert "missile" not in found[("IRN", "RUS")].categories  # type: ignore[attr-defined]


def test_military_and_economic_aid(extractor: Extractor) -> None:
    """Military aid named as such inside a coordination is a transfer coded other."""
    found = pairs(run(extractor, "Japan resumed military and economic aid to the Philippines in 1990."))
    assert ("JPN", "PHL") in found, found
    assert "other" in found[("JPN", "PHL")].categories  # type: ignore[attr-defined]


def test_civil_nuclear_help_is_not_wmd(extractor: Extractor) -> None:
    """Help to a nuclear *power* programme names no weapon: only the tanks are a transfer."""
    found = pairs(
        run(
            extractor,
            "Russia is helping India's nuclear power programme, and Moscow also sold India 300 tanks.",
        )
    )
    assert found[("RUS", "IND")].categories == ("armoured_vehicle",)  # type: ignore[attr-defined]


def test_resale_is_by_the_reseller(extractor: Extractor) -> None:
    """'resold' is a transfer by the reseller; a passive resale names no catalogue maker."""
    found = pairs(run(extractor, "Jordan resold its old Cobra helicopters to the Philippines."))
    assert ("JOR", "PHL") in found, found
    assert not run(extractor, "The Cobra helicopters were resold to the Philippines in 2019.").transfers


def test_sanctioner_is_the_source(extractor: Extractor) -> None:
    """The party that sanctions for a deed asserts it: reported, with the sanctioner as source."""
    text = "Washington imposed sanctions on three Chinese firms for helping Pakistan's missile programme."
    claim = pairs(run(extractor, text))[("CHN", "PAK")]
    assert claim.status == "reported"  # type: ignore[attr-defined]
    assert any("Washington" in s for s in claim.sources)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("North Korean assistance to Syria's nuclear programme worried Israel.", "confirmed"),
        ("Moscow denied helping Tehran's nuclear programme.", "denied"),
    ],
)
def test_help_to_a_nuclear_programme(extractor: Extractor, text: str, status: str) -> None:
    """A report naming no weapon but a nuclear programme passes the pre-filter; help to it is wmd."""
    (claim,) = run(extractor, text).transfers
    assert "wmd" in claim.categories
    assert claim.status == status


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        ("Two Belarusian firms were sanctioned for supplying drones to Russia.",
         ("BLR", "RUS"), "confirmed"),
        ("Three Chinese companies were accused of helping Iran's missile programme.",
         ("CHN", "IRN"), "alleged"),
        ("Seven Russian entities were sanctioned by Washington for assisting Iran's missile programme.",
         ("RUS", "IRN"), "reported"),
    ],
)  # fmt: skip
def test_passive_sanction_reasons(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    found = pairs(run(extractor, text))
    assert pair in found, found
    assert found[pair].status == status  # type: ignore[attr-defined]
