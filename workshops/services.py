"""What a workshop does, apart from HTTP: start, end, join, add and moderate notes, vote.

Every function here records what it changed in the map's log (journeys.services.record), in
the same transaction, so the facilitator's queue and the projector update live. `actor` is
the facilitator's username or the participant's display name. Each write locks the map
first and is retried after a conflict (journeys/concurrency.py): twenty phones voting on one
card take turns rather than fail.

What participants add (joins, notes, votes) is checked against workshops/limits.py with the
map's row locked, so concurrent posts from many sessions cannot slip past a limit together.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from history.services import save_workshop_version
from journeys import services as map_services
from journeys.concurrency import lock_maps, retry_on_conflict
from journeys.models import Card, Lane
from journeys.services import record

from . import limits
from .limits import LimitReached, Removed
from .models import Note, Participant, Vote, Workshop, new_code

__all__ = ["LimitReached", "Removed"]  # what views catch, beside NoVotesLeft

# The lane a note goes to when the participant leaves the lane to us.
LANE_FOR_KIND = {
    Note.Kind.PAIN_POINT: Lane.Kind.PAIN_POINTS,
    Note.Kind.IDEA: Lane.Kind.OPPORTUNITIES,
    Note.Kind.QUESTION: Lane.Kind.THOUGHTS,
    Note.Kind.ACTION: Lane.Kind.ACTIONS,
}


class NoVotesLeft(Exception):
    pass


def open_workshop(journey):
    return Workshop.objects.filter(journey=journey, ended_at__isnull=True).first()


def start_workshop(journey, votes_per_participant=3, moderated=True, actor=""):
    """Open a workshop on the map (the open one, if there is one already)."""
    current = open_workshop(journey)
    if current:
        return current
    for _ in range(20):  # a fresh code; collisions are rare (31^6 codes)
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    journey=journey,
                    code=new_code(),
                    votes_per_participant=votes_per_participant,
                    moderated=moderated,
                )
                record(workshop, "created", actor)
                return workshop
        except IntegrityError:
            current = open_workshop(journey)
            if current:  # someone else started it at the same moment
                return current
    raise RuntimeError("could not find a free join code")


def _journey_id(workshop_part):
    return workshop_part.workshop.journey_id


@retry_on_conflict
@transaction.atomic
def save_workshop(workshop, fields, actor):
    lock_maps(workshop.journey_id)
    workshop.save(update_fields=fields)
    record(workshop, "saved", actor)


@retry_on_conflict
@transaction.atomic
def end_workshop(workshop, actor=""):
    """End it, and keep the map as the workshop left it as a named version."""
    if workshop.ended_at is None:
        workshop.ended_at = timezone.now()
        save_workshop(workshop, ["ended_at"], actor)
        save_workshop_version(workshop, actor)


def _lock(workshop):
    """Hold the map's row until the transaction ends (the one lock order of
    journeys/concurrency.py): the workshop's limits are counted under it."""
    lock_maps(workshop.journey_id)


@retry_on_conflict
@transaction.atomic
def join(workshop, session_key, display_name, address=""):
    """The participant of this browser session, made on their first visit (within the limits
    of their address and of the workshop; Removed when the facilitator removed their address)."""
    participant = Participant.objects.filter(workshop=workshop, session_key=session_key).first()
    if participant:
        return participant
    _lock(workshop)
    limits.check_join(workshop, address)
    participant, created = Participant.objects.get_or_create(
        workshop=workshop,
        session_key=session_key,
        defaults={"display_name": display_name, "address": address},
    )
    if created:
        record(participant, "created", display_name, journey_id=workshop.journey_id)
    return participant


def lane_for(journey, kind):
    lanes = list(journey.lanes.all())
    wanted = LANE_FOR_KIND.get(kind)
    for lane in lanes:
        if lane.kind == wanted:
            return lane
    text_lanes = [lane for lane in lanes if lane.kind == Lane.Kind.TEXT]
    return (text_lanes or lanes or [None])[0]


@retry_on_conflict
def add_note(participant, stage, lane, kind, text, address=""):
    """A participant's note: pending, or straight onto the map when the workshop is unmoderated.
    LimitReached (nothing written) when the participant, their address or the room is over."""
    workshop = participant.workshop
    with transaction.atomic():
        _lock(workshop)
        limits.check_note(workshop, participant, address)
        note = Note.objects.create(
            workshop=workshop,
            participant=participant,
            stage=stage,
            lane=lane,
            kind=kind,
            text=text,
            address=address,
        )
        record(note, "created", participant.display_name, journey_id=workshop.journey_id)
        if not workshop.moderated:
            accept_note(note, participant.display_name)
    return note


