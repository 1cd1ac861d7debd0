"""Every change to a map goes through a function here (or in another app's services module).

A service checks the version where the object has one, writes, and records the change in the
map's log (journeys/changes.py) with who made it, all in one transaction: the live views and
the history hear of every change, and a refused change writes nothing. Views parse input and
answer; the admin and the importer call these functions too. Each function returns the
`Change` it recorded (or None where nothing changed), so a response can name the change it
produced and the page that made it need not fetch it again.

Concurrency: each write locks its map first (journeys/concurrency.py), so writers of one map
take turns, and is retried after a conflict the database reports; `retry_on_conflict` sits
outside `transaction.atomic`, so a retry starts from a clean rollback.

Positions: stages, lanes and cards are ordered within their container (the map, the cell);
touchpoints within their stage, across lanes, so a cell's touchpoints keep their place among
the stage's others.
"""

from django.db import transaction

from touchpoints.models import Touchpoint

from . import snapshots
from .changes import record_change
from .concurrency import lock_maps, retry_on_conflict
from .models import Card, Journey
from .ordering import next_position, renumber
from .versioning import save_if_current


class Stale(Exception):
    """Someone changed or deleted the object since the form was drawn; nothing was written."""


def label(obj):
    """ "card", "stage", …: of a row or a model, as the change log names it."""
    return obj._meta.model_name


def journey_id_of(obj):
    return obj.pk if isinstance(obj, Journey) else obj.journey_id


def record(obj, verb, actor, before=None, after=None, target=None, journey_id=None):
    """Log `verb` done to `obj` (a map's part, or the map) by `actor`, with the rows it
    touched before and after (journeys/snapshots.py) where it can be reversed."""
    target = f"{label(obj)}:{obj.pk}" if target is None else target
    journey_id = journey_id_of(obj) if journey_id is None else journey_id
    return record_change(journey_id, f"{label(obj)}.{verb}", target, actor, before, after)


def amend_after(change, obj):
    """After the rows saved with `obj` (a touchpoint's metrics and links) are written too."""
    after = snapshots.snapshot(snapshots.family(obj))
    before = dict.fromkeys(after) | change.before
    change.before, change.after = before, dict.fromkeys(before) | after
    change.save(update_fields=["before", "after"])
    return change


# --- one object at a time ---------------------------------------------------------------


@retry_on_conflict
@transaction.atomic
def create(obj, actor):
    lock_maps(journey_id_of(obj))
    obj.save()
    after = snapshots.snapshot(snapshots.family(obj))
    return record(obj, "created", actor, dict.fromkeys(after), after)


@retry_on_conflict
@transaction.atomic
def add_last(obj, siblings, actor):
    """Create `obj` after the last of `siblings` (the rows of its container)."""
    lock_maps(journey_id_of(obj))  # before reading the last position: no two adds share it
    obj.position = next_position(siblings)
    return create(obj, actor)


@retry_on_conflict
@transaction.atomic
def update(obj, version, fields, actor):
    """Save `fields` of `obj` if the stored row still has `version`, else raise Stale."""
    lock_maps(journey_id_of(obj))
    if hasattr(obj, "updated_at"):
        fields = [*fields, "updated_at"]
    rows = snapshots.family(obj)
    before = snapshots.snapshot(rows)
    if not save_if_current(obj, version, fields):
        raise Stale
    return record(obj, "saved", actor, before, snapshots.snapshot(rows))


@retry_on_conflict
@transaction.atomic
def delete(obj, actor, version=None):
    """Delete `obj` (and what it holds); with a `version`, only if that is still the stored one."""
    lock_maps(journey_id_of(obj))
    rows = type(obj).objects.filter(pk=obj.pk)
    if version is not None:
        rows = rows.filter(version=version)
    before = snapshots.snapshot(snapshots.cascade(obj))
    deleted, _ = rows.delete()
    if not deleted:
        raise Stale
    return record(obj, "deleted", actor, before, dict.fromkeys(before))


# --- order and place ---------------------------------------------------------------------


def neighbour_order(siblings, obj, step):
    """`siblings` with `obj` swapped with its neighbour `step` away; None at the edge."""
    items = list(siblings)
    i = next((n for n, x in enumerate(items) if x.pk == obj.pk), None)
    if i is None or step is None or not 0 <= i + step < len(items):
        return None
    items[i], items[i + step] = items[i + step], items[i]
    return items


@retry_on_conflict
@transaction.atomic
def step(obj, siblings, step, actor):
    """Move a stage or lane one place back (-1) or forward (+1) among its siblings."""
    lock_maps(obj.journey_id)
    order = neighbour_order(siblings, obj, step)
    if order is None:
        return None
    rows = {type(obj): [x.pk for x in order]}
    before = snapshots.snapshot(rows)
    renumber(order)
    return record(obj, "reordered", actor, *snapshots.changed(before, snapshots.snapshot(rows)))


@retry_on_conflict
@transaction.atomic
def reorder(journey, siblings, ids, actor):
    """Put all of a map's stages (or lanes) in the order `ids`; Stale when `ids` are not
    exactly the rows there are now (the map changed under a drag)."""
    lock_maps(journey.pk)
    items = {item.pk: item for item in siblings}
    if ids is None or sorted(ids) != sorted(items):
        raise Stale
    rows = {siblings.model: ids}
    before = snapshots.snapshot(rows)
    renumber([items[i] for i in ids])
    before, after = snapshots.changed(before, snapshots.snapshot(rows))
    return record_change(journey.pk, f"{label(siblings.model)}.reordered", "", actor, before, after)


