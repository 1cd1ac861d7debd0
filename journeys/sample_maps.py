"""Sample maps of a given size, built in a handful of bulk inserts.

The benchmarks (bench/), the tests and demos all need maps of a known shape: a few stages
and lanes, `items` cards and touchpoints spread over the cells, personas, metrics and
touchpoint links. They are built here, in core, so that bench/ and the app never import from
tests/. The builders write rows directly (bulk_create), not through the services: they make
a starting state, not edits, so they record one change only ("journey.created"), which gives
the live views a first event id.
"""

from journeys.changes import record_change
from journeys.models import Card, Journey, JourneyPersona, Lane, Stage
from personas.models import Persona
from touchpoints.models import Metric, Touchpoint, TouchpointLink

LANE_KINDS = [
    "actions",
    "thoughts",
    "emotions",
    "touchpoints",
    "pain_points",
    "opportunities",
    "goals",
    "backstage",
]


def build_map(owner, stages=5, lanes=8, items=40, personas=2, title="Test map"):
    """A map with `items` cards and touchpoints spread over its cells (half each)."""
    journey = Journey.objects.create(owner=owner, title=title, locale="en")
    stage_rows = Stage.objects.bulk_create(
        Stage(journey=journey, position=i, name=f"Stage {i + 1}") for i in range(stages)
    )
    lane_rows = Lane.objects.bulk_create(
        Lane(
            journey=journey, position=i, kind=LANE_KINDS[i % len(LANE_KINDS)], title=f"Lane {i + 1}"
        )
        for i in range(lanes)
    )
    persona_rows = Persona.objects.bulk_create(
        Persona(
            owner=owner, workspace=journey.workspace, name=f"Persona {i + 1}", segment="Segment"
        )
        for i in range(personas)
    )
    JourneyPersona.objects.bulk_create(
        JourneyPersona(journey=journey, persona=p, position=i) for i, p in enumerate(persona_rows)
    )
    tp_lane = next((lane for lane in lane_rows if lane.kind == "touchpoints"), lane_rows[0])
    text_lanes = [lane for lane in lane_rows if lane is not tp_lane] or lane_rows
    n_cards = items // 2
    cards, positions = [], {}
    for i in range(n_cards):
        stage, lane = stage_rows[i % stages], text_lanes[(i // stages) % len(text_lanes)]
        pos = positions.setdefault((stage.pk, lane.pk), 0)
        positions[(stage.pk, lane.pk)] = pos + 1
        persona = persona_rows[i % len(persona_rows)] if persona_rows and i % 3 else None
        cards.append(
            Card(
                journey=journey,
                stage=stage,
                lane=lane,
                position=pos,
                text=f"Card {i + 1}",
                persona=persona,
                votes=i % 4,
            )
        )
    Card.objects.bulk_create(cards)
    tps, tp_positions = [], {}
    for i in range(items - n_cards):
        stage = stage_rows[i % stages]
        pos = tp_positions.setdefault(stage.pk, 0)
        tp_positions[stage.pk] = pos + 1
        tps.append(
            Touchpoint(
                journey=journey,
                stage=stage,
                lane=tp_lane,
                position=pos,
                title=f"Touchpoint {i + 1}",
                channel=["website", "app", "email", "store"][i % 4],
                sentiment=["positive", "neutral", "negative"][i % 3],
                emotion=(i % 7) - 3,
                persona=persona_rows[i % len(persona_rows)] if persona_rows else None,
                goal="Goal" if i % 2 else "",
            )
        )
    tps = Touchpoint.objects.bulk_create(tps)
    Metric.objects.bulk_create(
        Metric(touchpoint=t, name="NPS", value=30, target=40) for t in tps[::2]
    )
    TouchpointLink.objects.bulk_create(
        TouchpointLink(source=a, target=b) for a, b in zip(tps, tps[1:], strict=False)
    )
    # Built in bulk, outside the services: one change says the map exists.
    record_change(journey.pk, "journey.created", f"journey:{journey.pk}")
    return journey


def build_large_map(owner):
    """The large map of the issues: 12 stages, 8 lanes, 600 cards and touchpoints, 4 personas."""
    return build_map(owner, stages=12, lanes=8, items=600, personas=4, title="Large map")