@retry_on_conflict
@transaction.atomic
def save_note(note, fields, actor):
    lock_maps(_journey_id(note))
    note.save(update_fields=fields)
    record(note, "saved", actor, journey_id=_journey_id(note))


@retry_on_conflict
@transaction.atomic
def accept_note(note, actor=""):
    """Put a pending note on the map as a card at the end of its cell."""
    card = Card(journey_id=_journey_id(note), stage=note.stage, lane=note.lane, text=note.text)
    map_services.add_last(card, Card.objects.filter(stage=note.stage, lane=note.lane), actor)
    note.status = Note.Status.ACCEPTED
    note.card = card
    save_note(note, ["status", "card"], actor)
    return card


@retry_on_conflict
@transaction.atomic
def merge_note(note, into, actor=""):
    """Fold a pending note into another pending note of the same workshop."""
    lock_maps(_journey_id(note))
    into.text = f"{into.text} / {note.text}"[: Note._meta.get_field("text").max_length]
    save_note(into, ["text"], actor)
    note.status = Note.Status.MERGED
    save_note(note, ["status"], actor)


@retry_on_conflict
def discard_note(note, actor=""):
    note.status = Note.Status.DELETED
    save_note(note, ["status"], actor)


def votes_left(participant):
    return max(0, participant.workshop.votes_per_participant - participant.votes.count())


@retry_on_conflict
def cast_vote(participant, card, address=""):
    """One dot on a card, within the participant's allowance (NoVotesLeft) and their
    address's (LimitReached)."""
    workshop = participant.workshop
    with transaction.atomic():
        _lock(workshop)
        if participant.votes.count() >= workshop.votes_per_participant:
            raise NoVotesLeft
        limits.check_vote(workshop, address)
        Vote.objects.create(participant=participant, card=card, address=address)
        _count_votes(card, +1, participant.display_name)


@retry_on_conflict
def take_back_vote(participant, card):
    with transaction.atomic():
        lock_maps(participant.workshop.journey_id)
        vote = Vote.objects.filter(participant=participant, card=card).last()
        if vote is None:
            return False
        vote.delete()
        _count_votes(card, -1, participant.display_name)
    return True


@retry_on_conflict
@transaction.atomic
def remove_participant(participant, actor=""):
    """Take a participant out of the workshop: their votes come off the cards, the cards made
    from their notes leave the map, their notes are deleted, and their session and address can
    no longer join or post in this workshop (the row stays, marked removed, as the block)."""
    workshop = participant.workshop
    _lock(workshop)
    dots = dict(participant.votes.values_list("card").annotate(n=Count("id")))
    participant.votes.all().delete()
    for card in Card.objects.filter(pk__in=dots):
        _count_votes(card, -dots[card.pk], actor)
    card_ids = participant.notes.filter(card__isnull=False).values_list("card", flat=True)
    for card in Card.objects.filter(pk__in=list(card_ids)):
        map_services.delete(card, actor)
    participant.notes.all().delete()
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at"])
    record(participant, "removed", actor, journey_id=workshop.journey_id)


def participants_with_counts(workshop):
    """The workshop's participants, each with `note_count` (notes still in play) and
    `vote_count`, for the facilitator's moderation panel."""
    in_play = [Note.Status.PENDING, Note.Status.ACCEPTED]
    return list(
        workshop.participants.annotate(
            note_count=Count("notes", filter=Q(notes__status__in=in_play), distinct=True),
            vote_count=Count("votes", distinct=True),
        ).order_by("removed_at", "joined_at", "id")
    )


def _count_votes(card, delta, actor):
    card.votes = Greatest(F("votes") + delta, 0)  # never below 0, even after an edit by hand
    card.save(update_fields=["votes"])
    card.refresh_from_db(fields=["votes"])
    record(card, "saved", actor)


def top_voted(journey, limit=10):
    return list(
        Card.objects.filter(journey=journey, votes__gt=0)
        .select_related("stage", "lane")
        .order_by("-votes", "stage__position", "lane__position", "position")[:limit]
    )
