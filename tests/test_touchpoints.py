"""Touchpoints edited in place: add, edit every field, delete, bad input, stale saves, owners."""

import re

import pytest

from journeys.mapdata import load_map
from journeys.sample_maps import build_map
from personas.models import Persona
from tests.conftest import map_changed
from touchpoints.models import Metric, Touchpoint, TouchpointLink

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=8, personas=2)


def tp_lane(journey):
    return journey.lanes.get(kind="touchpoints")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_data(journey, **overrides):
    stage = journey.stages.first()
    data = {
        "title": "Reads reviews",
        "stage": stage.pk,
        "lane": tp_lane(journey).pk,
        "channel": "review site",
        "sentiment": "negative",
        "emotion": "-2",
        "persona": "",
        "owner": "",
        "goal": "",
        "description": "",
        **management("metrics", 1),
        "metrics-0-name": "",
        **management("next", 1),
        "next-0-target": "",
    }
    data.update(overrides)
    return data


def edit_data(tp, **overrides):
    """The edit form as the browser would post it for `tp` unchanged."""
    metrics = list(tp.metrics.all())
    links = list(tp.links_out.values_list("target_id", flat=True))
    data = {
        "version": tp.version,
        "title": tp.title,
        "channel": tp.channel,
        "sentiment": tp.sentiment,
        "emotion": tp.emotion,
        "persona": tp.persona_id or "",
        "owner": tp.owner,
        "goal": tp.goal,
        "description": tp.description,
        **management("metrics", len(metrics) + 1, len(metrics)),
        **management("next", len(links) + 1, len(links)),
    }
    for i, m in enumerate(metrics):
        data.update(
            {
                f"metrics-{i}-id": m.pk,
                f"metrics-{i}-touchpoint": tp.pk,
                f"metrics-{i}-name": m.name,
                f"metrics-{i}-value": "" if m.value is None else m.value,
                f"metrics-{i}-target": "" if m.target is None else m.target,
                f"metrics-{i}-unit": m.unit,
            }
        )
    for i, target in enumerate(links):
        data[f"next-{i}-target"] = target
    data.update(overrides)
    return data


