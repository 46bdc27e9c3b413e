"""Watch configuration: TOML parsing, durations, pairs, validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.errors import WatchError
from armswatch.watch.config import load_config, parse_duration, parse_pair

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "watch.toml"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30s", 30.0),
        ("5m", 300.0),
        ("1.5h", 5400.0),
        ("2d", 172800.0),
        ("250ms", 0.25),
        ("10", 10.0),
        (7, 7.0),
    ],
)
def test_parse_duration(value: str | int, seconds: float) -> None:
    assert parse_duration(value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["", "5 minutes", "-3s", "0s", "m5"])
def test_parse_duration_rejects(value: str) -> None:
    with pytest.raises(WatchError, match="E702"):
        parse_duration(value)


def test_parse_pair() -> None:
    assert parse_pair("PRK:RUS") == ("PRK", "RUS")
    assert parse_pair("*:UKR") == ("*", "UKR")
    assert parse_pair("hezbollah:*") == ("hezbollah", "*")
    for bad in ("PRK", "PRK:RUS:IRN", "PRK:", "P R K:RUS"):
        with pytest.raises(WatchError, match="E703"):
            parse_pair(bad)


def test_full_config(tmp_path: Path) -> None:
    p = tmp_path / "w.toml"
    p.write_text(
        """
[watch]
link_base = "https://armswatch.example.org"

[delivery]
backoff_base = "2s"
backoff_max = "10m"

[[sources]]
url = "https://news.example.org/feed.xml"
every = "10m"

[[sources]]
path = "inbox"
every = "30s"

[[rules]]
name = "dprk-russia"
pairs = ["PRK:RUS", "*:UKR"]
categories = ["ammunition"]
min_status = "reported"
keywords = ["shell"]
sinks = ["hook"]

[[sinks]]
name = "hook"
type = "webhook"
url = "https://hooks.example.org/x"
secret_env = "WATCH_TEST_SECRET"

[[sinks]]
type = "email"
from = "armswatch@example.org"
to = ["desk@example.org"]
port = 2525
""",
        encoding="utf-8",
    )
    cfg = load_config(p)
    assert [s.every for s in cfg.sources] == [600.0, 30.0]
    assert cfg.delivery.backoff_base == 2.0 and cfg.delivery.backoff_max == 600.0
    assert cfg.rules[0].parsed_pairs() == [("PRK", "RUS"), ("*", "UKR")]
    assert cfg.sinks_for(cfg.rules[0]) == ["hook"]
    assert cfg.sinks[1].name == "email" and cfg.sinks[1].sender == "armswatch@example.org"
    assert cfg.sources[1].key.startswith("file:/")


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('[[sources]]\nurl = "ftp://x/feed"\n', "sources.0"),
        ('[[sources]]\nurl = "https://a/f"\npath = "x"\n', "exactly one"),
        ('[[sources]]\nurl = "https://a/f"\nevery = "soon"\n', "soon"),
        ('[[rules]]\nname = "r"\npairs = ["PRKRUS"]\n', "PRKRUS"),
        ('[[rules]]\nname = "r"\nmin_status = "rumoured"\n', "rumoured"),
        ('[[rules]]\nname = "r"\nsinks = ["nope"]\n', "unknown sink 'nope'"),
        ('[[sinks]]\ntype = "pager"\n', "sinks.0"),
        ('[[sinks]]\ntype = "jsonl"\npath = "a"\n[[sinks]]\ntype = "jsonl"\npath = "b"\n', "repeated: jsonl"),
        ("[watch\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path: Path, toml: str, needle: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(toml, encoding="utf-8")
    with pytest.raises(WatchError) as info:
        load_config(p)
    msg = str(info.value)
    assert msg.startswith("[E701]") and str(p) in msg and needle in msg and "\n" not in msg


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(WatchError, match="E701"):
        load_config(tmp_path / "nope.toml")


def test_example_config_is_valid() -> None:
    cfg = load_config(EXAMPLE)
    assert cfg.sources and cfg.rules and cfg.sinks


def test_quick_config_from_command_line_options() -> None:
    from armswatch.watch.config import quick_config

    cfg = quick_config(
        ["https://news.example.org/rss", "inbox/"],
        every="5m",
        pairs=["PRK:RUS", "*:UKR"],
        min_status="reported",
        webhook="https://hooks.example.org/a",
        secret="s",
        jsonl="alerts.jsonl",
    )
    assert [(s.url, s.path, s.every) for s in cfg.sources] == [
        ("https://news.example.org/rss", None, 300.0),
        (None, "inbox/", 300.0),
    ]
    assert [s.name for s in cfg.sinks] == ["terminal", "webhook", "jsonl"]
    assert cfg.sinks[1].resolved_secret() == "s"  # type: ignore[union-attr]
    assert cfg.rules[0].pairs == ["PRK:RUS", "*:UKR"] and cfg.rules[0].min_status == "reported"


def test_quick_config_extends_a_config_file(tmp_path: Path) -> None:
    from armswatch.watch.config import quick_config

    base = load_config(EXAMPLE)
    cfg = quick_config(["extra/"], every="30s", base=base, terminal=False)
    assert len(cfg.sources) == len(base.sources) + 1 and cfg.rules == base.rules
    assert [s.name for s in cfg.sinks] == [s.name for s in base.sinks]


def test_cli_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("armswatch"))
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\nname = "r"\npairs = ["PRK-RUS"]\n', encoding="utf-8")
    r = subprocess.run([exe, "watch", "--config", str(bad)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "PRK-RUS" in r.stderr
    r = subprocess.run([exe, "watch", "x/", "--every", "soon"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "'soon'" in r.stderr
    r = subprocess.run([exe, "watch"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "E708" in r.stderr
    r = subprocess.run(
        [exe, "alerts", "--db", f"sqlite:///{tmp_path / 'a.db'}", "--since", "last week"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "last week" in r.stderr
