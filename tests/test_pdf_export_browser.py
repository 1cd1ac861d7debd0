"""The PDF export in Chromium: a slow export says "Preparing PDF…", then the file downloads;
the export menu's form downloads a stage range."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from journeys.sample_maps import build_map
from tests.test_pdf_export import hold_every_slot, release_every_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_slow_export_shows_preparing_then_downloads_the_pdf(open_map, user, settings):
    settings.PDF_RENDER_WAIT_SECONDS = 30
    journey = build_map(user, stages=3, items=6, title="Checkout journey")
    page = open_map(journey)
    page.locator("#export-menu > summary").click()
    link = page.get_by_role("link", name="PDF, A4")
    # While every render slot is held the export waits, so it takes as long as the test likes.
    slots = hold_every_slot()
    try:
        with page.expect_download(timeout=30_000) as download:
            link.click()
            busy = page.get_by_role("link", name="Preparing PDF…")
            expect(busy).to_be_visible()
            expect(busy).to_have_attribute("aria-busy", "true")
            expect(page.get_by_role("status").filter(has_text="Preparing PDF…")).to_be_attached()
            release_every_slot(slots)
            slots = None
    finally:
        if slots:
            release_every_slot(slots)
    assert download.value.suggested_filename == "checkout-journey-a4.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    expect(page.get_by_role("link", name="PDF, A4")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("link", name="Preparing PDF…")).to_have_count(0)


def test_the_export_menu_form_downloads_a_stage_range(open_map, user):
    journey = build_map(user, stages=4, items=8, title="Checkout journey")
    page = open_map(journey)
    page.locator("#export-menu > summary").click()
    form = page.locator(".pdf-export-form")
    form.get_by_label("From stage").select_option("2")
    form.get_by_label("To stage").select_option("3")
    form.get_by_label("Paper").select_option("letter")
    with page.expect_download(timeout=30_000) as download:
        form.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename == "checkout-journey-stages-2-3-letter.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
