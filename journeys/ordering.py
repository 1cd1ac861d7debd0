"""Positions are unique within their container, so reordering goes through free slots first."""

from django.db import transaction
from django.db.models import Max


def renumber(objects):
    """Give `objects` (one container's rows, in their new order) positions 0..n-1.

    Two passes: first to negative slots no row holds, then to the final positions, so the
    unique (container, position) constraints hold after every statement.
    """
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    with transaction.atomic():
        for i, obj in enumerate(objects):
            obj.position = -(i + 1)
        model.objects.bulk_update(objects, ["position"])
        for i, obj in enumerate(objects):
            obj.position = i
        model.objects.bulk_update(objects, ["position"])


def next_position(queryset):
    """The position after the last row of a container."""
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1
