"""Models on numpy's OpenBLAS, one thread (``extract/blas.py``): same claims, other threads untouched.

The slow test extracts the dev set and the fixture report sets twice, with thinc's default BLIS
and with OpenBLAS, and compares every claim (supplier, recipient, items, status, sources, offsets).
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path
from typing import Any

import pytest
from thinc.api import NumpyOps

from armswatch.extract import blas
from armswatch.extract.pipeline import _use_ops
from armswatch.records import Document
from extract_fixtures import shared_extractor

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ROOT.parent / "shared" / "eval" / "dev.jsonl",
    ROOT / "tests" / "data" / "extract_unseen" / "reports.jsonl",
    ROOT / "tests" / "data" / "stories" / "reports.jsonl",
]

needs_openblas = pytest.mark.skipif(not blas.available(), reason="numpy's OpenBLAS cannot be set per thread")


def _threads() -> int:
    lib = blas._openblas()
    assert lib is not None
    for name in (
        "scipy_openblas_get_num_threads64_",
        "openblas_get_num_threads64_",
        "openblas_get_num_threads",
    ):
        fn = getattr(lib, name, None)
        if fn is not None:
            fn.restype = ctypes.c_int
            return int(fn())
    pytest.skip("no get_num_threads in this OpenBLAS")


@needs_openblas
def test_models_use_numpy_ops_without_blis() -> None:
    nlp = shared_extractor().nlp
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())


@needs_openblas
def test_one_thread_is_set_and_restored() -> None:
    before = _threads()
    with blas.one_thread():
        assert _threads() == 1
    assert _threads() == before


def _documents() -> list[Document]:
    docs = []
    for path in SETS:
        if path.exists():
            for n, line in enumerate(path.open(encoding="utf-8")):
                if line.strip():
                    docs.append(Document(id=f"{path.parent.name}-{n}", text=json.loads(line)["text"]))
    return docs


def _claims(docs: list[Document]) -> list[dict[str, Any]]:
    return [r.to_schema() for r in shared_extractor().extract_many(docs, use_prefilter=False)]


@pytest.mark.slow
@needs_openblas
def test_same_claims_as_with_blis() -> None:
    ex = shared_extractor()
    docs = _documents()
    assert docs
    fast = _claims(docs)
    _use_ops(ex.nlp, NumpyOps(use_blis=True))
    try:
        default = _claims(docs)
    finally:
        _use_ops(ex.nlp, NumpyOps(use_blis=False))
    assert [d for d, (a, b) in zip(docs, zip(fast, default, strict=True), strict=True) if a != b] == []
