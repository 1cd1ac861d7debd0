"""Integers too big for a database column, typed into a URL or a form: the answer is a 4xx
(or the page, ignoring the number), never a 500. PostgreSQL's integer columns hold less than
2**31, its bigint ids less than 2**63; Django refuses such values in lookups and model forms
carry the column's bounds. These tests keep it so on both databases."""

import pytest

from journeys import services
from journeys.models import Goal
from journeys.sample_maps import build_map
from workshops.services import start_workshop

pytestmark = pytest.mark.django_db

HUGE = [2**31, 2**63, 10**30, "²٣"]  # the last: digits to str.isdigit, not to int()


@pytest.fixture
def parts(user):
    journey = build_map(user, stages=3, lanes=4, items=8, personas=1)
    goal = Goal(journey=journey, text="Fewer calls")
    services.add_last(goal, Goal.objects.filter(journey=journey), "maria")
    return {
        "j": journey.pk,
        "card": journey.cards.first(),
        "tp": journey.touchpoints.first(),
        "stage": journey.stages.first(),
        "lane": journey.lanes.first(),
        "goal": goal,
        "code": start_workshop(journey, moderated=True).code,
    }


def owner_requests(p, n):
    j, card, stage, lane = p["j"], p["card"], p["stage"], p["lane"]
    tp_form = {"stage": n, "lane": n, "title": "t", "emotion": "0", "sentiment": "neutral"}
    return [
        ("get", f"/journeys/{n}/", {}),
        ("get", f"/journeys/{j}/?persona={n}", {}),
        ("get", f"/journeys/{j}/cards/{n}/", {}),
        ("post", f"/journeys/{j}/cards/{card.pk}/edit/", {"text": "x", "version": n}),
        ("post", f"/journeys/{j}/cards/{card.pk}/edit/", {"text": "x", "persona": n}),
        ("post", f"/journeys/{j}/cards/{n}/move/", {"direction": "up"}),
        ("post", f"/journeys/{j}/cards/reorder/", {"stage": stage.pk, "lane": lane.pk, "ids": n}),
        ("post", f"/journeys/{j}/cards/add/", {"stage": n, "lane": lane.pk, "text": "x"}),
        ("post", f"/journeys/{j}/stages/reorder/", {"ids": n}),
        ("post", f"/journeys/{j}/stages/{stage.pk}/edit/", {"name": "x", "version": n}),
        ("post", f"/touchpoints/{p['tp'].pk}/delete/", {"version": n}),
        ("post", f"/touchpoints/map/{j}/new/", {**tp_form, "persona": n}),
        ("post", f"/journeys/{j}/goals/{p['goal'].pk}/delete/", {"version": n}),
        ("post", f"/journeys/{j}/goals/add/", {"text": "t", "kind": "business", "scope": n}),
        ("post", f"/personas/map/{j}/attach/", {"persona": n}),
        ("post", f"/journeys/{j}/workshop/settings/", {"votes_per_participant": n}),
        ("post", f"/journeys/{j}/workshop/notes/{n}/accept/", {}),
    ]


@pytest.mark.parametrize("n", HUGE)
def test_huge_numbers_in_the_editors_urls_and_forms_are_refused_without_a_500(
    auth_client, parts, n
):
    for method, url, data in owner_requests(parts, n):
        response = getattr(auth_client, method)(url, data)
        assert response.status_code < 500, (url, data)


@pytest.mark.parametrize("n", HUGE)
def test_huge_numbers_from_a_phone_are_refused_without_a_500(client, parts, n):
    code = parts["code"]
    client.post(f"/w/{code}/", {"display_name": "Phone"})
    for method, url, data in [
        ("get", f"/w/{code}/?stage={n}", {}),
        ("post", f"/w/{code}/notes/", {"stage": n, "lane": n, "kind": "idea", "text": "x"}),
        ("post", f"/w/{code}/cards/{n}/vote/", {}),
        ("post", f"/w/{code}/notes/{n}/delete/", {}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data)


@pytest.mark.parametrize("raw", ["²", "12x", ""])
def test_a_last_event_id_that_is_no_number_starts_the_stream_from_now(rf, raw):
    from journeys.live import _start_id

    assert _start_id(rf.get("/journeys/1/events/", HTTP_LAST_EVENT_ID=raw)) is None
