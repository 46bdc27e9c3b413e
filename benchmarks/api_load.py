"""Load benchmark of the REST API: claims list and pairs endpoint with 100k claims in SQLite.

Builds (once, cached at --db) a SQLite store of synthetic but realistic claims through the store's
bulk API (``Store.save_results``), starts ``armswatch serve`` on a free loopback port, and measures
requests/s and p50/p99 latency at 1, 8 and 32 concurrent clients (closed loop, bounded in time and
count), then at a fixed offered rate (open loop, default 500 req/s) for the latency goal
(p99 < 50 ms at 500 rps). Only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/api_load.py                       # 100k claims, 8 s per step
    .venv/bin/python benchmarks/api_load.py --claims 20000 --seconds 3   # quick look
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

PAIRS = [  # (supplier, recipient, weight): a skewed mix, as in real reporting
    ("PRK", "RUS", 18),
    ("IRN", "RUS", 14),
    ("USA", "UKR", 16),
    ("DEU", "UKR", 8),
    ("GBR", "UKR", 6),
    ("FRA", "UKR", 5),
    ("POL", "UKR", 5),
    ("TUR", "UKR", 4),
    ("RUS", "SYR", 3),
    ("IRN", "hezbollah", 3),
    ("CHN", "PAK", 3),
    ("RUS", "IND", 3),
    ("USA", "ISR", 4),
    ("USA", "TWN", 3),
    ("IRN", "houthis", 2),
    ("BLR", "RUS", 2),
    ("CHN", "RUS", 2),
    ("RUS", "MLI", 1),
    ("TUR", "AZE", 1),
    ("ISR", "AZE", 1),
    ("USA", "SAU", 2),
    ("FRA", "IND", 1),
    ("KOR", "POL", 2),
    ("RUS", "IRN", 1),
    ("CZE", "UKR", 2),
]
CATEGORY_SYSTEMS = {
    "ammunition": ["artillery shells", "152 mm shells", "155 mm shells", "tank rounds"],
    "artillery": ["M777", "CAESAR", "HIMARS", "Grad", "Krab"],
    "missile": ["KN-23", "ATACMS", "Storm Shadow", "Fath-360", "Iskander"],
    "uav": ["Shahed-136", "Bayraktar TB2", "Mohajer-6", "Lancet"],
    "air_defence": ["Patriot", "IRIS-T", "NASAMS", "S-400"],
    "armoured_vehicle": ["Leopard 2", "T-72", "Bradley", "M113"],
    "aircraft": ["F-16", "Su-35", "MiG-29"],
    "small_arms": ["rifles", "machine guns"],
}
STATUSES = [("reported", 45), ("confirmed", 20), ("alleged", 15), ("planned", 15), ("denied", 5)]
OUTLETS = [f"outlet{i}.example" for i in range(60)]
VERBS = ["has shipped", "delivered", "is sending", "supplied", "transferred", "will provide"]


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


def build_db(db_path: Path, n_claims: int, seed: int = 7) -> float:
    """Fill ``db_path`` with about ``n_claims`` claims (1–3 per document); returns seconds taken."""
    from armswatch.records import Document, ExtractionResult, Item, Quantity, TransferClaim
    from armswatch.store.repository import Store

    rng = random.Random(seed)
    start = time.perf_counter()
    store = Store.open(f"sqlite:///{db_path}")
    made = 0
    doc_no = 0
    day0 = date(2014, 1, 1)
    batch: list[tuple[Document, ExtractionResult]] = []
    while made < n_claims:
        doc_no += 1
        published = day0 + timedelta(days=rng.randrange(4300))
        outlet = rng.choice(OUTLETS)
        k = min(rng.choice([1, 1, 1, 2, 2, 3]), n_claims - made)
        pairs = rng.sample(PAIRS, k) if k > 1 else [rng.choices(PAIRS, weights=[p[2] for p in PAIRS])[0]]
        sentences = []
        claims = []
        text = f"Report {doc_no} from {outlet}\n\n"
        for sup, rec, _w in pairs:
            cats = rng.sample(list(CATEGORY_SYSTEMS), rng.choice([1, 1, 2]))
            systems = tuple(rng.choice(CATEGORY_SYSTEMS[c]) for c in cats)
            status = _weighted(rng, STATUSES)
            qty = rng.choice([None, None, f"{rng.randrange(2, 900) * 10} units"])
            sent = (
                f"Officials said on {published:%d %B %Y} that {sup} {rng.choice(VERBS)} "
                f"{', '.join(systems)} to {rec}{' (' + qty + ')' if qty else ''}."
            )
            s0 = len(text)
            text += sent + " "
            q = Quantity(qty, float(qty.split()[0]), "units") if qty else None
            claims.append(
                TransferClaim(
                    supplier=sup,
                    recipient=rec,
                    categories=tuple(cats),
                    systems=systems,
                    calibers_mm=(),
                    quantity=q,
                    status=status,
                    sources=("officials",),  # type: ignore[arg-type]
                    denied_by=(sup,) if status == "denied" else (),
                    evidence=sent,
                    evidence_start=s0,
                    evidence_end=s0 + len(sent),
                    confidence=round(rng.uniform(0.5, 0.99), 3),
                    items=tuple(
                        Item(system=s, category=c, quantity=q) for s, c in zip(systems, cats, strict=True)
                    ),
                )
            )
            sentences.append(sent)
        text += "Background paragraph with no claim in it, as most of a news report is. " * 3
        doc = Document(
            id=f"bench-{doc_no:07d}",
            text=text,
            published=published,
            title=f"Report {doc_no}",
            url=f"https://{outlet}/news/{doc_no}",
            outlet=outlet,
        )
        batch.append((doc, ExtractionResult(doc, tuple(claims))))
        made += len(claims)
        if len(batch) >= 2000:
            store.save_results(batch)
            batch = []
    if batch:
        store.save_results(batch)
    counts = store.counts()
    store.close()
    print(
        f"built {db_path}: {counts.documents} documents, {counts.claims} claims "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return time.perf_counter() - start


CLAIMS_QUERIES = [
    "/api/v1/claims",
    "/api/v1/claims?supplier=PRK&recipient=RUS",
    "/api/v1/claims?category=uav",
    "/api/v1/claims?status=confirmed&since=2022-02-24",
    "/api/v1/claims?recipient=UKR&since=2023-01-01&until=2023-12-31",
    "/api/v1/claims?offset=5000",
    "/api/v1/claims?supplier=IRN&category=uav&limit=20",
    "/api/v1/claims?limit=100&offset=200",
]
PAIRS_QUERIES = [
    "/api/v1/pairs",
    "/api/v1/pairs?category=ammunition",
    "/api/v1/pairs?status=confirmed",
    "/api/v1/pairs?since=2022-02-24",
    "/api/v1/pairs?since=2023-01-01&until=2023-12-31",
    "/api/v1/pairs?category=uav&status=reported",
]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


class Conn:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP for GETs of this server.

    A minimal client so that the load generator, which shares the machine's two cores with the
    server, spends as little CPU per request as possible (httpx costs several times more, and with
    it the client rather than the server set the limits).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            sock = self.writer.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = next(
            int(v) for k, _, v in (ln.partition(b":") for ln in lines[1:]) if k.lower() == b"content-length"
        )
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError, ConnectionError):
                await self.writer.wait_closed()


def _host_port(base: str) -> tuple[str, int]:
    hostport = base.split("://", 1)[1]
    host, port = hostport.rsplit(":", 1)
    return host, int(port)


async def closed_loop(base: str, paths: list[str], clients: int, seconds: float, max_requests: int) -> dict:
    """``clients`` connections, each sending the next request as soon as the last one answered."""
    lat: list[float] = []
    errors = 0
    counter = 0
    host, port = _host_port(base)
    conns = [Conn(host, port) for _ in range(clients)]
    stop = time.perf_counter() + seconds

    async def worker(i: int, conn: Conn) -> None:
        nonlocal errors, counter
        while time.perf_counter() < stop and counter < max_requests:
            path = paths[(counter + i) % len(paths)]
            counter += 1
            t0 = time.perf_counter()
            status = await conn.get(path)
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i, c) for i, c in enumerate(conns)))
    wall = time.perf_counter() - t0
    for c in conns:
        await c.close()
    return _summary(lat, errors, wall)


async def open_loop(
    base: str, paths: list[str], rate: float, seconds: float, max_in_flight: int = 64, grace: float = 5.0
) -> dict:
    """Requests started at a fixed rate whatever the answers do (latency includes any queueing).

    At most ``max_in_flight`` requests (connections) are outstanding: a request due while all are
    busy is not sent and is counted as ``dropped`` (the server is saturated). Requests still
    unanswered ``grace`` seconds after the last one was due are cancelled (``timeouts``).
    """
    lat: list[float] = []
    errors = 0
    dropped = 0
    n = int(rate * seconds)
    host, port = _host_port(base)
    idle: list[Conn] = [Conn(host, port) for _ in range(max_in_flight)]
    everyone = list(idle)

    async def one(i: int, conn: Conn) -> None:
        nonlocal errors
        try:
            t0 = time.perf_counter()
            status = await conn.get(paths[i % len(paths)])
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1
        finally:
            idle.append(conn)

    tasks: list[asyncio.Task[None]] = []
    t0 = time.perf_counter()
    for i in range(n):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if not idle:
            dropped += 1
            continue
        tasks.append(asyncio.create_task(one(i, idle.pop())))
    pending: set[asyncio.Task[None]] = set()
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=grace)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall = time.perf_counter() - t0
    for c in everyone:
        await c.close()
    out = _summary(lat, errors + len(pending), wall)
    out.update(timeouts=len(pending), dropped=dropped, offered=n)
    return out


def _summary(lat: list[float], errors: int, wall: float) -> dict:
    return {
        "requests": len(lat),
        "errors": errors,
        "rps": round(len(lat) / wall, 1) if wall else 0.0,
        "p50_ms": round(pct(lat, 0.50) * 1000, 1),
        "p99_ms": round(pct(lat, 0.99) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1) if lat else float("nan"),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else float("nan"),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARMSWATCH_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "armswatch.cli", "serve", "--db", f"sqlite:///{db_path}", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def query_costs(db_path: Path) -> dict[str, float]:
    """Milliseconds per call of the store queries behind the endpoints (no HTTP, no cache)."""
    from armswatch.store import api_queries
    from armswatch.store.repository import Store
    from armswatch.store.rows import ClaimFilter

    store = Store.open(f"sqlite:///{db_path}")
    out: dict[str, float] = {}
    cases = {
        "claims page (50) + count, no filter": lambda: (
            api_queries.page_claims(store, ClaimFilter(limit=50)),
            api_queries.count_claims(store.engine, ClaimFilter()),
        ),
        "claims page + count, supplier=PRK recipient=RUS": lambda: (
            api_queries.page_claims(store, ClaimFilter(supplier="PRK", recipient="RUS", limit=50)),
            api_queries.count_claims(store.engine, ClaimFilter(supplier="PRK", recipient="RUS")),
        ),
        "claims page + count, category=uav": lambda: (
            api_queries.page_claims(store, ClaimFilter(category="uav", limit=50)),
            api_queries.count_claims(store.engine, ClaimFilter(category="uav")),
        ),
        "pairs aggregation, no filter (uncached)": lambda: api_queries.pair_stats(
            store.engine, ClaimFilter()
        ),
        "pairs aggregation, category=ammunition (uncached)": lambda: api_queries.pair_stats(
            store.engine, ClaimFilter(category="ammunition")
        ),
    }
    for name, fn in cases.items():
        fn()
        t0 = time.perf_counter()
        reps = 5
        for _ in range(reps):
            fn()
        out[name] = round((time.perf_counter() - t0) / reps * 1000, 1)
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "armswatch-api-load.db")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=8.0, help="Duration of each closed-loop step.")
    ap.add_argument("--max-requests", type=int, default=20_000, help="Request cap of each step.")
    ap.add_argument("--rate", type=float, default=500.0, help="Offered rate of the open-loop step (req/s).")
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--json", type=Path, help="Also write the results here.")
    args = ap.parse_args()
    servers: list[subprocess.Popen[bytes]] = []

    def _on_term(*_: object) -> None:  # stop the server we started, then leave
        for p in servers:
            p.terminate()
        os._exit(143)

    signal.signal(signal.SIGTERM, _on_term)

    args.db.parent.mkdir(parents=True, exist_ok=True)
    marker = args.db.with_suffix(".claims")
    if not args.db.exists() or not marker.exists() or marker.read_text().strip() != str(args.claims):
        for p in args.db.parent.glob(args.db.name + "*"):
            p.unlink()
        build_db(args.db, args.claims)
        marker.write_text(str(args.claims))
    results: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_start": os.getloadavg(),
        "claims": args.claims,
        "query_ms": query_costs(args.db),
        "closed_loop": {},
        "open_loop": {},
    }
    for k, v in results["query_ms"].items():
        print(f"query   {k:55s} {v:8.1f} ms")
    proc, base = start_server(args.db)
    servers.append(proc)
    try:
        for name, paths in (("claims", CLAIMS_QUERIES), ("pairs", PAIRS_QUERIES)):
            for p in paths:  # warm up: caches, SQLite page cache, code paths
                httpx.get(base + p, timeout=30)
            for c in (int(x) for x in args.clients.split(",")):
                r = asyncio.run(closed_loop(base, paths, c, args.seconds, args.max_requests))
                results["closed_loop"][f"{name} c={c}"] = r
                print(
                    f"{name:6s} clients={c:3d}  {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                    f"p99 {r['p99_ms']:6.1f} ms  ({r['requests']} requests, {r['errors']} errors)"
                )
            r = asyncio.run(open_loop(base, paths, args.rate, min(args.seconds, 6.0)))
            results["open_loop"][f"{name} @ {args.rate:.0f} rps"] = r
            print(
                f"{name:6s} open loop, {args.rate:.0f} req/s offered for {min(args.seconds, 6.0):.0f} s: "
                f"{r['requests']} answered ({r['rps']:.1f}/s), p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
                f"{r['dropped']} not sent (64 already in flight), {r['timeouts']} unanswered after 5 s"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
