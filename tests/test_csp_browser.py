"""The Content-Security-Policy (config/settings.py) in Chromium: every main page loads, and its
htmx and scripts work, without one violation report. The policy allows no inline script or style
and no eval, so a handler, a style="" attribute or an hx-on:… that crept back in shows up here."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journeys.models import Goal
from journeys.sample_maps import build_map
from tests.browser import drag, open_form, settled
from workshops.services import start_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every securitypolicyviolation event of the page, from its first line on.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = (e.target.outerHTML || "").slice(0, 200);
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


def watched(page):
    """`page`, with every CSP violation it reports kept in `page.csp_reports` (the events, and
    Chromium's console errors about the policy, which also cover reloads and navigations)."""
    page.csp_reports = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            page.csp_reports.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return page


def visit(page, url):
    response = page.goto(url)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    settled(page)
    return page


def assert_no_violations(page):
    reported = page.evaluate("window.__csp || []")
    assert not reported and not page.csp_reports, (reported, page.csp_reports)


def test_the_logged_in_pages_report_no_violation_and_htmx_works(logged_in_page, live_server, user):
    page = watched(logged_in_page)
    journey = build_map(user, stages=5, lanes=8, items=30, personas=2, title="CSP map")
    Goal.objects.create(journey=journey, text="Grow sign-ups", metric="%", current=30, target=60)
    base = live_server.url

    visit(page, f"{base}/")
    # The delete button asks first (data-confirm, static/js/forms.js); dismissing keeps the map.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete CSP map").click()
    expect(page.get_by_role("link", name="CSP map")).to_be_visible()
    visit(page, f"{base}/journeys/new/")
    visit(page, f"{base}/personas/")

    # The editor: columns sized by data-stages, the persona colours, the curve, an edit form.
    visit(page, f"{base}{journey.get_absolute_url()}")
    grid = page.locator("#grid")
    assert grid.evaluate("el => getComputedStyle(el).getPropertyValue('--stages')") == "5"
    assert page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--persona-1')"
    )
    expect(page.locator("#curve svg").first).to_be_visible()
    # The legend's colour swatches are small SVGs (fill="…"), not styled spans.
    swatch = page.locator(".curve-legend .swatch").first.bounding_box()
    assert (swatch["width"], swatch["height"]) == (16, 4)
    assert_no_violations(page)
    page.get_by_role("link", name="Edit card: Card 1", exact=True).click()
    expect(page.get_by_label("Card text")).to_be_visible()
    page.get_by_label("Card text").press("Escape")
    expect(page.get_by_role("link", name="Edit card: Card 1", exact=True)).to_be_visible()
    page.get_by_role("link", name="Edit touchpoint: Touchpoint 1", exact=True).click()
    form = open_form(page, "Edit touchpoint Touchpoint 1")
    form.get_by_label("Title").press("Escape")  # data-escape-cancels
    expect(
        page.get_by_role("link", name="Edit touchpoint: Touchpoint 1", exact=True)
    ).to_be_visible()
    assert_no_violations(page)
    # A refused save (422) still swaps in the form with its message (the htmx-config meta).
    page.get_by_role("link", name="Edit touchpoint: Touchpoint 1", exact=True).click()
    form = open_form(page, "Edit touchpoint Touchpoint 1")
    form.get_by_label("Title").fill("")
    form.get_by_role("button", name="Save", exact=True).click()
    settled(page)
    expect(form.locator(".errorlist")).to_be_visible()
    form.get_by_role("link", name="Cancel").click()
    settled(page)
    # The persona menu closes with Escape (data-escape-closes).
    page.get_by_text("Manage personas").click()
    page.get_by_text("Manage personas").press("Escape")
    expect(page.locator("details.persona-manage")).not_to_have_attribute("open", "")
    # Drag a card to the next stage (SortableJS styles its ghost through the CSSOM).
    card = page.get_by_role("link", name="Edit card: Card 1", exact=True)
    target = page.get_by_role("link", name="Edit card: Card 2", exact=True)
    drag(page, card, target)
    settled(page)
    # The redrawn grid keeps its column count (htmx does not settle style="").
    assert grid.evaluate("el => getComputedStyle(el).getPropertyValue('--stages')") == "5"
    # The goal's progress is a <progress>, not a styled bar.
    expect(page.locator("progress.goal-bar")).to_have_attribute("value", "50")
    assert_no_violations(page)

    # The goals page: the new goal's Cancel removes the form (data-remove-form).
    visit(page, f"{base}{reverse('journeys:goals', args=[journey.pk])}")
    page.get_by_role("link", name="Add goal").click()
    form = open_form(page, "New goal")
    form.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("form", name="New goal")).to_have_count(0)
    expect(page.get_by_role("link", name="Add goal")).to_be_focused()

    # The workshop panel, the projector and a phone.
    workshop = start_workshop(journey, moderated=False)
    visit(page, f"{base}{reverse('workshops:panel', args=[journey.pk])}")
    expect(page.get_by_text("Live", exact=True).or_(page.locator(".ws-code"))).to_be_visible()
    visit(page, f"{base}{reverse('journeys:present', args=[journey.pk])}")
    assert (
        page.locator(".p-grid").evaluate("el => getComputedStyle(el).getPropertyValue('--stages')")
        == "5"
    )
    page.keyboard.press("ArrowRight")
    expect(page.locator("#present")).to_have_class(re.compile("focusing"))
    assert_no_violations(page)

    phone = watched(page.context.browser.new_page(viewport={"width": 390, "height": 844}))
    try:
        visit(phone, f"{base}/w/")
        visit(phone, f"{base}/w/{workshop.code}/")
        phone.get_by_label("Your name").fill("민지")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("button", name=re.compile("Add"))).to_be_visible()
        assert_no_violations(phone)
    finally:
        phone.close()

    # The PDF is drawn on the server (WeasyPrint) and is not a page: it still works.
    response = page.request.get(f"{base}{reverse('journeys:export_pdf', args=[journey.pk])}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert_no_violations(page)


def test_the_account_pages_report_no_violation(open_page, live_server, user):
    page = watched(open_page())
    base = live_server.url
    for name in ("login", "signup", "password_reset", "password_reset_done"):
        visit(page, f"{base}{reverse(name)}")
    visit(page, f"{base}{reverse('login')}")
    for attempt in range(5):
        page.get_by_label("Username").fill("maria")
        page.get_by_label("Password").fill(f"wrong-{attempt}")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    assert_no_violations(page)
