"""Goals on the map, a stage or a touchpoint: set, edit, delete, bad input, stale saves, owners."""

import pytest

from journeys.mapdata import load_map
from journeys.models import Goal
from journeys.sample_maps import build_map
from tests.conftest import map_changed

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=8, personas=2)


def goal_data(**overrides):
    data = {
        "kind": "business",
        "text": "Raise conversion",
        "scope": "map",
        "metric": "conversion %",
        "current": "2.1",
        "target": "3",
    }
    data.update(overrides)
    return data


def test_panel_renders_standalone_and_as_fragment(auth_client, journey):
    Goal.objects.create(journey=journey, text="Grow repeat purchases", position=0)
    page = auth_client.get(f"/journeys/{journey.pk}/goals/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and 'id="goals-panel"' in html and "Grow repeat purchases" in html
    fragment = auth_client.get(f"/journeys/{journey.pk}/goals/", **HTMX).content.decode()
    assert "<html" not in fragment and 'id="goals-panel"' in fragment


def test_set_goals_on_map_stage_and_touchpoint(auth_client, journey):
    stage = journey.stages.all()[1]
    tp = load_map(journey).touchpoints[0]
    url = f"/journeys/{journey.pk}/goals/new/"
    assert auth_client.get(url, **HTMX).status_code == 200
    response = auth_client.post(url, goal_data(), **HTMX)
    assert response.status_code == 200, response.content.decode()
    assert map_changed(response)
    assert response["HX-Retarget"] == "#goals-panel"
    auth_client.post(
        url,
        goal_data(kind="customer", text="Find the right size", scope=f"stage:{stage.pk}"),
        **HTMX,
    )
    response = auth_client.post(
        url, goal_data(text="Answer within a day", scope=f"touchpoint:{tp.pk}"), **HTMX
    )
    goals = list(Goal.objects.filter(journey=journey))
    assert [(g.text, g.stage_id, g.touchpoint_id, g.position) for g in goals] == [
        ("Raise conversion", None, None, 0),
        ("Find the right size", stage.pk, None, 1),
        ("Answer within a day", None, tp.pk, 2),
    ]
    assert goals[0].metric == "conversion %" and goals[0].current == 2.1 and goals[0].target == 3
    assert goals[1].kind == "customer"
    html = response.content.decode()
    # The panel groups by scope, and the touchpoint's card shows its goal, out of band.
    assert "Whole map" in html and f"Stage · {stage.name}" in html
    assert f'id="touchpoint-{tp.pk}"' in html and 'hx-swap-oob="true"' in html
    slot = [p.pk for p in load_map(journey).personas].index(tp.persona_id) + 1
    assert f"persona-slot-{slot}" in html  # the persona's colour, as on the grid
    panel, card = html.split(f'id="touchpoint-{tp.pk}"')
    assert "Answer within a day" in panel and "Answer within a day" in card


def test_edit_goal_moves_it_to_another_scope(auth_client, journey):
    stage = journey.stages.first()
    goal = Goal.objects.create(journey=journey, text="Old", position=0)
    url = f"/journeys/{journey.pk}/goals/{goal.pk}/edit/"
    form = auth_client.get(url, **HTMX).content.decode()
    assert 'value="Old"' in form and 'name="version"' in form
    data = goal_data(text="New", scope=f"stage:{stage.pk}", kind="customer", version=1)
    response = auth_client.post(url, data, **HTMX)
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.text, goal.stage_id, goal.kind, goal.version) == ("New", stage.pk, "customer", 2)


