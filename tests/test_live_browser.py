"""Live workshop in Chromium against uvicorn: a phone adds a note, the projector shows it.

The app runs in a uvicorn process, as in production. On PostgreSQL it uses the test database
(events go through LISTEN/NOTIFY); on SQLite a database file of its own (events go through the
in-process broadcast, since the participant's request and the projector's stream share the
process).
"""

import os

import pytest
from django.urls import reverse

from tests.browser import follow, goto
from tests.live_support import live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LIVE_SCREENSHOTS")  # a directory: save screenshots there too


def owner_page(open_page, server, data, view, width=1920, height=1080):
    """The map's owner on `view` of the map, once its live stream is open."""
    page = open_page(width, height, session=data["sessionid"], url=server.url)
    goto(page, f"{server.url}{reverse(view, args=[data['journey']])}")
    page.locator("[data-live-state]", has_text="Live").wait_for()
    return page


def phone_joins(open_page, server, data, name="민지"):
    """A participant's phone, joined to the workshop and ready to add a note."""
    phone = open_page(390, 844, is_mobile=True, has_touch=True)
    goto(phone, f"{server.url}/w/{data['code']}/")
    phone.get_by_label("Your name").fill(name)
    follow(phone, phone.get_by_role("button", name="Join"))
    phone.get_by_role("heading", name="Add a note").wait_for()
    return phone


