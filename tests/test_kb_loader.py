"""Knowledge-base loader: validation errors, look-ups and dated offices, on the small test KB."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from armswatch.errors import KnowledgeBaseError
from armswatch.kb import KnowledgeBase, norm

SMALL = Path(__file__).parent / "data" / "kb_small"
FILES = ("parties", "companies", "systems", "officials", "offices", "cues", "centroids")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(SMALL)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the small KB, for breaking one file at a time."""
    d = tmp_path / "kb"
    shutil.copytree(SMALL, d)
    return d


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_small_kb_is_complete_and_valid(kb: KnowledgeBase) -> None:
    assert sorted(p.stem for p in SMALL.glob("*.yaml")) == sorted(FILES)
    s = kb.summary()
    assert (s["parties"], s["companies"], s["systems"], s["officials"]) == (14, 4, 8, 4)
    assert len(s["version"]) == 12


def test_version_changes_when_a_file_changes(kb: KnowledgeBase, kb_copy: Path) -> None:
    assert KnowledgeBase.load(kb_copy).version == kb.version
    _edit(kb_copy / "centroids.yaml", "lat: 40.1", "lat: 40.2")
    assert KnowledgeBase.load(kb_copy).version != kb.version


# -- rejected files: each error names the file ----------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "code"),
    [
        ("parties.yaml", "schema_version: 1", "schema_version: 2", "E202"),
        ("cues.yaml", "schema_version: 1", "schema_version: 0", "E202"),
        ("systems.yaml", "category: uav, origin: IRN", "category: drones, origin: IRN", "E201"),
        ("systems.yaml", "{term: howitzer, category: artillery", "{term: howitzer, category: guns", "E201"),
        ("companies.yaml", "state: TUR}", "state: XYZ}", "E204"),
        ("systems.yaml", "origin: PRK}", "origin: ZZZ}", "E204"),
        ("officials.yaml", "state: USA, title", "state: ATLANTIS, title", "E204"),
        ("centroids.yaml", "{id: AND,", "{id: ANX,", "E204"),
        ("systems.yaml", "{id: kestrel-7,", "{id: kn-23,", "E203"),
        ("parties.yaml", "{id: houthis,", "{id: hezbollah,", "E203"),
        ("officials.yaml", "id: dana-whitfield", "id: ivan-petrenko", "E203"),
        ("companies.yaml", "aliases: [Baykar Technology]", "aliases: [Baykar Technology", "E201"),
        ("officials.yaml", "    offices:\n", "    offices:\n   - {bad\n", "E201"),
        (
            "parties.yaml",
            "aliases: [Hizbollah, Hizballah]",
            "aliases: [Hizbollah, Hizballah, Ansar Allah]",
            "E205",
        ),
        (
            "companies.yaml",
            "aliases: [Northwind Arms Corp, Northwind]",
            "aliases: [Northwind Arms Corp, Moscow]",
            "E205",
        ),
        ("parties.yaml", "case_sensitive: [Turkey]", "case_sensitive: [Turkey, Turkei]", "E206"),
        ("systems.yaml", "case_sensitive: [Grad]", "case_sensitive: [GRAD]", "E206"),
        (
            "officials.yaml",
            "start: 2021-01-20, end: 2023-12-31",
            "start: 2021-01-20, end: 2020-12-31",
            "E201",
        ),
        ("officials.yaml", "kind: spokesperson,", "kind: press_officer,", "E201"),
        ("centroids.yaml", "lat: 40.1", "lat: 140.1", "E201"),
        ("parties.yaml", "context: [YEM]", "context: [YMN]", "E204"),
    ],
)
def test_bad_file_is_rejected_naming_it(kb_copy: Path, file: str, old: str, new: str, code: str) -> None:
    _edit(kb_copy / file, old, new)
    with pytest.raises(KnowledgeBaseError) as err:
        KnowledgeBase.load(kb_copy)
    assert err.value.code == code
    assert file in str(err.value)


def test_missing_file_is_rejected_naming_it(kb_copy: Path) -> None:
    (kb_copy / "offices.yaml").unlink()
    with pytest.raises(KnowledgeBaseError) as err:
        KnowledgeBase.load(kb_copy)
    assert err.value.code == "E201" and "offices.yaml" in str(err.value)


