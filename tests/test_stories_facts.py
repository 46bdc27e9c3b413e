"""Story facts: titles, corroboration with near-duplicates, contradictions, timeline, changes."""

from __future__ import annotations

from dataclasses import replace

from armswatch.records import Quantity
from armswatch.stories.build import Naming, build_stories, build_story, diff_stories
from armswatch.stories.contradictions import find_contradictions
from armswatch.stories.corroboration import corroborate
from armswatch.stories.model import RoleError, Story
from armswatch.stories.normalise import source_key
from armswatch.stories.titles import make_title, pluralise, title_phrases
from stories_fixtures import claim, gold_claims, naming


# -- titles -------------------------------------------------------------------------------------
def test_title_from_the_issue_example() -> None:
    systems = ["152 mm artillery shell", "122 mm artillery shell", "artillery shell", "Grad rocket"]
    title = make_title("North Korea", "Russia", systems, ["ammunition"])
    assert title == "North Korea → Russia: 152 mm and 122 mm artillery shells, Grad rockets"


def test_title_keeps_designations_and_falls_back_to_categories() -> None:
    assert make_title("Iran", "Russia", ["Shahed-136"], ["uav"]) == "Iran → Russia: Shahed-136"
    assert make_title("Iran", "Russia", [], ["uav", "missile"]) == "Iran → Russia: drones, missiles"
    assert make_title("X", "Y", [], []) == "X → Y: military equipment"
    assert pluralise("HIMARS") == "HIMARS"
    assert pluralise("ammunition") == "ammunition"
    assert pluralise("battery") == "batteries"
    assert title_phrases(["a", "b", "c", "d"]) == ["as", "bs", "cs"]


def test_story_title_uses_kb_party_names() -> None:
    stories = build_stories(gold_claims(), naming())
    titles = {s.title for s in stories}
    assert "North Korea → Russia: 152 mm and 122 mm artillery shells, Grad rockets, munitions" in titles
    assert "North Korea → Russia: KN-23, Hwasong-11, KN-24" in titles
    assert "Iran → Russia: Shahed-136, drones" in titles


# -- corroboration ----------------------------------------------------------------------------
def test_near_duplicate_copies_count_once() -> None:
    a = claim("d1", "2023-09-01", sources=("NIS", "Yonhap"), outlet="Seoul Wire")
    copy1 = replace(a, claim_id="c2", doc_id="d2", outlet="Herald", dup_group="d1")
    copy2 = replace(a, claim_id="c3", doc_id="d3", outlet="Courier", dup_group="d1")
    b = claim("d4", "2023-09-03", sources=("White House",), outlet="Herald")
    c = corroborate([a, copy1, copy2, b])
    assert c.independent_sources == 2  # NIS, White House (Yonhap is an intermediary)
    assert c.distinct_outlets == 2  # Seoul Wire, Herald; the copies add none
    assert (c.documents, c.copies) == (4, 2)


def test_denials_do_not_corroborate_and_unattributed_counts_the_outlet() -> None:
    a = claim("d1", "2023-09-01", sources=(), outlet="Ledger")
    d = claim("d2", "2023-09-02", status="denied", sources=("Kremlin",), outlet="Review", denied_by=("RUS",))
    c = corroborate([a, d])
    assert c.sources == ("Ledger",)
    assert c.outlets == ("Ledger",)


def test_source_names_are_normalised() -> None:
    kb = naming()
    assert source_key("the U.S. officials", kb.party_of) == source_key("US officials", kb.party_of)
    assert source_key("South Korea's defence ministry", kb.party_of) == source_key(
        "South Korean defence ministry", kb.party_of
    )
    assert source_key("NIS") != source_key("White House")


# -- contradictions ---------------------------------------------------------------------------
def test_denial_against_reports_is_flagged() -> None:
    a = claim("d1", "2023-09-01")
    d = claim("d2", "2023-09-05", status="denied", sources=("Dmitry Peskov",), denied_by=("RUS",))
    kinds = [x.kind for x in find_contradictions([a, d])]
    assert kinds == ["denial"]
    assert find_contradictions([a]) == ()
    assert find_contradictions([d]) == ()  # a denial with nothing to contradict


def test_quantities_more_than_a_factor_two_apart_are_flagged() -> None:
    q1 = claim("d1", "2023-11-01", quantity=Quantity("one million", 1e6))
    q3 = claim("d2", "2024-02-26", quantity=Quantity("three million", 3e6))
    q15 = claim("d3", "2023-12-01", quantity=Quantity("1.5 million", 1.5e6))
    found = find_contradictions([q1, q3])
    assert [x.kind for x in found] == ["quantity"]
    assert set(found[0].doc_ids) == {"d1", "d2"}
    assert find_contradictions([q1, q15]) == ()
    other_item = replace(q3, systems=("KN-23",))
    assert find_contradictions([q1, other_item]) == ()
    same_group = replace(q3, dup_group="d1")
    assert find_contradictions([q1, same_group]) == ()