def test_participant_note_shows_on_projector_without_reload(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        projector = owner_page(open_page, server, data, "journeys:present")
        projector.evaluate("window.__notReloaded = true")
        assert data["code"] in projector.locator(".p-code").first.inner_text()

        phone = phone_joins(open_page, server, data)
        phone.get_by_label("Which stage?").select_option(label="구매 Buy")
        phone.locator("label.phone-kind", has_text="Idea").click()
        phone.get_by_label("Your note", exact=True).fill("카드 결제 한 번에 끝내기")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        phone.get_by_text("Added to the map.").wait_for()

        card = projector.locator(".p-card", has_text="카드 결제 한 번에 끝내기")
        card.wait_for(timeout=5_000)
        assert projector.evaluate("window.__notReloaded") is True
        # In the stage it was added to: the third column.
        assert card.evaluate("el => el.closest('.p-cell').dataset.stage") == "2"

        if SHOTS:
            phone.screenshot(path=f"{SHOTS}/phone-390x844.png", full_page=True)
            projector.screenshot(path=f"{SHOTS}/projector-1920x1080.png")
        projector.context.close()
        phone.context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_projector_fits_the_screen_and_steps_through_stages(open_page, tmp_path, settings, size):
    width, height = size
    with live_site(tmp_path, settings) as (server, data):
        page = owner_page(open_page, server, data, "journeys:present", width, height)
        page.evaluate("document.fonts.ready")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"horizontal scrolling of {overflow}px at {width}x{height}"
        assert page.locator(".p-stage").count() == 5
        assert page.locator(".emotion-curve").count() == 1
        assert page.locator(".p-qr svg").count() == 1

        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        focused = page.locator(".p-stage.is-focus")
        assert focused.count() == 1
        assert "탐색 Explore" in focused.inner_text()
        assert page.locator(".p-cell.is-focus").count() == 6  # one per lane
        page.get_by_role("button", name="Next stage (right arrow)").click()
        assert "구매 Buy" in page.locator(".p-stage.is-focus").inner_text()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/projector-{width}x{height}-focus.png")
        page.keyboard.press("Escape")
        assert page.locator(".p-stage.is-focus").count() == 0
        if SHOTS:
            page.wait_for_timeout(400)  # let the fade back finish before the picture
            page.screenshot(path=f"{SHOTS}/projector-{width}x{height}.png")
        page.keyboard.press("q")
        assert page.locator("#p-qr-big").is_visible()
        page.keyboard.press("Escape")
        assert not page.locator("#p-qr-big").is_visible()
        page.context.close()


def test_facilitator_queue_updates_live_but_not_over_an_open_form(open_page, tmp_path, settings):
    with live_site(tmp_path, settings, moderated=True) as (server, data):
        panel = owner_page(open_page, server, data, "workshops:panel", 1440, 900)

        phone = phone_joins(open_page, server, data)
        phone.get_by_label("Your note", exact=True).fill("First note from the room")
        follow(phone, phone.get_by_role("button", name="Send to the facilitator"))
        phone.get_by_text("Sent.").wait_for()
        first = panel.locator(".ws-note", has_text="First note from the room")
        first.wait_for(timeout=5_000)

        # The facilitator starts editing the note; a second note arrives meanwhile.
        first.get_by_text("Edit or move").click()
        text = first.get_by_label("Text")
        text.fill("First note, reworded by the facilitator")
        phone.get_by_label("Your note", exact=True).fill("Second note from the room")
        follow(phone, phone.get_by_role("button", name="Send to the facilitator"))
        phone.get_by_text("Sent.").wait_for()
        # The change reached the page and is held back for the open form.
        panel.locator(".ws-layout[data-live-waiting]").wait_for(state="attached")
        assert panel.locator(".ws-note-text", has_text="Second note from the room").count() == 0
        assert text.input_value() == "First note, reworded by the facilitator"

        # Closing the form (and leaving it) lets the queue catch up.
        first.locator("summary", has_text="Edit or move").click()
        panel.locator("h1").click()
        panel.locator(".ws-note-text", has_text="Second note from the room").wait_for(timeout=5_000)
        if SHOTS:
            panel.screenshot(path=f"{SHOTS}/panel-1440.png", full_page=True)
        panel.context.close()
        phone.context.close()


def test_editor_follows_changes_but_never_over_an_open_card_form(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        editor = owner_page(open_page, server, data, "journeys:detail", 1600, 1000)
        assert editor.locator('[data-live-target="#grid"]').count() == 1

        phone = phone_joins(open_page, server, data)
        phone.get_by_label("Your note", exact=True).fill("From a phone, first")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        grid = editor.locator("#grid")
        grid.get_by_text("From a phone, first").wait_for(timeout=5_000)

        # Someone edits a card in the editor while notes come in. A note for another cell
        # shows at once (only that cell is swapped); the open form keeps its text.
        editor.get_by_role("link", name="Edit card: Card 1", exact=True).click()
        box = editor.get_by_label("Card text")
        box.fill("typing in the editor, not saved yet")
        phone.get_by_label("Your note", exact=True).fill("From a phone, elsewhere")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        grid.get_by_text("From a phone, elsewhere").wait_for(timeout=5_000)
        assert box.input_value() == "typing in the editor, not saved yet"

        # A note for the cell of the open form (Card 1's: the first stage, actions) waits.
        phone.get_by_label("Which stage?").select_option(label="인지 Aware")
        phone.locator("label.phone-kind", has_text="Action").click()
        phone.get_by_label("Your note", exact=True).fill("From a phone, second")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        editor.locator("[data-live-url][data-live-waiting]").wait_for(state="attached")
        assert box.input_value() == "typing in the editor, not saved yet"
        assert grid.get_by_text("From a phone, second").count() == 0

        # Saving closes the form; the grid then catches up with the phone's note.
        box.press("Enter")
        grid.get_by_text("typing in the editor, not saved yet").wait_for()
        grid.get_by_text("From a phone, second").wait_for(timeout=5_000)
        editor.context.close()
        phone.context.close()


def test_the_editor_fetches_no_grid_for_its_own_edit_nor_for_others(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        editor = owner_page(open_page, server, data, "journeys:detail", 1600, 1000)
        fetched = []
        editor.on("request", lambda r: fetched.append(r.url.split(server.url, 1)[-1]))
        grid_url = reverse("journeys:grid", args=[data["journey"]])
        curve_url = reverse("journeys:curve", args=[data["journey"]])

        editor.get_by_role("link", name="Edit card: Card 1", exact=True).click()
        editor.get_by_label("Card text").fill("고친 카드")
        with editor.expect_request(lambda r: curve_url in r.url):
            editor.get_by_label("Card text").press("Enter")
        editor.locator("#grid").get_by_text("고친 카드").wait_for()
        # The change's event reaches the page too; give it time to (wrongly) refetch.
        editor.wait_for_timeout(1500)
        assert not any(url.startswith(grid_url) for url in fetched), "\n".join(fetched)

        # Someone else's change comes with its piece (the cell): no grid fetch either.
        phone = phone_joins(open_page, server, data)
        phone.get_by_label("Your note", exact=True).fill("From a phone")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        editor.locator("#grid").get_by_text("From a phone").wait_for(timeout=5_000)
        assert not any(url.startswith(grid_url) for url in fetched), "\n".join(fetched)