def test_plain_posts_redirect_to_the_goals_page(auth_client, journey):
    response = auth_client.post(f"/journeys/{journey.pk}/goals/new/", goal_data())
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/goals/"
    assert auth_client.get(f"/journeys/{journey.pk}/goals/new/").status_code == 200


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"text": ""}, "Write the goal."),
        ({"text": "x" * 501}, "at most 500 characters"),
        ({"metric": "m" * 81}, "at most 80 characters"),
        ({"target": "high"}, "Enter a number."),
        ({"kind": "vanity"}, "Select a valid choice"),
        ({"scope": "stage:999999"}, "Choose the whole map, one of its stages"),
        ({"scope": "nonsense"}, "Choose the whole map, one of its stages"),
    ],
)
def test_bad_goal_input_is_shown_and_nothing_saved(auth_client, journey, overrides, message):
    response = auth_client.post(
        f"/journeys/{journey.pk}/goals/new/", goal_data(**overrides), **HTMX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_scope_of_another_map_is_refused(auth_client, user, journey):
    other = build_map(user, stages=1, lanes=1, items=2, personas=0, title="Other")
    for scope in (f"stage:{other.stages.first().pk}", f"touchpoint:{other.touchpoints.first().pk}"):
        response = auth_client.post(
            f"/journeys/{journey.pk}/goals/new/", goal_data(scope=scope), **HTMX
        )
        assert response.status_code == 422
    assert not Goal.objects.exists()


def test_stale_goal_save_is_refused_with_409(auth_client, journey):
    goal = Goal.objects.create(journey=journey, text="Original", position=0)
    url = f"/journeys/{journey.pk}/goals/{goal.pk}/edit/"
    assert auth_client.post(url, goal_data(text="Theirs", version=1), **HTMX).status_code == 200
    response = auth_client.post(url, goal_data(text="Mine", version=1), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this goal" in html and 'value="Theirs"' in html
    goal.refresh_from_db()
    assert goal.text == "Theirs" and goal.version == 2
    delete = auth_client.post(f"/journeys/{journey.pk}/goals/{goal.pk}/delete/", {"version": 1})
    assert delete.status_code == 409 and Goal.objects.filter(pk=goal.pk).exists()


def test_delete_goal(auth_client, journey):
    goal = Goal.objects.create(journey=journey, text="Gone soon", position=0)
    response = auth_client.post(
        f"/journeys/{journey.pk}/goals/{goal.pk}/delete/", {"version": 1}, **HTMX
    )
    assert response.status_code == 200 and "Gone soon" not in response.content.decode()
    assert not Goal.objects.exists()


def test_only_the_owner_may_touch_goals(client, other_user, journey):
    goal = Goal.objects.create(journey=journey, text="Private", position=0)
    client.force_login(other_user)
    base = f"/journeys/{journey.pk}/goals/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}new/").status_code == 404
    assert client.post(f"{base}new/", goal_data()).status_code == 404
    assert client.get(f"{base}{goal.pk}/edit/").status_code == 404
    assert client.post(f"{base}{goal.pk}/edit/", goal_data(version=1)).status_code == 404
    assert client.post(f"{base}{goal.pk}/delete/", {"version": 1}).status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Private" and Goal.objects.count() == 1


def test_goal_of_another_map_is_not_reachable_through_mine(auth_client, user, journey):
    other = build_map(user, stages=1, lanes=1, items=0, personas=0, title="Other")
    goal = Goal.objects.create(journey=other, text="Elsewhere", position=0)
    url = f"/journeys/{journey.pk}/goals/{goal.pk}/edit/"
    assert auth_client.get(url).status_code == 404


def test_goal_set_from_a_touchpoint_returns_to_the_map(auth_client, journey):
    tp = load_map(journey).touchpoints[0]
    url = f"/journeys/{journey.pk}/goals/new/?scope=touchpoint:{tp.pk}&return_to=editor"
    form = auth_client.get(url).content.decode()
    assert f'value="touchpoint:{tp.pk}" selected' in form
    assert 'name="return_to" value="editor"' in form
    data = goal_data(scope=f"touchpoint:{tp.pk}", return_to="editor")
    response = auth_client.post(f"/journeys/{journey.pk}/goals/new/", data)
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    assert Goal.objects.get().touchpoint == tp


@pytest.mark.parametrize("field", ["current", "target"])
def test_a_figure_beyond_the_bound_is_refused_and_nothing_is_saved(auth_client, journey, field):
    url = f"/journeys/{journey.pk}/goals/new/"
    response = auth_client.post(url, goal_data(**{field: "1e308"}), **HTMX)
    assert response.status_code == 422
    assert "Figures run from −1,000,000,000,000,000 to 1,000,000,000,000,000." in (
        response.content.decode()
    )
    assert not Goal.objects.filter(journey=journey).exists()


def test_a_goal_stored_with_huge_figures_never_breaks_the_pages(auth_client, journey):
    # Saved before figures were bounded (or by hand): the pages must still answer.
    Goal.objects.create(journey=journey, text="Overflow", current=1e308, target=1e-300)
    for path in ("goals/", "", "export.csv", "export.pdf"):
        assert auth_client.get(f"/journeys/{journey.pk}/{path}").status_code == 200, path
