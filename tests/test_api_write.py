"""The write endpoint ``POST /api/v1/documents``: bearer-token rules, extraction, storage, stories,
idempotence and URL fetching with ingest's guards — over real HTTP, with the real extractor."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from api_fixtures import TOKEN, fill_store, run_server

pytestmark = pytest.mark.slow

REPORT = (
    "Seoul says Pyongyang shipped rockets to Moscow\n\n"
    "South Korea's spy agency said on Tuesday that North Korea had shipped thousands of 122 mm rockets "
    "to Russia in October, according to lawmakers briefed by the agency."
)
PAGE = (
    "<!doctype html><html><head><title>Drones for Moscow</title>"
    '<meta property="og:site_name" content="Loopback Gazette">'
    '<meta name="date" content="2024-05-02"></head><body><nav>Home | World</nav>'
    "<article><h1>Drones for Moscow</h1>"
    "<p>Iran has delivered hundreds of Shahed-136 attack drones to Russia, Western officials said on "
    "Thursday, adding that the shipments crossed the Caspian Sea by boat over the spring.</p>"
    "<p>Tehran has repeatedly said it sent no weapons for use in Ukraine.</p></article>"
    "<footer>Contact us</footer></body></html>"
)


def post(base: str, body: object, token: str | None = TOKEN, scheme: str = "Bearer") -> httpx.Response:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    return httpx.post(base + "/api/v1/documents", json=body, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    d = tmp_path_factory.mktemp("api-write")
    db = f"sqlite:///{d / 'w.db'}"
    fill_store(db)
    yield from run_server(db, token=TOKEN, log=d / "serve.log")


@pytest.fixture(scope="module")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    d = tmp_path_factory.mktemp("api-ro")
    yield from run_server(f"sqlite:///{d / 'ro.db'}", token=None, log=d / "serve.log")


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    """A loopback HTTP server with one article page and one PDF."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/article":
                body, ctype = PAGE.encode(), "text/html; charset=utf-8"
            elif self.path == "/file.pdf":
                body, ctype = b"%PDF-1.4 not a page", "application/pdf"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_writes_disabled_without_a_configured_token(read_only: str) -> None:
    r = post(read_only, {"text": REPORT}, token="anything")
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "E921"
    assert "ARMSWATCH_API_TOKEN" in r.json()["error"]["message"]
    assert httpx.get(read_only + "/api/v1/claims").json()["count"] == 0  # nothing stored
    assert httpx.get(read_only + "/api/v1/health").json()["writes_enabled"] is False
    assert 'id="writes-disabled"' in httpx.get(read_only + "/analyse").text


def test_missing_token_is_401_and_wrong_token_is_403(writable: str) -> None:
    before = httpx.get(writable + "/api/v1/claims").json()["count"]
    r = post(writable, {"text": REPORT}, token=None)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "E922"
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert post(writable, {"text": REPORT}, token=TOKEN, scheme="Basic").status_code == 401
    assert post(writable, {"text": REPORT}, token="   x", scheme="Bearer").status_code == 403
    for wrong in ("wrong-token", TOKEN + "x", TOKEN[:-1], TOKEN.upper()):
        r = post(writable, {"text": REPORT}, token=wrong)
        assert r.status_code == 403, wrong
        assert r.json()["error"]["code"] == "E923"
    # authentication comes before body validation: no hints to an unauthenticated caller
    assert post(writable, {"bogus": 1}, token=None).status_code == 401
    assert httpx.get(writable + "/api/v1/claims").json()["count"] == before


