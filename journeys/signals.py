"""Log every save and delete of a map's parts to the change log, whatever path made it.

Editor, workshop, admin and shell saves all go through Model.save()/delete(), so the live views
hear about them. Bulk operations (bulk_create, update(), raw SQL) skip these signals and call
`record_change` themselves. `connect()` is called from JourneysConfig.ready().
"""

import threading

from django.db.models.signals import post_delete, post_save, pre_delete

from touchpoints.models import Metric, Touchpoint, TouchpointLink

from .changes import record_change
from .models import Card, Goal, Journey, JourneyPersona, Lane, Stage

LOGGED_MODELS = [
    Journey,
    Stage,
    Lane,
    Card,
    Goal,
    Touchpoint,
    Metric,
    TouchpointLink,
    JourneyPersona,
]

# Maps being deleted in this thread: their parts' deletes are not logged (the log goes too).
_going = threading.local()


def maps_going():
    if not hasattr(_going, "ids"):
        _going.ids = set()
    return _going.ids


def journey_id_of(instance):
    """The map a row belongs to (metrics and links reach it through their touchpoint)."""
    if isinstance(instance, Journey):
        return instance.pk
    if isinstance(instance, Metric | TouchpointLink):
        touchpoint_id = (
            instance.touchpoint_id if isinstance(instance, Metric) else instance.source_id
        )
        return (
            Touchpoint.objects.filter(pk=touchpoint_id).values_list("journey_id", flat=True).first()
        )
    return instance.journey_id


def _label(instance):
    return type(instance).__name__.lower()


def log_save(sender, instance, created, raw=False, **kwargs):
    if raw:  # loaddata
        return
    journey_id = journey_id_of(instance)
    if journey_id is not None:
        action = f"{_label(instance)}.{'created' if created else 'saved'}"
        record_change(journey_id, action, f"{_label(instance)}:{instance.pk}")


def log_delete(sender, instance, **kwargs):
    journey_id = journey_id_of(instance)
    if journey_id is None or journey_id in maps_going():
        return
    record_change(journey_id, f"{_label(instance)}.deleted", f"{_label(instance)}:{instance.pk}")


def mark_map_going(sender, instance, **kwargs):
    maps_going().add(instance.pk)


def unmark_map_going(sender, instance, **kwargs):
    maps_going().discard(instance.pk)


def connect():
    # Connected per model, so that models without receivers (the log itself) keep fast deletes.
    for model in LOGGED_MODELS:
        post_save.connect(log_save, sender=model, dispatch_uid=f"log_save_{model.__name__}")
        if model is not Journey:
            post_delete.connect(
                log_delete, sender=model, dispatch_uid=f"log_delete_{model.__name__}"
            )
    pre_delete.connect(mark_map_going, sender=Journey, dispatch_uid="mark_map_going")
    post_delete.connect(unmark_map_going, sender=Journey, dispatch_uid="unmark_map_going")
