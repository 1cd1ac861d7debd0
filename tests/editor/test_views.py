"""The editor page and its fragments (journeys/editor/views.py), and who may open them:
the page, the grid and curve fragments, what an edit makes the browser fetch, access."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journeys.models import Card, Change, Journey, Stage
from journeys.sample_maps import build_large_map, build_map
from tests.editor.conftest import HX, url
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


# --- the page --------------------------------------------------------------------------------


def test_page_shows_stages_lanes_cards_touchpoints_and_curve(auth_client, journey):
    response = auth_client.get(url(journey))
    assert response.status_code == 200
    html = response.content.decode()
    for stage in journey.stages.all():
        assert f'id="stage-{stage.pk}"' in html and stage.name in html
    for lane in journey.lanes.all():
        assert f'id="lane-{lane.pk}"' in html
    card = journey.cards.first()
    assert f'id="card-{card.pk}"' in html
    tp = Touchpoint.objects.filter(journey=journey).first()
    assert f'id="touchpoint-{tp.pk}"' in html
    assert 'class="emotion-curve"' in html
    assert 'id="persona-bar"' in html
    assert 'aria-label="Move stage Stage 2 left"' in html
    first = journey.stages.first()
    assert f'id="stage-{first.pk}-left" aria-disabled="true"' in html  # nothing to its left


def test_page_query_count_does_not_grow_with_the_map(
    auth_client, user, django_assert_max_num_queries
):
    tiny = build_map(user, stages=1, lanes=1, items=2, personas=1, title="Tiny")
    with CaptureQueriesContext(connection) as tiny_queries:
        assert auth_client.get(url(tiny)).status_code == 200
    large = build_large_map(user)
    assert Card.objects.filter(journey=large).count() + large.touchpoints.count() == 600
    with django_assert_max_num_queries(len(tiny_queries)):
        response = auth_client.get(url(large))
    assert response.status_code == 200
    assert response.content.decode().count('class="card ') == 300


def test_grid_and_curve_fragments(auth_client, journey):
    grid = auth_client.get(url(journey, "grid/"), **HX)
    assert grid.status_code == 200
    html = grid.content.decode()
    assert html.lstrip().startswith('<div id="grid"') and "<html" not in html
    curve = auth_client.get(url(journey, "curve/"), **HX)
    assert curve.status_code == 200
    assert 'id="curve"' in curve.content.decode()
    assert 'hx-trigger="map-changed from:body"' in curve.content.decode()
    assert "<svg" in curve.content.decode()


def test_persona_filter_limits_cards(auth_client, journey):
    persona = journey.personas.order_by("journey_links__position").first()
    other = Card.objects.filter(journey=journey).exclude(persona=persona).exclude(persona=None)
    mine = Card.objects.filter(journey=journey, persona=persona)
    assert other.exists() and mine.exists()
    html = auth_client.get(url(journey) + f"?persona={persona.pk}").content.decode()
    assert f'id="card-{mine.first().pk}"' in html
    assert f'id="card-{other.first().pk}"' not in html
    # Requests from the filtered page keep the filter.
    grid = auth_client.get(url(journey, "grid/"), {"persona_filter": persona.pk}, **HX)
    assert f'id="card-{other.first().pk}"' not in grid.content.decode()


# --- access ----------------------------------------------------------------------------------


def test_other_users_get_404_everywhere(client, other_user, journey):
    client.force_login(other_user)
    stage, lane, card = journey.stages.first(), journey.lanes.first(), journey.cards.first()
    tp = Touchpoint.objects.filter(journey=journey).first()
    gets = [
        "",
        "grid/",
        "curve/",
        f"stages/{stage.pk}/edit/",
        f"lanes/{lane.pk}/edit/",
        f"cards/{card.pk}/edit/",
        f"cards/{card.pk}/",
    ]
    for rest in gets:
        assert client.get(url(journey, rest), **HX).status_code == 404, rest
    posts = {
        "stages/add/": {"name": "Mine"},
        f"stages/{stage.pk}/edit/": {"name": "Mine", "version": 1},
        f"stages/{stage.pk}/delete/": {"confirm": "1"},
        f"stages/{stage.pk}/move/": {"direction": "right"},
        "stages/reorder/": {"ids": str(stage.pk)},
        "lanes/add/": {"title": "Mine", "kind": "text"},
        f"lanes/{lane.pk}/delete/": {"confirm": "1"},
        "cards/add/": {"stage": stage.pk, "lane": lane.pk, "text": "Mine"},
        f"cards/{card.pk}/edit/": {"text": "Mine", "version": 1},
        f"cards/{card.pk}/delete/": {},
        f"cards/{card.pk}/move/": {"direction": "down"},
        "cards/reorder/": {"stage": stage.pk, "lane": lane.pk, "ids": str(card.pk)},
        f"touchpoints/{tp.pk}/move/": {"direction": "down"},
    }
    for rest, data in posts.items():
        assert client.post(url(journey, rest), data, **HX).status_code == 404, rest
    assert Stage.objects.filter(pk=stage.pk, name=stage.name).exists()
    assert Card.objects.filter(pk=card.pk, text=card.text).exists()


def test_my_ids_in_someone_elses_map_are_404(auth_client, journey, other_user):
    theirs = build_map(other_user, stages=1, lanes=1, items=2, personas=0)
    their_card = Card.objects.filter(journey=theirs).first()
    response = auth_client.post(
        url(journey, f"cards/{their_card.pk}/edit/"), {"text": "x", "version": 1}, **HX
    )
    assert response.status_code == 404
    assert Card.objects.get(pk=their_card.pk).text != "x"


def test_anonymous_is_sent_to_login(client, journey):
    response = client.get(url(journey))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Journey.objects.filter(pk=journey.pk).exists()


# --- light fragments: what an edit makes the browser fetch ---


def test_an_edit_names_the_change_it_made_so_the_page_need_not_refetch_it(auth_client, journey):
    card = journey.cards.first()
    response = auth_client.post(
        f"/journeys/{journey.pk}/cards/{card.pk}/edit/",
        {"text": "고쳤다", "version": card.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    newest = Change.objects.filter(journey=journey).latest("pk")
    assert newest.action == "card.saved"
    assert json.loads(response["HX-Trigger"]) == {"map-changed": {"changes": [newest.pk]}}


def test_curve_fragment_reads_only_what_the_curve_needs(
    auth_client, user, django_assert_max_num_queries
):
    tiny = build_map(user, stages=1, lanes=1, items=2, personas=1, title="Tiny")
    with CaptureQueriesContext(connection) as tiny_queries:
        assert auth_client.get(f"/journeys/{tiny.pk}/curve/").status_code == 200
    large = build_large_map(user)
    with django_assert_max_num_queries(len(tiny_queries)) as queries:
        response = auth_client.get(f"/journeys/{large.pk}/curve/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="curve"' in html and "<svg" in html and 'class="card ' not in html
    assert not any("journeys_card" in q["sql"] for q in queries.captured_queries)


def test_curve_of_one_persona_keeps_the_touchpoints_shared_by_everyone(auth_client, journey):
    persona = journey.personas.first()
    shared = Touchpoint.objects.filter(journey=journey).exclude(persona=persona).first()
    Touchpoint.objects.filter(pk=shared.pk).update(persona=None)
    other = (
        Touchpoint.objects.filter(journey=journey).exclude(persona=None).exclude(persona=persona)
    )
    url = f"/journeys/{journey.pk}/curve/?persona_filter={persona.pk}"
    html = auth_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f"<title>{shared.title}:" in html
    assert not any(f"<title>{tp.title}:" in html for tp in other)
