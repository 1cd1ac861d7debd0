"""Workshop limits (workshops/limits.py): per phone, per network address, per workshop; the
join-code throttle; the facilitator removing a participant; the join link's address."""

import pytest
from django.test import Client

from journeys.models import Card, Change
from journeys.sample_maps import build_map
from workshops import limits
from workshops.models import FailedCode, Note, Participant, Vote
from workshops.services import start_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=5, lanes=6, items=20, personas=1, title="여정 지도")


@pytest.fixture
def workshop(journey):
    return start_workshop(journey, votes_per_participant=3, moderated=False)


def phone_at(address, **headers):
    return Client(REMOTE_ADDR=address, **headers)


def join(workshop, address, name="민지"):
    """A fresh browser session at `address` that has joined the workshop."""
    phone = phone_at(address)
    response = phone.post(f"/w/{workshop.code}/", {"display_name": name})
    assert response.status_code == 302, response.content.decode()[:300]
    return phone


def post_note(phone, workshop, journey, text):
    data = {"stage": journey.stages.first().pk, "kind": "idea", "text": text}
    return phone.post(f"/w/{workshop.code}/notes/", data)


# --- one address, many fresh sessions --------------------------------------------------------


def test_five_fresh_sessions_from_one_address_share_one_persons_votes(journey, workshop):
    card = journey.cards.first()
    start = card.votes
    statuses = []
    for n in range(5):
        phone = join(workshop, "203.0.113.7", f"p{n}")
        statuses += [phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/") for _ in range(3)]
    assert [r.status_code for r in statuses[:3]] == [302, 302, 302]
    assert {r.status_code for r in statuses[3:]} == {429}
    assert "This network has used all its 3 votes" in statuses[-1].content.decode()
    card.refresh_from_db()
    assert card.votes == start + 3 and Vote.objects.count() == 3
    # Another address in the room still votes.
    neighbour = join(workshop, "203.0.113.8")
    assert neighbour.post(f"/w/{workshop.code}/cards/{card.pk}/vote/").status_code == 302


def test_five_fresh_sessions_from_one_address_share_one_persons_note_rate(journey, workshop):
    answers = []
    for n in range(5):
        phone = join(workshop, "203.0.113.7", f"p{n}")
        answers += [post_note(phone, workshop, journey, f"{n}-{i}") for i in range(10)]
    codes = [r.status_code for r in answers]
    assert codes[: limits.NOTES_PER_MINUTE] == [302] * limits.NOTES_PER_MINUTE
    assert set(codes[limits.NOTES_PER_MINUTE :]) == {429}
    body = answers[-1].content.decode()
    assert "at most 10 notes a minute from one network" in body
    assert "4-9" in body  # the typed note is kept on the page
    assert Note.objects.count() == limits.NOTES_PER_MINUTE
    assert Card.objects.filter(text__startswith="1-").count() == 0  # nothing written


def test_the_address_is_read_from_x_forwarded_for_only_when_told_to_trust_it(
    journey, workshop, settings
):
    card = journey.cards.first()
    # Untrusted: each phone claims its own address, yet all come from the proxy's.
    for n in range(2):
        phone = join(workshop, "10.0.0.1", f"p{n}")
        phone.defaults["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"
        for _ in range(3):
            phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    assert Vote.objects.count() == 3
    # Behind one trusted proxy: the last X-Forwarded-For entry is the phone's.
    settings.TRUSTED_PROXY_COUNT = 1
    phone = phone_at("10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    phone.post(f"/w/{workshop.code}/", {"display_name": "x"})
    assert phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/").status_code == 302
    assert Vote.objects.last().address == "198.51.100.9"


def test_ipv6_phones_are_one_address_per_64(journey, workshop):
    card = journey.cards.first()
    for n in range(1, 5):
        phone = join(workshop, f"2001:db8:1:2::{n}", f"p{n}")
        phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    assert Vote.objects.count() == 3
    assert set(Vote.objects.values_list("address", flat=True)) == {"2001:db8:1:2::/64"}


def test_a_room_behind_one_address_can_be_allowed_more(journey, workshop, settings):
    settings.WORKSHOP_PEOPLE_PER_ADDRESS = 2
    card = journey.cards.first()
    for n in range(3):
        phone = join(workshop, "203.0.113.7", f"p{n}")
        for _ in range(3):
            phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    assert Vote.objects.count() == 6


def test_joins_from_one_address_are_limited(journey, workshop):
    for n in range(limits.JOINS_PER_ADDRESS_PER_HOUR):
        join(workshop, "203.0.113.7", f"p{n}")
    response = phone_at("203.0.113.7").post(f"/w/{workshop.code}/", {"display_name": "more"})
    assert response.status_code == 429
    assert "Too many people have joined from this network" in response.content.decode()
    assert Participant.objects.count() == limits.JOINS_PER_ADDRESS_PER_HOUR


# --- many addresses: the workshop's ceilings -------------------------------------------------


def test_many_addresses_are_held_by_the_workshops_note_ceiling(journey, workshop, monkeypatch):
    monkeypatch.setattr(limits, "WORKSHOP_NOTES_PER_MINUTE", 25)
    codes = []
    for n in range(4):
        phone = join(workshop, f"198.51.100.{n}", f"p{n}")
        codes += [post_note(phone, workshop, journey, f"{n}-{i}").status_code for i in range(8)]
    assert codes.count(302) == 25 and codes.count(429) == 7
    assert Note.objects.count() == 25
    late = join(workshop, "198.51.100.99")
    response = post_note(late, workshop, journey, "late")
    assert response.status_code == 429
    assert "more notes than the facilitator can read" in response.content.decode()


def test_many_addresses_are_held_by_the_workshops_join_ceilings(journey, workshop, monkeypatch):
    monkeypatch.setattr(limits, "WORKSHOP_JOINS_PER_MINUTE", 3)
    for n in range(3):
        join(workshop, f"198.51.100.{n}")
    response = phone_at("198.51.100.50").post(f"/w/{workshop.code}/", {"display_name": "x"})
    assert response.status_code == 429 and "try again in a minute" in response.content.decode()
    monkeypatch.setattr(limits, "WORKSHOP_JOINS_PER_MINUTE", 100)
    monkeypatch.setattr(limits, "MAX_PARTICIPANTS", 3)
    response = phone_at("198.51.100.51").post(f"/w/{workshop.code}/", {"display_name": "x"})
    assert response.status_code == 429 and "This workshop is full" in response.content.decode()
    assert Participant.objects.count() == 3


# --- join codes ------------------------------------------------------------------------------


def test_guessing_codes_is_throttled_per_address_and_others_still_join(workshop):
    guesser = phone_at("203.0.113.66")
    wrong = ["ZZZZZ2", "ZZZZZ3", "ZZZZZ4", "ZZZZZ5", "ZZZZZ6", "ZZZZZ7", "ZZZZZ8", "ZZZZZ9"]
    wrong += ["ZZZZYA", "ZZZZYB"]
    assert len(wrong) == limits.CODE_GUESSES_PER_MINUTE
    for code in wrong:
        assert guesser.get(f"/w/{code}/").status_code == 404
    refused = guesser.get(f"/w/{workshop.code}/")  # even the right code: no hint given
    assert refused.status_code == 429
    assert "Too many wrong workshop codes" in refused.content.decode()
    assert guesser.post(f"/w/{workshop.code}/", {"display_name": "x"}).status_code == 429
    assert not Participant.objects.exists()
    assert FailedCode.objects.count() == limits.CODE_GUESSES_PER_MINUTE  # refusals not stored
    # Someone else, at another address, joins as usual.
    assert phone_at("203.0.113.67").get(f"/w/{workshop.code}/").status_code == 200
    join(workshop, "203.0.113.67")


# --- the facilitator removes a participant ---------------------------------------------------


def test_facilitator_removes_a_participant_their_notes_votes_and_their_phone(
    auth_client, journey, workshop
):
    spammer = join(workshop, "203.0.113.7", "spam")
    kind = join(workshop, "203.0.113.8", "kind")
    for i in range(3):
        post_note(spammer, workshop, journey, f"spam {i}")
    post_note(kind, workshop, journey, "a real note")
    card = journey.cards.first()
    start = card.votes
    for _ in range(2):
        spammer.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    kind.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    person = Participant.objects.get(display_name="spam")

    panel = auth_client.get(f"/journeys/{journey.pk}/workshop/queue/").content.decode()
    assert "spam" in panel and "3 notes" in panel and "2 votes" in panel
    assert "203.0.113.7" in panel

    before = Change.objects.order_by("-pk").first().pk
    url = f"/journeys/{journey.pk}/workshop/participants/{person.pk}/remove/"
    assert auth_client.post(url).status_code == 302

    assert not Note.objects.filter(participant=person).exists()
    assert not Card.objects.filter(text__startswith="spam").exists()  # off the map too
    assert Card.objects.filter(text="a real note").exists()
    card.refresh_from_db()
    assert card.votes == start + 1 and Vote.objects.count() == 1
    person.refresh_from_db()
    assert person.is_removed
    actions = set(Change.objects.filter(pk__gt=before).values_list("action", flat=True))
    assert {"participant.removed", "card.deleted", "card.saved"} <= actions

    # That phone can post no more, nor join again; nor can a fresh session from its address.
    blocked = post_note(spammer, workshop, journey, "back again")
    assert blocked.status_code == 403
    assert "removed you from this workshop" in blocked.content.decode()
    assert spammer.post(f"/w/{workshop.code}/cards/{card.pk}/vote/").status_code == 403
    assert spammer.get(f"/w/{workshop.code}/").status_code == 403
    fresh = phone_at("203.0.113.7").post(f"/w/{workshop.code}/", {"display_name": "new me"})
    assert fresh.status_code == 403
    assert not Note.objects.filter(text="back again").exists()
    # Others carry on.
    assert post_note(kind, workshop, journey, "still here").status_code == 302
    panel = auth_client.get(f"/journeys/{journey.pk}/workshop/queue/").content.decode()
    assert "Removed" in panel


def test_only_the_maps_owner_can_remove_a_participant(client, other_user, journey, workshop):
    join(workshop, "203.0.113.7", "spam")
    person = Participant.objects.get()
    url = f"/journeys/{journey.pk}/workshop/participants/{person.pk}/remove/"
    assert client.post(url).status_code == 302  # to log in
    client.force_login(other_user)
    assert client.post(url).status_code == 404
    participant_phone = join(workshop, "203.0.113.9", "other")
    assert participant_phone.post(url).status_code == 302  # to log in: no account
    person.refresh_from_db()
    assert not person.is_removed


# --- the join link ---------------------------------------------------------------------------


def test_join_link_uses_site_url_and_ignores_the_host_header(
    auth_client, journey, workshop, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://workshop.example.org"
    for view in ("workshop/", "present/"):
        page = auth_client.get(f"/journeys/{journey.pk}/{view}", HTTP_HOST="evil.example")
        html = page.content.decode()
        assert f"https://workshop.example.org/w/{workshop.code}/" in html
        assert "evil.example" not in html


def test_without_site_url_the_join_link_follows_the_address_opened(
    auth_client, journey, workshop, settings
):
    settings.SITE_URL = ""
    html = auth_client.get(f"/journeys/{journey.pk}/workshop/").content.decode()
    assert f"http://testserver/w/{workshop.code}/" in html
