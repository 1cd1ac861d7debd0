"""PostgreSQL goes away while editors and participants write, then comes back.

The machine's PostgreSQL serves other tests, so the outage is the app's alone: the app process
reaches PostgreSQL through a TCP proxy in this test, which cuts every connection and refuses
new ones for a few seconds, as a restart does. Every write must get its answer (2xx, or 503
"try again" with Retry-After, never a 500), none may be half done, the writes after the
restore succeed without restarting anything, and the live stream carries changes again.
"""

import http.client
import queue
import re
import socket
import threading
import time
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from journeys.models import Change
from journeys.sample_maps import build_map
from tests.live_support import SSEClient, UvicornProcess, free_port, postgres_url
from workshops.models import Note
from workshops.services import start_workshop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the outage is of a PostgreSQL server (SQLite has no connection to lose)",
    ),
]

OUTAGE_AT, OUTAGE_SECONDS, AFTER_SECONDS = 2.5, 4.5, 5.0
SETTLE = 0.5  # a request sent this long after the restore must succeed


class OutageProxy:
    """127.0.0.1:<port> forwarded to PostgreSQL; `cut()` drops every connection and refuses
    new ones (nothing listens on the port), `restore()` listens again on the same port."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = set()
        self.listening = None

    def restore(self):
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port
        listener.settimeout(0.1)
        self.listening = threading.Event()
        self.listening.set()
        threading.Thread(target=self._accept, args=(listener, self.listening), daemon=True).start()
        return self

    def cut(self):
        self.listening.clear()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.sockets.clear()

    def _accept(self, listener, listening):
        with listener:
            while listening.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                client.settimeout(None)
                with self.lock:
                    self.sockets |= {client, upstream}
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            source.close()


class Browser:
    """A browser's requests, one connection each: cookies kept, redirects not followed."""

    def __init__(self, base_url, cookies=None):
        self.host, port = base_url.split("//", 1)[1].split(":")
        self.port = int(port)
        self.cookies = dict(cookies or {})

    def request(self, method, path, form=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, text


def token(html):
    """The CSRF token of a page: a form's hidden field, or the htmx header on <body>."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', html)
    return match.group(1) or match.group(2)


@pytest.fixture
def outage(user, settings):
    journey = build_map(user, stages=4, lanes=6, items=20, personas=1)
    workshop = start_workshop(journey, votes_per_participant=3, moderated=False)
    owner = Client()
    owner.force_login(user)
    db = settings.DATABASES["default"]
    proxy = OutageProxy(int(db.get("PORT") or 5432)).restore()
    server = UvicornProcess(postgres_url({**db, "HOST": "127.0.0.1", "PORT": proxy.port}))
    server.start()
    try:
        yield {
            "journey": journey,
            "code": workshop.code,
            "proxy": proxy,
            "server": server,
            "session": owner.cookies["sessionid"].value,
        }
    finally:
        server.stop()
        proxy.cut()


class Writer(threading.Thread):
    """Writes until told to stop; keeps (text, sent at, status, headers, body) of each write."""

    def __init__(self, stop, send, pause):
        super().__init__(daemon=True)
        self.stop, self.send, self.pause = stop, send, pause
        self.writes = []

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            sent = time.monotonic()
            try:
                text, (status, headers, body) = self.send(n)
            except OSError as exc:  # no answer at all: the worst outcome, the test reports it
                text, status, headers, body = f"#{n}", f"no answer: {exc}", {}, ""
            self.writes.append((text, sent, status, headers, body))
            time.sleep(self.pause)


def editor(site, n):
    """Adds cards to the map, as the editor's inline add form does (htmx)."""
    browser = Browser(site["server"].url, {"sessionid": site["session"]})
    page = f"/journeys/{site['journey'].pk}/"
    status, _, html = browser.request("GET", page)
    assert status == 200
    headers = {"HX-Request": "true", "X-CSRFToken": token(html)}
    # A cell of its own: two adds racing for one cell's last place is another matter.
    stage = site["journey"].stages.first().pk
    lanes = site["journey"].lanes.exclude(kind__in=["touchpoints", "opportunities"])
    lane = list(lanes.values_list("pk", flat=True))[n % lanes.count()]

    def send(i):
        text = f"editor {n} card {i}"
        form = {"stage": stage, "lane": lane, "text": text, "persona": ""}
        return text, browser.request("POST", f"{page}cards/add/", form, headers)

    return send


def participant(site, n):
    """Joins by code, then adds notes from the phone page."""
    phone = Browser(site["server"].url)
    home = f"/w/{site['code']}/"
    _, _, html = phone.request("GET", home)
    form = {"csrfmiddlewaretoken": token(html), "display_name": f"Phone {n}"}
    assert phone.request("POST", home, form)[0] == 302
    _, _, html = phone.request("GET", home)
    csrf, stage = token(html), list(site["journey"].stages.all())[1 + n].pk  # a cell each

    def send(i):
        text = f"phone {n} note {i}"
        form = {"csrfmiddlewaretoken": csrf, "stage": stage, "kind": "idea", "text": text}
        return text, phone.request("POST", f"{home}notes/", form)

    return send


def stream_until(site, stream, predicate, timeout):
    """Follow the map's events as the browser does, from the open `stream`: after a drop,
    reconnect with the last id seen, and again after a refusal (htmx retries a closed
    EventSource), until an event matches `predicate`. Also says whether `stream` lasted."""
    deadline = time.monotonic() + timeout
    path = f"/journeys/{site['journey'].pk}/events/"
    last_id, lasted = None, True
    while time.monotonic() < deadline:
        if stream is None:
            lasted = False
            stream = SSEClient(site["server"].url, path, {"sessionid": site["session"]}, last_id)
            if stream.status != 200:
                stream.close()
                stream = None
                time.sleep(0.5)
                continue
        try:
            event = stream.next(timeout=0.5)
        except queue.Empty:
            if stream.closed.is_set() and stream.events.empty():
                stream.close()
                stream = None
            continue
        last_id = event["id"]
        if predicate(event):
            stream.close()
            return event, lasted
    raise AssertionError(f"no matching event within {timeout}s")


def test_a_database_outage_costs_retryable_answers_and_no_half_done_write(outage):
    site = outage
    journey = site["journey"]
    since = Change.objects.filter(journey=journey).order_by("-pk").first().pk
    path = f"/journeys/{journey.pk}/events/"
    live = SSEClient(site["server"].url, path, {"sessionid": site["session"]}, since)
    assert live.status == 200

    stop = threading.Event()
    writers = [Writer(stop, editor(site, n), 0.25) for n in range(2)]
    writers += [Writer(stop, participant(site, n), 1.6) for n in range(3)]
    for writer in writers:
        writer.start()
    time.sleep(OUTAGE_AT)
    site["proxy"].cut()
    time.sleep(1)
    # A page opening its event stream now is refused with "try again", as EventSource needs.
    status, headers, _ = Browser(site["server"].url, {"sessionid": site["session"]}).request(
        "GET", path, headers={"Accept": "text/event-stream"}
    )
    assert status == 503 and headers["Retry-After"]
    time.sleep(OUTAGE_SECONDS - 1)
    restored = time.monotonic()
    site["proxy"].restore()
    time.sleep(AFTER_SECONDS)
    stop.set()
    for writer in writers:
        writer.join(30)

    answers = [w for writer in writers for w in writer.writes]
    statuses = {status for _, _, status, _, _ in answers}
    assert statuses <= {200, 302, 429, 503}, statuses  # never a 500, never no answer
    unavailable = [w for w in answers if w[2] == 503]
    assert unavailable, "no write met the outage"
    for _, _, _, headers, body in unavailable:
        assert int(headers["Retry-After"]) > 0
        assert "The database is unavailable for a moment" in body and "Traceback" not in body
    after = [w for w in answers if w[1] > restored + SETTLE]
    assert after and all(w[2] in (200, 302, 429) for w in after), [w[:3] for w in after]
    assert any(w[2] in (200, 302) for w in after)

    # Nothing lost, nothing made up: every accepted write is there, and what is there was sent
    # (a 503 after the commit loses only the answer, never makes a write half-done).
    accepted = {text for text, _, status, _, _ in answers if status in (200, 302)}
    maybe = {text for text, _, status, _, _ in answers if status == 503}
    cards = {c.text: c for c in journey.cards.filter(text__startswith="editor ")}
    notes = {n.text: n for n in Note.objects.filter(workshop__journey=journey)}
    stored = set(cards) | set(notes)
    assert accepted <= stored
    assert stored <= accepted | maybe
    # Whole writes only: each card with its place and its change record, each note on the map.
    created = set(
        Change.objects.filter(journey=journey, action="card.created").values_list(
            "target", flat=True
        )
    )
    for card in cards.values():
        assert card.position is not None and f"card:{card.pk}" in created
    for note in notes.values():
        assert note.card is not None and note.card.text == note.text
        assert f"note:{note.pk}" in set(
            Change.objects.filter(journey=journey, action="note.created").values_list(
                "target", flat=True
            )
        )

    # The live view hears a change made after the restore: the open stream, or its reconnect.
    marker, (status, _, _) = editor(site, 0)(999)
    assert status == 200
    card = journey.cards.get(text=marker)
    target = f"card:{card.pk}"
    event, lasted = stream_until(site, live, lambda e: e["target"] == target, timeout=20)
    assert event["action"] == "card.created"
    by_status = {str(s): sum(1 for w in answers if w[2] == s) for s in statuses}
    print(
        f"writes {len(answers)}: {by_status}; 503 that had committed: {len(stored & maybe)}; "
        f"the open stream {'lasted' if lasted else 'reconnected'}"
    )