def test_role_errors_in_story_documents_are_flagged() -> None:
    err = RoleError(
        "Kyrylo Budanov", "head of Russia's Main Intelligence Directorate", "head of Ukraine's HUR"
    )
    a = claim("d1", "2023-11-20", role_errors=(err,))
    found = find_contradictions([a, claim("d2", "2023-11-21")])
    assert [x.kind for x in found] == ["role_error"]
    assert "Budanov" in found[0].summary and found[0].doc_ids == ("d1",)


# -- facts and timeline -----------------------------------------------------------------------
def _shells_story() -> Story:
    c1 = claim("d1", "2023-09-14", status="alleged", systems=("artillery shell",), sources=("officials",))
    c2 = claim(
        "d2",
        "2023-11-01",
        systems=("152 mm artillery shell", "122 mm artillery shell"),
        quantity=Quantity("one million", 1e6),
        sources=("NIS",),
        outlet="Outlet B",
    )
    c3 = replace(c2, claim_id="clm-d3", doc_id="d3", outlet="Outlet C", dup_group="d2")
    c4 = claim(
        "d4", "2023-10-20", status="denied", sources=("Kremlin",), denied_by=("RUS",), outlet="Outlet D"
    )
    c5 = claim(
        "d5",
        "2024-02-26",
        status="confirmed",
        systems=("152 mm artillery shell",),
        quantity=Quantity("three million", 3e6),
        sources=("Shin Won-sik",),
    )
    return build_story([c1, c2, c3, c4, c5], Naming.plain())


def test_story_facts() -> None:
    s = _shells_story()
    assert s.status == "confirmed" and s.status_by == ("Shin Won-sik",)
    assert (s.first_seen.isoformat(), s.last_updated.isoformat()) == ("2023-09-14", "2024-02-26")  # type: ignore[union-attr]
    assert s.items[0].system == "152 mm artillery shell" and s.items[0].quantity_value == 3e6
    assert s.denied_by == ("RUS",)
    assert s.corroboration.independent_sources == 3  # officials, NIS, Shin Won-sik
    assert s.corroboration.distinct_outlets == 2  # Outlet A, Outlet B (copy C and denier D excluded)
    assert {x.kind for x in s.contradictions} == {"denial", "quantity"}


def test_timeline_says_what_each_document_added() -> None:
    s = _shells_story()
    assert [e.doc_id for e in s.timeline] == ["d1", "d4", "d2", "d3", "d5"]
    kinds = [[c.kind for c in e.changes] for e in s.timeline]
    assert kinds[0][0] == "first_report"
    assert "denial" in kinds[1]
    assert "new_system" in kinds[2] and "new_quantity" in kinds[2] and "status_change" in kinds[2]
    assert "new_source" in kinds[2]
    assert kinds[3] == ["copy"] and s.timeline[3].copy_of == "d2"
    assert "quantity_growth" in kinds[4] and "status_change" in kinds[4]
    growth = next(c for c in s.timeline[4].changes if c.kind == "status_change")
    assert growth.value == "reported → confirmed"


def test_story_round_trips_through_dict() -> None:
    s = _shells_story()
    assert Story.from_dict(s.to_dict()) == s


def test_diff_reports_kinds_of_change() -> None:
    s = _shells_story()
    before = build_story(
        [claim("d1", "2023-09-14", status="alleged", systems=("artillery shell",), sources=("officials",))],
        Naming.plain(),
    )
    assert before.id == s.id  # same founder, same id
    (change,) = diff_stories({before.id: before}, {s.id: s}, ["d2", "d3", "d4", "d5"])
    assert {"status_rise", "new_system", "denial", "new_source", "new_document"} <= set(change.kinds)
    assert change.before == before and change.after == s
    assert change.evidence
    (new,) = diff_stories({}, {s.id: s})
    assert new.kinds == ("new_story",)
    (gone,) = diff_stories({s.id: s}, {})
    assert gone.kinds == ("removed",) and gone.after is None
    assert diff_stories({s.id: s}, {s.id: s}) == []


def test_quantity_growth_is_a_change_kind() -> None:
    a = claim("d1", "2023-11-01", quantity=Quantity("one million", 1e6))
    b = claim("d2", "2024-02-26", quantity=Quantity("three million", 3e6))
    s1 = build_story([a], Naming.plain())
    s2 = build_story([a, b], Naming.plain())
    (change,) = diff_stories({s1.id: s1}, {s2.id: s2})
    assert "quantity_growth" in change.kinds


def test_a_calibre_read_as_an_amount_is_not_a_quantity() -> None:
    c = replace(
        claim("d1", "2023-09-01", systems=("122 mm artillery shell", "152 mm artillery shell")),
        calibers_mm=(122, 152),
        quantity=Quantity("122- and 152-mm artillery shells", 122.0),
    )
    s = build_story([c], Naming.plain())
    assert all(i.quantity_value is None for i in s.items)
    summed = replace(c, quantity=Quantity("122- and 152-mm artillery shells", 274.0))  # calibres added up
    assert all(i.quantity_value is None for i in build_story([summed], Naming.plain()).items)
    with_amount = replace(c, quantity=Quantity("three million 152 mm shells", 3e6))
    assert build_story([with_amount], Naming.plain()).items[0].quantity_value == 3e6
    real = replace(c, quantity=Quantity("one million shells", 1e6))
    assert build_story([real], Naming.plain()).items[0].quantity_value == 1e6
