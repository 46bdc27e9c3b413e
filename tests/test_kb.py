"""The shipped knowledge base: loads, meets the minimum sizes, is internally consistent and has
the facts the extraction and role check depend on."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from armswatch.kb import KnowledgeBase, norm
from armswatch.kb.loader import DATA_DIR
from armswatch.kb.models import OfficeKind
from armswatch.records import CATEGORIES

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _raw(name: str) -> dict[str, Any]:
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_minimum_sizes(kb: KnowledgeBase) -> None:
    states = [p for p in kb.parties.values() if p.kind == "state"]
    assert len(states) >= 193 + 1  # every UN member plus Taiwan
    assert len(kb.systems) >= 250
    assert len(kb.companies) >= 80
    assert len(kb.officials) >= 120
    assert len(kb.systems_file.generic_terms) >= 40


def test_every_file_has_version_and_sources() -> None:
    for path in sorted(DATA_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["schema_version"] == 1, path.name
        assert data["sources"] and all(isinstance(s, str) and s for s in data["sources"]), path.name


@pytest.mark.parametrize(
    ("file", "key"),
    [
        ("parties.yaml", "parties"),
        ("companies.yaml", "companies"),
        ("systems.yaml", "systems"),
        ("officials.yaml", "officials"),
    ],
)
def test_ids_unique_in_raw_files(file: str, key: str) -> None:
    ids = [e["id"] for e in _raw(file)[key]]
    assert len(ids) == len(set(ids))


def test_categories_and_office_kinds_are_schema_values(kb: KnowledgeBase) -> None:
    assert {s.category for s in kb.systems.values()} <= set(CATEGORIES)
    assert {g.category for g in kb.systems_file.generic_terms} == set(CATEGORIES)
    kinds = set(get_args(OfficeKind))
    assert {o.kind for off in kb.officials.values() for o in off.offices} <= kinds


def test_party_codes_have_the_right_shape(kb: KnowledgeBase) -> None:
    for p in kb.parties.values():
        if p.kind == "group":
            assert re.fullmatch(r"[a-z][a-z0-9_]*", p.id), p.id
        elif p.kind == "bloc":
            assert p.id in {"NATO", "EU"}
        else:
            assert re.fullmatch(r"[A-Z]{3}", p.id), p.id


def test_required_parties_present(kb: KnowledgeBase) -> None:
    needed = {
        "SUN",
        "DDR",
        "YUG",
        "CSK",
        "NATO",
        "EU",
        "TWN",
        "PSE",
        "hezbollah",
        "houthis",
        "hamas",
        "wagner",
        "taliban",
        "mujahideen",
        "donbas_separatists",
        "islamic_state",
        "pij",
        "pkk",
        "ypg",
        "peshmerga",
        "unita",
        "contras",
        "free_syrian_army",
        "lna",
        "rsf",
    }
    assert needed <= set(kb.parties)


def test_every_state_has_a_centroid(kb: KnowledgeBase) -> None:
    missing = [
        p.id
        for p in kb.parties.values()
        if p.kind in ("state", "historical_state") and p.id not in kb.centroids
    ]
    assert missing == []


def test_no_surface_form_names_two_parties() -> None:
    """Recomputed from the raw files, independently of the loader's own E205 check."""
    owners: dict[str, set[str]] = defaultdict(set)
    for p in _raw("parties.yaml")["parties"]:
        for key in ("aliases", "demonyms", "capitals", "metonyms"):
            for form in p.get(key, []):
                owners[norm(form)].add(p["id"])
        owners[norm(p["name"])].add(p["id"])
    for c in _raw("companies.yaml")["companies"]:
        for form in [c["name"], *c.get("aliases", [])]:
            owners[norm(form)].add(c["state"])
    conflicts = {form: sorted(ps) for form, ps in owners.items() if len(ps) > 1}
    assert conflicts == {}


