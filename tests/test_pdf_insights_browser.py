"""The export menu in Chromium: its form downloads the PDF with the insights page."""

import os
from pathlib import Path

import pytest

from journeys.sample_maps import build_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_export_menu_form_downloads_the_pdf_with_insights(open_map, user):
    journey = build_map(user, stages=4, items=8, title="Checkout journey")
    page = open_map(journey)
    page.locator("#export-menu > summary").click()
    form = page.locator(".pdf-export-form")
    form.get_by_label("Include the insights page (charts)").check()
    if os.environ.get("SCREENSHOTS"):  # to look at the menu: SCREENSHOTS=/some/dir
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/export-menu.png")
    with page.expect_download(timeout=60_000) as download:
        form.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename == "checkout-journey-insights-a3.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
