"""Fan-out: one change to a large map, a room full of views; how long until all show it, and
what it costs the server.

    DEBUG=1 .venv/bin/python bench/fanout.py [--views 12] [--rounds 6]
    DEBUG=1 .venv/bin/python bench/fanout.py --clients 50 [--rounds 6]

A fresh PostgreSQL database (`jms_bench_fanout` on BENCH_PG, dropped afterwards) gets the large
map of the issues (12 stages, 8 lanes, 600 cards and touchpoints), served by one uvicorn
process (tests/live_support.UvicornProcess). Then:
- `--views N`: N Chromium views of the map's editor, one browser context each (people in a
  room, each with their own browser);
- `--clients N`: N lightweight stream clients, each doing what the page's script does: read
  the event stream and, when an event does not carry the changed piece, fetch what the page
  would fetch (its `data-live-url`).
Each round makes one change through the services (alternately a card edit and a card added
to a cell) and times, from just before the change, until every view shows it. The server's
CPU time (utime + stime of the uvicorn process, /proc) is read before and after each round.

Baselines measured in the same run, because the machine is shared: the CPU of one full
render of the editor page, and of one request for the smallest page of the map (its details
fragment). Goals (issue 11): 12 views, median < 1 s until all show the change and < 100 ms
of server CPU per change; 50 clients, p95 < 1 s.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from live import Browser, percentile  # noqa: E402

from tests.live_support import UvicornProcess  # noqa: E402

DB_NAME = "jms_bench_fanout"
ADMIN_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CHROMIUM = "/usr/bin/chromium"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU time of process `pid` (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


# --- setup: a fresh database with the large map, in this process ------------------------
def fresh_database():
    import psycopg

    with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = f"{ADMIN_URL}/{DB_NAME}"
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    return url


def drop_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from journeys.sample_maps import build_large_map

    owner = get_user_model().objects.create_user("bench", password="bench-password-123")
    journey = build_large_map(owner)
    client = Client()
    client.force_login(owner)
    return journey, client.cookies["sessionid"].value


# --- Chromium views -------------------------------------------------------------------------
WATCH = """([selector, marker]) => {
  window.__seen = 0;
  const check = () => {
    const el = document.querySelector(selector);
    if (!window.__seen && el && el.textContent.includes(marker)) window.__seen = Date.now();
  };
  if (window.__watch) window.__watch.disconnect();
  window.__watch = new MutationObserver(check);
  window.__watch.observe(document.body, {childList: true, subtree: true, characterData: true});
  check();
}"""


async def open_views(browser, server, journey, session, count):
    pages = []
    url = f"{server.url}/journeys/{journey.pk}/"

    async def open_one():
        context = await browser.new_context(viewport={"width": 1920, "height": 1080})
        await context.add_cookies([{"name": "sessionid", "value": session, "url": server.url}])
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await page.goto(url)
        await page.locator("html[data-ready]").wait_for(state="attached")
        await page.locator("[data-live-state]", has_text="Live").wait_for()
        await page.evaluate("window.__notReloaded = true")
        pages.append(page)

    for _ in range(count):  # one at a time: opening twelve 1.4 MB pages at once is not the test
        await open_one()
    return pages


async def seen_by(page, timeout=120):
    """Wait until the watcher in `page` has seen the change (the page's CSP forbids the
    string evaluation of wait_for_function, so poll)."""
    deadline = time.monotonic() + timeout
    while not await page.evaluate("window.__seen") and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def run_views(args, server, journey, session):
    from asgiref.sync import sync_to_async
    from playwright.async_api import async_playwright

    results = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        pages = await open_views(browser, server, journey, session, args.views)
        print(f"{len(pages)} Chromium views open (one context each)")
        await asyncio.sleep(3)
        pid = server.proc.pid
        for round_no in range(args.rounds):
            selector, marker = await sync_to_async(plan_change, thread_sensitive=False)(
                journey, round_no
            )
            await asyncio.gather(*(p.evaluate(WATCH, [selector, marker]) for p in pages))
            cpu_before = cpu_seconds(pid)
            started = time.time()
            await sync_to_async(apply_change, thread_sensitive=False)(journey, round_no)
            await asyncio.gather(*(seen_by(p) for p in pages))
            await asyncio.sleep(1.0)  # trailing work (late fetches) is part of the change's cost
            cpu = cpu_seconds(pid) - cpu_before
            seen = [await p.evaluate("window.__seen") for p in pages]
            delays = [s / 1000 - started for s in seen]
            results.append((max(delays), statistics.median(delays), cpu))
            print(
                f"  round {round_no + 1} ({'edit' if round_no % 2 == 0 else 'add'}): all views "
                f"{max(delays) * 1000:.0f} ms (median view {statistics.median(delays) * 1000:.0f}"
                f" ms), server CPU {cpu * 1000:.0f} ms"
            )
            await asyncio.sleep(0.5)
        still = [await p.evaluate("window.__notReloaded === true") for p in pages]
        assert all(still), "a view reloaded the page"
        await browser.close()
    return results


_planned = {}


def plan_change(journey, round_no):
    """(selector, marker) of round `round_no`'s change, before it is made."""
    from journeys.models import Card

    marker = f"Fan-out round {round_no}"
    cards = list(Card.objects.filter(journey=journey).order_by("pk")[:40])
    if round_no % 2 == 0:
        card = cards[round_no % len(cards)]
        _planned[round_no] = ("edit", card.pk)
        return f"#card-{card.pk}", marker
    source = cards[(round_no * 7) % len(cards)]
    _planned[round_no] = ("add", (source.stage_id, source.lane_id))
    return f"#cards-{source.stage_id}-{source.lane_id}", marker


