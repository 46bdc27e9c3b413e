"""The installed spaCy model's weight files still have the pinned sha256."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from armswatch.errors import ExtractError
from armswatch.extract.model_check import EXPECTED_SHA256, model_data_dir, verify_model


def test_installed_model_matches_pins() -> None:
    found = verify_model()
    assert found == EXPECTED_SHA256


def test_changed_weight_file_is_detected(tmp_path: Path) -> None:
    src = model_data_dir()
    copy = tmp_path / "model"
    shutil.copytree(src, copy)
    with (copy / "tagger" / "model").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ExtractError) as info:
        verify_model(copy)
    assert "E302" in str(info.value) and "tagger" in str(info.value)


def test_missing_weight_file_is_detected(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    with pytest.raises(ExtractError) as info:
        verify_model(tmp_path)
    assert "E304" in str(info.value)
