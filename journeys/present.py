"""The projector view: the whole map, large and live, for the wall of a workshop room."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from workshops.qr import join_link
from workshops.services import open_workshop

from . import changes
from .access import journey_for
from .emotion_curve import emotion_curve_svg
from .mapdata import load_map

# The curve is drawn this wide per stage and then scaled to the screen by CSS (it is an SVG).
CURVE_COLUMN = 200


def present_context(request, journey):
    data = load_map(journey)
    workshop = open_workshop(journey)
    curve_lane_id, curve_inside = _curve_place(data)
    context = {
        "journey": journey,
        "map": data,
        "rows": data.rows(),
        "curve": emotion_curve_svg(
            data.stages, data.touchpoints, data.personas, column_width=CURVE_COLUMN, height=130
        )
        if data.touchpoints
        else "",
        "workshop": workshop,
        "curve_lane_id": curve_lane_id,
        "curve_inside": curve_inside,
    }
    if workshop:
        context.update(
            join_link(
                request, workshop, _("QR code to join workshop %(code)s") % {"code": workshop.code}
            )
        )
    return context


def _curve_place(data):
    """(lane id, inside): the curve fills an empty emotions lane, else it goes under the
    emotions lane or the (last) touchpoints lane, else at the end (lane id None)."""
    emotions = [lane for lane in data.lanes if lane.kind == "emotions"]
    touchpoints = [lane for lane in data.lanes if lane.kind == "touchpoints"]
    if emotions:
        lane = emotions[0]
        cells = [data.cell(stage, lane) for stage in data.stages]
        return lane.pk, not any(c["cards"] or c["touchpoints"] for c in cells)
    return (touchpoints[-1].pk if touchpoints else None), False


@login_required
@require_GET
def present(request, pk):
    """Full page, or just the map (#present-map) when the live script re-fetches it."""
    journey = journey_for(request, pk, "view")
    if request.htmx:
        return render(request, "journeys/_present_map.html", present_context(request, journey))
    last_change_id = changes.last_change_id(journey.pk)  # before the map: see its docstring
    context = present_context(request, journey)
    context["last_change_id"] = last_change_id
    return render(request, "journeys/present.html", context)
