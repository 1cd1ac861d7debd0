"""One change, other views: a card edit, a note from a phone, a vote and a stage added in one
view each show in another view without a reload and without losing a form open there.

Chromium against uvicorn in its own process (tests/live_support.live_site), one browser
context per person, as in a room.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import follow, goto, settled
from tests.live_support import live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def view(open_page, server, data, name="journeys:detail"):
    """The owner's `name` view of the map, live, marked so that a reload would show."""
    page = open_page(1600, 1000, session=data["sessionid"], url=server.url)
    goto(page, f"{server.url}{reverse(name, args=[data['journey']])}")
    page.locator("[data-live-state]", has_text="Live").wait_for()
    page.evaluate("window.__notReloaded = true")
    return page


def phone(open_page, server, data, name):
    page = open_page(390, 844, is_mobile=True, has_touch=True)
    goto(page, f"{server.url}/w/{data['code']}/")
    page.get_by_label("Your name").fill(name)
    follow(page, page.get_by_role("button", name="Join"))
    page.get_by_role("heading", name="Add a note").wait_for()
    page.evaluate("window.__notReloaded = true")
    return page


def not_reloaded(page):
    return page.evaluate("window.__notReloaded") is True


def open_card_form(page, card_text, typed):
    """Open card `card_text`'s inline form in `page` and type into it (not saved)."""
    page.get_by_role("link", name=f"Edit card: {card_text}", exact=True).click()
    settled(page)
    box = page.locator(".editing").get_by_label("Card text")
    box.fill(typed)
    return box


def test_a_card_edit_shows_in_another_editor_and_on_the_projector(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        other = view(open_page, server, data)
        box = open_card_form(other, "Card 2", "half a thought")
        projector = view(open_page, server, data, "journeys:present")
        editor = view(open_page, server, data)

        editor.get_by_role("link", name="Edit card: Card 1", exact=True).click()
        settled(editor)
        editor.get_by_label("Card text").fill("결제 단계를 줄이기")
        editor.get_by_label("Card text").press("Enter")

        other.locator("#grid").get_by_text("결제 단계를 줄이기").wait_for(timeout=5_000)
        projector.locator(".p-card", has_text="결제 단계를 줄이기").wait_for(timeout=5_000)
        assert box.input_value() == "half a thought"  # the other's open form: untouched
        assert not_reloaded(other) and not_reloaded(projector)


def test_a_note_and_a_vote_from_phones_show_everywhere(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        editor = view(open_page, server, data)
        box = open_card_form(editor, "Card 2", "still typing")
        minji, jun = phone(open_page, server, data, "민지"), phone(open_page, server, data, "준")

        # A note from one phone: on the editor, and on the other phone's list to vote on.
        minji.get_by_label("Your note", exact=True).fill("영수증을 메일로")
        follow(minji, minji.get_by_role("button", name="Add to the map"))  # her own page loads
        minji.evaluate("window.__notReloaded = true")
        editor.locator("#grid").get_by_text("영수증을 메일로").wait_for(timeout=5_000)
        jun.locator("#phone-live").get_by_text("영수증을 메일로").wait_for(timeout=8_000)
        assert box.input_value() == "still typing"

        # A vote from the other phone: its count on the editor and on the first phone.
        card = jun.locator(".phone-vcard", has_text="영수증을 메일로")
        follow(jun, card.get_by_role("button", name="Vote for: 영수증을 메일로"))
        card_id = jun.locator(".phone-vcard", has_text="영수증을 메일로").get_attribute("id")
        expect(editor.locator(f"#{card_id}")).to_contain_text("1 vote", timeout=5_000)
        mine = minji.locator(f"#{card_id}")
        expect(mine).to_contain_text("● 1", timeout=8_000)
        assert box.input_value() == "still typing"
        assert not_reloaded(editor) and not_reloaded(minji)


def test_a_phone_learns_that_the_workshop_ended(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        minji = phone(open_page, server, data, "민지")
        panel = open_page(1440, 900, session=data["sessionid"], url=server.url)
        goto(panel, f"{server.url}{reverse('workshops:panel', args=[data['journey']])}")
        follow(panel, panel.get_by_role("button", name="End workshop"))
        minji.get_by_role("heading", name="This workshop has ended").wait_for(timeout=8_000)
        assert minji.get_by_role("heading", name="Add a note").count() == 0


def test_a_stage_added_in_one_editor_shows_in_another_with_its_form_kept(
    open_page, tmp_path, settings
):
    with live_site(tmp_path, settings) as (server, data):
        other = view(open_page, server, data)
        other.get_by_role("link", name="Edit map details").click()
        settled(other)
        title = other.locator("#map-details").get_by_label("Title")
        title.fill("A title being typed")
        editor = view(open_page, server, data)

        editor.get_by_role("link", name="Add stage").click()
        settled(editor)
        editor.get_by_label("New stage name").fill("재구매 Return")
        editor.get_by_label("New stage name").press("Enter")

        other.locator(".stage-head", has_text="재구매 Return").wait_for(timeout=5_000)
        assert title.input_value() == "A title being typed"
        assert not_reloaded(other)
