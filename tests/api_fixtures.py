"""Fixtures of the API and dashboard tests: a real SQLite store filled through the store's API, and a
real ``armswatch serve`` process on a free loopback port.

The reports are short texts written for these tests. Their claims are given by hand (not by the
extractor) so the tests know exactly what the pages must show; one report carries XSS payloads in
its title, URL, outlet, text, evidence, systems, sources and a role check. Stories are built by the
stories stage's own full rebuild.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from armswatch.records import Document, ExtractionResult, Item, Quantity, RoleClaim, TransferClaim

TOKEN = "test-token-5f2c9a7e"
XSS_TITLE = (
    "<script>window.__xss='title'</script>Shells <img src=x onerror=\"window.__xss='title-img'\"> & co"
)
XSS_URL = "javascript:window.__xss='url'"
XSS_OUTLET = "<b onmouseover=\"window.__xss='outlet'\">Evil Outlet</b>"
XSS_SYSTEM = "<svg onload=\"window.__xss='system'\">"
XSS_PERSON = "<img src=x onerror=\"window.__xss='person'\">"
XSS_SOURCE = "<iframe src=\"javascript:window.__xss='source'\">"


def _claim(
    text: str,
    evidence: str,
    pair: tuple[str, str],
    status: str,
    categories: tuple[str, ...],
    systems: tuple[str, ...] = (),
    calibers: tuple[int, ...] = (),
    quantity: tuple[str, float] | None = None,
    sources: tuple[str, ...] = (),
    denied_by: tuple[str, ...] = (),
) -> TransferClaim:
    start = text.index(evidence)
    q = Quantity(quantity[0], quantity[1], None) if quantity else None
    items = tuple(
        Item(system=s, category=categories[0], caliber_mm=calibers[0] if calibers else None, quantity=q)
        for s in systems
    )
    return TransferClaim(
        supplier=pair[0],
        recipient=pair[1],
        categories=categories,
        systems=systems,
        calibers_mm=calibers,
        quantity=q,
        status=status,  # type: ignore[arg-type]
        sources=sources,
        denied_by=denied_by,
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        confidence=0.9,
        items=items,
    )


def _role(text: str, person: str, stated: str, correct: bool, actual: str | None) -> RoleClaim:
    start = text.index(person)
    end = text.index(stated) + len(stated)
    return RoleClaim(
        person=person, stated_role=stated, correct=correct, actual_role=actual, start=start, end=end
    )


def _doc(doc_id: str, title: str, body: str, published: date, url: str, outlet: str) -> Document:
    return Document(
        id=doc_id, text=f"{title}\n\n{body}", published=published, title=title, url=url, outlet=outlet
    )


@dataclass(frozen=True)
class Corpus:
    results: tuple[ExtractionResult, ...]
    xss_doc_id: str = "doc-xss"
    shells_doc_id: str = "doc-shells-1"
    denial_doc_id: str = "doc-denial"

    @property
    def claim_count(self) -> int:
        return sum(len(r.transfers) for r in self.results)


def corpus() -> Corpus:
    """Eight short reports of our own, with their claims and role checks."""
    out: list[ExtractionResult] = []

    e1 = (
        "Ukraine's military intelligence said on Friday that North Korea has shipped 122 mm and 152 mm "
        "artillery shells to Russia by rail, some 6,700 containers in all since the summer."
    )
    d1 = _doc(
        "doc-shells-1",
        "Pyongyang sends shells to Moscow, Kyiv says",
        e1 + " Kyrylo Budanov, the head of Russia's Main Intelligence Directorate, gave the figure to "
        "reporters. The shipments are said to have crossed at the Tumangang border station.",
        date(2023, 9, 2),
        "https://news.example.org/2023/09/shells",
        "Example News",
    )
    c1 = _claim(
        d1.text,
        e1,
        ("PRK", "RUS"),
        "reported",
        ("ammunition", "artillery"),
        ("artillery shells",),
        (122, 152),
        ("some 6,700 containers", 6700.0),
        ("Ukraine's military intelligence",),
    )
    r1 = _role(
        d1.text,
        "Kyrylo Budanov",
        "the head of Russia's Main Intelligence Directorate",
        False,
        "Chief of the Main Directorate of Intelligence of Ukraine",
    )
    out.append(ExtractionResult(d1, (c1,), (r1,)))

    e2 = (
        "White House officials confirmed that North Korea had delivered more than one million rounds of "
        "artillery ammunition to Russia, pointing to satellite images of a busy rail yard near the border."
    )
    d2 = _doc(
        "doc-shells-2",
        "Officials confirm North Korean munitions deliveries",
        e2,
        date(2023, 10, 13),
        "https://wire.example.com/nk-munitions",
        "Example Wire",
    )
    c2 = _claim(
        d2.text,
        e2,
        ("PRK", "RUS"),
        "confirmed",
        ("ammunition",),
        ("artillery shells",),
        (),
        ("more than one million rounds", 1_000_000.0),
        ("White House officials",),
    )
    out.append(ExtractionResult(d2, (c2,)))

    e3 = (
        "North Korea's foreign ministry denied that the country had sold any weapons or ammunition to "
        "Russia, calling the reports a smear campaign."
    )
    d3 = _doc(
        "doc-denial",
        "Pyongyang rejects arms reports",
        e3,
        date(2023, 10, 20),
        "https://daily.example.net/denial",
        "Example Daily",
    )
    c3 = _claim(
        d3.text,
        e3,
        ("PRK", "RUS"),
        "denied",
        ("ammunition",),
        (),
        (),
        None,
        ("North Korea's foreign ministry",),
        ("PRK",),
    )
    out.append(ExtractionResult(d3, (c3,)))

    e4 = "Russia has been launching Iranian-made Shahed-136 drones that Tehran supplied last month"
    d4 = _doc(
        "doc-drones",
        "Iranian drones over Kyiv",
        e4 + ", according to Ukrainian air force officials.",
        date(2022, 10, 18),
        "https://news.example.org/2022/10/drones",
        "Example News",
    )
    c4 = _claim(
        d4.text,
        e4,
        ("IRN", "RUS"),
        "reported",
        ("uav",),
        ("Shahed-136",),
        (),
        None,
        ("Ukrainian air force officials",),
    )
    out.append(ExtractionResult(d4, (c4,)))

    e5 = "The Pentagon said the first HIMARS rocket launchers sent by the United States had reached Ukraine."
    d5 = _doc(
        "doc-himars",
        "HIMARS arrive in Ukraine",
        e5,
        date(2022, 6, 23),
        "https://wire.example.com/himars",
        "Example Wire",
    )
    out.append(
        ExtractionResult(d5, (_claim(d5.text, e5, ("USA", "UKR"), "confirmed", ("artillery",), ("HIMARS",)),))
    )

    e6 = "Turkey plans to sell further Bayraktar TB2 drones to Ukraine next year"
    d6 = _doc(
        "doc-tb2",
        "Ankara weighs drone sale",
        e6 + ", a defence ministry source said.",
        date(2024, 3, 1),
        "http://daily.example.net/tb2",
        "Example Daily",
    )
    out.append(
        ExtractionResult(d6, (_claim(d6.text, e6, ("TUR", "UKR"), "planned", ("uav",), ("Bayraktar TB2",)),))
    )

    d7 = _doc(
        "doc-shells-2-copy",
        "Officials confirm North Korean munitions deliveries (wire copy)",
        e2 + " Subscribe for more.",
        date(2023, 10, 14),
        "https://mirror.example.org/nk-munitions",
        "Example Mirror",
    )
    c7 = _claim(
        d7.text,
        e2,
        ("PRK", "RUS"),
        "confirmed",
        ("ammunition",),
        ("artillery shells",),
        (),
        ("more than one million rounds", 1_000_000.0),
        ("White House officials",),
    )
    out.append(ExtractionResult(d7, (c7,)))

    e8 = (
        "A post claimed <script>window.__xss='text'</script> that North Korea gave rockets "
        "<img src=x onerror=\"window.__xss='img'\"> to Russia"
    )
    body8 = (
        e8 + " <a href=\"javascript:window.__xss='link'\">here</a>. "
        f"{XSS_PERSON}, the defence minister of North Korea, did not comment."
    )
    d8 = Document(
        id="doc-xss",
        text=f"{XSS_TITLE}\n\n{body8}",
        published=date(2023, 11, 5),
        title=XSS_TITLE,
        url=XSS_URL,
        outlet=XSS_OUTLET,
    )
    c8 = _claim(d8.text, e8, ("PRK", "RUS"), "alleged", ("missile",), (XSS_SYSTEM,), (), None, (XSS_SOURCE,))
    r8 = _role(d8.text, XSS_PERSON, "the defence minister of North Korea", False, "<u>unknown</u>")
    out.append(ExtractionResult(d8, (c8,), (r8,)))
    return Corpus(tuple(out))


def fill_store(url: str) -> Corpus:
    """Store the corpus in the database at ``url`` (migrating it) and build the stories."""
    from armswatch.ingest.canonical import canonical_url, content_hash
    from armswatch.store.repository import Store
    from armswatch.store.rows import DocMeta
    from armswatch.stories.update import rebuild_stories

    c = corpus()
    meta = {}
    for r in c.results:
        d = r.document
        meta[d.id] = DocMeta(
            canonical_url=canonical_url(d.url) if d.url and d.url.startswith("http") else None,
            content_hash=content_hash(d.text),
            dup_group="doc-shells-2" if d.id in ("doc-shells-2", "doc-shells-2-copy") else None,
        )
    with Store.open(url) as store:
        store.save_results([(r.document, r) for r in c.results], meta=meta)
        rebuild_stories(store.engine)
    return c


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_server(db_url: str, *, token: str | None, log: Path, allow_private: bool = False) -> Iterator[str]:
    """Start ``armswatch serve`` on a free loopback port; yield its base URL; stop it at the end."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARMSWATCH_")}
    if token:
        env["ARMSWATCH_API_TOKEN"] = token
    if allow_private:
        env["ARMSWATCH_ALLOW_PRIVATE"] = "true"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "armswatch.cli", "serve", "--db", db_url, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"armswatch serve exited: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(base + "/api/v1/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("armswatch serve did not answer within 90 s")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# -- pytest fixtures (imported by tests/test_api*.py and tests/test_web*.py) -----------------------
@dataclass(frozen=True)
class Served:
    base: str
    db_url: str
    corpus: Corpus


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A read-mostly server (token configured) over the fixture corpus; tests must not add to it."""
    d = tmp_path_factory.mktemp("api-served")
    db_url = f"sqlite:///{d / 'served.db'}"
    c = fill_store(db_url)
    for base in run_server(db_url, token=TOKEN, log=d / "serve.log"):
        yield Served(base, db_url, c)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored): screenshots of the browser tests."""
    out = Path(__file__).resolve().parent.parent / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out
