"""``armswatch serve``: one-line errors for a bad database URL or a port in use."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "armswatch.cli", "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    r = serve("--db", "mysql://nobody@127.0.0.1/x", "--port", "0")
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "E401" in lines[0] and "mysql" in lines[0]
    assert "Traceback" not in r.stderr


def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = serve("--db", f"sqlite:///{tmp_path / 'a.db'}", "--port", str(port))
    assert r.returncode == 1
    assert "E929" in r.stderr and str(port) in r.stderr and "Traceback" not in r.stderr


def test_unexpected_errors_have_the_error_body_and_no_details(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from armswatch.api.app import create_app
    from armswatch.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'e.db'}"))

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom")
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "E926"
        assert "secret" not in r.text and "RuntimeError" in r.json()["error"]["message"]
        page = client.get("/documents/x", headers={"accept": "text/html"})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
