"""Stages and lanes: one view set for both, parametrised by an `Axis`.

Stages run left to right and lanes top to bottom; otherwise adding, editing, moving,
reordering and deleting them is the same, so the views are written once.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..access import journey_for
from ..forms import LaneForm, StageForm
from ..htmx import swapped_over
from ..models import Lane, Stage
from .responses import actor, fragment, grid_response, invalid_add
from .views import versioned_edit


@dataclass(frozen=True)
class Axis:
    name: str  # "stage" or "lane": URL part, template names, change log label
    model: type
    form_class: type
    back: str  # the move direction towards position 0
    forward: str
    title_field: str
    holds: tuple  # (word, related manager name) of what goes with it on delete
    redraw_on: tuple = ()  # fields whose change redraws the whole grid

    def siblings(self, journey):
        return self.model.objects.filter(journey=journey)

    def get(self, journey, item):
        return get_object_or_404(self.model, pk=item, journey=journey)


STAGES = Axis(
    "stage",
    Stage,
    StageForm,
    "left",
    "right",
    "name",
    holds=(("card", "cards"), ("touchpoint", "touchpoints"), ("goal", "goals")),
)
# A lane's kind decides what its cells offer (touchpoints or cards): a new kind redraws all.
LANES = Axis(
    "lane",
    Lane,
    LaneForm,
    "up",
    "down",
    "title",
    holds=(("card", "cards"), ("touchpoint", "touchpoints")),
    redraw_on=("kind",),
)


# The largest id a database holds (a 64-bit integer); a list naming a larger one is malformed
# (SQLite cannot even compare with one: OverflowError).
MAX_ID = 2**63 - 1


def posted_ids(raw):
    """'3,1,2' -> [3, 1, 2]; None when malformed, repeated or beyond any id."""
    parts = [p for p in (raw or "").split(",") if p.strip()]
    if not all(p.strip().isascii() and p.strip().isdigit() for p in parts):
        return None
    ids = [int(p) for p in parts]
    if any(i > MAX_ID for i in ids):
        return None
    return ids if len(set(ids)) == len(ids) else None


@login_required
def add(request, pk, axis):
    """GET: the add form (or, closed, its button). POST: add at the end; the form comes back
    open and empty, so the next one can be typed at once."""
    journey = journey_for(request, pk, "edit")
    add_template = f"journeys/editor/_{axis.name}_add.html"
    if request.method == "GET":
        if request.GET.get("closed"):
            button = f"journeys/editor/_grid.html#{axis.name}_add_button"
            return fragment(request, journey, button, {})
        return fragment(request, journey, add_template, {"form": axis.form_class(creating=True)})
    form = axis.form_class(request.POST, creating=True)
    if not form.is_valid():
        return invalid_add(request, journey, add_template, {"form": form}, f"{axis.name}-add")
    item = form.save(commit=False)
    item.journey = journey
    change = services.add_last(item, axis.siblings(journey), actor(request))
    return grid_response(
        request, journey, change, adding=axis.name, form=axis.form_class(creating=True)
    )


@login_required
@require_GET
def show(request, pk, item, axis):
    journey = journey_for(request, pk, "view")
    template = f"journeys/editor/_{axis.name}.html"
    return fragment(request, journey, template, {axis.name: axis.get(journey, item)})


@login_required
def edit(request, pk, item, axis):
    journey = journey_for(request, pk, "edit")
    obj = axis.get(journey, item)
    before = [getattr(obj, f) for f in axis.redraw_on]

    def redraw_if_needed(saved, change):
        if before != [getattr(saved, f) for f in axis.redraw_on]:
            return swapped_over(grid_response(request, journey, change), request, "#grid")
        return None

    return versioned_edit(
        request, journey, obj, axis.form_class, axis.name, on_saved=redraw_if_needed
    )


# What goes with a stage or lane when it is deleted, counted in the reader's language.
HELD_WORDS = {
    "card": lambda n: ngettext("%(count)d card", "%(count)d cards", n) % {"count": n},
    "touchpoint": lambda n: (
        ngettext("%(count)d touchpoint", "%(count)d touchpoints", n) % {"count": n}
    ),
    "goal": lambda n: ngettext("%(count)d goal", "%(count)d goals", n) % {"count": n},
}


def _and_list(parts):
    if len(parts) == 1:
        return parts[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _delete_question(axis, name, held):
    if axis.name == "stage":
        if held:
            return gettext("Delete stage %(name)s with %(held)s?") % {"name": name, "held": held}
        return gettext("Delete stage %(name)s?") % {"name": name}
    if held:
        return gettext("Delete lane %(name)s with %(held)s?") % {"name": name, "held": held}
    return gettext("Delete lane %(name)s?") % {"name": name}


@login_required
def delete(request, pk, item, axis):
    """Delete at once when empty; else ask first, saying how much goes with it."""
    journey = journey_for(request, pk, "edit")
    obj = axis.get(journey, item)
    counts = [(word, getattr(obj, related).count()) for word, related in axis.holds]
    held = [HELD_WORDS[word](n) for word, n in counts if n]
    if request.method == "POST" and (not held or request.POST.get("confirm")):
        change = services.delete(obj, actor(request))
        return grid_response(request, journey, change)
    name = getattr(obj, axis.title_field)
    ctx = {
        "question": _delete_question(axis, name, held and _and_list(held)),
        "action": reverse(f"journeys:{axis.name}_delete", args=[journey.pk, obj.pk]),
        "kind": axis.name,
        "name": name,
    }
    template = "journeys/editor/_confirm_delete.html"
    response = fragment(request, journey, template, ctx, title=gettext("Delete?"))
    return swapped_over(response, request, "#dialog", "innerHTML")


@login_required
@require_POST
def move(request, pk, item, axis):
    """Keyboard moves: one place back or forward."""
    journey = journey_for(request, pk, "edit")
    obj = axis.get(journey, item)
    step = {axis.back: -1, axis.forward: 1}.get(request.POST.get("direction"))
    change = services.step(obj, axis.siblings(journey), step, actor(request))
    return grid_response(request, journey, change)


@login_required
@require_POST
def reorder(request, pk, axis):
    """A drag and drop: `ids` is the new order of all of them."""
    journey = journey_for(request, pk, "edit")
    ids = posted_ids(request.POST.get("ids"))
    try:
        change = services.reorder(journey, axis.siblings(journey), ids, actor(request))
    except services.Stale:
        # The map changed under the drag: show it as it is now.
        return grid_response(request, journey, status=409)
    return grid_response(request, journey, change)
