"""Share links: a map opened read-only (or as the projector view) by anyone holding the link,
revocable, with an optional expiry and password; tokens are stored hashed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import ShareLink
from workspaces.models import hash_token

pytestmark = pytest.mark.django_db


def make_link(client, team, **data):
    client.force_login(team.owner)
    response = client.post(
        reverse("sharing:share", args=[team.journey.pk]), {"kind": "read", **data}
    )
    assert response.status_code == 201
    url = re.search(
        r'id="new-link-url" type="text" readonly value="http://testserver([^"]+)"',
        response.content.decode(),
    )[1]
    client.logout()
    return url


def test_the_owner_makes_a_link_whose_token_is_long_random_and_stored_hashed(client, team):
    url = make_link(client, team)
    token = url.strip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    link = ShareLink.objects.get()
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert url != make_link(client, team)


def test_an_anonymous_holder_reads_the_map_curve_and_personas_without_edit_controls(client, team):
    url = make_link(client, team)
    page = client.get(url).content.decode()
    assert team.journey.title in page
    assert team.journey.cards.first().text in page
    assert team.journey.personas.first().name in page
    assert 'id="curve"' in page
    for control in ("card-add-", "stage-add", "Edit map details", "data-sortable", "/edit/"):
        assert control not in page, control


def test_the_link_gives_its_pdf(client, team):
    url = make_link(client, team)
    response = client.get(url + "export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_revoked_link_says_so_with_410(client, team):
    url = make_link(client, team)
    client.force_login(team.owner)
    link = ShareLink.objects.get()
    client.post(reverse("sharing:revoke", args=[team.journey.pk, link.pk]))
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "Its owner revoked it." in response.content.decode()
    assert client.get(url + "export.pdf").status_code == 410


def test_an_expired_link_says_so_with_410(client, team):
    url = make_link(client, team, expires_in_days=1)
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410 and "It expired on" in response.content.decode()


def test_a_link_with_a_password_asks_for_it_first(client, team):
    url = make_link(client, team, password="open sesame")
    page = client.get(url).content.decode()
    assert "This link asks for a password" in page and team.journey.title not in page
    assert client.get(url + "export.pdf").status_code == 302
    response = client.post(url, {"password": "wrong"})
    assert response.status_code == 403 and team.journey.title not in response.content.decode()
    client.post(url, {"password": "open sesame"})
    assert team.journey.title in client.get(url).content.decode()


def test_a_projector_link_opens_the_present_view_and_nothing_else(client, team):
    url = make_link(client, team, kind="projector")
    page = client.get(url).content.decode()
    assert 'id="present-map"' in page and url + "events/" in page
    assert client.get(url + "present/").status_code == 200
    assert client.get(url + "export.pdf").status_code == 404


def test_an_unknown_token_is_a_404(client):
    assert client.get("/s/not-a-token/").status_code == 404


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_make_or_revoke_links(client, team, role):
    client.force_login(getattr(team, role))
    url = reverse("sharing:share", args=[team.journey.pk])
    assert client.post(url, {"kind": "read"}).status_code == 403
    assert not ShareLink.objects.exists()
    client.force_login(team.stranger)
    assert client.get(url).status_code == 404
