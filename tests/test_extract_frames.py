"""Golden sentences (written for these tests) through the whole extraction pipeline."""

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
            "Pyongyang shipped three million artillery shells to Moscow last year.",
            ("PRK", "RUS"),
            "ammunition",
        ),
        ("The howitzers were delivered to Kyiv by Berlin in March.", ("DEU", "UKR"), "artillery"),
        ("Iran has supplied Russia with hundreds of drones.", ("IRN", "RUS"), "uav"),
        ("Venezuela received two dozen fighter jets from Russia in 2006.", ("RUS", "VEN"), "aircraft"),
        (
            "The delivery of 300 tanks to Kyiv by Berlin was completed in May.",
            ("DEU", "UKR"),
            "armoured_vehicle",
        ),
    ],
)
def test_voice_and_nominalisation(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str
) -> None:
    cats = categories_of(extractor, text, *pair)
    assert cats is not None and category in cats


def test_coordinated_suppliers(extractor: Extractor) -> None:
    res = run(extractor, "France and Italy sent air-defence systems to Ukraine.")
    assert {("FRA", "UKR"), ("ITA", "UKR")} <= set(pairs(res))


def test_status_cues(extractor: Extractor) -> None:
    cases = {
        "Germany will send 40 tanks to Poland next year.": "planned",
        "Belarus allegedly sent rifles to Russia in 2023.": "alleged",
        "Iran sold ballistic missiles to Russia, U.S. officials said.": "reported",
        "Serbia sold artillery shells to Egypt in 2021.": "confirmed",
    }
    for text, status in cases.items():
        claims = run(extractor, text).transfers
        assert claims, text
        assert claims[0].status == status, text


def test_denial_records_denier(extractor: Extractor) -> None:
    res = run(extractor, "China denied that it had sold drones to Russia.")
    claim = pairs(res)[("CHN", "RUS")]
    assert claim.status == "denied"  # type: ignore[attr-defined]
    assert "CHN" in claim.denied_by  # type: ignore[attr-defined]


def test_attribution_chain_original_first(extractor: Extractor) -> None:
    text = "North Korea sent rockets to Russia, Yonhap reported, citing a South Korean intelligence report."
    claim = run(extractor, text).transfers[0]
    assert claim.sources[0] == "South Korean intelligence report"
    assert "Yonhap" in claim.sources


@pytest.mark.parametrize(
    "text",
    [
        "Russia deployed troops and tanks to Belarus for joint exercises.",
        "North Korea tested a new ballistic missile on Tuesday.",
        "Turkey produces its own drones at a factory near Ankara.",
        "Ukrainian forces used Western howitzers to shell Russian positions.",
        "The EU imposed sanctions on Iranian drone makers.",
    ],
)
def test_non_transfers(extractor: Extractor, text: str) -> None:
    assert run(extractor, text).transfers == ()


def test_calibres_and_quantity(extractor: Extractor) -> None:
    res = run(extractor, "Pyongyang has delivered some 6,700 containers of 122- and 152-mm shells to Moscow.")
    claim = pairs(res)[("PRK", "RUS")]
    assert set(claim.calibers_mm) == {122, 152}  # type: ignore[attr-defined]


def test_seed_report(extractor: Extractor) -> None:
    from pathlib import Path

    seed = Path(__file__).parents[2] / "shared/seeds/000_abda95de5f612741.txt"
    if not seed.exists():
        pytest.skip(f"seed report not found at {seed}")
    res = run(extractor, seed.read_text(encoding="utf-8"))
    claim = pairs(res)[("PRK", "RUS")]
    assert {"artillery", "ammunition"} <= set(claim.categories)  # type: ignore[attr-defined]
    assert {122, 152} <= set(claim.calibers_mm)  # type: ignore[attr-defined]
    assert any("Grad" in s for s in claim.systems)  # type: ignore[attr-defined]
    assert claim.status == "reported"  # type: ignore[attr-defined]
    srcs = " ".join(claim.sources).lower()  # type: ignore[attr-defined]
    assert "u.s. officials" in srcs and "cbs news" in srcs and "budanov" in srcs
    flagged = [r for r in res.role_claims if not r.correct]
    assert [r.person for r in flagged] == ["Kyrylo Budanov"]


def test_apposition_naming_another_official_is_not_a_role(extractor: Extractor) -> None:
    # the parser glues "Minister X, President Y" into an apposition: Y's title is not X's office
    from datetime import date

    text = (
        "Answering a request from German Defence Minister Christine Lambrecht, Swiss President "
        "Guy Parmelin said that Bern would not allow the re-export of the ammunition."
    )
    res = run(extractor, text, published=date(2022, 11, 3))
    by_person = {(r.person, r.correct) for r in res.role_claims}
    assert ("Christine Lambrecht", True) in by_person
    assert ("Christine Lambrecht", False) not in by_person
    assert all(r.stated_role[:3] != "to " for r in res.role_claims)


def test_president_of_an_organisation_is_its_head(extractor: Extractor) -> None:
    # "Commission President X": the head of the European Commission, not a head of state
    from datetime import date

    text = "Commission President Ursula von der Leyen welcomed the agreement in Brussels on Thursday."
    now = run(extractor, text, published=date(2024, 2, 2))
    assert [(r.stated_role, r.correct) for r in now.role_claims] == [("Commission President", True)]
    before = run(extractor, text, published=date(2018, 5, 1))
    assert [(r.correct, r.actual_role) for r in before.role_claims] == [(False, "German Defence Minister")]
