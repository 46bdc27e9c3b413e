"""Stories in the database (SQLite and PostgreSQL): incremental update == full rebuild, changes,
listing and lookup, migration."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import inspect

from armswatch.records import Quantity
from armswatch.store import Store, migrate
from armswatch.store.stories_repo import (
    StoryFilter,
    count_stories,
    fingerprint,
    get_story,
    list_stories,
    load_story_claims,
    story_ids_for_documents,
)
from armswatch.stories.build import build_stories
from armswatch.stories.update import rebuild_stories, story_updater, update_stories
from store_fixtures import db_url, pg_session_url  # noqa: F401
from stories_fixtures import as_results, claim, gold_claims, naming, save


def _stored(store: Store) -> dict[str, str]:
    return {s.id: fingerprint(s) for s in list_stories(store.engine)}


def test_migration_creates_and_drops_story_tables(db_url: str) -> None:  # noqa: F811
    with Store.open(db_url) as store:
        names = set(inspect(store.engine).get_table_names())
        assert {"stories", "story_claims", "story_events"} <= names
        assert "0002_stories" in _revision_chain(store)


def _revision_chain(store: Store) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(store.engine))
    return {r.revision for r in script.walk_revisions()}


def test_incremental_update_equals_full_rebuild(db_url: str) -> None:  # noqa: F811
    """Batches arrive out of date order (backfill included); after each committed batch the
    stories are updated; the end state equals a rebuild and the pure clustering of all claims."""
    rows = as_results(gold_claims())
    random.Random(11).shuffle(rows)
    nm = naming()
    all_changes = []
    with Store.open(db_url) as store:
        for i in range(0, len(rows), 9):
            saved = save(store, rows[i : i + 9])
            all_changes.extend(update_stories(store.engine, saved, naming=nm))
        incremental = _stored(store)
        assert len(incremental) == 18
        assert rebuild_stories(store.engine, naming=nm) == []  # nothing to change
        assert _stored(store) == incremental
        with store.engine.connect() as conn:
            claims = load_story_claims(conn, {(s.supplier, s.recipient) for s in list_stories(store.engine)})
        pure = {s.id: fingerprint(s) for s in build_stories(claims, nm)}
        assert pure == incremental
        assert any("new_story" in c.kinds for c in all_changes)
        assert any("removed" in c.kinds for c in all_changes)  # a backfilled earlier report took over


def test_in_order_batches_resume_and_equal_rebuild(db_url: str) -> None:  # noqa: F811
    """Reports arriving in date order take the resume path; the result still equals a rebuild."""
    from armswatch.stories.model import StoryClaim

    rows = as_results(sorted(gold_claims(), key=StoryClaim.sort_key))
    nm = naming()
    with Store.open(db_url) as store:
        changes = []
        for i in range(0, len(rows), 10):
            changes.extend(update_stories(store.engine, save(store, rows[i : i + 10]), naming=nm))
        incremental = _stored(store)
        assert not any("removed" in c.kinds for c in changes)
        assert rebuild_stories(store.engine, naming=nm) == []
        assert _stored(store) == incremental and len(incremental) == 18


def test_update_returns_changes_for_watch(db_url: str) -> None:  # noqa: F811
    nm = naming()
    first = claim("w1", "2023-09-01", status="alleged", systems=("artillery shell",), sources=("officials",))
    later = claim(
        "w2",
        "2023-11-01",
        status="reported",
        systems=("152 mm artillery shell",),
        sources=("NIS",),
        quantity=Quantity("one million", 1e6),
        outlet="Outlet B",
    )
    denial = claim("w3", "2023-11-02", status="denied", sources=("Kremlin",), denied_by=("RUS",))
    with Store.open(db_url) as store:
        (c1,) = update_stories(store.engine, save(store, as_results([first])), naming=nm)
        assert c1.kinds == ("new_story",) and c1.before is None and c1.after is not None
        (c2,) = update_stories(store.engine, save(store, as_results([later])), naming=nm)
        assert c2.story_id == c1.story_id
        assert {"status_rise", "new_system", "new_source", "new_document"} <= set(c2.kinds)
        assert c2.new_doc_ids == ("w2",)
        assert c2.evidence == (later.evidence,)
        (c3,) = update_stories(store.engine, save(store, as_results([denial])), naming=nm)
        assert "denial" in c3.kinds
        story = get_story(store.engine, c1.story_id)
        assert story is not None and story.denied_by == ("RUS",)
        assert [x.kind for x in story.contradictions] == ["denial"]
        assert update_stories(store.engine, [], naming=nm) == []
        assert update_stories(store.engine, ["w2"], naming=nm) == []  # nothing new: no change


def test_story_updater_hook_collects_changes(db_url: str) -> None:  # noqa: F811
    with Store.open(db_url) as store:
        hook = story_updater(store.engine, naming())
        hook(save(store, as_results([claim("h1", "2024-01-01")])))
        hook(
            save(store, as_results([claim("h2", "2024-01-02", pair=("IRN", "RUS"), systems=("Shahed-136",))]))
        )
        assert len(hook.changes) == 2
        assert story_ids_for_documents(store.engine, ["h1", "h2"]).keys() == {"h1", "h2"}


def test_list_filters_and_get_by_prefix(db_url: str) -> None:  # noqa: F811
    with Store.open(db_url) as store:
        for d, r, m in as_results(gold_claims()):
            save(store, [(d, r, m)])
        rebuild_stories(store.engine, naming=naming())
        assert count_stories(store.engine) == 18
        prk = list_stories(store.engine, StoryFilter(supplier="prk", recipient="RUS"))
        assert len(prk) == 2
        assert [
            s.id for s in list_stories(store.engine, StoryFilter(category="missile", supplier="PRK"))
        ] == [s.id for s in prk if "missile" in s.categories]
        assert all(
            s.status == "confirmed" for s in list_stories(store.engine, StoryFilter(status="confirmed"))
        )
        recent = list_stories(store.engine, StoryFilter(since=date(2024, 6, 1)))
        assert recent and all(s.last_updated and s.last_updated >= date(2024, 6, 1) for s in recent)
        assert len(list_stories(store.engine, StoryFilter(text="atacms"))) == 1
        assert len(list_stories(store.engine, StoryFilter(limit=5))) == 5
        dated = list_stories(store.engine)
        assert [s.last_updated for s in dated] == sorted((s.last_updated for s in dated), reverse=True)
        full = prk[0]
        assert get_story(store.engine, full.id) == full
        assert get_story(store.engine, full.id[:12]) == full
        assert get_story(store.engine, "sty-nope") is None
        assert len(list_stories(store.engine, StoryFilter(min_sources=5))) >= 2


@pytest.mark.parametrize("n", [1])
def test_rebuild_drops_stories_whose_claims_are_gone(db_url: str, n: int) -> None:  # noqa: F811
    from sqlalchemy import delete

    from armswatch.store.schema import documents

    with Store.open(db_url) as store:
        save(store, as_results([claim("g1", "2024-01-01")]))
        rebuild_stories(store.engine, naming=naming())
        assert count_stories(store.engine) == n
        with store.engine.begin() as conn:
            conn.execute(delete(documents).where(documents.c.id == "g1"))
        changes = rebuild_stories(store.engine, naming=naming())
        assert [c.kinds for c in changes] == [("removed",)]
        assert count_stories(store.engine) == 0


def test_update_inside_callers_transaction_rolls_back_with_it(db_url: str) -> None:  # noqa: F811
    from armswatch.store.engine import write_transaction
    from armswatch.stories.update import update_stories_in

    with Store.open(db_url) as store:
        ids = save(store, as_results([claim("t1", "2024-03-01")]))

        class Boom(Exception):
            pass

        with pytest.raises(Boom), write_transaction(store.engine) as conn:
            (change,) = update_stories_in(conn, ids, naming=naming())
            assert change.kinds == ("new_story",)
            raise Boom
        assert count_stories(store.engine) == 0  # rolled back with the caller
        with write_transaction(store.engine) as conn:
            assert len(update_stories_in(conn, ids, naming=naming())) == 1
        assert count_stories(store.engine) == 1


def test_undated_stories_list_last_on_every_backend(db_url: str) -> None:  # noqa: F811
    from dataclasses import replace as dc_replace

    undated = dc_replace(
        claim("u1", "2024-01-01", pair=("IRN", "RUS"), systems=("Shahed-136",)), published=None
    )
    with Store.open(db_url) as store:
        save(store, as_results([undated, claim("u2", "2023-01-01")]))
        rebuild_stories(store.engine, naming=naming())
        listed = list_stories(store.engine)
        assert [s.first_seen for s in listed] == [date(2023, 1, 1), None]
        assert listed[1].timeline[0].date is None
