"""Insights across a user's maps (insights/across.py): stages matched by name, maps ranked by
their lowest moment, pain points by stage, persona coverage; only the user's own maps, in a
query count that does not grow with the number of maps."""

import copy

import pytest
from django.urls import reverse

from insights.across import load_portfolio, portfolio_charts
from journeys.interchange import import_document
from journeys.sample_maps import build_map
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


MAP_A = {
    "format": "journey-map",
    "version": 1,
    "title": "Map A",
    "personas": [{"id": "p1", "name": "Mina"}],
    "stages": [{"id": "s1", "name": "Aware"}, {"id": "s2", "name": "Buy"}],
    "lanes": [
        {"id": "l1", "kind": "touchpoints", "title": "Touchpoints"},
        {"id": "l2", "kind": "pain_points", "title": "Pain points"},
    ],
    "touchpoints": [
        {"id": "t1", "stage": "s1", "title": "Ad", "emotion": 2, "persona": "p1"},
        {"id": "t2", "stage": "s2", "title": "Checkout", "emotion": -2, "persona": "p1"},
        {"id": "t3", "stage": "s2", "title": "Receipt", "emotion": 0},
    ],
    "cards": [
        {"stage": "s2", "lane": "l2", "text": "Too many steps", "votes": 4},
        {"stage": "s1", "lane": "l2", "text": "Hard to find", "votes": 1},
    ],
}


def map_b():
    doc = copy.deepcopy(MAP_A)
    doc["title"] = "Map B"
    doc["personas"] = []
    # Its stages: "Buy" first, then "Keep"; "Aware" is not on it.
    doc["stages"] = [{"id": "s1", "name": "Buy"}, {"id": "s2", "name": "Keep"}]
    for tp in doc["touchpoints"]:
        tp.pop("persona", None)
    doc["touchpoints"][1]["emotion"] = -3
    doc["cards"] = [{"stage": "s1", "lane": "l2", "text": "No stock", "votes": 9}]
    return doc


@pytest.fixture
def charts(user, other_user):
    a = import_document(copy.deepcopy(MAP_A), user)
    b = import_document(map_b(), user)
    import_document(copy.deepcopy(MAP_A), other_user)  # not the user's: never counted
    return a, b, {c.key: c for c in portfolio_charts(load_portfolio(Workspace.personal(user)))}


def test_mean_emotion_by_stage_matches_stages_by_name(charts):
    a, b, by_key = charts
    chart = by_key["emotion-across"]
    assert chart.figure["layout"]["xaxis"]["ticktext"] == ["Aware", "Buy", "Keep"]
    heat = chart.figure["data"][0]
    rows = dict(zip(chart.figure["layout"]["yaxis"]["ticktext"], heat["z"], strict=True))
    assert rows["Map A"] == [2.0, -1.0, None]  # Buy: Checkout −2 and Receipt 0
    assert rows["Map B"] == [None, 2.0, -1.5]  # Buy: Ad +2; Keep: Checkout −3 and Receipt 0
    assert chart.rows[-1] == ["All maps", "+2", "0", "−1.5"]  # Buy: −2, 0 and +2


def test_maps_are_ranked_by_their_lowest_moment(charts):
    a, b, by_key = charts
    chart = by_key["lowest-across"]
    assert chart.figure["data"][0]["x"] == [-3, -2]
    assert [row[0].text for row in chart.rows] == ["Map B", "Map A"]
    checkout_b = b.touchpoints.get(title="Checkout")
    assert chart.rows[0][1].url == f"/journeys/{b.pk}/#touchpoint-{checkout_b.pk}"


def test_pain_points_are_counted_by_stage_name_with_their_votes(charts):
    _a, _b, by_key = charts
    chart = by_key["pain-across"]
    count, votes = chart.figure["data"]
    assert chart.figure["layout"]["xaxis"]["ticktext"] == ["Aware", "Buy"]
    assert (count["y"], votes["y"]) == ([1, 2], [1, 13])
    assert [row[0].text for row in chart.rows] == ["No stock", "Too many steps", "Hard to find"]


def test_persona_coverage_counts_each_personas_touchpoints_per_map(charts):
    _a, _b, by_key = charts
    chart = by_key["personas-across"]
    assert chart.figure["layout"]["yaxis"]["ticktext"] == ["Mina"]
    assert chart.figure["data"][0]["z"] == [[2]]  # on map A only (map B has no persona)
    assert chart.rows == [["Mina", "1", "2"]]


def test_the_page_renders_with_no_map_and_with_maps(auth_client, user):
    response = auth_client.get(reverse("insights:across"))
    assert response.status_code == 200
    assert response.content.count(b"Nothing to chart yet") == 4
    import_document(copy.deepcopy(MAP_A), user)
    response = auth_client.get(reverse("insights:across"))
    assert b'data-chart="emotion-across"' in response.content
    assert "'nonce-" in response["Content-Security-Policy"]


def test_the_query_count_does_not_grow_with_the_maps(
    auth_client, user, django_assert_max_num_queries
):
    build_map(user, stages=3, lanes=6, items=20, personas=1, title="One")
    with django_assert_max_num_queries(9):
        auth_client.get(reverse("insights:across"))
    for n in range(5):
        build_map(user, stages=5, lanes=8, items=60, personas=2, title=f"More {n}")
    with django_assert_max_num_queries(9):
        assert auth_client.get(reverse("insights:across")).status_code == 200
