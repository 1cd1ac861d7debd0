"""The map editor: the grid page, its fragments, and in-place edits of stages, lanes and cards,
plus reordering and moving of stages, lanes, cards and touchpoints.

Every edit URL answers an htmx request with just the fragment that changed and a plain form
post with a redirect back to the editor, so the editor also works without JavaScript.
Successful edits send `HX-Trigger: map-changed`; the emotion curve listens for it.
Structural changes (add/delete/reorder/move) answer with the whole grid, edits of one object
with that object's fragment.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from touchpoints.models import Touchpoint

from .access import get_journey_or_404
from .changes import record_change
from .emotion_curve import curve_lines, emotion_curve_svg
from .forms import CardForm, JourneyForm, LaneForm, StageForm
from .mapdata import load_map, persona_slots_of
from .models import Card, Goal, Lane, Stage
from .ordering import next_position, renumber
from .versioning import save_if_current

# The emotion curve is drawn this wide per stage; the page scales the SVG (aspect kept) to the
# real column width, which the CSS fits to the screen, so points stay under their stage.
COLUMN_WIDTH = 220


# --- helpers -------------------------------------------------------------------------------


def persona_filter(request):
    """The persona the grid is filtered to: ?persona=<id> on the page; htmx requests from the
    page carry it as `persona_filter` (hx-vals), so it never clashes with a form's `persona`."""
    raw = request.GET.get("persona") or request.POST.get("persona_filter")
    raw = raw or request.GET.get("persona_filter") or ""
    return int(raw) if raw.isdigit() else None


def _base(journey):
    return reverse("journeys:detail", args=[journey.pk])


def _editor_url(request, journey):
    url = _base(journey)
    persona_id = persona_filter(request)
    return f"{url}?persona={persona_id}" if persona_id else url


def _context(request, journey, **extra):
    return {
        "journey": journey,
        "base": _base(journey),
        "persona_filter": persona_filter(request),
        **extra,
    }


# Cards and the touchpoints' move buttons are built in Python, not in a template: a large map
# draws hundreds of them and Django's template engine would spend most of the page's time there.
# Every text goes through escape(); the result is marked safe once.
MOVES = [("up", "↑"), ("down", "↓"), ("left", "←"), ("right", "→")]
_MOVE_BUTTON = (
    '<button class="icon" name="direction" value="{direction}" id="{dom_id}-{direction}" '
    'aria-label="Move {kind} {label} {direction}"><span aria-hidden="true">{arrow}</span></button>'
)


