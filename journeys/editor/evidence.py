"""Evidence added from the card or touchpoint it backs, on a page of its own.

The card and touchpoint forms list the item's evidence and link here (a form cannot hold
another form, so adding is not inline); after adding, the editor opens again at the item.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from touchpoints.models import Touchpoint

from .. import services
from ..access import can, journey_for
from ..forms import EvidenceForm
from ..mapdata import load_map
from ..models import Card, Evidence
from .responses import actor

BACKED = {"card": Card, "touchpoint": Touchpoint}


def item_anchor(kind, item):
    """The id of the item's element in the editor's grid."""
    return f"card-{item.pk}" if kind == "card" else f"touchpoint-{item.pk}"


def item_evidence(item):
    """The evidence behind a card or touchpoint, in the map's research order."""
    return list(item.evidence.select_related("persona").order_by("position", "id"))


@login_required
def evidence_add(request, pk, kind, item):
    journey = journey_for(request, pk, "edit")
    backed = get_object_or_404(BACKED[kind], pk=item, journey=journey)
    form = EvidenceForm(request.POST or None, journey=journey, auto_id="evidence-%s")
    if request.method == "POST" and form.is_valid():
        evidence = form.save(commit=False)
        evidence.journey = journey
        services.add_evidence(evidence, actor(request), **{f"{kind}s": [backed]})
        editor = reverse("journeys:detail", args=[journey.pk])
        return HttpResponseRedirect(f"{editor}#{item_anchor(kind, backed)}")
    context = {
        "journey": journey,
        "kind": kind,
        "item": backed,
        "item_label": backed.text if kind == "card" else backed.title,
        "evidence": item_evidence(backed),
        "form": form,
        "editor_anchor": item_anchor(kind, backed),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "journeys/evidence_add.html", context, status=status)


@login_required
@require_POST
def evidence_delete(request, pk, evidence):
    journey = journey_for(request, pk, "edit")
    row = get_object_or_404(Evidence, pk=evidence, journey=journey)
    services.delete_evidence(row, actor(request))
    return redirect(_back(request, journey))


def _back(request, journey):
    """Back to the page of the item the evidence was deleted from (ids checked)."""
    kind, item = request.POST.get("next_kind"), request.POST.get("next_item", "")
    if kind in BACKED and item.isascii() and item.isdigit():
        if BACKED[kind].objects.filter(pk=item, journey=journey).exists():
            return reverse(f"journeys:evidence_add_{kind}", args=[journey.pk, int(item)])
    return journey.get_absolute_url()


# What would check an item, by the lane it sits in: the kinds of research to look for.
SUGGESTED_KINDS = {
    "actions": ["observation", "analytics"],
    "thoughts": ["quote"],
    "emotions": ["quote", "survey"],
    "pain_points": ["quote", "support"],
    "opportunities": ["survey", "quote"],
    "goals": ["quote", "survey"],
    "backstage": ["observation", "support"],
    "storyboard": ["observation"],
    "touchpoints": ["analytics", "survey"],
}
DEFAULT_KINDS = ["quote", "observation"]


@login_required
@require_GET
def to_validate(request, pk):
    """The map's assumed cards and touchpoints, and those nobody marked that have no
    evidence yet: each with where it is, the research that would check it, and links."""
    journey = journey_for(request, pk)
    data = load_map(journey)
    lane_of = {lane.pk: lane for lane in data.lanes}
    stage_of = {stage.pk: stage for stage in data.stages}
    kind_label = dict(Evidence.Kind.choices)
    editor = reverse("journeys:detail", args=[journey.pk])
    may_add = can(journey, "edit")
    rows = {"assumed": [], "": [], "observed": []}
    for kind, items in (("card", data.cards), ("touchpoint", data.touchpoints)):
        for item in items:
            lane = lane_of[item.lane_id]
            kinds = DEFAULT_KINDS if kind == "card" else SUGGESTED_KINDS["touchpoints"]
            kinds = SUGGESTED_KINDS.get(lane.kind, kinds) if kind == "card" else kinds
            rows[item.confidence_shown].append(
                {
                    "kind": kind,
                    "text": item.text if kind == "card" else item.title,
                    "stage": stage_of[item.stage_id],
                    "lane": lane,
                    "checks": [kind_label[k] for k in kinds],
                    "evidence_count": item.evidence_count,
                    "map_url": f"{editor}#{item_anchor(kind, item)}",
                    "add_url": may_add
                    and reverse(f"journeys:evidence_add_{kind}", args=[journey.pk, item.pk]),
                }
            )
    context = {
        "journey": journey,
        "assumed": rows["assumed"],
        "unsaid": rows[""],
        "observed_count": len(rows["observed"]),
    }
    return render(request, "journeys/to_validate.html", context)
