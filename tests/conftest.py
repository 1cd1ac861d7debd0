"""Fixtures of the whole suite: users, a logged-in test client, the examples, and the browser.

Browser tests open pages through `open_page` (or `logged_in_page` / `open_map`), which close
them afterwards and keep a screenshot of each when the test fails; the page helpers they
share (waiting for htmx, cells, forms, accessibility checks) are in tests/browser.py.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The servers the tests start (in threads and processes) open the chart browser only when a
# PDF with insights asks for it, not each at its start (config/asgi.py).
os.environ.setdefault("CHART_BROWSER_AT_START", "0")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FAILURES = Path(os.environ.get("BROWSER_FAILURES", "/tmp/browser-failures"))
# BROWSER_LOCALE=ko-KR runs every browser test with a Korean browser (Accept-Language, the
# interface's language): the pages' checks (CSP, accessibility) then see the Korean pages.
BROWSER_LOCALE = os.environ.get("BROWSER_LOCALE")


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in Korean leaves Korean active in the thread (LocaleMiddleware activates it
    and nothing deactivates it): every test starts from the default language."""
    yield
    translation.deactivate()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("maria", "maria@example.com", "correct-horse-42")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("eve", "eve@example.com", "correct-horse-43")


@pytest.fixture
def auth_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def example_paths():
    paths = sorted(EXAMPLES.glob("*.json"))
    assert paths, f"no examples found in {EXAMPLES}"
    return paths


# --- the browser (tests/test_*_browser.py; page helpers in tests/browser.py) -----------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell at teardown that it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # as long as every page action waits (open_page)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, request):
    """Opens Chromium pages: `open_page(width=1440, height=900, session=None, url=None,
    context=None, **context_options)`. With `session` (a sessionid) and `url` (the site's
    address), the page is logged in; with `context`, it is another window of that page's
    context. Each page waits 10 s at most for anything. When the test fails, every page it
    opened is saved as a full-page screenshot in BROWSER_FAILURES (what the user saw)."""
    pages, contexts = [], []

    def open_(width=1440, height=900, session=None, url=None, context=None, **options):
        if context is None:
            if BROWSER_LOCALE:
                options.setdefault("locale", BROWSER_LOCALE)
            context = browser.new_context(viewport={"width": width, "height": height}, **options)
            contexts.append(context)
            if session:
                context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        pages.append(page)
        return page

    yield open_
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        for number, page in enumerate(pages, start=1):
            try:
                page.screenshot(path=FAILURES / f"{name}-{number}.png", full_page=True)
            except Exception:  # noqa: BLE001 - a closed page has nothing to show
                pass
    for context in contexts:
        context.close()


@pytest.fixture
def user_session(client, user):
    """The sessionid of `user`, logged in through the test client."""
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def logged_in_page(open_page, live_server, user_session):
    """A Chromium page logged in as `user`."""
    return open_page(session=user_session, url=live_server.url)


@pytest.fixture
def open_map(logged_in_page, live_server):
    """Opens a map in `logged_in_page`: `open_map(journey, view="journeys:detail", query="")`
    goes to that view of the map and returns the page once it is ready (tests.browser.goto)."""

    from tests.browser import goto

    def open_(journey, view="journeys:detail", query=""):
        return goto(logged_in_page, f"{live_server.url}{reverse(view, args=[journey.pk])}{query}")

    return open_


def map_changed(response):
    """The response tells the page the map changed (HX-Trigger, with the change ids)."""
    return "map-changed" in json.loads(response.get("HX-Trigger", "{}"))


# --- workspaces: a map shared with a member of every role (tests/test_workspaces.py, the matrix)


@pytest.fixture
def team(django_user_model, user):
    """`user` (maria) owns a map in her personal workspace, which has a member of each other
    role; `stranger` owns a workspace of her own only."""
    from types import SimpleNamespace

    from journeys.sample_maps import build_map
    from workspaces.models import Membership, Role, Workspace

    journey = build_map(user, stages=3, lanes=8, items=16, personas=2, title="Team map")
    members = {}
    for role in (Role.EDITOR, Role.COMMENTER, Role.VIEWER):
        member = django_user_model.objects.create_user(
            f"{role.value}-ann", f"{role.value}@example.com", "correct-horse-44"
        )
        Membership.objects.create(workspace=journey.workspace, user=member, role=role)
        members[role.value] = member
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "horse-45")
    Workspace.personal(stranger)
    return SimpleNamespace(
        journey=journey, workspace=journey.workspace, owner=user, stranger=stranger, **members
    )
