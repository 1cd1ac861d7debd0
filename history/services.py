"""What the history does to a map: save a named version, restore one, undo and redo a person's
own changes, duplicate a map as its future state.

Each write locks the map (journeys/concurrency.py) and records one change in its log, with the
rows before and after (journeys/snapshots.py), so that a restore, an undo or a redo is itself
a change that can be undone: nothing is ever lost.

Undo takes the person's newest change that is not undone yet (an edit, or a redo); redo takes
their newest undo that is not redone yet, as long as they have made no new edit since. Either
is refused, writing nothing, when the rows are no longer as the change left them: someone
else has changed the same item since.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from journeys import snapshots
from journeys.changes import last_change_id, record_change
from journeys.concurrency import lock_maps, retry_on_conflict
from journeys.interchange import details_of, dumps, duplicate_journey, export_document, write_parts
from journeys.models import Change, Goal, Journey, JourneyPersona, Lane, Stage
from personas.models import Persona

from .models import Version

Step = Change.Step


class Refused(Exception):
    """Undo or redo could not be done; nothing was written. str() says why, for people."""


def save_version(journey, name, note="", author=None):
    """A named version: the map's interchange document now."""
    return Version.objects.create(
        journey=journey,
        name=name,
        note=note,
        author=author,
        change_id=last_change_id(journey.pk),
        document=dumps(export_document(journey)),
    )


def save_workshop_version(workshop, actor):
    """The version a workshop leaves behind when it ends."""
    author = get_user_model().objects.filter(username=actor).first() if actor else None
    name = _("After the workshop of %(date)s") % {"date": workshop.started_at.date().isoformat()}
    return save_version(workshop.journey, name, author=author)


@retry_on_conflict
@transaction.atomic
def restore(version, actor):
    """Replace the map's content with the version's document, as one change."""
    journey = version.journey
    lock_maps(journey.pk)
    before = snapshots.snapshot(snapshots.whole_map(journey.pk))
    reuse = list(Persona.objects.filter(journey_links__journey=journey))
    for model in (Stage, Lane, Goal, JourneyPersona):  # (cards, touchpoints go with stages)
        model.objects.filter(journey=journey).delete()
    doc = version.doc()
    Journey.objects.filter(pk=journey.pk).update(**details_of(doc), version=F("version") + 1)
    write_parts(journey, doc, journey.owner, reuse)
    after = snapshots.snapshot(snapshots.whole_map(journey.pk))
    before, after = snapshots.changed(before, after)
    target = f"version:{version.pk}"
    return record_change(journey.pk, "history.restored", target, actor, before, after)


def _own(journey, actor):
    return Change.objects.filter(journey=journey, actor=actor, before__isnull=False)


def undoable(journey, actor):
    """The change undo would reverse, or None."""
    steps = _own(journey, actor).filter(step__in=[Step.EDIT, Step.REDO], undone=False)
    return steps.order_by("-pk").first()


def redoable(journey, actor):
    """The undo redo would reverse, or None (none, or a new edit since)."""
    own = _own(journey, actor)
    last_edit = own.filter(step=Step.EDIT).aggregate(last=Max("pk"))["last"] or 0
    undos = own.filter(step=Step.UNDO, undone=False, pk__gt=last_edit)
    return undos.order_by("-pk").first()


@retry_on_conflict
@transaction.atomic
def undo(journey, actor):
    lock_maps(journey.pk)
    change = undoable(journey, actor)
    if change is None:
        raise Refused(_("There is nothing of yours to undo."))
    return _reverse(change, actor, Step.UNDO)


@retry_on_conflict
@transaction.atomic
def redo(journey, actor):
    lock_maps(journey.pk)
    change = redoable(journey, actor)
    if change is None:
        raise Refused(_("There is nothing of yours to redo."))
    return _reverse(change, actor, Step.REDO)


def _reverse(change, actor, step):
    """Put back the rows as they were before `change`, as a new change of step `step`."""
    if snapshots.differences(change.after):
        raise Refused(_changed_since(change, actor, step))
    try:
        with transaction.atomic():
            snapshots.apply(change.before)
    except IntegrityError:  # the place it goes back to is taken by a newer change
        raise Refused(_changed_since(change, actor, step)) from None
    change.undone = True
    change.save(update_fields=["undone"])
    verb = "undone" if step == Step.UNDO else "redone"
    return record_change(
        change.journey_id,
        f"history.{verb}",
        f"change:{change.pk}",
        actor,
        before=change.after,
        after=change.before,
        step=step,
        reverts=change,
    )


def _changed_since(change, actor, step):
    later = (
        Change.objects.filter(journey_id=change.journey_id, pk__gt=change.pk)
        .exclude(actor=actor)
        .order_by("-pk")
        .first()
    )
    name = later.actor if later and later.actor else _("Someone else")
    if step == Step.UNDO:
        text = _("%(name)s has changed the same item since, so your change was not undone.")
    else:
        text = _("%(name)s has changed the same item since, so your change was not redone.")
    return text % {"name": name}


def duplicate_as_future_state(journey, owner):
    """A to-be map made from an as-is map, and linked to it."""
    title = _("%(title)s (future state)") % {"title": journey.title}
    return duplicate_journey(
        journey, owner, title=title[:200], kind=Journey.Kind.FUTURE_STATE, as_is=journey
    )
