"""The history in Chromium: edit a card, undo it (Ctrl+Z), redo it (the button), save a
version, change more, compare the version with now, and restore it."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from history.models import Version
from journeys.interchange import dumps, export_document
from journeys.models import Card
from journeys.sample_maps import build_map
from tests.browser import cell, follow, goto, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at (HISTORY_SHOTS=/tmp/shots); none by default.
SHOTS = os.environ.get("HISTORY_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def edit_card(page, lane, stage, old, new):
    where = cell(page, lane, stage)
    where.get_by_role("link", name=f"Edit card: {old}", exact=True).click()
    page.get_by_label("Card text").fill(new)
    page.get_by_label("Card text").press("Enter")
    expect(where.get_by_role("link", name=f"Edit card: {new}")).to_be_visible()
    settled(page)


def test_edit_undo_redo_save_version_change_compare_restore(open_map, live_server, user):
    journey = build_map(user, stages=3, lanes=4, items=24, personas=1)
    card = Card.objects.filter(journey=journey).order_by("pk").first()
    lane, stage, text = card.lane.title, card.stage.name, card.text
    page = open_map(journey)

    edit_card(page, lane, stage, text, "첫 수정")
    page.locator("body").press("Control+z")
    expect(
        cell(page, lane, stage).get_by_role("link", name=f"Edit card: {text}", exact=True)
    ).to_be_visible()
    expect(page.locator("#editor-status")).to_have_text("Undone.")
    assert Card.objects.get(pk=card.pk).text == text
    settled(page)
    page.get_by_role("button", name="Redo").click()
    expect(cell(page, lane, stage).get_by_role("link", name="Edit card: 첫 수정")).to_be_visible()
    assert Card.objects.get(pk=card.pk).text == "첫 수정"
    settled(page)

    page.get_by_text("Save version", exact=True).first.click()
    page.get_by_label("Version name").fill("워크숍 전")
    page.get_by_label("Note").fill("first draft")
    page.locator("form[data-version-form]").get_by_role("button", name="Save version").click()
    expect(page.locator("#editor-status")).to_contain_text("Saved the version “워크숍 전”.")
    version = Version.objects.get(journey=journey)

    edit_card(page, lane, stage, "첫 수정", "두 번째 수정")

    follow(page, page.get_by_role("link", name="History"))
    expect(page.get_by_text("Version “워크숍 전”")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("두 번째 수정")
    shot(page, "history")

    follow(page, page.get_by_role("link", name="Compare with now"))
    expect(page.locator(".compare-counts")).to_contain_text("1 changed")
    expect(page.locator(".compare-side").nth(0)).to_contain_text("첫 수정")
    expect(page.locator(".compare-side").nth(1).locator(".mark-changed").first).to_contain_text(
        "두 번째 수정"
    )
    shot(page, "compare")

    goto(page, f"{live_server.url}/journeys/{journey.pk}/history/")
    follow(page, page.get_by_role("button", name="Restore"))
    expect(cell(page, lane, stage).get_by_role("link", name="Edit card: 첫 수정")).to_be_visible()
    assert dumps(export_document(journey)) == version.document
