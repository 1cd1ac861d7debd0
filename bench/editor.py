"""Server time of the map editor: the large map's page and what one inline card edit costs.

    .venv/bin/python bench/editor.py [runs]

Builds the large map of the issues (12 stages, 8 lanes, 600 cards and touchpoints,
4 personas) in a throwaway test database (in-memory SQLite, or a test_ copy of the
PostgreSQL database when DATABASE_URL names one), then prints the median time Django takes to
answer GET /journeys/<id>/, to open a card's inline form, to save it (htmx POST), and to answer
each request the browser makes after the save (FOLLOW_UPS), with their SQL query counts; the
sum of those is the follow-up cost after an edit. Each round runs them in that order, and
every figure is also given as a ratio to the page measured in the same rounds, which holds
better than milliseconds on a shared machine. Production settings (DEBUG off, cached
templates); no network, no browser. BENCH_PROFILE=curve (any label's part) profiles a step.
Goal on these machines: page < 100 ms, edit < 30 ms, follow-up cost < 15 ms.
"""

import gc
import json
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

# What the browser sends after one inline card edit is saved, read from the front end:
# - the emotion curve (_curve.html: hx-get="curve/", hx-trigger="map-changed from:body") is
#   fetched again by htmx, because the edit answers with `HX-Trigger: map-changed`;
# - the live view (static/js/live.js, _live.html) gets the user's own change as an SSE event
#   and fetches the whole grid (data-live-url, only the HX-Request header).
# Without a persona filter; with one, both carry it too. Checked in Chromium against uvicorn.
FOLLOW_UPS = [
    ("curve/", {"HX-Request": "true", "HX-Trigger": "curve", "HX-Target": "curve"}),
    ("grid/", {"HX-Request": "true"}),
]
FOLLOW_UP_GOAL_MS = 15


def measure(steps, runs):
    """Per step: median wall ms, median CPU ms of this process, and its query count.

    `steps` is a list of (label, fn), run in order in each round, so an edit is followed by
    the requests it causes and the page is measured under the same load as the rest (the
    ratios against it hold on a busy machine). CPU time is given too because these machines
    are shared: wall time grows with other people's load, this process's CPU time much less.
    Also returns the per-round wall and CPU times, for totals over several steps.
    """
    for _ in range(3):
        for _, fn in steps:
            fn()
    wall = {label: [] for label, _ in steps}
    cpu = {label: [] for label, _ in steps}
    queries = {}
    for _ in range(runs):
        for label, fn in steps:
            gc.collect()  # each step pays for its own garbage, not for the step before it
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                fn()
                wall[label].append((time.perf_counter() - start) * 1000)
                cpu[label].append((time.process_time() - start_cpu) * 1000)
            queries[label] = len(captured)
    medians = {
        label: (statistics.median(wall[label]), statistics.median(cpu[label]), queries[label])
        for label, _ in steps
    }
    return medians, wall, cpu


def total(labels, medians, wall, cpu):
    """Median over the rounds of the summed wall and CPU times of `labels`, and their queries."""
    rounds = range(len(wall[labels[0]]))
    return (
        statistics.median(sum(wall[label][n] for label in labels) for n in rounds),
        statistics.median(sum(cpu[label][n] for label in labels) for n in rounds),
        sum(medians[label][2] for label in labels),
    )


def line(label, ms, cpu, queries, goal=None, page=None):
    text = f"{label:<24} median {ms:6.1f} ms (CPU {cpu:6.1f} ms)  {queries:2d} queries"
    if page:
        text += f"  {ms / page[0]:4.2f}x page (CPU {cpu / page[1]:4.2f}x)"
    if goal:
        text += f"  goal < {goal} ms"
    return text


def main(runs=25):
    from journeys.models import Card
    from journeys.sample_maps import build_large_map

    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    journey = build_large_map(user)
    client = Client()
    client.force_login(user)
    page_url = f"/journeys/{journey.pk}/"
    htmx = {"HX-Request": "true", "HX-Current-URL": f"https://testserver{page_url}"}

    def get(url, headers):
        def fetch():
            response = client.get(url, secure=True, headers=headers)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    card = Card.objects.filter(journey=journey).order_by("pk").first()
    edit_url = f"{page_url}cards/{card.pk}/edit/"
    state = {"version": card.version, "n": 0}

    def edit_card():
        state["n"] += 1
        response = client.post(
            edit_url,
            {"text": f"Edited {state['n']}", "version": state["version"], "persona": ""},
            secure=True,
            headers={**htmx, "HX-Target": f"card-{card.pk}"},
        )
        assert response.status_code == 200, response.status_code
        trigger = json.loads(response.headers.get("HX-Trigger") or "{}")
        assert "map-changed" in trigger, "the curve would not redraw"
        state["version"] += 1

    page_label, edit_label = f"GET {page_url}", "POST card edit (htmx)"
    follow_ups = [
        (f"GET {page_url}{path}", get(f"{page_url}{path}", {**htmx, **headers}))
        for path, headers in FOLLOW_UPS
    ]
    steps = [
        (page_label, get(page_url, {})),
        # Opening the inline form, before the edit (not part of the follow-up cost).
        ("GET card form (htmx)", get(edit_url, {**htmx, "HX-Target": f"card-{card.pk}"})),
        (edit_label, edit_card),
        *follow_ups,
    ]

    items = Card.objects.filter(journey=journey).count() + journey.touchpoints.count()
    profile = os.environ.get("BENCH_PROFILE")  # where a step's time goes: a label's start, or 1
    if profile:
        import cProfile
        import pstats

        fn = next((fn for label, fn in steps if profile in label), steps[0][1])
        fn()
        cProfile.runctx("fn()", globals(), locals(), "/tmp/editor.prof")
        pstats.Stats("/tmp/editor.prof").sort_stats("tottime").print_stats(25)
    medians, wall, cpu = measure(steps, runs)
    page = medians[page_label]
    print(
        f"database: {connection.vendor}; map: {journey.stages.count()} stages, "
        f"{journey.lanes.count()} lanes, {items} cards and touchpoints; {runs} runs each; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(line(page_label, *page, goal=100))
    print(line("GET card form (htmx)", *medians["GET card form (htmx)"], page=page))
    print(line(edit_label, *medians[edit_label], goal=30, page=page))
    print("after the edit, the browser fetches (curve on HX-Trigger, grid on the live event):")
    for label, _ in follow_ups:
        print(line(label, *medians[label], page=page))
    cost = total([label for label, _ in follow_ups], medians, wall, cpu)
    print(line("follow-up cost (sum)", *cost, goal=FOLLOW_UP_GOAL_MS, page=page))


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, **static}):
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            main(runs)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
