"""The history's services: changes carry the rows before and after; named versions; restore;
undo and redo; duplicate as future state."""

import pytest

from history import services as history
from history.models import Version
from journeys import services
from journeys.interchange import dumps, export_document
from journeys.models import Card, Change, Goal, Journey, Lane, Stage
from journeys.sample_maps import build_map
from touchpoints import services as tp_services
from touchpoints.models import Metric, Touchpoint
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=24, personas=1)


def exported(journey):
    return dumps(export_document(Journey.objects.get(pk=journey.pk)))


# --- what a change carries -------------------------------------------------------------------


def test_an_update_carries_the_card_before_and_after_who_and_when(journey):
    card = journey.cards.first()
    old = card.text
    card.text = "새 내용"
    change = services.update(card, card.version, ["text"], "maria")
    change.refresh_from_db()
    key = f"card:{card.pk}"
    assert change.before[key]["text"] == old and change.after[key]["text"] == "새 내용"
    assert (change.actor, change.stage_id, change.lane_id) == ("maria", card.stage_id, card.lane_id)
    assert change.at is not None


def test_create_delete_and_move_carry_their_rows(journey):
    stage = journey.stages.first()
    created = services.add_last(Stage(journey=journey, name="New"), journey.stages.all(), "maria")
    assert created.before == {f"stage:{created.target.split(':')[1]}": None}
    deleted = services.delete(stage, "maria")
    cascaded = {k.split(":")[0] for k in deleted.before}
    assert {"stage", "card", "touchpoint"} <= cascaded
    assert all(row is None for row in deleted.after.values())
    lane = journey.lanes.first()
    moved = services.step(lane, journey.lanes.all(), 1, "maria")
    assert moved.before[f"lane:{lane.pk}"]["position"] == 0
    assert moved.after[f"lane:{lane.pk}"]["position"] == 1


def test_a_touchpoint_edit_carries_its_metrics(journey):
    tp = Touchpoint.objects.filter(journey=journey).first()
    metric = Metric(name="NPS", value=10)
    change = tp_services.update_touchpoint(tp, tp.version, ["title"], [metric], [], [], "maria")
    assert change.before[f"metric:{metric.pk}"] is None
    assert change.after[f"metric:{metric.pk}"]["value"] == 10


# --- named versions --------------------------------------------------------------------------


def test_a_named_version_keeps_the_interchange_document(journey, user):
    version = history.save_version(journey, "Before the workshop", "first draft", user)
    assert version.document == exported(journey)
    assert version.change_id == Change.objects.filter(journey=journey).latest("pk").pk


def test_ending_a_workshop_saves_a_version(journey, user):
    workshop = workshop_services.start_workshop(journey, actor=user.username)
    workshop_services.end_workshop(workshop, user.username)
    version = Version.objects.get(journey=journey)
    assert version.author == user and version.document == exported(journey)
    workshop_services.end_workshop(workshop, user.username)  # ending twice: one version
    assert Version.objects.filter(journey=journey).count() == 1


# --- restore ---------------------------------------------------------------------------------


def edit_a_lot(journey, actor="maria"):
    """Mixed edits, moves and deletes, through the services."""
    card = journey.cards.order_by("pk").first()
    card.text = "edited"
    services.update(card, card.version, ["text"], actor)
    stage_ids = list(journey.stages.values_list("pk", flat=True))
    services.nudge(card, "right", stage_ids, actor)
    services.nudge(Card.objects.order_by("pk")[3], "down", stage_ids, actor)
    services.delete(Touchpoint.objects.filter(journey=journey).first(), actor)
    services.step(journey.lanes.first(), journey.lanes.all(), 1, actor)
    services.add_last(
        Goal(journey=journey, text="Fewer calls"), Goal.objects.filter(journey=journey), actor
    )
    services.delete(journey.stages.last(), actor)
    services.add_last(Lane(journey=journey, title="More"), journey.lanes.all(), actor)
    tp = Touchpoint.objects.filter(journey=journey).last()
    tp.emotion = -3
    tp_services.update_touchpoint(tp, tp.version, ["emotion"], [Metric(name="CSAT")], [], [], actor)
    return Change.objects.filter(journey=journey, actor=actor).count()  # the steps to undo


def test_restore_gives_back_the_versions_document_byte_for_byte(journey, user):
    version = history.save_version(journey, "v1")
    edit_a_lot(journey)
    assert exported(journey) != version.document
    personas_before = user.personas.count()
    change = history.restore(version, "maria")
    assert exported(journey) == version.document
    assert change.action == "history.restored"
    assert user.personas.count() == personas_before  # the same personas, not copies


def test_a_restore_can_be_undone_and_nothing_is_lost(journey):
    version = history.save_version(journey, "v1")
    edit_a_lot(journey)
    edited = exported(journey)
    history.restore(version, "maria")
    history.undo(journey, "maria")
    assert exported(journey) == edited
    history.redo(journey, "maria")
    assert exported(journey) == version.document


# --- undo and redo ---------------------------------------------------------------------------


def test_undo_after_mixed_edits_moves_and_deletes_gives_back_the_earlier_state(journey):
    start = exported(journey)
    steps = edit_a_lot(journey)
    assert steps >= 8
    end = exported(journey)
    for _ in range(steps):
        history.undo(journey, "maria")
    assert exported(journey) == start
    with pytest.raises(history.Refused):
        history.undo(journey, "maria")
    for _ in range(steps):
        history.redo(journey, "maria")
    assert exported(journey) == end


def test_undo_takes_only_ones_own_changes(journey):
    card, other = journey.cards.order_by("pk")[:2]
    card.text = "maria's"
    services.update(card, card.version, ["text"], "maria")
    other.text = "eve's"
    services.update(other, other.version, ["text"], "eve")
    history.undo(journey, "maria")
    assert Card.objects.get(pk=card.pk).text != "maria's"
    assert Card.objects.get(pk=other.pk).text == "eve's"


def test_undo_is_refused_when_someone_else_changed_the_same_item_since(journey):
    card = journey.cards.first()
    card.text = "maria's"
    services.update(card, card.version, ["text"], "maria")
    card.refresh_from_db()
    card.text = "eve's"
    services.update(card, card.version, ["text"], "eve")
    count = Change.objects.count()
    with pytest.raises(history.Refused, match="eve has changed the same item since"):
        history.undo(journey, "maria")
    assert Card.objects.get(pk=card.pk).text == "eve's" and Change.objects.count() == count


def test_a_new_edit_ends_what_can_be_redone(journey):
    card, other = journey.cards.order_by("pk")[:2]
    card.text = "one"
    services.update(card, card.version, ["text"], "maria")
    history.undo(journey, "maria")
    other.text = "two"
    services.update(other, other.version, ["text"], "maria")
    with pytest.raises(history.Refused):
        history.redo(journey, "maria")


def test_undo_bumps_the_version_so_open_forms_are_stale(journey):
    card = journey.cards.first()
    card.text = "one"
    services.update(card, card.version, ["text"], "maria")
    seen = Card.objects.get(pk=card.pk).version
    history.undo(journey, "maria")
    assert Card.objects.get(pk=card.pk).version > seen


# --- duplicate as future state ---------------------------------------------------------------


def test_duplicate_as_future_state_links_the_to_be_map_to_its_as_is(journey, user):
    future = history.duplicate_as_future_state(journey, user)
    assert future.kind == Journey.Kind.FUTURE_STATE and future.as_is == journey
    assert list(journey.future_states.all()) == [future]
    assert future.cards.count() == journey.cards.count()
