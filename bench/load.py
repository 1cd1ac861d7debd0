"""Load: editors, workshop participants and projectors work on one map at once, for a minute.

    DEBUG=1 .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--seconds 60]
        [--editors 5] [--participants 50] [--projectors 5] [--workers 2]

For each database it makes a fresh one (PostgreSQL: the database `jms_bench_load` on the server
of BENCH_PG, dropped afterwards; SQLite: a temporary file), migrates it, seeds a map with an
open unmoderated workshop, and serves it with uvicorn in a subprocess: `--workers` processes on
PostgreSQL, one on SQLite (its live updates reach only the streams of the process that made
the change). Then, on loopback, as browsers do (sessions, CSRF tokens, htmx headers, redirects):
- editors log in, open the map and its event stream, and every few seconds add a card, edit
  one (open the form, save), move one, or add a touchpoint; each save is followed by the curve
  fetch it triggers, and others' changes by the grid fetch the live script makes;
- participants join by code and, with think time, add a note (at most one per 6.5 s, under
  the 10 a minute the app allows), vote or take a vote back, or reload their phone page;
- projectors hold the event stream and fetch the projected map after each burst of changes.

It prints per kind of request: the count, the answers by status, p50 and p95 latency, and the
p50 as a ratio to a baseline measured in the same run before the load (the map page, alone),
because the machine is shared and milliseconds alone mislead. Then it checks the database
against the answers: every accepted write is there (nothing lost), nothing is there that was
not sent. 429 (rate limit) and 409 (a stale version, no votes left) are refusals the app
explains, neither errors nor accepted; 5xx and dropped connections are errors, and the write
they answered may or may not have happened, so the check allows for them. Goal: zero 5xx,
nothing lost. Exit status 1 when something was lost or a projector missed a change (a
correctness failure, also in `make bench-smoke`); 5xx answers are reported, as figures.
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
import tempfile
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

from live import Browser, open_stream, percentile

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = 18950
PG_NAME = "jms_bench_load"
ADMIN_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
OWNER, PASSWORD = "bench", "bench-password-123"
NOTE_SPACING = 6.5  # seconds between one participant's notes: under 10 a minute
WRITES = {"add card", "edit card", "move card", "add touchpoint", "join", "note", "vote", "unvote"}


# --- the database: made, seeded and counted in subprocesses (one Django setup each) ----------
def prepare(db, workdir):
    """(DATABASE_URL, drop): a fresh, migrated database."""
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')

        def drop():
            with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')

        url = f"{ADMIN_URL}/{PG_NAME}"
    else:
        url, drop = f"sqlite:///{workdir}/load.sqlite3", lambda: None
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, cwd=ROOT, env=server_env(url), check=True)
    return url, drop


def server_env(url):
    return {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "DATABASE_URL": url}


def in_django(url, *args):
    """Run this script's `--seed` / `--count` in a subprocess on `url`; its JSON answer."""
    command = [sys.executable, __file__, *args]
    out = subprocess.run(
        command, cwd=ROOT, env=server_env(url), check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def seed():
    django_setup()
    from django.contrib.auth import get_user_model

    from journeys.sample_maps import build_map
    from workshops.services import start_workshop

    owner = get_user_model().objects.create_user(OWNER, password=PASSWORD)
    journey = build_map(owner, stages=5, lanes=8, items=40, personas=2, title="Load 워크숍")
    workshop = start_workshop(journey, votes_per_participant=5, moderated=False)
    lanes = list(journey.lanes.values_list("pk", "kind"))
    return {
        "journey": journey.pk,
        "code": workshop.code,
        "stages": list(journey.stages.values_list("pk", flat=True)),
        "lanes": [pk for pk, kind in lanes if kind != "touchpoints"],
        "tp_lane": next(pk for pk, kind in lanes if kind == "touchpoints"),
        **counts(journey.pk),
    }


def counts(journey_id, since=0):
    """What the database holds for the map; with `since`, the change ids after it too."""
    from django.db.models import Sum

    from journeys.models import Card, Change
    from touchpoints.models import Touchpoint
    from workshops.models import Note, Participant, Vote

    cards = Card.objects.filter(journey_id=journey_id)
    found = {
        "cards": cards.count(),
        "card_votes": cards.aggregate(s=Sum("votes"))["s"] or 0,
        "touchpoints": Touchpoint.objects.filter(journey_id=journey_id).count(),
        "participants": Participant.objects.filter(workshop__journey_id=journey_id).count(),
        "notes": Note.objects.filter(workshop__journey_id=journey_id).count(),
        "votes": Vote.objects.filter(card__journey_id=journey_id).count(),
        "card_edits": Change.objects.filter(
            journey_id=journey_id, action="card.saved", actor=OWNER
        ).count(),
    }
    if since:
        changes = Change.objects.filter(journey_id=journey_id, pk__gt=since)
        found["changes"] = list(changes.values_list("pk", flat=True))
    else:
        found["last_change"] = Change.objects.filter(journey_id=journey_id).count() and (
            Change.objects.filter(journey_id=journey_id).order_by("-pk").first().pk
        )
    return found


# --- the server ----------------------------------------------------------------------------
def start_server(url, workers):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            HOST,
            "--port",
            str(PORT),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
            "--lifespan",
            "off",
            "--timeout-graceful-shutdown",
            "2",
        ],
        cwd=ROOT,
        env=server_env(url),
        stderr=subprocess.PIPE,
        text=True,
    )
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=1).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {proc.stderr.read()}") from None
            time.sleep(0.1)
    raise RuntimeError("uvicorn did not come up")


