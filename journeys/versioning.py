"""No lost updates: a save made against an old version is refused."""

from django.db import transaction
from django.db.models import F


def save_if_current(obj, expected_version, fields):
    """Save `fields` of `obj` only if the stored row still has `expected_version`.

    Returns False (and writes nothing) when someone saved the row since the form was drawn;
    the caller answers 409 with the current value. The conditional UPDATE claims the row
    atomically on every database; the save() after it fires the usual signals.
    """
    model = type(obj)
    with transaction.atomic():
        claimed = model.objects.filter(pk=obj.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            return False
        obj.version = int(expected_version) + 1
        obj.save(update_fields=[*fields, "version"])
    return True
