"""Time the PDF export: a 5-stage example map and the 12-stage, 600-item map.

    python bench/pdf.py [--runs 5]

Each map is measured in its own child process (a fresh test database, as the tests use),
so the peak memory (max RSS) printed is that of one export process. Prints medians of the
wall-clock and CPU time of render_pdf. Goals: under 1 s, under 5 s, under 500 MB.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "retail-five-stages.ko.json"
GOALS = {"example": 1.0, "large": 5.0}
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
    finally:
        teardown_databases(old_config, verbosity=0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"walls": walls, "cpus": cpus, "bytes": size, "peak_mb": peak_mb}))


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
    ok = True
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
        ok = ok and good
        print(
            f"{label:24s} median {wall:5.2f} s wall, {cpu:5.2f} s CPU "
            f"(goal < {GOALS[which]:.0f} s) · peak {result['peak_mb']:4.0f} MB "
            f"(goal < {MEMORY_GOAL_MB} MB) · {result['bytes'] / 1024:.0f} KiB · "
            f"{'ok' if good else 'OVER GOAL'}"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
