"""Helpers for the live tests: ASGI servers (a thread or a process) and a small SSE client."""

import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, timeout=60.0, process=None):
    """Wait for `url` to answer 200. Generous on a busy machine (a fresh Python process imports
    Django in tens of seconds there, and answers slowly); fails at once if `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout:.0f} s")


class ThreadedUvicorn:
    """uvicorn serving config.asgi in a thread of the test process (sees the test database;
    on SQLite the in-process broadcast reaches its streams)."""

    def __init__(self):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            "config.asgi:application",
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.server.started, "uvicorn thread did not start"
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


class UvicornProcess:
    """uvicorn serving config.asgi in its own process, on the given database."""

    def __init__(self, database_url, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": database_url,
            "LIVE_HEARTBEAT_SECONDS": "2",
        }
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--lifespan",
                "off",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_until_up(self.url + "/healthz", process=self.proc)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def postgres_url(db_settings):
    """A DATABASE_URL for the same server and database as Django's settings dict."""
    user = db_settings.get("USER") or "postgres"
    password = db_settings.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db_settings['NAME']}"


class SSEClient:
    """Reads one event stream in a thread; events land in a queue with their arrival time."""

    def __init__(self, base_url, path, cookies=None, last_event_id=None):
        host, port = base_url.split("//", 1)[1].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Accept": "text/event-stream"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.content_type = self.response.getheader("Content-Type", "")
        self.events = queue.Queue()
        self.comments = 0
        self.closed = threading.Event()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        fields = {}
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if not line:
                    if "data" in fields:
                        event = json.loads(fields["data"])
                        event["_event_id"] = fields.get("id")
                        event["_arrived"] = time.monotonic()
                        self.events.put(event)
                    fields = {}
                elif line.startswith(":"):
                    self.comments += 1
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
        except (OSError, ValueError):
            pass
        finally:
            self.closed.set()

    def next(self, timeout=5.0):
        return self.events.get(timeout=timeout)

    def until(self, predicate, timeout=5.0):
        """Events up to and including the first that matches `predicate`."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching event within {timeout}s; got {seen}")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            seen.append(event)
            if predicate(event):
                return seen

    def close(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except (OSError, AttributeError):
            pass
        self.conn.close()


def seed_workshop_map(moderated=False, stages=5, title="고객 여정 워크숍 · Checkout journey"):
    """An owner with a session, a five-stage map and an open workshop; returns what tests need."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from journeys.sample_maps import build_map
    from workshops.services import start_workshop

    owner = get_user_model().objects.create_user("facilitator", password="correct-horse-99")
    journey = build_map(owner, stages=stages, lanes=6, items=30, personas=1, title=title)
    names = ["인지 Aware", "탐색 Explore", "구매 Buy", "사용 Use", "추천 Refer"]
    for stage, name in zip(journey.stages.all(), names, strict=False):
        stage.name = name
        stage.save()
    workshop = start_workshop(journey, votes_per_participant=3, moderated=moderated)
    client = Client()
    client.force_login(owner)
    return {
        "journey": journey.pk,
        "code": workshop.code,
        "sessionid": client.cookies["sessionid"].value,
        "stage": journey.stages.first().pk,
    }


def seed_crowd_map():
    """A map for many writers at once: an owner with a session, three stages, four lanes
    (actions, thoughts, emotions, touchpoints), 20 cards in the first actions cell, one card
    to vote on, and an open unmoderated workshop. Names are unique, so one database can hold
    several of these maps."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.test import Client

    from journeys.models import Card
    from journeys.sample_maps import build_map
    from workshops.services import start_workshop

    name = f"owner-{secrets.token_hex(4)}"
    owner = get_user_model().objects.create_user(name, password="correct-horse-99")
    journey = build_map(owner, stages=3, lanes=4, items=0, personas=0, title="Crowd")
    stages = list(journey.stages.values_list("pk", flat=True))
    lanes = dict(journey.lanes.values_list("kind", "pk"))
    cards = Card.objects.bulk_create(
        Card(journey=journey, stage_id=stages[0], lane_id=lanes["actions"], position=i, text=f"{i}")
        for i in range(20)
    )
    ballot = Card.objects.create(
        journey=journey, stage_id=stages[2], lane_id=lanes["thoughts"], text="Vote for me"
    )
    workshop = start_workshop(journey, votes_per_participant=3, moderated=False)
    client = Client()
    client.force_login(owner)
    return {
        "journey": journey.pk,
        "code": workshop.code,
        "sessionid": client.cookies["sessionid"].value,
        "stages": stages,
        "lanes": lanes,
        "cards": [c.pk for c in cards],
        "ballot": ballot.pk,
    }


SEEDS = {"workshop": seed_workshop_map, "crowd": seed_crowd_map}


def run_seed(database_url, name, **kwargs):
    """Seed `name` of SEEDS into the database at `database_url`, in a subprocess; its result."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-m", "tests.live_support", "seed", name, json.dumps(kwargs)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def migrate_database(database_url):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)


def seed_file_database(database_url, moderated=False):
    """Migrate a fresh database in a subprocess and seed it there (SQLite file for the tests)."""
    migrate_database(database_url)
    return run_seed(database_url, "workshop", moderated=moderated)


@contextmanager
def live_site(tmp_path, settings, moderated=False):
    """A workshop map (seed_workshop_map) served by uvicorn in its own process, as in
    production: on PostgreSQL from the test database (events through LISTEN/NOTIFY), on SQLite
    from a database file of its own. Yields (server, data)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        data = seed_workshop_map(moderated=moderated)
        url = postgres_url(settings.DATABASES["default"])
    else:
        url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
        data = seed_file_database(url, moderated=moderated)
    with UvicornProcess(url) as server:
        yield server, data


if __name__ == "__main__" and sys.argv[1:2] == ["seed"]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(SEEDS[sys.argv[2]](**json.loads(sys.argv[3]))))
