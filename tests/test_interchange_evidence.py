"""Evidence and confidence in the interchange format, the copies made through it, and the CSV."""

import copy
import csv
import io
import json

import pytest

from journeys.csv_export import export_csv
from journeys.interchange import dumps, duplicate_journey, export_document, import_document
from journeys.models import Card, Evidence
from journeys.validation import InterchangeError, validate
from tests.conftest import EXAMPLES
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def researched_document():
    """The Korean retail example with ids on its cards, confidence marks and evidence that
    uses every field the format has (and one item with only the required ones)."""
    doc = json.loads((EXAMPLES / "retail-five-stages.ko.json").read_text(encoding="utf-8"))
    for i, card in enumerate(doc["cards"], 1):
        card["id"] = f"c{i}"
    doc["cards"][0]["confidence"] = "observed"
    doc["cards"][1]["confidence"] = "assumed"
    doc["touchpoints"][0]["confidence"] = "assumed"
    doc["evidence"] = [
        {
            "id": "e1",
            "kind": "quote",
            "text": "“결제 단계에서 배송비를 보고 그만뒀어요.” — 32세 직장인",
            "source": "심층 인터뷰 3",
            "date": "2026-11-02",
            "respondents": 1,
            "persona": "p1",
            "stages": ["s1", "s3"],
            "cards": ["c2", "c5"],
            "touchpoints": ["t1", "t2"],
        },
        {
            "id": "e2",
            "kind": "survey",
            "text": "NPS 31 (추천 42%, 비추천 11%)",
            "source": "NPS survey Q3",
            "date": "2026-09-30",
            "respondents": 412,
            "touchpoints": ["t3"],
        },
        {"id": "e3", "kind": "support", "text": "Delivery delay tickets: 38% of October"},
        {"id": "e4", "kind": "observation", "text": "Shoppers compare prices on their phone"},
        {"id": "e5", "kind": "analytics", "text": "62% leave at the shipping step"},
    ]
    return doc


def test_evidence_and_confidence_survive_export_import_export_byte_for_byte(user):
    doc = researched_document()
    assert validate(doc) == []
    first = dumps(export_document(import_document(doc, user)))
    second = dumps(export_document(import_document(json.loads(first), user)))
    assert first == second
    exported = json.loads(first)
    assert exported["evidence"] == doc["evidence"]  # the keys were already the exporter's
    assert [c.get("confidence") for c in exported["cards"][:3]] == ["observed", "assumed", None]
    assert exported["touchpoints"][0]["confidence"] == "assumed"


def test_import_writes_the_rows_and_links(user):
    journey = import_document(researched_document(), user)
    quote = Evidence.objects.get(journey=journey, kind="quote")
    assert (quote.source, quote.date.isoformat(), quote.respondents) == (
        "심층 인터뷰 3",
        "2026-11-02",
        1,
    )
    assert quote.persona.name == journey.personas.get().name
    assert [s.position for s in quote.stages.order_by("position")] == [0, 2]
    assert quote.cards.count() == 2 and quote.touchpoints.count() == 2
    assert Card.objects.filter(journey=journey, confidence="assumed").count() == 1
    assert Touchpoint.objects.filter(journey=journey, confidence="assumed").count() == 1


def test_a_copy_of_a_map_carries_its_evidence(user, other_user):
    journey = import_document(researched_document(), user)
    duplicate = duplicate_journey(journey, other_user, title="사본")
    original = json.loads(dumps(export_document(journey)))
    copied = json.loads(dumps(export_document(duplicate)))
    assert copied["evidence"] == original["evidence"] and len(copied["evidence"]) == 5
    assert Evidence.objects.filter(journey=duplicate).count() == 5


def test_evidence_referring_to_unknown_keys_is_refused_by_path_and_writes_nothing(user):
    doc = researched_document()
    doc["cards"][4].pop("id")  # a card without an id cannot be named
    bad = doc["evidence"][0]
    bad["persona"], bad["stages"][1], bad["touchpoints"][0] = "p9", "s9", "t9"
    doc["evidence"][1]["date"] = "2026-02-30"
    doc["evidence"].append({**doc["evidence"][2]})  # the same id twice
    before = Evidence.objects.count()
    with pytest.raises(InterchangeError) as error:
        import_document(doc, user)
    assert error.value.problems == [
        'evidence[0].cards[1]: unknown key "c5"',
        'evidence[0].persona: unknown key "p9"',
        'evidence[0].stages[1]: unknown key "s9"',
        'evidence[0].touchpoints[0]: unknown key "t9"',
        "evidence[1].date: 2026-02-30 is not a day of the calendar",
        'evidence[5].id: duplicate key "e3"',
    ]
    assert Evidence.objects.count() == before


def test_a_bad_kind_or_confidence_is_refused_by_the_schema():
    doc = researched_document()
    doc["evidence"][0]["kind"] = "rumour"
    doc["cards"][0]["confidence"] = "maybe"
    problems = validate(copy.deepcopy(doc))
    assert any(p.startswith("evidence[0].kind:") for p in problems)
    assert any(p.startswith("cards[0].confidence:") for p in problems)


def test_the_csv_says_what_a_reader_sees_observed_assumed_or_blank_and_counts_evidence(user):
    journey = import_document(researched_document(), user)
    rows = list(csv.DictReader(io.StringIO(export_csv(journey).decode("utf-8-sig"))))
    by_text = {row["text"]: row for row in rows}
    doc = researched_document()
    first, second, fifth = (doc["cards"][i]["text"] for i in (0, 1, 4))
    assert (by_text[first]["confidence"], by_text[first]["evidence"]) == ("observed", "0")
    # Marked assumed, and the import keeps the mark although a quote backs it.
    assert (by_text[second]["confidence"], by_text[second]["evidence"]) == ("assumed", "1")
    assert (by_text[fifth]["confidence"], by_text[fifth]["evidence"]) == ("observed", "1")
    unmarked = [row for row in rows if row["type"] == "card" and row["evidence"] == "0"]
    assert {row["confidence"] for row in unmarked[1:]} == {""}
