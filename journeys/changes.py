"""The change log: one row per change to a map, by any path.

Model saves and deletes are logged by signals; bulk operations (import, reorder) that skip
signals call `record_change` themselves.
"""

from .models import Change


def record_change(journey_id, action, target="", actor=""):
    """Append a change to the map's log and return it."""
    return Change.objects.create(journey_id=journey_id, action=action, target=target, actor=actor)
