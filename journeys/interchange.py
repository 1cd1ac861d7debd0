"""The journey-map interchange format, version 1 (see spec/journey-map-format.md).

One serializer for import, export, templates, duplication and snapshots: `import_document`
writes a map atomically from a document that journeys/validation.py finds no problem in,
`export_document` reads one back in map order with stable keys, and `dumps` gives
deterministic JSON text.
"""

import json
from collections import defaultdict
from datetime import date

from django.db import transaction

from personas.models import Persona
from touchpoints.models import Metric, Touchpoint, TouchpointLink, sorted_history

from .changes import record_change
from .mapdata import load_map
from .models import Card, Evidence, Goal, Journey, JourneyPersona, Lane, Stage
from .validation import FORMAT, VERSION, InterchangeError, validate

PERSONA_LISTS = ["goals", "pain_points", "motivations", "channels"]
DEFAULT_TOUCHPOINT_LANE_TITLE = {"ko": "접점", "en": "Touchpoints"}


def details_of(doc):
    """The map's own fields as a document gives them."""
    return {
        "title": doc["title"],
        "description": doc.get("description", ""),
        "kind": doc.get("kind", Journey.Kind.CURRENT_STATE),
        "locale": doc.get("locale", ""),
    }


@transaction.atomic
def import_document(doc, owner, title=None, workspace=None, **fields):
    """Create a map for `owner` from a document, in `workspace` (else `owner`'s personal one);
    writes nothing unless all of it is valid. `fields` set the map's own fields over the
    document's (a duplicate's kind)."""
    problems = validate(doc)
    if problems:
        raise InterchangeError(problems)
    details = {**details_of(doc), **({"title": title} if title else {}), **fields}
    journey = Journey.objects.create(owner=owner, workspace=workspace, **details)
    write_parts(journey, doc, owner)
    record_change(journey.pk, "journey.imported", f"journey:{journey.pk}")
    return journey


def write_parts(journey, doc, owner, reuse=()):
    """Write a valid document's personas, stages, lanes, cards, touchpoints and goals into
    `journey` (which has none). A persona of `reuse` that the document describes exactly is
    attached again rather than copied into the owner's library once more (a restore)."""
    locale = doc.get("locale", "")
    persona_docs = doc.get("personas", [])
    reusable = {json.dumps(_persona_fields(p)): p for p in reuse}
    personas = [
        reusable.pop(json.dumps({k: v for k, v in p.items() if k != "id"}), None)
        or Persona(
            owner=owner,
            workspace=journey.workspace,
            name=p["name"],
            segment=p.get("segment", ""),
            age=p.get("age", ""),
            bio=p.get("bio", ""),
            quote=p.get("quote", ""),
            **{name: list(p.get(name, [])) for name in PERSONA_LISTS},
        )
        for p in persona_docs
    ]
    Persona.objects.bulk_create([p for p in personas if p.pk is None])
    JourneyPersona.objects.bulk_create(
        JourneyPersona(journey=journey, persona=p, position=i) for i, p in enumerate(personas)
    )
    persona_by_key = {p["id"]: row for p, row in zip(persona_docs, personas, strict=True)}

    stage_docs = doc["stages"]
    stages = Stage.objects.bulk_create(
        Stage(
            journey=journey,
            position=i,
            name=s["name"],
            description=s.get("description", ""),
            phase=s.get("phase", ""),
        )
        for i, s in enumerate(stage_docs)
    )
    stage_by_key = {s["id"]: row for s, row in zip(stage_docs, stages, strict=True)}

    lane_docs = doc.get("lanes", [])
    lanes = Lane.objects.bulk_create(
        Lane(journey=journey, position=i, kind=lane["kind"], title=lane["title"])
        for i, lane in enumerate(lane_docs)
    )
    lane_by_key = {lane["id"]: row for lane, row in zip(lane_docs, lanes, strict=True)}

    touchpoint_docs = doc.get("touchpoints", [])
    default_lane = next((lane for lane in lanes if lane.kind == Lane.Kind.TOUCHPOINTS), None)
    if default_lane is None and any("lane" not in t for t in touchpoint_docs):
        # The format puts a lane-less touchpoint in the first touchpoints lane; make one.
        default_lane = Lane.objects.create(
            journey=journey,
            position=len(lanes),
            kind=Lane.Kind.TOUCHPOINTS,
            title=DEFAULT_TOUCHPOINT_LANE_TITLE.get(locale.split("-")[0], "Touchpoints"),
        )

    cell_counts = defaultdict(int)
    cards = []
    for c in doc.get("cards", []):
        stage, lane = stage_by_key[c["stage"]], lane_by_key[c["lane"]]
        cards.append(
            Card(
                journey=journey,
                stage=stage,
                lane=lane,
                position=cell_counts[(stage.pk, lane.pk)],
                text=c["text"],
                persona=persona_by_key.get(c.get("persona")),
                votes=c.get("votes", 0),
                confidence=c.get("confidence", ""),
            )
        )
        cell_counts[(stage.pk, lane.pk)] += 1
    Card.objects.bulk_create(cards)
    card_by_key = {
        c["id"]: row for c, row in zip(doc.get("cards", []), cards, strict=True) if "id" in c
    }

    stage_counts = defaultdict(int)
    touchpoints = []
    for t in touchpoint_docs:
        stage = stage_by_key[t["stage"]]
        touchpoints.append(
            Touchpoint(
                journey=journey,
                stage=stage,
                lane=lane_by_key[t["lane"]] if "lane" in t else default_lane,
                position=stage_counts[stage.pk],
                title=t["title"],
                description=t.get("description", ""),
                channel=t.get("channel", ""),
                sentiment=t.get("sentiment", Touchpoint.Sentiment.NEUTRAL),
                emotion=t.get("emotion", 0),
                persona=persona_by_key.get(t.get("persona")),
                owner=t.get("owner", ""),
                goal=t.get("goal", ""),
                confidence=t.get("confidence", ""),
            )
        )
        stage_counts[stage.pk] += 1
    touchpoints = Touchpoint.objects.bulk_create(touchpoints)
    tp_by_key = {t["id"]: row for t, row in zip(touchpoint_docs, touchpoints, strict=True)}
    Metric.objects.bulk_create(
        Metric(
            touchpoint=row,
            position=j,
            name=m["name"],
            value=m.get("value"),
            target=m.get("target"),
            unit=m.get("unit", ""),
            history=sorted_history(m.get("history", [])),
        )
        for t, row in zip(touchpoint_docs, touchpoints, strict=True)
        for j, m in enumerate(t.get("metrics", []))
    )
    TouchpointLink.objects.bulk_create(
        TouchpointLink(source=row, target=tp_by_key[key], position=j)
        for t, row in zip(touchpoint_docs, touchpoints, strict=True)
        for j, key in enumerate(t.get("next", []))
    )
    Goal.objects.bulk_create(
        Goal(
            journey=journey,
            position=i,
            kind=g.get("kind", Goal.Kind.BUSINESS),
            text=g["text"],
            stage=stage_by_key.get(g.get("stage")),
            touchpoint=tp_by_key.get(g.get("touchpoint")),
            metric=g.get("metric", ""),
            target=g.get("target"),
            current=g.get("current"),
        )
        for i, g in enumerate(doc.get("goals", []))
    )
    _import_evidence(
        journey, doc.get("evidence", []), persona_by_key, stage_by_key, card_by_key, tp_by_key
    )


