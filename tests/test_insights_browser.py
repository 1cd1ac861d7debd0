"""The insights page in Chromium: plotly.js (served from the plotly package) draws every chart
under the app's strict Content-Security-Policy without a console error or a violation report,
a click on a heatmap cell lists that cell's touchpoints, a click on a point opens it on the map,
and axe-core finds no WCAG 2.1 AA violation."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document
from journeys.sample_maps import build_map
from tests.browser import ready
from tests.test_accessibility_browser import check_page  # noqa: F401 - a fixture
from tests.test_csp_browser import assert_no_violations, watched
from touchpoints.models import Metric
from touchpoints.services import record_readings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def insights_url(live_server, journey):
    return f"{live_server.url}{reverse('insights:map', args=[journey.pk])}"


def open_insights(page, live_server, journey):
    """The map's insights page, once ready. plotly.js is 4.8 MB of script: on a busy machine
    Chromium takes longer than the usual 10 s to parse it, so the page gets a minute."""
    response = page.goto(insights_url(live_server, journey), timeout=60_000)
    ready(page)
    return response


def drawn(page):
    """Wait until every chart of the page is drawn (insights.js marks each data-drawn)."""
    charts = page.locator("[data-chart]").count()
    expect(page.locator("[data-chart][data-drawn]")).to_have_count(charts, timeout=30_000)


def test_the_charts_draw_without_errors_and_a_heatmap_cell_lists_its_touchpoints(
    logged_in_page, live_server, user
):
    page = watched(logged_in_page)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    journey = build_map(user, stages=5, lanes=8, items=40, personas=2, title="Insights map")
    metric = Metric.objects.filter(touchpoint__journey=journey).first()
    record_readings(metric, [("2026-09-01", 21), ("2026-10-01", 26)], "maria")
    response = open_insights(page, live_server, journey)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    assert page.locator("[data-chart]").count() == 7  # six of the map, one metric's trend
    drawn(page)
    # plotly.js found the page's empty, nonced <style> and filled it through the CSSOM.
    rules = page.evaluate("document.getElementById('plotly.js-style-global').sheet.cssRules.length")
    assert rules > 10
    assert page.locator("#chart-flow .sankey-node").count() > 0
    assert_no_violations(page)
    assert errors == []

    # The heatmap: rows are channels in map order (website first), columns stages; cell (0, 0)
    # holds the website touchpoints of stage 1.
    expected = sorted(
        journey.touchpoints.filter(channel="website", stage__position=0).values_list(
            "title", flat=True
        )
    )
    rows = len(set(journey.touchpoints.values_list("channel", flat=True)))
    page.locator("#chart-channels").scroll_into_view_if_needed()
    plot = page.locator("#chart-channels .nsewdrag").first.bounding_box()
    page.mouse.click(plot["x"] + plot["width"] / 5 / 2, plot["y"] + plot["height"] / rows / 2)
    box = page.locator("#cell-touchpoints")
    expect(box.get_by_role("heading")).to_have_text("Touchpoints in Website · Stage 1")
    assert sorted(box.get_by_role("link").all_inner_texts()) == expected
    assert_no_violations(page)
    assert errors == []

    # A link in the list opens the touchpoint on the map.
    first = box.get_by_role("link").first
    pk = journey.touchpoints.get(title=first.inner_text()).pk
    first.click()
    page.wait_for_url(f"**{journey.get_absolute_url()}#touchpoint-{pk}")
    expect(page.locator(f"#touchpoint-{pk}")).to_be_visible()
    expect(page.locator(f"#touchpoint-{pk}")).to_have_css("outline-style", "solid")  # :target


def test_a_click_on_a_lowest_moment_opens_it_on_the_map(logged_in_page, live_server, user):
    journey = build_map(user, stages=3, lanes=4, items=12, personas=1, title="Low map")
    page = logged_in_page
    open_insights(page, live_server, journey)
    drawn(page)
    lowest = journey.touchpoints.order_by("emotion", "stage__position", "position").first()
    marker = page.locator("#chart-emotion .scatterlayer .trace").last.locator(".point").first
    marker.click(force=True)
    page.wait_for_url(f"**#touchpoint-{lowest.pk}")


def test_the_insights_page_of_the_demo_map_is_accessible(
    open_page,
    live_server,
    user,
    user_session,
    check_page,  # noqa: F811
):
    demo = import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)
    metric = Metric.objects.filter(touchpoint__journey=demo).first()
    record_readings(metric, [("2026-09-01", 1.2), ("2026-10-01", 1.5)], "maria")
    page = open_page(session=user_session, url=live_server.url, bypass_csp=True)
    open_insights(page, live_server, demo)
    drawn(page)
    check_page(page)


def test_the_page_across_maps_draws_without_violations_and_is_accessible(
    open_page,
    logged_in_page,
    live_server,
    user,
    user_session,
    check_page,  # noqa: F811
):
    import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)
    build_map(user, stages=4, lanes=8, items=30, personas=2, title="Second map")
    page = watched(logged_in_page)
    url = f"{live_server.url}{reverse('insights:across')}"
    page.goto(url, timeout=60_000)
    ready(page)
    drawn(page)
    assert page.locator("[data-chart]").count() == 4
    assert_no_violations(page)
    # A bar of the lowest-moment chart opens that moment on its map.
    page.locator("#chart-lowest-across .bars .point path").first.click(force=True)
    page.wait_for_url("**#touchpoint-*")

    checked = open_page(session=user_session, url=live_server.url, bypass_csp=True)
    checked.goto(url, timeout=60_000)
    ready(checked)
    drawn(checked)
    check_page(checked)
