"""Many writers at once: a workshop's twenty phones voting on one card, an editor dragging
cards while a colleague adds some. Every write succeeds or is refused cleanly; none half-writes.

Three rules, each kept in one place:

- **One lock order.** A write to a map first locks the map's row (`lock_maps`), then touches
  what it changes. Writers of one map queue on that row instead of colliding on unique
  positions or deadlocking on each other's rows (PostgreSQL). Positions are computed after the
  lock, so two adds to one cell cannot both take the same "next" position. On SQLite the
  settings open every transaction with BEGIN IMMEDIATE (WAL mode, a busy timeout), which
  serialises writers the same way; `select_for_update` is a no-op there.
- **A short retry.** `retry_on_conflict` wraps the outermost transaction of a service and runs
  it again (3 attempts, short random backoff) after a conflict the database reports
  (`is_conflict`): SQLite's "database is locked", PostgreSQL's serialization failures,
  deadlocks and lock timeouts, and a unique-position race. The rollback undid the attempt.
- **Busy, not broken.** When the attempts run out, `Busy` is raised; journeys.middleware
  answers 503 with "busy, try again" (never 500), and nothing of the write was kept.
"""

import functools
import random
import time

from django.db import IntegrityError, OperationalError, connection
from django.db.models import Model

from .models import Journey

ATTEMPTS = 3
BACKOFF_SECONDS = 0.05  # doubled each attempt, times a random factor in [0.5, 1.5)

# PostgreSQL SQLSTATEs of a transaction that lost a race, not of a bad statement.
CONFLICT_STATES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available
}


class Busy(Exception):
    """The database stayed too busy to take a write; nothing of it was kept."""


def lock_maps(*journey_ids):
    """Lock the rows of these maps, in id order, until the transaction ends: the first lock a
    write takes, so all writers of a map take their locks in one order."""
    ids = sorted({pk for pk in journey_ids if pk is not None})
    if ids:
        list(Journey.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def is_conflict(exc):
    """A database error that means "another writer got there first": worth another try."""
    if isinstance(exc, IntegrityError):
        return "position" in str(exc)  # unique (container, position): an insert race
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in CONFLICT_STATES:
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


def retry_on_conflict(func):
    """Run `func` (a service that opens a transaction) again after a conflict; `Busy` after
    ATTEMPTS. Inside an outer transaction it runs once: the outermost caller retries, since a
    rolled-back inner block cannot be retried on its own."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            return func(*args, **kwargs)
        new_rows = [
            (obj, obj.pk)
            for obj in (*args, *kwargs.values())
            if isinstance(obj, Model) and obj._state.adding
        ]
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return func(*args, **kwargs)
            except (OperationalError, IntegrityError) as exc:
                if not is_conflict(exc):
                    raise
                if attempt == ATTEMPTS:
                    raise Busy from exc
                for obj, pk in new_rows:  # the insert was rolled back: insert it again
                    obj.pk, obj._state.adding = pk, True
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    return wrapper
