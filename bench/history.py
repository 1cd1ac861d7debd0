"""Server time of the history page and of compare on the large map, against one editor page.

    .venv/bin/python bench/history.py [runs]

Builds the large map of the issues (12 stages, 8 lanes, 600 cards and touchpoints, 4
personas; bench/common.py) in a throwaway test database, saves a named version, makes 100
real edits, moves and deletes through the services, then fills the log to CHANGES changes
(card edits by four people, with their rows before and after, written in bulk) and saves a
version every thousand. Prints the median time Django takes to answer the history page (first
page, and filtered by a stage with htmx), compare of the first version with the map now, and
compare of the map with its future-state duplicate, with their query counts, each also as a
ratio to the editor page (GET /journeys/<id>/) measured in the same rounds. Production
settings (DEBUG off). Goal: each under 200 ms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402

from bench.common import get, large_map_client, line, measure, run  # noqa: E402

CHANGES = 5000
GOAL_MS = 200
PEOPLE = ["maria", "minji", "joon", "eve"]


def fill_history(journey, user):
    """100 real changes through the services, then bulk card edits up to CHANGES."""
    from history import services as history
    from journeys import services, snapshots
    from journeys.models import Card, Change

    first = history.save_version(journey, "Before the bench", "", user)
    cards = list(Card.objects.filter(journey=journey).order_by("pk"))
    stage_ids = list(journey.stages.values_list("pk", flat=True))
    for n, card in enumerate(cards[:100]):
        who = PEOPLE[n // 10 % len(PEOPLE)]
        if n % 10 == 9:
            services.delete(card, who)
        elif n % 3 == 0:
            services.nudge(card, "right", stage_ids, who)
        else:
            card.text = f"{card.text} (edited)"
            services.update(card, card.version, ["text"], who)
    rows = snapshots.snapshot({Card: [c.pk for c in cards[100:]]})
    keys = list(rows)
    bulk = []
    count = Change.objects.filter(journey=journey).count()
    for n in range(CHANGES - count):
        key = keys[n % len(keys)]
        before = rows[key]
        after = {**before, "text": f"{before['text']} v{n}"}
        bulk.append(
            Change(
                journey=journey,
                action="card.saved",
                target=key,
                actor=PEOPLE[n // 25 % len(PEOPLE)],
                before={key: before},
                after={key: after},
                stage_id=before["stage_id"],
                lane_id=before["lane_id"],
            )
        )
        if len(bulk) == 1000:
            Change.objects.bulk_create(bulk)
            bulk = []
            history.save_version(journey, f"After {n + 1} more changes", "", user)
    Change.objects.bulk_create(bulk)
    return first


def main(runs=25):
    from history import services as history
    from journeys.models import Card, Change

    user, journey, client = large_map_client()
    first = fill_history(journey, user)
    future = history.duplicate_as_future_state(journey, user)
    editor_url = f"/journeys/{journey.pk}/"
    history_url = f"{editor_url}history/"
    stage = journey.stages.order_by("position").first()
    htmx = {"HX-Request": "true"}
    steps = [
        (f"GET {editor_url}", get(client, editor_url)),
        ("GET history/", get(client, history_url)),
        ("GET history/?stage= (htmx)", get(client, f"{history_url}?stage={stage.pk}", htmx)),
        ("GET compare/ version-now", get(client, f"{editor_url}compare/?a=v{first.pk}&b=now")),
        ("GET compare/ as-is/to-be", get(client, f"/journeys/{future.pk}/compare/")),
    ]
    medians, _wall, _cpu = measure(steps, runs)
    items = Card.objects.filter(journey=journey).count() + journey.touchpoints.count()
    print(
        f"database: {connection.vendor}; map: {journey.stages.count()} stages, "
        f"{items} cards and touchpoints, {Change.objects.filter(journey=journey).count()} "
        f"changes, {journey.named_versions.count()} named versions; {runs} runs each"
    )
    editor = medians[steps[0][0]]
    print(line(steps[0][0], *editor))
    for label, _ in steps[1:]:
        print(line(label, *medians[label], goal=GOAL_MS, page=editor))
        if medians[label][0] > GOAL_MS:
            print(f"  OVER GOAL: {label}")


if __name__ == "__main__":
    run(main)
