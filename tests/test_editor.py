"""The map editor's views, through the Django test client: page, fragments, inline edits,
conflicts, invalid input, reorders and moves, and who may do them."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journeys.models import Card, Change, Journey, Lane, Stage
from journeys.sample_maps import build_large_map, build_map
from tests.conftest import map_changed
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=12, personas=2, title="Guitar purchase")


def url(journey, rest=""):
    return f"/journeys/{journey.pk}/{rest}"


def stage_names(journey):
    return list(journey.stages.values_list("name", flat=True))


def cell_texts(stage, lane):
    return list(Card.objects.filter(stage=stage, lane=lane).values_list("text", flat=True))


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


# --- stages ----------------------------------------------------------------------------------


def test_add_stage_htmx_returns_grid_and_map_changed(auth_client, journey):
    response = auth_client.post(
        url(journey, "stages/add/"), {"name": "구매", "phase": "sale"}, **HX
    )
    assert response.status_code == 200
    assert map_changed(response)
    assert stage_names(journey)[-1] == "구매"
    assert "구매" in response.content.decode()
    assert journey.stages.get(name="구매").phase == "sale"


def test_add_stage_without_javascript_redirects(auth_client, journey):
    response = auth_client.post(url(journey, "stages/add/"), {"name": "Repair"})
    assert response.status_code == 302 and response["Location"] == url(journey)
    assert "Repair" in stage_names(journey)
    assert auth_client.get(url(journey, "stages/add/")).status_code == 200  # form page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Give the stage a name."),
        ({"name": "   "}, "Give the stage a name."),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"name": "Ok", "phase": "someday"}, "Select a valid choice"),
    ],
)
def test_add_stage_invalid_saves_nothing(auth_client, journey, data, message):
    before = stage_names(journey)
    response = auth_client.post(url(journey, "stages/add/"), data, **HX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert response["HX-Retarget"] == "#stage-add"
    assert "HX-Trigger" not in response
    assert stage_names(journey) == before


def test_edit_stage_inline(auth_client, journey):
    stage = journey.stages.first()
    form = auth_client.get(url(journey, f"stages/{stage.pk}/edit/"), **HX)
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.content.decode()
    response = auth_client.post(
        url(journey, f"stages/{stage.pk}/edit/"),
        {"name": "인지", "description": "처음 알게 된다", "phase": "pre_sale", "version": 1},
        **HX,
    )
    assert response.status_code == 200
    assert map_changed(response)
    html = response.content.decode()
    assert f'id="stage-{stage.pk}"' in html and "인지" in html and "Pre-sale" in html
    stage.refresh_from_db()
    assert (stage.name, stage.phase, stage.version) == ("인지", "pre_sale", 2)


def test_edit_stage_stale_version_is_refused(auth_client, journey):
    stage = journey.stages.first()
    edit = url(journey, f"stages/{stage.pk}/edit/")
    data = {"name": "First", "description": "", "phase": "", "version": 1}
    assert auth_client.post(edit, data, **HX).status_code == 200
    response = auth_client.post(edit, {**data, "name": "Second"}, **HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this stage" in html
    assert 'value="First"' in html  # the current value in the field
    assert 'name="version" value="2"' in html
    stage.refresh_from_db()
    assert stage.name == "First"


def test_edit_without_a_version_is_refused_with_a_message(auth_client, journey):
    card = journey.cards.first()
    response = auth_client.post(url(journey, f"cards/{card.pk}/edit/"), {"text": "New"}, **HX)
    assert response.status_code == 422
    assert "This form is out of date." in response.content.decode()
    card.refresh_from_db()
    assert card.text != "New"


def test_stage_phase_keeps_an_imported_free_text_phase(auth_client, journey):
    stage = journey.stages.first()
    Stage.objects.filter(pk=stage.pk).update(phase="onboarding")
    html = auth_client.get(url(journey, f"stages/{stage.pk}/edit/"), **HX).content.decode()
    assert '<option value="onboarding" selected>' in html


def test_delete_empty_stage_at_once(auth_client, journey):
    empty = Stage.objects.create(journey=journey, name="Empty", position=99)
    response = auth_client.post(url(journey, f"stages/{empty.pk}/delete/"), **HX)
    assert response.status_code == 200 and map_changed(response)
    assert not Stage.objects.filter(pk=empty.pk).exists()


def test_delete_stage_with_content_asks_first_and_counts(auth_client, journey):
    stage = journey.stages.first()
    Stage.objects.filter(pk=stage.pk).update(name="구매")
    cards = stage.cards.count()
    tps = stage.touchpoints.count()
    assert cards and tps
    response = auth_client.post(url(journey, f"stages/{stage.pk}/delete/"), **HX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#dialog"
    question = f"Delete stage 구매 with {cards} cards and {tps} touchpoints?"
    assert question in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()
    response = auth_client.post(url(journey, f"stages/{stage.pk}/delete/"), {"confirm": "1"}, **HX)
    assert response.status_code == 200
    assert not Stage.objects.filter(pk=stage.pk).exists()
    assert not Card.objects.filter(stage_id=stage.pk).exists()


def test_delete_page_of_an_empty_stage_without_javascript(auth_client, journey):
    empty = Stage.objects.create(journey=journey, name="Empty", position=99)
    page = auth_client.get(url(journey, f"stages/{empty.pk}/delete/"))
    assert page.status_code == 200 and "Delete stage Empty?" in page.content.decode()


def test_edit_of_a_card_deleted_meanwhile_is_404(auth_client, journey):
    card = journey.cards.first()
    stale_form = auth_client.get(url(journey, f"cards/{card.pk}/edit/"), **HX)
    assert stale_form.status_code == 200
    Card.objects.filter(pk=card.pk).delete()
    response = auth_client.post(
        url(journey, f"cards/{card.pk}/edit/"), {"text": "Too late", "version": 1}, **HX
    )
    assert response.status_code == 404
    assert not Card.objects.filter(text="Too late").exists()


def test_delete_stage_without_javascript(auth_client, journey):
    stage = journey.stages.first()
    page = auth_client.get(url(journey, f"stages/{stage.pk}/delete/"))
    assert page.status_code == 200 and "Delete stage Stage 1 with" in page.content.decode()
    response = auth_client.post(url(journey, f"stages/{stage.pk}/delete/"), {"confirm": "1"})
    assert response.status_code == 302
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_move_stage_by_keyboard_buttons(auth_client, journey):
    first, second, third = journey.stages.all()
    response = auth_client.post(
        url(journey, f"stages/{second.pk}/move/"), {"direction": "left"}, **HX
    )
    assert response.status_code == 200 and map_changed(response)
    assert stage_names(journey) == [second.name, first.name, third.name]
    assert Change.objects.filter(journey=journey, action="stage.reordered").exists()
    # At the edge nothing moves.
    auth_client.post(url(journey, f"stages/{second.pk}/move/"), {"direction": "left"}, **HX)
    assert stage_names(journey) == [second.name, first.name, third.name]
    auth_client.post(url(journey, f"stages/{first.pk}/move/"), {"direction": "right"})
    assert stage_names(journey) == [second.name, third.name, first.name]


def test_reorder_stages_by_drag(auth_client, journey):
    a, b, c = journey.stages.all()
    response = auth_client.post(
        url(journey, "stages/reorder/"), {"ids": f"{c.pk},{a.pk},{b.pk}"}, **HX
    )
    assert response.status_code == 200
    assert stage_names(journey) == [c.name, a.name, b.name]
    assert list(journey.stages.values_list("position", flat=True)) == [0, 1, 2]


@pytest.mark.parametrize("ids", ["", "1,2", "x,y,z", "{a},{a},{b}", "{a},{b},{c},{x}"])
def test_reorder_stages_with_wrong_ids_changes_nothing(auth_client, journey, user, ids):
    a, b, c = journey.stages.all()
    foreign = build_map(user, stages=1, lanes=1, items=0, personas=0).stages.get()
    before = stage_names(journey)
    raw = ids.format(a=a.pk, b=b.pk, c=c.pk, x=foreign.pk)
    response = auth_client.post(url(journey, "stages/reorder/"), {"ids": raw}, **HX)
    assert response.status_code == 409
    assert stage_names(journey) == before


# --- lanes -----------------------------------------------------------------------------------


def test_add_edit_lane_and_bad_kind(auth_client, journey):
    response = auth_client.post(
        url(journey, "lanes/add/"), {"title": "Backstage", "kind": "backstage"}, **HX
    )
    assert response.status_code == 200
    lane = journey.lanes.last()
    assert (lane.title, lane.kind) == ("Backstage", "backstage")
    bad = auth_client.post(
        url(journey, f"lanes/{lane.pk}/edit/"),
        {"title": "Backstage", "kind": "dreams", "version": 1},
        **HX,
    )
    assert bad.status_code == 422
    assert "Choose one of the lane kinds." in bad.content.decode()
    lane.refresh_from_db()
    assert lane.kind == "backstage" and lane.version == 1
    ok = auth_client.post(
        url(journey, f"lanes/{lane.pk}/edit/"),
        {"title": "무대 뒤", "kind": "backstage", "version": 1},
        **HX,
    )
    assert ok.status_code == 200 and "무대 뒤" in ok.content.decode()
    assert f'id="lane-{lane.pk}"' in ok.content.decode()


def test_changing_lane_kind_redraws_the_grid(auth_client, journey):
    lane = journey.lanes.exclude(kind="touchpoints").first()
    response = auth_client.post(
        url(journey, f"lanes/{lane.pk}/edit/"),
        {"title": lane.title, "kind": "touchpoints", "version": 1},
        **HX,
    )
    assert response.status_code == 200
    assert 'id="grid"' in response.content.decode()
    assert response["HX-Retarget"] == "#grid" and response["HX-Reswap"] == "outerHTML"


def test_lane_delete_asks_and_move(auth_client, journey):
    lanes = list(journey.lanes.all())
    busy = next(lane for lane in lanes if lane.cards.exists())
    response = auth_client.post(url(journey, f"lanes/{busy.pk}/delete/"), **HX)
    assert f"Delete lane {busy.title} with" in response.content.decode()
    assert Lane.objects.filter(pk=busy.pk).exists()
    auth_client.post(url(journey, f"lanes/{lanes[0].pk}/move/"), {"direction": "down"}, **HX)
    assert list(journey.lanes.all()) == [lanes[1], lanes[0], *lanes[2:]]
    backwards = ",".join(str(lane.pk) for lane in reversed(lanes))
    auth_client.post(url(journey, "lanes/reorder/"), {"ids": backwards}, **HX)
    assert list(journey.lanes.all()) == lanes[::-1]
    assert Change.objects.filter(journey=journey, action="lane.reordered").count() == 2


# --- cards -----------------------------------------------------------------------------------


def test_add_card_returns_the_cell(auth_client, journey):
    stage = journey.stages.first()
    lane = journey.lanes.exclude(kind="touchpoints").first()
    form = auth_client.get(url(journey, "cards/add/"), {"stage": stage.pk, "lane": lane.pk}, **HX)
    assert form.status_code == 200 and 'name="text"' in form.content.decode()
    response = auth_client.post(
        url(journey, "cards/add/"),
        {"stage": stage.pk, "lane": lane.pk, "text": "기타를 고른다"},
        **HX,
    )
    assert response.status_code == 200 and map_changed(response)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<ul class="cards" id="cards-{stage.pk}-{lane.pk}"')
    assert 'data-sortable="cards"' in html  # still a drop target
    assert cell_texts(stage, lane)[-1] == "기타를 고른다"
    assert "기타를 고른다" in html


def test_add_card_invalid(auth_client, journey):
    stage = journey.stages.first()
    lane = journey.lanes.first()
    before = Card.objects.count()
    for text, message in [("", "Write something on the card."), ("x" * 2001, "at most 2000")]:
        response = auth_client.post(
            url(journey, "cards/add/"), {"stage": stage.pk, "lane": lane.pk, "text": text}, **HX
        )
        assert response.status_code == 422
        assert message in response.content.decode()
        assert response["HX-Retarget"] == f"#card-add-{stage.pk}-{lane.pk}"
    assert Card.objects.count() == before


def test_add_card_persona_must_belong_to_the_map(auth_client, journey, user):
    from personas.models import Persona

    stranger = Persona.objects.create(owner=user, name="Not on this map")
    stage, lane = journey.stages.first(), journey.lanes.first()
    response = auth_client.post(
        url(journey, "cards/add/"),
        {"stage": stage.pk, "lane": lane.pk, "text": "Hi", "persona": stranger.pk},
        **HX,
    )
    assert response.status_code == 422
    assert "Choose one of this map" in response.content.decode()


def test_edit_card_and_conflict(auth_client, journey):
    card = journey.cards.first()
    edit = url(journey, f"cards/{card.pk}/edit/")
    first = auth_client.post(edit, {"text": "Tries three guitars", "version": 1}, **HX)
    assert first.status_code == 200 and map_changed(first)
    assert f'id="card-{card.pk}"' in first.content.decode()
    stale = auth_client.post(edit, {"text": "My older idea", "version": 1}, **HX)
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Someone else changed this card" in html
    assert "Tries three guitars</textarea>" in html
    assert "My older idea" in html  # kept for copying, not saved
    card.refresh_from_db()
    assert card.text == "Tries three guitars" and card.version == 2


def test_edit_card_persona_and_cancel_fragment(auth_client, journey):
    card = journey.cards.first()
    persona = journey.personas.first()
    response = auth_client.post(
        url(journey, f"cards/{card.pk}/edit/"),
        {"text": card.text, "persona": persona.pk, "version": card.version},
        **HX,
    )
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.persona == persona
    show = auth_client.get(url(journey, f"cards/{card.pk}/"), **HX)
    assert persona.name in show.content.decode()


def test_edit_card_without_javascript(auth_client, journey):
    card = journey.cards.first()
    page = auth_client.get(url(journey, f"cards/{card.pk}/edit/"))
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = auth_client.post(
        url(journey, f"cards/{card.pk}/edit/"), {"text": "Plain post", "version": 1}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.text == "Plain post"


def test_delete_card(auth_client, journey):
    card = journey.cards.first()
    response = auth_client.post(url(journey, f"cards/{card.pk}/delete/"), **HX)
    assert response.status_code == 200 and response.content == b""
    assert map_changed(response)
    assert not Card.objects.filter(pk=card.pk).exists()


def make_cell(journey, texts, stage=None, lane=None):
    stage = stage or journey.stages.first()
    lane = lane or journey.lanes.exclude(kind="touchpoints").first()
    Card.objects.filter(stage=stage, lane=lane).delete()
    return (
        stage,
        lane,
        [
            Card.objects.create(journey=journey, stage=stage, lane=lane, position=i, text=t)
            for i, t in enumerate(texts)
        ],
    )


def test_move_card_up_down_left_right(auth_client, journey):
    stage, lane, (a, b, c) = make_cell(journey, ["A", "B", "C"])
    auth_client.post(url(journey, f"cards/{c.pk}/move/"), {"direction": "up"}, **HX)
    assert cell_texts(stage, lane) == ["A", "C", "B"]
    auth_client.post(url(journey, f"cards/{a.pk}/move/"), {"direction": "up"}, **HX)
    assert cell_texts(stage, lane) == ["A", "C", "B"]
    response = auth_client.post(url(journey, f"cards/{a.pk}/move/"), {"direction": "right"}, **HX)
    assert response.status_code == 200
    second = journey.stages.all()[1]
    assert cell_texts(second, lane)[-1] == "A"
    assert cell_texts(stage, lane) == ["C", "B"]
    assert list(Card.objects.filter(stage=stage, lane=lane).values_list("position", flat=True)) == [
        0,
        1,
    ]
    assert Change.objects.filter(
        journey=journey, action="card.moved", target=f"card:{a.pk}"
    ).exists()


def test_drag_card_to_another_cell(auth_client, journey):
    stage, lane, (a, b) = make_cell(journey, ["A", "B"])
    other_stage = journey.stages.last()
    other_lane = journey.lanes.exclude(kind="touchpoints").last()
    _, _, (x,) = make_cell(journey, ["X"], other_stage, other_lane)
    response = auth_client.post(
        url(journey, "cards/reorder/"),
        {"stage": other_stage.pk, "lane": other_lane.pk, "ids": f"{b.pk},{x.pk}"},
        **HX,
    )
    assert response.status_code == 200 and map_changed(response)
    assert cell_texts(other_stage, other_lane) == ["B", "X"]
    assert cell_texts(stage, lane) == ["A"]
    assert Card.objects.get(pk=a.pk).position == 0


def test_reorder_cards_in_a_cell(auth_client, journey):
    stage, lane, (a, b, c) = make_cell(journey, ["A", "B", "C"])
    auth_client.post(
        url(journey, "cards/reorder/"),
        {"stage": stage.pk, "lane": lane.pk, "ids": f"{c.pk},{a.pk},{b.pk}"},
        **HX,
    )
    assert cell_texts(stage, lane) == ["C", "A", "B"]


# --- touchpoints -----------------------------------------------------------------------------


def tp_titles(stage, lane):
    return list(Touchpoint.objects.filter(stage=stage, lane=lane).values_list("title", flat=True))


def make_tps(journey, titles, stage=None):
    stage = stage or journey.stages.first()
    lane = journey.lanes.get(kind="touchpoints")
    Touchpoint.objects.filter(stage=stage).delete()
    return (
        stage,
        lane,
        [
            Touchpoint.objects.create(journey=journey, stage=stage, lane=lane, position=i, title=t)
            for i, t in enumerate(titles)
        ],
    )


def test_move_touchpoint_by_keyboard(auth_client, journey):
    stage, lane, (a, b, c) = make_tps(journey, ["A", "B", "C"])
    auth_client.post(url(journey, f"touchpoints/{a.pk}/move/"), {"direction": "down"}, **HX)
    assert tp_titles(stage, lane) == ["B", "A", "C"]
    response = auth_client.post(
        url(journey, f"touchpoints/{c.pk}/move/"), {"direction": "right"}, **HX
    )
    assert response.status_code == 200
    second = journey.stages.all()[1]
    assert tp_titles(second, lane)[-1] == "C"
    assert tp_titles(stage, lane) == ["B", "A"]
    assert Change.objects.filter(journey=journey, action="touchpoint.moved").exists()


def test_drag_touchpoint_between_stages_and_not_into_card_lanes(auth_client, journey):
    stage, lane, (a, b) = make_tps(journey, ["A", "B"])
    target = journey.stages.last()
    existing = tp_titles(target, lane)
    ids = [*Touchpoint.objects.filter(stage=target, lane=lane).values_list("pk", flat=True)]
    response = auth_client.post(
        url(journey, "touchpoints/reorder/"),
        {"stage": target.pk, "lane": lane.pk, "ids": ",".join(map(str, [b.pk, *ids]))},
        **HX,
    )
    assert response.status_code == 200
    assert tp_titles(target, lane) == ["B", *existing]
    assert tp_titles(stage, lane) == ["A"]
    text_lane = journey.lanes.exclude(kind="touchpoints").first()
    refused = auth_client.post(
        url(journey, "touchpoints/reorder/"),
        {"stage": stage.pk, "lane": text_lane.pk, "ids": str(a.pk)},
        **HX,
    )
    assert refused.status_code == 409
    assert Touchpoint.objects.get(pk=a.pk).lane == lane


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
