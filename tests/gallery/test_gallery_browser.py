"""The gallery in Chromium: filter it (htmx swaps the results and the address keeps the
filters; back goes back), open a template's preview, use it, and edit a card of the new map.
Screenshots of the pages are kept in BROWSER_SCREENSHOTS (default /tmp/gallery-screenshots)."""

import json
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gallery.services import save_as_template
from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document
from journeys.models import Journey
from tests.browser import (
    assert_every_control_named,
    assert_no_duplicate_ids,
    cell,
    follow,
    goto,
    settled,
)
from workspaces.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "/tmp/gallery-screenshots"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_filter_preview_use_and_edit(logged_in_page, live_server, fixture_examples):
    page = goto(logged_in_page, f"{live_server.url}{reverse('gallery:new')}")
    cards = page.locator(".template-card")
    expect(cards).to_have_count(8)
    assert_every_control_named(page)
    assert_no_duplicate_ids(page)
    shot(page, "gallery-en")

    # Filtering swaps the results in place and puts the filters in the address.
    page.get_by_label("Industry").select_option("retail")
    expect(cards).to_have_count(2)
    expect(page).to_have_url(re.compile(r"industry=retail"))
    expect(page.locator("#gallery-count")).to_have_text("2 templates")
    page.get_by_label("Template language").select_option("en")
    expect(cards).to_have_count(1)
    expect(page.locator("#gallery-count")).to_have_text("1 template")
    page.go_back()
    expect(cards).to_have_count(2)
    expect(page.get_by_label("Industry")).to_have_value("retail")  # the filters as the address
    expect(page.get_by_label("Template language")).to_have_value("")

    # The preview page, then "Use this" from it with a title of our own.
    follow(
        page,
        page.get_by_role("link", name="Preview “Online shopping: the first purchase” (English)"),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Online shopping: the first purchase")
    expect(
        page.get_by_role("cell", name="Checkout is long; shipping appears at the end")
    ).to_be_visible()
    shot(page, "preview-en")
    page.get_by_label("Title of the new map").fill("Our shop's first purchase")
    follow(page, page.get_by_role("button", name="Make an editable copy"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Our shop's first purchase")

    # The copy is ours to edit: change a card in place.
    journey = Journey.objects.get(title="Our shop's first purchase")
    pain = cell(page, "Pain points", "Buy")
    pain.get_by_role(
        "link", name="Edit card: Checkout is long; shipping appears at the end"
    ).click()
    page.get_by_label("Card text").fill("Checkout takes five screens")
    page.get_by_label("Card text").press("Enter")
    expect(pain.get_by_role("link", name="Edit card: Checkout takes five screens")).to_be_visible()
    settled(page)
    assert journey.cards.filter(text="Checkout takes five screens").exists()


def test_the_gallery_and_a_preview_in_korean(
    open_page, live_server, user_session, fixture_examples
):
    page = open_page(session=user_session, url=live_server.url, locale="ko-KR")
    goto(page, f"{live_server.url}{reverse('gallery:new')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("새 여정 지도")
    expect(page.locator(".template-card")).to_have_count(8)
    shot(page, "gallery-ko")
    preview = reverse("gallery:preview", args=["online-shopping-first-purchase.ko"])
    goto(page, f"{live_server.url}{preview}")
    expect(page.get_by_role("heading", level=1)).to_have_text("온라인 쇼핑: 첫 구매")
    shot(page, "preview-ko")


def test_save_a_map_as_a_template_and_find_it_in_the_gallery(
    logged_in_page, live_server, user, django_user_model, fixture_examples
):
    journey = import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)
    # A template another member of the workspace saved earlier: the team shares it.
    colleague = django_user_model.objects.create_user("jiwoo", "jiwoo@example.com", "pw-4-jiwoo")
    Membership.objects.create(workspace=journey.workspace, user=colleague, role=Role.EDITOR)
    save_as_template(journey, colleague, "Jiwoo's onboarding frame", with_content=False)
    page = goto(logged_in_page, f"{live_server.url}{journey.get_absolute_url()}")
    follow(page, page.get_by_role("link", name="Save as template"))
    page.get_by_label("Template name").fill("Our house journey")
    page.get_by_label("Structure only").check()
    shot(page, "save-as-template")
    follow(page, page.get_by_role("button", name="Save template"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Our house journey")
    shot(page, "team-template")
    follow(page, page.get_by_role("link", name="New map"))
    team = page.get_by_role("region", name="Team templates")
    expect(team.locator(".template-card")).to_have_count(2)
    expect(team.locator(".t-by")).to_have_text(["Saved by maria", "Saved by jiwoo"])
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"gallery-with-team-templates-{width}")
        team.screenshot(path=SHOTS / f"team-templates-{width}.png")
