"""Dashboard pages as HTML (escaping, links, highlights) and the pure helpers behind them."""

from __future__ import annotations

import itertools
import re

import httpx
import pytest

from api_fixtures import XSS_OUTLET, XSS_PERSON, XSS_SYSTEM, XSS_TITLE, Served
from armswatch.web.geo import edge_width, flow_map, land_path, project
from armswatch.web.highlight import Span, segments
from armswatch.web.pages import safe_url


def test_safe_url_allows_only_absolute_http_links() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url(" http://example.org ") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "/relative",
        "http://",
        "file:///etc/passwd",
        None,
        42,
    ):
        assert safe_url(bad) is None, bad


def test_segments_mark_evidence_by_offsets_and_overlaps() -> None:
    text = "Alpha beta gamma delta."
    segs = segments(text, [Span(6, 16, "c1", "claim", "beta gamma"), Span(11, 22, "r1", "role-wrong")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.refs) for s in segs] == [
        ("Alpha ", ()),
        ("beta ", ("c1",)),
        ("gamma", ("c1", "r1")),
        (" delta", ("r1",)),
        (".", ()),
    ]


def test_segments_refind_evidence_when_offsets_are_off_and_skip_impossible_spans() -> None:
    text = "One. Two three. Four."
    segs = segments(text, [Span(0, 3, "c1", "claim", "Two three."), Span(50, 60, "c2", "claim", "absent")])
    marked = [s.text for s in segs if s.refs]
    assert marked == ["Two three."]
    assert "".join(s.text for s in segs) == text


def test_flow_map_widths_nodes_and_unplaced_parties() -> None:
    cents = {"PRK": (40.1, 127.2), "RUS": (61.5, 105.3), "IRN": (32.6, 54.3)}
    fmap = flow_map(
        [("PRK", "RUS", 40, "reported"), ("IRN", "RUS", 10, "confirmed"), ("hezbollah", "RUS", 1, "alleged")],
        cents,
        {"PRK": "North Korea"},
    )
    assert [e.supplier for e in fmap.edges] == ["PRK", "IRN"]
    assert fmap.edges[0].width > fmap.edges[1].width
    assert fmap.unplaced == ("hezbollah",)
    assert {n.code for n in fmap.nodes} == {"PRK", "RUS", "IRN"}
    assert edge_width(1, 100) < edge_width(25, 100) < edge_width(100, 100) == 14.0
    # a pair and its reverse curve to different sides, so both stay visible
    both = flow_map([("PRK", "RUS", 1, "reported"), ("RUS", "PRK", 1, "reported")], cents, {})
    assert both.edges[0].path != both.edges[1].path
    assert project(0, 0) == (500.0, 250.0)


def test_land_outline_has_no_antimeridian_streaks() -> None:
    d = land_path()
    assert d.startswith("M") and len(d) > 10_000
    for sub in re.findall(r"M[^M]+", d):
        xs = [float(p.split(",")[0]) for p in re.findall(r"[-\d.]+,[-\d.]+", sub)]
        assert all(abs(b - a) < 500 for a, b in itertools.pairwise(xs))


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims",
        "/claims?text=post",
        "/documents",
        "/documents/doc-xss",
        "/stories",
        "/role-checks",
        "/role-checks?correct=all",
        "/role-checks-missing",
    ],
)
def test_pages_escape_untrusted_text(served: Served, path: str) -> None:
    html = httpx.get(served.base + path, headers={"accept": "text/html"}, timeout=30).text
    assert "<script>window.__xss" not in html
    assert "<img src=x onerror" not in html
    assert "<svg onload" not in html
    assert "<b onmouseover" not in html
    assert 'href="javascript:' not in html.lower()
    # every script on a page is an external file from this origin
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert re.search(r'src="/static/[\w./-]+\.js"', tag), tag
    assert "<script>" not in html.replace("&lt;script&gt;", "")


@pytest.mark.slow
def test_document_page_shows_payloads_as_text(served: Served) -> None:
    from markupsafe import escape

    page = httpx.get(served.base + "/documents/doc-xss", timeout=30).text
    for payload in (XSS_TITLE, XSS_OUTLET, XSS_SYSTEM, XSS_PERSON):
        assert str(escape(payload)) in page, payload
    assert '<span class="unsafe-url"' in page  # the javascript: URL is shown, not linked


@pytest.mark.slow
def test_document_page_links_http_urls_safely(served: Served) -> None:
    page = httpx.get(served.base + "/documents/doc-shells-1", timeout=30).text
    url = "https://news.example.org/2023/09/shells"
    link = f'<a href="{url}" rel="noopener noreferrer nofollow" target="_blank">'
    assert link in page
    assert page.count('<mark class="claim"') == 1 and page.count('<mark class="role-wrong"') == 1


@pytest.mark.slow
def test_bad_filter_on_a_page_is_an_html_error(served: Served) -> None:
    r = httpx.get(served.base + "/?status=<b>x</b>", headers={"accept": "text/html"}, timeout=30)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert "&lt;b&gt;x&lt;/b&gt;" in r.text and "<b>x</b>" not in r.text


@pytest.mark.slow
def test_role_checks_page_lists_wrong_offices(served: Served) -> None:
    page = httpx.get(served.base + "/role-checks", timeout=30).text
    assert page.count('<tr class="role-wrong">') == 2
    assert "Chief of the Main Directorate of Intelligence of Ukraine" in page
    assert 'href="/documents/doc-shells-1#rol-' in page
    assert httpx.get(served.base + "/role-checks?correct=true", timeout=30).text.count("<tr class=") == 0
