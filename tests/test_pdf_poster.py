"""The poster (?paper=poster / --paper poster): the whole map on one page sized to hold it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from journeys.pdf import render_pdf
from journeys.pdf_paper import POSTER_STAGE_MM
from journeys.sample_maps import build_large_map, build_map
from tests.test_pdf import pages_text

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def test_the_large_map_is_one_poster_page_with_every_note(user, tmp_path):
    journey = build_large_map(user)
    pdf = render_pdf(journey, paper="poster")
    [page] = PdfReader(io.BytesIO(pdf)).pages
    # Wide enough for every stage at a legible column, and no taller than its content needs.
    assert float(page.mediabox.width) >= 12 * POSTER_STAGE_MM * MM
    assert float(page.mediabox.height) < 5080 * MM
    [text] = pages_text(pdf, tmp_path)
    for n in range(1, 301):
        assert f"Touchpoint {n}\n" in text
    for n in range(1, 13):
        assert f"Stage {n}\n" in text
    assert "continued" not in text.lower()  # nothing is cut on a poster


def test_a_small_map_makes_a_poster_too(auth_client, user):
    journey = build_map(user, stages=2, items=6)
    response = auth_client.get(
        reverse("journeys:export_pdf", args=[journey.pk]), {"paper": "poster"}
    )
    assert response.status_code == 200
    assert "-poster.pdf" in response["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1


def test_export_journey_command_prints_a_poster(user, tmp_path):
    journey = build_map(user, stages=3, items=9)
    out = tmp_path / "poster.pdf"
    options = ["--format", "pdf", "--paper", "poster", "--output", str(out)]
    call_command("export_journey", str(journey.pk), *options, stderr=io.StringIO())
    assert len(PdfReader(str(out)).pages) == 1


def test_the_export_menu_offers_the_poster(auth_client, user):
    journey = build_map(user, stages=3, items=6)
    page = auth_client.get(reverse("journeys:detail", args=[journey.pk])).content.decode()
    assert '<option value="poster">Poster (the whole map on one page)</option>' in page
