"""Workshop activity goes to the map's change log, so the facilitator's queue and the projector
update live (card changes from accepting notes and votes are logged by journeys/signals.py)."""

from django.db.models.signals import post_delete, post_save

from journeys.changes import record_change

from .models import Note, Participant, Workshop


def _journey_id(instance):
    if isinstance(instance, Workshop):
        return instance.journey_id
    workshops = Workshop.objects.filter(pk=instance.workshop_id)
    return workshops.values_list("journey_id", flat=True).first()


def log_save(sender, instance, created, raw=False, **kwargs):
    journey_id = None if raw else _journey_id(instance)
    if journey_id is not None:
        label = type(instance).__name__.lower()
        record_change(
            journey_id, f"{label}.{'created' if created else 'saved'}", f"{label}:{instance.pk}"
        )


def log_delete(sender, instance, **kwargs):
    from journeys.signals import maps_going

    journey_id = _journey_id(instance)
    if journey_id is not None and journey_id not in maps_going():
        label = type(instance).__name__.lower()
        record_change(journey_id, f"{label}.deleted", f"{label}:{instance.pk}")


def connect():
    for model in (Workshop, Participant, Note):
        post_save.connect(log_save, sender=model, dispatch_uid=f"ws_log_save_{model.__name__}")
        post_delete.connect(
            log_delete, sender=model, dispatch_uid=f"ws_log_delete_{model.__name__}"
        )
