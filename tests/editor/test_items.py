"""Cards, and moving cards and touchpoints (journeys/editor/items.py)."""

import pytest

from journeys.models import Card, Change
from tests.conftest import map_changed
from tests.editor.conftest import HX, cell_texts, url
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("bad", ["abc", "1e3", "-1", "٣"])
def test_a_cell_named_by_anything_but_an_id_is_404_and_changes_nothing(auth_client, journey, bad):
    stage, lane = journey.stages.first(), journey.lanes.first()
    before = Card.objects.count()
    for path, data in [
        ("cards/add/", {"stage": bad, "lane": lane.pk, "text": "x"}),
        ("cards/add/", {"stage": stage.pk, "lane": bad, "text": "x"}),
        ("cards/reorder/", {"stage": bad, "lane": lane.pk, "ids": ""}),
        ("touchpoints/reorder/", {"stage": stage.pk, "lane": bad, "ids": ""}),
    ]:
        assert auth_client.post(url(journey, path), data, **HX).status_code == 404
    assert (
        auth_client.get(url(journey, f"cards/add/?stage={bad}&lane={lane.pk}")).status_code == 404
    )
    assert Card.objects.count() == before
