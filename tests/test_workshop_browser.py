"""The facilitator's moderation panel in Chromium: removing a participant, against uvicorn.

The projector stays open beside the panel: a removal is recorded as changes, so the removed
participant's cards leave the wall without a reload.
"""

import os

import pytest

from tests.browser import assert_every_control_named, assert_no_duplicate_ids
from tests.test_live_browser import live_site, owner_page, phone_joins

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LIVE_SCREENSHOTS")


def send(phone, text):
    phone.get_by_label("Your note", exact=True).fill(text)
    phone.get_by_role("button", name="Add to the map").click()
    phone.get_by_text("Added to the map.").wait_for()


def test_facilitator_removes_a_participant_and_their_cards_leave_the_wall(
    open_page, tmp_path, settings
):
    with live_site(tmp_path, settings, moderated=False) as (server, data):
        projector = owner_page(open_page, server, data, "journeys:present", 1280, 800)
        panel = owner_page(open_page, server, data, "workshops:panel", 1280, 900)
        csp_errors = []
        panel.on("console", lambda m: m.type == "error" and csp_errors.append(m.text))

        troll = phone_joins(open_page, server, data, name="트롤")
        send(troll, "스팸 메모 하나")
        friend = phone_joins(open_page, server, data, name="Friend")
        send(friend, "A useful note")
        projector.locator(".p-card", has_text="스팸 메모 하나").wait_for(timeout=5_000)

        # The panel lists both people, live, with what each has added.
        people = panel.locator(".ws-people")
        person = people.locator(".ws-person", has_text="트롤")
        person.get_by_text("1 note").wait_for(timeout=5_000)
        people.locator(".ws-person", has_text="Friend").wait_for(timeout=5_000)
        assert_every_control_named(panel)
        assert_no_duplicate_ids(panel)

        # Remove asks first (a disclosure, no script), then removes.
        person.locator("summary", has_text="Remove").click()
        confirm = person.get_by_role("button", name="Remove 트롤")
        assert "Deletes every note and vote of 트롤" in person.inner_text()
        if SHOTS:
            panel.screenshot(path=f"{SHOTS}/panel-remove-1280.png", full_page=True)
        confirm.click()
        panel.get_by_text("트롤 was removed").wait_for()
        removed = panel.locator(".ws-person.is-removed", has_text="트롤")
        assert "Removed" in removed.inner_text()
        assert removed.get_by_role("button").count() == 0

        # The wall drops the card without a reload; the friend's stays.
        projector.locator(".p-card", has_text="스팸 메모 하나").wait_for(
            state="detached", timeout=5_000
        )
        assert projector.locator(".p-card", has_text="A useful note").count() == 1

        # The removed phone is told why, without a reload of its own (its stream reloads it
        # into the page saying so), and offers no note form any more; a post from the old
        # form is refused (tests/test_workshop_limits.py).
        troll.get_by_text("The facilitator removed you from this workshop.").wait_for()
        assert troll.get_by_label("Your note", exact=True).count() == 0
        assert not [e for e in csp_errors if "Content Security Policy" in e]
        for page in (projector, panel, troll, friend):
            page.context.close()
