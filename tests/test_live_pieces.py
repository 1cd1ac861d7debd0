"""The pieces of a change (journeys/pieces.py) and the stream that carries them (journeys/live.py).

A piece is what one view needs to show a change without fetching anything: the element's id
and its fresh HTML, the same for every viewer of that view kind.
"""

import re

import pytest
from django.test import Client

from journeys import services
from journeys.changes import event_of
from journeys.models import Card, Change, Lane, Stage
from journeys.pieces import pieces
from journeys.sample_maps import build_large_map, build_map
from tests.live_support import SSEClient, ThreadedUvicorn
from touchpoints.models import Touchpoint
from workshops.services import add_note, join, lane_for, start_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=4, lanes=8, items=40, personas=2)


def a_card(journey):
    return journey.cards.exclude(lane__kind=Lane.Kind.EMOTIONS).order_by("pk").first()


def saved(card, text):
    card.text = text
    return event_of(services.update(card, card.version, ["text"], "maria"))


def test_a_card_edit_is_its_cell_for_the_editor_and_the_projector(journey):
    card = a_card(journey)
    event = saved(card, "Paying <twice> & more")
    [editor] = pieces(event, "editor")
    assert editor["id"] == f"cell-{card.stage_id}-{card.lane_id}"
    assert editor["html"].startswith('<div class="cell')
    assert "Paying &lt;twice&gt; &amp; more" in editor["html"]
    assert editor["html"].count('id="cell-') == 1
    # Drawn for every viewer alike: the page puts its own CSRF token in.
    assert 'name="csrfmiddlewaretoken" value=""' in editor["html"]
    [present] = pieces(event, "present")
    assert present["id"] == f"p-cell-{card.stage_id}-{card.lane_id}"
    assert f'id="p-card-{card.pk}"' in present["html"]
    assert "Paying &lt;twice&gt; &amp; more" in present["html"]


def test_the_editor_cell_piece_is_the_cell_the_whole_grid_draws(journey, user):
    card = a_card(journey)
    event = saved(card, "Same either way")
    [piece] = pieces(event, "editor")
    client = Client()
    client.force_login(user)
    grid = client.get(f"/journeys/{journey.pk}/grid/", headers={"HX-Request": "true"})
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    html = tokens.sub("TOKEN", grid.content.decode())
    assert tokens.sub("TOKEN", piece["html"]).strip() in html


def test_a_deleted_card_is_taken_away(journey):
    card = a_card(journey)
    event = event_of(services.delete(card, "maria"))
    assert pieces(event, "editor") == [{"id": f"card-{card.pk}"}]
    assert pieces(event, "present") == [{"id": f"p-card-{card.pk}"}]


def test_a_card_dropped_in_a_cell_is_that_cell(journey):
    card = a_card(journey)
    stage = journey.stages.exclude(pk=card.stage_id).first()
    change = services.drop(Card, journey, stage, card.lane, [card.pk], "maria")
    [piece] = pieces(event_of(change), "editor")
    assert piece["id"] == f"cell-{stage.pk}-{card.lane_id}"
    assert f'id="card-{card.pk}"' in piece["html"]


def test_a_persona_filtered_editor_gets_the_cell_as_it_shows_it(journey):
    cards = list(journey.cards.filter(persona__isnull=False).order_by("pk"))
    card = cards[0]
    other = next(c for c in cards if c.persona_id != card.persona_id)
    Card.objects.filter(pk=card.pk).update(
        stage_id=other.stage_id, lane_id=other.lane_id, position=99
    )
    event = saved(other, "Theirs")
    [mine] = pieces(event, "editor", persona_id=card.persona_id)
    assert f'id="card-{card.pk}"' in mine["html"] and "Theirs" not in mine["html"]
    [everyone] = pieces(event, "editor")
    assert f'id="card-{card.pk}"' in everyone["html"] and "Theirs" in everyone["html"]