def test_add_form_opens_inline_for_a_cell(auth_client, journey):
    stage, lane = journey.stages.first(), tp_lane(journey)
    url = f"/touchpoints/map/{journey.pk}/new/?stage={stage.pk}&lane={lane.pk}"
    response = auth_client.get(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html and "<html" not in html  # just the fragment
    assert 'name="title"' in html and 'name="emotion"' in html


def test_add_touchpoint_inline_returns_fragment_and_triggers_curve(auth_client, journey):
    stage = journey.stages.first()
    before = Touchpoint.objects.filter(stage=stage).count()
    data = add_data(journey, **{"metrics-0-name": "CSAT", "metrics-0-value": "3.5"})
    response = auth_client.post(f"/touchpoints/map/{journey.pk}/new/", data, **HTMX)
    assert response.status_code == 200, response.content.decode()
    assert map_changed(response)
    tp = Touchpoint.objects.get(title="Reads reviews")
    assert tp.stage == stage and tp.lane == tp_lane(journey)
    assert tp.emotion == -2 and tp.sentiment == "negative" and tp.channel == "review site"
    assert tp.position == before  # after the stage's last touchpoint
    assert [m.name for m in tp.metrics.all()] == ["CSAT"]
    html = response.content.decode()
    assert f'id="touchpoint-{tp.pk}"' in html and "<html" not in html
    assert "Review site" in html and "▼" in html
    assert "tp-add" in html  # a fresh "Add" control follows


def test_add_without_lane_uses_the_first_touchpoints_lane(auth_client, journey):
    data = add_data(journey, lane="")
    auth_client.post(f"/touchpoints/map/{journey.pk}/new/", data, **HTMX)
    assert Touchpoint.objects.get(title="Reads reviews").lane == tp_lane(journey)


def test_add_without_javascript_redirects_to_editor(auth_client, journey):
    response = auth_client.post(f"/touchpoints/map/{journey.pk}/new/", add_data(journey))
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/"
    assert Touchpoint.objects.filter(title="Reads reviews").exists()


def test_add_form_works_as_a_page_without_javascript(auth_client, journey):
    response = auth_client.get(f"/touchpoints/map/{journey.pk}/new/")
    assert response.status_code == 200
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Give the touchpoint a title."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"channel": "c" * 61}, "channel", "at most 60 characters"),
        ({"description": "d" * 2001}, "description", "at most 2000 characters"),
        ({"emotion": "4"}, "emotion", "Emotion runs from −3 to +3."),
        ({"emotion": "-9"}, "emotion", "Emotion runs from −3 to +3."),
        ({"emotion": "much"}, "emotion", "whole number"),
        ({"sentiment": "furious"}, "sentiment", "Select a valid choice"),
        ({"stage": "999999"}, "stage", "Choose a stage of this map."),
        ({"metrics-0-value": "12"}, "metrics-0-name", "Name the metric"),
        ({"metrics-0-name": "NPS", "metrics-0-value": "lots"}, "metrics-0-value", "number"),
    ],
)
def test_add_rejects_bad_input_next_to_the_field(auth_client, journey, overrides, field, message):
    before = Touchpoint.objects.count()
    data = add_data(journey, **overrides)
    response = auth_client.post(f"/touchpoints/map/{journey.pk}/new/", data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    # The message sits in the field's error list, which the control points at (add forms are
    # told apart by their cell, tpnew<stage>-<lane>_…, as several may be open at once).
    suffix = f"_m_{field}_error" if field.startswith("metrics") else f"_{field}_error"
    error_id = re.search(f'id="(tpnew[0-9-]*{suffix})"', html).group(1)
    assert re.search(f'aria-describedby="[^"]*{error_id}"', html)
    assert Touchpoint.objects.count() == before


def test_add_rejects_persona_and_stage_of_another_map(auth_client, user, journey):
    other = build_map(user, stages=2, lanes=2, items=2, personas=1, title="Other")
    loose = Persona.objects.create(owner=user, name="Not attached")
    before = Touchpoint.objects.count()
    for overrides, message in [
        ({"persona": loose.pk}, "Choose a persona attached to this map."),
        ({"persona": other.personas.first().pk}, "Choose a persona attached to this map."),
        ({"stage": other.stages.first().pk}, "Choose a stage of this map."),
        ({"lane": other.lanes.first().pk}, "Choose a lane of this map."),
        ({"next-0-target": other.touchpoints.first().pk}, "Choose another touchpoint of this map."),
    ]:
        response = auth_client.post(
            f"/touchpoints/map/{journey.pk}/new/", add_data(journey, **overrides), **HTMX
        )
        assert response.status_code == 422
        assert message in response.content.decode()
    assert Touchpoint.objects.count() == before


def test_edit_every_field_metrics_and_looping_next_links(auth_client, journey):
    data = load_map(journey)
    first, second, third = data.touchpoints[:3]
    persona = data.personas[1]
    NPS = first.metrics.get()
    response = auth_client.get(f"/touchpoints/{first.pk}/edit/", **HTMX)
    assert response.status_code == 200 and f'value="{first.version}"' in response.content.decode()
    post = edit_data(
        first,
        title="Compares prices",
        description="Opens three tabs",
        channel="website",
        sentiment="positive",
        emotion="3",
        persona=persona.pk,
        owner="E-commerce team",
        goal="Fair price",
        **{
            "metrics-0-DELETE": "on",  # remove NPS
            "metrics-1-name": "Conversion",
            "metrics-1-value": "2.5",
            "metrics-1-target": "4",
            "metrics-1-unit": "%",
            # order kept: third first, then second (a later stage links back: loop)
            "next-TOTAL_FORMS": "2",
            "next-0-target": third.pk,
            "next-1-target": second.pk,
        },
    )
    response = auth_client.post(f"/touchpoints/{first.pk}/edit/", post, **HTMX)
    assert response.status_code == 200, response.content.decode()
    assert map_changed(response)
    first.refresh_from_db()
    assert (first.title, first.description, first.channel) == (
        "Compares prices",
        "Opens three tabs",
        "website",
    )
    assert (first.sentiment, first.emotion, first.persona, first.owner, first.goal) == (
        "positive",
        3,
        persona,
        "E-commerce team",
        "Fair price",
    )
    assert first.version == 2
    assert not Metric.objects.filter(pk=NPS.pk).exists()
    assert [(m.name, m.value, m.target, m.unit) for m in first.metrics.all()] == [
        ("Conversion", 2.5, 4.0, "%")
    ]
    assert list(first.links_out.values_list("target_id", flat=True)) == [third.pk, second.pk]
    html = response.content.decode()
    assert "Compares prices" in html and "Conversion" in html and "E-commerce team" in html

    # A link back to `first` from a later touchpoint forms a cycle: allowed.
    post = edit_data(third, **{"next-0-target": first.pk})
    response = auth_client.post(f"/touchpoints/{third.pk}/edit/", post, **HTMX)
    assert response.status_code == 200
    assert TouchpointLink.objects.filter(source=third, target=first).exists()
    assert third.stage.position > first.stage.position
    assert "↩" in response.content.decode()  # the loop back to an earlier stage shows


def test_edit_rejects_links_to_itself_and_duplicates(auth_client, journey):
    tp, other = load_map(journey).touchpoints[:2]
    for links, message in [
        ({"next-0-target": tp.pk}, "Choose another touchpoint of this map."),
        (
            {"next-TOTAL_FORMS": "2", "next-0-target": other.pk, "next-1-target": other.pk},
            "already linked",
        ),
    ]:
        response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp, **links), **HTMX)
        assert response.status_code == 422
        assert message in response.content.decode()
    tp.refresh_from_db()
    assert tp.version == 1


