"""Live workshop load: 1 facilitator, 50 participants, 5 projectors, 200 open event streams.

Runs uvicorn on loopback against PostgreSQL (a database of its own, made afresh), drives a
moderated workshop for a fixed number of notes and votes, and prints:
- the delay from each change (its Change.at) to its arrival at every projector: median, p95;
- the memory per open event stream: server RSS growth / streams held.

    DEBUG=1 .venv/bin/python bench/live.py [--processes 2] [--notes 4] [--streams 200]

Everything is bounded: fixed counts, timeouts on every wait. Loopback only.
"""

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
DB_NAME = "jms_bench_live"
ADMIN_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


# --- setup ---
def fresh_database():
    import psycopg

    with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = f"{ADMIN_URL}/{DB_NAME}"
    # One user holds every stream here, and every phone comes from 127.0.0.1: the phones say
    # which address they are through X-Forwarded-For (as behind one proxy), and the stream cap
    # per user is lifted, so the bench measures the fan-out, not the limits.
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "TRUSTED_PROXY_COUNT": "1",
        "LIVE_STREAMS_PER_USER": "100000",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return url, env


def seed(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from journeys.sample_maps import build_map
    from workshops.services import start_workshop

    owner = get_user_model().objects.create_user("bench", password="bench-password-123")
    journey = build_map(owner, stages=5, lanes=6, items=40, personas=2, title="Bench 워크숍")
    workshop = start_workshop(journey, votes_per_participant=3, moderated=True)
    client = Client()
    client.force_login(owner)
    stages = list(journey.stages.values_list("pk", flat=True))
    cards = list(journey.cards.values_list("pk", flat=True))
    return {
        "journey": journey.pk,
        "workshop": workshop.pk,
        "code": workshop.code,
        "session": client.cookies["sessionid"].value,
        "stages": stages,
        "cards": cards,
    }


def start_servers(env, count):
    servers = []
    for n in range(count):
        port = 18900 + n
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                HOST,
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
                "--lifespan",
                "off",
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=ROOT,
            env=env,
        )
        servers.append((proc, port))
    return servers


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# --- a small HTTP/1.1 client (asyncio streams) ---
class Browser:
    def __init__(self, port, cookies=None, address=None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.headers = {}  # of the last response, names in lower case (bench/load.py reads them)
        self.address = address  # sent as X-Forwarded-For: the phone's own network address

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _remember(self, head):
        for line in head.split("\r\n"):
            if line.lower().startswith("set-cookie:"):
                name, _, rest = line.split(":", 1)[1].strip().partition("=")
                self.cookies[name] = rest.split(";", 1)[0]

    async def request(self, method, path, form=None, headers=None, timeout=30):
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, self.port), timeout)
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close"]
        if self.cookies:
            lines.append(f"Cookie: {self._cookie_header()}")
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        if self.address:
            lines.append(f"X-Forwarded-For: {self.address}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        head, _, payload = raw.partition(b"\r\n\r\n")
        head = head.decode("latin-1")
        self._remember(head)
        self.headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in head.split("\r\n")[1:])
        }
        status = int(head.split(" ", 2)[1])
        if "transfer-encoding: chunked" in head.lower():
            payload = dechunk(payload)
        return status, payload.decode("utf-8", "replace")

    async def csrf(self, path):
        status, html = await self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return match.group(1)


def dechunk(data):
    out, rest = b"", data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


