"""The write services: each checks, writes and records its change in one transaction."""

import pytest

from journeys import services
from journeys.models import Card, Change, Stage
from journeys.sample_maps import build_map
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=24, personas=1)


def log(journey):
    return list(
        Change.objects.filter(journey=journey).order_by("pk").values_list("action", "actor")
    )


def test_add_last_puts_the_item_after_its_siblings_and_records_who(journey):
    stage = Stage(journey=journey, name="옹호")
    change = services.add_last(stage, journey.stages.all(), "maria")
    assert stage.position == 2 + 1
    assert (change.action, change.target, change.actor) == (
        "stage.created",
        f"stage:{stage.pk}",
        "maria",
    )


def test_a_stale_update_writes_nothing_and_records_nothing(journey):
    card = journey.cards.first()
    before = log(journey)
    card.text = "first"
    services.update(card, card.version, ["text"], "maria")
    stale = Card.objects.get(pk=card.pk)
    stale.text = "second"
    with pytest.raises(services.Stale):
        services.update(stale, stale.version - 1, ["text"], "eve")
    assert Card.objects.get(pk=card.pk).text == "first"
    assert log(journey) == before + [("card.saved", "maria")]


def test_delete_with_an_old_version_is_refused(journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    with pytest.raises(services.Stale):
        services.delete(tp, "maria", version=tp.version + 1)
    assert Touchpoint.objects.filter(pk=tp.pk).exists()
    change = services.delete(tp, "maria", version=tp.version)
    assert (
        change.action == "touchpoint.deleted" and not Touchpoint.objects.filter(pk=tp.pk).exists()
    )


def test_step_moves_a_stage_and_does_nothing_at_the_edge(journey):
    first, second, third = journey.stages.all()
    assert services.step(first, journey.stages.all(), -1, "maria") is None
    services.step(first, journey.stages.all(), 1, "maria")
    assert list(journey.stages.all()) == [second, first, third]


def test_reorder_needs_every_stage_exactly_once(journey):
    ids = list(journey.stages.values_list("pk", flat=True))
    for wrong in (ids[:2], ids + ids[:1], None):
        with pytest.raises(services.Stale):
            services.reorder(journey, journey.stages.all(), wrong, "maria")
    services.reorder(journey, journey.stages.all(), ids[::-1], "maria")
    assert list(journey.stages.values_list("pk", flat=True)) == ids[::-1]


def test_nudge_moves_a_card_to_the_next_stage_and_closes_the_gap(journey):
    card = Card.objects.filter(journey=journey).order_by("stage__position", "position").first()
    source = list(Card.objects.filter(stage_id=card.stage_id, lane_id=card.lane_id))
    stage_ids = list(journey.stages.values_list("pk", flat=True))
    change = services.nudge(card, "right", stage_ids, "maria")
    assert change.action == "card.moved"
    card.refresh_from_db()
    assert card.stage_id == stage_ids[1]
    left = Card.objects.filter(stage_id=stage_ids[0], lane_id=card.lane_id)
    assert [c.position for c in left] == list(range(len(source) - 1))


def test_drop_of_an_unknown_item_is_stale(journey, other_user):
    stranger = build_map(other_user, stages=1, lanes=1, items=2, personas=0)
    stage, lane = journey.stages.first(), journey.lanes.first()
    with pytest.raises(services.Stale):
        services.drop(Card, journey, stage, lane, [stranger.cards.first().pk], "maria")
