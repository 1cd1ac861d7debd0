"""Touchpoints edited in place on the map.

htmx requests get just the fragment that changed (and `HX-Trigger: map-changed`, so the emotion
curve redraws); the same URLs answer plain form posts with full pages and a redirect to the
editor. Saves carry the version they were drawn from: a stale one is refused with 409.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journeys.access import journey_for
from journeys.editor.html import GridUrls, touchpoint_tools_html
from journeys.htmx import map_changed
from journeys.mapdata import attach_evidence_counts, persona_slots_of
from journeys.models import Lane, Stage
from journeys.services import Stale, delete
from journeys.versioning import conflict_context, is_stale
from journeys.vocabulary import CHANNEL_SUGGESTIONS

from . import services
from .forms import (
    MetricFormSet,
    NextLinkFormSet,
    TouchpointForm,
    touchpoint_groups,
)
from .models import Touchpoint, TouchpointLink

EDIT_FIELDS = ["title", "description", "channel", "sentiment", "emotion", "persona", "owner"]
EDIT_FIELDS += ["goal", "confidence"]
UNSAVED_FIELDS = ["title", "channel", "sentiment", "emotion", "owner", "goal", "description"]


def _touchpoint_or_404(request, pk, need="edit"):
    """The touchpoint and its map, if the user may `need` the map (journeys/access.py)."""
    tp = get_object_or_404(Touchpoint.objects.select_related("persona"), pk=pk)
    journey = journey_for(request, tp.journey_id, need)
    tp.journey = journey
    return tp, journey


def _with_extra_row(data, prefix):
    """A copy of posted data with one more (blank) row in formset `prefix`."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    data[key] = str(int(data.get(key) or 0) + 1)
    return data


def _prepare_for_display(tp):
    """Give a lone touchpoint the attributes load_map gives every touchpoint."""
    tp.metrics_list = list(tp.metrics.all())
    tp.next_list = [
        link.target for link in TouchpointLink.objects.filter(source=tp).select_related("target")
    ]
    tp.goals_list = list(tp.goals.all())
    stages = Stage.objects.filter(journey_id=tp.journey_id).values_list("pk", flat=True)
    tp.stage_order = {pk: i for i, pk in enumerate(stages)}  # to mark links that loop back
    # The persona's colour slot, as the whole map numbers them.
    tp.persona_slot = persona_slots_of(tp.journey_id).get(tp.persona_id, 0)
    attach_evidence_counts([tp])
    return tp


def _forms(journey, tp=None, data=None, adding=False, initial=None, cell=None):
    # Ids unique on the page: add forms may be open in several cells at once.
    if tp:
        prefix_id = f"tp{tp.pk}"
    else:
        prefix_id = f"tpnew{cell[0].pk}-{cell[1].pk}" if cell else "tpnew"
    auto_id = f"{prefix_id}_%s"
    if data is not None:
        for extra_button, prefix in (("add_metric", "metrics"), ("add_next", "next")):
            if extra_button in data:
                data = _with_extra_row(data, prefix)
    form = TouchpointForm(
        data, instance=tp, journey=journey, adding=adding, auto_id=auto_id, initial=initial
    )
    metrics = MetricFormSet(
        data,
        instance=tp or Touchpoint(journey=journey),
        prefix="metrics",
        auto_id=f"{prefix_id}_m_%s",
    )
    current_next = [] if tp is None else list(tp.links_out.values_list("target_id", flat=True))
    links = NextLinkFormSet(
        data,
        prefix="next",
        initial=[{"target": t} for t in current_next],
        auto_id=f"{prefix_id}_n_%s",
        form_kwargs={"groups": touchpoint_groups(journey, exclude_pk=tp.pk if tp else None)},
    )
    # After "add a row", the cursor goes to the new row rather than back to the title.
    added = data is not None and (
        (data.get("add_metric") and metrics.forms[-1].fields["name"])
        or (data.get("add_next") and links.forms[-1].fields["target"])
    )
    if added:
        form.fields["title"].widget.attrs.pop("autofocus", None)
        added.widget.attrs["autofocus"] = True
    return form, metrics, links


def _render_form(request, journey, form, metrics, links, tp=None, cell=None, status=200, **extra):
    context = {
        "journey": journey,
        "tp": tp,
        "form": form,
        "metrics": metrics,
        "links": links,
        "cell": cell,
        "inline": bool(request.htmx),
        "channel_suggestions": CHANNEL_SUGGESTIONS,
        **extra,
    }
    template = "touchpoints/_form.html" if request.htmx else "touchpoints/form_page.html"
    return render(request, template, context, status=status)


def _metric_rows(metrics):
    """(rows to write, rows to delete) of the metrics formset: rows that did not change and
    did not move are not written."""
    kept, removed = [], []
    for form in metrics.forms:
        if form.instance.pk is None and not form.has_changed():
            continue  # the blank row
        if metrics._should_delete_form(form):
            if form.instance.pk:
                removed.append(form.instance)
            continue
        kept.append(form)
    rows = []
    for position, form in enumerate(kept):
        unchanged = form.instance.pk and form.instance.position == position
        if unchanged and not form.has_changed():
            continue
        metric = form.save(commit=False)
        metric.position = position
        rows.append(metric)
    return rows, removed


