"""The parse-independent fallback frames (``extract/surface.py``) on sentences written for these tests."""

from __future__ import annotations

import pytest

from armswatch.extract.api import Extractor
from armswatch.extract.frames import Frame, _party_span_at
from armswatch.extract.surface import SURFACE_CUE, SurfaceFinder, attribution_phrase
from armswatch.records import Document
from extract_fixtures import pairs, run, shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()


def _surface(ex: Extractor, text: str) -> list[Frame]:
    """Run the fallback on every sentence of ``text`` as if the dependency frames had found nothing."""
    doc = ex.nlp(ex._make_doc(Document(id="s", text=text)))
    finder = SurfaceFinder(ex.nlp.get_pipe("armswatch_frames_v1").ctx)
    return finder.find(doc, [], _party_span_at(doc), lambda _tok: False)


def _roles(frames: list[Frame]) -> set[tuple[str, str]]:
    return {(s, r) for f in frames for s in f.suppliers for r in f.recipients}


@pytest.mark.parametrize(
    ("text", "pair", "category"),
    [
        # active give verb, to-recipient, trailing attribution naming a third state
        (
            "Iran has delivered Shahed-131 drones to Russia, Ukraine's air force said after downing one.",
            ("IRN", "RUS"),
            "uav",
        ),
        # party right after the verb: double object
        (
            "North Korea has handed Russia 152 mm shells, said a Ukrainian intelligence officer.",
            ("PRK", "RUS"),
            "ammunition",
        ),
        # receiving verb with a from-supplier
        (
            "Armenia has bought Pinaka rocket launchers from India, an Indian official said.",
            ("IND", "ARM"),
            "artillery",
        ),
        # participle with a by-supplier and an arrival verb for the recipient
        (
            "The first Patriot batteries supplied by Germany have arrived in Ukraine, officials said.",
            ("DEU", "UKR"),
            "air_defence",
        ),
        # item origin as supplier, arrival verb with a direct place
        (
            "German Leopard 2 tanks will reach Ukraine in spring, the minister said.",
            ("DEU", "UKR"),
            "armoured_vehicle",
        ),
        # passive with a to-recipient and a by-supplier
        (
            "Hundreds of Shahed drones have been shipped to Russia by Iran, officials said.",
            ("IRN", "RUS"),
            "uav",
        ),
        # participle with a by-supplier and a be-located recipient
        (
            "Storm Shadow missiles supplied by Britain are now in Ukraine, a spokesman said.",
            ("GBR", "UKR"),
            "missile",
        ),
    ],
)
def test_surface_patterns(extractor: Extractor, text: str, pair: tuple[str, str], category: str) -> None:
    frames = _surface(extractor, text)
    assert _roles(frames) == {pair}
    assert all(SURFACE_CUE in f.cues for f in frames)
    assert category in {it.category for f in frames for it in f.items}


@pytest.mark.parametrize(
    "text",
    [
        # a refusal is not a transfer
        "Germany will not send Taurus missiles to Ukraine, the chancellor told reporters.",
        # a blocked sale
        "Washington blocked the sale of F-35 jets to Turkey over its purchase plans.",
        # only one party in the asserted clause: the attribution's state is never a role
        "Iran has supplied drones to the front line, Ukraine's armed forces said.",
        # combat use: no transfer trigger at all
        "Russia fired Iskander missiles at Kharkiv overnight, Ukraine's air force said.",
    ],
)
def test_surface_rejects(extractor: Extractor, text: str) -> None:
    assert _roles(_surface(extractor, text)) == set()


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Ukraine has already fired the ATACMS missiles supplied by Washington, a spokesman said.",
            ("USA", "UKR"),
        ),
        (
            "Ukrainian gunners are now using the howitzers that Canada provided, their commander said.",
            ("CAN", "UKR"),
        ),
    ],
)
def test_user_of_supplied_materiel_is_recipient(
    extractor: Extractor, text: str, pair: tuple[str, str]
) -> None:
    assert _roles(_surface(extractor, text)) == {pair}


def test_target_of_supplied_materiel_is_not_recipient(extractor: Extractor) -> None:
    text = "Russia shot down Storm Shadow missiles supplied by Britain, its defence ministry said."
    assert _roles(_surface(extractor, text)) == set()


def test_launcher_named_for_munition_is_not_an_item(extractor: Extractor) -> None:
    frames = _surface(extractor, "North Korea has handed Russia rockets for Grad launchers, officials said.")
    assert _roles(frames) == {("PRK", "RUS")}
    assert {it.category for f in frames for it in f.items} == {"ammunition"}


def test_attribution_phrase_read_off_word_order(extractor: Extractor) -> None:
    lex = extractor.nlp.get_pipe("armswatch_frames_v1").ctx.lexicon
    doc = extractor.nlp("Iran has delivered drones to Russia, Ukraine's armed forces said.")
    assert attribution_phrase(next(iter(doc.sents)), lex.attribution_verbs) == "Ukraine's armed forces"
    doc = extractor.nlp("Pyongyang has handed Moscow shells, said Kyrylo Budanov, a spy chief.")
    assert attribution_phrase(next(iter(doc.sents)), lex.attribution_verbs) == "Kyrylo Budanov"


@pytest.mark.parametrize(
    ("text", "pair", "category", "status"),
    [
        (
            "Iran has delivered Shahed-131 drones to Russia, Ukraine's air force said after downing one.",
            ("IRN", "RUS"),
            "uav",
            "reported",
        ),
        (
            "The United States quietly shipped ATACMS missiles with cluster warheads to Ukraine last month, "
            "two US officials confirmed.",
            ("USA", "UKR"),
            "missile",
            "reported",
        ),  # unnamed, counted officials: not the supplier on record (stories/unseen gold agree)
        (
            "North Korea transferred Hwasong-11 missiles to Russia in breach of UN resolutions, a panel of "
            "experts said.",
            ("PRK", "RUS"),
            "missile",
            "reported",
        ),
        (
            "Howitzers donated by Canada arrived in Ukraine this week.",
            ("CAN", "UKR"),
            "artillery",
            "confirmed",
        ),
    ],
)
def test_end_to_end_claims(
    extractor: Extractor, text: str, pair: tuple[str, str], category: str, status: str
) -> None:
    got = pairs(run(extractor, text))
    assert pair in got
    claim = got[pair]
    assert category in claim.categories  # type: ignore[attr-defined]
    assert claim.status == status  # type: ignore[attr-defined]


def test_refusal_yields_no_claim(extractor: Extractor) -> None:
    got = pairs(run(extractor, "Germany will not send Taurus missiles to Ukraine, the chancellor said."))
    assert ("DEU", "UKR") not in got


def test_surface_frames_get_lower_confidence(extractor: Extractor) -> None:
    from armswatch.extract.assemble import frame_confidence

    frames = _surface(extractor, "Iran has delivered Shahed-131 drones to Russia, Ukraine's air force said.")
    assert frames and all(frame_confidence(f) <= 0.7 for f in frames)
