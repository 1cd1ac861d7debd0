"""Research behind the map: evidence items, observed/assumed marks, and their services."""

import datetime

import pytest
from django.db import IntegrityError

from journeys import services
from journeys.models import Card, Change, Confidence, Evidence, confidence_of
from journeys.sample_maps import build_map
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=12, personas=1)


def log(journey):
    return list(
        Change.objects.filter(journey=journey)
        .order_by("pk")
        .values_list("action", "target", "actor")
    )


def test_evidence_backing_an_assumed_card_makes_it_observed_and_logs_the_card(journey):
    card = journey.cards.first()
    tp = Touchpoint.objects.filter(journey=journey).first()
    card.confidence = Confidence.ASSUMED
    card.save()
    version = card.version
    before = log(journey)
    evidence = Evidence(
        journey=journey,
        kind=Evidence.Kind.QUOTE,
        text="“예약 화면에서 길을 잃었어요.”",
        source="Interview 3",
        date=datetime.date(2026, 11, 2),
        respondents=1,
    )
    change = services.add_evidence(evidence, "maria", cards=[card], touchpoints=[tp])
    card.refresh_from_db()
    assert card.confidence == "" and card.version == version + 1
    assert confidence_of(card, 1) == "observed" and confidence_of(card, 0) == ""
    assert list(card.evidence.all()) == [evidence] and list(tp.evidence.all()) == [evidence]
    assert log(journey) == before + [
        ("card.evidenced", f"card:{card.pk}", "maria"),
        ("touchpoint.evidenced", f"touchpoint:{tp.pk}", "maria"),
    ]
    assert change.action == "touchpoint.evidenced"


def test_an_item_marked_assumed_stays_assumed_whatever_its_evidence(journey):
    card = journey.cards.first()
    card.confidence = Confidence.ASSUMED
    assert confidence_of(card, 3) == "assumed"
    card.confidence = Confidence.OBSERVED
    assert confidence_of(card, 0) == "observed"


def test_evidence_takes_the_next_position_and_research_on_stages_alone_is_logged(journey):
    stage = journey.stages.first()
    first = Evidence(journey=journey, kind="survey", text="NPS 31", respondents=412)
    services.add_evidence(first, "maria", stages=[stage])
    second = Evidence(journey=journey, kind="analytics", text="62% leave at step 2")
    services.add_evidence(second, "maria")
    assert (first.position, second.position) == (0, 1)
    assert log(journey)[-2:] == [
        ("evidence.created", f"evidence:{first.pk}", "maria"),
        ("evidence.created", f"evidence:{second.pk}", "maria"),
    ]
    assert list(stage.evidence.all()) == [first]


def test_deleting_evidence_logs_each_item_it_backed(journey):
    card = journey.cards.first()
    evidence = Evidence(journey=journey, kind="observation", text="Queues at the desk")
    services.add_evidence(evidence, "maria", cards=[card])
    change = services.delete_evidence(evidence, "eve")
    assert (change.action, change.target, change.actor) == (
        "card.evidenced",
        f"card:{card.pk}",
        "eve",
    )
    assert not card.evidence.exists()
    with pytest.raises(services.Stale):
        services.delete_evidence(evidence, "eve")


def test_the_database_refuses_an_unknown_confidence_or_kind(journey):
    with pytest.raises(IntegrityError):
        Card.objects.filter(pk=journey.cards.first().pk).update(confidence="maybe")


def test_the_database_refuses_an_unknown_evidence_kind(journey):
    with pytest.raises(IntegrityError):
        Evidence.objects.create(journey=journey, kind="rumour", text="x")


def test_deleting_a_card_keeps_the_evidence_and_drops_the_link(journey):
    card = journey.cards.first()
    evidence = Evidence(journey=journey, kind="quote", text="Too slow")
    services.add_evidence(evidence, "maria", cards=[card])
    services.delete(card, "maria")
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert not evidence.cards.exists()
