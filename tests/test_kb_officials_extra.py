"""Dated offices of the officials added for thinly covered states: the role check accepts a
stated office held on the publication day and flags one the person did not hold then."""

from __future__ import annotations

from datetime import date

import pytest

from armswatch.extract.api import Extractor
from extract_fixtures import run, shared_extractor

PRABOWO = "Indonesia's defence minister, Prabowo Subianto, said Jakarta would buy 42 Rafale jets from France."


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The shared pipeline (loaded once per session)."""
    return shared_extractor()


def _roles(extractor: Extractor, text: str, day: date) -> dict[str, bool]:
    res = run(extractor, text, published=day)
    return {r.person: r.correct for r in res.role_claims}


@pytest.mark.parametrize(
    ("text", "day", "person", "correct"),
    [
        # Prabowo left the defence ministry on becoming president (2024-10-20)
        (
            PRABOWO,
            date(2022, 6, 1),
            "Prabowo Subianto",
            True,
        ),
        (
            PRABOWO,
            date(2025, 1, 15),
            "Prabowo Subianto",
            False,
        ),
        # Marles has been Australia's defence minister since May 2022; Dutton held it before
        (
            "Australian Defence Minister Richard Marles said Canberra would acquire submarines "
            "from the United States.",
            date(2023, 3, 14),
            "Richard Marles",
            True,
        ),
        (
            "Australian Defence Minister Peter Dutton said Canberra would acquire HIMARS launchers "
            "from the United States.",
            date(2024, 8, 5),
            "Peter Dutton",
            False,
        ),
        # Anita Anand moved from defence (to 2023) to foreign affairs (2025)
        (
            "Canada's defence minister Anita Anand said Ottawa would send armoured vehicles to Ukraine.",
            date(2025, 9, 1),
            "Anita Anand",
            False,
        ),
        # "foreign policy chief" states the EU High Representative's office (kind foreign_minister)
        (
            "EU foreign policy chief Josep Borrell said member states had sent a million shells to Ukraine.",
            date(2023, 11, 14),
            "Josep Borrell",
            True,
        ),
        (
            "EU foreign policy chief Josep Borrell said member states had sent a million shells to Ukraine.",
            date(2025, 6, 2),
            "Josep Borrell",
            False,
        ),
    ],
)
def test_added_officials_role_check(
    extractor: Extractor, text: str, day: date, person: str, correct: bool
) -> None:
    roles = _roles(extractor, text, day)
    assert person in roles, roles
    assert roles[person] is correct, roles
