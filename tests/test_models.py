import pytest
from django.db import IntegrityError, transaction

from journeys.mapdata import load_map
from journeys.models import Card, Stage
from journeys.ordering import renumber
from journeys.sample_maps import build_large_map, build_map
from personas.models import Persona
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def test_database_refuses_emotion_out_of_range(user):
    journey = build_map(user, items=2)
    tp = Touchpoint.objects.filter(journey=journey).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Touchpoint.objects.filter(pk=tp.pk).update(emotion=4)


def test_database_refuses_negative_votes(user):
    journey = build_map(user, items=2)
    card = Card.objects.filter(journey=journey).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(votes=-1)


def test_database_refuses_two_stages_in_one_position(user):
    journey = build_map(user, stages=2, items=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(journey=journey, position=0, name="Duplicate")


def test_renumber_reverses_stage_order(user):
    journey = build_map(user, stages=4, items=0)
    stages = list(journey.stages.all())
    renumber(reversed(stages))
    assert [s.name for s in journey.stages.all()] == ["Stage 4", "Stage 3", "Stage 2", "Stage 1"]


def test_load_map_query_count_does_not_grow(user, django_assert_max_num_queries):
    small = build_map(user, stages=3, lanes=3, items=10, personas=1)
    large = build_large_map(user)
    with django_assert_max_num_queries(9):
        data = load_map(small.pk)
    with django_assert_max_num_queries(9):
        data = load_map(large.pk)
    assert len(data.stages) == 12 and len(data.lanes) == 8
    assert len(data.cards) + len(data.touchpoints) == 600
    assert len(data.personas) == 4


def test_load_map_finds_a_persona_the_map_does_not_list(user):
    journey = build_map(user, stages=1, lanes=1, items=2, personas=1)
    stranger = Persona.objects.create(owner=user, name="Set in the admin")
    Card.objects.filter(journey=journey).update(persona=stranger)
    data = load_map(journey.pk)
    assert {c.persona.name for c in data.cards} == {"Set in the admin"}


def test_emotion_curve_joins_shared_touchpoints_into_a_filtered_personas_line(user):
    from journeys.emotion_curve import curve_lines, emotion_curve_svg

    journey = build_map(user, stages=3, lanes=4, items=0, personas=2)
    stages, persona = list(journey.stages.all()), journey.personas.first()
    lane = journey.lanes.get(kind="touchpoints")
    for i, (who, emotion) in enumerate([(persona, 2), (None, -1), (persona, 3)]):
        Touchpoint.objects.create(
            journey=journey, stage=stages[i], lane=lane, title=f"T{i}", emotion=emotion, persona=who
        )
    everyone = load_map(journey.pk)
    assert [
        label
        for label, _, _ in curve_lines(everyone.stages, everyone.touchpoints, everyone.personas)
    ] == [
        "All customers",
        persona.name,
    ]
    filtered = load_map(journey.pk, persona_id=persona.pk)
    lines = curve_lines(filtered.stages, filtered.touchpoints, filtered.personas, persona.pk)
    assert [(label, [t.title for *_, t in points]) for label, _, points in lines] == [
        (persona.name, ["T0", "T1", "T2"])
    ]
    svg = emotion_curve_svg(everyone.stages, everyone.touchpoints, everyone.personas)
    assert "−1" in svg and "+3" in svg and "-1" not in svg
