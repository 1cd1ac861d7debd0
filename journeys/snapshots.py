"""What a change did, row by row, so it can be shown and reversed.

A state is {"card:12": {field: value, …} or None, …}: the rows a change touched, each as its
stored fields (foreign keys as ids) or None for "not there". The services write the state
before and after each change on the Change (`before`, `after`); undo puts `before` back with
`apply`, redo puts `after` back. A row's `version` and timestamps are not part of its state:
putting a state back is a new save (the version goes up, so open forms see it as changed).

The map's rows, parents first (the order rows are created in; deletes go the other way):
"""

from django.db.models import F, QuerySet
from django.db.models.deletion import Collector

from touchpoints.models import Metric, Touchpoint, TouchpointLink

from .models import Card, Goal, Journey, JourneyPersona, Lane, Stage

MODELS = [Journey, Stage, Lane, JourneyPersona, Card, Touchpoint, Metric, TouchpointLink, Goal]
BY_LABEL = {m._meta.model_name: m for m in MODELS}
NOT_STATE = {"id", "version", "created_at", "updated_at", "owner", "as_is"}


def fields_of(model):
    return [f.attname for f in model._meta.concrete_fields if f.name not in NOT_STATE and f.attname]


def key(model, pk):
    return f"{model._meta.model_name}:{pk}"


def parse(row_key):
    label, _, pk = row_key.partition(":")
    return BY_LABEL[label], int(pk)


def snapshot(groups):
    """The state of the rows {model: pks or a queryset of them}: one query per model. Of a
    list of pks, the rows not there are None; a queryset is read as one subquery."""
    state = {}
    for model, pks in groups.items():
        names = fields_of(model)
        if isinstance(pks, QuerySet):
            rows = model.objects.filter(pk__in=pks.values("pk"))
        else:
            pks = sorted(set(pks))
            rows = model.objects.filter(pk__in=pks)
            state.update((key(model, pk), None) for pk in pks)
        for row in rows.order_by("pk").values("id", *names):
            state[key(model, row["id"])] = {n: row[n] for n in names}
    return state


def groups_of(keys):
    groups = {}
    for row_key in keys:
        model, pk = parse(row_key)
        groups.setdefault(model, []).append(pk)
    return groups


def family(obj):
    """The rows saved with `obj`: a touchpoint's metrics and links go with it."""
    if isinstance(obj, Touchpoint):
        return {
            Touchpoint: [obj.pk],
            Metric: Metric.objects.filter(touchpoint=obj),
            TouchpointLink: TouchpointLink.objects.filter(source=obj),
        }
    return {type(obj): [obj.pk]}


def cascade(obj):
    """`obj` and every row of the map its delete takes with it (Django's own collector)."""
    collector = Collector(using="default")
    collector.collect([obj])
    groups = {}
    for model, rows in collector.data.items():
        if model in BY_LABEL.values():
            groups.setdefault(model, []).extend(row.pk for row in rows)
    for rows in collector.fast_deletes:  # (rows it deletes by query, without loading them)
        if rows.model in BY_LABEL.values():
            groups.setdefault(rows.model, []).extend(rows.values_list("pk", flat=True))
    return groups


def whole_map(journey_id):
    """Every row of a map: what a restore replaces."""
    tps = Touchpoint.objects.filter(journey_id=journey_id)
    return {
        Journey: [journey_id],
        Stage: Stage.objects.filter(journey_id=journey_id),
        Lane: Lane.objects.filter(journey_id=journey_id),
        JourneyPersona: JourneyPersona.objects.filter(journey_id=journey_id),
        Card: Card.objects.filter(journey_id=journey_id),
        Touchpoint: tps,
        Metric: Metric.objects.filter(touchpoint__in=tps),
        TouchpointLink: TouchpointLink.objects.filter(source__in=tps),
        Goal: Goal.objects.filter(journey_id=journey_id),
    }


def changed(before, after):
    """(before, after) cut to the rows that differ."""
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def differences(state):
    """The keys of `state` whose rows are no longer as it says: someone changed them since."""
    current = snapshot(groups_of(state))
    return [k for k, row in state.items() if current.get(k) != row]


def place_of(state):
    """(stage id, lane id) a state is about, for the history's filters: the first row that
    names them (a stage or lane is its own place)."""
    stage_id = lane_id = None
    for row_key, row in state.items():
        model, pk = parse(row_key)
        row = row or {}
        stage_id = stage_id or (pk if model is Stage else row.get("stage_id"))
        lane_id = lane_id or (pk if model is Lane else row.get("lane_id"))
        if stage_id and lane_id:
            break
    return stage_id, lane_id


def apply(state):
    """Make the rows as `state` says: delete what is None, update what is there, re-create what
    is gone (same id). Positions are parked on negative slots first, so the unique position
    constraints hold after every statement. The caller holds the map's lock."""
    groups = {m: {} for m in MODELS}
    for row_key, row in state.items():
        model, pk = parse(row_key)
        groups[model][pk] = row
    for model in reversed(MODELS):
        gone = [pk for pk, row in groups[model].items() if row is None]
        if gone:
            model.objects.filter(pk__in=gone).delete()
    for model in MODELS:
        rows = {pk: row for pk, row in groups[model].items() if row is not None}
        if rows and "position" in fields_of(model):
            model.objects.filter(pk__in=rows).update(position=-F("pk"))
    for model in MODELS:
        rows = {pk: row for pk, row in groups[model].items() if row is not None}
        if not rows:
            continue
        names = fields_of(model)
        existing = set(model.objects.filter(pk__in=rows).values_list("pk", flat=True))
        model.objects.bulk_update([model(pk=pk, **rows[pk]) for pk in existing], names)
        if hasattr(model, "version"):
            model.objects.filter(pk__in=existing).update(version=F("version") + 1)
        model.objects.bulk_create(
            [model(pk=pk, **row) for pk, row in rows.items() if pk not in existing]
        )