def test_a_touchpoint_edit_is_its_cell_and_the_curve_in_the_editor(journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    tp.title = "Checkout page"
    event = event_of(services.update(tp, tp.version, ["title"], "maria"))
    cell, curve = pieces(event, "editor")
    assert cell["id"] == f"cell-{tp.stage_id}-{tp.lane_id}" and "Checkout page" in cell["html"]
    assert f'id="tp-item-{tp.pk}"' in cell["html"]
    assert curve["id"] == "curve" and "<svg" in curve["html"]
    assert pieces(event, "present") is None  # the projector's curve is drawn with its grid


def test_map_details_are_their_own_piece_in_the_editor(journey):
    journey.title = "Checkout, redrawn"
    event = event_of(services.update(journey, journey.version, ["title"], "maria"))
    [piece] = pieces(event, "editor")
    assert piece["id"] == "map-details" and "Checkout, redrawn" in piece["html"]


def test_structural_changes_refresh_the_view_and_notes_leave_it_alone(journey):
    stage = Stage(journey=journey, name="New stage")
    event = event_of(services.add_last(stage, journey.stages.all(), "maria"))
    assert pieces(event, "editor") is None and pieces(event, "present") is None
    workshop = start_workshop(journey, moderated=True)
    person = join(workshop, "session-key", "민지")
    note = add_note(person, stage, lane_for(journey, "idea"), "idea", "A note in the queue")
    change = Change.objects.filter(journey=journey, target=f"note:{note.pk}").get()
    assert pieces(event_of(change), "editor") == [] and pieces(event_of(change), "present") == []


@pytest.mark.parametrize("view", ["editor", "present"])
def test_a_cells_piece_reads_the_same_few_rows_however_large_the_map(
    user, view, django_assert_max_num_queries
):
    for journey in (build_map(user, stages=2, lanes=8, items=10), build_large_map(user)):
        event = saved(a_card(journey), "Counted")
        with django_assert_max_num_queries(10):
            assert pieces(event, view)


# --- the stream carries them --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_stream_for_a_view_carries_each_changes_pieces(user):
    journey = build_map(user, stages=2, lanes=8, items=10)
    browser = Client()
    browser.force_login(user)
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    card = a_card(journey)
    with ThreadedUvicorn() as server:
        base = f"/journeys/{journey.pk}/events/?last_event_id=0"
        editor = SSEClient(server.url, base + "&view=editor", cookies=cookies)
        plain = SSEClient(server.url, base, cookies=cookies)
        try:
            assert editor.status == plain.status == 200
            editor.next(), plain.next()  # journey.created
            saved(card, "Live, piece by piece")
            event = editor.next()
            [piece] = event["ops"]
            assert piece["id"] == f"cell-{card.stage_id}-{card.lane_id}"
            assert "Live, piece by piece" in piece["html"]
            assert "ops" not in plain.next()  # the workshop panel and others: as before
        finally:
            editor.close()
            plain.close()


# --- one connection for the tabs of a browser -----------------------------------------------


class StreamText:
    """The text of an open event stream, read as it comes."""

    def __init__(self, response):
        self.response, self.text = response, ""

    def until(self, text):
        while text not in self.text:
            chunk = self.response.read1(65536)  # (the socket's 10 s timeout bounds the wait)
            assert chunk, self.text
            self.text += chunk.decode()
        return self.text


@pytest.mark.django_db(transaction=True)
def test_one_connection_carries_the_streams_of_several_tabs(user, other_user):
    import http.client
    from urllib.parse import urlencode

    mine = build_map(user, stages=2, lanes=8, items=10)
    theirs = build_map(other_user, stages=2, lanes=8, items=10)
    browser = Client()
    browser.force_login(user)
    card = a_card(mine)
    since = Change.objects.filter(journey=mine).latest("pk").pk
    with ThreadedUvicorn() as server:
        query = urlencode(
            [
                ("s", f"/journeys/{mine.pk}/events/?last_event_id={since}&view=editor"),
                ("s", f"/journeys/{theirs.pk}/events/?last_event_id=0"),
                ("s", f"/journeys/{mine.pk}/events/?last_event_id={since}"),
            ]
        )
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        cookie = f"sessionid={browser.cookies['sessionid'].value}"
        conn.request("GET", f"/live/events/?{query}", headers={"Cookie": cookie})
        response = conn.getresponse()
        try:
            assert response.status == 200
            stream = StreamText(response)
            assert "event: gone\ndata: 1\n" in stream.until("event: gone")  # not theirs
            saved(card, "Shared, once")
            stream.until("event: s0\n")
            text = stream.until("event: s2\n")
            text = stream.until(text.split("event: s2\n", 1)[1].split("\n", 1)[0] + "\n\n")
            s0 = text.split("event: s0\n", 1)[1].split("\n\n", 1)[0]
            s2 = text.split("event: s2\n", 1)[1].split("\n\n", 1)[0]
            assert "Shared, once" in s0 and '"ops"' in s0  # the editor tab: with its pieces
            assert '"ops"' not in s2  # the other tab asked for none
        finally:
            conn.close()