# What an evidence item backs: (document field, link table, its column, the keys' rows).
EVIDENCE_LINKS = [
    ("stages", Evidence.stages.through, "stage"),
    ("cards", Evidence.cards.through, "card"),
    ("touchpoints", Evidence.touchpoints.through, "touchpoint"),
]


def _import_evidence(journey, evidence_docs, persona_by_key, stage_by_key, card_by_key, tp_by_key):
    rows = Evidence.objects.bulk_create(
        Evidence(
            journey=journey,
            position=i,
            kind=e["kind"],
            text=e["text"],
            source=e.get("source", ""),
            date=date.fromisoformat(e["date"]) if "date" in e else None,
            respondents=e.get("respondents"),
            persona=persona_by_key.get(e.get("persona")),
        )
        for i, e in enumerate(evidence_docs)
    )
    rows_by_field = {"stages": stage_by_key, "cards": card_by_key, "touchpoints": tp_by_key}
    for field, through, column in EVIDENCE_LINKS:
        by_key = rows_by_field[field]
        through.objects.bulk_create(
            through(evidence=row, **{column: by_key[key]})
            for e, row in zip(evidence_docs, rows, strict=True)
            for key in dict.fromkeys(e.get(field, []))  # a key named twice links once
        )


def _number(value):
    """JSON numbers as written by people: 61 rather than 61.0."""
    return int(value) if float(value).is_integer() else value


def _compact(pairs):
    """Keep the fields that have a value, in the order given."""
    return {k: v for k, v in pairs if v not in (None, "", [])}


def _persona_fields(p):
    return _compact(
        [
            ("name", p.name),
            ("segment", p.segment),
            ("age", p.age),
            ("bio", p.bio),
            ("quote", p.quote),
            *((name, list(getattr(p, name) or [])) for name in PERSONA_LISTS),
        ]
    )


