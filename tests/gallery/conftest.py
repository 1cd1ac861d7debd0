"""Shared setup of the gallery's tests: the worked examples read from a folder of the tests'
own (tests/gallery/industries: the demo map as a Korean and an English example), so the
gallery has examples whatever journeys/map_templates/industries holds."""

from pathlib import Path

import pytest

from journeys import catalog

FIXTURE_EXAMPLES = Path(__file__).resolve().parent / "industries"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of the test's own: previews cached by one test never reach another."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gallery",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def fixture_examples(monkeypatch):
    """The catalog reads its worked examples from tests/gallery/industries."""
    monkeypatch.setattr(catalog, "EXAMPLES_DIR", FIXTURE_EXAMPLES)
    return catalog.templates()


@pytest.fixture
def examples_in(monkeypatch):
    """`examples_in(folder)`: the catalog reads its worked examples from `folder`."""

    def use(folder):
        monkeypatch.setattr(catalog, "EXAMPLES_DIR", Path(folder))
        return catalog.templates()

    return use
