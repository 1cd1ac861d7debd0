"""Cards on the grid, and moving cards and touchpoints (one view set for both).

A touchpoint's own fields are edited in the touchpoints app; moving it about the grid works as
a card's does, except that touchpoints go only into lanes of kind "touchpoints".
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from touchpoints.models import Touchpoint

from .. import services
from ..access import journey_for
from ..forms import CardForm
from ..htmx import map_changed
from ..links import editor_url, persona_filter
from ..mapdata import attach_evidence_counts, persona_slots_of
from ..models import Card, Lane, Stage
from .axes import posted_ids
from .html import GridUrls, card_add_button_html, cards_list_html
from .responses import (
    actor,
    fragment,
    grid_response,
    invalid_add,
    prepare_cards,
    saved,
)
from .views import versioned_edit

MOVABLE = {"card": Card, "touchpoint": Touchpoint}


def _card(journey, item):
    return get_object_or_404(Card.objects.select_related("persona"), pk=item, journey=journey)


def _prepare(request, journey, cards):
    attach_evidence_counts(cards)
    prepare_cards(request, journey, cards, persona_slots_of(journey.pk))


def _cell(journey, params):
    """The (stage, lane) named by `params`; 404 unless both are the map's (or not numbers)."""

    def pk(name):
        raw = params.get(name) or ""
        return int(raw) if raw.isascii() and raw.isdigit() else 0

    stage = get_object_or_404(Stage, pk=pk("stage"), journey=journey)
    lane = get_object_or_404(Lane, pk=pk("lane"), journey=journey)
    return stage, lane


@login_required
def card_add(request, pk):
    journey = journey_for(request, pk, "edit")
    stage, lane = _cell(journey, request.POST if request.method == "POST" else request.GET)
    cell = {"stage": stage, "lane": lane}
    auto_id = f"card-add-{stage.pk}-{lane.pk}-%s"
    if request.method == "GET":
        if request.GET.get("closed"):
            add_html = card_add_button_html(stage, lane, GridUrls.of(journey.pk))
            template = "journeys/editor/_grid.html#card_add_button"
            return fragment(request, journey, template, {"add_html": add_html})
        initial = {"persona": persona_filter(request)}
        form = CardForm(creating=True, journey=journey, initial=initial, auto_id=auto_id)
        return fragment(request, journey, "journeys/editor/_card_add.html", {"form": form, **cell})
    form = CardForm(request.POST, creating=True, journey=journey, auto_id=auto_id)
    if not form.is_valid():
        ctx = {"form": form, **cell}
        form_id = f"card-add-{stage.pk}-{lane.pk}"
        return invalid_add(request, journey, "journeys/editor/_card_add.html", ctx, form_id)
    card = form.save(commit=False)
    card.journey, card.stage, card.lane = journey, stage, lane
    change = services.add_last(card, Card.objects.filter(stage=stage, lane=lane), actor(request))
    cards = list(Card.objects.filter(stage=stage, lane=lane).select_related("persona"))
    persona_id = persona_filter(request)
    if persona_id:
        cards = [c for c in cards if c.persona_id in (None, persona_id)]
    _prepare(request, journey, cards)
    ctx = {"cards_html": cards_list_html(stage, lane, cards)}
    return saved(request, journey, "journeys/editor/_grid.html#cards", ctx, change)


@login_required
@require_GET
def card_show(request, pk, item):
    journey = journey_for(request, pk, "view")
    card = _card(journey, item)
    _prepare(request, journey, [card])
    return fragment(request, journey, "journeys/editor/_card.html", {"card": card})


@login_required
def card_edit(request, pk, item):
    journey = journey_for(request, pk, "edit")

    def prepare(saved_card, change):
        _prepare(request, journey, [saved_card])

    kwargs = {"journey": journey}
    return versioned_edit(
        request, journey, _card(journey, item), CardForm, "card", kwargs, on_saved=prepare
    )


@login_required
@require_POST
def card_delete(request, pk, item):
    journey = journey_for(request, pk, "edit")
    change = services.delete(_card(journey, item), actor(request))
    if not request.htmx:
        return redirect(editor_url(request, journey))
    return map_changed(HttpResponse(""), change)


@login_required
@require_POST
def move(request, pk, item, kind):
    """Keyboard moves: up/down within the cell, left/right to the same lane of the next stage."""
    journey = journey_for(request, pk, "edit")
    obj = get_object_or_404(MOVABLE[kind], pk=item, journey=journey)
    stage_ids = list(journey.stages.values_list("pk", flat=True))
    change = services.nudge(obj, request.POST.get("direction"), stage_ids, actor(request))
    return grid_response(request, journey, change)


@login_required
@require_POST
def reorder(request, pk, kind):
    """A drop: `ids` is the new order of cell (stage, lane); items from other cells move in.
    Touchpoints go only into lanes of kind "touchpoints" (the grid offers drops only there)."""
    journey = journey_for(request, pk, "edit")
    stage, lane = _cell(journey, request.POST)
    model, ids = MOVABLE[kind], posted_ids(request.POST.get("ids"))
    if model is Touchpoint and lane.kind != Lane.Kind.TOUCHPOINTS:
        moving_in = Touchpoint.objects.filter(journey=journey, pk__in=ids or [])
        if moving_in.exclude(stage=stage, lane=lane).exists():
            return grid_response(request, journey, status=409)
    try:
        change = services.drop(model, journey, stage, lane, ids, actor(request))
    except services.Stale:
        return grid_response(request, journey, status=409)
    return grid_response(request, journey, change)