def apply_change(journey, round_no):
    from journeys import services
    from journeys.models import Card

    marker = f"Fan-out round {round_no}"
    kind, what = _planned[round_no]
    if kind == "edit":
        card = Card.objects.get(pk=what)
        card.text = marker
        services.update(card, card.version, ["text"], "bench")
    else:
        stage_id, lane_id = what
        card = Card(journey=journey, stage_id=stage_id, lane_id=lane_id, text=marker)
        services.add_last(card, Card.objects.filter(stage_id=stage_id, lane_id=lane_id), "bench")


# --- lightweight stream clients ---------------------------------------------------------------
class StreamClient:
    """What the page's script does, without a browser: hold the event stream the page opens,
    and per change either take the piece the event carries or fetch the page's live URL."""

    def __init__(self, port, session, events_path, live_url):
        self.port, self.session = port, session
        self.events_path, self.live_url = events_path, live_url
        self.shown = {}  # marker -> time it was in hand
        self.markers = []
        self.fetches = 0

    async def run(self, ready):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            (
                f"GET {self.events_path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Cookie: sessionid={self.session}\r\nAccept: text/event-stream\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(head.decode())
        ready()
        buffer = b""
        try:
            while True:
                size_line = await reader.readline()
                if not size_line:
                    return
                size = int(size_line.strip() or b"0", 16)
                buffer += (await reader.readexactly(size + 2))[:-2]
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    for line in block.split(b"\n"):
                        if line.startswith(b"data: "):
                            await self.on_event(json.loads(line[6:]))
        finally:
            writer.close()

    async def on_event(self, event):
        ops = event.get("ops")
        if ops is not None and ops != "refresh":
            self.look(" ".join(op.get("html", "") for op in ops))
            return
        status, html = await Browser(self.port, {"sessionid": self.session}).request(
            "GET", self.live_url, headers={"HX-Request": "true"}
        )
        self.fetches += 1
        self.look(html)

    def look(self, html):
        now = time.time()
        for marker in self.markers:
            if marker not in self.shown and marker in html:
                self.shown[marker] = now


async def run_clients(args, server, journey, session):
    from asgiref.sync import sync_to_async

    status, page = await Browser(server.port, {"sessionid": session}).request(
        "GET", f"/journeys/{journey.pk}/"
    )
    events_path = unescape(re.search(r'sse-connect="([^"]+)"', page).group(1))
    live_url = unescape(re.search(r'data-live-url="([^"]+)"', page).group(1))
    clients = [
        StreamClient(server.port, session, events_path, live_url) for _ in range(args.clients)
    ]
    opened = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(c.run(opened.release)) for c in clients]
    for _ in clients:
        await asyncio.wait_for(opened.acquire(), 60)
    print(f"{len(clients)} stream clients open")
    await asyncio.sleep(2)
    pid = server.proc.pid
    results, delays = [], []
    for round_no in range(args.rounds):
        await sync_to_async(plan_change, thread_sensitive=False)(journey, round_no)
        marker = f"Fan-out round {round_no}"
        for c in clients:
            c.markers.append(marker)
        cpu_before = cpu_seconds(pid)
        started = time.time()
        await sync_to_async(apply_change, thread_sensitive=False)(journey, round_no)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(marker in c.shown for c in clients):
            await asyncio.sleep(0.02)
        await asyncio.sleep(1.0)
        cpu = cpu_seconds(pid) - cpu_before
        these = [c.shown.get(marker, float("inf")) - started for c in clients]
        delays += these
        results.append((max(these), statistics.median(these), cpu))
        print(
            f"  round {round_no + 1}: all clients {max(these) * 1000:.0f} ms "
            f"(p95 {percentile(these, 95) * 1000:.0f} ms), server CPU {cpu * 1000:.0f} ms"
        )
        await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    fetches = sum(c.fetches for c in clients)
    print(f"fetches by the clients after events: {fetches}")
    return results, delays


