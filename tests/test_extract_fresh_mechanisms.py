"""Mechanisms found on a blind gold set (own test sentences, positives and negatives per mechanism)."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import categories_of, pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


def _status(extractor: Extractor, text: str, sup: str, rec: str) -> str | None:
    claim = pairs(run(extractor, text)).get((sup, rec))
    return None if claim is None else claim.status  # type: ignore[attr-defined]


# -- a bloc's member is a member state, not the bloc as supplier ---------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        (
            "Lithuania will send two Mi-8 helicopters to Ukraine next month, becoming the first NATO "
            "member to transfer helicopters to Kyiv.",
            "LTU",
            "UKR",
        ),
        (
            "Latvia delivered 20 Stinger missiles to Ukraine, the third EU member state to supply "
            "missiles to Kyiv this week.",
            "LVA",
            "UKR",
        ),
    ],
)
def test_bloc_member_is_no_bloc_supplier(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    found = pairs(run(extractor, text))
    assert (sup, rec) in found
    assert not any(s in ("NATO", "EU") for s, _ in found)


def test_bloc_itself_still_supplies(extractor: Extractor) -> None:
    text = "The European Union will send 500,000 artillery shells to Ukraine by March, officials said."
    assert categories_of(extractor, text, "EU", "UKR") == {"ammunition"}


# -- "round of talks" is no ammunition ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Washington and Seoul held a new round of talks on Tuesday before the United States sold "
        "Patriot batteries to South Korea.",
        "After another round of negotiations Germany agreed to deliver IRIS-T systems to Egypt.",
    ],
)
def test_round_of_talks_is_no_ammunition(extractor: Extractor, text: str) -> None:
    found = pairs(run(extractor, text))
    assert found
    assert all("ammunition" not in c.categories for c in found.values())  # type: ignore[attr-defined]


def test_rounds_of_ammunition_still_count(extractor: Extractor) -> None:
    text = "Bulgaria shipped 100,000 rounds of ammunition to Ukraine last year."
    assert "ammunition" in (categories_of(extractor, text, "BGR", "UKR") or set())


# -- sending own forces on a visit / patrol / exercise is a deployment ---------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec"),
    [
        ("Britain will send an aircraft carrier on a port visit to Japan next spring.", "GBR", "JPN"),
        ("France sent two Rafale jets to Greece for joint exercises in May.", "FRA", "GRC"),
        ("The United States dispatched a destroyer on a patrol to the Philippines.", "USA", "PHL"),
    ],
)
def test_deployment_is_no_transfer(extractor: Extractor, text: str, sup: str, rec: str) -> None:
    assert categories_of(extractor, text, sup, rec) is None


def test_sending_materiel_still_a_transfer(extractor: Extractor) -> None:
    text = "Britain will send an offshore patrol vessel to Ghana as a gift next spring."
    assert categories_of(extractor, text, "GBR", "GHA") == {"naval"}


# -- an item that names a joint programme is not the pair's item ---------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec", "cats"),
    [
        (
            "India was dropped from the Italian-led Tornado project after buying Russia's T-90 tanks.",
            "RUS",
            "IND",
            {"armoured_vehicle"},
        ),
        (
            "Turkey was kicked out of the F-35 programme in 2019 over its purchase of Russia's S-400 system.",
            "RUS",
            "TUR",
            {"air_defence"},
        ),
    ],
)
def test_programme_item_is_not_pair_item(
    extractor: Extractor, text: str, sup: str, rec: str, cats: set[str]
) -> None:
    assert categories_of(extractor, text, sup, rec) == cats


def test_thrown_out_of_programme_ends_planned_buy(extractor: Extractor) -> None:
    text = (
        "In 2017 Turkey agreed to buy 100 F-35 jets from the United States. "
        "Two years later Turkey was thrown out of the F-35 programme."
    )
    assert categories_of(extractor, text, "USA", "TUR") is None


# -- arming a party supplies weapons of no stated kind --------------------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec", "status"),
    [
        (
            "Fighting in Yemen went on. Saudi Arabia has accused Iran of arming the Houthis.",
            "IRN",
            "houthis",
            "alleged",
        ),
        ("Iran has been arming Hezbollah for decades, the report said.", "IRN", "hezbollah", "reported"),
    ],
)
def test_arming_a_party(extractor: Extractor, text: str, sup: str, rec: str, status: str) -> None:
    assert categories_of(extractor, text, sup, rec) == {"other"}
    assert _status(extractor, text, sup, rec) == status


def test_arming_with_items_keeps_items(extractor: Extractor) -> None:
    text = "Iran has armed the Houthis with Shahed drones, officials said."
    assert categories_of(extractor, text, "IRN", "houthis") == {"uav"}


# -- stocks of named states are the supplier of the transfer just named ---------------------------
def test_stocks_of_states_supply(extractor: Extractor) -> None:
    text = (
        "Morocco has received its first Leopard 2 tanks, the army said on Monday. "
        "Officials said the vehicles came from Spanish and Portuguese stocks."
    )
    found = pairs(run(extractor, text))
    assert set(found) >= {("ESP", "MAR"), ("PRT", "MAR")}


def test_stock_without_state_reads_nothing(extractor: Extractor) -> None:
    text = "Kenya received 40 armoured vehicles in May. The vehicles came from old stocks."
    assert all(s not in ("ESP", "PRT") for s, _ in pairs(run(extractor, text)))


# -- a promise of a bare number: the items of the pair named just before --------------------------
def test_elliptical_number_takes_previous_items(extractor: Extractor) -> None:
    text = "Sweden will hand over eight Gripen jets to Ukraine next year, and Finland has pledged four."
    assert categories_of(extractor, text, "FIN", "UKR") == {"aircraft"}
    assert _status(extractor, text, "FIN", "UKR") == "planned"


# -- a maker compound ("American-designed") yields to the suppliers the text names ----------------
def test_maker_compound_yields_to_named_suppliers(extractor: Extractor) -> None:
    text = (
        "Romania showed off its first fighter jets last month, years after it agreed to buy the "
        "American-built aircraft. The jets were sold to Romania by Portugal and Norway."
    )
    found = pairs(run(extractor, text))
    assert ("USA", "ROU") not in found
    assert ("PRT", "ROU") in found


def test_maker_compound_alone_still_supplies(extractor: Extractor) -> None:
    text = "Egypt will receive 20 American-built helicopters next year, officials said."
    assert categories_of(extractor, text, "USA", "EGY") == {"aircraft"}


# -- a passive delivery of items whose maker was named before -------------------------------------
def test_passive_delivery_from_stated_maker(extractor: Extractor) -> None:
    text = (
        "Ghana's army has sent 300 pistols back to their Czech manufacturer after tests found faults. "
        "The pistols were delivered to Ghana last year under a contract for 1,000 weapons."
    )
    assert categories_of(extractor, text, "CZE", "GHA") == {"small_arms"}


def test_maker_of_other_kind_is_not_supplier(extractor: Extractor) -> None:
    text = (
        "Ghana's navy praised its Czech radar manufacturer on Monday. "
        "The pistols were delivered to Ghana last year under a contract for 1,000 weapons."
    )
    assert categories_of(extractor, text, "CZE", "GHA") is None


# -- anonymous sources keep what they are familiar with / close to ---------------------------------
@pytest.mark.parametrize(
    ("text", "sup", "rec", "source"),
    [
        (
            "Diplomats familiar with the shipments said Iran sent 200 drones to Russia in May.",
            "IRN",
            "RUS",
            "familiar with the shipments",
        ),
        (
            "A person close to the negotiations said Germany will deliver 10 tanks to Chile.",
            "DEU",
            "CHL",
            "close to the negotiations",
        ),
    ],
)
def test_anonymous_source_keeps_its_qualifier(
    extractor: Extractor, text: str, sup: str, rec: str, source: str
) -> None:
    claim = pairs(run(extractor, text)).get((sup, rec))
    assert claim is not None
    assert any(source in s for s in claim.sources)  # type: ignore[attr-defined]


# -- "its air force", "their navy": the state the possessive pronoun refers to ---------------------
@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        (
            "Pakistan remained the biggest customer. Its air force inducted its first Chinese-built "
            "J-10C fighters in March.",
            ("CHN", "PAK"),
            "aircraft",
        ),
        (
            "Egypt is a major buyer. Its navy took delivery of a French FREMM frigate in 2015.",
            ("FRA", "EGY"),
            "naval",
        ),
    ],
)
def test_possessive_pronoun_names_the_holder(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


def test_possessive_pronoun_without_a_state_before_gives_nothing(extractor: Extractor) -> None:
    found = pairs(run(extractor, "Its air force inducted its first J-10C fighters in March."))
    assert found == {}


# -- a relation noun's to-phrase ("accession to NATO", "a visit to Kyiv") names no recipient -------
def test_relation_noun_to_phrase_is_no_recipient(extractor: Extractor) -> None:
    text = (
        "Washington on Monday approved the sale of 20 F-16 jets and kits to upgrade 40 more to Turkey, "
        "a week after Ankara ratified Sweden's accession to NATO."
    )
    found = pairs(run(extractor, text))
    assert ("USA", "TUR") in found
    assert ("USA", "NATO") not in found


def test_goal_after_an_ordinary_noun_still_counts(extractor: Extractor) -> None:
    found = pairs(run(extractor, "Germany approved the delivery of tanks to Ukraine on Friday."))
    assert ("DEU", "UKR") in found
