"""Latency from a new feed item appearing to a delivered webhook alert, with a real `armswatch watch`.

Everything is real and on loopback: a feed server (the item is added at a random moment within the
poll interval), the watcher as a subprocess (`armswatch watch --config ...`, SQLite, real extraction,
stories and rules), and a webhook receiver that can be slow (sleeps before answering) and fail the
first N attempts of every alert (HTTP 503), so the outbox's retries with backoff are on the path.

    .venv/bin/python benchmarks/watch_latency.py --every 10s --trials 8 --delay 2 --fail-first 2

Prints one line per trial and a summary (min / median / p90 / max), split into detection
(item added → first webhook attempt arrives) and delivery (first attempt → accepted).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from armswatch.watch.config import parse_duration  # noqa: E402
from watch_fixtures import ARTICLES, FeedServer, WebhookReceiver  # noqa: E402

# Short reports written for this benchmark: each names a different pair, so each makes a new story.
BENCH_ARTICLES = {
    "b1": (
        "Berlin sends IRIS-T",
        "2024-05-02",
        "Germany delivered IRIS-T air defence systems to Ukraine, the German defence ministry said",
    ),
    "b2": (
        "Caesar guns for Kyiv",
        "2024-05-03",
        "France sent Caesar howitzers to Ukraine, French officials said",
    ),
    "b3": (
        "Ankara's drones",
        "2024-05-04",
        "Turkey supplied Bayraktar TB2 drones to Ukraine, according to the Ukrainian defence ministry",
    ),
    "b4": (
        "Patriots for Warsaw",
        "2024-05-05",
        "The United States delivered Patriot missile systems to Poland, the Pentagon said",
    ),
    "b5": (
        "Minsk hands over tanks",
        "2024-05-06",
        "Belarus handed over T-72 tanks to Russia, Ukrainian intelligence said",
    ),
    "b6": (
        "Barak-8 for Baku",
        "2024-05-07",
        "Israel sold Barak-8 air defence missiles to Azerbaijan, officials in Baku said",
    ),
    "b7": (
        "CV90s to Ukraine",
        "2024-05-08",
        "Sweden delivered CV90 infantry fighting vehicles to Ukraine, the Swedish government said",
    ),
    "b8": (
        "NASAMS from Oslo",
        "2024-05-09",
        "Norway sent NASAMS air defence systems to Ukraine, the Norwegian defence ministry said",
    ),
}


def write_config(tmp: Path, feed: FeedServer, hook: WebhookReceiver, every: float) -> Path:
    cfg = tmp / "watch.toml"
    cfg.write_text(
        f"""
[watch]
database = "sqlite:///{tmp / "bench.db"}"
allow_private = true

[delivery]
backoff_base = "1s"
backoff_max = "30s"

[[sources]]
url = "{feed.base}/feed.xml"
every = {every}

[[rules]]
name = "everything"
pairs = ["*:*"]
kinds = ["new_story"]

[[sinks]]
name = "hook"
type = "webhook"
url = "{hook.base}/hook"
secret = "bench"
timeout = "30s"
""",
        encoding="utf-8",
    )
    return cfg


def wait(cond, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:.0f}s waiting for {what}")


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", default="10s", help="poll interval of the feed (default 10s)")
    ap.add_argument("--trials", type=int, default=8, help=f"new items to add (at most {len(BENCH_ARTICLES)})")
    ap.add_argument("--delay", type=float, default=2.0, help="seconds the receiver sleeps per request")
    ap.add_argument("--fail-first", type=int, default=2, help="503 answers before accepting each alert")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()
    every = parse_duration(args.every)
    trials = min(args.trials, len(BENCH_ARTICLES))
    rnd = random.Random(args.seed)
    ARTICLES.update(BENCH_ARTICLES)

    feed = FeedServer()
    hook = WebhookReceiver(secret="bench", delay=args.delay)
    feed.start()
    hook.start()
    feed.set_items(["drones"])  # warm-up item: the first poll and alert happen before timing starts
    tmp = Path(tempfile.mkdtemp(prefix="armswatch-latency-"))
    cfg = write_config(tmp, feed, hook, every)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARMSWATCH_")}
    log = (tmp / "watch.log").open("wb")
    armswatch = str(Path(sys.executable).with_name("armswatch"))
    proc = subprocess.Popen(
        [armswatch, "watch", "--config", str(cfg)], stdout=log, stderr=subprocess.STDOUT, env=env
    )
    rows = []
    try:
        wait(lambda: len(hook.accepted) >= 1, 120, "the warm-up alert")
        items = ["drones"]
        for i, slug in enumerate(list(BENCH_ARTICLES)[:trials]):
            time.sleep(rnd.uniform(0, every))  # the item appears at a random point of the poll cycle
            with hook.lock:
                hook.fail_first = args.fail_first
                before = len(hook.accepted)
                n_req = len(hook.requests)
            items.append(slug)
            t0 = time.time()
            feed.set_items(items)
            wait(lambda b=before: len(hook.accepted) > b, 120, f"the alert for item {slug}")
            with hook.lock:
                rec = list(hook.accepted.values())[-1]
                first = hook.requests[n_req]
            first_arrival = first.at - args.delay
            row = {
                "trial": i + 1,
                "item": slug,
                "latency_s": round(rec.at - t0, 2),
                "detect_s": round(first_arrival - t0, 2),
                "deliver_s": round(rec.at - first_arrival, 2),
                "attempts": len(hook.requests) - n_req,
                "kind": rec.json()["kind"],
            }
            rows.append(row)
            if not args.json:
                print(
                    f"trial {row['trial']}: {row['latency_s']:6.2f} s  (detect {row['detect_s']:5.2f} s, "
                    f"deliver {row['deliver_s']:5.2f} s, {row['attempts']} attempts, {row['kind']})",
                    flush=True,
                )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        feed.stop()
        hook.stop()
    lat = [r["latency_s"] for r in rows]
    summary = {
        "every_s": every,
        "receiver_delay_s": args.delay,
        "fail_first": args.fail_first,
        "trials": len(rows),
        "latency_s": {
            "min": min(lat),
            "median": round(statistics.median(lat), 2),
            "p90": pct(lat, 0.9),
            "max": max(lat),
        },
        "detect_median_s": round(statistics.median(r["detect_s"] for r in rows), 2),
        "deliver_median_s": round(statistics.median(r["deliver_s"] for r in rows), 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": rows,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        s = summary["latency_s"]
        print(
            f"\nnew feed item -> delivered webhook alert, poll every {every:g} s, receiver sleeps "
            f"{args.delay:g} s and fails {args.fail_first}x per alert, {len(rows)} trials:\n"
            f"  min {s['min']:.2f} s, median {s['median']:.2f} s, p90 {s['p90']:.2f} s, max {s['max']:.2f} s "
            f"(median detection {summary['detect_median_s']:.2f} s, "
            f"delivery {summary['deliver_median_s']:.2f} s)"
        )


if __name__ == "__main__":
    main()
