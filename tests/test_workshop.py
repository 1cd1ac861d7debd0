"""Workshops: the facilitator's panel (map owner only) and participants on /w/<code>/."""

import pytest
from django.test import Client
from django.urls import reverse

from journeys.models import Card, Change, Lane
from journeys.sample_maps import build_map
from workshops.limits import NOTES_PER_MINUTE
from workshops.models import CODE_ALPHABET, Note, Participant, Vote, Workshop
from workshops.services import start_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=5, lanes=6, items=20, personas=1, title="여정 지도")


@pytest.fixture
def workshop(journey):
    return start_workshop(journey, votes_per_participant=2, moderated=True)


def joined(workshop, name="민지"):
    """A participant's own browser: a fresh client that has joined the workshop."""
    phone = Client()
    response = phone.post(f"/w/{workshop.code}/", {"display_name": name})
    assert response.status_code == 302
    return phone


def note_data(journey, text="결제 단계가 너무 길어요", kind="pain_point", **extra):
    return {"stage": journey.stages.first().pk, "kind": kind, "text": text, **extra}


# --- facilitator ---------------------------------------------------------------------------


def test_owner_starts_a_workshop_with_a_short_unambiguous_code(auth_client, journey):
    response = auth_client.post(
        f"/journeys/{journey.pk}/workshop/start/", {"votes_per_participant": 5, "moderated": "0"}
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(journey=journey)
    assert len(workshop.code) == 6 and all(c in CODE_ALPHABET for c in workshop.code)
    assert not set("01OIL") & set(workshop.code)
    assert workshop.votes_per_participant == 5 and workshop.moderated is False
    page = auth_client.get(f"/journeys/{journey.pk}/workshop/")
    assert workshop.code in page.content.decode()
    assert b"<svg" in page.content  # the QR code of the join URL
    # Starting again keeps the open workshop.
    auth_client.post(f"/journeys/{journey.pk}/workshop/start/", {"votes_per_participant": 3})
    assert Workshop.objects.filter(journey=journey).count() == 1


def test_bad_settings_are_refused_with_a_message(auth_client, journey):
    response = auth_client.post(
        f"/journeys/{journey.pk}/workshop/start/", {"votes_per_participant": "-4", "moderated": "1"}
    )
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert not Workshop.objects.exists()


def test_nobody_else_sees_or_runs_the_workshop(client, other_user, journey, workshop):
    client.force_login(other_user)
    note = Note.objects.create(
        workshop=workshop,
        participant=Participant.objects.create(
            workshop=workshop, display_name="x", session_key="k"
        ),
        stage=journey.stages.first(),
        lane=journey.lanes.first(),
        text="secret",
    )
    base = f"/journeys/{journey.pk}/workshop/"
    assert client.get(base).status_code == 404
    assert client.get(base + "queue/").status_code == 404
    assert client.post(base + "start/").status_code == 404
    assert client.post(base + "end/").status_code == 404
    assert client.post(base + f"notes/{note.pk}/accept/").status_code == 404
    assert client.post(base + f"notes/{note.pk}/delete/").status_code == 404
    assert client.get(f"/journeys/{journey.pk}/present/").status_code == 404
    assert client.get(f"/journeys/{journey.pk}/events/").status_code == 404
    workshop.refresh_from_db()
    note.refresh_from_db()
    assert workshop.is_open and note.status == Note.Status.PENDING


def test_moderated_note_waits_then_accepting_puts_a_card_at_the_end_of_its_cell(
    auth_client, journey, workshop
):
    phone = joined(workshop)
    stage = journey.stages.all()[2]
    pain_lane = journey.lanes.get(kind=Lane.Kind.PAIN_POINTS)
    Card.objects.create(journey=journey, stage=stage, lane=pain_lane, position=7, text="old")
    response = phone.post(
        f"/w/{workshop.code}/notes/", note_data(journey, stage=stage.pk, text="계산대 줄이 길다")
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.status == Note.Status.PENDING and note.lane == pain_lane  # lane from the kind
    assert not Card.objects.filter(text="계산대 줄이 길다").exists()

    queue = auth_client.get(f"/journeys/{journey.pk}/workshop/queue/")
    assert "계산대 줄이 길다" in queue.content.decode() and "민지" in queue.content.decode()

    auth_client.post(f"/journeys/{journey.pk}/workshop/notes/{note.pk}/accept/")
    card = Card.objects.get(text="계산대 줄이 길다")
    assert (card.stage, card.lane, card.position) == (stage, pain_lane, 8)
    note.refresh_from_db()
    assert note.status == Note.Status.ACCEPTED and note.card == card
    assert "On the map" in phone.get(f"/w/{workshop.code}/").content.decode()


def test_unmoderated_note_goes_on_the_map_at_once(journey):
    workshop = start_workshop(journey, moderated=False)
    phone = joined(workshop)
    phone.post(
        f"/w/{workshop.code}/notes/", note_data(journey, text="바로 보이는 메모", kind="idea")
    )
    card = Card.objects.get(text="바로 보이는 메모")
    assert card.lane.kind == Lane.Kind.OPPORTUNITIES
    assert Change.objects.filter(journey=journey, action="card.created").exists()


def test_facilitator_edits_moves_merges_and_deletes_notes(auth_client, journey, workshop):
    phone = joined(workshop)
    for text in ("one", "two", "three"):
        phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text=text))
    one, two, three = Note.objects.order_by("pk")
    base = f"/journeys/{journey.pk}/workshop/notes/"
    last_stage, first_lane = journey.stages.last(), journey.lanes.first()
    prefix = f"note{one.pk}-"
    auth_client.post(
        f"{base}{one.pk}/edit/",
        {
            prefix + "text": "one, clearer",
            prefix + "stage": last_stage.pk,
            prefix + "lane": first_lane.pk,
            prefix + "kind": "question",
        },
    )
    one.refresh_from_db()
    assert (one.text, one.stage, one.lane, one.kind) == (
        "one, clearer",
        last_stage,
        first_lane,
        "question",
    )

    auth_client.post(f"{base}{two.pk}/merge/", {"into": one.pk})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.text == "one, clearer / two" and two.status == Note.Status.MERGED

    auth_client.post(f"{base}{three.pk}/delete/")
    three.refresh_from_db()
    assert three.status == Note.Status.DELETED
    assert not Card.objects.filter(text__in=["two", "three"]).exists()

    # A note that is no longer pending cannot be accepted.
    assert auth_client.post(f"{base}{three.pk}/accept/").status_code == 404


