"""Load a whole map in a fixed number of queries, however large it is.

Every view of a map (editor, projector, PDF, export) reads it through `load_map`, so the
query count stays constant as maps grow (tests assert it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q

from personas.models import Persona
from touchpoints.models import Metric, Touchpoint, TouchpointLink

from . import vocabulary
from .models import Card, Evidence, Goal, Journey, JourneyPersona, confidence_of


@dataclass
class MapData:
    journey: Journey
    stages: list
    lanes: list
    personas: list
    cards: list  # in map order: stage, lane, position
    touchpoints: list  # in map order: stage, position; each has .metrics_list and .next_list
    goals: list
    persona_filter: int | None = None
    persona_slots: dict = field(default_factory=dict)  # {persona id: colour slot}
    _cells: dict = field(default_factory=dict)

    def __post_init__(self):
        # Each persona's colour slot, computed here once for the editor, the cards, the
        # projector and the PDF: persona.slot, and item.persona_slot (0: no persona).
        self.persona_slots = vocabulary.persona_slots(p.pk for p in self.personas)
        for column, stage in enumerate(self.stages):
            stage.column = column  # its place on the page (within `stage_range`), from 0
        for persona in self.personas:
            persona.slot = self.persona_slots[persona.pk]
        for item in (*self.cards, *self.touchpoints):
            item.persona_slot = self.persona_slots.get(item.persona_id, 0)
        cells = defaultdict(lambda: {"cards": [], "touchpoints": []})
        for card in self.cards:
            cells[(card.stage_id, card.lane_id)]["cards"].append(card)
        for tp in self.touchpoints:
            cells[(tp.stage_id, tp.lane_id)]["touchpoints"].append(tp)
        self._cells = cells

    def cell(self, stage, lane):
        """{'cards': [...], 'touchpoints': [...]} of one cell, in order."""
        return self._cells.get((stage.pk, lane.pk), {"cards": [], "touchpoints": []})

    def rows(self):
        """[(lane, [(stage, cell), ...]), ...]: the grid, row by row, for templates."""
        return [
            (lane, [(stage, self.cell(stage, lane)) for stage in self.stages])
            for lane in self.lanes
        ]

    @property
    def persona_by_id(self):
        return {p.pk: p for p in self.personas}


def persona_slots_of(journey_id):
    """{persona id: colour slot} of one map, for a fragment that loads a single card or
    touchpoint rather than the whole map (one query); the same slots as MapData's."""
    ids = JourneyPersona.objects.filter(journey_id=journey_id).order_by("position", "id")
    return vocabulary.persona_slots(ids.values_list("persona_id", flat=True))


def _attach_personas(items, personas):
    """Give each item its persona object from the map's personas (faster than a join); one
    more query only if an item names a persona the map does not list (set in the admin)."""
    by_id = {p.pk: p for p in personas}
    missing = {i.persona_id for i in items if i.persona_id and i.persona_id not in by_id}
    if missing:
        by_id.update(Persona.objects.in_bulk(missing))
    for item in items:
        if item.persona_id:
            item.persona = by_id[item.persona_id]


