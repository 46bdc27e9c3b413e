"""Unit tests of the extraction modules: numbers, calibres, pre-filter, roles, headline."""

from __future__ import annotations

from datetime import date

import pytest

from armswatch.extract.api import Extractor, headline_end
from armswatch.extract.prefilter import inflections
from armswatch.extract.quantities import calibre_values, parse_number
from armswatch.records import Document
from extract_fixtures import run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The shared pipeline (loaded once per session)."""
    return shared_extractor()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("some 6,700", 6700),
        ("three million", 3_000_000),
        ("a dozen", 12),
        ("more than 400", 400),
        ("1.5 million", 1_500_000),
        ("two hundred and fifty", 250),
        ("dozens", 24),
        ("none at all", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "calibres"),
    [
        ("122- and 152-mm artillery shells", [122, 152]),
        ("155mm rounds", [155]),
        ("152 millimetre guns", [152]),
        ("the 152-millimeter howitzer", [152]),
        ("122 mm and 152 mm shells", [122, 152]),
        ("105, 122 or 155 mm guns", [105, 122, 155]),
        ("a 2,000 mm pipe", []),
    ],
)
def test_calibre_spellings(text: str, calibres: list[int]) -> None:
    assert sorted({c for _, _, c in calibre_values(text)}) == calibres


def test_inflections_cover_irregular_forms() -> None:
    assert {"sent", "sending", "sends"} <= inflections("send")
    assert {"supplied", "supplies"} <= inflections("supply")
    assert "shipped" in inflections("ship")


def test_prefilter_needs_party_weapon_and_trigger(extractor: Extractor) -> None:
    pf = extractor.prefilter
    assert pf.relevant("Iran shipped drones to Russia.")
    assert not pf.relevant("The central bank raised interest rates in Russia.")
    assert not pf.relevant("Iran and Russia signed a trade deal on wheat.")
    # whole words only: "Oman" inside "woman" is not a party
    assert not pf.relevant("A woman shipped drones to a hobby club.")


def test_unrelated_text_is_not_parsed(extractor: Extractor) -> None:
    res = run(extractor, "The football club sold its star striker to a rival for a record fee.")
    assert res.transfers == () and res.role_claims == ()


def test_headline_detection() -> None:
    doc = Document(
        id="h", text="Iran sends drones to Russia\n\nTehran has sent drones to Moscow, officials said."
    )
    assert headline_end(doc) == len("Iran sends drones to Russia")
    assert headline_end(Document(id="n", text="Tehran has sent drones. More follow.")) == 0


def test_role_check_flags_wrong_state_and_keeps_correct(extractor: Extractor) -> None:
    text = (
        "Kyrylo Budanov, the head of Russia's Main Intelligence Directorate (GRU), said shells were sent. "
        "Ukraine's military intelligence chief Kyrylo Budanov repeated the claim."
    )
    res = run(extractor, text, published=date(2023, 9, 2))
    by_role = {r.stated_role: r for r in res.role_claims}
    wrong = [r for r in res.role_claims if not r.correct]
    assert len(wrong) == 1 and "GRU" in wrong[0].stated_role
    assert wrong[0].actual_role and "HUR" in wrong[0].actual_role
    assert any(r.correct for r in by_role.values())


def test_former_roles_are_not_checked(extractor: Extractor) -> None:
    res = run(extractor, "Former defence minister Kyrylo Budanov spoke.", published=date(2023, 9, 2))
    assert all(r.correct for r in res.role_claims)


def test_extract_many_keeps_order_and_skips(extractor: Extractor) -> None:
    docs = [
        Document(id="1", text="Rain is expected in Paris tomorrow."),
        Document(id="2", text="Pyongyang shipped rockets to Moscow."),
        Document(id="3", text="Stocks rose in Tokyo."),
    ]
    out = list(extractor.extract_many(docs, batch_size=2))
    assert [r.document.id for r in out] == ["1", "2", "3"]
    assert out[0].transfers == () and out[1].transfers and out[2].transfers == ()
