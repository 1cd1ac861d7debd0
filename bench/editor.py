"""Server time of the map editor: the large map's page and one inline card edit.

    .venv/bin/python bench/editor.py [runs]

Builds the large map of the issues (12 stages, 8 lanes, 600 cards and touchpoints,
4 personas) in a throwaway test database (in-memory SQLite, or a test_ copy of the
PostgreSQL database when DATABASE_URL names one), then prints the median time Django takes to
answer GET /journeys/<id>/ and an htmx card edit, and their SQL query counts. Production
settings (DEBUG off, cached templates); no network, no browser.
Goal on these machines: page < 100 ms, edit < 30 ms.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DEBUG"] = "0"  # cached template loader, as served
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ["SECURE_SSL_REDIRECT"] = "0"
# No setup_test_environment(): its instrumented template rendering would be measured too.
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(fn, runs):
    """Median wall ms, median CPU ms of this process, and the query count of `fn`.

    CPU time is given too because these machines are shared: wall time grows with other
    people's load, this process's CPU time much less.
    """
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), len(queries)


def main(runs=25):
    from journeys.models import Card
    from journeys.sample_maps import build_large_map

    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    journey = build_large_map(user)
    client = Client()
    client.force_login(user)
    page_url = f"/journeys/{journey.pk}/"

    def get_page():
        response = client.get(page_url, secure=True)
        assert response.status_code == 200, response.status_code

    card = Card.objects.filter(journey=journey).order_by("pk").first()
    edit_url = f"/journeys/{journey.pk}/cards/{card.pk}/edit/"
    state = {"version": card.version, "n": 0}

    def edit_card():
        state["n"] += 1
        response = client.post(
            edit_url,
            {"text": f"Edited {state['n']}", "version": state["version"]},
            secure=True,
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200, response.status_code
        state["version"] += 1

    items = Card.objects.filter(journey=journey).count() + journey.touchpoints.count()
    if os.environ.get("BENCH_PROFILE"):  # where the page's time goes
        import cProfile
        import pstats

        get_page()
        cProfile.runctx("get_page()", globals(), locals(), "/tmp/editor.prof")
        pstats.Stats("/tmp/editor.prof").sort_stats("tottime").print_stats(25)
    page_ms, page_cpu, page_queries = measure(get_page, runs)
    edit_ms, edit_cpu, edit_queries = measure(edit_card, runs)
    print(
        f"database: {connection.vendor}; map: {journey.stages.count()} stages, "
        f"{journey.lanes.count()} lanes, {items} cards and touchpoints; {runs} runs each; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    for label, ms, cpu, queries, goal in [
        (f"GET {page_url}", page_ms, page_cpu, page_queries, 100),
        ("POST card edit (htmx)", edit_ms, edit_cpu, edit_queries, 30),
    ]:
        print(
            f"{label:<24} median {ms:6.1f} ms (CPU {cpu:6.1f} ms)  {queries:2d} queries"
            f"  goal < {goal} ms"
        )


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, **static}):
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            main(runs)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
