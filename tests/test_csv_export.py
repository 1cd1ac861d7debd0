"""The CSV export (journeys/csv_export.py): what a spreadsheet will read."""

import csv
import io

import pytest

from journeys.csv_export import export_csv
from journeys.models import Card
from journeys.sample_maps import build_map
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def read_rows(journey):
    return list(csv.DictReader(io.StringIO(export_csv(journey).decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","클릭")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(user, text):
    journey = build_map(user, stages=1, lanes=2, items=2, personas=0)
    Card.objects.filter(journey=journey).update(text=text)
    Touchpoint.objects.filter(journey=journey).update(title=text, emotion=-2)
    rows = read_rows(journey)
    assert {row["text"] for row in rows} == {"'" + text}
    assert [row["emotion"] for row in rows if row["type"] == "touchpoint"] == ["-2"]


def test_ordinary_text_is_untouched(user):
    journey = build_map(user, stages=1, lanes=2, items=2, personas=0)
    Card.objects.filter(journey=journey).update(text="A-ha = 좋다")
    assert {row["text"] for row in read_rows(journey) if row["type"] == "card"} == {"A-ha = 좋다"}
