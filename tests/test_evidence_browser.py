"""Research behind the map in Chromium: a quote on a pain point, another card marked assumed,
found in the "To validate" list, backed by evidence there, and observed again."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journeys import services
from journeys.models import Card, Evidence
from journeys.sample_maps import build_map
from tests.browser import follow, goto, settled
from tests.test_accessibility_browser import AXE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the screenshots of this flow go, to look at (not compared).
SHOTS = Path(os.environ.get("EVIDENCE_SHOTS", "/tmp/evidence-shots"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page):
    if AXE.exists():
        violations = axe_violations(page)
        assert not violations, f"{page.url}\n" + "\n".join(violations)


@pytest.fixture
def open_map(open_page, live_server, user_session):
    """The editor of a map, logged in; axe-core may run in the page (CSP bypassed)."""

    def open_(journey):
        page = open_page(session=user_session, url=live_server.url, bypass_csp=True)
        return goto(page, f"{live_server.url}{reverse('journeys:detail', args=[journey.pk])}")

    return open_


def test_quote_assume_find_back_and_observe(open_map, user):
    journey = build_map(user, stages=3, lanes=5, items=30, personas=1)
    pain = journey.cards.filter(lane__kind="pain_points").order_by("pk").first()
    other = journey.cards.filter(lane__kind="actions").order_by("pk").first()
    page = open_map(journey)

    # A quote on the pain point, added from the card it backs.
    page.get_by_role("link", name=f"Edit card: {pain.text}", exact=True).click()
    settled(page)
    follow(page, page.locator(f"#card-{pain.pk}").get_by_role("link", name="Add evidence"))
    page.get_by_label("Kind").select_option("quote")
    page.get_by_label("What was said, seen or measured").fill(
        "“결제 단계에서 배송비를 보고 그만뒀어요.”"
    )
    page.get_by_label("Source").fill("심층 인터뷰 3")
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_label("Respondents").fill("1")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add evidence"))
    card = page.locator(f"#card-{pain.pk}")
    expect(card.locator(".evidence-count")).to_contain_text("1")
    quote = Evidence.objects.get(journey=journey)
    assert (quote.kind, quote.source, list(quote.cards.all())) == ("quote", "심층 인터뷰 3", [pain])

    # Opening the card shows the quote.
    card.get_by_role("link", name=f"Edit card: {pain.text}", exact=True).click()
    settled(page)
    expect(card.locator("blockquote")).to_have_text("“결제 단계에서 배송비를 보고 그만뒀어요.”")
    card.get_by_role("button", name="Save card").click()
    settled(page)

    # Another card marked assumed: dashed, and it says so.
    page.get_by_role("link", name=f"Edit card: {other.text}", exact=True).click()
    settled(page)
    page.locator(f"#card-{other.pk}").get_by_label("Observed or assumed").select_option("assumed")
    shoot(page, "editor-card-form-with-evidence-field")
    page.locator(f"#card-{other.pk}").get_by_role("button", name="Save card").click()
    assumed = page.locator(f"#card-{other.pk}.assumed")
    expect(assumed.locator(".mark-assumed")).to_have_text("Assumed")
    assert Card.objects.get(pk=other.pk).confidence == "assumed"
    settled(page)
    shoot(page, "editor-assumed-card")
    assert_accessible(page)

    # Found in the "To validate" list, with what would check it.
    follow(page, page.get_by_role("link", name="To validate"))
    listed = page.get_by_role("list", name="Assumed items").get_by_role("listitem")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(other.text)
    expect(listed).to_contain_text("Check with:")
    shoot(page, "to-validate")
    assert_accessible(page)

    # Evidence attached from there: the card is observed again.
    follow(page, listed.get_by_role("link", name="Add evidence"))
    expect(page.locator(".evidence-for .mark-assumed")).to_be_visible()
    page.get_by_label("Kind").select_option("observation")
    page.get_by_label("What was said, seen or measured").fill(
        "7 of 8 shoppers did this in the store"
    )
    page.get_by_label("Respondents").fill("8")
    shoot(page, "evidence-page")
    follow(page, page.get_by_role("button", name="Add evidence"))
    card = page.locator(f"#card-{other.pk}")
    expect(card.locator(".evidence-count")).to_contain_text("1")
    expect(card).not_to_have_class("assumed")
    expect(card.locator(".mark-assumed")).to_have_count(0)
    assert Card.objects.get(pk=other.pk).confidence == ""
    follow(page, page.get_by_role("link", name="To validate"))
    expect(page.get_by_text("Nothing on this map is marked assumed.")).to_be_visible()


def test_the_evidence_panel_of_an_opened_card(open_map, user):
    """For a screenshot and an accessibility check of the opened card with its evidence."""
    journey = build_map(user, stages=3, lanes=5, items=30, personas=1)
    pain = journey.cards.filter(lane__kind="pain_points").order_by("pk").first()
    for kind, text, source in (
        ("quote", "“배송비가 마지막에 나와서 당황했어요.”", "Interview 3"),
        ("support", "Shipping-fee complaints: 38% of October tickets", "Zendesk"),
    ):
        services.add_evidence(
            Evidence(journey=journey, kind=kind, text=text, source=source, respondents=12),
            "maria",
            cards=[pain],
        )
    Card.objects.filter(pk=journey.cards.filter(lane__kind="actions").first().pk).update(
        confidence="assumed"
    )
    page = open_map(journey)
    page.get_by_role("link", name=f"Edit card: {pain.text}", exact=True).click()
    settled(page)
    expect(page.locator(f"#card-{pain.pk} blockquote")).to_be_visible()
    page.locator(f"#card-{pain.pk}").scroll_into_view_if_needed()
    shoot(page, "editor-evidence-panel")
    assert_accessible(page)
