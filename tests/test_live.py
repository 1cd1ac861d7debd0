"""The change log (services, record_change) and the event stream, on either database."""

import json
import time

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import AsyncClient, Client

from journeys import changes, live, services
from journeys.models import Card, Change, Journey, Stage
from journeys.sample_maps import build_large_map, build_map
from tests.live_support import SSEClient, ThreadedUvicorn
from touchpoints.models import Metric, Touchpoint, TouchpointLink
from touchpoints.services import update_touchpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=5, lanes=4, items=20, personas=1)


def actions(journey, after=0):
    return list(
        Change.objects.filter(journey=journey, pk__gt=after)
        .order_by("pk")
        .values_list("action", "target")
    )


def last_id(journey):
    return Change.objects.filter(journey=journey).order_by("-pk").values_list("pk", flat=True)[0]


def save_card(card, text):
    card.text = text
    return services.update(card, card.version, ["text"], "maria")


# --- the change log ---


def test_every_save_and_delete_is_logged_and_bumps_the_map(journey):
    before = last_id(journey)
    Journey.objects.filter(pk=journey.pk).update(updated_at="2000-01-01T00:00:00Z")
    card = journey.cards.first()
    save_card(card, "changed")
    stage = Stage(journey=journey, position=99, name="New")
    services.create(stage, "maria")
    stage_pk = stage.pk
    services.delete(stage, "maria")
    assert actions(journey, before) == [
        ("card.saved", f"card:{card.pk}"),
        ("stage.created", f"stage:{stage_pk}"),
        ("stage.deleted", f"stage:{stage_pk}"),
    ]
    journey.refresh_from_db()
    assert journey.updated_at.year > 2000


def test_deleting_a_stage_with_its_cards_is_one_change_by_its_author(journey):
    before = last_id(journey)
    stage = journey.stages.first()
    stage_pk = stage.pk
    card_ids = set(stage.cards.values_list("pk", flat=True))
    assert card_ids
    services.delete(stage, "maria")
    assert actions(journey, before) == [("stage.deleted", f"stage:{stage_pk}")]
    assert Change.objects.get(pk=last_id(journey)).actor == "maria"
    assert not Card.objects.filter(pk__in=card_ids).exists()


def test_metrics_and_links_are_logged_on_their_touchpoints_map(journey):
    before = last_id(journey)
    tp_a, tp_b = Touchpoint.objects.filter(journey=journey)[:2]
    metric = Metric(name="CSAT", value=4.2)
    update_touchpoint(tp_b, tp_b.version, ["title"], [metric], [], [tp_a.pk], "maria")
    assert Metric.objects.get(touchpoint=tp_b).name == "CSAT"
    assert TouchpointLink.objects.get(source=tp_b).target == tp_a
    assert actions(journey, before) == [
        ("touchpoint.saved", f"touchpoint:{tp_b.pk}"),
        ("touchpoint.linked", f"touchpoint:{tp_b.pk}"),
    ]


def test_deleting_a_map_or_its_owner_leaves_no_orphan_log(user, journey):
    other = build_map(user, stages=2, lanes=2, items=4, title="Second")
    journey.delete()
    assert not Change.objects.filter(journey_id=journey.pk).exists()
    user.delete()
    assert not Journey.objects.filter(pk=other.pk).exists()
    assert not Change.objects.exists()


def test_writes_outside_the_services_are_not_logged(journey):
    before = last_id(journey)
    Card.objects.filter(journey=journey).update(votes=9)
    card = journey.cards.first()
    card.text = "by hand, in a shell"
    card.save()
    assert actions(journey, before) == []