def _cell(item, stage_id, lane_id):
    """The rows an item's position counts among: a card's cell, a touchpoint's stage."""
    if isinstance(item, Touchpoint):
        return Touchpoint.objects.filter(stage_id=stage_id)
    return Card.objects.filter(stage_id=stage_id, lane_id=lane_id)


def _rows_in(model, cells):
    """{model: pks} of the cards in `cells` [(stage, lane)], or the touchpoints of their
    stages: the rows a move may renumber."""
    pks = set()
    for stage_id, lane_id in set(cells):
        rows = Touchpoint.objects.filter(stage_id=stage_id)
        if model is Card:
            rows = Card.objects.filter(stage_id=stage_id, lane_id=lane_id)
        pks.update(rows.values_list("pk", flat=True))
    return {model: pks}


def _moved(cells, model, move):
    """(before, after) of the rows in `cells` around `move()`, cut to the rows that moved."""
    rows = _rows_in(model, cells)
    before = snapshots.snapshot(rows)
    move()
    return snapshots.changed(before, snapshots.snapshot(rows))


def _place_in_stage(stage_id, lane_id, cell):
    """Renumber a stage's touchpoints so cell (stage, lane) holds `cell` in that order; the
    cell's block keeps its place among the stage's other touchpoints."""
    cell_ids = {t.pk for t in cell}
    stage_tps = list(Touchpoint.objects.filter(stage_id=stage_id))
    others = [t for t in stage_tps if t.pk not in cell_ids]
    at = next(
        (n for n, t in enumerate(stage_tps) if t.pk in cell_ids and t.lane_id == lane_id), None
    )
    at = len(others) if at is None else sum(1 for t in stage_tps[:at] if t.pk not in cell_ids)
    renumber(others[:at] + list(cell) + others[at:])


def _set_cell_order(model, stage_id, lane_id, ordered):
    """`ordered` (cards or touchpoints of one cell) get that order; rows of the cell not in it
    (another persona's, hidden on the page) keep their turn after them."""
    if model is Touchpoint:
        _place_in_stage(stage_id, lane_id, ordered)
    else:
        shown = {c.pk for c in ordered}
        hidden = [
            c for c in Card.objects.filter(stage_id=stage_id, lane_id=lane_id) if c.pk not in shown
        ]
        renumber(list(ordered) + hidden)


def _move_into(items, stage_id, lane_id):
    """Put `items` (all cards, or all touchpoints) at the end of cell (stage, lane) and close
    the gaps they leave behind."""
    if not items:
        return
    model = type(items[0])
    top = next_position(_cell(items[0], stage_id, lane_id))
    sources = set()
    for n, item in enumerate(items):
        sources.add((item.stage_id, item.lane_id))
        model.objects.filter(pk=item.pk).update(
            stage_id=stage_id, lane_id=lane_id, position=top + n
        )
        item.stage_id, item.lane_id, item.position = stage_id, lane_id, top + n
    if model is Touchpoint:
        sources = {(s, None) for s, _ in sources if s != stage_id}
    else:
        sources -= {(stage_id, lane_id)}
    for source_stage, source_lane in sources:
        renumber(_cell(items[0], source_stage, source_lane))


@retry_on_conflict
@transaction.atomic
def nudge(item, direction, stage_ids, actor):
    """A keyboard move of a card or touchpoint: up/down within its cell, left/right to the same
    lane of the neighbouring stage. `stage_ids` is the map's stage order; None when there is
    nothing to do (at an edge, or the item was deleted meanwhile)."""
    lock_maps(item.journey_id)
    try:  # where it is now, not where it was when the request read it
        item.refresh_from_db(fields=["stage", "lane", "position"])
    except type(item).DoesNotExist:
        return None
    if direction in ("up", "down"):
        cell = [x for x in _cell(item, item.stage_id, item.lane_id) if x.lane_id == item.lane_id]
        order = neighbour_order(cell, item, {"up": -1, "down": 1}[direction])
        if order is None:
            return None
        states = _moved(
            [(item.stage_id, item.lane_id)],
            type(item),
            lambda: _set_cell_order(type(item), item.stage_id, item.lane_id, order),
        )
        return record(item, "reordered", actor, *states)
    if direction in ("left", "right"):
        if item.stage_id not in stage_ids:  # a stage added since the request read them
            return None
        i = stage_ids.index(item.stage_id) + {"left": -1, "right": 1}[direction]
        if not 0 <= i < len(stage_ids):
            return None
        cells = [(item.stage_id, item.lane_id), (stage_ids[i], item.lane_id)]
        states = _moved(cells, type(item), lambda: _move_into([item], stage_ids[i], item.lane_id))
        return record(item, "moved", actor, *states)
    return None


@retry_on_conflict
@transaction.atomic
def drop(model, journey, stage, lane, ids, actor):
    """A drag and drop: `ids` is the new order of cell (stage, lane) as the page shows it;
    items from other cells move in. Stale when an id is not an item of this map."""
    lock_maps(journey.pk)
    items = {x.pk: x for x in model.objects.filter(journey=journey, pk__in=ids or [])}
    if not ids or len(items) != len(ids):
        raise Stale
    incoming = [
        items[i] for i in ids if (items[i].stage_id, items[i].lane_id) != (stage.pk, lane.pk)
    ]
    cells = [(stage.pk, lane.pk), *((x.stage_id, x.lane_id) for x in incoming)]

    def move():
        _move_into(incoming, stage.pk, lane.pk)
        _set_cell_order(model, stage.pk, lane.pk, [items[i] for i in ids])

    before, after = _moved(cells, model, move)
    verb = "moved" if incoming else "reordered"
    target = f"cell:{stage.pk}:{lane.pk}"
    return record_change(journey.pk, f"{label(model)}.{verb}", target, actor, before, after)