def load_map(journey, persona_id=None, stage_range=None, cell=None):
    """Read a map with its stages, lanes, personas, cards, touchpoints (metrics, next) and goals.

    With `persona_id`, cards and touchpoints are limited to that persona and to those that
    belong to no persona (shared by everyone). With `stage_range` (first, last: stage numbers
    from 1, both included), stages and their cards and touchpoints are limited to that range.
    With `cell` (stage id, lane id), the map's frame (stages, lanes, personas) and only that
    cell's cards and touchpoints, with their metrics, links and goals: what a live update of
    one cell shows (journeys/pieces.py), in as many queries as the whole map.
    """
    if not isinstance(journey, Journey):
        journey = Journey.objects.select_related("owner").get(pk=journey)
    stages = list(journey.stages.all())
    if stage_range:
        stages = stages[stage_range[0] - 1 : stage_range[1]]
    lanes = list(journey.lanes.all())
    personas = [
        link.persona
        for link in JourneyPersona.objects.filter(journey=journey).select_related("persona")
    ]
    stage_pos = {s.pk: i for i, s in enumerate(stages)}
    lane_pos = {lane.pk: i for i, lane in enumerate(lanes)}

    in_cell = {"stage_id": cell[0], "lane_id": cell[1]} if cell else {}
    # Each item's evidence count comes with it (a join), not in a query of its own.
    counted = {"evidence_count": Count("evidence")}
    cards = list(Card.objects.filter(journey=journey, **in_cell).annotate(**counted))
    touchpoints = list(Touchpoint.objects.filter(journey=journey, **in_cell).annotate(**counted))
    for item in (*cards, *touchpoints):
        item.confidence_shown = confidence_of(item, item.evidence_count)
    _attach_personas(cards + touchpoints, personas)
    if persona_id:
        cards = [c for c in cards if c.persona_id in (None, persona_id)]
        touchpoints = [t for t in touchpoints if t.persona_id in (None, persona_id)]
    if stage_range:
        cards = [c for c in cards if c.stage_id in stage_pos]
        touchpoints = [t for t in touchpoints if t.stage_id in stage_pos]
    cards.sort(key=lambda c: (stage_pos[c.stage_id], lane_pos[c.lane_id], c.position, c.pk))
    touchpoints.sort(key=lambda t: (stage_pos[t.stage_id], t.position, t.pk))

    of_these = {"touchpoint__in": touchpoints} if cell else {"touchpoint__journey": journey}
    metrics = defaultdict(list)
    for metric in Metric.objects.filter(**of_these):
        metrics[metric.touchpoint_id].append(metric)
    next_ids = defaultdict(list)
    all_by_id = {t.pk: t for t in touchpoints}
    links = TouchpointLink.objects.filter(
        **({"source__in": touchpoints} if cell else {"source__journey": journey})
    )
    if cell:  # the links lead out of the cell: bring their ends along
        links = links.select_related("target")
    for link in links:
        next_ids[link.source_id].append(link.target_id)
        if cell and (not persona_id or link.target.persona_id in (None, persona_id)):
            all_by_id.setdefault(link.target_id, link.target)
    for tp in touchpoints:
        tp.metrics_list = metrics.get(tp.pk, [])
        # A filtered map drops links to touchpoints that are not shown.
        tp.next_list = [all_by_id[i] for i in next_ids.get(tp.pk, []) if i in all_by_id]

    goals = list(Goal.objects.filter(journey=journey, **(of_these if cell else {})))
    return MapData(
        journey=journey,
        stages=stages,
        lanes=lanes,
        personas=personas,
        cards=cards,
        touchpoints=touchpoints,
        goals=goals,
        persona_filter=persona_id,
    )


def attach_evidence_counts(items):
    """Give a few cards or touchpoints (of one kind) `evidence_count` and `confidence_shown`
    (observed, assumed or "": journeys.models.confidence_of), as load_map gives every item
    of a map; one query."""
    if not items:
        return
    column = "card" if isinstance(items[0], Card) else "touchpoint"
    links = getattr(Evidence, f"{column}s").through.objects.filter(**{f"{column}__in": items})
    counts = dict(
        links.values_list(f"{column}_id").annotate(n=Count("id")).values_list(f"{column}_id", "n")
    )
    for item in items:
        item.evidence_count = counts.get(item.pk, 0)
        item.confidence_shown = confidence_of(item, item.evidence_count)


class CurvePoint(NamedTuple):
    """What the emotion curve needs of a touchpoint, read without building model objects."""

    pk: int
    stage_id: int
    persona_id: int | None
    position: int
    emotion: int
    sentiment: str
    title: str


def load_curve(journey, persona_id=None):
    """(stages, points, personas) for the emotion curve alone, in three queries: the fragment
    that redraws after every edit reads no cards, lanes, metrics or links."""
    stages = list(journey.stages.all())
    links = JourneyPersona.objects.filter(journey=journey).select_related("persona")
    personas = [link.persona for link in links]
    rows = Touchpoint.objects.filter(journey=journey)
    if persona_id:
        rows = rows.filter(Q(persona_id=persona_id) | Q(persona__isnull=True))
    points = [CurvePoint(*row) for row in rows.values_list(*CurvePoint._fields)]
    return stages, points, personas