@pytest.mark.django_db(transaction=True)
def test_a_change_is_announced_after_commit_and_never_after_rollback(user):
    journey = build_map(user, stages=2, lanes=2, items=4)
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(**live.conninfo(), autocommit=True) as listener:
            listener.execute(f"LISTEN {changes.CHANNEL}")
            with pytest.raises(RuntimeError), transaction.atomic():
                changes.record_change(journey.pk, "test.rolled_back")
                raise RuntimeError
            kept = changes.record_change(journey.pk, "test.kept")
            heard = [json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=1)]
    else:
        heard = []
        changes.LOCAL_LISTENERS.append(heard.append)
        try:
            with pytest.raises(RuntimeError), transaction.atomic():
                changes.record_change(journey.pk, "test.rolled_back")
                raise RuntimeError
            kept = changes.record_change(journey.pk, "test.kept")
        finally:
            changes.LOCAL_LISTENERS.remove(heard.append)
    assert [(e["id"], e["journey"], e["action"]) for e in heard] == [
        (kept.pk, journey.pk, "test.kept")
    ]
    assert not Change.objects.filter(action="test.rolled_back").exists()


# --- the event stream ---


def read_stream(client, url, headers=None, events_wanted=1, chunks_max=50):
    """The first `events_wanted` events (and the chunks read) of a stream, then hang up."""

    async def run():
        response = await client.get(url, headers=headers or {})
        if response.status_code != 200:
            return response, [], []
        got, chunks = [], []
        iterator = aiter(response.streaming_content)
        try:
            for _ in range(chunks_max):
                chunk = (await anext(iterator)).decode()
                chunks.append(chunk)
                for block in chunk.split("\n\n"):
                    lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
                    if "data" in lines:
                        got.append((lines["id"], lines["event"], json.loads(lines["data"])))
                if len(got) >= events_wanted:
                    break
        finally:
            await iterator.aclose()
        return response, got, chunks

    return async_to_sync(run)()


@pytest.fixture
def async_client(user):
    client = AsyncClient()
    client.force_login(user)
    return client