async def open_stream(port, session, journey_id, since, on_event, ready):
    """An SSE connection; calls on_event(event, arrival) for each event until cancelled."""
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(
        (
            f"GET /journeys/{journey_id}/events/?last_event_id={since} HTTP/1.1\r\n"
            f"Host: {HOST}:{port}\r\nCookie: sessionid={session}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(head.decode())
    ready()
    buffer = b""
    try:
        while True:  # ends when the bench cancels the task or the server hangs up
            size_line = await reader.readline()
            if not size_line:
                return
            size = int(size_line.strip() or b"0", 16)
            chunk = await reader.readexactly(size + 2)
            arrival = time.time()
            buffer += chunk[:-2]
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        on_event(json.loads(line[6:]), arrival)
    finally:
        writer.close()


# --- the workshop ---
async def participant(n, port, data, notes, stats):
    phone = Browser(port, address=f"10.0.{n // 250}.{n % 250 + 1}")
    token = await phone.csrf(f"/w/{data['code']}/")
    status, _ = await phone.request(
        "POST", f"/w/{data['code']}/", {"csrfmiddlewaretoken": token, "display_name": f"P{n}"}
    )
    assert status == 302, status
    rng = random.Random(n)
    actions = ["note"] * notes + ["vote"] * 3
    rng.shuffle(actions)
    for action in actions:
        await asyncio.sleep(rng.uniform(0.5, 6.0))
        if action == "note":
            form = {
                "csrfmiddlewaretoken": token,
                "stage": rng.choice(data["stages"]),
                "kind": rng.choice(["pain_point", "idea", "question", "action"]),
                "text": f"참가자 {n}의 메모 {rng.randint(1, 999)}",
            }
            status, _ = await phone.request("POST", f"/w/{data['code']}/notes/", form)
        else:
            card = rng.choice(data["cards"])
            path = f"/w/{data['code']}/cards/{card}/vote/"
            status, _ = await phone.request("POST", path, {"csrfmiddlewaretoken": token})
        stats[action if status == 302 else f"{action} failed ({status})"] += 1


async def facilitator(port, data, db_url, expected_notes, stats, deadline):
    import psycopg

    desk = Browser(port, {"sessionid": data["session"]})
    token = await desk.csrf(f"/journeys/{data['journey']}/workshop/")
    accepted = 0
    async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as db:
        while accepted < expected_notes and time.monotonic() < deadline:
            cursor = await db.execute(
                "SELECT id FROM workshops_note WHERE workshop_id = %s AND status = 'pending' "
                "ORDER BY id",
                [data["workshop"]],
            )
            pending = [row[0] for row in await cursor.fetchall()]
            for note_id in pending:
                path = f"/journeys/{data['journey']}/workshop/notes/{note_id}/accept/"
                status, _ = await desk.request("POST", path, {"csrfmiddlewaretoken": token})
                accepted += status == 302
            await asyncio.sleep(0.3)
    stats["accepted"] = accepted


async def run(args, data, servers, db_url):
    import psycopg

    ports = [port for _, port in servers]
    async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as db:
        cursor = await db.execute("SELECT coalesce(max(id), 0) FROM journeys_change")
        since = (await cursor.fetchone())[0]

    arrivals = [dict() for _ in range(args.projectors)]  # change id -> arrival time
    delivered = [0]
    opened = asyncio.Semaphore(0)

    def projector_sink(index):
        def on_event(event, arrival):
            arrivals[index].setdefault(event["id"], arrival)
            delivered[0] += 1

        return on_event

    def idle_sink(event, arrival):
        delivered[0] += 1

    tasks = []
    for i in range(args.streams):
        sink = projector_sink(i) if i < args.projectors else idle_sink
        port = ports[i % len(ports)]
        tasks.append(
            asyncio.create_task(
                open_stream(port, data["session"], data["journey"], since, sink, opened.release)
            )
        )
    for _ in range(args.streams):
        await asyncio.wait_for(opened.acquire(), 60)
    await asyncio.sleep(2)
    rss_open = {proc.pid: rss_kb(proc.pid) for proc, _ in servers}
    print(f"{args.streams} event streams open on {len(servers)} process(es)")

    stats = {"note": 0, "vote": 0}
    stats = __import__("collections").Counter(stats)
    started = time.monotonic()
    deadline = started + args.seconds
    expected = args.participants * args.notes
    await asyncio.gather(
        facilitator(ports[0], data, db_url, expected, stats, deadline),
        *[
            participant(n, ports[n % len(ports)], data, args.notes, stats)
            for n in range(args.participants)
        ],
    )
    await asyncio.sleep(2)  # let the last events arrive
    elapsed = time.monotonic() - started
    still_open = sum(1 for t in tasks if not t.done())
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return arrivals, stats, elapsed, rss_open, still_open, delivered[0], since


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--projectors", type=int, default=5)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--notes", type=int, default=4, help="notes per participant")
    parser.add_argument("--seconds", type=int, default=90, help="upper bound on the run")
    args = parser.parse_args()

    db_url, env = fresh_database()
    data = seed(db_url)
    servers = start_servers(env, args.processes)
    try:
        for _, port in servers:
            for _ in range(100):
                try:
                    import urllib.request

                    urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
        # Warm up each process (imports, first queries) before measuring its memory.
        import urllib.request

        for _, port in servers:
            urllib.request.urlopen(f"http://{HOST}:{port}/w/{data['code']}/", timeout=10).read()
        rss_idle = {proc.pid: rss_kb(proc.pid) for proc, _ in servers}
        arrivals, stats, elapsed, rss_open, still_open, delivered, since = asyncio.run(
            run(args, data, servers, db_url)
        )
    finally:
        for proc, _ in servers:
            proc.terminate()
        for proc, _ in servers:
            proc.wait(10)

    from journeys.models import Change

    changes = dict(
        Change.objects.filter(journey_id=data["journey"], pk__gt=since).values_list("pk", "at")
    )
    delays, missing = [], 0
    for received in arrivals:
        for change_id, at in changes.items():
            if change_id in received:
                delays.append((received[change_id] - at.timestamp()) * 1000)
            else:
                missing += 1
    growth = sum(rss_open[pid] - rss_idle[pid] for pid in rss_idle)
    print(f"run: {elapsed:.1f}s; {dict(stats)}")
    print(
        f"changes: {len(changes)}; events delivered to all streams: {delivered}; "
        f"streams still open at the end: {still_open}/{args.streams}"
    )
    print(
        f"delay change -> projector ({len(delays)} arrivals at {args.projectors} projectors, "
        f"{missing} missing): median {statistics.median(delays):.1f} ms, "
        f"p95 {percentile(delays, 95):.1f} ms, max {max(delays):.1f} ms"
    )
    print(
        f"memory: server RSS {sum(rss_idle.values()) / 1024:.1f} MB idle -> "
        f"{sum(rss_open.values()) / 1024:.1f} MB with {args.streams} streams; "
        f"{growth / args.streams:.1f} KB per open stream"
    )
    ok = percentile(delays, 95) < 300 and missing == 0 and still_open == args.streams
    print("goal (p95 < 300 ms, every change at every projector, all streams held):", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