def _saved_response(request, tp, journey, change, cell=None):
    if not request.htmx:
        return redirect(journey.get_absolute_url())
    # The keyboard focus stays in place: on the edited card, or, after an add, on the control
    # that adds the next one in the same cell.
    context = {"tp": _prepare_for_display(tp), "journey": journey, "focus": cell is None}
    html = render(request, "touchpoints/_touchpoint.html", context).content.decode()
    if cell is not None:
        # A new touchpoint comes with the grid's move controls, as the grid draws it, so the
        # page need not redraw the grid (and close other forms open in it).
        tools = touchpoint_tools_html(tp, GridUrls.of(journey.pk), get_token(request))
        html = f'<div class="tp-item" id="tp-item-{tp.pk}" data-id="{tp.pk}">{html}{tools}</div>'
        stage, lane = cell
        add = {"journey": journey, "stage": stage, "lane": lane, "autofocus": True}
        html += render(request, "touchpoints/_add.html", add).content.decode()
    return map_changed(HttpResponse(html), change)


def _cell_from(params, journey):
    """(stage, lane) named in the query string, or None where it does not name one of the map."""
    stage = Stage.objects.filter(journey=journey, pk=_int(params.get("stage"))).first()
    lane = Lane.objects.filter(journey=journey, pk=_int(params.get("lane"))).first()
    return stage, lane


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _default_lane(journey):
    lanes = list(Lane.objects.filter(journey=journey))
    return next((lane for lane in lanes if lane.kind == Lane.Kind.TOUCHPOINTS), None) or (
        lanes[0] if lanes else None
    )


@login_required
def touchpoint_add(request, journey_pk):
    journey = journey_for(request, journey_pk, "edit")
    params = request.POST if request.method == "POST" else request.GET
    stage, lane = _cell_from(params, journey)
    cell = (stage, lane) if stage and lane else None
    if request.method == "GET" and request.htmx and request.GET.get("closed") and cell:
        # "Cancel" on the inline add form: put the add control back.
        context = {"journey": journey, "stage": stage, "lane": lane, "autofocus": True}
        return render(request, "touchpoints/_add.html", context)
    if request.method != "POST":
        # A grid filtered to one persona adds touchpoints of that persona.
        initial = {"stage": stage, "lane": lane, "persona": _int(request.GET.get("persona_filter"))}
        form, metrics, links = _forms(journey, adding=True, initial=initial, cell=cell)
        return _render_form(request, journey, form, metrics, links, cell=cell)

    form, metrics, links = _forms(journey, data=request.POST, adding=True, cell=cell)
    if "add_metric" in request.POST or "add_next" in request.POST:
        return _render_form(request, journey, form, metrics, links, cell=cell)
    if not (form.is_valid() and metrics.is_valid() and links.is_valid()):
        return _render_form(request, journey, form, metrics, links, cell=cell, status=422)
    lane = form.cleaned_data["lane"] or _default_lane(journey)
    if lane is None:
        form.add_error("lane", _("Add a lane to the map first."))
        return _render_form(request, journey, form, metrics, links, cell=cell, status=422)
    tp = form.save(commit=False)
    tp.journey, tp.stage, tp.lane = journey, form.cleaned_data["stage"], lane
    rows, _removed = _metric_rows(metrics)
    change = services.add_touchpoint(tp, rows, links.targets(), request.user.get_username())
    return _saved_response(request, tp, journey, change, cell=cell)


@login_required
def touchpoint_show(request, pk):
    """One touchpoint in display mode (what "Cancel" returns to)."""
    tp, journey = _touchpoint_or_404(request, pk, "view")
    if not request.htmx:
        return redirect(journey.get_absolute_url())
    return render(
        request,
        "touchpoints/_touchpoint.html",
        {"tp": _prepare_for_display(tp), "journey": journey, "focus": True},
    )


@login_required
def touchpoint_edit(request, pk):
    tp, journey = _touchpoint_or_404(request, pk)
    if request.method != "POST":
        form, metrics, links = _forms(journey, tp)
        return _render_form(request, journey, form, metrics, links, tp=tp)

    if is_stale(tp, request.POST):
        return _conflict(request, tp, journey)
    form, metrics, links = _forms(journey, tp, data=request.POST)
    if "add_metric" in request.POST or "add_next" in request.POST:
        return _render_form(request, journey, form, metrics, links, tp=tp)
    if not (form.is_valid() and metrics.is_valid() and links.is_valid()):
        return _render_form(request, journey, form, metrics, links, tp=tp, status=422)
    rows, removed = _metric_rows(metrics)
    try:
        change = services.update_touchpoint(
            tp,
            request.POST["version"],
            EDIT_FIELDS,
            rows,
            removed,
            links.targets(),
            request.user.get_username(),
        )
    except Stale:
        return _conflict(request, tp, journey)
    return _saved_response(request, tp, journey, change)


def _conflict(request, tp, journey, deleting=False):
    """409: show the stored touchpoint, as it is now, with a clear message."""
    current = Touchpoint.objects.select_related("persona").get(pk=tp.pk)
    current.journey = journey
    form, metrics, links = _forms(journey, current)
    post = request.POST
    ctx = conflict_context("touchpoint", TouchpointForm, post, current, UNSAVED_FIELDS, deleting)
    return _render_form(request, journey, form, metrics, links, tp=current, status=409, **ctx)


@login_required
@require_POST
def touchpoint_delete(request, pk):
    tp, journey = _touchpoint_or_404(request, pk)
    # Delete only what the user saw: a touchpoint changed since then is shown again instead.
    try:
        change = delete(tp, request.user.get_username(), version=_int(request.POST.get("version")))
    except Stale:
        return _conflict(request, tp, journey, deleting=True)
    if not request.htmx:
        return redirect(journey.get_absolute_url())
    return map_changed(HttpResponse(""), change)
