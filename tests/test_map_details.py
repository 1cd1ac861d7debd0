import pytest

from journeys.models import Journey
from journeys.sample_maps import build_map
from tests.conftest import map_changed

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_edit_map_details_in_place(auth_client, user):
    journey = build_map(user, items=0)
    form = auth_client.get(f"/journeys/{journey.pk}/details/edit/", **HTMX)
    assert form.status_code == 200
    assert 'name="title"' in form.content.decode()
    response = auth_client.post(
        f"/journeys/{journey.pk}/details/edit/",
        {
            "title": "온라인 쇼핑 여정",
            "description": "미래 모습",
            "kind": "future_state",
            "locale": "ko",
            "version": journey.version,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert map_changed(response)
    assert "온라인 쇼핑 여정" in response.content.decode()
    journey.refresh_from_db()
    assert (journey.title, journey.kind, journey.locale) == (
        "온라인 쇼핑 여정",
        "future_state",
        "ko",
    )


def test_map_details_without_javascript_redirect_to_the_editor(auth_client, user):
    journey = build_map(user, items=0)
    response = auth_client.post(
        f"/journeys/{journey.pk}/details/edit/",
        {"title": "Plain post", "kind": "current_state", "version": journey.version},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/"


def test_invalid_and_stale_map_details_change_nothing(auth_client, user):
    journey = build_map(user, items=0, title="Original")
    url = f"/journeys/{journey.pk}/details/edit/"
    response = auth_client.post(
        url, {"title": "", "kind": "current_state", "version": journey.version}, **HTMX
    )
    assert response.status_code == 422
    assert "Give the map a title." in response.content.decode()
    response = auth_client.post(
        url, {"title": "x", "kind": "no_such_kind", "version": journey.version}, **HTMX
    )
    assert response.status_code == 422

    stale = journey.version
    auth_client.post(url, {"title": "First save", "kind": "current_state", "version": stale})
    response = auth_client.post(
        url, {"title": "Second save", "kind": "current_state", "version": stale}, **HTMX
    )
    assert response.status_code == 409
    assert "Someone else changed this map" in response.content.decode()
    assert Journey.objects.get(pk=journey.pk).title == "First save"


def test_map_details_only_for_the_owner(client, user, other_user):
    journey = build_map(user, items=0, title="Mine")
    client.force_login(other_user)
    url = f"/journeys/{journey.pk}/details/edit/"
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"title": "Taken", "kind": "current_state", "version": 1}).status_code
        == 404
    )
    assert Journey.objects.get(pk=journey.pk).title == "Mine"
