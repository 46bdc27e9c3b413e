"""Matrix products of the spaCy models on numpy's OpenBLAS, one thread (speed only).

thinc multiplies matrices with BLIS by default. On the machines measured (AMD EPYC, blis 1.3 and
the OpenBLAS bundled with numpy 2), numpy's OpenBLAS does the convolution layers of ``tok2vec``
and ``ner`` about twice as fast, *on one thread*; on its default thread count (all cores) it
costs more CPU time than BLIS, not less. So the models use ``NumpyOps(use_blis=False)`` only when
the thread count of OpenBLAS can be set for the calling thread
(``openblas_set_num_threads_local``, OpenBLAS ≥ 0.3.27), and :func:`one_thread` sets it to one
around each parsing batch and restores it after — other work in the process keeps its setting.
Otherwise thinc's default (BLIS) stays. ``Settings.blas = "blis"`` (``ARMSWATCH_BLAS=blis``) forces
the default.
Measured in ``docs/performance.md``; tests/test_extract_blas.py checks the parse is unchanged.
"""

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

_SET_LOCAL = "openblas_set_num_threads_local"


@lru_cache(maxsize=1)
def _openblas() -> "ctypes.CDLL | None":
    """numpy's bundled OpenBLAS, when it can set its thread count per thread (else None)."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with spaCy
        return None
    base = Path(numpy.__file__).resolve().parent
    candidates = [*base.parent.glob("numpy.libs/*openblas*"), *base.glob(".dylibs/*openblas*")]
    for path in sorted(candidates):
        try:
            lib = ctypes.CDLL(str(path))
            fn = getattr(lib, _SET_LOCAL)
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
        return lib
    return None


def available(backend: str = "openblas") -> bool:
    """True when ``backend`` is "openblas" and numpy's OpenBLAS can be used on one thread."""
    return backend == "openblas" and _openblas() is not None


@contextmanager
def one_thread(backend: str = "openblas") -> Iterator[None]:
    """OpenBLAS on one thread for the calling thread, restored afterwards (no-op without it)."""
    lib = _openblas() if backend == "openblas" else None
    if lib is None:
        yield
        return
    fn = getattr(lib, _SET_LOCAL)
    previous = fn(1)
    try:
        yield
    finally:
        fn(previous)