def stop_server(proc):
    proc.terminate()
    try:
        _, errors = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, errors = proc.communicate(timeout=5)
    return errors


# --- forms, as a browser reads them ----------------------------------------------------------
class FormReader(HTMLParser):
    """The first form of a page or fragment: its action and the values a browser would send
    (submit buttons left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.action, self.fields, self.forms = None, {}, 0
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms += 1
            if self.forms == 1:
                self.action = a.get("action")
        if self.forms > 1 or not a.get("name") and tag != "option":
            return
        kind = (a.get("type") or "text").lower()
        if tag == "input" and kind not in {"submit", "button", "checkbox", "radio"}:
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and kind in {"checkbox", "radio"} and "checked" in a:
            self.fields[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in self.fields or "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms <= 1:
            self.fields[self._textarea] += data


def read_form(html):
    reader = FormReader()
    reader.feed(html)
    return reader.action, reader.fields


def csrf_of(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    return match.group(1) if match else ""


def card_ids(html):
    return {int(n) for n in re.findall(r'id="card-(\d+)"', html)}


# --- the clients -------------------------------------------------------------------------------
class Run:
    """What every client shares: the clock, the map, and the record of every answer."""

    def __init__(self, data, seconds):
        self.data = data
        self.deadline = time.monotonic() + seconds
        self.ms = defaultdict(list)  # kind -> latencies
        self.status = defaultdict(Counter)  # kind -> {status: n}
        self.seen = []  # per projector: the change ids its stream delivered
        self.streams_dropped = 0

    def on(self):
        return time.monotonic() < self.deadline

    async def call(self, browser, kind, method, path, form=None, headers=None):
        """One request, timed and recorded; (status, body), status "dropped" without answer."""
        start = time.perf_counter()
        try:
            status, body = await browser.request(method, path, form, headers, timeout=60)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            status, body = "dropped", ""
        self.ms[kind].append((time.perf_counter() - start) * 1000)
        self.status[kind][status] += 1
        return status, body

    async def follow(self, browser, kind, status):
        """A browser follows a redirect (the phone page after a note or a vote)."""
        if status == 302 and "location" in browser.headers:
            location = browser.headers["location"].split("#", 1)[0]  # not sent to the server
            return await self.call(browser, kind, "GET", location)
        return status, ""


async def log_in(run, browser):
    status, html = await run.call(browser, "log in", "GET", "/accounts/login/")
    token = csrf_of(html)
    form = {"csrfmiddlewaretoken": token, "username": OWNER, "password": PASSWORD}
    status, _ = await run.call(browser, "log in", "POST", "/accounts/login/", form)
    if status != 302:
        raise RuntimeError(f"log in failed: {status}")


class LiveView:
    """The live script of a page (static/js/live.js): on each change not the page's own, fetch
    `path` again after 40 ms, one fetch at a time; the stream reconnects with the last id."""

    def __init__(self, run, browser, kind, path, since, seen=None):
        self.run, self.browser, self.kind, self.path = run, browser, kind, path
        self.last_id, self.seen = since, seen if seen is not None else set()
        self.own = set()
        self.dirty = asyncio.Event()

    def on_event(self, event, arrival):
        self.last_id = max(self.last_id, event["id"])
        self.seen.add(event["id"])
        if event["id"] not in self.own:
            self.dirty.set()

    async def stream(self):
        journey, session = self.run.data["journey"], self.browser.cookies["sessionid"]
        while True:  # as EventSource: reconnect with the last id after a drop
            try:
                await open_stream(PORT, session, journey, self.last_id, self.on_event, lambda: 0)
            except (OSError, RuntimeError, asyncio.IncompleteReadError, ValueError):
                pass
            self.run.streams_dropped += 1
            await asyncio.sleep(1.5)

    async def refresh(self):
        while True:
            await self.dirty.wait()
            await asyncio.sleep(0.04)  # a burst of changes, one fetch
            self.dirty.clear()
            await self.run.call(self.browser, self.kind, "GET", self.path, None, HTMX)

    def start(self):
        return [asyncio.create_task(self.stream()), asyncio.create_task(self.refresh())]


HTMX = {"HX-Request": "true"}


def own_changes(browser):
    trigger = json.loads(browser.headers.get("hx-trigger", "{}") or "{}")
    return set((trigger.get("map-changed") or {}).get("changes", []))


async def editor(run, n):
    rng = random.Random(f"editor{n}")
    data, browser = run.data, Browser(PORT)
    await log_in(run, browser)
    page = f"/journeys/{data['journey']}/"
    _, html = await run.call(browser, "editor page", "GET", page)
    htmx = {**HTMX, "X-CSRFToken": csrf_of(html), "HX-Current-URL": f"http://{HOST}{page}"}
    since = int(re.search(r"last_event_id=(\d+)", html).group(1))
    live = LiveView(run, browser, "editor grid refresh", f"{page}grid/", since)
    tasks = live.start()
    cards = sorted(card_ids(html))
    try:
        while run.on():
            await asyncio.sleep(rng.uniform(2, 5))
            action = rng.choices(
                ["add card", "edit card", "move card", "add touchpoint"], [4, 3, 1, 2]
            )
            action = action[0]
            stage, lane = rng.choice(data["stages"]), rng.choice(data["lanes"])
            if action == "add card":
                cell = f"stage={stage}&lane={lane}"
                await run.call(
                    browser, "editor open form", "GET", f"{page}cards/add/?{cell}", None, htmx
                )
                await asyncio.sleep(rng.uniform(1, 3))  # typing
                form = {"stage": stage, "lane": lane, "text": f"E{n} 카드 {rng.randint(1, 9999)}"}
                status, body = await run.call(
                    browser, action, "POST", f"{page}cards/add/", {**form, "persona": ""}, htmx
                )
                cards = sorted(set(cards) | card_ids(body))
            elif action == "edit card":
                card = rng.choice(cards)
                url = f"{page}cards/{card}/edit/"
                status, body = await run.call(browser, "editor open form", "GET", url, None, htmx)
                if status != 200:
                    continue
                _, fields = read_form(body)
                await asyncio.sleep(rng.uniform(1, 3))
                fields["text"] = f"{fields.get('text', '')[:40]} · E{n}"
                status, _ = await run.call(browser, action, "POST", url, fields, htmx)
            elif action == "move card":
                url = f"{page}cards/{rng.choice(cards)}/move/"
                form = {"direction": rng.choice(["up", "down", "left", "right"])}
                status, body = await run.call(browser, action, "POST", url, form, htmx)
            else:
                url = (
                    f"/touchpoints/map/{data['journey']}/new/?stage={stage}&lane={data['tp_lane']}"
                )
                status, body = await run.call(browser, "editor open form", "GET", url, None, htmx)
                if status != 200:
                    continue
                action_url, fields = read_form(body)
                await asyncio.sleep(rng.uniform(1, 3))
                fields.update(title=f"E{n} 접점 {rng.randint(1, 9999)}", emotion=rng.randint(-3, 3))
                status, _ = await run.call(browser, action, "POST", action_url or url, fields, htmx)
            if status == 200:
                live.own |= own_changes(browser)
                # HX-Trigger map-changed: the page fetches the emotion curve again.
                await run.call(browser, "editor curve", "GET", f"{page}curve/", None, htmx)
    finally:
        for task in tasks:
            task.cancel()


async def participant(run, n):
    rng = random.Random(f"participant{n}")
    data, phone = run.data, Browser(PORT)
    await asyncio.sleep(rng.uniform(0, 5))  # people arrive over a few seconds
    home = f"/w/{data['code']}/"
    _, html = await run.call(phone, "phone page", "GET", home)
    status, _ = await run.call(
        phone,
        "join",
        "POST",
        home,
        {"csrfmiddlewaretoken": csrf_of(html), "display_name": f"참가자 {n}"},
    )
    if status != 302:
        return
    _, html = await run.call(phone, "phone page", "GET", home)
    token, mine, last_note = csrf_of(html), [], 0.0
    cards = sorted(card_ids(html)) or [0]
    while run.on():
        await asyncio.sleep(rng.uniform(2, 6))
        if time.monotonic() - last_note >= NOTE_SPACING and rng.random() < 0.7:
            form = {
                "csrfmiddlewaretoken": token,
                "stage": rng.choice(data["stages"]),
                "kind": rng.choice(["pain_point", "idea", "question", "action"]),
                "text": f"참가자 {n}의 메모 {rng.randint(1, 9999)}",
            }
            last_note = time.monotonic()
            status, _ = await run.call(phone, "note", "POST", f"{home}notes/", form)
        elif rng.random() < 0.6:
            undo = len(mine) >= 5 or (mine and rng.random() < 0.2)
            card = rng.choice(mine) if undo else rng.choice(cards)
            form = {"csrfmiddlewaretoken": token, **({"undo": "1"} if undo else {})}
            kind = "unvote" if undo else "vote"
            status, _ = await run.call(phone, kind, "POST", f"{home}cards/{card}/vote/", form)
            if status == 302:
                mine.remove(card) if undo else mine.append(card)
        else:  # a reload
            _, html = await run.call(phone, "phone page", "GET", home)
            cards = sorted(card_ids(html)) or cards
            continue
        _, html = await run.follow(phone, "phone page", status)
        cards = sorted(card_ids(html)) or cards


async def projector(run, n):
    data, browser = run.data, Browser(PORT)
    await log_in(run, browser)
    page = f"/journeys/{data['journey']}/present/"
    _, html = await run.call(browser, "projector page", "GET", page)
    since = int(re.search(r"last_event_id=(\d+)", html).group(1))
    seen = set()
    run.seen.append(seen)
    live = LiveView(run, browser, "projector refresh", page, since, seen)
    return live.start()


async def baseline(data, runs=15):
    """Median ms of the map page, alone, before the load."""
    run = Run(data, 0)
    browser = Browser(PORT)
    await log_in(run, browser)
    page = f"/journeys/{data['journey']}/"
    for _ in range(runs + 3):
        await run.call(browser, "page", "GET", page)
    return statistics.median(run.ms["page"][3:])


async def load(args, data):
    base = await baseline(data)
    run = Run(data, args.seconds)
    projectors = [await projector(run, n) for n in range(args.projectors)]
    run.deadline = time.monotonic() + args.seconds
    started = time.monotonic()
    await asyncio.gather(
        *[editor(run, n) for n in range(args.editors)],
        *[participant(run, n) for n in range(args.participants)],
    )
    elapsed = time.monotonic() - started
    await asyncio.sleep(3)  # the last changes reach the projectors
    for task in [t for tasks in projectors for t in tasks]:
        task.cancel()
    return run, base, elapsed


# --- the report ----------------------------------------------------------------------------
def outcome(status):
    if status == "dropped" or isinstance(status, int) and status >= 500:
        return "error"
    if status in (409, 429):
        return "refused"
    return "accepted" if isinstance(status, int) and status < 400 else "bad request"


def report(db, workers, args, run, base, elapsed, data, found):
    print(
        f"\n== {db}: {workers} uvicorn process(es); {args.editors} editors, "
        f"{args.participants} participants, {args.projectors} projectors; {elapsed:.0f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"baseline: GET map page alone, median {base:.1f} ms")
    print(f"{'kind':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p50/base':>9}  statuses")
    errors = 0
    for kind in sorted(run.ms):
        ms = run.ms[kind]
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(run.status[kind].items(), key=str))
        errors += sum(n for s, n in run.status[kind].items() if outcome(s) == "error")
        print(
            f"{kind:<22}{len(ms):>9}{statistics.median(ms):>9.0f}{percentile(ms, 95):>9.0f}"
            f"{statistics.median(ms) / base:>9.1f}  {statuses}"
        )
    total = sum(len(ms) for ms in run.ms.values())
    print(f"all: {total} requests, {total / elapsed:.1f}/s; 5xx or dropped: {errors}")
    print(f"event streams dropped and reconnected: {run.streams_dropped}")

    def tally(kind):
        by = Counter(outcome(s) for s in run.status[kind].elements())
        return by["accepted"], by["error"]

    notes, notes_unknown = tally("note")
    adds, adds_unknown = tally("add card")
    votes, votes_unknown = tally("vote")
    unvotes, unvotes_unknown = tally("unvote")
    expected = {  # what should be there, and how many answers were lost (may or may not be)
        "participants": (data["participants"] + tally("join")[0], tally("join")[1]),
        "notes": (data["notes"] + notes, notes_unknown),
        "cards": (data["cards"] + adds + notes, adds_unknown + notes_unknown),
        "touchpoints": (
            data["touchpoints"] + tally("add touchpoint")[0],
            tally("add touchpoint")[1],
        ),
        "votes": (data["votes"] + votes - unvotes, votes_unknown + unvotes_unknown),
        "card_votes": (data["card_votes"] + votes - unvotes, votes_unknown + unvotes_unknown),
        "card_edits": (data["card_edits"] + tally("edit card")[0], tally("edit card")[1]),
    }
    lost = 0
    print("database against accepted answers (nothing lost: found >= accepted):")
    for name, (want, unknown) in expected.items():
        got = found[name]
        ok = (
            want - unknown <= got <= want + unknown
            if name in ("votes", "card_votes")
            else want <= got <= want + unknown
        )
        lost += not ok
        extra = f" (+{unknown} unanswered)" if unknown else ""
        print(
            f"  {name:<14} accepted {want:>5}{extra}, found {got:>5}  {'ok' if ok else 'MISMATCH'}"
        )
    changes = set(found["changes"])
    missing = [len(changes - seen) for seen in run.seen]
    print(f"changes: {len(changes)}; missing at each projector: {missing}")
    return errors == 0, lost == 0 and not any(missing)


def bench(db, args):
    workers = args.workers if db == "postgres" else 1
    with tempfile.TemporaryDirectory() as workdir:
        url, drop = prepare(db, workdir)
        try:
            data = in_django(url, "--seed")
            server = start_server(url, workers)
            try:
                run, base, elapsed = asyncio.run(load(args, data))
            finally:
                errors = stop_server(server)
            found = in_django(url, "--count", str(data["journey"]), str(data["last_change"]))
        finally:
            drop()
    ok = report(db, workers, args, run, base, elapsed, data, found)
    print_server_log(errors)
    return ok


def print_server_log(log):
    """What went wrong on the server, by exception and message (the 5xx and 503 causes)."""
    causes = Counter(
        re.sub(r"\d+", "N", line.strip())[:110]
        for line in log.splitlines()
        if re.match(r"^[\w.]+(Error|Exception): ", line) or "database unavailable:" in line
    )
    if causes:
        print(f"server log: {log.count('Traceback')} tracebacks; errors by cause:")
        for cause, n in causes.most_common(8):
            print(f"  {n:>5} x {cause}")


def main():
    if sys.argv[1:2] == ["--seed"]:
        print(json.dumps(seed()))
        return 0
    if sys.argv[1:2] == ["--count"]:
        django_setup()
        print(json.dumps(counts(int(sys.argv[2]), int(sys.argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--projectors", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes (PostgreSQL)")
    args = parser.parse_args()
    # Every participant here comes from 127.0.0.1: one room behind one address (see README).
    os.environ.setdefault("WORKSHOP_PEOPLE_PER_ADDRESS", str(args.participants))
    results = [
        bench(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])
    ]
    no_errors, nothing_lost = all(r[0] for r in results), all(r[1] for r in results)
    print(
        f"\ngoal: no 5xx {no_errors}; nothing lost, every change at every projector {nothing_lost}"
    )
    return 0 if nothing_lost else 1


if __name__ == "__main__":
    sys.exit(main())