def test_system_names_unique_and_apart_from_generic_terms(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for s in kb.systems.values():
        for form in (s.name, *s.aliases):
            owners[norm(form)].add(s.id)
    clashes = {f: sorted(ids) for f, ids in owners.items() if len(ids) > 1}
    assert clashes == {}
    generic: dict[str, set[str]] = defaultdict(set)
    for g in kb.systems_file.generic_terms:
        for form in (g.term, *g.forms):
            generic[norm(form)].add(g.term)
    assert {f: sorted(t) for f, t in generic.items() if len(t) > 1} == {}
    assert sorted(set(generic) & set(owners)) == []


def test_generic_terms_are_lower_case_or_acronyms(kb: KnowledgeBase) -> None:
    for g in kb.systems_file.generic_terms:
        assert g.term == g.term.lower() or g.term.isupper(), g.term


def test_calibres_are_plausible(kb: KnowledgeBase) -> None:
    for s in kb.systems.values():
        if s.caliber_mm is not None:
            assert 20 <= s.caliber_mm <= 610, s.id


def test_officials_org_ids_exist_with_matching_state(kb: KnowledgeBase) -> None:
    orgs = {o.id: o for o in kb.organisations()}
    for off in kb.officials.values():
        for o in off.offices:
            if o.org is not None:
                assert o.org in orgs, (off.id, o.org)
                assert orgs[o.org].state == o.state, (off.id, o.org)


@pytest.mark.parametrize(
    ("official", "day", "title"),
    [
        # the wrong-role cases of the dev set: what the person really was on the day
        ("sergei-shoigu", "2024-09-13", "Secretary of Russia's Security Council"),
        ("sergei-shoigu", "2023-08-31", "Russian Defence Minister"),
        ("antony-blinken", "2024-09-11", "U.S. Secretary of State"),
        ("kyrylo-budanov", "2024-02-27", "head of Ukraine's Defence Intelligence (HUR)"),
        ("caspar-weinberger", "1986-11-03", "U.S. Secretary of Defense"),
        ("alexander-haig", "1981-10-28", "U.S. Secretary of State"),
        ("oleksii-reznikov", "2023-04-19", "Ukraine's defence minister"),
        ("benny-gantz", "2022-10-19", "Israeli Defence Minister"),
        ("guy-parmelin", "2022-11-03", "Swiss economy minister"),
        ("guy-parmelin", "2021-06-01", "President of the Swiss Confederation"),
        ("khalid-al-attiyah", "2017-06-15", "Qatar's Minister of State for Defence Affairs"),
        ("shin-won-sik", "2024-02-27", "South Korean Defence Minister"),
        ("shin-won-sik", "2024-11-22", "South Korea's national security adviser"),
        ("lloyd-austin", "2022-04-08", "U.S. Secretary of Defense"),
        ("andrei-belousov", "2025-06-27", "Russian Defence Minister"),
    ],
)
def test_dated_offices(kb: KnowledgeBase, official: str, day: str, title: str) -> None:
    titles = [o.title for o in kb.offices_at(official, date.fromisoformat(day))]
    assert any(t.startswith(title) for t in titles), titles


@pytest.mark.parametrize(
    ("official", "day"),
    [
        ("sergei-shoigu", "2024-05-13"),
        ("antony-blinken", "2025-01-21"),
        ("oleksii-reznikov", "2023-09-06"),
        ("benny-gantz", "2022-12-30"),
        ("caspar-weinberger", "1987-11-24"),
        ("alexander-haig", "1982-07-06"),
    ],
)
def test_office_has_ended(kb: KnowledgeBase, official: str, day: str) -> None:
    kinds = {o.kind for o in kb.offices_at(official, date.fromisoformat(day))}
    assert "defence_minister" not in kinds and "foreign_minister" not in kinds


@pytest.mark.parametrize(
    ("surface", "party"),
    [
        ("Pyongyang", "PRK"),
        ("the Kremlin", "RUS"),
        ("Washington", "USA"),
        ("Kyiv", "UKR"),
        ("Tehran", "IRN"),
        ("Beijing", "CHN"),
        ("Whitehall", "GBR"),
        ("Downing Street", "GBR"),
        ("the Elysee", "FRA"),
        ("Zhongnanhai", "CHN"),
        ("The Hague", "NLD"),
        ("N. Korea", "PRK"),
        ("the U.S.", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("the Islamic Republic", "IRN"),
        ("Iranian", "IRN"),
        ("Soviet", "SUN"),
        ("Ukrainians", "UKR"),
        ("East German", "DDR"),
        ("Yugoslav", "YUG"),
        ("Türkiye", "TUR"),
        ("Houthi rebels", "houthis"),
        ("Afghan guerrillas", "mujahideen"),
        ("Kurdish peshmerga", "peshmerga"),
        ("Free Syrian Army", "free_syrian_army"),
        ("pro-Russian separatists", "donbas_separatists"),
        ("Wagner Group", "wagner"),
        ("Contra rebels", "contras"),
        ("UNITA", "unita"),
        ("Daesh", "islamic_state"),
        ("Baykar", "TUR"),
        ("Rheinmetall", "DEU"),
        ("Hanwha", "KOR"),
        ("Lockheed Martin", "USA"),
        ("BAE Systems", "GBR"),
        ("Rosoboronexport", "RUS"),
        ("Hyundai Rotem", "KOR"),
        ("Kupol", "RUS"),
    ],
)
def test_party_resolution(kb: KnowledgeBase, surface: str, party: str) -> None:
    assert kb.party(surface) == party


@pytest.mark.parametrize("surface", ["us", "chad", "turkey", "the north", "guinea", "is", "can", "and"])
def test_common_words_do_not_resolve(kb: KnowledgeBase, surface: str) -> None:
    assert kb.party(surface) is None


@pytest.mark.parametrize(
    ("surface", "system", "category"),
    [
        ("Geran-2", "shahed-136", "uav"),
        ("M142", "himars", "artillery"),
        ("Grad", "bm-21-grad", "artillery"),
        ("Grad rockets", "grad-rocket", "ammunition"),
        ("Hwasong-11", "kn-23", "missile"),
        ("S-400 Triumf", "s-400", "air_defence"),
        ("Patriot interceptors", "pac-3", "missile"),
        ("Stinger", "stinger", "missile"),
        ("Panzerfaust 3", "panzerfaust-3", "small_arms"),
        ("Leopard 2A6", "leopard-2", "armoured_vehicle"),
        ("Kilo-class", "kilo-class", "naval"),
        ("Gepard", "gepard", "air_defence"),
        ("SCALP-EG", "scalp-eg", "missile"),
        ("Humvee", "humvee", "other"),
    ],
)
def test_system_lookup(kb: KnowledgeBase, surface: str, system: str, category: str) -> None:
    found = kb.system(surface)
    assert found is not None and found.id == system and found.category == category


@pytest.mark.parametrize(
    ("surface", "official"),
    [
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Kim Jong-un", "kim-jong-un"),
        ("Kirill Budanov", "kyrylo-budanov"),
        ("Shoigu", "sergei-shoigu"),
        ("Erdogan", "recep-tayyip-erdogan"),
        ("Gen Nakatani", "gen-nakatani"),
    ],
)
def test_official_lookup(kb: KnowledgeBase, surface: str, official: str) -> None:
    found = kb.official(surface)
    assert found is not None and found.id == official


@pytest.mark.skipif(not DEV.exists(), reason=f"dev set not found at {DEV}")
def test_every_dev_party_is_known(kb: KnowledgeBase) -> None:
    codes = set()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        for t in json.loads(line)["transfers"]:
            codes |= {t["supplier"], t["recipient"]}
    assert sorted(codes - set(kb.parties)) == []


def test_shared_names_are_resolved_by_date(kb: KnowledgeBase) -> None:
    assert kb.officials_named("George Bush", date(1990, 10, 4))[0].id == "george-h-w-bush"
    assert kb.officials_named("George Bush", date(2003, 3, 20))[0].id == "george-w-bush"
    assert kb.officials_named("Nobody In Particular") == []


@pytest.mark.parametrize(
    ("surface", "mentioned", "group"),
    [
        ("the separatists", {"RUS", "UKR"}, "donbas_separatists"),
        ("rebels", {"USA", "AGO"}, "unita"),
        ("the rebels", {"USA", "NIC"}, "contras"),
        ("guerrillas", {"USA", "AFG", "SUN"}, "mujahideen"),
        ("Kurdish forces", {"DEU", "IRQ"}, "peshmerga"),
        ("rebels", {"UKR", "SYR"}, None),
        ("rebels", {"USA"}, None),
    ],
)
def test_contextual_group_forms(
    kb: KnowledgeBase, surface: str, mentioned: set[str], group: str | None
) -> None:
    assert kb.contextual_party(surface, mentioned) == group


def test_office_dates_are_in_range_and_ordered(kb: KnowledgeBase) -> None:
    for off in kb.officials.values():
        for o in off.offices:
            assert date(1940, 1, 1) <= o.start <= date(2026, 12, 31), off.id
            assert o.end is None or o.start <= o.end <= date(2026, 12, 31), off.id


def test_official_names_are_not_party_names(kb: KnowledgeBase) -> None:
    clashes = sorted(k for k in kb.official_names if k in kb.party_names)
    assert clashes == []
