"""Stages and lanes (journeys/editor/axes.py): add, edit, conflicts, delete, move, reorder."""

import pytest

from journeys.models import Card, Change, Lane, Stage
from journeys.sample_maps import build_map
from tests.conftest import map_changed
from tests.editor.conftest import HX, stage_names, url

pytestmark = pytest.mark.django_db


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
