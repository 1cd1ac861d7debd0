"""Time the PDF export: a 5-stage example map and the 12-stage, 600-item map.

    python bench/pdf.py [--runs 5]

Each map is measured in its own child process (a fresh test database, as the tests use),
so the peak memory (max RSS) printed is that of one export process. Prints medians of the
wall-clock and CPU time of render_pdf. Goals: under 1 s, under 5 s, under 500 MB.
For the large map also the PDF without its overview page (the difference is what the overview
costs) and the poster (?paper=poster, one page), with their page counts.
Then the web export twice (journeys/pdf_export.py, a fresh cache): the first renders, the
second comes from the cache; prints both times and their ratio.
Then the PDF with its insights page (render_pdf(insights=True), insights/paper.py): the first
export of the process (Chromium starts, every chart is drawn), a first export with the browser
already running (charts drawn, none cached), and later exports (the charts' SVGs cached); each
against the PDF without insights. Goal: at most 1 s more than without.
A time past its goal is printed as OVER GOAL, not failed: these machines are shared and noisy.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "retail-five-stages.ko.json"
GOALS = {"example": 1.0, "large": 5.0}
INSIGHTS_GOAL_SECONDS = 1.0  # more than the PDF without insights
MEMORY_GOAL_MB = 500


def child(which, runs, paper):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    cache_dir = tempfile.TemporaryDirectory()
    try:
        from journeys.interchange import import_document
        from journeys.pdf import render_pdf
        from journeys.sample_maps import build_large_map

        owner = get_user_model().objects.create_user("bench")
        if which == "example":
            journey = import_document(json.loads(EXAMPLE.read_text(encoding="utf-8")), owner)
        else:
            journey = build_large_map(owner)
        walls, cpus, size = [], [], 0
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            size = len(render_pdf(journey, paper=paper))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        exports = timed_exports(journey, owner, cache_dir.name)
        insights = timed_insights(journey, paper, runs, cache_dir.name)
        extras = {}
        if which == "large":
            extras["no overview"] = timed(lambda: without_overview(journey, paper), runs)
            extras["poster"] = timed(lambda: render_pdf(journey, paper="poster"), runs)
    finally:
        teardown_databases(old_config, verbosity=0)
        cache_dir.cleanup()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "walls": walls,
        "cpus": cpus,
        "bytes": size,
        "peak_mb": peak_mb,
        "exports": exports,
        "insights": insights,
        "extras": extras,
    }
    print(json.dumps(result))


def timed(render, runs):
    """Median wall and CPU seconds of `render`, and the pages of the PDF it makes."""
    from pypdf import PdfReader

    walls, cpus, pdf = [], [], b""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "pages": pages}


def without_overview(journey, paper):
    """The PDF as render_pdf makes it, less the overview page: what the overview costs is the
    difference."""
    from django.template.loader import render_to_string
    from django.utils.translation import override
    from weasyprint import HTML

    from journeys.pdf import PDF_ORIGIN, StaticFilesOnlyFetcher, build_context, pdf_language

    with override(pdf_language(journey)):
        context = {**build_context(journey, paper), "overview": None}
        html = render_to_string("journeys/pdf/map.html", context)
    fetcher = StaticFilesOnlyFetcher()
    return HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=fetcher).write_pdf()


def timed_exports(journey, owner, cache_dir):
    """Seconds of two GETs of the map's export.pdf in a fresh file cache: uncached, cached."""
    from django.core.cache import caches
    from django.test import Client, override_settings
    from django.urls import reverse

    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    big_enough = {"PDF_MAX_UNITS": 10**9}  # the bench measures the render, not the limit
    with override_settings(CACHES={"default": {**cache, "LOCATION": cache_dir}}, **big_enough):
        caches.close_all()
        client = Client()
        client.force_login(owner)
        url = reverse("journeys:export_pdf", args=[journey.pk])
        times = []
        for expected in ("miss", "hit"):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response["X-PDF-Cache"] == expected, response.status_code
    return times