def _short(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


def _move_buttons(kind, dom_id, label):
    return "".join(
        _MOVE_BUTTON.format(direction=d, dom_id=dom_id, kind=kind, label=label, arrow=arrow)
        for d, arrow in MOVES
    )


def card_html(card, base, csrf_token):
    """One card: its text (click to edit), persona and votes, and its move/delete tools."""
    url = f"{base}cards/{card.pk}/"
    dom_id = f"card-{card.pk}"
    short = escape(_short(card.text, 30))
    foot = ""
    if card.persona_id or card.votes:
        persona = (
            '<span class="persona-tag"><span class="visually-hidden">Persona: </span>'
            f"{escape(card.persona.name)}</span>"
            if card.persona_id
            else ""
        )
        votes = (
            f'<span class="votes">{card.votes} vote{"" if card.votes == 1 else "s"}</span>'
            if card.votes
            else ""
        )
        foot = f'<div class="card-foot">{persona}{votes}</div>'
    text = escape(card.text).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(
        f'<li class="card persona-slot-{getattr(card, "persona_slot", 0)}" id="{dom_id}" '
        f'data-id="{card.pk}"><a class="card-text" id="{dom_id}-edit" href="{url}edit/" '
        f'hx-get="{url}edit/" '
        f'hx-target="#{dom_id}" hx-swap="outerHTML" '
        f'aria-label="Edit card: {escape(_short(card.text, 60))}">{text}</a>{foot}'
        f'<form class="tools" method="post" action="{url}move/" hx-post="{url}move/" '
        'hx-target="#grid" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f"{_move_buttons('card', dom_id, short)}"
        f'<button class="icon delete" formaction="{url}delete/" hx-post="{url}delete/" '
        f'hx-target="#{dom_id}" hx-swap="outerHTML" aria-label="Delete card {short}">'
        '<span aria-hidden="true">✕</span></button></form></li>'
    )


def touchpoint_tools_html(tp, base, csrf_token):
    url = f"{base}touchpoints/{tp.pk}/move/"
    return mark_safe(
        f'<form class="tools tp-tools" method="post" action="{url}" hx-post="{url}" '
        'hx-target="#grid" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f"{_move_buttons('touchpoint', f'tp-{tp.pk}', escape(tp.title))}</form>"
    )


def cards_list_html(stage, lane, cards):
    """A cell's card list (a drop target), with its cards' html already made."""
    label = escape(f"Cards in {lane.title}, {stage.name}")
    return mark_safe(
        f'<ul class="cards" id="cards-{stage.pk}-{lane.pk}" data-stage="{stage.pk}" '
        f'data-lane="{lane.pk}" data-sortable="cards" aria-label="{label}">'
        + "".join(card.html for card in cards)
        + "</ul>"
    )


def card_add_button_html(stage, lane, base):
    url = f"{base}cards/add/?stage={stage.pk}&amp;lane={lane.pk}"
    label = escape(f"Add card in {lane.title}, {stage.name}")
    return mark_safe(
        f'<a class="add-button add-card" id="card-add-{stage.pk}-{lane.pk}" href="{url}" '
        f'hx-get="{url}" hx-target="this" hx-swap="outerHTML" aria-label="{label}">'
        '<span aria-hidden="true">+</span> Card</a>'
    )


@dataclass
class GridCell:
    """What the grid template needs of one cell, mostly as ready-made html."""

    stage: Stage
    lane: Lane
    open: str  # the cell's opening tag
    cards_html: str
    touchpoints: list
    has_touchpoints_list: bool
    touchpoints_lane: bool
    add_html: str


def _grid_rows(data, base):
    rows = []
    for lane, cells in data.rows():
        is_tp = lane.kind == Lane.Kind.TOUCHPOINTS
        row = []
        for n, (stage, cell) in enumerate(cells):
            label = escape(f"{lane.title} · {stage.name}")
            band = " odd" if n % 2 else ""  # shaded like the emotion curve's bands
            row.append(
                GridCell(
                    stage=stage,
                    lane=lane,
                    open=mark_safe(f'<div class="cell{band}" role="group" aria-label="{label}">'),
                    cards_html=cards_list_html(stage, lane, cell["cards"])
                    if cell["cards"] or not is_tp
                    else "",
                    touchpoints=cell["touchpoints"],
                    has_touchpoints_list=is_tp or bool(cell["touchpoints"]),
                    touchpoints_lane=is_tp,
                    add_html="" if is_tp else card_add_button_html(stage, lane, base),
                )
            )
        rows.append((lane, row))
    return rows


def _prepare_cards(request, journey, cards, slots=None):
    slots = persona_slots_of(journey.pk) if slots is None else slots
    base, csrf_token = _base(journey), get_token(request)
    for card in cards:
        card.persona_slot = slots.get(card.persona_id, 0)
        card.html = card_html(card, base, csrf_token)


def _changed(response):
    response["HX-Trigger"] = "map-changed"
    return response


def _actor(request):
    return request.user.get_username()


def _fragment(request, journey, template, context, status=200, title="Edit"):
    """The fragment for htmx; for a plain browser, the same fragment on a page of its own."""
    ctx = _context(request, journey, **context)
    if request.htmx:
        return render(request, template, ctx, status=status)
    ctx.update(fragment_template=template, page_title=title)
    return render(request, "journeys/editor/page.html", ctx, status=status)


def _saved(request, journey, template, context):
    """After a successful edit: the changed fragment for htmx, a redirect for plain posts."""
    if not request.htmx:
        return redirect(_editor_url(request, journey))
    return _changed(render(request, template, _context(request, journey, **context)))


def grid_context(request, journey):
    data = load_map(journey, persona_id=persona_filter(request))
    _prepare_cards(request, journey, data.cards, data.persona_slots)
    base, csrf_token = _base(journey), get_token(request)
    for tp in data.touchpoints:
        tp.tools_html = touchpoint_tools_html(tp, base, csrf_token)
    return _context(
        request,
        journey,
        map=data,
        rows=_grid_rows(data, base),
        curve=emotion_curve_svg(
            data.stages,
            data.touchpoints,
            data.personas,
            column_width=COLUMN_WIDTH,
            legend=False,
            persona_filter=data.persona_filter,
        ),
        curve_legend=_curve_legend(data),
        **_curve_place(data),
    )


def _curve_place(data):
    """Where the emotion curve goes: across the map's emotions lane (above its cards); else as
    a row of its own under the last touchpoints lane; else, if there are touchpoints, last."""
    emotions = [lane for lane in data.lanes if lane.kind == Lane.Kind.EMOTIONS]
    if emotions:
        return {"curve_in_lane_id": emotions[0].pk}
    touchpoint_lanes = [lane for lane in data.lanes if lane.kind == Lane.Kind.TOUCHPOINTS]
    if touchpoint_lanes:
        return {"curve_after_lane_id": touchpoint_lanes[-1].pk}
    return {"curve_at_end": bool(data.touchpoints)}


def _curve_legend(data):
    lines = curve_lines(data.stages, data.touchpoints, data.personas, data.persona_filter)
    return [(label, colour) for label, colour, _ in lines]


def _grid_response(request, journey, status=200, **extra):
    """The whole grid after a structural change (plain posts go back to the editor)."""
    if not request.htmx:
        return redirect(_editor_url(request, journey))
    context = {**grid_context(request, journey), **extra}
    response = render(request, "journeys/editor/_grid.html", context, status=status)
    return _changed(response) if status == 200 else response


def _invalid_add(request, journey, template, context, form_id):
    """An add form with its errors, swapped over itself (the success target is elsewhere)."""
    response = _fragment(request, journey, template, context, status=422, title="Add")
    if request.htmx:
        response["HX-Retarget"] = f"#{form_id}"
        response["HX-Reswap"] = "outerHTML"
    return response


def _edit(request, journey, obj, form_class, name, form_kwargs=None, prepare=None):
    """GET: the inline form. POST: save if valid (else 422) and current (else 409)."""
    # Ids unique on the page, however many inline forms are open.
    form_kwargs = {**(form_kwargs or {}), "auto_id": f"{name}-{obj.pk}-%s"}
    form_template = f"journeys/editor/_{name}_form.html"
    if request.method == "GET":
        form = form_class(instance=obj, **form_kwargs)
        return _fragment(request, journey, form_template, {"form": form, name: obj})
    form = form_class(request.POST, instance=obj, **form_kwargs)
    if not form.is_valid():
        return _fragment(request, journey, form_template, {"form": form, name: obj}, status=422)
    fields = list(form._meta.fields)
    if hasattr(obj, "updated_at"):
        fields.append("updated_at")
    if not save_if_current(obj, form.cleaned_data["version"], fields):
        # Someone saved first: show their values (and version), keep ours only for copying.
        current = type(obj).objects.filter(pk=obj.pk).first()
        if current is None:
            raise Http404("Someone else deleted it.")
        return _fragment(
            request,
            journey,
            form_template,
            {
                "form": form_class(instance=current, **form_kwargs),
                name: current,
                "conflict": {k: request.POST.get(k, "") for k in form._meta.fields},
            },
            status=409,
        )
    if prepare:
        prepare(obj)
    return _saved(request, journey, f"journeys/editor/_{name}.html", {name: obj})


def _ids(raw):
    """'3,1,2' -> [3, 1, 2]; None when malformed or repeated."""
    parts = [p for p in (raw or "").split(",") if p.strip()]
    if not all(p.strip().isdigit() for p in parts):
        return None
    ids = [int(p) for p in parts]
    return ids if len(set(ids)) == len(ids) else None


def _step(direction, back, forward):
    return {back: -1, forward: 1}.get(direction)


def _moved(items, pk, step):
    """`items` with the one whose pk is `pk` swapped with its neighbour; None at the edge."""
    items = list(items)
    i = next((n for n, x in enumerate(items) if x.pk == pk), None)
    if i is None or step is None or not 0 <= i + step < len(items):
        return None
    items[i], items[i + step] = items[i + step], items[i]
    return items


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _and_list(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _confirm_delete(request, journey, obj, kind, counts):
    """Ask before deleting a stage or lane that holds content, saying how much goes with it."""
    held = [_plural(n, word) for word, n in counts if n]
    name = obj.name if kind == "stage" else obj.title
    context = {
        "question": f"Delete {kind} {name} with {_and_list(held)}?"
        if held
        else f"Delete {kind} {name}?",
        "action": f"{_base(journey)}{kind}s/{obj.pk}/delete/",
        "kind": kind,
        "name": name,
    }
    response = _fragment(
        request, journey, "journeys/editor/_confirm_delete.html", context, title="Delete?"
    )
    if request.htmx:
        response["HX-Retarget"] = "#dialog"
        response["HX-Reswap"] = "innerHTML"
    return response


# --- the page and its fragments -------------------------------------------------------------


@login_required
@require_GET
def detail(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return render(request, "journeys/editor.html", grid_context(request, journey))


@login_required
@require_GET
def grid(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return render(request, "journeys/editor/_grid.html", grid_context(request, journey))


@login_required
@require_GET
def curve(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return render(request, "journeys/editor/_curve.html", grid_context(request, journey))


# --- stages --------------------------------------------------------------------------------


def _stage(journey, item):
    return get_object_or_404(Stage, pk=item, journey=journey)


def _add_stage_or_lane(request, journey, name, form_class, siblings):
    """GET: the add form (or, closed, its button). POST: add at the end; the form comes back
    open and empty, so the next one can be typed at once."""
    add_template = f"journeys/editor/_{name}_add.html"
    if request.method == "GET":
        if request.GET.get("closed"):
            return _fragment(request, journey, f"journeys/editor/_{name}_add_button.html", {})
        return _fragment(request, journey, add_template, {"form": form_class(creating=True)})
    form = form_class(request.POST, creating=True)
    if not form.is_valid():
        return _invalid_add(request, journey, add_template, {"form": form}, f"{name}-add")
    item = form.save(commit=False)
    item.journey = journey
    item.position = next_position(siblings)
    item.save()
    return _grid_response(request, journey, adding=name, form=form_class(creating=True))


def _reorder_all(request, journey, siblings, name):
    """A drag and drop of stages or lanes: `ids` is their new order, all of them."""
    items = {item.pk: item for item in siblings}
    ids = _ids(request.POST.get("ids"))
    if ids is None or sorted(ids) != sorted(items):
        # The map changed under the drag: show it as it is now.
        return _grid_response(request, journey, status=409)
    renumber([items[i] for i in ids])
    record_change(journey.pk, f"{name}.reordered", "", _actor(request))
    return _grid_response(request, journey)


@login_required
def stage_add(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return _add_stage_or_lane(request, journey, "stage", StageForm, journey.stages.all())


@login_required
@require_GET
def stage_show(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    return _fragment(
        request, journey, "journeys/editor/_stage.html", {"stage": _stage(journey, item)}
    )


@login_required
@require_GET
def map_show(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return _fragment(request, journey, "journeys/editor/_map.html", {})


@login_required
def map_edit(request, pk):
    """The map's own title, description, kind and language."""
    journey = get_journey_or_404(request.user, pk)
    return _edit(request, journey, journey, JourneyForm, "map")


@login_required
def stage_edit(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    return _edit(request, journey, _stage(journey, item), StageForm, "stage")


@login_required
def stage_delete(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    stage = _stage(journey, item)
    counts = [
        ("card", stage.cards.count()),
        ("touchpoint", stage.touchpoints.count()),
        ("goal", Goal.objects.filter(stage=stage).count()),
    ]
    empty = not any(n for _, n in counts)
    if request.method == "POST" and (empty or request.POST.get("confirm")):
        stage.delete()
        return _grid_response(request, journey)
    return _confirm_delete(request, journey, stage, "stage", counts)


@login_required
@require_POST
def stage_move(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    stage = _stage(journey, item)
    order = _moved(
        journey.stages.all(), stage.pk, _step(request.POST.get("direction"), "left", "right")
    )
    if order:
        renumber(order)
        record_change(journey.pk, "stage.reordered", f"stage:{stage.pk}", _actor(request))
    return _grid_response(request, journey)


@login_required
@require_POST
def stage_reorder(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return _reorder_all(request, journey, journey.stages.all(), "stage")


# --- lanes ---------------------------------------------------------------------------------


def _lane(journey, item):
    return get_object_or_404(Lane, pk=item, journey=journey)


@login_required
def lane_add(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return _add_stage_or_lane(request, journey, "lane", LaneForm, journey.lanes.all())


@login_required
@require_GET
def lane_show(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    return _fragment(request, journey, "journeys/editor/_lane.html", {"lane": _lane(journey, item)})


@login_required
def lane_edit(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    lane = _lane(journey, item)
    kind_before = lane.kind
    response = _edit(request, journey, lane, LaneForm, "lane")
    if response.status_code == 200 and request.method == "POST" and lane.kind != kind_before:
        # A new kind changes what the lane's cells offer (touchpoints or cards): redraw all.
        response = _grid_response(request, journey)
        if request.htmx:
            response["HX-Retarget"] = "#grid"
            response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def lane_delete(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    lane = _lane(journey, item)
    counts = [("card", lane.cards.count()), ("touchpoint", lane.touchpoints.count())]
    empty = not any(n for _, n in counts)
    if request.method == "POST" and (empty or request.POST.get("confirm")):
        lane.delete()
        return _grid_response(request, journey)
    return _confirm_delete(request, journey, lane, "lane", counts)


@login_required
@require_POST
def lane_move(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    lane = _lane(journey, item)
    order = _moved(journey.lanes.all(), lane.pk, _step(request.POST.get("direction"), "up", "down"))
    if order:
        renumber(order)
        record_change(journey.pk, "lane.reordered", f"lane:{lane.pk}", _actor(request))
    return _grid_response(request, journey)


@login_required
@require_POST
def lane_reorder(request, pk):
    journey = get_journey_or_404(request.user, pk)
    return _reorder_all(request, journey, journey.lanes.all(), "lane")


# --- cards ---------------------------------------------------------------------------------


def _card(journey, item):
    return get_object_or_404(Card.objects.select_related("persona"), pk=item, journey=journey)


def _cell_cards(request, journey, stage, lane):
    cards = list(Card.objects.filter(stage=stage, lane=lane).select_related("persona"))
    persona_id = persona_filter(request)
    if persona_id:
        cards = [c for c in cards if c.persona_id in (None, persona_id)]
    _prepare_cards(request, journey, cards)
    return cards


@login_required
def card_add(request, pk):
    journey = get_journey_or_404(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    stage = get_object_or_404(Stage, pk=data.get("stage") or 0, journey=journey)
    lane = get_object_or_404(Lane, pk=data.get("lane") or 0, journey=journey)
    cell = {"stage": stage, "lane": lane}
    if request.method == "GET":
        if request.GET.get("closed"):
            add_html = card_add_button_html(stage, lane, _base(journey))
            return _fragment(
                request, journey, "journeys/editor/_card_add_button.html", {"add_html": add_html}
            )
        form = CardForm(
            creating=True,
            journey=journey,
            initial={"persona": persona_filter(request)},
            auto_id=f"card-add-{stage.pk}-{lane.pk}-%s",
        )
        return _fragment(request, journey, "journeys/editor/_card_add.html", {"form": form, **cell})
    form = CardForm(
        request.POST, creating=True, journey=journey, auto_id=f"card-add-{stage.pk}-{lane.pk}-%s"
    )
    if not form.is_valid():
        return _invalid_add(
            request,
            journey,
            "journeys/editor/_card_add.html",
            {"form": form, **cell},
            f"card-add-{stage.pk}-{lane.pk}",
        )
    card = form.save(commit=False)
    card.journey, card.stage, card.lane = journey, stage, lane
    card.position = next_position(Card.objects.filter(stage=stage, lane=lane))
    card.save()
    cards = _cell_cards(request, journey, stage, lane)
    cards_html = cards_list_html(stage, lane, cards)
    return _saved(request, journey, "journeys/editor/_cards.html", {"cards_html": cards_html})


@login_required
@require_GET
def card_show(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    card = _card(journey, item)
    _prepare_cards(request, journey, [card])
    return _fragment(request, journey, "journeys/editor/_card.html", {"card": card})


@login_required
def card_edit(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    card = _card(journey, item)
    return _edit(
        request,
        journey,
        card,
        CardForm,
        "card",
        {"journey": journey},
        prepare=lambda saved: _prepare_cards(request, journey, [saved]),
    )


@login_required
@require_POST
def card_delete(request, pk, item):
    journey = get_journey_or_404(request.user, pk)
    _card(journey, item).delete()
    if not request.htmx:
        return redirect(_editor_url(request, journey))
    return _changed(HttpResponse(""))


@login_required
@require_POST
def card_move(request, pk, item):
    """Keyboard moves: up/down within the cell, left/right to the same lane of the next stage."""
    journey = get_journey_or_404(request.user, pk)
    card = _card(journey, item)
    direction = request.POST.get("direction")
    with transaction.atomic():
        if direction in ("up", "down"):
            cell = Card.objects.filter(stage_id=card.stage_id, lane_id=card.lane_id)
            order = _moved(cell, card.pk, _step(direction, "up", "down"))
            if order:
                renumber(order)
                record_change(journey.pk, "card.reordered", f"card:{card.pk}", _actor(request))
        elif direction in ("left", "right"):
            stage_ids = list(journey.stages.values_list("pk", flat=True))
            i = stage_ids.index(card.stage_id) + _step(direction, "left", "right")
            if 0 <= i < len(stage_ids):
                _move_cards([card], stage_ids[i], card.lane_id)
                record_change(journey.pk, "card.moved", f"card:{card.pk}", _actor(request))
    return _grid_response(request, journey)


def _move_cards(cards, stage_id, lane_id):
    """Put `cards` at the end of cell (stage, lane) and close the gaps they leave."""
    target = Card.objects.filter(stage_id=stage_id, lane_id=lane_id)
    top = next_position(target)
    sources = set()
    for n, card in enumerate(cards):
        sources.add((card.stage_id, card.lane_id))
        # update(), not save(): a move is logged once, by the caller.
        Card.objects.filter(pk=card.pk).update(stage_id=stage_id, lane_id=lane_id, position=top + n)
        card.stage_id, card.lane_id, card.position = stage_id, lane_id, top + n
    for source in sources - {(stage_id, lane_id)}:
        renumber(Card.objects.filter(stage_id=source[0], lane_id=source[1]))


@login_required
@require_POST
def card_reorder(request, pk):
    """A drop: `ids` is the new order of cell (stage, lane); cards from other cells move in."""
    journey = get_journey_or_404(request.user, pk)
    stage = get_object_or_404(Stage, pk=request.POST.get("stage") or 0, journey=journey)
    lane = get_object_or_404(Lane, pk=request.POST.get("lane") or 0, journey=journey)
    ids = _ids(request.POST.get("ids"))
    cards = {c.pk: c for c in Card.objects.filter(journey=journey, pk__in=ids or [])}
    if not ids or len(cards) != len(ids):
        return _grid_response(request, journey, status=409)
    with transaction.atomic():
        incoming = [
            cards[i] for i in ids if (cards[i].stage_id, cards[i].lane_id) != (stage.pk, lane.pk)
        ]
        _move_cards(incoming, stage.pk, lane.pk)
        # Cards the page did not show (another persona's) keep their turn after the shown ones.
        hidden = list(Card.objects.filter(stage=stage, lane=lane).exclude(pk__in=ids))
        renumber([cards[i] for i in ids] + hidden)
        action = "card.moved" if incoming else "card.reordered"
        record_change(journey.pk, action, f"cell:{stage.pk}:{lane.pk}", _actor(request))
    return _grid_response(request, journey)


# --- touchpoints (their fields are edited in the touchpoints app) ---------------------------


def _place_touchpoints(stage_id, lane_id, cell):
    """Renumber a stage's touchpoints so cell (stage, lane) holds `cell` in that order.

    Touchpoint positions run across the whole stage; the cell's block keeps its place among
    the stage's other touchpoints (other lanes, other personas).
    """
    cell_ids = {t.pk for t in cell}
    stage_tps = list(Touchpoint.objects.filter(stage_id=stage_id))
    others = [t for t in stage_tps if t.pk not in cell_ids]
    at = next(
        (n for n, t in enumerate(stage_tps) if t.pk in cell_ids and t.lane_id == lane_id), None
    )
    at = len(others) if at is None else sum(1 for t in stage_tps[:at] if t.pk not in cell_ids)
    renumber(others[:at] + list(cell) + others[at:])


def _move_touchpoints(tps, stage_id, lane_id):
    """Put `tps` at the end of stage `stage_id`, lane `lane_id`; close the gaps they leave."""
    top = next_position(Touchpoint.objects.filter(stage_id=stage_id))
    sources = set()
    for n, tp in enumerate(tps):
        sources.add(tp.stage_id)
        Touchpoint.objects.filter(pk=tp.pk).update(
            stage_id=stage_id, lane_id=lane_id, position=top + n
        )
        tp.stage_id, tp.lane_id, tp.position = stage_id, lane_id, top + n
    for source in sources - {stage_id}:
        renumber(Touchpoint.objects.filter(stage_id=source))


@login_required
@require_POST
def touchpoint_move(request, pk, item):
    """Keyboard moves: up/down within the cell, left/right to the same lane of the next stage."""
    journey = get_journey_or_404(request.user, pk)
    tp = get_object_or_404(Touchpoint, pk=item, journey=journey)
    direction = request.POST.get("direction")
    with transaction.atomic():
        if direction in ("up", "down"):
            cell = Touchpoint.objects.filter(stage_id=tp.stage_id, lane_id=tp.lane_id)
            order = _moved(cell, tp.pk, _step(direction, "up", "down"))
            if order:
                _place_touchpoints(tp.stage_id, tp.lane_id, order)
                record_change(
                    journey.pk, "touchpoint.reordered", f"touchpoint:{tp.pk}", _actor(request)
                )
        elif direction in ("left", "right"):
            stage_ids = list(journey.stages.values_list("pk", flat=True))
            i = stage_ids.index(tp.stage_id) + _step(direction, "left", "right")
            if 0 <= i < len(stage_ids):
                _move_touchpoints([tp], stage_ids[i], tp.lane_id)
                record_change(
                    journey.pk, "touchpoint.moved", f"touchpoint:{tp.pk}", _actor(request)
                )
    return _grid_response(request, journey)


@login_required
@require_POST
def touchpoint_reorder(request, pk):
    """A drop: `ids` is the new order of cell (stage, lane). Touchpoints go only into lanes of
    kind "touchpoints" (the grid offers drops only there)."""
    journey = get_journey_or_404(request.user, pk)
    stage = get_object_or_404(Stage, pk=request.POST.get("stage") or 0, journey=journey)
    lane = get_object_or_404(Lane, pk=request.POST.get("lane") or 0, journey=journey)
    ids = _ids(request.POST.get("ids"))
    tps = {t.pk: t for t in Touchpoint.objects.filter(journey=journey, pk__in=ids or [])}
    if not ids or len(tps) != len(ids):
        return _grid_response(request, journey, status=409)
    incoming = [tps[i] for i in ids if (tps[i].stage_id, tps[i].lane_id) != (stage.pk, lane.pk)]
    if incoming and lane.kind != Lane.Kind.TOUCHPOINTS:
        return _grid_response(request, journey, status=409)
    with transaction.atomic():
        _move_touchpoints(incoming, stage.pk, lane.pk)
        _place_touchpoints(stage.pk, lane.pk, [tps[i] for i in ids])
        action = "touchpoint.moved" if incoming else "touchpoint.reordered"
        record_change(journey.pk, action, f"cell:{stage.pk}:{lane.pk}", _actor(request))
    return _grid_response(request, journey)
