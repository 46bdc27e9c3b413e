"""The real pipeline (ingest → extraction → store → stories) on the labelled story set.

Extraction quality is measured elsewhere; here we check what the stories stage guarantees on real
extracted claims: syndicated copies are grouped, incremental updates equal a rebuild, and no two
gold stories are merged (precision)."""

from __future__ import annotations

import pytest

from armswatch.stories.evaluate import run_eval
from stories_fixtures import REPORTS


@pytest.mark.slow
def test_real_pipeline_on_the_story_set() -> None:
    report = run_eval(REPORTS, batch_size=10)
    assert report.reports == 100
    assert report.extra["ingest"]["near_duplicates"] == 19  # every syndicated copy grouped, nothing else
    assert report.extra["ingest"]["batches"] == 10
    assert report.extra["rebuild_changes"] == 0  # incremental (10 batches) == full rebuild
    assert report.precision >= 0.9, report.to_dict()
