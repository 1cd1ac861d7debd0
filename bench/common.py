"""What the page benchmarks share: Django set up as served (bench/editor.py does that when
imported, and measures), the large map with a logged-in client, GET steps, and a run in a
throwaway test database.

    from bench.common import get, large_map_client, line, measure, run
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from bench.editor import line, measure  # noqa: E402, F401 - sets up Django as served


def large_map_client():
    """(user, the large map of the issues, a client logged in as its owner)."""
    from journeys.sample_maps import build_large_map

    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    journey = build_large_map(user)
    client = Client()
    client.force_login(user)
    return user, journey, client


def get(client, url, headers=None):
    """A step that GETs `url` and insists on a 200."""

    def fetch():
        response = client.get(url, secure=True, headers=headers or {})
        assert response.status_code == 200, (url, response.status_code)

    return fetch


def run(main):
    """Call main(runs) in a throwaway test database; runs from the command line (default 25)."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**settings.STORAGES, **static}):
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            main(runs)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
