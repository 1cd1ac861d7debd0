"""Writing touchpoints with their metrics and `next` links, recorded in the map's change log.

A touchpoint, its metrics and its links are saved in one transaction and logged as one change
of the touchpoint (plus `touchpoint.linked` when its links changed), not one per row. The
journeys services they start with lock the map first (journeys/concurrency.py).
"""

from django.db import transaction

from journeys import services, snapshots
from journeys.changes import record_change
from journeys.concurrency import lock_maps, retry_on_conflict

from .models import Metric, Touchpoint, TouchpointLink, sorted_history


@retry_on_conflict
@transaction.atomic
def add_touchpoint(tp, metrics, targets, actor):
    """Create `tp` at the end of its stage with `metrics` (unsaved, in order) and links."""
    change = services.add_last(tp, Touchpoint.objects.filter(stage=tp.stage), actor)
    _save_related(tp, metrics, [], targets, actor)
    return services.amend_after(change, tp)


@retry_on_conflict
@transaction.atomic
def update_touchpoint(tp, version, fields, metrics, removed, targets, actor):
    """Save `tp` if still at `version` (else services.Stale, nothing written); `metrics` are the
    metric rows to write (changed or moved), `removed` the ones to delete."""
    change = services.update(tp, version, fields, actor)
    _save_related(tp, metrics, removed, targets, actor)
    return services.amend_after(change, tp)


def _save_related(tp, metrics, removed, targets, actor):
    for metric in removed:
        metric.delete()
    for metric in metrics:
        metric.touchpoint = tp
        metric.save()
    current = list(TouchpointLink.objects.filter(source=tp).values_list("target_id", flat=True))
    if targets != current:
        TouchpointLink.objects.filter(source=tp).delete()
        TouchpointLink.objects.bulk_create(
            TouchpointLink(source=tp, target_id=target, position=i)
            for i, target in enumerate(targets)
        )
        if targets:
            record_change(tp.journey_id, "touchpoint.linked", f"touchpoint:{tp.pk}", actor)


MAX_READINGS = 1000  # a metric's history, as the interchange format bounds it


class TooManyReadings(Exception):
    """The history would pass MAX_READINGS; nothing was written."""


@retry_on_conflict
@transaction.atomic
def record_readings(metric, readings, actor):
    """Add dated readings ([(date text, value)]) to a metric's history; a reading for a date
    already there replaces it. The history is re-read under the map's lock, so two people
    recording at once both keep their readings."""
    journey_id = Touchpoint.objects.get(pk=metric.touchpoint_id).journey_id
    lock_maps(journey_id)
    stored = Metric.objects.get(pk=metric.pk)
    history = sorted_history([*stored.history, *({"date": d, "value": v} for d, v in readings)])
    if len(history) > MAX_READINGS:
        raise TooManyReadings
    metric.history = history
    return _measured(journey_id, stored, history, actor)


@retry_on_conflict
@transaction.atomic
def remove_reading(metric, day, actor):
    """Remove the reading of `day` from a metric's history (none there: nothing changes)."""
    journey_id = Touchpoint.objects.get(pk=metric.touchpoint_id).journey_id
    lock_maps(journey_id)
    stored = Metric.objects.get(pk=metric.pk)
    return _measured(journey_id, stored, [r for r in stored.history if r["date"] != day], actor)


def _measured(journey_id, metric, history, actor):
    """Save a metric's new history and log it, with the metric before and after."""
    rows = {Metric: [metric.pk]}
    before = snapshots.snapshot(rows)
    metric.history = history
    metric.save(update_fields=["history"])
    target = f"touchpoint:{metric.touchpoint_id}"
    after = snapshots.snapshot(rows)
    return record_change(journey_id, "metric.measured", target, actor, before, after)
