"""One number formatter for the UI, the CSV and the PDF: grouped, no exponent, no noise."""

from decimal import Decimal

import pytest
from django.urls import reverse

from journeys.models import Goal
from journeys.numbers import format_number, separators, signed
from journeys.sample_maps import build_map
from tests.test_pdf import pages_text, squash
from touchpoints.models import Metric, Touchpoint


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (1234567.0, "1,234,567"),
        (35.0, "35"),
        (12.5, "12.5"),
        (0.25, "0.25"),
        (2.10, "2.1"),
        (0, "0"),
        (-0.0, "0"),
        (-1234.5, "-1,234.5"),
        (1e15, "1,000,000,000,000,000"),
        (999_999_999_999_999.0, "999,999,999,999,999"),
        (1234567.891, "1,234,567.891"),
        (0.00001, "0.00001"),
        (0.000123, "0.000123"),
        (0.1 + 0.2, "0.3"),
        (Decimal("1234.50"), "1,234.5"),
        ("61", "61"),
    ],
)
def test_numbers_are_grouped_without_exponent_or_trailing_zeros(value, text):
    assert format_number(value, "en") == text


def test_korean_and_english_maps_group_thousands_with_commas():
    assert format_number(1234567, "ko") == format_number(1234567, "en") == "1,234,567"
    assert format_number(1234567.5, "ko-KR") == "1,234,567.5"


def test_a_map_without_a_locale_or_with_an_odd_one_reads_as_english():
    assert separators("") == separators(None) == separators("no such!") == (",", ".")
    assert format_number(1234567, "") == "1,234,567"


def test_a_german_map_writes_numbers_the_german_way():
    assert format_number(1234567.5, "de") == "1.234.567,5"


def test_nothing_is_written_for_no_value():
    assert format_number(None) == format_number("") == ""


def test_emotion_scores_carry_a_sign_and_a_real_minus():
    assert [signed(n) for n in (2, 0, -1)] == ["+2", "0", "−1"]


@pytest.mark.django_db
def test_a_big_metric_reads_the_same_in_the_editor_the_csv_and_the_pdf(auth_client, user, tmp_path):
    journey = build_map(user, stages=2, lanes=4, items=0, personas=0)
    tp = Touchpoint.objects.create(
        journey=journey,
        stage=journey.stages.first(),
        lane=journey.lanes.get(kind="touchpoints"),
        title="Checkout",
    )
    Metric.objects.create(touchpoint=tp, name="Visits", value=1234567.0, target=2500000.5)
    Goal.objects.create(journey=journey, touchpoint=tp, text="Grow visits", target=1234567.0)

    editor = auth_client.get(reverse("journeys:detail", args=[journey.pk])).content.decode()
    assert "<td>1,234,567</td><td>2,500,000.5</td>" in editor  # the card's metric table
    assert "→ 1,234,567" in editor  # the goal, on the card and in the goals panel
    csv = auth_client.get(reverse("journeys:export_csv", args=[journey.pk])).content.decode()
    assert '"Visits 1,234,567 / 2,500,000.5"' in csv  # the CSV has no column for goals
    pdf = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk])).content
    text = squash("".join(pages_text(pdf, tmp_path)))
    assert "Visits1,234,567/target2,500,000.5" in text
    # The goals table: no current figure (—), then the target; a page may break the row.
    assert "Growvisits" in text and "—1,234,567" in text
    for page in (editor, csv, text):
        assert "e+06" not in page and "1234567" not in page