def test_top_level_list_is_rejected(kb_copy: Path) -> None:
    (kb_copy / "centroids.yaml").write_text("- PRK\n- RUS\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"centroids\.yaml.*not a mapping"):
        KnowledgeBase.load(kb_copy)


# -- look-ups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "party"),
    [
        ("North Korea", "PRK"),  # name
        ("DPRK", "PRK"),  # alias
        ("n. korea", "PRK"),  # alias, any case
        ("Pyongyang", "PRK"),  # capital
        ("the Kremlin", "RUS"),  # metonym
        ("THE  KREMLIN", "RUS"),  # spaces folded, case-insensitive
        ("Iranians", "IRN"),  # plural demonym
        ("Soviet", "SUN"),  # historical state
        ("Hizballah", "hezbollah"),  # group alias
        ("Baykar Technology", "TUR"),  # company → home state
        ("Northwind", "USA"),
        ("Bundeswehr", "DEU"),
        ("Türkiye", "TUR"),
        ("NATO", "NATO"),
        ("US", "USA"),  # case-sensitive form, right case
        ("AND", "AND"),  # ISO code in capitals
        ("SUN", "SUN"),
    ],
)
def test_party_resolves(kb: KnowledgeBase, surface: str, party: str) -> None:
    assert kb.party(surface) == party


@pytest.mark.parametrize("surface", ["us", "Us", "and", "sun", "turkey", "Atlantis", "the Pentagons", ""])
def test_party_refuses_common_words_and_unknowns(kb: KnowledgeBase, surface: str) -> None:
    assert kb.party(surface) is None


def test_group_slug_is_not_a_surface_form(kb: KnowledgeBase) -> None:
    assert kb.party("houthis") == "houthis"  # via the name "Houthis", not the slug
    assert kb.party("Houthi rebels") == "houthis"
    assert not any(f.kind == "code" and f.party == "hezbollah" for f in kb.surface_forms)


def test_surface_forms_list_every_kind_with_case_flags(kb: KnowledgeBase) -> None:
    kinds = {f.kind for f in kb.surface_forms}
    assert kinds == {"name", "alias", "demonym", "capital", "metonym", "company", "code"}
    flagged = {f.form for f in kb.surface_forms if f.case_sensitive}
    assert {"US", "Turkey", "AND", "SUN"} <= flagged
    assert "Pyongyang" not in flagged
    # 'USA' is an alias of the United States, so the code is not added a second time
    assert sum(1 for f in kb.surface_forms if f.key == "usa") == 1


def test_contextual_forms_need_their_context(kb: KnowledgeBase) -> None:
    assert kb.party("separatists") is None  # never in the plain look-up
    assert kb.contextual_party("the separatists", {"RUS", "UKR"}) == "donbas_separatists"
    assert kb.contextual_party("Separatists", {"RUS"}) is None  # no licensing party mentioned
    assert kb.contextual_party("rebels", {"YEM", "IRN"}) == "houthis"
    assert kb.contextual_party("rebels", {"YEM", "UKR"}) is None  # licensed for two groups: ambiguous
    assert kb.contextual_party("fighters", {"UKR"}) is None


def test_system_company_and_official_lookups(kb: KnowledgeBase) -> None:
    system = kb.system("geran-2")
    assert system is not None and system.id == "shahed-136" and system.category == "uav"
    assert kb.system("Hwasong-11") is not None
    assert kb.system("Kestrel 7") is not None and kb.system("Kestrel 8") is None
    company = kb.company("Rheinmetall AG")
    assert company is not None and company.state == "DEU"
    assert kb.company("Krupp") is None
    official = kb.official("Kirill Budanov")
    assert official is not None and official.id == "kyrylo-budanov"
    assert kb.official("Budanova") is None


def test_norm_straightens_quotes_and_dashes() -> None:
    assert norm("Russia\u2019s  Security\u00a0Council") == "russia's security council"
    assert norm("Shahed\u2011136") == "shahed-136"


# -- dated offices ---------------------------------------------------------------------------


def test_offices_at_includes_start_and_end_days(kb: KnowledgeBase) -> None:
    def titles(oid: str, day: str) -> list[str]:
        return [o.title for o in kb.offices_at(oid, date.fromisoformat(day))]

    assert titles("sergei-shoigu", "2012-11-05") == []
    assert titles("sergei-shoigu", "2012-11-06") == ["Russian Defence Minister"]
    assert titles("sergei-shoigu", "2024-05-12") == [
        "Russian Defence Minister",
        "Secretary of Russia's Security Council",
    ]
    assert titles("sergei-shoigu", "2024-09-13") == ["Secretary of Russia's Security Council"]
    assert titles("ivan-petrenko", "2022-06-30") == ["Ukraine's foreign minister"]
    assert titles("ivan-petrenko", "2022-07-01") == ["Ukraine's defence minister"]
    assert titles("dana-whitfield", "2024-01-01") == []
    assert titles("kyrylo-budanov", "2024-02-27") == ["head of Ukraine's Defence Intelligence (HUR)"]


def test_offices_at_unknown_official_raises(kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError):
        kb.offices_at("nobody", date(2024, 1, 1))