def test_an_empty_edit_is_refused_and_changes_nothing(auth_client, journey, workshop):
    phone = joined(workshop)
    phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text="keep me"))
    note = Note.objects.get()
    prefix = f"note{note.pk}-"
    response = auth_client.post(
        f"/journeys/{journey.pk}/workshop/notes/{note.pk}/edit/",
        {
            prefix + "text": "   ",
            prefix + "stage": note.stage_id,
            prefix + "lane": note.lane_id,
            prefix + "kind": "idea",
        },
    )
    assert response.status_code == 400
    assert "A note needs text." in response.content.decode()
    note.refresh_from_db()
    assert note.text == "keep me"


def test_ending_closes_the_join_link_with_a_clear_message(auth_client, journey, workshop):
    phone = joined(workshop)
    auth_client.post(f"/journeys/{journey.pk}/workshop/end/")
    workshop.refresh_from_db()
    assert not workshop.is_open

    page = phone.get(f"/w/{workshop.code}/")
    assert page.status_code == 410
    assert "This workshop has ended" in page.content.decode()
    response = phone.post(f"/w/{workshop.code}/notes/", note_data(journey))
    assert response.status_code == 410
    card = journey.cards.first()
    assert phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/").status_code == 410
    assert not Note.objects.exists() and not Vote.objects.exists()
    # A newcomer gets the same message, not a join form.
    fresh = Client().get(f"/w/{workshop.code}/")
    assert fresh.status_code == 410 and "Your name" not in fresh.content.decode()


# --- participants ----------------------------------------------------------------------------


def test_join_asks_for_a_name_and_remembers_it(journey, workshop):
    phone = Client()
    page = phone.get(f"/w/{workshop.code.lower()}/")
    assert page.status_code == 200 and "Your name" in page.content.decode()
    bad = phone.post(f"/w/{workshop.code}/", {"display_name": "   "})
    assert bad.status_code == 400 and not Participant.objects.exists()
    phone.post(f"/w/{workshop.code}/", {"display_name": "  김  민지 "})
    participant = Participant.objects.get()
    assert participant.display_name == "김 민지"
    page = phone.get(f"/w/{workshop.code}/")
    assert "Add a note" in page.content.decode() and "김 민지" in page.content.decode()


def test_codes_can_be_typed_in(journey, workshop):
    response = Client().post("/w/", {"code": f" {workshop.code.lower()[:3]}-{workshop.code[3:]} "})
    assert response.status_code == 302 and response.url == f"/w/{workshop.code}/"
    bad = Client().post("/w/", {"code": "O0O0"})
    assert bad.status_code == 200 and "6 letters and digits" in bad.content.decode()
    assert Client().get("/w/ZZZZZZ/").status_code == 404


def test_participant_without_joining_is_sent_to_the_join_form(journey, workshop):
    response = Client().post(f"/w/{workshop.code}/notes/", note_data(journey))
    assert response.status_code == 302 and response.url == f"/w/{workshop.code}/"
    assert not Note.objects.exists()


def test_rate_limit_on_notes_says_so_and_keeps_the_text(journey, workshop):
    phone = joined(workshop)
    for i in range(NOTES_PER_MINUTE):
        assert (
            phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text=f"n{i}")).status_code
            == 302
        )
    response = phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text="one too many"))
    assert response.status_code == 429
    body = response.content.decode()
    assert f"at most {NOTES_PER_MINUTE} notes a minute" in body and "one too many" in body
    assert Note.objects.count() == NOTES_PER_MINUTE


