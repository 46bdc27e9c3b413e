"""REST API over real HTTP: a real ``armswatch serve`` process on loopback, a real SQLite store."""

from __future__ import annotations

import httpx
import pytest

from api_fixtures import TOKEN, XSS_TITLE, Served

pytestmark = pytest.mark.slow


def get(s: Served, path: str, **params: object) -> httpx.Response:
    return httpx.get(s.base + path, params=params, timeout=30)  # type: ignore[arg-type]


def test_claims_list_counts_all_and_pages(served: Served) -> None:
    r = get(served, "/api/v1/claims", limit=3)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == served.corpus.claim_count == 8
    assert len(body["data"]) == 3 and body["limit"] == 3 and body["offset"] == 0
    page2 = get(served, "/api/v1/claims", limit=3, offset=3).json()
    page3 = get(served, "/api/v1/claims", limit=3, offset=6).json()
    ids = [c["id"] for p in (body, page2, page3) for c in p["data"]]
    assert len(ids) == len(set(ids)) == 8
    dates = [c["published"] for p in (body, page2, page3) for c in p["data"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_claims_filters_match_the_cli_semantics(served: Served) -> None:
    prk = get(served, "/api/v1/claims", supplier="PRK", recipient="RUS").json()
    assert prk["count"] == 5 and {c["supplier"] for c in prk["data"]} == {"PRK"}
    assert get(served, "/api/v1/claims", supplier="prk").json()["count"] == 5  # case-insensitive codes
    assert get(served, "/api/v1/claims", category="uav").json()["count"] == 2
    assert get(served, "/api/v1/claims", status="denied").json()["data"][0]["denied_by"] == ["PRK"]
    window = get(served, "/api/v1/claims", since="2023-10-01", until="2023-10-31").json()
    assert {c["document_id"] for c in window["data"]} == {"doc-shells-2", "doc-shells-2-copy", "doc-denial"}
    assert get(served, "/api/v1/claims", text="shahed").json()["count"] == 1
    claim = get(served, "/api/v1/claims", text="6,700").json()["data"][0]
    assert claim["calibers_mm"] == [122, 152]
    assert claim["quantity"] == {"text": "some 6,700 containers", "value": 6700.0, "unit": None}
    assert claim["supplier_name"] == "North Korea" and claim["recipient_name"] == "Russia"
    assert claim["sources"] == ["Ukraine's military intelligence"]
    assert claim["items"][0]["system"] == "artillery shells"


def test_get_claim_and_not_found_body(served: Served) -> None:
    first = get(served, "/api/v1/claims", limit=1).json()["data"][0]
    one = get(served, f"/api/v1/claims/{first['id']}").json()
    assert one == first
    r = get(served, "/api/v1/claims/clm-nope")
    assert r.status_code == 404
    assert r.json() == {
        "error": {"code": "E920", "message": "No claim with id 'clm-nope'; list them at /api/v1/claims."}
    }


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"status": "rumoured"}, "status"),
        ({"category": "lasers"}, "category"),
        ({"since": "2024-02-30"}, "since"),
        ({"since": "2024-01-02", "until": "2024-01-01"}, "since"),
        ({"limit": 0}, "limit"),
        ({"limit": 100000}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_query_values_give_one_clear_error(
    served: Served, params: dict[str, object], needle: str
) -> None:
    r = get(served, "/api/v1/claims", **params)
    assert r.status_code == 422
    err = r.json()["error"]
    assert set(r.json()) == {"error"} and err["code"] in ("E924", "E927")
    assert needle in err["message"]


def test_unknown_route_and_method(served: Served) -> None:
    r = get(served, "/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E930"
    r = httpx.delete(served.base + "/api/v1/claims", timeout=10)
    assert r.status_code == 405 and r.json()["error"]["code"] == "E924"


def test_documents_list_and_detail_with_offsets(served: Served) -> None:
    docs = get(served, "/api/v1/documents", limit=100).json()
    assert docs["count"] == 8
    assert "text" not in docs["data"][0]
    by_id = {d["id"]: d for d in docs["data"]}
    assert by_id["doc-shells-2-copy"]["dup_group"] == "doc-shells-2"
    assert by_id["doc-shells-1"]["claim_count"] == 1
    detail = get(served, "/api/v1/documents/doc-shells-1").json()
    c = detail["claims"][0]
    assert detail["text"][c["evidence_start"] : c["evidence_end"]] == c["evidence"]
    role = detail["role_checks"][0]
    assert role["person"] == "Kyrylo Budanov" and role["correct"] is False
    assert detail["text"][role["start"] : role["end"]].startswith("Kyrylo Budanov")
    assert get(served, "/api/v1/documents", text="drone").json()["count"] == 2
    assert get(served, "/api/v1/documents/nope").status_code == 404


def test_pairs_counts_by_status_and_category(served: Served) -> None:
    pairs = get(served, "/api/v1/pairs").json()
    assert pairs["count"] == 4
    top = pairs["data"][0]
    assert (top["supplier"], top["recipient"], top["count"]) == ("PRK", "RUS", 5)
    assert top["by_status"] == {"confirmed": 2, "reported": 1, "denied": 1, "alleged": 1}
    assert top["by_category"] == {"ammunition": 4, "artillery": 1, "missile": 1}
    assert (top["first_published"], top["last_published"]) == ("2023-09-02", "2023-11-05")
    uav = get(served, "/api/v1/pairs", category="uav").json()
    assert {(p["supplier"], p["recipient"]) for p in uav["data"]} == {("IRN", "RUS"), ("TUR", "UKR")}
    recent = get(served, "/api/v1/pairs", since="2024-01-01").json()
    assert [(p["supplier"], p["count"]) for p in recent["data"]] == [("TUR", 1)]


def test_role_checks_filter(served: Served) -> None:
    wrong = get(served, "/api/v1/role-checks", correct="false").json()
    assert wrong["count"] == 2 and all(not r["correct"] for r in wrong["data"])
    assert get(served, "/api/v1/role-checks", person="budanov").json()["count"] == 1
    assert get(served, "/api/v1/role-checks", correct="true").json()["count"] == 0


def test_stories_with_timeline_corroboration_and_contradictions(served: Served) -> None:
    stories = get(served, "/api/v1/stories", supplier="PRK").json()
    assert stories["count"] == len(stories["data"]) >= 1
    shells = next(s for s in stories["data"] if "artillery shells" in s["systems"])
    assert shells["status"] == "confirmed"
    # the wire copy is a near-duplicate: it must not count as an independent source
    assert shells["corroboration"]["copies"] == 1
    assert "denial" in shells["contradiction_kinds"]
    detail = get(served, f"/api/v1/stories/{shells['id']}").json()
    assert detail["timeline"][0]["document_id"] == "doc-shells-1"
    first_changes = {c["kind"] for c in detail["timeline"][0]["changes"]}
    assert "first_report" in first_changes
    denial = next(x for x in detail["contradictions"] if x["kind"] == "denial")
    assert "doc-denial" in denial["document_ids"]
    assert get(served, "/api/v1/stories/sty-missing").status_code == 404
    assert get(served, "/api/v1/stories", status="bogus").status_code == 422


def test_security_headers_on_api_and_pages(served: Served) -> None:
    for path in ("/api/v1/claims", "/", "/documents/doc-xss", "/static/app.js"):
        h = get(served, path).headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert get(served, "/api/v1/claims").headers["cache-control"] == "no-store"


def test_openapi_models_and_offline_docs(served: Served) -> None:
    spec = get(served, "/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in (
        "ClaimPublic",
        "ClaimsPublic",
        "StoryPublic",
        "DocumentPublic",
        "PairPublic",
        "RoleCheckPublic",
        "ErrorBody",
    ):
        assert name in schemas, name
    assert set(schemas["ClaimsPublic"]["properties"]) >= {"data", "count"}
    for path in ("/api/v1/claims", "/api/v1/pairs", "/api/v1/stories/{story_id}", "/api/v1/documents"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/v1/documents"]
    html = get(served, "/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    js = get(served, "/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert "SwaggerUIBundle" in js.text[:5000] or "SwaggerUIBundle" in js.text


def test_health_reports_writes_enabled(served: Served) -> None:
    h = get(served, "/api/v1/health").json()
    assert h["status"] == "ok" and h["writes_enabled"] is True
    assert TOKEN not in str(h)


def test_xss_payloads_are_returned_as_data_not_markup(served: Served) -> None:
    doc = get(served, "/api/v1/documents/doc-xss").json()
    assert doc["title"] == XSS_TITLE  # JSON keeps the data as stored; pages escape it
    r = get(served, "/api/v1/documents/doc-xss")
    assert r.headers["content-type"].startswith("application/json")


def test_role_check_by_id(served: Served) -> None:
    first = get(served, "/api/v1/role-checks", limit=1).json()["data"][0]
    assert get(served, f"/api/v1/role-checks/{first['id']}").json() == first
    r = get(served, "/api/v1/role-checks/rol-missing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E920"
