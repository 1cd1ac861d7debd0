"""Personas: list, create, edit, delete, attach to a map and detach; only the owner."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from journeys.mapdata import load_map
from journeys.models import JourneyPersona
from journeys.sample_maps import build_map
from personas.models import Persona
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def persona_data(**overrides):
    data = {
        "name": "지민 (Jimin)",
        "segment": "First-time buyer",
        "age": "20s",
        "bio": "Learning guitar from videos.",
        "quote": "I don't want to buy the wrong one.",
        "goals": "Find a beginner guitar\n\n  Stay under budget  \n",
        "pain_points": "Too many models",
        "motivations": "Play with friends",
        "channels": "YouTube\nstore",
    }
    data.update(overrides)
    return data


@pytest.fixture
def persona(user):
    return Persona.objects.create(owner=user, name="Minho", goals=["Upgrade"], channels=["app"])


def test_list_shows_only_my_personas(auth_client, user, other_user, persona):
    Persona.objects.create(owner=other_user, name="Eve's persona")
    response = auth_client.get("/personas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Minho" in html and "Eve&#x27;s persona" not in html and "Eve's persona" not in html


def test_create_stores_lists_one_item_per_line(auth_client, user):
    response = auth_client.get("/personas/new/")
    assert response.status_code == 200
    response = auth_client.post("/personas/new/", persona_data())
    assert response.status_code == 302 and response["Location"] == "/personas/"
    p = Persona.objects.get(owner=user)
    assert p.name == "지민 (Jimin)" and p.age == "20s" and p.quote.startswith("I don't")
    assert p.goals == ["Find a beginner guitar", "Stay under budget"]
    assert p.pain_points == ["Too many models"] and p.motivations == ["Play with friends"]
    assert p.channels == ["YouTube", "store"]
    listing = auth_client.get("/personas/").content.decode()
    assert "지민 (Jimin)" in listing and "Stay under budget" in listing


def test_edit_shows_lists_as_lines_and_saves(auth_client, persona):
    form = auth_client.get(f"/personas/{persona.pk}/edit/").content.decode()
    assert "\nUpgrade</textarea>" in form and 'name="version" value="1"' in form
    data = persona_data(name="Minho K.", goals="Upgrade\nGig-ready sound", version=1)
    response = auth_client.post(f"/personas/{persona.pk}/edit/", data)
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.name == "Minho K." and persona.goals == ["Upgrade", "Gig-ready sound"]
    assert persona.version == 2


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": ""}, "Give the persona a name."),
        ({"name": "n" * 121}, "at most 120 characters"),
        ({"quote": "q" * 501}, "at most 500 characters"),
        ({"bio": "b" * 2001}, "at most 2000 characters"),
        ({"goals": "x" * 201}, "Line 1 is 201 characters long"),
        ({"channels": "\n".join(f"c{i}" for i in range(31))}, "At most 30 lines"),
    ],
)
def test_bad_persona_input_is_shown_and_nothing_saved(auth_client, persona, overrides, message):
    response = auth_client.post("/personas/new/", persona_data(**overrides))
    assert response.status_code == 422
    assert message in response.content.decode()
    data = persona_data(version=1, **overrides)
    response = auth_client.post(f"/personas/{persona.pk}/edit/", data)
    assert response.status_code == 422 and message in response.content.decode()
    assert Persona.objects.count() == 1
    persona.refresh_from_db()
    assert persona.name == "Minho" and persona.version == 1


def test_stale_persona_save_is_refused_with_409(auth_client, persona):
    url = f"/personas/{persona.pk}/edit/"
    assert auth_client.post(url, persona_data(name="Theirs", version=1)).status_code == 302
    response = auth_client.post(url, persona_data(name="Mine", version=1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this persona" in html and 'value="Theirs"' in html
    assert "<dd>Mine</dd>" in html
    persona.refresh_from_db()
    assert persona.name == "Theirs"


def test_delete_asks_then_deletes_and_keeps_touchpoints(auth_client, user):
    journey = build_map(user, stages=2, lanes=4, items=6, personas=1)
    persona = journey.personas.get()
    tagged = Touchpoint.objects.filter(persona=persona).count()
    assert tagged
    page = auth_client.get(f"/personas/{persona.pk}/delete/").content.decode()
    assert journey.title in page and f"{tagged} touchpoint" in page
    response = auth_client.post(f"/personas/{persona.pk}/delete/")
    assert response.status_code == 302
    assert not Persona.objects.filter(pk=persona.pk).exists()
    assert Touchpoint.objects.filter(journey=journey).count() == 3  # still there, shared


def test_attach_and_detach(auth_client, user, persona):
    journey = build_map(user, stages=2, lanes=4, items=6, personas=1)
    first = journey.personas.get()
    response = auth_client.post(f"/personas/map/{journey.pk}/attach/", {"persona": persona.pk})
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    links = list(JourneyPersona.objects.filter(journey=journey))
    assert [(link.persona_id, link.position) for link in links] == [(first.pk, 0), (persona.pk, 1)]
    # Attaching twice changes nothing.
    auth_client.post(f"/personas/map/{journey.pk}/attach/", {"persona": persona.pk})
    assert JourneyPersona.objects.filter(journey=journey).count() == 2

    tagged = list(Touchpoint.objects.filter(journey=journey, persona=first))
    response = auth_client.post(
        f"/personas/map/{journey.pk}/detach/{first.pk}/", {"persona_filter": str(persona.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/?persona={persona.pk}"
    assert list(journey.personas.all()) == [persona]
    for tp in tagged:
        tp.refresh_from_db()
        assert tp.persona is None and tp.version == 2  # shared now; stale forms will 409
    assert Persona.objects.filter(pk=first.pk).exists()  # still the user's persona


def test_create_for_a_map_attaches_it(auth_client, user):
    journey = build_map(user, stages=1, lanes=1, items=0, personas=0)
    response = auth_client.post(f"/personas/new/?journey={journey.pk}", persona_data())
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    assert [p.name for p in journey.personas.all()] == ["지민 (Jimin)"]


def test_edit_from_a_map_returns_to_it_and_only_to_my_maps(auth_client, user, other_user, persona):
    journey = build_map(user, stages=1, lanes=1, items=0, personas=0)
    url = f"/personas/{persona.pk}/edit/?journey={journey.pk}"
    form = auth_client.get(url).content.decode()
    assert f'action="{url}"' in form and f'href="/journeys/{journey.pk}/"' in form
    response = auth_client.post(url, persona_data(version=1))
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    # Someone else's map is not a place to return to: 404, nothing saved.
    theirs = build_map(other_user, stages=1, lanes=1, items=0, personas=0, title="Theirs")
    data = persona_data(name="Changed", version=2)
    response = auth_client.post(f"/personas/{persona.pk}/edit/?journey={theirs.pk}", data)
    assert response.status_code == 404
    persona.refresh_from_db()
    assert persona.name == "지민 (Jimin)" and persona.version == 2


def test_others_get_404(client, user, other_user, persona):
    journey = build_map(user, stages=1, lanes=1, items=0, personas=0)
    theirs = build_map(other_user, stages=1, lanes=1, items=0, personas=1, title="Theirs")
    their_persona = theirs.personas.get()
    client.force_login(other_user)
    assert client.get(f"/personas/{persona.pk}/edit/").status_code == 404
    assert client.post(f"/personas/{persona.pk}/edit/", persona_data(version=1)).status_code == 404
    assert client.get(f"/personas/{persona.pk}/delete/").status_code == 404
    assert client.post(f"/personas/{persona.pk}/delete/").status_code == 404
    # Not my map, or not my persona: 404 either way.
    attach = client.post(f"/personas/map/{journey.pk}/attach/", {"persona": their_persona.pk})
    assert attach.status_code == 404
    attach = client.post(f"/personas/map/{theirs.pk}/attach/", {"persona": persona.pk})
    assert attach.status_code == 404
    assert client.post(f"/personas/map/{journey.pk}/detach/{persona.pk}/").status_code == 404
    assert client.get(f"/personas/new/?journey={journey.pk}").status_code == 404
    persona.refresh_from_db()
    assert persona.name == "Minho" and not journey.personas.exists()
    assert theirs.personas.count() == 1


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/personas/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_persona_bar_filters_and_offers_attach(user, persona):
    journey = build_map(user, stages=1, lanes=1, items=0, personas=2)
    data = load_map(journey, persona_id=journey.personas.first().pk)
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string("personas/_persona_bar.html", {"map": data}, request=request)
    first, second = data.personas
    assert f'href="/journeys/{journey.pk}/?persona={first.pk}" aria-current="true"' in html
    assert f'href="/journeys/{journey.pk}/?persona={second.pk}"' in html
    assert "All personas" in html
    assert f'<option value="{persona.pk}">Minho</option>' in html  # attachable
    assert f'<option value="{first.pk}">' not in html  # already attached
    assert f"/personas/map/{journey.pk}/detach/{first.pk}/" in html
