"""Time of story building for one busy pair (synthetic claims; the cost grows with claims per pair).

Run: .venv/bin/python benchmarks/stories_scale.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from armswatch.kb import KnowledgeBase
from armswatch.stories.build import Naming, build_stories
from armswatch.stories.model import StoryClaim

POOL = [
    ("ammunition", "152 mm artillery shell"),
    ("missile", "KN-23"),
    ("artillery", "Koksan"),
    ("uav", "drone"),
    ("other", "components"),
]


def make(n: int) -> list[StoryClaim]:
    rnd = random.Random(1)
    out = []
    for i in range(n):
        cat, system = rnd.choice(POOL)
        source = rnd.choice(["NIS", "US officials", "Kyiv"])
        out.append(
            StoryClaim(
                claim_id=f"c{i}",
                doc_id=f"d{i}",
                supplier="PRK",
                recipient="RUS",
                status=rnd.choice(["reported", "alleged", "confirmed"]),
                categories=(cat,),
                systems=(system,),
                evidence=f"North Korea sent {system} to Russia, {source} said.",
                sources=(source,),
                published=date(2022, 1, 1) + timedelta(days=rnd.randrange(1000)),
                outlet=f"outlet {i % 40}",
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    claims = make(n)
    naming = Naming.from_kb(KnowledgeBase.load())
    t = time.perf_counter()
    stories = build_stories(claims, naming)
    print(f"{n} claims of one pair -> {len(stories)} stories in {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
