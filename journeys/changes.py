"""The change log: one row per change to a map, by any path, and the live notice of it.

Every write calls `record_change` through its service (journeys/services.py and the other
apps' services modules), with the rows it touched before and after (journeys/snapshots.py),
so the history can show and reverse it.

Every change is announced to the live views (journeys/live.py) once its transaction commits:
- PostgreSQL: `pg_notify` on CHANNEL. PostgreSQL delivers a notification only when the
  transaction that sent it commits, and in commit order, so every app process listening
  hears every committed change and none that rolled back.
- SQLite (one process): the callables in LOCAL_LISTENERS are called after the commit.

Ordering: record_change first touches the journey row (its updated_at), which locks it until
the transaction ends, and only then takes a change id. So the changes of one map get their ids
in commit order, and a client that has seen id N has seen every earlier change of that map:
replay by id (Last-Event-ID) is exact.
"""

import json

from django.db import connection, transaction
from django.utils import timezone

from .models import Change, Journey
from .snapshots import place_of

CHANNEL = "journey_changes"

# In-process fallback (SQLite): callables taking the event dict, called after commit.
LOCAL_LISTENERS = []


def event_of(change):
    """The live event of a change: what the SSE stream sends and the NOTIFY payload carries."""
    return {
        "id": change.pk,
        "journey": change.journey_id,
        "action": change.action,
        "target": change.target,
    }


def record_change(journey_id, action, target="", actor="", before=None, after=None, **extra):
    """Append a change to the map's log, bump the map's updated_at, and announce it.
    `before` and `after` are the states of the rows it touched (journeys/snapshots.py)."""
    with transaction.atomic():
        # The UPDATE locks the journey row until commit: ids of one map follow commit order.
        Journey.objects.filter(pk=journey_id).update(updated_at=timezone.now())
        stage_id, lane_id = place_of({**(before or {}), **(after or {})})
        change = Change.objects.create(
            journey_id=journey_id,
            action=action,
            target=target[:60],
            actor=actor[:150],
            before=before,
            after=after,
            stage_id=stage_id,
            lane_id=lane_id,
            **extra,
        )
        event = event_of(change)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, json.dumps(event)])
        else:
            transaction.on_commit(lambda: _tell_local_listeners(event))
    return change


def last_change_id(journey_id):
    """The id of the map's newest change (0 for none). A page reads it before the map's data
    and starts its event stream there: no change slips between the two, none is sent twice."""
    last = Change.objects.filter(journey_id=journey_id).order_by("-pk").values("pk").first()
    return last["pk"] if last else 0


def _tell_local_listeners(event):
    for listener in list(LOCAL_LISTENERS):
        listener(event)