def test_body_must_have_text_or_url(writable: str) -> None:
    r = post(writable, {"text": REPORT, "url": "https://example.org/a"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E925"
    r = post(writable, {"title": "nothing"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E925"
    r = post(writable, {"text": REPORT, "evil": True})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E924"


def test_post_text_extracts_stores_and_updates_stories(writable: str) -> None:
    before = httpx.get(writable + "/api/v1/pairs", params={"supplier": "PRK"}).json()["data"][0]["count"]
    listed = httpx.get(writable + "/api/v1/claims", params={"supplier": "PRK"}).json()["count"]  # now cached
    r = post(writable, {"text": REPORT, "published": "2024-11-05", "outlet": "Paste Desk"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True
    claims = body["claims"]
    assert [(c["supplier"], c["recipient"]) for c in claims] == [("PRK", "RUS")]
    assert 122 in claims[0]["calibers_mm"]
    doc_id = body["document"]["id"]
    assert body["document"]["outlet"] == "Paste Desk" and body["document"]["published"] == "2024-11-05"
    assert body["stories"], "the new claim must land in a story"
    # stored: readable through the read endpoints, and the pairs aggregation is not stale
    stored = httpx.get(f"{writable}/api/v1/documents/{doc_id}").json()
    assert stored["text"] == REPORT and stored["claims"][0]["id"] == claims[0]["id"]
    after = httpx.get(writable + "/api/v1/pairs", params={"supplier": "PRK"}).json()["data"][0]["count"]
    assert after == before + 1
    page = httpx.get(writable + "/api/v1/claims", params={"supplier": "PRK", "limit": 500}).json()
    assert page["count"] == listed + 1 and claims[0]["id"] in {c["id"] for c in page["data"]}
    story = httpx.get(f"{writable}/api/v1/stories/{body['stories'][0]}").json()
    assert doc_id in story["document_ids"]
    # posting the same report again changes nothing
    again = post(writable, {"text": REPORT})
    assert again.status_code == 200
    assert again.json()["created"] is False and again.json()["document"]["id"] == doc_id
    assert [c["id"] for c in again.json()["claims"]] == [c["id"] for c in claims]
    assert (
        httpx.get(writable + "/api/v1/pairs", params={"supplier": "PRK"}).json()["data"][0]["count"] == after
    )


def test_post_url_refuses_loopback_without_allow_private(writable: str, page_server: str) -> None:
    r = post(writable, {"url": page_server + "/article"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "E511" and "127.0.0.1" in err["message"]
    r = post(writable, {"url": "file:///etc/passwd"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E512"


def test_post_url_fetches_the_page_with_ingest_guards(tmp_path: Path, page_server: str) -> None:
    db = f"sqlite:///{tmp_path / 'url.db'}"
    for base in run_server(db, token=TOKEN, log=tmp_path / "serve.log", allow_private=True):
        r = post(base, {"url": page_server + "/article"})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["document"]["url"] == page_server + "/article"
        assert body["document"]["title"] == "Drones for Moscow"
        assert [(c["supplier"], c["recipient"]) for c in body["claims"]] == [("IRN", "RUS")]
        text = httpx.get(f"{base}/api/v1/documents/{body['document']['id']}").json()["text"]
        assert "Contact us" not in text and "Shahed-136" in text  # main text only
        pdf = post(base, {"url": page_server + "/file.pdf"})
        assert pdf.status_code == 422 and pdf.json()["error"]["code"] == "E506"
        missing = post(base, {"url": page_server + "/gone"})
        assert missing.status_code == 422 and "404" in missing.json()["error"]["message"]


def test_oversized_bodies_are_refused_before_parsing(writable: str) -> None:
    r = post(writable, {"text": "x" * 9_000_000})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E924"
    r = post(writable, {"text": "word " * 500_000})  # 2.5M characters: under the byte cap, over the text cap
    assert r.status_code == 422 and "text" in r.json()["error"]["message"]


def test_dashboard_pages_work_on_an_empty_database(read_only: str) -> None:
    for path in ("/", "/claims", "/stories", "/documents", "/analyse", "/docs"):
        r = httpx.get(read_only + path, timeout=30)
        assert r.status_code == 200, path
    assert "0 claims in 0" in httpx.get(read_only + "/", timeout=30).text
    assert "No stories yet" in httpx.get(read_only + "/stories", timeout=30).text
