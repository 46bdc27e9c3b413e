"""Status and sources of planned deals and accredited speakers (own test sentences)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


def _claim(extractor: Extractor, text: str, pair: tuple[str, str]) -> object:
    claim = pairs(run(extractor, text)).get(pair)
    assert claim is not None
    return claim


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # a to-infinitive completing a deal noun ("a deal to buy") is governed by that noun
        (
            "Egypt has signed a deal to buy Rafale fighter jets from France, Egyptian officials said.",
            ("FRA", "EGY"),
        ),
        ("Hungary reached an accord to purchase Leopard tanks from Germany.", ("DEU", "HUN")),
        # trying / persuading / pressing someone to supply: not yet happened
        ("Washington tried to convince Seoul to supply artillery shells to Ukraine.", ("KOR", "UKR")),
        ("Moscow is attempting to buy drones from Iran, US officials said.", ("IRN", "RUS")),
        ("Kyiv pressed Madrid to send Leopard tanks to Ukraine.", ("ESP", "UKR")),
    ],
)
def test_attempted_or_agreed_transfer_is_planned(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert _claim(extractor, text, pair).status == "planned"  # type: ignore[attr-defined]


def test_first_country_to_send_stays_confirmed(extractor: Extractor) -> None:
    claim = _claim(
        extractor, "Britain was the first country to send Challenger tanks to Ukraine.", ("GBR", "UKR")
    )
    assert claim.status == "confirmed"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "source"),
    [
        (
            "China has shipped drones to Russia, said the Ukrainian envoy to the European Union.",
            ("CHN", "RUS"),
            "envoy to the European Union",
        ),
        (
            "Iran has delivered drones to Russia, according to Ukraine's mission to NATO.",
            ("IRN", "RUS"),
            "mission to NATO",
        ),
        (
            "Syria has received S-300 missiles from Russia, Syria's ambassador to the United Nations said.",
            ("RUS", "SYR"),
            "ambassador to the United Nations",
        ),
    ],
)
def test_accredited_speaker_keeps_where_accredited(
    extractor: Extractor, text: str, pair: tuple[str, str], source: str
) -> None:
    claim = _claim(extractor, text, pair)
    assert any(source in s for s in claim.sources)  # type: ignore[attr-defined]


def test_he_said_is_the_earlier_speaker_not_the_person_spoken_about(extractor: Extractor) -> None:
    text = (
        "Pentagon spokesman Pat Ryder said Defence Minister Andrei Belousov travelled to Tehran to ask "
        "Iran for more drones. Since then, he said, Iran has shipped hundreds of Shahed drones to Russia."
    )
    claim = _claim(extractor, text, ("IRN", "RUS"))
    assert any("Ryder" in s for s in claim.sources)  # type: ignore[attr-defined]
    assert not any("Belousov" in s for s in claim.sources)  # type: ignore[attr-defined]


def test_he_said_after_a_sentence_without_speaker_is_its_person(extractor: Extractor) -> None:
    text = (
        "Defence Minister Andrei Belousov travelled to Tehran last week. "
        "He said Iran had shipped hundreds of Shahed drones to Russia."
    )
    claim = _claim(extractor, text, ("IRN", "RUS"))
    assert any("Belousov" in s for s in claim.sources)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        # a coordinated plan verb does not govern the delivery verb next to it
        (
            "Norway has approved and shipped NASAMS air-defence systems to Ukraine.",
            ("NOR", "UKR"),
            "confirmed",
        ),
        ("Spain agreed and delivered Leopard tanks to Ukraine last year.", ("ESP", "UKR"), "confirmed"),
        # but a future auxiliary of the delivery verb itself still makes it a plan
        ("Denmark has pledged and will deliver F-16 jets to Ukraine.", ("DNK", "UKR"), "planned"),
    ],
)
def test_coordinated_plan_verb_is_not_a_governor(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    assert _claim(extractor, text, pair).status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "pair", "status"),
    [
        # "announce" reporting a clause is a speech verb, not a plan
        (
            "Hungary took delivery of Leopard tanks from Germany on Friday, "
            "the Hungarian government announced.",
            ("DEU", "HUN"),
            "confirmed",
        ),
        (
            "The Dutch government announced that it had delivered Patriot launchers to Ukraine.",
            ("NLD", "UKR"),
            "confirmed",
        ),
        # announcing a package (its object) is still a plan
        ("The Pentagon announced a new package of Stinger missiles for Ukraine.", ("USA", "UKR"), "planned"),
        # a hedging speech verb still hedges what it reports
        ("Kyiv claimed that Belarus had sent ammunition to Russia.", ("BLR", "RUS"), "alleged"),
    ],
)
def test_speech_verb_reporting_a_clause_is_not_a_plan(
    extractor: Extractor, text: str, pair: tuple[str, str], status: str
) -> None:
    assert _claim(extractor, text, pair).status == status  # type: ignore[attr-defined]


def test_completed_delivery_after_a_pledge_makes_the_pair_confirmed(extractor: Extractor) -> None:
    text = (
        "Sweden will send Ukraine more CV90 infantry fighting vehicles next spring, the Swedish government "
        "said. Stockholm has already shipped 50 of the vehicles."
    )
    assert _claim(extractor, text, ("SWE", "UKR")).status == "confirmed"  # type: ignore[attr-defined]


def test_ongoing_or_listed_items_after_a_plan_stay_planned(extractor: Extractor) -> None:
    for text in (
        "Washington will sell Taiwan NASAMS air-defence systems. The package includes radars and missiles.",
        "Sweden will send Ukraine more CV90 infantry fighting vehicles next spring. "
        "Stockholm is also sending Archer howitzers.",
    ):
        claim = pairs(run(extractor, text))
        assert all(c.status == "planned" for c in claim.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Officials said Pakistan had agreed to sell shells to Ukraine and had already done so.", "reported"),
        ("Officials said Pakistan had agreed to sell shells to Ukraine but had not yet done so.", "planned"),
        ("Officials said Pakistan had agreed to sell shells to Ukraine and would soon do so.", "planned"),
    ],
)
def test_plan_coordinated_with_already_done_so_took_place(
    extractor: Extractor, text: str, status: str
) -> None:
    assert _claim(extractor, text, ("PAK", "UKR")).status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # a purchase under way: the delivery is still to come
        ("Morocco is buying Apache helicopters from the United States.", "planned"),
        ("Morocco bought Apache helicopters from the United States.", "confirmed"),
        ("Morocco is receiving Apache helicopters from the United States.", "confirmed"),
    ],
)
def test_purchase_in_progress_is_planned(extractor: Extractor, text: str, status: str) -> None:
    assert _claim(extractor, text, ("USA", "MAR")).status == status  # type: ignore[attr-defined]
