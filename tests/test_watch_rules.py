"""Watch rules on story changes: pairs with *, categories, systems, minimum status, keywords, alert kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from armswatch.stories.model import Corroboration, Story, StoryChange, StoryItem, TimelineEntry
from armswatch.watch.config import RuleConfig
from armswatch.watch.rules import Rule, detect, evaluate

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def story(
    sid: str = "st-a",
    *,
    supplier: str = "PRK",
    recipient: str = "RUS",
    status: str = "alleged",
    systems: tuple[str, ...] = ("152 mm shell",),
    categories: tuple[str, ...] = ("ammunition",),
    qty: float | None = None,
    denied_by: tuple[str, ...] = (),
    claims: tuple[str, ...] = ("c1",),
    docs: tuple[str, ...] = ("d1",),
) -> Story:
    items = tuple(
        StoryItem(
            system=s,
            category=categories[0],
            quantity_value=qty if i == 0 else None,
            quantity_text=f"{qty:g}" if qty and i == 0 else None,
        )
        for i, s in enumerate(systems)
    )
    timeline = tuple(
        TimelineEntry(
            date=date(2024, 3, 1),
            doc_id=d,
            claim_id=c,
            outlet="Example News",
            url=f"https://news.example/{d}",
            title=None,
            status=status,
            evidence=f"Evidence sentence of {d}.",
            sources=(),
            changes=(),
        )
        for d, c in zip(docs, claims, strict=False)
    )
    return Story(
        id=sid,
        supplier=supplier,
        recipient=recipient,
        title=f"{supplier} → {recipient}: {', '.join(systems)}",
        first_seen=date(2024, 3, 1),
        last_updated=date(2024, 3, 1),
        status=status,
        status_by=("Seoul",),
        categories=categories,
        systems=systems,
        calibers_mm=(),
        items=items,
        denied_by=denied_by,
        corroboration=Corroboration(
            sources=("Seoul",), outlets=("Example News",), documents=len(docs), copies=0
        ),
        contradictions=(),
        timeline=timeline,
        claim_ids=claims,
        doc_ids=docs,
    )


def rule(**kw: object) -> Rule:
    return Rule.from_config(RuleConfig.model_validate({"name": "r", **kw}), ["hook"])


def alerts_for(changes: list[StoryChange], *rules: Rule) -> list[tuple[str, str]]:
    return [
        (a.kind, a.rule) for a, _ in evaluate(detect(changes), list(rules), link_base="http://x", now=NOW)
    ]


def test_new_story_alert_carries_link_changes_evidence() -> None:
    after = story()
    ch = StoryChange(story_id=after.id, kinds=("new_story",), before=None, after=after, new_doc_ids=("d1",))
    [(alert, sinks)] = evaluate(detect([ch]), [rule(pairs=["PRK:RUS"])], link_base="http://x/", now=NOW)
    assert alert.kind == "new_story" and sinks == ("hook",)
    assert alert.link == "http://x/stories/st-a" and alert.api_link == "http://x/api/v1/stories/st-a"
    assert (
        alert.evidence[0].quote == "Evidence sentence of d1."
        and alert.evidence[0].url == "https://news.example/d1"
    )
    assert "New story" in alert.changes[0].description


@pytest.mark.parametrize(
    ("pairs", "fires"),
    [
        (["PRK:RUS"], True),
        (["*:RUS"], True),
        (["PRK:*"], True),
        (["*:*"], True),
        (["IRN:RUS"], False),
        (["RUS:PRK"], False),
        (["IRN:*", "*:RUS"], True),
        (["prk:rus"], True),
    ],
)
def test_pairs_with_wildcards(pairs: list[str], fires: bool) -> None:
    after = story()
    ch = StoryChange(story_id=after.id, kinds=("new_story",), before=None, after=after)
    assert bool(alerts_for([ch], rule(pairs=pairs))) is fires


@pytest.mark.parametrize(
    ("kw", "fires"),
    [
        ({"categories": ["ammunition"]}, True),
        ({"categories": ["uav", "missile"]}, False),
        ({"systems": ["152 MM shell"]}, True),
        ({"systems": ["KN-23"]}, False),
        ({"min_status": "alleged"}, True),
        ({"min_status": "reported"}, False),
        ({"keywords": ["evidence sentence"]}, True),
        ({"keywords": ["Shahed"]}, False),
        ({"kinds": ["escalation"]}, False),
    ],
)
def test_rule_criteria(kw: dict[str, object], fires: bool) -> None:
    after = story()
    ch = StoryChange(story_id=after.id, kinds=("new_story",), before=None, after=after, new_doc_ids=("d1",))
    assert bool(alerts_for([ch], rule(**kw))) is fires


def test_escalations_status_system_category_quantity() -> None:
    before = story(qty=1000.0)
    after = replace(
        story(
            status="reported",
            systems=("152 mm shell", "KN-23"),
            categories=("ammunition", "missile"),
            qty=5000.0,
            claims=("c1", "c2"),
            docs=("d1", "d2"),
        ),
    )
    ch = StoryChange(
        story_id="st-a",
        before=before,
        after=after,
        new_doc_ids=("d2",),
        kinds=("new_category", "new_document", "new_system", "quantity_growth", "status_rise"),
    )
    [(alert, _)] = evaluate(detect([ch]), [rule()], link_base="http://x", now=NOW)
    assert alert.kind == "escalation"
    kinds = {c.kind: c for c in alert.changes}
    assert kinds["status_rise"].before == "alleged" and kinds["status_rise"].after == "reported"
    assert kinds["new_system"].after == ["KN-23"] and kinds["new_category"].after == ["missile"]
    assert kinds["quantity_growth"].before == "1000" and kinds["quantity_growth"].after == "5000"
    assert [e.document_id for e in alert.evidence] == ["d2"]


def test_new_source_only_is_not_an_alert() -> None:
    before = story()
    after = story(claims=("c1", "c2"), docs=("d1", "d2"))
    ch = StoryChange(story_id="st-a", before=before, after=after, kinds=("new_document", "new_source"))
    assert alerts_for([ch], rule()) == []


def test_denial_is_a_contradiction_even_below_min_status_of_after() -> None:
    before = story(status="reported")
    after = story(status="reported", denied_by=("PRK",), claims=("c1", "c2"), docs=("d1", "d2"))
    ch = StoryChange(story_id="st-a", before=before, after=after, kinds=("denial", "new_document"))
    assert alerts_for([ch], rule(min_status="reported")) == [("contradiction", "r")]
    assert alerts_for([ch], rule(kinds=["new_story", "escalation"])) == []


def test_regrouped_story_is_compared_with_the_removed_one() -> None:
    old = story("st-old", claims=("c1",), docs=("d1",))
    new = story("st-new", status="confirmed", claims=("c0", "c1"), docs=("d0", "d1"))
    changes = [
        StoryChange(story_id="st-new", kinds=("new_story",), before=None, after=new, new_doc_ids=("d0",)),
        StoryChange(story_id="st-old", kinds=("removed",), before=old, after=None),
    ]
    got = evaluate(detect(changes), [rule()], link_base="http://x", now=NOW)
    assert [(a.kind, a.story_id) for a, _ in got] == [("escalation", "st-new")]
    assert got[0][0].extra["previous_story_id"] == "st-old"


def test_alert_ids_are_deterministic_and_distinct_per_rule() -> None:
    after = story()
    ch = StoryChange(story_id=after.id, kinds=("new_story",), before=None, after=after)
    a1 = evaluate(detect([ch]), [rule()], link_base="http://x", now=NOW)[0][0]
    a2 = evaluate(detect([ch]), [rule()], link_base="http://x", now=datetime(2025, 1, 1, tzinfo=UTC))[0][0]
    other = Rule.from_config(RuleConfig(name="other"), ["hook"])
    a3 = evaluate(detect([ch]), [other], link_base="http://x", now=NOW)[0][0]
    assert a1.id == a2.id and a1.id != a3.id