def test_stream_replays_exactly_what_was_missed_in_order(async_client, journey):
    seen = last_id(journey)
    cards = list(journey.cards.order_by("pk")[:3])
    for card in cards:
        save_card(card, card.text + "!")
    url = f"/journeys/{journey.pk}/events/"
    response, got, chunks = read_stream(
        async_client, url, {"Last-Event-ID": str(seen)}, events_wanted=3
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"] == "no-cache"
    assert chunks[0].startswith("retry: ")
    assert [(e["action"], e["target"]) for _, _, e in got] == [
        ("card.saved", f"card:{c.pk}") for c in cards
    ]
    ids = [int(i) for i, _, _ in got]
    assert ids == sorted(ids) and ids[0] > seen
    assert {name for _, name, _ in got} == {"change"}


def test_stream_starts_from_the_page_id_when_the_browser_has_none(async_client, journey):
    card = journey.cards.first()
    save_card(card, "once")
    before = last_id(journey)
    save_card(card, "twice")
    url = f"/journeys/{journey.pk}/events/?last_event_id={before}"
    _, got, _ = read_stream(async_client, url)
    assert [int(i) for i, _, _ in got] == [last_id(journey)]
    # The header (a browser's own reconnect) wins over the page's id.
    _, got, _ = read_stream(async_client, url, {"Last-Event-ID": str(before - 1)})
    assert int(got[0][0]) == before


def test_stream_sends_heartbeats_when_idle(async_client, journey, monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.05)
    _, got, chunks = read_stream(
        async_client, f"/journeys/{journey.pk}/events/", events_wanted=1, chunks_max=3
    )
    assert got == []
    assert any(chunk.startswith(": heartbeat") for chunk in chunks)


def test_only_the_owner_may_listen(client, other_user, journey):
    url = f"/journeys/{journey.pk}/events/"
    anonymous = async_to_sync(AsyncClient().get)(url)
    assert anonymous.status_code == 404
    intruder = AsyncClient()
    intruder.force_login(other_user)
    assert async_to_sync(intruder.get)(url).status_code == 404
    assert async_to_sync(intruder.get)("/journeys/999999/events/").status_code == 404


# --- projector and the editor's live partial ---


def test_projector_page_and_its_live_fragment(auth_client, journey):
    page = auth_client.get(f"/journeys/{journey.pk}/present/")
    assert page.status_code == 200
    html = page.content.decode()
    events = f"/journeys/{journey.pk}/events/?last_event_id={last_id(journey)}&amp;view=present"
    assert f'sse-connect="{events}"' in html
    assert 'data-live-target="#present-map"' in html and "emotion-curve" in html
    assert html.count('class="p-stage"') == 5
    fragment = auth_client.get(f"/journeys/{journey.pk}/present/", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "p-grid" in fragment.content.decode()


def test_projector_reads_a_large_map_in_few_queries(
    auth_client, user, django_assert_max_num_queries
):
    big = build_large_map(user)
    with django_assert_max_num_queries(16):
        assert auth_client.get(f"/journeys/{big.pk}/present/").status_code == 200


def test_editor_live_partial_connects_and_refreshes_the_grid(journey):
    html = render_to_string("journeys/_live.html", {"journey": journey, "persona_filter": 7})
    assert f'sse-connect="/journeys/{journey.pk}/events/?last_event_id=' in html
    assert "&amp;view=editor&amp;persona=7" in html
    assert f'data-live-url="/journeys/{journey.pk}/grid/?persona=7"' in html
    assert 'data-live-target="#grid"' in html
    assert 'hx-trigger="sse:change"' in html
    assert "js/live.js" in html and "htmx-ext-sse-2.2.4.min.js" in html


def test_under_wsgi_the_stream_declines_instead_of_hanging(auth_client, journey):
    # runserver and the WSGI test server cannot stream; 204 stops EventSource reconnecting.
    response = auth_client.get(f"/journeys/{journey.pk}/events/")
    assert response.status_code == 204


def test_projector_curve_fills_an_empty_emotions_lane(auth_client, journey):
    emotions = journey.lanes.get(kind="emotions")
    Card.objects.create(journey=journey, stage=journey.stages.first(), lane=emotions, text="Oof")
    url = f"/journeys/{journey.pk}/present/"
    with_cards = auth_client.get(url).content.decode()
    assert with_cards.count("p-cell kind-emotions") == 5  # cards keep their cells; curve below
    emotions.cards.all().delete()
    empty = auth_client.get(url).content.decode()
    assert "p-cell kind-emotions" not in empty
    assert empty.count("emotion-curve") == 1
    assert f"<h3>{emotions.title}</h3>" in empty


# --- who may hold a stream, and how many (against uvicorn, as served) ---


@pytest.fixture
def served(user):
    """The map's owner logged in (a session cookie) and uvicorn in a thread of this process."""
    journey = build_map(user, stages=2, lanes=2, items=4)
    browser = Client()
    browser.force_login(user)
    with ThreadedUvicorn() as server:
        yield server, journey, browser


def open_streams(server, journey, browser, count):
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    return [
        SSEClient(server.url, f"/journeys/{journey.pk}/events/", cookies=cookies)
        for _ in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_one_user_holds_at_most_streams_per_user_and_a_closed_one_frees_its_place(served):
    server, journey, browser = served
    assert live.STREAMS_PER_USER == 20
    streams = open_streams(server, journey, browser, 20)
    try:
        assert [s.status for s in streams] == [200] * 20
        refused = open_streams(server, journey, browser, 1)[0]
        assert refused.status == 429
        assert "Too many live views" in refused.response.read().decode()
        streams.pop().close()
        deadline = time.monotonic() + 10
        while True:  # the server notices the hang-up and gives the place back
            again = open_streams(server, journey, browser, 1)[0]
            if again.status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        streams.append(again)
        assert again.status == 200
    finally:
        for stream in streams:
            stream.close()


@pytest.mark.django_db(transaction=True)
def test_a_stream_ends_when_its_session_logs_out(served, monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.2)
    server, journey, browser = served
    stream, other = open_streams(server, journey, browser, 2)
    try:
        assert stream.status == 200
        time.sleep(0.6)
        assert not stream.closed.is_set() and stream.comments >= 2  # connected, heartbeats
        assert live.hub.count() == 2
        browser.logout()  # as the log-out view does: the session is flushed
        deadline = time.monotonic() + 5
        while live.hub.count() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert live.hub.count() == 0, "streams went on after their session logged out"
        assert live.hub.per_user == {}
        comments = stream.comments
        time.sleep(0.6)
        assert stream.comments == comments  # no heartbeat since: the response has ended
    finally:
        stream.close()
        other.close()
