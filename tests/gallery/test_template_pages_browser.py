"""Every template, made into a map, in the editor (Chromium) and as the first page of its PDF:
no script error, every stage on screen, and a PNG of each to look at (BROWSER_SCREENSHOTS,
default /tmp/gallery-screenshots: editor-<slug>.png, pdf-<slug>.png). The templates are the
shipped ones and the tests' own examples (tests/gallery/test_catalog.py: ALL_TEMPLATES)."""

import subprocess

import pytest
from playwright.sync_api import expect

from journeys.interchange import import_document
from journeys.pdf import render_pdf
from tests.browser import goto

from .test_catalog import ALL_TEMPLATES
from .test_gallery_browser import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.slug)
def test_every_template_in_the_editor_and_on_the_first_pdf_page(
    template, logged_in_page, live_server, user
):
    journey = import_document(template.doc, user)
    errors = []
    logged_in_page.on("pageerror", lambda error: errors.append(str(error)))
    page = goto(logged_in_page, f"{live_server.url}{journey.get_absolute_url()}")
    for stage in template.stages:
        expect(page.locator(".stage-name", has_text=stage).first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"editor-{template.slug}.png", full_page=True)
    assert errors == []

    pdf = SHOTS / f"pdf-{template.slug}.pdf"
    pdf.write_bytes(render_pdf(journey))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(SHOTS / f"pdf-{template.slug}"),
        ],
        check=True,
    )
    pdf.unlink()
    assert (SHOTS / f"pdf-{template.slug}.png").stat().st_size > 5000
