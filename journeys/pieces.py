"""The pieces of a map's pages that one change touched, rendered once per change for every open
view of a kind, and pushed with the change's event (journeys/live.py).

Why push and not let each view fetch: bench/fanout.py measured one request to this app at
12-16 ms of server CPU however small its answer, so a fetch per view per change costs twelve
views 150-200 ms and fifty views most of a second; a piece rendered once costs that once.

A piece is an element of the page, by id, with its fresh outer HTML:
a cell of the editor's grid or of the projector, the emotion curve, the map's details (no
"html": the element is gone). The
page's script (static/js/live.js) swaps each in by id under the rules of a whole refresh
(never over an open form, a focused field, typed text or a drag); where it cannot, it
fetches its whole live fragment as before. `pieces()` answers None for a change that reshapes
the page (stages, lanes, personas, a workshop starting or ending on the projector): the page
then fetches the whole fragment. It answers [] for a change the view does not show.

Evidence added or removed from an item is logged as a change of that item
(`card.evidenced`, `card:12`: journeys/services.py), so its cell is redrawn like any card
edit; `evidence.*` changes (research backing only stages) show in none of these views.

A participant's phone shows their own votes and notes, so it takes no pieces: only [] for
what it does not show, else it fetches its live part (throttled, static/js/live.js).

Rendered without a request, the same for every viewer of that kind (all of whom may see the
whole map): forms in a piece carry an empty CSRF field, which the page fills with its own.
"""

from django.template.loader import render_to_string

from touchpoints.models import Touchpoint
from touchpoints.render import TouchpointUrls

from .editor.html import GridUrls, card_html, grid_cell
from .editor.responses import curve_context
from .mapdata import load_curve, load_map
from .models import Card, Journey, Lane

# The pages that take pieces; others refresh whole. "reader": the editor of a member who may
# not edit, which refreshes its grid whole (pieces are drawn once for everyone, with controls).
VIEWS = ("editor", "reader", "present", "phone")

# Changes a view does not show: nothing to do. Any change not named here or handled below
# reshapes the view (a refresh).
UNSEEN = {
    "editor": {"workshop", "note", "participant", "evidence"},
    "reader": {"workshop", "note", "participant", "evidence"},
    "present": {"note", "participant", "goal", "metric", "evidence"},
    "phone": {"participant", "goal", "metric", "touchpoint", "persona", "journey", "evidence"},
}


def pieces(event, view, persona_id=None):
    """[{"id": …, "html": …}, …] for `view` after `event`, or None: refresh the whole view."""
    model, _, verb = event["action"].partition(".")
    kind, _, ids = event["target"].partition(":")
    if model in UNSEEN[view] or event["action"] == "note.created":  # (a new note: its author's)
        return []
    if view in ("phone", "reader"):  # fetched by each page: phones their own, readers theirs
        return None
    journey = Journey.objects.get(pk=event["journey"])
    if view == "editor" and model == "journey" and verb == "saved":
        html = render_to_string("journeys/editor/_map.html", {"journey": journey})
        return [{"id": "map-details", "html": html}]
    if model not in ("card", "touchpoint") or (view == "present" and model == "touchpoint"):
        return None
    if kind == "cell":
        cell = tuple(int(n) for n in ids.split(":"))
    else:
        item_model = Card if model == "card" else Touchpoint
        place = item_model.objects.filter(pk=ids, journey=journey)
        cell = place.values_list("stage_id", "lane_id").first()
    if model == "touchpoint":
        shown = _editor_cell(journey, cell, persona_id) if cell else [{"id": f"tp-item-{ids}"}]
        return None if shown is None else [*shown, _editor_curve(journey, persona_id)]
    if cell is None:
        return [{"id": f"card-{ids}" if view == "editor" else f"p-card-{ids}"}]
    if view == "editor":
        return _editor_cell(journey, cell, persona_id)
    return _present_cell(journey, cell)


def _frame_and_cell(journey, cell, persona_id=None):
    """(map data with only `cell`'s items, its stage, its lane); stage None if gone."""
    data = load_map(journey, persona_id=persona_id, cell=cell)
    stage = next((s for s in data.stages if s.pk == cell[0]), None)
    lane = next((lane for lane in data.lanes if lane.pk == cell[1]), None)
    return data, stage, lane


def _editor_cell(journey, cell, persona_id):
    data, stage, lane = _frame_and_cell(journey, cell, persona_id)
    if stage is None or lane is None:
        return None
    urls = GridUrls.of(journey.pk)
    for card in data.cards:
        card.html = card_html(card, urls, "")
    context = {
        "journey": journey,
        "map": data,
        "cell": grid_cell(data, stage, lane, urls),
        "touchpoint_urls": TouchpointUrls.of(journey.pk),
        "persona_filter": persona_id,
    }
    html = render_to_string("journeys/editor/_grid.html#cell", context)
    return [{"id": f"cell-{stage.pk}-{lane.pk}", "html": html}]


def _editor_curve(journey, persona_id):
    stages, points, personas = load_curve(journey, persona_id)
    context = {
        "journey": journey,
        "persona_filter": persona_id,
        **curve_context(stages, points, personas, persona_id),
    }
    return {"id": "curve", "html": render_to_string("journeys/editor/_curve.html", context)}


def _present_cell(journey, cell):
    data, stage, lane = _frame_and_cell(journey, cell)
    # The projector draws the curve in place of an empty emotions lane: a change there may
    # swap one for the other.
    if stage is None or lane is None or lane.kind == Lane.Kind.EMOTIONS:
        return None
    context = {"journey": journey, "map": data, "stage": stage, "lane": lane}
    context["cell"] = data.cell(stage, lane)
    html = render_to_string("journeys/_present_map.html#p_cell", context)
    return [{"id": f"p-cell-{stage.pk}-{lane.pk}", "html": html}]