def test_edit_rejects_bad_input_and_saves_nothing(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    for overrides in ({"title": ""}, {"emotion": "5"}, {"goal": "g" * 501}):
        response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp, **overrides))
        assert response.status_code == 422
    stored = Touchpoint.objects.get(pk=tp.pk)
    assert (stored.title, stored.emotion, stored.goal, stored.version) == (
        tp.title,
        tp.emotion,
        tp.goal,
        1,
    )


def test_add_row_buttons_grow_the_formsets_without_saving(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    post = edit_data(tp, title="Changed", add_metric="1")
    response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", post, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="metrics-2-name"' in html  # one metric + blank + the new row
    assert 'value="Changed"' in html  # what was typed is kept
    assert re.search(r'<input[^>]*name="metrics-2-name"[^>]*autofocus', html)  # cursor there
    assert not re.search(r'<input[^>]*name="title"[^>]*autofocus', html)
    tp.refresh_from_db()
    assert tp.title != "Changed"


def test_stale_save_is_refused_with_409_and_shows_current_value(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    stale = edit_data(tp, title="Mine")
    # Someone else saves first.
    first = auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp, title="Theirs"), **HTMX)
    assert first.status_code == 200
    response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", stale, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this touchpoint" in html
    assert 'value="Theirs"' in html and 'value="2"' in html  # the current value and version
    assert "Your unsaved changes" in html and "<dd>Mine</dd>" in html  # what was not saved
    tp.refresh_from_db()
    assert tp.title == "Theirs" and tp.version == 2
    # Without JavaScript too: a full page with the same message.
    response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", stale)
    assert response.status_code == 409 and "<html" in response.content.decode()


def test_stale_delete_is_refused(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp, title="Theirs"))
    response = auth_client.post(f"/touchpoints/{tp.pk}/delete/", {"version": 1}, **HTMX)
    assert response.status_code == 409
    assert Touchpoint.objects.filter(pk=tp.pk).exists()


