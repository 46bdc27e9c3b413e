"""CLI: `armswatch stories`, `armswatch stories rebuild`, `armswatch story ID` on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armswatch.cli import build_app
from armswatch.store import Store
from stories_fixtures import as_results, gold_claims, save

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stories-cli') / 'cli.db'}"
    with Store.open(url) as store:
        save(store, as_results(gold_claims()))
    return url


def test_rebuild_then_list_as_json(db: str) -> None:
    app = build_app()
    r = runner.invoke(app, ["stories", "rebuild", "--db", db])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("18 stories")
    r = runner.invoke(
        app, ["stories", "--db", db, "--supplier", "PRK", "--recipient", "RUS", "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert len(data) == 2
    assert {d["title"] for d in data} == {
        "North Korea → Russia: 152 mm and 122 mm artillery shells, Grad rockets, munitions",
        "North Korea → Russia: KN-23, Hwasong-11, KN-24",
    }
    assert all(d["timeline"] and d["corroboration"]["independent_sources"] >= 5 for d in data)


def test_table_and_story_view(db: str) -> None:
    app = build_app()
    runner.invoke(app, ["stories", "rebuild", "--db", db])
    r = runner.invoke(app, ["stories", "--db", db, "--text", "Shahed"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Shahed-136" in r.output and "IRN→RUS" in r.output
    listed = json.loads(
        runner.invoke(app, ["stories", "--db", db, "--text", "Shahed", "--format", "json"]).output
    )
    sid = listed[0]["id"]
    r = runner.invoke(app, ["story", sid, "--db", db], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    for expected in (
        "Iran → Russia",
        "timeline",
        "DENIAL",
        "Gulf Observer",
        "https://www.kyivledger.example/",
        "Iran has delivered Shahed-136 attack drones to Russia",
        "2022-09-14",
    ):
        assert expected in r.output, expected
    r = runner.invoke(app, ["story", sid[:10], "--db", db, "--format", "json"])
    assert json.loads(r.output)["id"] == sid


def test_errors_are_one_line_with_exit_codes(db: str) -> None:
    app = build_app()
    r = runner.invoke(app, ["story", "sty-doesnotexist", "--db", db])
    assert r.exit_code == 1 and "E601" in r.output
    r = runner.invoke(app, ["stories", "--db", db, "--format", "xml"])
    assert r.exit_code == 2 and "E602" in r.output
    r = runner.invoke(app, ["stories", "--db", db, "--since", "yesterday"])
    assert r.exit_code == 2 and "E602" in r.output
    r = runner.invoke(app, ["stories", "--db", db, "--status", "rumoured"])
    assert r.exit_code == 2 and "E602" in r.output
    r = runner.invoke(app, ["stories", "--db", db, "--category", "spaceships"])
    assert r.exit_code == 2 and "E602" in r.output and "ammunition" in r.output


def test_untrusted_text_is_not_rich_markup(tmp_path: Path) -> None:
    from dataclasses import replace

    from stories_fixtures import claim

    url = f"sqlite:///{tmp_path / 'm.db'}"
    c = replace(claim("m1", "2024-01-01"), evidence="[bold red]boom[/] shells went north.")
    with Store.open(url) as store:
        save(store, as_results([c]))
    app = build_app()
    runner.invoke(app, ["stories", "rebuild", "--db", url])
    sid = json.loads(runner.invoke(app, ["stories", "--db", url, "--format", "json"]).output)[0]["id"]
    r = runner.invoke(app, ["story", sid, "--db", url], env={"COLUMNS": "200"})
    assert "[bold red]boom[/]" in r.output