def timed_insights(journey, paper, runs, cache_dir):
    """render_pdf with the insights page: first in the process (the browser starts), then with
    the browser running but no chart cached ("drawn"), then the median of later runs (charts
    cached), and the median without insights in the same rounds; wall seconds, and this
    process's CPU seconds for the cached and the plain PDF (Chromium's drawing is in another
    process: "kaleido" is the wall time of drawing all the charts in the kept browser)."""
    from django.core.cache import caches
    from django.test import override_settings

    from insights import static_export
    from insights.paper import insight_charts
    from journeys.mapdata import load_map
    from journeys.pdf import font_family, render_pdf

    def seconds(**options):
        wall, cpu = time.perf_counter(), time.process_time()
        render_pdf(journey, paper=paper, **options)
        return time.perf_counter() - wall, time.process_time() - cpu

    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    with override_settings(CACHES={"default": {**cache, "LOCATION": cache_dir + "/svg"}}):
        caches.close_all()
        first = seconds(insights=True)[0]
        caches["default"].clear()
        drawn = seconds(insights=True)[0]  # the browser kept, every chart drawn again
        later, without, kaleido = [], [], []
        data = load_map(journey)
        for _ in range(runs):
            without.append(seconds())
            later.append(seconds(insights=True))
            caches["default"].clear()
            start = time.perf_counter()
            insight_charts(data, font_family(journey.locale), 1400, 2)
            kaleido.append(time.perf_counter() - start)
        static_export.renderer.stop()
    return {
        "first": first,
        "drawn": drawn,
        "later": statistics.median(w for w, _c in later),
        "without": statistics.median(w for w, _c in without),
        "later_cpu": statistics.median(c for _w, c in later),
        "without_cpu": statistics.median(c for _w, c in without),
        "kaleido": statistics.median(kaleido),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paper", default="a3")
    parser.add_argument("--child", choices=["example", "large"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs, args.paper)
        return
    print(f"PDF export, paper {args.paper}, {args.runs} runs each (load: {os.getloadavg()[0]:.1f})")
    for which, label in [("example", "5-stage example (ko)"), ("large", "12 stages, 600 items")]:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                which,
                "--runs",
                str(args.runs),
                "--paper",
                args.paper,
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        wall = statistics.median(result["walls"])
        cpu = statistics.median(result["cpus"])
        good = wall < GOALS[which] and result["peak_mb"] < MEMORY_GOAL_MB
        print(
            f"{label:24s} median {wall:5.2f} s wall, {cpu:5.2f} s CPU "
            f"(goal < {GOALS[which]:.0f} s) · peak {result['peak_mb']:4.0f} MB "
            f"(goal < {MEMORY_GOAL_MB} MB) · {result['bytes'] / 1024:.0f} KiB · "
            f"{'ok' if good else 'OVER GOAL'}"
        )
        for name, figure in result.get("extras", {}).items():
            print(
                f"{'':24s} {name:8s} median {figure['wall']:5.2f} s wall, "
                f"{figure['cpu']:5.2f} s CPU · {figure['pages']} page(s)"
            )
        uncached, cached = result["exports"]
        print(
            f"{'':24s} export.pdf uncached {uncached:5.2f} s, cached {cached * 1000:5.1f} ms: "
            f"cached/uncached {cached / uncached:.4f} ({uncached / cached:,.0f}× faster)"
        )
        ins = result["insights"]
        base = ins["without"]
        parts = [
            f"{name} {ins[key]:5.2f} s (+{ins[key] - base:4.2f} s, ×{ins[key] / base:4.2f})"
            for name, key in [("first", "first"), ("drawn", "drawn"), ("later", "later")]
        ]
        good = ins["drawn"] - base <= INSIGHTS_GOAL_SECONDS
        print(
            f"{'':24s} with insights: without {base:5.2f} s; "
            + "; ".join(parts)
            + f" (goal: drawn ≤ +{INSIGHTS_GOAL_SECONDS:.0f} s) · {'ok' if good else 'OVER GOAL'}"
        )
        print(
            f"{'':24s} CPU without {ins['without_cpu']:4.2f} s, with cached charts "
            f"{ins['later_cpu']:4.2f} s (+{ins['later_cpu'] - ins['without_cpu']:4.2f} s); "
            f"drawing all charts in the kept browser {ins['kaleido']:4.2f} s wall"
        )


if __name__ == "__main__":
    main()