def test_delete_inline_and_without_javascript(auth_client, journey):
    a, b = load_map(journey).touchpoints[:2]
    response = auth_client.post(f"/touchpoints/{a.pk}/delete/", {"version": a.version}, **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert map_changed(response)
    assert not Touchpoint.objects.filter(pk=a.pk).exists()
    response = auth_client.post(f"/touchpoints/{b.pk}/delete/", {"version": b.version})
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    assert not Touchpoint.objects.filter(pk=b.pk).exists()


def test_cancel_returns_the_display_fragment(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    response = auth_client.get(f"/touchpoints/{tp.pk}/", **HTMX)
    assert response.status_code == 200
    assert f'id="touchpoint-{tp.pk}"' in response.content.decode()
    stage, lane = journey.stages.first(), tp_lane(journey)
    response = auth_client.get(
        f"/touchpoints/map/{journey.pk}/new/?stage={stage.pk}&lane={lane.pk}&closed=1", **HTMX
    )
    assert "tp-add" in response.content.decode() and "<form" not in response.content.decode()


def test_only_the_owner_may_touch_touchpoints(client, other_user, journey):
    client.force_login(other_user)
    tp = journey.touchpoints.first()
    stage = journey.stages.first()
    assert client.get(f"/touchpoints/{tp.pk}/edit/").status_code == 404
    assert client.get(f"/touchpoints/{tp.pk}/", **HTMX).status_code == 404
    assert client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp, title="X")).status_code == 404
    assert client.post(f"/touchpoints/{tp.pk}/delete/", {"version": 1}).status_code == 404
    assert client.get(f"/touchpoints/map/{journey.pk}/new/?stage={stage.pk}").status_code == 404
    response = client.post(f"/touchpoints/map/{journey.pk}/new/", add_data(journey))
    assert response.status_code == 404
    tp.refresh_from_db()
    assert tp.title != "X" and Touchpoint.objects.filter(title="Reads reviews").count() == 0


def test_anonymous_users_are_sent_to_log_in(client, journey):
    tp = journey.touchpoints.first()
    response = client.get(f"/touchpoints/{tp.pk}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_grid_filtered_to_one_persona_adds_touchpoints_of_that_persona(auth_client, journey):
    persona = journey.personas.order_by("journey_links__position").last()
    stage, lane = journey.stages.first(), tp_lane(journey)
    url = f"/touchpoints/map/{journey.pk}/new/?stage={stage.pk}&lane={lane.pk}"
    html = auth_client.get(f"{url}&persona_filter={persona.pk}", **HTMX).content.decode()
    assert f'<option value="{persona.pk}" selected>' in html


def test_edit_query_count_does_not_grow_with_the_map(
    auth_client, user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journeys.sample_maps import build_large_map

    tiny = build_map(user, stages=1, lanes=1, items=2, personas=1, title="Tiny")
    tp = load_map(tiny).touchpoints[0]
    with CaptureQueriesContext(connection) as tiny_queries:
        response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp), **HTMX)
        assert response.status_code == 200
    large = build_large_map(user)
    tp = load_map(large).touchpoints[0]
    with django_assert_max_num_queries(len(tiny_queries)):
        response = auth_client.post(f"/touchpoints/{tp.pk}/edit/", edit_data(tp), **HTMX)
    assert response.status_code == 200


def test_new_links_are_in_the_change_log(auth_client, journey):
    from journeys.models import Change

    tp, *others = load_map(journey).touchpoints
    linked = set(tp.links_out.values_list("target_id", flat=True))
    other = next(o for o in others if o.pk not in linked)
    before = Change.objects.filter(journey=journey).count()
    post = edit_data(tp, **{"next-0-target": other.pk, "next-1-target": ""})
    auth_client.post(f"/touchpoints/{tp.pk}/edit/", post, **HTMX)
    actions = list(
        Change.objects.filter(journey=journey).order_by("id").values_list("action", flat=True)
    )[before:]
    assert "touchpoint.saved" in actions and "touchpoint.linked" in actions
