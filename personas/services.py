"""Personas on maps: saving one reaches every map it is on; attaching and detaching are
changes of the map, recorded in its log. Each write locks the maps it changes first, in id
order (journeys/concurrency.py)."""

from django.db import transaction
from django.db.models import F

from journeys import services, snapshots
from journeys.changes import record_change
from journeys.concurrency import lock_maps, retry_on_conflict
from journeys.models import Card, JourneyPersona
from journeys.versioning import save_if_current
from touchpoints.models import Touchpoint


def _map_ids(persona):
    return list(persona.journey_links.values_list("journey_id", flat=True))


def _record_on_maps(persona, action, actor, journey_ids=None):
    if journey_ids is None:
        journey_ids = persona.journey_links.values_list("journey_id", flat=True)
    for journey_id in journey_ids:
        record_change(journey_id, action, f"persona:{persona.pk}", actor)


@retry_on_conflict
@transaction.atomic
def update_persona(persona, version, fields, actor):
    """Save if still at `version` (else services.Stale); the maps showing it hear of it."""
    lock_maps(*_map_ids(persona))
    if not save_if_current(persona, version, fields):
        raise services.Stale
    _record_on_maps(persona, "persona.saved", actor)


@retry_on_conflict
@transaction.atomic
def delete_persona(persona, actor):
    """Delete a persona; its cards and touchpoints stay on their maps, shared by everyone."""
    journey_ids = _map_ids(persona)
    lock_maps(*journey_ids)
    persona.delete()
    _record_on_maps(persona, "persona.deleted", actor, journey_ids)


@retry_on_conflict
@transaction.atomic
def attach(journey, persona, actor):
    """Put `persona` on the map, last in its persona order; None if it is there already."""
    lock_maps(journey.pk)
    if JourneyPersona.objects.filter(journey=journey, persona=persona).exists():
        return None
    link = JourneyPersona(journey=journey, persona=persona)
    return services.add_last(link, JourneyPersona.objects.filter(journey=journey), actor)


@retry_on_conflict
@transaction.atomic
def detach(journey, persona, actor):
    """Take `persona` off the map: its cards and touchpoints there become shared by everyone.
    The version bump makes forms opened before the detach refuse to save stale data."""
    lock_maps(journey.pk)
    rows = {
        JourneyPersona: JourneyPersona.objects.filter(journey=journey, persona=persona),
        Touchpoint: Touchpoint.objects.filter(journey=journey, persona=persona),
        Card: Card.objects.filter(journey=journey, persona=persona),
    }
    rows = {model: list(q.values_list("pk", flat=True)) for model, q in rows.items()}
    before = snapshots.snapshot(rows)
    deleted, _ = JourneyPersona.objects.filter(journey=journey, persona=persona).delete()
    shared = {"persona": None, "version": F("version") + 1}
    Touchpoint.objects.filter(journey=journey, persona=persona).update(**shared)
    Card.objects.filter(journey=journey, persona=persona).update(**shared)
    if deleted:
        after = snapshots.snapshot(rows)
        target = f"persona:{persona.pk}"
        return record_change(journey.pk, "persona.detached", target, actor, before, after)
    return None
