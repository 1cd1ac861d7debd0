"""Several app processes behind one address: changes reach streams on every process.

Two uvicorn processes serve the pytest test database (committed by `transactional_db`), so
the events have to travel through PostgreSQL LISTEN/NOTIFY.
"""

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request

import psycopg
import pytest
from django.db import connection
from django.test import Client

from journeys import live, services
from journeys.models import Change
from journeys.sample_maps import build_map
from tests.live_support import SSEClient, UvicornProcess, postgres_url
from workshops.services import start_workshop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app processes need PostgreSQL LISTEN/NOTIFY; SQLite serves one process",
    ),
]


@pytest.fixture
def site(user, settings):
    journey = build_map(user, stages=5, lanes=6, items=20, personas=1)
    browser = Client()
    browser.force_login(user)
    url = postgres_url(settings.DATABASES["default"])
    a, b = UvicornProcess(url).start(), None
    try:
        b = UvicornProcess(url).start()
        yield {
            "journey": journey,
            "a": a,
            "b": b,
            "cookies": {"sessionid": browser.cookies["sessionid"].value},
        }
    finally:
        a.stop()
        if b:
            b.stop()


def stream(server, site, last_event_id=None):
    """A stream from where the map stands now (as a page passes it), or from `last_event_id`."""
    if last_event_id is None:
        last = Change.objects.filter(journey=site["journey"]).order_by("-pk").first()
        last_event_id = last.pk if last else 0
    client = SSEClient(
        server.url,
        f"/journeys/{site['journey'].pk}/events/",
        cookies=site["cookies"],
        last_event_id=last_event_id,
    )
    assert client.status == 200 and client.content_type.startswith("text/event-stream")
    return client


def wait_for_listener(server_client, site):
    """A change proves the stream is connected and its process listens (the first one waits)."""
    marker = site["journey"].cards.first()
    services.update(marker, marker.version, ["text"], "maria")
    return server_client.until(lambda e: e["target"] == f"card:{marker.pk}", timeout=10)[-1]


def join_and_post_note(server, code, stage_id, text):
    """A phone: join the workshop on `server` and add a note, as a browser would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        page = opener.open(server.url + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return opener.open(server.url + path, body)

    post(f"/w/{code}/", {"display_name": "Phone"})
    page = opener.open(f"{server.url}/w/{code}/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "stage": stage_id, "kind": "idea", "text": text}
    ).encode()
    response = opener.open(f"{server.url}/w/{code}/notes/", body)
    assert response.status == 200  # after the redirect back to the phone page
    return time.monotonic()


def test_a_note_posted_to_process_a_reaches_a_stream_on_process_b_within_a_second(site):
    journey = site["journey"]
    workshop = start_workshop(journey, moderated=False)
    on_b = stream(site["b"], site)
    wait_for_listener(on_b, site)

    sent = join_and_post_note(site["a"], workshop.code, journey.stages.first().pk, "via A")
    events = on_b.until(lambda e: e["action"] == "card.created", timeout=5)
    card = journey.cards.get(text="via A")
    assert events[-1]["target"] == f"card:{card.pk}"
    assert events[-1]["_arrived"] - sent < 1.0
    on_b.close()


def test_reconnecting_with_last_event_id_gets_exactly_the_missed_events_in_order(site):
    journey = site["journey"]
    on_b = stream(site["b"], site)
    seen = wait_for_listener(on_b, site)
    on_b.close()

    # Missed while away: five edits, made through the other process's database connection.
    cards = list(journey.cards.order_by("pk")[:5])
    for n, card in enumerate(cards):
        card.text = f"edit {n}"
        services.update(card, card.version, ["text"], "maria")
    back = stream(site["b"], site, last_event_id=seen["_event_id"])
    marker = journey.stages.first()
    services.update(marker, marker.version, ["name"], "maria")
    got = back.until(lambda e: e["target"] == f"stage:{marker.pk}", timeout=5)
    assert [(e["action"], e["target"]) for e in got] == [
        ("card.saved", f"card:{c.pk}") for c in cards
    ] + [("stage.saved", f"stage:{marker.pk}")]
    ids = [e["id"] for e in got]
    assert ids == sorted(ids) and [str(i) for i in ids] == [e["_event_id"] for e in got]
    back.close()


def test_a_lost_database_connection_costs_no_change(site, settings):
    """The listener's connection is cut (as by a PostgreSQL restart): it reconnects and the
    stream re-reads the log, so the change made while it was away still arrives."""
    journey = site["journey"]
    on_b = stream(site["b"], site)
    wait_for_listener(on_b, site)
    with psycopg.connect(**live.conninfo(), autocommit=True) as admin:
        cut = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
            "current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()"
        ).fetchall()
    assert cut, "no listener connection found"
    card = journey.cards.first()
    card.text = "made while the listener was down"
    services.update(card, card.version, ["text"], "maria")
    got = on_b.until(lambda e: e["target"] == f"card:{card.pk}", timeout=10)
    assert got[-1]["action"] == "card.saved"
    on_b.close()


def test_a_restarted_app_process_costs_a_reconnect_not_changes(site):
    journey = site["journey"]
    on_b = stream(site["b"], site)
    seen = wait_for_listener(on_b, site)
    site["b"].stop()
    on_b.close()
    missed = journey.cards.order_by("pk").last()
    missed.text = "while process B was down"
    services.update(missed, missed.version, ["text"], "maria")
    site["b"].start()  # same port: what a browser reconnects to
    back = stream(site["b"], site, last_event_id=seen["_event_id"])
    got = back.until(lambda e: e["target"] == f"card:{missed.pk}", timeout=10)
    assert [e["target"] for e in got] == [f"card:{missed.pk}"]
    assert Change.objects.filter(pk=got[0]["id"], action="card.saved").exists()
    back.close()
