"""Eight tabs of the app in one browser profile all load and stay live.

A browser keeps at most six HTTP/1.1 connections to a host: with an event stream per tab,
tabs past the sixth never finished loading. The tabs now share one stream (a SharedWorker,
static/js/live-worker.js; journeys.live.shared_events).
"""

import pytest
from django.urls import reverse

from tests.browser import follow, goto
from tests.live_support import live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABS = ["journeys:detail"] * 5 + ["journeys:present"] * 2 + ["workshops:panel"]


def test_eight_tabs_in_one_profile_all_stay_live(open_page, tmp_path, settings):
    with live_site(tmp_path, settings) as (server, data):
        first = open_page(1280, 900, session=data["sessionid"], url=server.url)
        tabs = [first] + [open_page(context=first.context) for _ in TABS[1:]]
        for tab, name in zip(tabs, TABS, strict=True):
            goto(tab, f"{server.url}{reverse(name, args=[data['journey']])}")
        for tab in tabs:
            tab.locator("[data-live-state]", has_text="Live").wait_for(timeout=15_000)
            tab.evaluate("window.__notReloaded = true")

        phone = open_page(390, 844, is_mobile=True, has_touch=True)
        goto(phone, f"{server.url}/w/{data['code']}/")
        phone.get_by_label("Your name").fill("민지")
        follow(phone, phone.get_by_role("button", name="Join"))
        phone.get_by_label("Your note", exact=True).fill("여덟 개의 탭")
        follow(phone, phone.get_by_role("button", name="Add to the map"))

        for tab, name in zip(tabs, TABS, strict=True):
            if name != "workshops:panel":  # (the panel lists people and pending notes)
                tab.get_by_text("여덟 개의 탭").first.wait_for(timeout=10_000)
            assert tab.evaluate("window.__notReloaded") is True

        # A tab that goes away leaves the others live.
        tabs[0].close()
        phone.get_by_label("Your note", exact=True).fill("일곱 개 남음")
        follow(phone, phone.get_by_role("button", name="Add to the map"))
        for tab in tabs[1:5]:
            tab.get_by_text("일곱 개 남음").first.wait_for(timeout=10_000)
