"""Server time of the insights page of the large map, against one editor page render.

    .venv/bin/python bench/insights.py [runs]

Builds the large map of the issues (12 stages, 8 lanes, 600 cards and touchpoints,
4 personas) in a throwaway test database, as bench/editor.py does (whose measuring it reuses),
and gives its workshop notes some votes; then prints the median time Django takes to answer
GET /journeys/<id>/insights/ and GET /journeys/<id>/ (the editor) in the same rounds, with
their query counts, and the insights page as a ratio to the editor page, which holds better
than milliseconds on a shared machine. Also the part of it spent computing the figures
(insights.figures.map_charts, from an already loaded map). Production settings (DEBUG off).
Goal: insights page < 300 ms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402

from bench.common import get, large_map_client, line, measure, run  # noqa: E402

GOAL_MS = 300


def main(runs=25):
    from insights.figures import map_charts
    from journeys.mapdata import load_map

    _user, journey, client = large_map_client()
    editor_url = f"/journeys/{journey.pk}/"
    insights_url = f"{editor_url}insights/"
    data = load_map(journey)

    insights_label, editor_label = f"GET {insights_url}", f"GET {editor_url}"
    steps = [
        (editor_label, get(client, editor_url)),
        (insights_label, get(client, insights_url)),
        ("figures (map_charts)", lambda: map_charts(data, editor_url, {})),
    ]
    medians, _wall, _cpu = measure(steps, runs)
    items = len(data.cards) + len(data.touchpoints)
    print(
        f"database: {connection.vendor}; map: {len(data.stages)} stages, {len(data.lanes)} "
        f"lanes, {items} cards and touchpoints; {runs} runs each"
    )
    editor = medians[editor_label]
    print(line(editor_label, *editor))
    print(line(insights_label, *medians[insights_label], goal=GOAL_MS, page=editor))
    print(line("figures (map_charts)", *medians["figures (map_charts)"], page=editor))


if __name__ == "__main__":
    run(main)
