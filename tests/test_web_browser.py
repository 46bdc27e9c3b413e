"""The dashboard in a real browser (Debian's headless Chromium driven by Playwright) against a real
``armswatch serve`` on loopback: flows, filters, stories, documents, the paste box, the API docs, and
XSS payloads that must not run. Screenshots of each page go to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_fixtures import TOKEN, XSS_OUTLET, XSS_PERSON, XSS_SYSTEM, XSS_TITLE, Served, fill_store, run_server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium not installed (.ci/run installs it: apt-get install chromium)",
    ),
]
if CHROMIUM.exists():  # with the browser installed, a missing playwright is an error, not a skip
    import playwright.sync_api as playwright_api

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what went wrong on it: script errors, CSP violations, dialogs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.csp: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, msg: Any) -> None:
        if "Content Security Policy" in msg.text or "Refused to" in msg.text:
            self.csp.append(msg.text)
        elif msg.type == "error" and "favicon" not in msg.text:
            self.errors.append(msg.text)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.csp == [], (
            self.errors,
            self.dialogs,
            self.csp,
        )


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(20_000)
    yield Watched(pg)
    ctx.close()


def shot(w: Watched, artifacts: Path, name: str) -> None:
    w.page.screenshot(path=str(artifacts / f"screenshot-{name}.png"), full_page=True)


def no_xss(w: Watched, expected_title: str) -> None:
    """No payload ran: the marker global is unset, the title is ours, no javascript: link exists."""
    pg = w.page
    assert pg.evaluate("typeof window.__xss") == "undefined"
    assert pg.title() == expected_title
    risky = "a[href^='javascript:' i], [onerror], [onload], [onmouseover]"
    assert pg.evaluate(f'document.querySelectorAll("{risky}").length') == 0
    assert pg.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    w.clean()


def test_flows_map_and_filters(page: Watched, served: Served, artifacts: Path) -> None:
    pg = page.page
    pg.goto(served.base + "/")
    assert pg.title() == "Flows · armswatch"
    rows = pg.locator("#pairs-table tbody tr[data-pair]")
    assert rows.count() == 4
    edges = pg.locator("#flowmap path.edge")
    assert edges.count() == 4
    widths = {e.get_attribute("data-count"): float(e.get_attribute("stroke-width") or 0) for e in edges.all()}
    assert widths["5"] > widths["1"]  # PRK→RUS (5 claims) drawn thicker than the single-claim pairs
    assert pg.locator("#flowmap .node").count() == 6
    assert "8 claims in 4" in pg.inner_text("#flow-summary")
    shot(page, artifacts, "flows")

    pg.select_option("select[name=category]", "uav")
    pg.click("form.filters button[type=submit]")
    pg.wait_for_url(re.compile(r"category=uav"))
    assert "since=" not in pg.url  # empty fields are dropped by app.js
    assert pg.locator("#pairs-table tbody tr[data-pair]").count() == 2
    assert sorted(
        r.get_attribute("data-pair") for r in pg.locator("#pairs-table tbody tr[data-pair]").all()
    ) == [
        "IRN-RUS",
        "TUR-UKR",
    ]
    assert pg.locator("#flowmap path.edge").count() == 2
    shot(page, artifacts, "flows-uav")

    pg.goto(served.base + "/")
    pg.fill("input[name=since]", "2023-10-01")
    pg.fill("input[name=until]", "2023-10-31")
    pg.select_option("select[name=status]", "confirmed")
    pg.click("form.filters button[type=submit]")
    pg.wait_for_url(re.compile(r"status=confirmed"))
    assert [r.get_attribute("data-pair") for r in pg.locator("#pairs-table tbody tr[data-pair]").all()] == [
        "PRK-RUS"
    ]
    assert pg.locator("#pairs-table tbody tr td.num").first.inner_text() == "2"

    # an edge links to the claims of its pair
    pg.goto(served.base + "/")
    # click the middle of the drawn curve, as a person would
    x, y = pg.evaluate(
        """() => {
            const p = document.querySelector('#flowmap a.edge-link[data-pair="IRN-RUS"] path.edge');
            const pt = p.getPointAtLength(p.getTotalLength() / 2);
            const m = p.getScreenCTM();
            return [pt.x * m.a + pt.y * m.c + m.e, pt.x * m.b + pt.y * m.d + m.f];
        }"""
    )
    pg.mouse.click(x, y)
    pg.wait_for_url(re.compile(r"/claims\?"))
    assert pg.locator("#claims-table tbody tr").count() == 1
    assert "Shahed-136" in pg.inner_text("#claims-table")
    page.clean()


def test_stories_list_and_story_timeline(page: Watched, served: Served, artifacts: Path) -> None:
    pg = page.page
    pg.goto(served.base + "/stories")
    assert pg.locator("#stories-table tbody tr[data-story]").count() == 5
    shot(page, artifacts, "stories")
    pg.get_by_role("link", name=re.compile(r"^North Korea → Russia: artillery shells")).click()
    pg.wait_for_url(re.compile(r"/stories/sty-"))
    assert pg.inner_text("#story-title").startswith("North Korea → Russia")
    entries = pg.locator("#timeline li.entry")
    assert entries.count() == 4  # three reports plus the near-duplicate wire copy
    assert "first report" in entries.first.inner_text()
    assert pg.locator("#timeline li.entry.copy").count() == 1
    assert "near-duplicate" in pg.inner_text("#corroboration")
    contradictions = pg.inner_text("#contradictions")
    assert "denial" in contradictions and "role error" in contradictions
    shot(page, artifacts, "story")
    # from the timeline to the document
    entries.first.get_by_role("link").first.click()
    pg.wait_for_url(re.compile(r"/documents/doc-shells-1"))
    page.clean()


def test_document_evidence_highlights_and_role_flags(page: Watched, served: Served, artifacts: Path) -> None:
    pg = page.page
    pg.goto(served.base + "/documents/doc-shells-1")
    mark = pg.locator("#doc-text mark.claim")
    assert mark.count() == 1
    assert mark.inner_text().startswith("Ukraine's military intelligence said on Friday")
    assert mark.inner_text().endswith("since the summer.")
    role = pg.locator("#doc-text mark.role-wrong")
    assert role.inner_text().startswith("Kyrylo Budanov, the head of Russia's")
    assert "Chief of the Main Directorate of Intelligence of Ukraine" in pg.inner_text("#role-alert")
    card = pg.locator("#doc-claims .claim-card")
    assert "PRK → RUS" in card.inner_text() and "122 mm, 152 mm" in card.inner_text()
    assert "some 6,700 containers" in card.inner_text()
    # hovering the evidence highlights its claim card (document.js)
    mark.hover()
    assert "hl" in (card.get_attribute("class") or "")
    assert pg.get_by_role("link", name=re.compile("artillery shells")).count() >= 1  # link to its story
    shot(page, artifacts, "document")
    page.clean()


def test_xss_payloads_do_not_run_anywhere(page: Watched, served: Served, artifacts: Path) -> None:
    pg = page.page
    pg.goto(served.base + "/documents/doc-xss")
    expected = f"{XSS_TITLE} · armswatch"
    no_xss(page, expected)
    # the payloads are shown as text, exactly as written
    assert pg.inner_text("#doc-title") == XSS_TITLE
    assert XSS_OUTLET in pg.inner_text(".doc-head")
    assert "javascript:window.__xss='url'" in pg.inner_text(".doc-url")
    assert pg.locator(".doc-url a").count() == 0  # not a link: not http(s)
    assert XSS_SYSTEM in pg.inner_text("#doc-claims")
    assert XSS_PERSON in pg.inner_text("#role-alert")
    assert "<script>window.__xss='text'</script>" in pg.inner_text("#doc-text mark.claim")
    for sel in ("#doc-text mark.claim", "#doc-claims .claim-card", ".doc-head .outlet", "#role-alert a"):
        pg.hover(sel)
    pg.click("#doc-text mark.claim")
    no_xss(page, expected)
    shot(page, artifacts, "xss-document")

    for path, title in (
        ("/", "Flows · armswatch"),
        ("/claims?supplier=PRK", "Claims · armswatch"),
        ("/claims?text=post", "Claims · armswatch"),
        ("/documents", "Documents · armswatch"),
        ("/role-checks", "Role checks · armswatch"),
        ("/stories", "Stories · armswatch"),  # last: the story link below is followed from here
    ):
        pg.goto(served.base + path)
        no_xss(page, title)
    assert XSS_TITLE in pg.inner_text("#stories-table") or XSS_SYSTEM in pg.inner_text("#stories-table")
    pg.locator("#stories-table a", has_text="window.__xss='system'").first.click()
    pg.wait_for_url(re.compile(r"/stories/sty-"))
    no_xss(page, pg.inner_text("#story-title") + " · armswatch")
    assert XSS_SYSTEM in pg.inner_text("#story-title")
    shot(page, artifacts, "xss-story")
    # a 404 page echoes the path: escaped too
    resp = pg.goto(served.base + "/documents/%3Cimg%20src=x%20onerror=window.__xss=1%3E")
    assert resp is not None and resp.status == 404
    page.errors[:] = [e for e in page.errors if "status of 404" not in e]  # the page itself is a 404
    no_xss(page, "Error 404 · armswatch")
    assert "<img src=x onerror=window.__xss=1>" in pg.inner_text("#error-message")


def test_api_docs_render_offline(page: Watched, served: Served, artifacts: Path) -> None:
    pg = page.page
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.goto(served.base + "/docs")
    pg.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
    paths = pg.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/claims" in p for p in paths) and any("/api/v1/pairs" in p for p in paths)
    assert all(u.startswith(served.base) or u.startswith("data:") for u in requested), requested
    shot(page, artifacts, "docs")
    assert page.errors == [] and page.csp == []


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    d = tmp_path_factory.mktemp("web-write")
    db = f"sqlite:///{d / 'w.db'}"
    fill_store(db)
    yield from run_server(db, token=TOKEN, log=d / "serve.log")


PASTED = (
    "Minsk hands tanks to Moscow\n\n"
    "Belarus has transferred dozens of T-72 tanks to Russia from its storage bases, "
    "the independent monitoring group Belaruski Hajun reported on Sunday."
)


def test_paste_box_uses_token_from_session_storage(page: Watched, writable: str, artifacts: Path) -> None:
    pg = page.page
    pg.goto(writable + "/analyse")
    pg.fill("#token", "not-the-token")
    pg.fill("#text", PASTED)
    pg.click("#analyse-submit")
    pg.wait_for_selector("#analyse-status.error")
    assert "403" in pg.inner_text("#analyse-status") and "E923" in pg.inner_text("#analyse-status")
    page.errors[:] = [e for e in page.errors if "status of 403" not in e]  # the refused POST itself

    pg.fill("#token", TOKEN)
    pg.click("#analyse-submit")
    pg.wait_for_selector("#result-claims tbody tr", timeout=90_000)
    assert "BLR → RUS" in pg.inner_text("#result-claims")
    assert pg.evaluate("sessionStorage.getItem('armswatch.apiToken')") == TOKEN
    assert pg.evaluate("localStorage.length") == 0
    shot(page, artifacts, "analyse")
    pg.click("#result-document-link")
    pg.wait_for_url(re.compile(r"/documents/"))
    assert pg.locator("#doc-text mark.claim").count() == 1
    # the token survives a reload of the tab (sessionStorage), and is not in any cookie
    pg.goto(writable + "/analyse")
    assert pg.input_value("#token") == TOKEN
    assert pg.context.cookies() == []
    page.clean()