# --- baselines and report ---------------------------------------------------------------------
def baseline(server, journey, session, repeat=5):
    """(CPU of one full editor page, CPU of one small request): seconds, measured now."""

    def get(path):
        request = urllib.request.Request(
            server.url + path, headers={"Cookie": f"sessionid={session}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    page = f"/journeys/{journey.pk}/"
    small = f"/journeys/{journey.pk}/details/"
    get(page), get(small)  # warm up
    out = []
    for path, times in ((page, repeat), (small, repeat * 10)):
        before = cpu_seconds(server.proc.pid)
        for _ in range(times):
            size = len(get(path))
        out.append(((cpu_seconds(server.proc.pid) - before) / times, size))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--views", type=int, default=12, help="Chromium views (one context each)")
    parser.add_argument("--clients", type=int, default=0, help="stream clients instead of views")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    url = fresh_database()
    journey, session = seed()
    server = UvicornProcess(url)
    server.env.update(LIVE_STREAMS_PER_USER="100000", LIVE_HEARTBEAT_SECONDS="15")
    try:
        with server:
            (page_cpu, page_size), (small_cpu, _) = baseline(server, journey, session)
            print(
                f"baseline: one editor page ({page_size / 1e6:.2f} MB) costs "
                f"{page_cpu * 1000:.0f} ms of server CPU; one small request "
                f"{small_cpu * 1000:.1f} ms"
            )
            if args.clients:
                results, delays = asyncio.run(run_clients(args, server, journey, session))
                n = args.clients
            else:
                results = asyncio.run(run_views(args, server, journey, session))
                delays = None
                n = args.views
    finally:
        drop_database()
    alls = [r[0] for r in results]
    cpus = [r[2] for r in results]
    cpu = statistics.median(cpus)
    print(
        f"{'clients' if args.clients else 'views'}: {n}; rounds: {len(results)}; "
        f"until all show the change: median {statistics.median(alls) * 1000:.0f} ms, "
        f"max {max(alls) * 1000:.0f} ms"
    )
    if delays:
        print(f"per client: p95 {percentile(delays, 95) * 1000:.0f} ms")
    print(
        f"server CPU per change: median {cpu * 1000:.0f} ms, max {max(cpus) * 1000:.0f} ms; "
        f"{cpu / page_cpu:.2f} full page renders; {cpu / small_cpu:.1f} small requests; "
        f"{cpu / n * 1000:.1f} ms per view"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
