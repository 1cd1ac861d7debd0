"""Compare: every added, removed, moved and changed item of a generated pair of maps is found,
and nothing else is marked."""

import copy
import random

import pytest

from history.compare import ADDED, CHANGED, MOVED, REMOVED, compare, summary
from journeys.interchange import export_document
from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(user):
    return export_document(build_map(user, stages=5, lanes=6, items=120, personas=2))


def found(result, kind, mark, side):
    keys = {
        ka if side == "a" else kb
        for k, ka, kb, marks in result.pairs
        if k == kind and mark in marks
    }
    return keys


def generated_pair(doc, seed):
    """`doc` and a copy changed at random, with what was done to which item."""
    rng = random.Random(seed)
    a, b = doc, copy.deepcopy(doc)
    cards = b["cards"]
    picked = rng.sample(range(len(cards)), 24)
    removed = {cards[i]["id"] for i in picked[:6]}
    moved = set()
    for i in picked[6:12]:  # to another stage, same lane
        card = cards[i]
        others = [s["id"] for s in b["stages"] if s["id"] != card["stage"]]
        card["stage"] = rng.choice(others)
        moved.add(card["id"])
    changed = set()
    for i in picked[12:18]:
        cards[i]["text"] += " (reworded)"
        changed.add(cards[i]["id"])
    for i in picked[18:24]:
        cards[i]["votes"] = cards[i].get("votes", 0) + 5
        changed.add(cards[i]["id"])
    b["cards"] = [c for c in cards if c["id"] not in removed]
    added = set()
    for n in range(5):
        stage, lane = rng.choice(b["stages"]), rng.choice(b["lanes"])
        b["cards"].append(
            {"id": f"new{n}", "stage": stage["id"], "lane": lane["id"], "text": f"New idea {n}"}
        )
        added.add(f"new{n}")
    feelings = set()
    for tp in rng.sample(b["touchpoints"], 4):
        tp["emotion"] = 3 if tp.get("emotion", 0) != 3 else -3
        feelings.add(tp["id"])
    b["stages"].append({"id": "s99", "name": "Loyalty"})
    return a, b, {"removed": removed, "moved": moved, "changed": changed, "added": added}, feelings


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_compare_finds_every_added_removed_moved_and_changed_item(doc, seed):
    a, b, truth, feelings = generated_pair(doc, seed)
    result = compare(a, b)
    assert found(result, "cards", REMOVED, "a") == truth["removed"]
    assert found(result, "cards", ADDED, "b") == truth["added"]
    assert found(result, "cards", MOVED, "a") == truth["moved"]
    assert found(result, "cards", CHANGED, "a") == truth["changed"]
    assert found(result, "touchpoints", CHANGED, "a") == feelings
    assert not found(result, "touchpoints", MOVED, "a") | found(result, "goals", CHANGED, "a")
    assert found(result, "stages", ADDED, "b") == {"s99"}
    facts = summary(result)
    assert [s["name"] for s in facts["stages_added"]] == ["Loyalty"]
    assert {ra["id"] for ra, rb in facts["feelings"]} == feelings


def test_a_map_compared_with_itself_marks_nothing(doc):
    result = compare(doc, copy.deepcopy(doc))
    assert not any(marks for *_, marks in result.pairs)


def test_renamed_stage_is_changed_and_its_items_stay_in_place(doc):
    b = copy.deepcopy(doc)
    b["stages"][0]["name"] = "Discovery"
    result = compare(doc, b)
    assert found(result, "stages", CHANGED, "a") == {doc["stages"][0]["id"]}
    assert not found(result, "cards", MOVED, "a")


def test_goals_met_are_listed_with_whether_they_were_met_before(doc):
    a = {**doc, "goals": [{"id": "g1", "text": "NPS 40", "target": 40, "current": 30}]}
    b = {**doc, "goals": [{"id": "g1", "text": "NPS 40", "target": 40, "current": 45}]}
    facts = summary(compare(a, b))
    assert [(g["text"], before) for g, before in facts["goals_met"]] == [("NPS 40", False)]