def test_text_limits(journey, workshop):
    phone = joined(workshop)
    response = phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text="x" * 281))
    assert response.status_code == 400
    assert "at most 280 characters" in response.content.decode()
    empty = phone.post(f"/w/{workshop.code}/notes/", note_data(journey, text="   "))
    assert empty.status_code == 400
    assert not Note.objects.exists()


def test_participants_cannot_reach_other_maps_or_other_peoples_notes(user, journey, workshop):
    other_map = build_map(user, stages=2, lanes=2, items=4, title="Other")
    phone = joined(workshop, "a")
    neighbour = joined(workshop, "b")
    # A stage of another map is not a choice.
    response = phone.post(
        f"/w/{workshop.code}/notes/", note_data(journey, stage=other_map.stages.first().pk)
    )
    assert response.status_code == 400 and not Note.objects.exists()
    # Someone else's note cannot be withdrawn.
    neighbour.post(f"/w/{workshop.code}/notes/", note_data(journey, text="mine, not yours"))
    theirs = Note.objects.get()
    assert phone.post(f"/w/{workshop.code}/notes/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Note.Status.PENDING
    # The owner can, of course, withdraw it.
    neighbour.post(f"/w/{workshop.code}/notes/{theirs.pk}/delete/")
    theirs.refresh_from_db()
    assert theirs.status == Note.Status.DELETED
    # No votes on another map's cards; no facilitator pages.
    foreign = other_map.cards.first()
    assert phone.post(f"/w/{workshop.code}/cards/{foreign.pk}/vote/").status_code == 404
    assert phone.get(f"/journeys/{journey.pk}/workshop/").status_code == 302  # to log in
    assert phone.get(f"/journeys/{journey.pk}/present/").status_code == 302
    assert phone.get(f"/journeys/{journey.pk}/events/").status_code == 404


def test_votes_count_on_cards_within_the_limit(auth_client, journey, workshop):
    phone = joined(workshop)
    card, other = journey.cards.order_by("pk")[:2]
    start = card.votes
    url = f"/w/{workshop.code}/cards/{card.pk}/vote/"
    assert phone.post(url).status_code == 302
    assert phone.post(url).status_code == 302
    card.refresh_from_db()
    assert card.votes == start + 2 and Vote.objects.count() == 2
    over = phone.post(f"/w/{workshop.code}/cards/{other.pk}/vote/")
    assert over.status_code == 409
    assert "You have used all 2 votes" in over.content.decode()
    other.refresh_from_db()
    assert Vote.objects.count() == 2

    phone.post(url, {"undo": "1"})
    card.refresh_from_db()
    assert card.votes == start + 1 and Vote.objects.count() == 1
    assert Change.objects.filter(journey=journey, action="card.saved").exists()

    top = auth_client.get(f"/journeys/{journey.pk}/workshop/queue/").content.decode()
    assert "Top voted" in top and card.text in top


def test_voting_off(journey):
    workshop = start_workshop(journey, votes_per_participant=0)
    phone = joined(workshop)
    card = journey.cards.first()
    response = phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    assert response.status_code == 409 and "Voting is off" in response.content.decode()


def test_participant_page_queries_stay_flat(journey, workshop, django_assert_max_num_queries):
    phone = joined(workshop)
    with django_assert_max_num_queries(14):
        assert phone.get(f"/w/{workshop.code}/").status_code == 200


def test_join_url_is_the_participant_page(auth_client, journey, workshop):
    page = auth_client.get(reverse("journeys:present", args=[journey.pk])).content.decode()
    assert f"http://testserver/w/{workshop.code}/" in page
    assert workshop.code in page and "<svg" in page


def test_a_map_without_lanes_says_so(journey, workshop):
    phone = joined(workshop)
    journey.lanes.all().delete()
    response = phone.post(f"/w/{workshop.code}/notes/", note_data(journey))
    assert response.status_code == 400
    assert "This map has no lanes yet" in response.content.decode()
    assert not Note.objects.exists()


def test_taking_back_a_vote_never_goes_below_zero(journey, workshop):
    phone = joined(workshop)
    card = journey.cards.first()
    phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/")
    Card.objects.filter(pk=card.pk).update(votes=0)  # someone reset the count in the editor
    assert phone.post(f"/w/{workshop.code}/cards/{card.pk}/vote/", {"undo": "1"}).status_code == 302
    card.refresh_from_db()
    assert card.votes == 0 and not Vote.objects.exists()


@pytest.mark.parametrize("code", ["AB%00CD", "ab cd", "%F0%9F%8E%B8", "x" * 300])
def test_a_join_code_that_cannot_be_one_is_404(client, workshop, code):
    assert client.get(f"/w/{code}/").status_code == 404
    assert client.post(f"/w/{code}/notes/", {"text": "x"}).status_code == 404
