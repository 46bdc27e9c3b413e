"""Near-duplicate detection: pairwise precision and recall on our own test set.

The set: ``tests/data/ingest/neardup/reports.jsonl`` — 40 short reports written for this purpose,
10 topics x 4 different events (same-topic reports are hard negatives: same vocabulary, different
event), plus 8 follow-up stories that reuse a report's background paragraph under a new lead (the
hardest negatives). Each report gets 2–3 edited copies, generated here deterministically: retitled, trimmed
(last paragraph dropped or cut), paragraphs reordered, boilerplate added (newsletter blurbs,
wire credits), light rewording (synonyms, dropped weekdays). Documents are indexed in a fixed
shuffled order exactly as ``armswatch ingest`` does (query, then add); a pair is predicted
"duplicate" when both land in the same group; truth is "copies of the same report".

Usage: python benchmarks/neardup_eval.py [--grid]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
from pathlib import Path

from armswatch.ingest.dedup import CONTAINMENT, JACCARD, LSH_THRESHOLD, SHINGLE_WORDS, NearDupIndex

SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "ingest" / "neardup" / "reports.jsonl"

BOILERPLATE = [
    "Sign up for our morning briefing to get the day's most important stories in your inbox.",
    "This article was first published by a partner agency and is republished with permission.",
    "Reporting by staff correspondents; editing by the foreign desk.",
    "Follow us on social media for live updates throughout the day.",
    "Copyright 2024. All rights reserved. This material may not be redistributed without permission.",
]
SYNONYMS = {
    "said": "stated",
    "on Monday": "this week",
    "on Tuesday": "this week",
    "on Wednesday": "this week",
    "on Thursday": "this week",
    "on Friday": "this week",
    "on Sunday": "at the weekend",
    "about": "around",
    "several": "a number of",
    "officials": "authorities",
    "government": "administration",
    "country": "nation",
    "more than": "over",
    "would": "will",
    "new": "fresh",
    "large": "big",
}
#: Follow-up stories: a new lead about a different event, reusing the last (background) paragraph of
#: the report with this id. They are NOT copies: the hardest negatives (shared background text).
FOLLOW_UPS = {
    "nd-00": (
        "A second Russian cargo ship was seen leaving the port of Rajin on Thursday, according to a "
        "maritime monitoring group, which said the vessel switched off its transponder soon after "
        "departure and reappeared two days later near Vladivostok."
    ),
    "nd-04": (
        "Ukraine's energy company said on Saturday that repairs to the damaged substations would take"
        " at least a month, and asked households in the capital to limit their use of electric "
        "heaters during the evening peak."
    ),
    "nd-08": (
        "Ukrainian crews began training on the German air-defence battery at a site in Poland this "
        "week, an army spokesman said, adding that the course would last about ten weeks and include "
        "live firing."
    ),
    "nd-12": (
        "Ukraine lost two of the newly delivered tanks in fighting near the southern front, according"
        " to photographs verified by an open-source research group, which said both were hit by "
        "drones."
    ),
    "nd-16": (
        "The Indian navy's newest submarine completed its first deep-diving trial off the west coast,"
        " the shipyard said, and will join the fleet after weapons trials later this year."
    ),
    "nd-20": (
        "A second truck carrying hidden pistols was stopped at the same border crossing on Friday, "
        "police said, and its two passengers were detained for questioning."
    ),
    "nd-24": (
        "Residents of the coastal towns were warned to expect another storm on Tuesday, with "
        "forecasters predicting gusts strong enough to close bridges and ports for a second time in a"
        " week."
    ),
    "nd-28": (
        "Mortgage lenders began raising their fixed rates on Monday, days after the central bank's "
        "decision, as funding costs on the money markets continued to climb."
    ),
}

RETITLE = ["UPDATE: ", "Exclusive: ", "Analysis - ", "WORLD NEWS | ", ""]


def reword(text: str, rnd: random.Random, share: float = 0.5) -> str:
    for a, b in SYNONYMS.items():
        if rnd.random() < share:
            text = re.sub(rf"\b{re.escape(a)}\b", b, text)
    return text


def edit(title: str, paras: list[str], kind: str, rnd: random.Random) -> str:
    paras = list(paras)
    if "trim" in kind and len(paras) > 2:
        if rnd.random() < 0.5:
            paras = paras[:-1]
        else:
            last = paras[-1].split(". ")
            paras[-1] = ". ".join(last[: max(1, len(last) // 2)]).rstrip(".") + "."
    if "reorder" in kind and len(paras) > 2:
        paras[1], paras[2] = paras[2], paras[1]
    if "boiler" in kind:
        paras = [rnd.choice(BOILERPLATE), *paras, rnd.choice(BOILERPLATE)]
    if "reword" in kind:
        paras = [reword(p, rnd) for p in paras]
    if "retitle" in kind:
        words = title.split()
        rnd.shuffle(words)
        title = rnd.choice(RETITLE) + " ".join(words[: max(3, len(words) - 2)]).capitalize()
    return title + "\n\n" + "\n\n".join(paras)


def build_set(seed: int = 11) -> list[tuple[str, str, str]]:
    """(doc id, original id, text) for originals and their edited copies."""
    rnd = random.Random(seed)
    kinds = [
        "retitle+boiler",
        "trim+reword",
        "reorder+retitle+reword",
        "boiler+trim",
        "reorder+boiler+reword",
        "retitle+trim+reword",
    ]
    docs: list[tuple[str, str, str]] = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        paras = r["text"].split("\n\n")
        docs.append((r["id"], r["id"], r["title"] + "\n\n" + r["text"]))
        n_copies = 2 + (rnd.random() < 0.5)
        for j, kind in enumerate(rnd.sample(kinds, n_copies)):
            docs.append((f"{r['id']}-c{j}", r["id"], edit(r["title"], paras, kind, rnd)))
        if r["id"] in FOLLOW_UPS:
            docs.append(
                (f"{r['id']}-followup", f"{r['id']}-followup", FOLLOW_UPS[r["id"]] + "\n\n" + paras[-1])
            )
    rnd.shuffle(docs)
    return docs


def evaluate(docs: list[tuple[str, str, str]], **params: float) -> dict[str, float]:
    index = NearDupIndex(**params)  # type: ignore[arg-type]
    group: dict[str, str] = {}
    t0 = time.perf_counter()
    for doc_id, _orig, text in docs:
        sig = index.signature(text)
        m = index.query(sig)
        g = m.group if m else doc_id
        index.add(doc_id, sig, g)
        group[doc_id] = g
    elapsed = time.perf_counter() - t0
    tp = fp = fn = 0
    for (a, oa, _), (b, ob, _) in itertools.combinations(docs, 2):
        same_pred = group[a] == group[b]
        same_true = oa == ob
        tp += same_pred and same_true
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "tp": tp, "fp": fp, "fn": fn, "docs_per_s": len(docs) / elapsed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", action="store_true", help="Also print a small parameter grid (tuning).")
    args = ap.parse_args()
    docs = build_set()
    n_orig = len({o for _, o, _ in docs})
    positives = sum(1 for (_, a, _), (_, b, _) in itertools.combinations(docs, 2) if a == b)
    print(
        f"test set: {len(docs)} documents ({n_orig} reports + {len(docs) - n_orig} edited copies), "
        f"{positives} duplicate pairs"
    )
    if args.grid:
        print("k  lsh   jaccard containment  precision recall  fp fn")
        for k, lsh, jac, cont in itertools.product((3, 4, 5), (0.2, 0.3), (0.4, 0.5, 0.6), (0.6, 0.7, 0.8)):
            m = evaluate(docs, k=k, lsh_threshold=lsh, jaccard=jac, containment=cont)
            print(
                f"{k}  {lsh:.2f}  {jac:.2f}    {cont:.2f}        {m['precision']:.3f}     {m['recall']:.3f}  "
                f"{m['fp']:>2} {m['fn']:>2}"
            )
    m = evaluate(docs)
    print(
        f"default (k={SHINGLE_WORDS}, lsh={LSH_THRESHOLD}, "
        f"jaccard>={JACCARD} or containment>={CONTAINMENT}): "
        f"precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
        f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}; {m['docs_per_s']:.0f} docs/s)"
    )


if __name__ == "__main__":
    main()