def export_document(journey, data=None):
    """The map as an interchange document: map order, short stable keys, no empty fields.
    `data`: the whole map as load_map read it, when the caller has it already (the PDF)."""
    data = data or load_map(journey)
    journey = data.journey
    persona_key = {p.pk: f"p{i}" for i, p in enumerate(data.personas, 1)}
    stage_key = {s.pk: f"s{i}" for i, s in enumerate(data.stages, 1)}
    lane_key = {lane.pk: f"l{i}" for i, lane in enumerate(data.lanes, 1)}
    tp_key = {t.pk: f"t{i}" for i, t in enumerate(data.touchpoints, 1)}
    card_key = {c.pk: f"c{i}" for i, c in enumerate(data.cards, 1)}

    def number(value):
        return None if value is None else _number(value)

    return _compact(
        [
            ("format", FORMAT),
            ("version", VERSION),
            ("title", journey.title),
            ("description", journey.description),
            ("kind", journey.kind),
            ("locale", journey.locale),
            (
                "personas",
                [{"id": persona_key[p.pk], **_persona_fields(p)} for p in data.personas],
            ),
            (
                "stages",
                [
                    _compact(
                        [
                            ("id", stage_key[s.pk]),
                            ("name", s.name),
                            ("description", s.description),
                            ("phase", s.phase),
                        ]
                    )
                    for s in data.stages
                ],
            ),
            (
                "lanes",
                [
                    {"id": lane_key[lane.pk], "kind": lane.kind, "title": lane.title}
                    for lane in data.lanes
                ],
            ),
            (
                "cards",
                [
                    _compact(
                        [
                            ("id", card_key[c.pk]),
                            ("stage", stage_key[c.stage_id]),
                            ("lane", lane_key[c.lane_id]),
                            ("text", c.text),
                            ("persona", persona_key.get(c.persona_id)),
                            ("votes", c.votes or None),
                            ("confidence", c.confidence),
                        ]
                    )
                    for c in data.cards
                ],
            ),
            (
                "touchpoints",
                [
                    _compact(
                        [
                            ("id", tp_key[t.pk]),
                            ("stage", stage_key[t.stage_id]),
                            ("lane", lane_key[t.lane_id]),
                            ("title", t.title),
                            ("description", t.description),
                            ("channel", t.channel),
                            ("sentiment", t.sentiment),
                            ("emotion", t.emotion),
                            ("persona", persona_key.get(t.persona_id)),
                            ("owner", t.owner),
                            ("goal", t.goal),
                            (
                                "metrics",
                                [
                                    _compact(
                                        [
                                            ("name", m.name),
                                            ("value", number(m.value)),
                                            ("target", number(m.target)),
                                            ("unit", m.unit),
                                            (
                                                "history",
                                                [
                                                    {"date": h["date"], "value": number(h["value"])}
                                                    for h in m.history
                                                ],
                                            ),
                                        ]
                                    )
                                    for m in t.metrics_list
                                ],
                            ),
                            ("next", [tp_key[n.pk] for n in t.next_list]),
                            ("confidence", t.confidence),
                        ]
                    )
                    for t in data.touchpoints
                ],
            ),
            (
                "goals",
                [
                    _compact(
                        [
                            ("id", f"g{i}"),
                            ("kind", g.kind),
                            ("text", g.text),
                            ("stage", stage_key.get(g.stage_id)),
                            ("touchpoint", tp_key.get(g.touchpoint_id)),
                            ("metric", g.metric),
                            ("target", number(g.target)),
                            ("current", number(g.current)),
                        ]
                    )
                    for i, g in enumerate(data.goals, 1)
                ],
            ),
            ("evidence", _export_evidence(journey, persona_key, stage_key, card_key, tp_key)),
        ]
    )


def _export_evidence(journey, persona_key, stage_key, card_key, tp_key):
    """The map's evidence in its order; what each backs in map order (keys sort by place)."""
    keys = {"stages": stage_key, "cards": card_key, "touchpoints": tp_key}
    backs = defaultdict(lambda: defaultdict(list))
    for field, through, column in EVIDENCE_LINKS:
        key_of, order = keys[field], {pk: n for n, pk in enumerate(keys[field])}
        links = through.objects.filter(evidence__journey=journey).values_list(
            "evidence_id", f"{column}_id"
        )
        for evidence_id, pk in sorted(links, key=lambda link: order.get(link[1], -1)):
            if pk in key_of:
                backs[evidence_id][field].append(key_of[pk])
    return [
        _compact(
            [
                ("id", f"e{i}"),
                ("kind", e.kind),
                ("text", e.text),
                ("source", e.source),
                ("date", e.date.isoformat() if e.date else None),
                ("respondents", e.respondents),
                ("persona", persona_key.get(e.persona_id)),
                *((field, backs[e.pk][field]) for field in keys),
            ]
        )
        for i, e in enumerate(Evidence.objects.filter(journey=journey), 1)
    ]


def dumps(doc):
    """Deterministic JSON text: UTF-8 as is (Korean stays readable), two-space indent."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def duplicate_journey(journey, owner, title=None, **fields):
    """A copy of a map by `owner`, in its workspace, made through the interchange format like
    every other copy."""
    return import_document(
        export_document(journey), owner, title=title, workspace=journey.workspace, **fields
    )
