import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def logged_in_page(browser, live_server, user, client):
    """A Chromium page logged in as `user` (session cookie from the test client)."""
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def map_changed(response):
    """The response tells the page the map changed (HX-Trigger, with the change ids)."""
    return "map-changed" in json.loads(response.get("HX-Trigger", "{}"))
