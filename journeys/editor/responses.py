"""What editor views answer: a fragment, a saved fragment, or the whole grid.

htmx requests get the fragment; plain form posts get the fragment on a page of its own, or a
redirect back to the editor after a write, so the editor also works without JavaScript.
"""

from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from touchpoints.render import TouchpointUrls

from ..access import can
from ..emotion_curve import curve_lines, emotion_curve_svg
from ..htmx import map_changed, swapped_over
from ..links import editor_url, persona_filter
from ..mapdata import load_map
from ..models import Lane
from .html import GridUrls, card_html, grid_rows, touchpoint_tools_html

# The emotion curve is drawn this wide per stage; the page scales the SVG (aspect kept) to the
# real column width, which the CSS fits to the screen, so points stay under their stage.
COLUMN_WIDTH = 220


def actor(request):
    return request.user.get_username()


def context(request, journey, **extra):
    return {
        "journey": journey,
        # Viewers get the same pages without the controls that change the map. Templates test
        # `read_only`, so the fragments that editors alone are sent need not set it.
        "read_only": not can(journey, "edit"),
        "can_manage": can(journey, "manage"),
        "persona_filter": persona_filter(request),
        **extra,
    }


def fragment(request, journey, template, ctx, status=200, title=None):
    """The fragment for htmx; for a plain browser, the same fragment on a page of its own."""
    ctx = context(request, journey, **ctx)
    if request.htmx:
        return render(request, template, ctx, status=status)
    ctx.update(fragment_template=template, page_title=title or gettext("Edit"))
    return render(request, "journeys/editor/page.html", ctx, status=status)


def saved(request, journey, template, ctx, change):
    """After a successful edit: the changed fragment for htmx, a redirect for plain posts."""
    if not request.htmx:
        return redirect(editor_url(request, journey))
    return map_changed(render(request, template, context(request, journey, **ctx)), change)


def invalid_add(request, journey, template, ctx, form_id):
    """An add form with its errors, swapped over itself (the success target is elsewhere)."""
    response = fragment(request, journey, template, ctx, status=422, title=gettext("Add"))
    return swapped_over(response, request, f"#{form_id}")


def prepare_cards(request, journey, cards, slots, urls=None):
    urls, csrf_token = urls or GridUrls.of(journey.pk), get_token(request)
    read_only = not can(journey, "edit")
    for card in cards:
        card.persona_slot = slots.get(card.persona_id, 0)
        card.html = card_html(card, urls, csrf_token, read_only)


def grid_context(request, journey):
    data = load_map(journey, persona_id=persona_filter(request))
    urls, csrf_token = GridUrls.of(journey.pk), get_token(request)
    prepare_cards(request, journey, data.cards, data.persona_slots, urls)
    read_only = not can(journey, "edit")
    for tp in data.touchpoints:
        tp.tools_html = touchpoint_tools_html(tp, urls, csrf_token, read_only)
    return context(
        request,
        journey,
        map=data,
        rows=grid_rows(data, urls, read_only),
        touchpoint_urls=TouchpointUrls.of(journey.pk),
        **curve_context(data.stages, data.touchpoints, data.personas, data.persona_filter),
        **_curve_place(data),
    )


def curve_context(stages, touchpoints, personas, persona_id):
    lines = curve_lines(stages, touchpoints, personas, persona_id)
    return {
        "curve": emotion_curve_svg(
            stages,
            touchpoints,
            personas,
            column_width=COLUMN_WIDTH,
            legend=False,
            persona_filter=persona_id,
            lines=lines,
        ),
        "curve_legend": [(label, colour) for label, colour, _ in lines],
    }


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


def grid_response(request, journey, change=None, status=200, **extra):
    """The whole grid after a structural change (plain posts go back to the editor)."""
    if not request.htmx:
        return redirect(editor_url(request, journey))
    ctx = {**grid_context(request, journey), **extra}
    response = render(request, "journeys/editor/_grid.html", ctx, status=status)
    return map_changed(response, change) if status == 200 else response
